"""The quality checks of indicator values, written once (DHIS2's outlier detection and
validation rules). Hard limits (the value type and the allowed range) refuse a value:
``Indikator.grensefeil``. What is here only warns, never refuses:

- **jump**: the value differs from the kommune's own value in the previous period by
  more than the indicator's ``maks_endring`` per cent of that value;
- **deviation**: the value lies outside median ± k × MAD of the same indicator and
  period in the other kommuner of the kommune's pilots (``mad_faktor`` = k; MAD is the
  median absolute deviation; checked when at least ``MIN_ANDRE`` others have a
  submitted or approved value and MAD is not 0);
- **rule**: a ``Valideringsregel`` between indicators does not hold for the kommune
  and period (checked when every indicator in it has a value);
- **period type**: a half-year value of an indicator reported per year, or a year's
  value of one reported per half-year.

Each warning is stored on the value as ``{"kode", "mal", "param"}``: ``mal`` is the
Norwegian template (gettext_noop), rendered in the reader's language by
``models.advarsel_tekster``. Reads only; ``services.advarsler_mark`` stores them."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from statistics import median

from django.utils.translation import gettext_noop

from ..models import Deltakelse, Kommune
from .models import (
    Indikator,
    Indikatorverdi,
    Valideringsregel,
    periode_parse,
    tall_tekst,
)

Status = Indikatorverdi.Status
#: The fewest other kommuner with a value before the pilot comparison is made.
MIN_ANDRE = 4
Noekkel = tuple[int, str]  # (indikator id, periode)


def forrige_periode(periode: str) -> str:
    aar, halvaar = periode_parse(periode)
    if halvaar is None:
        return str(aar - 1)
    return f"{aar}-H1" if halvaar == 2 else f"{aar - 1}-H2"


def _advarsel(kode: str, mal: str, **param) -> dict:
    return {"kode": kode, "mal": mal, "param": param}


def andre_i_pilotene(kommune: Kommune):
    """The other participating kommuner of the pilots ``kommune`` takes part in (a
    subquery of kommune ids)."""
    return (
        Deltakelse.objects.filter(
            pilot__in=Deltakelse.objects.filter(kommune=kommune).values("pilot"),
            status=Deltakelse.Status.DELTAR,
        )
        .exclude(kommune=kommune)
        .values("kommune")
    )


def hopp(indikator: Indikator, verdi: Decimal, forrige: Decimal | None) -> dict | None:
    if indikator.maks_endring is None or forrige is None or forrige == 0:
        return None
    endring = (verdi - forrige) / abs(forrige) * 100
    if abs(endring) <= indikator.maks_endring:
        return None
    return _advarsel(
        "hopp",
        gettext_noop(
            "Endret %(endring)s %% fra forrige periode (%(forrige)s til %(verdi)s); "
            "mer enn %(grense)s %% flagges."
        ),
        endring=tall_tekst(endring.quantize(Decimal(1))),
        forrige=tall_tekst(forrige),
        verdi=tall_tekst(verdi),
        grense=indikator.maks_endring,
    )


def avvik(indikator: Indikator, verdi: Decimal, andre: list[Decimal]) -> dict | None:
    """Median ± k × MAD of the other kommuners' values."""
    if indikator.mad_faktor is None or len(andre) < MIN_ANDRE:
        return None
    med = median(andre)
    mad = median(abs(x - med) for x in andre)
    if mad == 0:
        return None
    fra, til = med - indikator.mad_faktor * mad, med + indikator.mad_faktor * mad
    if fra <= verdi <= til:
        return None
    return _advarsel(
        "avvik",
        gettext_noop(
            "Langt fra de andre kommunene i piloten samme periode: medianen for "
            "%(n)s kommuner er %(median)s, og verdier utenfor %(fra)s–%(til)s "
            "(median ± %(k)s × MAD) flagges."
        ),
        n=len(andre),
        median=tall_tekst(Decimal(med).quantize(Decimal("0.01"))),
        fra=tall_tekst(Decimal(fra).quantize(Decimal("0.01"))),
        til=tall_tekst(Decimal(til).quantize(Decimal("0.01"))),
        k=tall_tekst(indikator.mad_faktor),
    )


