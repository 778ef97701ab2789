"""Indicator values and baselines for every participating demo kommune, made through
``kommuner.kunnskap.services``: submitted by the kommune's contact person (or, in the
programme pilot, where the sources name no contact person, by its demo investment
leader) and approved by someone else, as the portal requires.

The figures are illustrative, not the kommuner's published statistics (the real ones
come from a fetch from SSB, README): of the right size for each kommune, inside each
unit's natural bounds (a share 0–100 %, a rate per 1000 never negative), with a
baseline the year before the pilot and modest changes after. Halden's values for
2020 are left submitted, for the investment leader to approve or return."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from kommuner.kunnskap import services
from kommuner.models import Bruker, Deltakelse, Indikator, Indikatorverdi

from .tid import i_pilotens_tid, kl

LAVINNTEKT = "Andel barn (0–17 år) i husholdninger med vedvarende lavinntekt (%)"
UTENFOR = "Andel unge (15–29 år) utenfor arbeid, utdanning og opplæring (%)"
SOSIALHJELP = "Sosialhjelpsmottakere 18–24 år (per 1000 innbyggere)"
INDIKATORER = (LAVINNTEKT, UTENFOR, SOSIALHJELP)

# kommunenummer → baseline per indicator (in INDIKATORER's order)
NIVAA = {
    "3101": (15.9, 9.8, 74.0),  # Halden
    "3105": (16.4, 10.1, 79.0),  # Sarpsborg
    "3107": (14.8, 9.4, 68.0),  # Fredrikstad
    "3118": (11.6, 8.1, 55.0),  # Indre Østfold
    "3420": (11.2, 8.0, 52.0),  # Elverum
    "3448": (9.4, 7.2, 41.0),  # Nordre Land
    "3427": (6.8, 5.9, 30.0),  # Tynset
    "3443": (9.9, 7.6, 45.0),  # Vestre Toten
    "5014": (7.5, 6.1, 33.0),  # Frøya
    "5007": (9.1, 7.4, 47.0),  # Namsos
    "5060": (8.2, 6.8, 39.0),  # Nærøysund
    "5001": (8.6, 6.5, 42.0),  # Trondheim
    "4012": (11.9, 8.7, 58.0),  # Bamble
    "3901": (10.7, 8.0, 49.0),  # Horten
    "3909": (11.4, 8.3, 53.0),  # Larvik
    "4010": (7.9, 6.4, 35.0),  # Siljan
}
# Change from the baseline per later year, as a share of it: small improvements, one
# year a little worse (lower is better for all three indicators).
ENDRING = (-0.015, -0.035, -0.02)
PILOTAAR = {
    "velferdspiloten-ostfold": (2017, (2018, 2019)),
    "programfinansiering": (2019, (2020, 2021, 2022)),
}
HALDEN_TIL_GODKJENNING = 2020


def _verdi(baseline: float, faktor: float, desimaler: int) -> Decimal:
    return round(Decimal(str(baseline * (1 + faktor))), desimaler)


def _desimaler(indikator: Indikator) -> int:
    return 0 if indikator.enhet == Indikator.Enhet.PER_1000 else 1


def _lagre_aar(kommune, aar, verdier, innsender, godkjenner, send_bare=False):
    innsendt = kl(date(aar + 1, 4, 20))
    with i_pilotens_tid(innsendt):
        rader = services.periode_upsert(
            kommune=kommune,
            periode=str(aar),
            verdier={i: (v, "") for i, v in verdier.items()},
            bruker=innsender,
            send_inn=True,
        )
    Indikatorverdi.objects.filter(pk__in=[r.pk for r in rader]).update(sendt_inn_tid=innsendt)
    if send_bare:
        return
    godkjent = innsendt + timedelta(days=9)
    with i_pilotens_tid(godkjent):
        for rad in rader:
            services.indikatorverdi_approve(verdi=rad, bruker=godkjenner)
    Indikatorverdi.objects.filter(pk__in=[r.pk for r in rader]).update(behandlet_tid=godkjent)


def seed(stdout, kontakter: dict[str, str]) -> None:
    indikatorer = [Indikator.objects.get(navn=navn) for navn in INDIKATORER]
    if Indikatorverdi.objects.filter(indikator=indikatorer[0]).exists():
        return
    admin = Bruker.objects.get(email="admin@demo.no")
    deltakelser = (
        Deltakelse.objects.filter(status=Deltakelse.Status.DELTAR, kommune__kommunenummer__in=NIVAA)
        .select_related("kommune", "pilot", "investeringsleder")
        .order_by("pilot__start", "kommune__navn")
    )
    antall = 0
    for d in deltakelser:
        nr = d.kommune.kommunenummer
        kontakt = Bruker.objects.filter(email=kontakter.get(nr, "")).first()
        innsender = kontakt or d.investeringsleder
        godkjenner = d.investeringsleder if kontakt and d.investeringsleder else admin
        nullaar, aarene = PILOTAAR[d.pilot.slug]
        with i_pilotens_tid(kl(date(nullaar + 1, 5, 2))):
            for indikator, baseline in zip(indikatorer, NIVAA[nr], strict=True):
                services.nullpunkt_upsert(
                    kommune=d.kommune,
                    indikator=indikator,
                    periode=str(nullaar),
                    verdi=_verdi(baseline, 0, _desimaler(indikator)),
                    kommentar="Nullpunktsmåling året før piloten startet.",
                )
        for aar, faktor in zip(aarene, ENDRING, strict=False):
            verdier = {
                i: _verdi(b, faktor, _desimaler(i))
                for i, b in zip(indikatorer, NIVAA[nr], strict=True)
            }
            _lagre_aar(d.kommune, aar, verdier, innsender, godkjenner)
            antall += len(verdier)
        if nr == "3101":
            verdier = {
                i: _verdi(b, -0.045, _desimaler(i))
                for i, b in zip(indikatorer, NIVAA[nr], strict=True)
            }
            _lagre_aar(
                d.kommune, HALDEN_TIL_GODKJENNING, verdier, innsender, godkjenner, send_bare=True
            )
    stdout.write(f"Kunnskapsgrunnlag (demo): {antall} godkjente indikatorverdier med nullpunkt.")
