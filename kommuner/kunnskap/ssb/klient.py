"""Statistics Norway's PxWebApi v2: the HTTP client and a small JSON-stat 2.0 parser.

No database here: ``hent`` returns the cells of one table as plain data, and the
services (``ssb.services``) decide what to store. Everything that can go wrong on
SSB's side (a timeout, HTTP 500, 429/503 beyond our patience, malformed JSON, an empty
dataset, a table whose dimensions changed) is raised as ``SsbFeil`` with a Norwegian
message that the run records.

SSB's limits (https://www.ssb.no/api/): at most 800 000 cells per request and 30
requests per minute per address. The client spaces its requests to stay under the
rate, honours ``Retry-After`` on 429 and 503, and splits the regions over several
requests when one would exceed the cell limit. Other Nordic statistics offices run the
same API, so the base URL is a setting (``SSB_API_URL``)."""

from __future__ import annotations

import json
import math
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from email.utils import parsedate_to_datetime

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

REGION = "Region"
TID = "Tid"
INNHOLD = "ContentsCode"

# SSB's standard symbols for an empty cell (https://www.ssb.no/en/help/symbols).
STATUSTEKST = {
    ".": gettext_noop("Tall kan ikke forekomme"),
    "..": gettext_noop("Tall finnes ikke"),
    "...": gettext_noop("Tall finnes ennå ikke"),
    ":": gettext_noop("Vises ikke av konfidensialitetshensyn"),
}


def status_grunn(symbol: str | None) -> str:
    """The reason stored for an empty cell: SSB's symbol and what it means."""
    symbol = (symbol or "").strip()
    if not symbol:
        return _("Ikke tilgjengelig (SSB oppga ingen grunn)")
    tekst = STATUSTEKST.get(symbol)
    if tekst is None:
        return _("Ikke tilgjengelig (SSB-symbol «%(s)s»)") % {"s": symbol[:20]}
    return f"{_(tekst)} ({symbol})"


class SsbFeil(Exception):
    """A problem with SSB's answer or reaching it; the message is for the admin."""


# ---------------------------------------------------------------- JSON-stat 2.0


@dataclass(frozen=True)
class Dimensjon:
    id: str
    koder: list[str]  # in index order
    etiketter: dict[str, str]


@dataclass(frozen=True)
class Celle:
    koder: dict[str, str]  # dimension id -> category code
    verdi: Decimal | None
    status: str | None


@dataclass
class Datasett:
    dimensjoner: list[Dimensjon]
    celler: list[Celle] = field(default_factory=list)

    def dimensjon(self, id: str) -> Dimensjon | None:
        return next((d for d in self.dimensjoner if d.id == id), None)


def _koder(id: str, dim: dict) -> Dimensjon:
    kategori = dim.get("category") if isinstance(dim, dict) else None
    if not isinstance(kategori, dict):
        raise SsbFeil(_("Dimensjonen %(d)s mangler kategorier.") % {"d": id})
    indeks = kategori.get("index")
    etiketter = kategori.get("label") or {}
    if isinstance(indeks, list):
        koder = [str(k) for k in indeks]
    elif isinstance(indeks, dict):
        if sorted(indeks.values()) != list(range(len(indeks))):
            raise SsbFeil(_("Dimensjonen %(d)s har en ugyldig indeks.") % {"d": id})
        koder = [str(k) for k, _i in sorted(indeks.items(), key=lambda kv: kv[1])]
    elif indeks is None and isinstance(etiketter, dict) and len(etiketter) == 1:
        koder = [str(next(iter(etiketter)))]  # the format allows a lone label
    else:
        raise SsbFeil(_("Dimensjonen %(d)s har en ugyldig indeks.") % {"d": id})
    if not isinstance(etiketter, dict):
        etiketter = {}
    return Dimensjon(id=id, koder=koder, etiketter={str(k): str(v) for k, v in etiketter.items()})