def feil_periodetype(indikator: Indikator, periode: str) -> dict | None:
    _aar, halvaar = periode_parse(periode)
    if indikator.periodetype == Indikator.Periodetype.AAR and halvaar is not None:
        return _advarsel(
            "periodetype",
            gettext_noop("Indikatoren rapporteres for hele år; %(periode)s er et halvår."),
            periode=periode,
        )
    if indikator.periodetype != Indikator.Periodetype.AAR and halvaar is None:
        return _advarsel(
            "periodetype",
            gettext_noop("Indikatoren rapporteres per halvår; %(periode)s er et helt år."),
            periode=periode,
        )
    return None


def regelbrudd(regel: Valideringsregel, verdier: dict[int, Decimal]) -> dict | None:
    """``verdier``: {indikator id: value} of one kommune and period."""
    venstre_ids = [i.pk for i in regel.venstre.all()]
    hoyre_ids = [i.pk for i in regel.hoyre.all()]
    if not venstre_ids or any(i not in verdier for i in venstre_ids + hoyre_ids):
        return None
    venstre = sum((verdier[i] for i in venstre_ids), Decimal(0))
    hoyre = sum((verdier[i] for i in hoyre_ids), regel.konstant or Decimal(0))
    if regel.holder(venstre, hoyre):
        return None
    return _advarsel(
        "regel",
        gettext_noop("Regelen «%(regel)s» holder ikke: %(venstre)s %(op)s %(hoyre)s."),
        regel=regel.navn,
        venstre=tall_tekst(venstre),
        op=regel.get_operator_display(),
        hoyre=tall_tekst(hoyre),
    )


def advarsler(
    *,
    kommune: Kommune,
    perioder: set[str],
    foreslatt: dict[Noekkel, Decimal | None] | None = None,
) -> dict[Noekkel, list[dict]]:
    """The warnings of each of ``kommune``'s values in ``perioder``: the stored values,
    with ``foreslatt`` ({(indikator id, periode): value}) in place of what is stored
    (an upload or a form not saved yet). Six queries whatever the number of values:
    indicators, rules and their two sides, the kommune's values (these periods and the
    ones before), the other kommuners' values."""
    foreslatt = foreslatt or {}
    perioder = set(perioder)
    indikatorer = {i.pk: i for i in Indikator.objects.all()}
    regler = list(Valideringsregel.objects.filter(aktiv=True).prefetch_related("venstre", "hoyre"))
    forrige = {p: forrige_periode(p) for p in perioder}
    egne: dict[Noekkel, Decimal | None] = {
        (ind, per): verdi
        for ind, per, verdi in Indikatorverdi.objects.filter(
            kommune=kommune, periode__in=perioder | set(forrige.values())
        ).values_list("indikator_id", "periode", "verdi")
    }
    egne.update(foreslatt)
    andre: dict[Noekkel, list[Decimal]] = defaultdict(list)
    for ind, per, verdi in Indikatorverdi.objects.filter(
        periode__in=perioder,
        status__in=[Status.SENDT_INN, Status.GODKJENT],
        verdi__isnull=False,
        kommune__in=andre_i_pilotene(kommune),
    ).values_list("indikator_id", "periode", "verdi"):
        andre[(ind, per)].append(verdi)
    per_periode: dict[str, dict[int, Decimal]] = defaultdict(dict)
    for (ind, per), verdi in egne.items():
        if per in perioder and verdi is not None:
            per_periode[per][ind] = verdi
    resultat: dict[Noekkel, list[dict]] = {}
    for per, verdier in per_periode.items():
        brudd = [(r, regelbrudd(r, verdier)) for r in regler]
        for ind, verdi in verdier.items():
            indikator = indikatorer.get(ind)
            if indikator is None:
                continue
            funnet = [
                hopp(indikator, verdi, egne.get((ind, forrige[per]))),
                avvik(indikator, verdi, andre.get((ind, per), [])),
                feil_periodetype(indikator, per),
            ]
            funnet += [
                a
                for r, a in brudd
                if a is not None
                and (ind in {i.pk for i in r.venstre.all()} or ind in {i.pk for i in r.hoyre.all()})
            ]
            resultat[(ind, per)] = [a for a in funnet if a is not None]
    return resultat
