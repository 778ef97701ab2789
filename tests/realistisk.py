"""Test data shaped like a pilot's after a year and a half, made through the services
so every rule holds: four kommuner, two of them also in a second pilot; approved
indicator values with decimals over six half-years and a baseline for each; every goal
assessed overall and per kommune; meetings with decisions and follow-up points; grants
applied for, decided and paid. Reports, the one-kommune PDF and the knowledge package
are tested on this, not on an empty pilot."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.utils import timezone

from evaluering import services as evaluering
from evaluering.models import Rapportperiode
from investering import services as investering
from investering.models import Motetype
from kommuner.kunnskap import services as kunnskap
from kommuner.models import Bruker, Indikator, Indikatorverdi, Kommune, Pilot
from kommuner.roller import Rolle
from kommuner.services import deltakelse_upsert
from tests.factories import BrukerFactory, KommuneFactory, PilotFactory
from tilskudd import services as tilskudd

PERIODER = ["2023-H1", "2023-H2", "2024-H1", "2024-H2", "2025-H1", "2025-H2"]
VURDERINGER = ["noen", "stor", "liten", "oppnadd"]


@dataclass
class Pilotdata:
    pilot: Pilot
    annen_pilot: Pilot
    periode: Rapportperiode
    kommuner: list[Kommune]
    kontakter: dict[str, Bruker]
    indikatorer: list[Indikator]
    admin: Bruker
    leder: Bruker
    extra: dict = field(default_factory=dict)


def _at(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour))  # noqa: DTZ001


def bygg_pilot_etter_ett_aar(
    *, pilot: Pilot, admin: Bruker, leder: Bruker, kommuner: list[Kommune] | None = None
) -> Pilotdata:
    kommuner = kommuner or []
    for nummer, navn, innbyggere in [
        ("3107", "Fredrikstad", 83892),
        ("3103", "Moss", 50290),
    ]:
        kommuner.append(
            Kommune.objects.filter(kommunenummer=nummer).first()
            or KommuneFactory(kommunenummer=nummer, navn=navn, fylke="31", innbyggere=innbyggere)
        )
    annen_pilot = PilotFactory(slug="programfinansiering", navn="Programfinansiering")
    # The leader is on the pilot's investment team, so follow-up points in the kommuner
    # it does not lead may be theirs too.
    team = investering.investeringsteam_upsert(pilot=pilot, navn="Investeringsteamet")
    investering.teammedlem_upsert(team=team, bruker=leder)
    kontakter = {}
    for i, kommune in enumerate(kommuner):
        deltakelse_upsert(
            pilot=pilot,
            kommune=kommune,
            status="deltar",
            investeringsleder=leder if i % 2 == 0 else None,
            valgt_utfordring="Barnefattigdom",
        )
        if i < 2:  # Halden and Sarpsborg take part in both pilots
            deltakelse_upsert(pilot=annen_pilot, kommune=kommune, status="deltar")
        kontakter[kommune.kommunenummer] = Bruker.objects.filter(
            kommune=kommune, groups__name=Rolle.KONTAKTPERSON
        ).first() or BrukerFactory(
            email=f"kontakt.{kommune.kommunenummer}@test.no",
            fullt_navn=f"Kontakt {kommune.navn}",
            kommune=kommune,
            roller=[Rolle.KONTAKTPERSON],
        )

    indikatorer = [
        kunnskap.indikator_upsert(
            navn="Barn i lavinntektsfamilier",
            enhet=Indikator.Enhet.PROSENT,
            retning=Indikator.Retning.LAVERE,
            tema="barnefattigdom",
            kilde="SSB",
            rekkefolge=1,
        ),
        kunnskap.indikator_upsert(
            navn="Unge utenfor arbeid og utdanning",
            enhet=Indikator.Enhet.PER_1000,
            retning=Indikator.Retning.LAVERE,
            tema="arbeid",
            kilde="SSB",
            rekkefolge=2,
        ),
        kunnskap.indikator_upsert(
            navn="Fullført videregående",
            enhet=Indikator.Enhet.PROSENT,
            retning=Indikator.Retning.HOYERE,
            tema="utdanning",
            kilde="SSB",
            rekkefolge=3,
        ),
    ]
    for k, kommune in enumerate(kommuner):
        kontakt = kontakter[kommune.kommunenummer]
        for ind_nr, indikator in enumerate(indikatorer):
            start = Decimal("12.40") + Decimal(k) + Decimal(ind_nr * 20)
            kunnskap.nullpunkt_upsert(
                kommune=kommune, indikator=indikator, periode=PERIODER[0], verdi=start
            )
            for p, periode in enumerate(PERIODER):
                verdi = kunnskap.indikatorverdi_upsert(
                    kommune=kommune,
                    indikator=indikator,
                    periode=periode,
                    verdi=start - Decimal("0.35") * p,
                    bruker=kontakt,
                    send_inn=True,
                )
                if p < len(PERIODER) - 1 or k % 2 == 0:
                    kunnskap.indikatorverdi_approve(verdi=verdi, bruker=leder)

    mal = [
        evaluering.mal_upsert(
            pilot=pilot,
            nummer=1,
            tittel="Utviklet en ny modell for samordning",
            indikatorer=[indikatorer[0]],
        ),
        evaluering.mal_upsert(
            pilot=pilot, nummer=2, tittel="Færre unge utenfor", indikatorer=[indikatorer[1]]
        ),
        evaluering.mal_upsert(pilot=pilot, nummer=3, tittel="Delt erfaringer"),
    ]
    perioder = [evaluering.periode_get_or_create(pilot=pilot, aar=2025, halvaar=h) for h in (1, 2)]
    for periode in perioder:
        for m_nr, m in enumerate(mal):
            evaluering.maloppnaelse_set(
                mal=m,
                periode=periode,
                kommune=None,
                vurdering=VURDERINGER[m_nr % len(VURDERINGER)],
                begrunnelse=f"Samlet vurdering av mål {m.nummer}.",
                vurdert_av=admin,
                dato=periode.slutt,
            )
            for k, kommune in enumerate(kommuner):
                evaluering.maloppnaelse_set(
                    mal=m,
                    periode=periode,
                    kommune=kommune,
                    vurdering=VURDERINGER[(m_nr + k) % len(VURDERINGER)],
                    begrunnelse=f"{kommune.navn}: vurdering av mål {m.nummer}.",
                    vurdert_av=admin,
                    dato=periode.slutt,
                )

    for k, kommune in enumerate(kommuner):
        for n, dag in enumerate([date(2025, 2, 3), date(2025, 5, 12), date(2025, 9, 8)]):
            investering.mote_log(
                pilot=pilot,
                kommune=kommune,
                type=Motetype.FREMDRIFT if n else Motetype.OPPSTART,
                start=_at(dag + timedelta(days=k)),
                skrevet_av=leder,
                referat=f"Møte {n + 1} med {kommune.navn} om barnefattigdom.",
                deltakere=[investering.Deltaker(bruker=leder)],
                beslutninger=[f"Beslutning {n + 1}a", f"Beslutning {n + 1}b"],
                oppfolgingspunkter=[
                    {"tekst": "Lag oversikt over tiltak.", "frist": dag + timedelta(days=30)},
                    {"tekst": "Inviter NAV.", "ansvarlig_bruker": leder},
                ],
            )

    ordning = tilskudd.ordning_upsert(
        navn="Tilskudd til kommunalt barne- og ungdomsarbeid", kapittel=231, post=63
    )
    pott = tilskudd.pott_upsert(
        navn="Pilotpotten 2025", aar=2025, total=4_000_000, kilder=[(ordning, 4_000_000)]
    )
    # The 2025 round: applied for in August, decided in September, half paid in
    # October, as a real round runs.
    runde_2025 = tilskudd.runde_upsert(
        pott=pott,
        tittel="Innovasjonsmidler 2025",
        aapner=_at(date(2025, 8, 1)),
        stenger=_at(date(2025, 9, 1)),
        pilot=pilot,
    )
    for k, kommune in enumerate(kommuner):
        kontakt = kontakter[kommune.kommunenummer]
        soknad = tilskudd.soknad_create(
            runde=runde_2025,
            kommune=kommune,
            user=kontakt,
            tittel=f"Familiekoordinator i {kommune.navn}",
            formaal="Koordinere tjenester til familier med lav inntekt.",
            belop_sokt=600_000 + 50_000 * k,
            budsjettlinjer=[("Lønn", 600_000 + 50_000 * k)],
        )
        soknad = tilskudd.soknad_submit(soknad=soknad, user=kontakt, now=_at(date(2025, 8, 20 + k)))
        soknad = tilskudd.soknad_start_review(soknad=soknad, user=admin)
        vedtak = tilskudd.vedtak_create(
            now=_at(date(2025, 9, 15)),
            soknad=soknad,
            user=admin,
            utfall="innvilget" if k % 2 == 0 else "delvis_innvilget",
            belop_innvilget=600_000 + 50_000 * k if k % 2 == 0 else 333_333,
            begrunnelse="Godt begrunnet.",
        )
        tilskudd.utbetaling_create(
            user=admin, belop=vedtak.belop_innvilget // 2, dato=date(2025, 10, 1), vedtak=vedtak
        )
    # This year's round, open now, for applications the tests make themselves.
    pott_2026 = tilskudd.pott_upsert(
        navn="Pilotpotten 2026", aar=2026, total=4_000_000, kilder=[(ordning, 4_000_000)]
    )
    now = timezone.now()
    runde = tilskudd.runde_upsert(
        pott=pott_2026,
        tittel="Innovasjonsmidler 2026",
        aapner=now - timedelta(days=2),
        stenger=now + timedelta(days=30),
        pilot=pilot,
    )

    return Pilotdata(
        pilot=pilot,
        annen_pilot=annen_pilot,
        periode=perioder[1],
        kommuner=kommuner,
        kontakter=kontakter,
        indikatorer=indikatorer,
        admin=admin,
        leder=leder,
        extra={"pott": pott, "runde": runde, "runde_2025": runde_2025, "mal": mal},
    )


__all__ = ["PERIODER", "Indikatorverdi", "Pilotdata", "bygg_pilot_etter_ett_aar"]