def _per_indeks(felt, antall: int, navn: str) -> dict[int, object]:
    """``value``/``status`` may be an array, an object keyed by index, or (status) a
    single string for every cell."""
    if felt is None:
        return {}
    if isinstance(felt, list):
        if navn == "value" and len(felt) != antall:
            raise SsbFeil(
                _("Datasettet har %(n)s verdier, men dimensjonene gir %(m)s celler.")
                % {"n": len(felt), "m": antall}
            )
        return dict(enumerate(felt))
    if isinstance(felt, dict):
        try:
            ut = {int(k): v for k, v in felt.items()}
        except ValueError:
            raise SsbFeil(_("Datasettets %(f)s har ugyldige nøkler.") % {"f": navn}) from None
        if any(not 0 <= k < antall for k in ut):
            raise SsbFeil(_("Datasettets %(f)s peker utenfor tabellen.") % {"f": navn})
        return ut
    if isinstance(felt, str) and navn == "status":
        return dict.fromkeys(range(antall), felt)
    raise SsbFeil(_("Datasettets %(f)s har ugyldig form.") % {"f": navn})


def _tall(verdi) -> Decimal | None:
    if verdi is None:
        return None
    if isinstance(verdi, bool) or not isinstance(verdi, int | float):
        raise SsbFeil(_("Datasettet har en verdi som ikke er et tall: %(v)r") % {"v": verdi})
    try:
        tall = Decimal(str(verdi))
    except InvalidOperation:
        raise SsbFeil(
            _("Datasettet har en verdi som ikke er et tall: %(v)r") % {"v": verdi}
        ) from None
    if not tall.is_finite():
        raise SsbFeil(_("Datasettet har en verdi som ikke er et tall: %(v)r") % {"v": verdi})
    return tall


def parse_jsonstat(data: bytes | str) -> Datasett:
    """Parse a JSON-stat 2.0 dataset (``class: dataset``) into its cells. Row-major:
    the last dimension in ``id`` varies fastest."""
    try:
        doc = json.loads(data)
    except (ValueError, UnicodeDecodeError):
        raise SsbFeil(_("Svaret fra SSB er ikke gyldig JSON.")) from None
    if not isinstance(doc, dict) or doc.get("class") != "dataset":
        raise SsbFeil(_("Svaret fra SSB er ikke et JSON-stat-datasett."))
    ids, storrelser, dims = doc.get("id"), doc.get("size"), doc.get("dimension")
    if (
        not isinstance(ids, list)
        or not isinstance(storrelser, list)
        or not isinstance(dims, dict)
        or len(ids) != len(storrelser)
        or not all(isinstance(s, int) and s >= 0 for s in storrelser)
    ):
        raise SsbFeil(_("Datasettet mangler id, size eller dimension."))
    dimensjoner = []
    for id, storrelse in zip(ids, storrelser, strict=True):
        if id not in dims:
            raise SsbFeil(_("Dimensjonen %(d)s er ikke beskrevet.") % {"d": id})
        dim = _koder(str(id), dims[id])
        if len(dim.koder) != storrelse:
            raise SsbFeil(
                _("Dimensjonen %(d)s har %(n)s kategorier, men size sier %(m)s.")
                % {"d": id, "n": len(dim.koder), "m": storrelse}
            )
        dimensjoner.append(dim)
    antall = math.prod(storrelser) if storrelser else 0
    verdier = _per_indeks(doc.get("value"), antall, "value")
    statuser = _per_indeks(doc.get("status"), antall, "status")
    datasett = Datasett(dimensjoner=dimensjoner)
    for n in range(antall):
        koder, rest = {}, n
        for dim in reversed(dimensjoner):
            rest, i = divmod(rest, len(dim.koder))
            koder[dim.id] = dim.koder[i]
        status = statuser.get(n)
        datasett.celler.append(
            Celle(
                koder=koder,
                verdi=_tall(verdier.get(n)),
                status=str(status) if status is not None else None,
            )
        )
    return datasett


# ---------------------------------------------------------------- periods

_AAR = re.compile(r"^(\d{4})$")
_HALVAAR = re.compile(r"^(\d{4})H([12])$")
_FLERAAR = re.compile(r"^(\d{4})-(\d{4})$")
_KVARTAL = re.compile(r"^(\d{4})K([1-4])$")

# A quarter that ends no half-year (K1, K3): read, not stored.
IKKE_LAGRET = ""


