"""Generated national test data for load tests and benchmarks (``generer_testdata``).

At scale 1.0: 357 kommuner, ~50 000 meetings with two decisions, two follow-up points
and two participants each, ~200 000 indicator values, ~20 000 applications with
~12 000 decisions, payments and reports, a goal assessment per goal, kommune and
half-year for ten years, reflection forms with answers, pilots with participations and
users of every role. Everything is invented; nothing is real.

**How it is marked.** Every row the generator makes can be told from real data:

- users' addresses end in ``@testdata.invalid`` (a reserved domain: no mail arrives),
- pilots' slugs start with ``testdata-``, and the national pilot's description says
  "Generert testdata" with the scale,
- etater, indicators and grant schemes end their names in ``(testdata)``,
- every generated kommune takes part in the generated national pilot.

The generator refuses to run on a database holding any row of those tables that is
not marked so (``ekte_data``): it never mixes with or deletes real data.

**Speed.** Rows are written with ``bulk_create`` in large batches, inside one
transaction. No history rows are written for generated data (``bulk_create`` does not
call django-simple-history), and no signals run: the history pages of generated rows
are empty. Writes bypass the services on purpose (they validate and lock row by row,
far too slow for 700 000 rows); the generator keeps their rules itself: pots are never
over-committed, payments never exceed what was granted, a refusal grants 0 kroner,
milestones and periods lie in the past, a meeting of the investment college has no
kommune.
"""

from __future__ import annotations

import random
import re
import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.apps import apps
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.management.color import no_style
from django.db import connection, transaction
from django.utils import timezone

from evaluering.models import (
    Evalueringsnotat,
    Mal,
    Maloppnaelse,
    Pastand,
    Pastandssvar,
    Rapportperiode,
    Refleksjonsskjema,
    Refleksjonssvar,
    Skala,
)
from investering.models import (
    Beslutning,
    Investeringsteam,
    Mote,
    Motedeltaker,
    Motetype,
    Niva,
    Oppfolgingspunkt,
    Regelhinder,
    Teammedlem,
)
from kommuner.fylker import FYLKER_2024
from kommuner.models import (
    Bruker,
    Deltakelse,
    Etat,
    Fase5D,
    Indikator,
    Indikatorverdi,
    Kommune,
    Nullpunkt,
    Pilot,
    Tema,
    Tiltak,
    Utfordringsbilde,
)
from kommuner.roller import Rolle
from tilskudd.models import (
    Pott,
    PottKilde,
    Rapport,
    Soknad,
    Tildeling,
    Tilskuddsordning,
    Tilskuddsrunde,
    Utbetaling,
    Vedtak,
)

MERKE_EPOST = "@testdata.invalid"
MERKE_SLUG = "testdata-"
MERKE_NAVN = "(testdata)"
NASJONAL_SLUG = "testdata-nasjonal"
MIN_SKALA, MAKS_SKALA = 0.01, 1.0
BATCH = 5000

# The apps whose tables the generator fills (and empties with ``erstatt``).
APPER = ("kommuner", "investering", "tilskudd", "evaluering", "felles")

# Kommuner per fylke (2024), 357 in all; generated kommuner get these fylke numbers.
KOMMUNER_PER_FYLKE = {
    "03": 1,
    "11": 23,
    "15": 27,
    "18": 41,
    "31": 12,
    "32": 21,
    "33": 18,
    "34": 46,
    "39": 6,
    "40": 17,
    "42": 25,
    "46": 43,
    "50": 38,
    "55": 21,
    "56": 18,
}
FYLKESNAVN = FYLKER_2024
FORLEDD = (
    "Nord Sør Øst Vest Fjell Strand Berg Dal Elv Fjord Skog Myr Li Vik Sand Stein Holm "
    "Ås Eik Bjørk Furu Lyng Rav Sol Kvit Grøn Haug Nes Øy Vang Lund Tind Brekk Gran"
).split()
ETTERLEDD = (
    "vik dal berg stad sund nes fjord heim land by øy haug eid vang åsen mo li bu rud set"
).split()

INDIKATORER = [
    ("Barn i lavinntektsfamilier", "prosent", "lavere", Tema.BARNEFATTIGDOM),
    ("Mottakere av sosialhjelp", "per_1000", "lavere", Tema.ARBEID),
    ("Unge utenfor arbeid og utdanning", "prosent", "lavere", Tema.ARBEID),
    ("Fullført videregående opplæring", "prosent", "hoyere", Tema.UTDANNING),
    ("Trangbodde husholdninger", "prosent", "lavere", Tema.BOLIG),
    ("Kommunale boliger", "per_1000", "hoyere", Tema.BOLIG),
    ("Deltakere i introduksjonsprogram i arbeid", "prosent", "hoyere", Tema.INTEGRERING),
    ("Fastlegeliste uten lege", "antall", "lavere", Tema.HELSE),
    ("Barnevernstiltak", "per_1000", "lavere", Tema.SAMHANDLING),
    ("Utgifter til økonomisk sosialhjelp", "kroner", "lavere", Tema.ANNET),
]
ALDERSGRUPPER = ("0–17 år", "18–29 år", "alle aldre")  # 10 × 3 = 30 indicators

