"""Reflection-form answers for the programme-financing pilot, made through
``evaluering.services.refleksjonssvar_submit``, and the dates of the published report.

Seed 003 (Oxford Research 2023, section 5.5.5, figure 11) publishes only the means of
the twelve kommuner's answers: "førersetet" 3.9 (2020) and 4.7 (2022), "lokalt eierskap"
3.9 and 4.5, and for the collaboration with research a rise of about 17 %. The
per-kommune answers here are illustrative, chosen so that their means round to the
published ones (the third statement 3.5 → 4.1). The sources name no contact person in
these kommuner, so the Statsforvalter's demo investment leader registers each answer."""

from __future__ import annotations

from datetime import date

from evaluering import services
from evaluering.models import Refleksjonsskjema, Refleksjonssvar, Statusrapport
from kommuner.models import Deltakelse

from .tid import i_pilotens_tid, kl

# form title → per statement (in order), the twelve kommuner's answers (kommune name order)
SVAR = {
    "Andre refleksjonsskjema (2020)": [
        [4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 3],  # mean 3.92
        [4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 3],  # mean 3.92
        [4, 4, 4, 4, 4, 4, 3, 3, 3, 3, 3, 3],  # mean 3.50
    ],
    "Tredje refleksjonsskjema (2022)": [
        [5, 5, 5, 5, 5, 5, 5, 5, 4, 4, 4, 4],  # mean 4.67
        [5, 5, 5, 5, 5, 5, 4, 4, 4, 4, 4, 4],  # mean 4.50
        [5, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4],  # mean 4.08
    ],
}
BESVART = {
    "Andre refleksjonsskjema (2020)": date(2020, 11, 20),
    "Tredje refleksjonsskjema (2022)": date(2022, 11, 18),
}
FRITEKST = {
    "Andre refleksjonsskjema (2020)": "Pilotarbeidet er koblet på eksisterende strukturer "
    "rundt målgruppen; pandemien har forsinket fremdriften noe.",
    "Tredje refleksjonsskjema (2022)": "Programfinansieringen gir handlingsrom til å jobbe "
    "med samhandling og løfte blikket fra drift, og oppleves som mindre byråkratisk enn "
    "de ordinære tilskuddsordningene.",
}


def seed(stdout) -> None:
    besvart = 0
    for skjema in Refleksjonsskjema.objects.filter(tittel__in=SVAR).order_by("pk"):
        if skjema.svar.exists():
            continue
        pastander = list(skjema.pastander.order_by("nummer"))
        deltakelser = {
            d.kommune_id: d
            for d in Deltakelse.objects.filter(pilot=skjema.pilot).select_related(
                "investeringsleder"
            )
        }
        kommuner = list(skjema.kommuner.order_by("navn"))
        tid = kl(BESVART[skjema.tittel], "12:00")
        for k, kommune in enumerate(kommuner):
            leder = deltakelser[kommune.pk].investeringsleder
            if leder is None:
                continue
            with i_pilotens_tid(tid):
                svar = services.refleksjonssvar_submit(
                    skjema=skjema,
                    kommune=kommune,
                    besvart_av=leder,
                    verdier={p.pk: SVAR[skjema.tittel][i][k % 12] for i, p in enumerate(pastander)},
                    fritekst=FRITEKST[skjema.tittel] if k == 0 else "",
                )
            Refleksjonssvar.objects.filter(pk=svar.pk).update(besvart=tid)
            besvart += 1
    stdout.write(f"Refleksjonsskjema (demo): {besvart} nye svar.")


def dater_statusrapport() -> None:
    """The 2019-H2 report was ordered, made and published in January 2020."""
    Statusrapport.objects.filter(
        periode__pilot__slug="velferdspiloten-ostfold",
        periode__aar=2019,
        periode__halvaar=2,
        status=Statusrapport.Status.PUBLISERT,
        publisert__year__gt=2020,
    ).update(
        bestilt=kl(date(2020, 1, 14), "09:00"),
        generert=kl(date(2020, 1, 14), "09:01"),
        publisert=kl(date(2020, 1, 20), "10:00"),
    )