def periode_fra_ssb(kode: str, periodetype: str) -> str | None:
    """SSB's time code as the portal's period: '2024' (year), '2024H1' → '2024-H1'
    (half-year). A multi-year average ('2021-2023', as in the low-income tables) is
    the year it ends. A quarter is stored as the half-year it ends, the figure at the
    end of the half-year: '2024K2' → '2024-H1', '2024K4' → '2024-H2'; '2024K1' and
    '2024K3' give ``IKKE_LAGRET`` (the portal's periods are years and half-years).
    None when the code does not fit the granularity."""
    if periodetype == "halvaar":
        m = _HALVAAR.match(kode)
        return f"{m.group(1)}-H{m.group(2)}" if m else None
    if periodetype == "kvartal":
        m = _KVARTAL.match(kode)
        if not m:
            return None
        kvartal = int(m.group(2))
        return f"{m.group(1)}-H{kvartal // 2}" if kvartal % 2 == 0 else IKKE_LAGRET
    m = _AAR.match(kode) or _FLERAAR.match(kode)
    if not m:
        return None
    return m.group(m.lastindex)


# ---------------------------------------------------------------- HTTP client


@dataclass
class Foresporsel:
    """One request: the table, the fixed selections and a chunk of regions."""

    tabell: str
    innhold: str
    faste: dict[str, str]
    regioner: list[str]
    perioder: str  # "top(5)" or "from(2015)"