MAL = [
    "Flere barn vokser opp i familier med trygg økonomi",
    "Regelverk som hindrer helhetlig innsats blir endret",
    "Kommunene bruker kunnskap i styringen",
    "Statlige etater samordner tilbudet sitt",
    "Flere unge fullfører skole og kommer i arbeid",
    "Tiltakene videreføres i ordinær drift",
]
PASTANDER = [
    "Vi har et felles bilde av utfordringen",
    "Ledelsen i kommunen står bak arbeidet",
    "Samarbeidet med statlige etater fungerer godt",
    "Vi bruker data og kunnskap i beslutningene",
    "Brukerne blir involvert i utviklingen av tiltak",
    "Arbeidet vil fortsette etter pilotperioden",
]
EMNER = (
    "bolig barnefattigdom arbeid skole oppfølging samhandling kunnskapsgrunnlag "
    "introduksjonsprogram helse ungdom familie økonomi tiltak budsjett regelverk"
).split()
SETNINGER = [
    "Kommunen orienterte om status for arbeidet med {a} og {b}.",
    "Teamet drøftet hvordan {a} kan ses i sammenheng med {b}.",
    "Det ble enighet om å prioritere {a} i neste fase.",
    "NAV og kommunen deler erfaringer om {a}.",
    "Arbeidsgruppen la fram forslag til tiltak for {a}.",
    "Statsforvalteren følger opp spørsmålet om {a} overfor direktoratet.",
    "Det er behov for bedre data om {a} før neste møte.",
    "Deltakerne ble enige om en felles plan for {a} og {b}.",
]
FORNAVN = (
    "Anne Kari Ingrid Marit Liv Hilde Silje Nina Tone Ida Ole Per Jan Lars Knut Arne "
    "Geir Terje Bjørn Håkon Sara Emma Nora Jonas Emil Mathias Aksel Maja Ella Sofie"
).split()
ETTERNAVN = (
    "Hansen Johansen Olsen Larsen Andersen Pedersen Nilsen Kristiansen Jensen Karlsen "
    "Johnsen Pettersen Eriksen Berg Haugen Hagen Johannessen Andreassen Jacobsen Dahl"
).split()


@dataclass(frozen=True)
class Omfang:
    """How many rows of each kind a scale gives (scale 1.0 is the national target)."""

    skala: float
    # Every kommune in the national pilot whatever the scale (the data shape of one
    # pilot holding all 357 kommuner, with the other rows at the scale).
    alle_kommuner: bool = False

    def _n(self, full: int, minimum: int = 1) -> int:
        return max(minimum, round(full * self.skala))

    @property
    def kommuner(self) -> int:
        return 357 if self.alle_kommuner else self._n(357, 4)

    @property
    def moter(self) -> int:
        return self._n(50_000)

    @property
    def indikatorverdier(self) -> int:
        return self._n(200_000)

    @property
    def soknader(self) -> int:
        return self._n(20_000)

    @property
    def vedtak(self) -> int:
        return self._n(12_000)

    @property
    def regelhindre(self) -> int:
        return self._n(1_500)

    @property
    def ledere(self) -> int:
        return max(2, self.kommuner // 10)

    @property
    def team(self) -> int:
        return self._n(20, 3)


HALVAAR = 20  # ten years of half-years
AAR = 10
BESLUTNINGER_PER_MOTE = 2
PUNKTER_PER_MOTE = 2
RUNDER_PER_AAR = 2


class Nekt(Exception):
    """The generator refuses: the message says why, in Norwegian."""


def valider_skala(skala: float) -> None:
    if not MIN_SKALA <= skala <= MAKS_SKALA:
        raise Nekt(f"Skala må være mellom {MIN_SKALA} og {MAKS_SKALA}, ikke {skala}.")


def ekte_data() -> list[str]:
    """What in the database was not made by the generator (empty list: nothing)."""
    sjekker = [
        ("brukere", Bruker.objects.exclude(email__endswith=MERKE_EPOST)),
        ("piloter", Pilot.objects.exclude(slug__startswith=MERKE_SLUG)),
        ("etater", Etat.objects.exclude(navn__endswith=MERKE_NAVN)),
        ("indikatorer", Indikator.objects.exclude(navn__endswith=MERKE_NAVN)),
        ("tilskuddsordninger", Tilskuddsordning.objects.exclude(navn__endswith=MERKE_NAVN)),
        ("kommuner", Kommune.objects.exclude(deltakelser__pilot__slug=NASJONAL_SLUG)),
    ]
    return [navn for navn, qs in sjekker if qs.exists()]


SKALA_RE = re.compile(r"skala (?P<skala>[0-9.]+)")


ALLE_KOMMUNER_MERKE = "alle kommuner"


def generert_alle_kommuner() -> bool:
    """Was the generated data made with every kommune whatever the scale?"""
    pilot = Pilot.objects.filter(slug=NASJONAL_SLUG).only("beskrivelse").first()
    return bool(pilot and ALLE_KOMMUNER_MERKE in pilot.beskrivelse)


def generert_skala() -> float | None:
    """The scale of the generated data in the database, or None if there is none."""
    pilot = Pilot.objects.filter(slug=NASJONAL_SLUG).only("beskrivelse").first()
    match = SKALA_RE.search(pilot.beskrivelse) if pilot else None
    return float(match.group("skala")) if match else None


def _tom_genererte_data() -> None:
    """Empty every table of the project's apps (and the sessions): called only after
    ``ekte_data`` found nothing but generated rows. The role groups stay."""
    tabeller = {"django_session"}
    for label in APPER:
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            tabeller.add(model._meta.db_table)
    sql = connection.ops.sql_flush(
        no_style(), sorted(tabeller), reset_sequences=True, allow_cascade=True
    )
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # PostgreSQL refuses TRUNCATE while deferred foreign-key checks of rows
            # written earlier in this transaction are pending: run them now.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    connection.ops.execute_sql_flush(sql)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def generer(
    *,
    skala: float,
    erstatt: bool = False,
    fro: int = 1,
    passord: str = "",
    ut=None,
    alle_kommuner: bool = False,
) -> dict[str, int]:
    """Fill the database at ``skala``; returns the rows written per model.

    Refuses (``Nekt``) on a scale outside 0.01–1.0, on a database with real data, and
    on one that already holds generated data unless ``erstatt`` is set."""
    valider_skala(skala)
    ekte = ekte_data()
    if ekte:
        raise Nekt(
            "Databasen har data som ikke er generert testdata ("
            + ", ".join(ekte)
            + "). generer_testdata kjører bare på en tom database eller en med "
            "bare generert testdata."
        )
    with transaction.atomic():
        if Pilot.objects.exists() or Kommune.objects.exists():
            if not erstatt:
                raise Nekt(
                    "Databasen har allerede generert testdata (skala "
                    f"{generert_skala()}). Bruk --erstatt for å lage den på nytt."
                )
            _tom_genererte_data()
        tellinger = _Generator(
            skala=skala, fro=fro, passord=passord, ut=ut, alle_kommuner=alle_kommuner
        ).kjor()
    _oppdater_statistikk()
    return tellinger