class SsbKlient:
    """Talks to PxWebApi v2. ``sov`` and ``klokke`` are the sleep and monotonic
    clock (tests pass their own so that waiting is recorded, not waited)."""

    def __init__(
        self,
        *,
        base_url: str | None = None,
        per_minutt: int | None = None,
        maks_celler: int | None = None,
        timeout: float | None = None,
        maks_forsok: int | None = None,
        maks_venting: float | None = None,
        sov: Callable[[float], None] = time.sleep,
        klokke: Callable[[], float] = time.monotonic,
    ):
        self.base_url = (base_url or settings.SSB_API_URL).rstrip("/")
        if urllib.parse.urlsplit(self.base_url).scheme not in ("http", "https"):
            raise SsbFeil(_("Adressen til SSBs API må begynne med http:// eller https://."))
        self.intervall = 60.0 / (per_minutt or settings.SSB_FORESPORSLER_PER_MINUTT)
        self.maks_celler = maks_celler or settings.SSB_MAKS_CELLER
        self.timeout = timeout or settings.SSB_TIMEOUT
        self.maks_forsok = maks_forsok or settings.SSB_MAKS_FORSOK
        self.maks_venting = settings.SSB_MAKS_VENTING if maks_venting is None else maks_venting
        self.sov = sov
        self.klokke = klokke
        self._forrige: float | None = None
        self.antall_foresporsler = 0

    # -- planning

    def del_opp(
        self,
        *,
        tabell: str,
        innhold: str,
        faste: dict[str, str],
        regioner: list[str],
        perioder: int,
    ) -> list[Foresporsel]:
        """The requests for ``regioner`` × the last ``perioder`` periods, as few as the
        cell limit allows (the fixed dimensions and the contents code are one value
        each, so a request's cells are regions × periods)."""
        if perioder > self.maks_celler:
            raise SsbFeil(_("Én region gir flere celler enn SSB tillater i én forespørsel."))
        per_foresporsel = max(1, self.maks_celler // perioder)
        regioner = sorted(set(regioner))
        return [
            Foresporsel(
                tabell=tabell,
                innhold=innhold,
                faste=dict(faste),
                regioner=regioner[i : i + per_foresporsel],
                perioder=f"top({perioder})",
            )
            for i in range(0, len(regioner), per_foresporsel)
        ]

    def url(self, f: Foresporsel) -> str:
        params = [
            ("lang", "no"),
            ("outputFormat", "json-stat2"),
            (f"valueCodes[{INNHOLD}]", f.innhold),
            (f"valueCodes[{TID}]", f.perioder),
            (f"valueCodes[{REGION}]", ",".join(f.regioner)),
            *((f"valueCodes[{k}]", v) for k, v in sorted(f.faste.items())),
        ]
        query = urllib.parse.urlencode(params, safe="[](),*")
        return f"{self.base_url}/tables/{urllib.parse.quote(f.tabell)}/data?{query}"

    # -- sending

    def _vent_paa_tur(self) -> None:
        if self._forrige is not None:
            igjen = self._forrige + self.intervall - self.klokke()
            if igjen > 0:
                self.sov(igjen)
        self._forrige = self.klokke()

    def _retry_after(self, verdi: str | None, forsok: int) -> float:
        if verdi:
            verdi = verdi.strip()
            if verdi.isdigit():
                return float(verdi)
            try:
                naar = parsedate_to_datetime(verdi)
                return max(0.0, (naar - timezone.now()).total_seconds())
            except (TypeError, ValueError):
                pass
        return min(60.0, 2.0 * 2**forsok)

    def get(self, url: str) -> bytes:
        """GET with throttling and backoff; the body of a 200 answer."""
        for forsok in range(self.maks_forsok):
            self._vent_paa_tur()
            self.antall_foresporsler += 1
            # The scheme is http(s), checked in __init__.
            request = urllib.request.Request(url, headers={"Accept": "application/json"})  # noqa: S310
            try:
                with urllib.request.urlopen(request, timeout=self.timeout) as svar:  # noqa: S310
                    return svar.read()
            except urllib.error.HTTPError as exc:
                if exc.code in (429, 503):
                    vent = self._retry_after(exc.headers.get("Retry-After"), forsok)
                    if vent > self.maks_venting:
                        raise SsbFeil(
                            _(
                                "SSB ba oss vente %(s)s sekunder (HTTP %(k)s); "
                                "prøver igjen neste gang."
                            )
                            % {"s": int(vent), "k": exc.code}
                        ) from None
                    if forsok + 1 < self.maks_forsok:
                        self.sov(vent)
                        continue
                    raise SsbFeil(
                        _("SSB svarte HTTP %(k)s %(n)s ganger på rad; prøver igjen neste gang.")
                        % {"k": exc.code, "n": self.maks_forsok}
                    ) from None
                tekst = exc.read(500).decode("utf-8", "replace").strip()
                raise SsbFeil(
                    _("SSB svarte HTTP %(k)s: %(t)s") % {"k": exc.code, "t": tekst or exc.reason}
                ) from None
            except TimeoutError:
                raise SsbFeil(
                    _("SSB svarte ikke innen %(s)s sekunder.") % {"s": int(self.timeout)}
                ) from None
            except urllib.error.URLError as exc:
                if isinstance(exc.reason, TimeoutError):
                    raise SsbFeil(
                        _("SSB svarte ikke innen %(s)s sekunder.") % {"s": int(self.timeout)}
                    ) from None
                raise SsbFeil(_("Kunne ikke nå SSB: %(e)s") % {"e": exc.reason}) from None
            except OSError as exc:
                raise SsbFeil(_("Kunne ikke nå SSB: %(e)s") % {"e": exc}) from None
        raise SsbFeil(_("Kunne ikke hente fra SSB."))  # pragma: no cover

    def hent(self, f: Foresporsel) -> Datasett:
        """One request, parsed and checked against what was asked for."""
        datasett = parse_jsonstat(self.get(self.url(f)))
        sjekk_dimensjoner(datasett, f)
        return datasett


def sjekk_dimensjoner(datasett: Datasett, f: Foresporsel) -> None:
    """The table must still have the dimensions the source names, with one value for
    every dimension but region and time; else it has changed and nothing is stored."""
    if not datasett.celler:
        raise SsbFeil(_("SSB svarte med et tomt datasett."))
    ids = [d.id for d in datasett.dimensjoner]
    mangler = [d for d in (REGION, TID, INNHOLD, *f.faste) if d not in ids]
    if mangler:
        raise SsbFeil(
            _("Tabell %(t)s har ikke lenger dimensjonen(e) %(d)s; se over SSB-kilden.")
            % {"t": f.tabell, "d": ", ".join(mangler)}
        )
    flere = [d.id for d in datasett.dimensjoner if d.id not in (REGION, TID) and len(d.koder) != 1]
    if flere:
        raise SsbFeil(
            _(
                "Tabell %(t)s har flere verdier for %(d)s enn kilden velger; tabellen kan ha "
                "fått nye dimensjoner. Se over SSB-kilden."
            )
            % {"t": f.tabell, "d": ", ".join(flere)}
        )
    innhold = datasett.dimensjon(INNHOLD)
    if innhold.koder != [f.innhold]:
        raise SsbFeil(
            _("Tabell %(t)s svarte med statistikkvariabelen %(k)s, ikke %(v)s.")
            % {"t": f.tabell, "k": ", ".join(innhold.koder), "v": f.innhold}
        )