def _oppdater_statistikk() -> None:
    """Give PostgreSQL's planner statistics of the new rows (and the visibility map) at
    once, as a database in use has them from autovacuum. Without them, straight after a
    bulk load it guesses a handful of rows per table and picks plans ten times slower
    than it will in use (and autovacuum analyses the tables at moments of its own
    choosing, mid-benchmark)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # VACUUM also marks the pages all-visible, so covering indexes serve
            # index-only scans; it cannot run in a transaction (a test's).
            cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")


def _bulk(model, rows: list, tellinger: dict[str, int]) -> list:
    created = model.objects.bulk_create(rows, batch_size=BATCH)
    key = model._meta.object_name
    tellinger[key] = tellinger.get(key, 0) + len(created)
    return created


def _inn(model, rader: list[dict], tellinger: dict[str, int]) -> None:
    """Insert rows (dicts by attname) that nothing points to. On PostgreSQL with COPY,
    several times faster than ``bulk_create``; elsewhere ``bulk_create``. Fields left
    out get their model default, as ``bulk_create`` would give them."""
    key = model._meta.object_name
    tellinger[key] = tellinger.get(key, 0) + len(rader)
    if connection.vendor != "postgresql":
        model.objects.bulk_create([model(**rad) for rad in rader], batch_size=BATCH)
        return
    # Generated columns (the meeting log's stored search vectors) are the database's.
    felt = [
        f
        for f in model._meta.concrete_fields
        if not f.primary_key and not getattr(f, "generated", False)
    ]
    standard = {f.attname: f.get_default() for f in felt}
    navn = [f.attname for f in felt]
    kolonner = ", ".join(connection.ops.quote_name(f.column) for f in felt)
    tabell = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        with cursor.cursor.copy(f"COPY {tabell} ({kolonner}) FROM STDIN") as copy:
            for rad in rader:
                copy.write_row([rad[n] if n in rad else standard[n] for n in navn])


def _fordel(antall: int, boks: int) -> list[int]:
    """``antall`` split as evenly as possible into ``boks`` parts."""
    base, rest = divmod(antall, boks)
    return [base + (1 if i < rest else 0) for i in range(boks)]


class _Generator:
    def __init__(self, *, skala: float, fro: int, passord: str, ut, alle_kommuner: bool = False):
        self.omfang = Omfang(skala, alle_kommuner)
        self.rng = random.Random(fro)  # noqa: S311 (test data, not secrets)
        self.fro = fro
        self.passord_hash = make_password(passord) if passord else make_password(None)
        self.ut = ut
        self.n: dict[str, int] = {}
        self.now = timezone.now()
        self.today = timezone.localdate()
        self.start_tid = time.monotonic()

    def _logg(self, tekst: str) -> None:
        if self.ut:
            self.ut(f"{time.monotonic() - self.start_tid:6.1f} s  {tekst}")

    def _tekst(self, setninger: int = 3) -> str:
        rng = self.rng
        return " ".join(
            rng.choice(SETNINGER).format(a=rng.choice(EMNER), b=rng.choice(EMNER))
            for _ in range(setninger)
        )

    def _person(self) -> str:
        return f"{self.rng.choice(FORNAVN)} {self.rng.choice(ETTERNAVN)}"

    def _tid(self, dag: date, time_: int = 10) -> datetime:
        return datetime(dag.year, dag.month, dag.day, time_, tzinfo=timezone.get_current_timezone())

    def kjor(self) -> dict[str, int]:
        self._kommuner_og_etater()
        self._brukere()
        self._piloter()
        self._kunnskap()
        self._moter()
        self._tilskudd()
        self._evaluering()
        self._logg("ferdig")
        return self.n

    # -- kommuner, etater, users, pilots ------------------------------------------

    def _kommuner_og_etater(self) -> None:
        rng = self.rng
        # Round-robin over the fylker, so that a small scale still spreads over many.
        plasser = []
        igjen = dict(KOMMUNER_PER_FYLKE)
        teller = dict.fromkeys(KOMMUNER_PER_FYLKE, 0)
        while any(igjen.values()):
            for fylke in KOMMUNER_PER_FYLKE:
                if igjen[fylke]:
                    igjen[fylke] -= 1
                    teller[fylke] += 1
                    plasser.append((fylke, teller[fylke]))
        navn = [f"{a}{b}" for a in FORLEDD for b in ETTERLEDD]
        rng.shuffle(navn)
        kommuner = []
        for i, (fylke, nr) in enumerate(plasser[: self.omfang.kommuner]):
            innbyggere = 700_000 if fylke == "03" else int(rng.lognormvariate(8.8, 1.0)) + 200
            kommuner.append(
                Kommune(
                    kommunenummer=f"{fylke}{nr:02d}",
                    navn=navn[i].capitalize(),
                    fylke=fylke,
                    innbyggere=innbyggere,
                    innbyggere_aar=self.today.year - 1,
                )
            )
        self.kommuner = _bulk(Kommune, kommuner, self.n)
        fylker = sorted({k.fylke for k in self.kommuner})
        etater = [
            Etat(
                navn=f"Statsforvalteren i {FYLKESNAVN[f]} {MERKE_NAVN}",
                kortnavn=f"SF {FYLKESNAVN[f]}",
                type=Etat.Type.STATSFORVALTER,
            )
            for f in fylker
        ]
        etater += [
            Etat(navn=f"{navn} {MERKE_NAVN}", kortnavn=kort, type=type_)
            for kort, navn, type_ in [
                ("NAV", "Arbeids- og velferdsetaten", Etat.Type.STATLIG),
                ("Bufetat", "Barne-, ungdoms- og familieetaten", Etat.Type.STATLIG),
                ("IMDi", "Integrerings- og mangfoldsdirektoratet", Etat.Type.DIREKTORAT),
                ("Husbanken", "Husbanken", Etat.Type.STATLIG),
                ("AID", "Arbeids- og inkluderingsdepartementet", Etat.Type.DEPARTEMENT),
                ("KD", "Kunnskapsdepartementet", Etat.Type.DEPARTEMENT),
            ]
        ]
        self.etater = _bulk(Etat, etater, self.n)
        self.statsforvaltere = {f: e for f, e in zip(fylker, self.etater, strict=False)}
        self.statlige = self.etater[len(fylker) :]
        self._logg(f"{len(self.kommuner)} kommuner, {len(self.etater)} etater")

    def _brukere(self) -> None:
        rng = self.rng
        o = self.omfang
        sf = list(self.statsforvaltere.values())
        spec = (
            [(Rolle.ADMIN, f"admin{i}", None, None) for i in range(1, 4)]
            + [
                (Rolle.INVESTERINGSLEDER, f"leder{i}", sf[i % len(sf)], None)
                for i in range(1, o.ledere + 1)
            ]
            + [
                (Rolle.INVESTERINGSTEAM, f"team{i}", rng.choice(self.etater), None)
                for i in range(1, o.team + 1)
            ]
            + [(Rolle.KONTAKTPERSON, f"kontakt{k.kommunenummer}", None, k) for k in self.kommuner]
            + [
                (Rolle.STYRINGSGRUPPE, f"styre{i}", rng.choice(self.etater), None)
                for i in (1, 2, 3, 4, 5)
            ]
            + [(Rolle.FOLGEFORSKER, f"forsker{i}", None, None) for i in (1, 2, 3)]
        )
        brukere = [
            Bruker(
                email=f"{lokal}{MERKE_EPOST}",
                fullt_navn=self._person(),
                etat=etat,
                kommune=kommune,
                password=self.passord_hash,
                date_joined=self.now - timedelta(days=3650),
            )
            for _rolle, lokal, etat, kommune in spec
        ]
        brukere = _bulk(Bruker, brukere, self.n)
        grupper = {g.name: g for g in Group.objects.filter(name__in=Rolle.values)}
        for rolle in Rolle.values:  # the roles' groups come from a migration
            if rolle not in grupper:
                grupper[rolle] = Group.objects.create(name=rolle)
        through = Bruker.groups.through
        _bulk(
            through,
            [
                through(bruker_id=b.pk, group_id=grupper[rolle].pk)
                for b, (rolle, *_rest) in zip(brukere, spec, strict=True)
            ],
            self.n,
        )
        self.roller: dict[str, list[Bruker]] = {r: [] for r in Rolle.values}
        for b, (rolle, *_rest) in zip(brukere, spec, strict=True):
            self.roller[rolle].append(b)
        self.kontakt = {b.kommune_id: b for b in self.roller[Rolle.KONTAKTPERSON]}
        self._logg(f"{len(brukere)} brukere")

    def _piloter(self) -> None:
        rng = self.rng
        start = self.today.replace(year=self.today.year - AAR, month=1, day=1)
        eier = self.statlige[0]
        nasjonal = Pilot(
            navn=f"Nasjonal velferdspilot {MERKE_NAVN}",
            slug=NASJONAL_SLUG,
            piloteier=eier,
            start=start,
            beskrivelse=(
                f"Generert testdata (generer_testdata, skala {self.omfang.skala}, "
                + (f"{ALLE_KOMMUNER_MERKE}, " if self.omfang.alle_kommuner else "")
                + f"frø {self.fro}, {self.today:%d.%m.%Y}). Ingen ekte data."
            ),
        )
        regionale = [
            Pilot(
                navn=f"Velferdspiloten i {FYLKESNAVN[f]} {MERKE_NAVN}",
                slug=f"{MERKE_SLUG}{f}",
                piloteier=e,
                start=start + timedelta(days=365 * rng.randint(0, 6)),
            )
            for f, e in self.statsforvaltere.items()
        ]
        piloter = _bulk(Pilot, [nasjonal, *regionale], self.n)
        self.pilot = piloter[0]
        ledere = self.roller[Rolle.INVESTERINGSLEDER]
        deltakelser = []
        self.leder_for = {}
        for i, k in enumerate(self.kommuner):
            leder = ledere[i % len(ledere)]
            self.leder_for[k.pk] = leder
            milepaeler = {}
            dag = start + timedelta(days=rng.randint(30, 400))
            for felt in (
                "definert_utfordring",
                "forankret",
                "kunnskapsgrunnlag",
                "definert_behov",
                "organisert",
                "operativ",
            ):
                if dag > self.today or rng.random() < 0.1:
                    break
                milepaeler[felt] = dag
                dag += timedelta(days=rng.randint(60, 500))
            deltakelser.append(
                Deltakelse(
                    pilot=self.pilot,
                    kommune=k,
                    status=Deltakelse.Status.DELTAR,
                    valgt_utfordring=self._tekst(1),
                    fase=rng.choice(Fase5D.values),
                    investeringsleder=leder,
                    investeringsleder_etat_id=leder.etat_id,
                    **milepaeler,
                )
            )
        regional = {p.slug[len(MERKE_SLUG) :]: p for p in piloter[1:]}
        for k in self.kommuner:
            deltakelser.append(
                Deltakelse(
                    pilot=regional[k.fylke],
                    kommune=k,
                    status=rng.choice(Deltakelse.Status.values),
                    fase=rng.choice(["", *Fase5D.values]),
                )
            )
        _bulk(Deltakelse, deltakelser, self.n)
        team = _bulk(
            Investeringsteam, [Investeringsteam(pilot=self.pilot, navn="Nasjonalt team")], self.n
        )[0]
        _bulk(
            Teammedlem,
            [
                Teammedlem(team=team, bruker=b, etat_id=b.etat_id, fra=start)
                for b in self.roller[Rolle.INVESTERINGSTEAM] + ledere
            ],
            self.n,
        )
        self._logg(f"{len(piloter)} piloter, {len(deltakelser)} deltakelser")

    # -- the knowledge base -------------------------------------------------------

    def _perioder(self) -> list[tuple[int, int]]:
        """The last ten years of half-years, oldest first, ending with the current."""
        aar, halv = self.today.year, 1 if self.today.month <= 6 else 2
        ut = []
        for _ in range(HALVAAR):
            ut.append((aar, halv))
            aar, halv = (aar, 1) if halv == 2 else (aar - 1, 2)
        return ut[::-1]

    def _kunnskap(self) -> None:
        rng = self.rng
        indikatorer = []
        for i, (navn, enhet, retning, tema) in enumerate(INDIKATORER):
            for j, gruppe in enumerate(ALDERSGRUPPER):
                indikatorer.append(
                    Indikator(
                        navn=f"{navn}, {gruppe} {MERKE_NAVN}",
                        enhet=enhet,
                        retning=retning,
                        tema=tema,
                        kilde="SSB (generert)",
                        rekkefolge=i * 10 + j,
                    )
                )
        self.indikatorer = _bulk(Indikator, indikatorer, self.n)
        perioder = [f"{a}-H{h}" for a, h in self._perioder()][::-1]  # newest first
        kombinasjoner = [(ind, p) for p in perioder for ind in self.indikatorer]
        kvoter = _fordel(self.omfang.indikatorverdier, len(self.kommuner))
        verdier = []
        nylig = set(perioder[:2])
        for k, kvote in zip(self.kommuner, kvoter, strict=True):
            kontakt = self.kontakt[k.pk]
            leder = self.leder_for[k.pk]
            grunn = {ind.pk: rng.uniform(5, 60) for ind in self.indikatorer}
            for ind, periode in kombinasjoner[:kvote]:
                status = (
                    rng.choice(Indikatorverdi.Status.values)
                    if periode in nylig
                    else Indikatorverdi.Status.GODKJENT
                )
                sendt = status != Indikatorverdi.Status.UTKAST
                behandlet = status in (
                    Indikatorverdi.Status.GODKJENT,
                    Indikatorverdi.Status.RETURNERT,
                )
                verdier.append(
                    {
                        "kommune_id": k.pk,
                        "indikator_id": ind.pk,
                        "periode": periode,
                        "verdi": Decimal(f"{grunn[ind.pk] * rng.uniform(0.8, 1.2):.2f}"),
                        "status": status,
                        "sendt_inn_av_id": kontakt.pk if sendt else None,
                        "sendt_inn_tid": self.now if sendt else None,
                        "behandlet_av_id": leder.pk if behandlet else None,
                        "behandlet_tid": self.now if behandlet else None,
                    }
                )
        _inn(Indikatorverdi, verdier, self.n)
        forste = perioder[-1]
        _bulk(
            Nullpunkt,
            [
                Nullpunkt(kommune=k, indikator=ind, periode=forste, verdi=Decimal("20.00"))
                for k in self.kommuner
                for ind in self.indikatorer[::3]
            ],
            self.n,
        )
        tiltak = []
        for k in self.kommuner:
            for i in range(5):
                tiltak.append(
                    Tiltak(
                        kommune=k,
                        navn=f"Tiltak {i + 1}: {rng.choice(EMNER)}",
                        fokusomrade=rng.choice(EMNER),
                        formal=self._tekst(2),
                        startdato=self.today - timedelta(days=rng.randint(30, 3000)),
                        stillingsprosent=rng.choice([None, 50, 100, 200]),
                        status=rng.choice(Tiltak.Status.values),
                    )
                )
        self.tiltak = _bulk(Tiltak, tiltak, self.n)
        _bulk(
            Utfordringsbilde,
            [
                Utfordringsbilde(
                    kommune=k,
                    tema=rng.choice(Tema.values),
                    malgrupper="Barn og unge, familier med lav inntekt",
                    tekst=f"<p>{self._tekst(4)}</p>",
                    endret_av=self.kontakt[k.pk],
                )
                for k in self.kommuner
            ],
            self.n,
        )
        self._logg(f"{len(verdier)} indikatorverdier")

    # -- the meeting log ----------------------------------------------------------

    def _moter(self) -> None:
        rng = self.rng
        antall = self.omfang.moter
        fra = self.now - timedelta(days=365 * AAR)
        spenn = timedelta(days=365 * AAR + 60)  # the last two months are planned
        steg = spenn / antall
        typer = [t for t in Motetype.values if t != Motetype.KOLLEGIUM]
        ledere = self.roller[Rolle.INVESTERINGSLEDER]
        team = self.roller[Rolle.INVESTERINGSTEAM]
        moter = []
        for i in range(antall):
            start = fra + steg * i + timedelta(hours=rng.randint(0, 8))
            kommune = None if i % 20 == 0 else self.kommuner[rng.randrange(len(self.kommuner))]
            if start > self.now:
                status = Mote.Status.PLANLAGT
            else:
                status = Mote.Status.AVLYST if rng.random() < 0.05 else Mote.Status.GJENNOMFORT
            gjennomfort = status == Mote.Status.GJENNOMFORT
            moter.append(
                Mote(
                    pilot=self.pilot,
                    kommune=kommune,
                    type=rng.choice(typer) if kommune else Motetype.KOLLEGIUM,
                    status=status,
                    start=start,
                    varighet_minutter=rng.choice([60, 90, 120]),
                    sted=kommune.navn + " rådhus" if kommune else "Teams",
                    digitalt=kommune is None or rng.random() < 0.4,
                    fase=rng.choice(Fase5D.values),
                    niva=rng.choice(Niva.values),
                    agenda=self._tekst(2),
                    referat=self._tekst(5) if gjennomfort else "",
                    skrevet_av=(self.leder_for[kommune.pk] if kommune else rng.choice(team))
                    if gjennomfort
                    else None,
                )
            )
        moter = _bulk(Mote, moter, self.n)
        beslutninger, punkter, deltakere = [], [], []
        grense = self.today - timedelta(days=180)
        ansvarlige = ledere + team
        for m in moter:
            for _ in range(BESLUTNINGER_PER_MOTE):
                beslutninger.append(
                    {"mote_id": m.pk, "tekst": self._tekst(1), "besluttet_av": "Møtet"}
                )
            for _ in range(PUNKTER_PER_MOTE):
                frist = m.start.date() + timedelta(days=rng.randint(14, 90))
                if frist < grense and rng.random() < 0.97:
                    status = Oppfolgingspunkt.Status.LUKKET
                else:
                    status = rng.choice(Oppfolgingspunkt.Status.values)
                lukket = status == Oppfolgingspunkt.Status.LUKKET
                punkter.append(
                    {
                        "mote_id": m.pk,
                        "tekst": self._tekst(1),
                        "ansvarlig_bruker_id": rng.choice(ansvarlige).pk,
                        "ansvarlig_etat_id": rng.choice(self.etater).pk,
                        "frist": frist,
                        "status": status,
                        "lukket_dato": min(frist, self.today) if lukket else None,
                    }
                )
            leder = self.leder_for[m.kommune_id] if m.kommune_id else rng.choice(team)
            deltakere.append({"mote_id": m.pk, "bruker_id": leder.pk})
            deltakere.append(
                {
                    "mote_id": m.pk,
                    "navn": self._person(),
                    "kommune_id": m.kommune_id,
                    "organisasjon": "" if m.kommune_id else "Direktoratet",
                }
            )
        _inn(Beslutning, beslutninger, self.n)
        _inn(Oppfolgingspunkt, punkter, self.n)
        _inn(Motedeltaker, deltakere, self.n)
        med_kommune = [m for m in moter if m.kommune_id]
        hindre = []
        for _ in range(self.omfang.regelhindre):
            m = rng.choice(med_kommune)
            hindre.append(
                Regelhinder(
                    pilot=self.pilot,
                    kommune_id=m.kommune_id,
                    tittel=f"Regelverk om {rng.choice(EMNER)} hindrer samordning",
                    beskrivelse=self._tekst(2),
                    regel=f"Forskrift om {rng.choice(EMNER)} § {rng.randint(1, 40)}",
                    etat=rng.choice(self.statlige),
                    funnet_i_mote=m,
                    status=rng.choice(Regelhinder.Status.values),
                    registrert_av=self.leder_for[m.kommune_id],
                    opprettet=m.start,
                )
            )
        _bulk(Regelhinder, hindre, self.n)
        self._logg(f"{len(moter)} møter med beslutninger, punkter og deltakere")

    # -- grants -------------------------------------------------------------------

    def _tilskudd(self) -> None:
        rng = self.rng
        admin = self.roller[Rolle.ADMIN][0]
        ordninger = _bulk(
            Tilskuddsordning,
            [
                Tilskuddsordning(
                    navn=f"Tilskudd til {tema} {MERKE_NAVN}",
                    eier=self.statlige[4 + i % 2],
                    kapittel=600 + i,
                    post=60 + i,
                )
                for i, tema in enumerate(["barnefattigdom", "bolig", "arbeid", "integrering"])
            ],
            self.n,
        )
        aarene = [self.today.year - AAR + 1 + i for i in range(AAR)]
        # Rounds: two a year; the newest is open now (applications wait in its queue).
        runde_spec = []
        for aar in aarene:
            for halv in (1, 2):
                aapner = datetime(
                    aar, 1 if halv == 1 else 8, 15, 9, tzinfo=timezone.get_current_timezone()
                )
                stenger = aapner + timedelta(days=60)
                runde_spec.append((aar, halv, aapner, stenger))
        runde_spec = [r for r in runde_spec if r[2] <= self.now]
        siste = runde_spec[-1]
        runde_spec[-1] = (
            siste[0],
            siste[1],
            siste[2],
            max(siste[3], self.now + timedelta(days=30)),
        )
        antall = self.omfang.soknader
        per_runde = _fordel(antall, len(runde_spec))
        lukket_antall = antall - per_runde[-1]
        # Decisions spread evenly over the closed rounds' applications.
        beslutt = [
            (i + 1) * self.omfang.vedtak // max(lukket_antall, 1)
            > i * self.omfang.vedtak // max(lukket_antall, 1)
            for i in range(lukket_antall)
        ]
        soknad_spec = []  # (runde index, kommune, belop_sokt, status, utfall, innvilget)
        j = 0
        for r, n in enumerate(per_runde):
            apen = r == len(runde_spec) - 1
            for _ in range(n):
                k = self.kommuner[rng.randrange(len(self.kommuner))]
                sokt = rng.randrange(100_000, 2_000_000, 10_000)
                if apen:
                    status = rng.choice(
                        [Soknad.Status.SENDT_INN] * 3
                        + [Soknad.Status.UNDER_BEHANDLING, Soknad.Status.UTKAST]
                    )
                    soknad_spec.append((r, k, sokt, status, None, 0))
                    continue
                if beslutt[j]:
                    utfall = rng.choice(Vedtak.Utfall.values)
                    innvilget = {
                        "innvilget": sokt,
                        "delvis_innvilget": sokt * rng.randint(40, 90) // 100,
                        "avslatt": 0,
                    }[utfall]
                    soknad_spec.append((r, k, sokt, utfall, utfall, innvilget))
                else:
                    status = rng.choice([Soknad.Status.TRUKKET, Soknad.Status.UTKAST])
                    soknad_spec.append((r, k, sokt, status, None, 0))
                j += 1
        tildeling_kommuner = self.kommuner[: min(len(self.kommuner), 30)]
        tildeling_belop = 500_000
        potter = []
        for aar in aarene:
            bundet = sum(s[5] for s in soknad_spec if runde_spec[s[0]][0] == aar)
            bundet += tildeling_belop * len(tildeling_kommuner)
            potter.append(
                Pott(
                    navn="Velferdspotten",
                    aar=aar,
                    total=(bundet * 13 // 10) // 100_000 * 100_000 + 1_000_000,
                    pilot=self.pilot,
                    beskrivelse="Samlet pott fra fire tilskuddsordninger.",
                )
            )
        potter = _bulk(Pott, potter, self.n)
        pott_for = dict(zip(aarene, potter, strict=True))
        _bulk(
            PottKilde,
            [PottKilde(pott=p, ordning=o) for p in potter for o in ordninger],
            self.n,
        )
        runder = _bulk(
            Tilskuddsrunde,
            [
                Tilskuddsrunde(
                    pott=pott_for[aar],
                    pilot=self.pilot,
                    tittel=f"Velferdsmidler {aar}, runde {halv}",
                    beskrivelse=self._tekst(2),
                    kriterier=self._tekst(2),
                    aapner=aapner,
                    stenger=stenger,
                    maks_belop=2_000_000,
                )
                for aar, halv, aapner, stenger in runde_spec
            ],
            self.n,
        )
        soknader = []
        for r, k, sokt, status, _utfall, _innvilget in soknad_spec:
            runde = runder[r]
            opprettet = runde.aapner + timedelta(days=rng.randint(0, 20))
            sendt = status not in (Soknad.Status.UTKAST, Soknad.Status.TRUKKET)
            soknader.append(
                Soknad(
                    runde=runde,
                    kommune=k,
                    tittel=f"{rng.choice(EMNER).capitalize()} i {k.navn}",
                    formaal=self._tekst(3),
                    belop_sokt=sokt,
                    status=status,
                    opprettet_av=self.kontakt[k.pk],
                    opprettet=opprettet,
                    sendt_inn=opprettet + timedelta(days=5) if sendt else None,
                )
            )
        soknader = _bulk(Soknad, soknader, self.n)
        vedtak = []
        for s, (r, _k, _sokt, _status, utfall, innvilget) in zip(
            soknader, soknad_spec, strict=True
        ):
            if utfall:
                vedtak.append(
                    Vedtak(
                        soknad=s,
                        utfall=utfall,
                        belop_innvilget=innvilget,
                        begrunnelse=self._tekst(2),
                        vedtatt_av=admin,
                        vedtatt=runder[r].stenger + timedelta(days=rng.randint(10, 40)),
                    )
                )
        vedtak = _bulk(Vedtak, vedtak, self.n)
        tildelinger = _bulk(
            Tildeling,
            [
                Tildeling(pott=p, kommune=k, belop=tildeling_belop, formaal="Programfinansiering")
                for p in potter
                for k in tildeling_kommuner
            ],
            self.n,
        )
        utbetalinger, rapporter = [], []
        for v in vedtak:
            if not v.belop_innvilget:
                continue
            s = v.soknad
            utbetalinger.append(
                Utbetaling(
                    vedtak=v,
                    pott_id=s.runde.pott_id,
                    kommune_id=s.kommune_id,
                    belop=v.belop_innvilget,
                    dato=(v.vedtatt + timedelta(days=14)).date(),
                    registrert_av=admin,
                )
            )
            if v.vedtatt.year < self.today.year and rng.random() < 0.7:
                brukt = v.belop_innvilget * rng.randint(70, 100) // 100
                ubrukt = v.belop_innvilget - brukt
                rapporter.append(
                    Rapport(
                        vedtak=v,
                        kommune_id=s.kommune_id,
                        periode=str(v.vedtatt.year),
                        beskrivelse=self._tekst(2),
                        brukt_belop=brukt,
                        ubrukt_belop=ubrukt,
                        ubrukt_disponering=Rapport.Disponering.OVERFORES if ubrukt else "",
                        innsendt_av=self.kontakt[s.kommune_id],
                        innsendt=v.vedtatt + timedelta(days=300),
                        godkjent_av=admin,
                        godkjent=v.vedtatt + timedelta(days=320),
                    )
                )
        for t in tildelinger:
            utbetalinger.append(
                Utbetaling(
                    tildeling=t,
                    pott_id=t.pott_id,
                    kommune_id=t.kommune_id,
                    belop=t.belop,
                    dato=date(t.pott.aar, 3, 1),
                    registrert_av=admin,
                )
            )
        _bulk(Utbetaling, utbetalinger, self.n)
        _bulk(Rapport, rapporter, self.n)
        self._logg(f"{len(soknader)} søknader, {len(vedtak)} vedtak")

    # -- evaluation ---------------------------------------------------------------

    def _evaluering(self) -> None:
        rng = self.rng
        mal = _bulk(
            Mal,
            [Mal(pilot=self.pilot, nummer=i + 1, tittel=tittel) for i, tittel in enumerate(MAL)],
            self.n,
        )
        through = Mal.indikatorer.through
        _bulk(
            through,
            [
                through(mal_id=m.pk, indikator_id=self.indikatorer[(i * 5 + d) % 30].pk)
                for i, m in enumerate(mal)
                for d in (0, 1)
            ],
            self.n,
        )
        perioder_spec = self._perioder()
        perioder = _bulk(
            Rapportperiode,
            [
                Rapportperiode(
                    pilot=self.pilot,
                    aar=aar,
                    halvaar=halv,
                    status=Rapportperiode.Status.APEN
                    if i == len(perioder_spec) - 1
                    else Rapportperiode.Status.PUBLISERT,
                )
                for i, (aar, halv) in enumerate(perioder_spec)
            ],
            self.n,
        )
        forskere = self.roller[Rolle.FOLGEFORSKER]
        skala = [s for s in Skala.values if s != Skala.IKKE_MALBART]
        vurderinger = []
        for periode in perioder:
            dato = min(periode.slutt, self.today)
            for m in mal:
                for k in [None, *self.kommuner]:
                    vurdering = (
                        Skala.IKKE_MALBART
                        if rng.random() < 0.05
                        else skala[min(4, max(0, int(rng.gauss(2, 1))))]
                    )
                    vurderinger.append(
                        {
                            "mal_id": m.pk,
                            "periode_id": periode.pk,
                            "kommune_id": k.pk if k else None,
                            "vurdering": vurdering,
                            "begrunnelse": self._tekst(1),
                            "vurdert_av_id": rng.choice(forskere).pk,
                            "dato": dato,
                        }
                    )
        _inn(Maloppnaelse, vurderinger, self.n)
        skjemaer = _bulk(
            Refleksjonsskjema,
            [
                Refleksjonsskjema(
                    pilot=self.pilot,
                    periode=p,
                    tittel=f"Refleksjon {p.kode}",
                    innledning="Svar på en skala fra 1 (helt uenig) til 5 (helt enig).",
                )
                for p in perioder
            ],
            self.n,
        )
        through = Refleksjonsskjema.kommuner.through
        _bulk(
            through,
            [
                through(refleksjonsskjema_id=s.pk, kommune_id=k.pk)
                for s in skjemaer
                for k in self.kommuner
            ],
            self.n,
        )
        pastander = _bulk(
            Pastand,
            [
                Pastand(skjema=s, nummer=i + 1, tekst=tekst)
                for s in skjemaer
                for i, tekst in enumerate(PASTANDER)
            ],
            self.n,
        )
        pastander_for: dict[int, list[Pastand]] = {}
        for p in pastander:
            pastander_for.setdefault(p.skjema_id, []).append(p)
        svar = []
        for s in skjemaer[:-1]:  # the open period's form is not answered yet
            for k in self.kommuner:
                if rng.random() < 0.7:
                    svar.append(
                        Refleksjonssvar(
                            skjema=s,
                            kommune=k,
                            fritekst=self._tekst(1),
                            besvart_av=self.kontakt[k.pk],
                            besvart=self._tid(min(s.periode.slutt, self.today)),
                        )
                    )
        svar = _bulk(Refleksjonssvar, svar, self.n)
        _inn(
            Pastandssvar,
            [
                {"svar_id": sv.pk, "pastand_id": p.pk, "verdi": rng.randint(1, 5)}
                for sv in svar
                for p in pastander_for[sv.skjema_id]
            ],
            self.n,
        )
        _bulk(
            Evalueringsnotat,
            [
                Evalueringsnotat(
                    kommune=k, periode=p, tekst=self._tekst(2), forfatter=rng.choice(forskere)
                )
                for p in perioder[-4:]
                for k in self.kommuner
            ],
            self.n,
        )
        self._logg(f"{len(vurderinger)} måloppnåelser, {len(svar)} refleksjonssvar")
