"""Demo data for evaluering, from the source documents: the goals of both pilots, their
half-year periods, and the published 2019-H2 status report of the Østfold pilot with
the goal assessments that Høgskolen i Østfold's report 2019:2 (seed 000, last section)
gives. Nothing here is invented: where the source says it is too early to tell, the
assessment says so."""

from datetime import date

from kommuner.models import Bruker, Kommune, Pilot

from . import services
from .models import Rapportperiode, Skala, Statusrapport

MAL = {
    "velferdspiloten-ostfold": [
        "Utviklet en ny modell for samordning",
        "Identifisert og endret uhensiktsmessige regler og arbeidsmetoder, og eventuelt "
        "løftet slike til nasjonalt nivå",
        "Mer effektiv ressursbruk i kommunene",
        "Mer effektiv ressursbruk hos regionale aktører",
        "Økt innovasjon i kommunene",
        "Delt erfaringer",
    ],
    "programfinansiering": [
        "Barn, unge og deres familier opplever at tiltak og tilbud i kommunen er mer "
        "samordnet og tilgjengelige",
        "Det tverretatlige samarbeidet i kommunene om utsatte barn og unge og deres familier "
        "er forankret i ledelsen, og det er utviklet bedre systemer og strukturer",
        "En mer samordnet innsats fra statlig sektor knyttet til finansiering og koordinert "
        "tilskuddsforvaltning",
        "Mindre tidsbruk på tilskudd i kommunene",
        "Mer kunnskap om virkninger og erfaringer av tiltak mot målgruppen",
        "Kunnskap om programfinansiering som virkemiddel overfor kommunene innen 0–24-arbeidet",
    ],
}

# Seed 000, "Hvordan ligger Velferdspiloten an til å nå målene?" (autumn 2019).
VURDERINGER_2019_H2 = {
    1: (
        Skala.NOEN,
        "Trolig nås målet på regionalt nivå: de regionale statlige etatene og "
        "fylkeskommunen opptrer samordnet mot kommunene, med felles bruk av personell. Det "
        "er ikke etablert partnerskap eller felles budsjetteringsrutiner. Tre av kommunene "
        "er kommet et godt stykke på vei med barnefattigdom; Indre Østfold arbeider med "
        "planarbeidet i den nye kommunen.",
    ),
    2: (
        Skala.LITEN,
        "Arbeidsgruppen har hele tiden fokus på regler som er uhensiktsmessige for "
        "kommunene, men det er for tidlig i prosessen til å si mer.",
    ),
    3: (
        Skala.IKKE_MALBART,
        "For tidlig å si om det er utviklet modeller for samordning som effektiviserer "
        "kommunenes ressursbruk. Samordning krever tid og møter; felles budsjettering kan "
        "øke effektiviteten.",
    ),
    4: (
        Skala.IKKE_MALBART,
        "For tidlig å si. Samordning er ressurskrevende i tid og personell, og ekstra trykk "
        "på samordning gir flere møter.",
    ),
    5: (
        Skala.LITEN,
        "For tidlig å si om piloten gir økt innovasjon i kommunene, men det tilrettelegges "
        "for at det skal skje.",
    ),
    6: (
        Skala.NOEN,
        "Kommunene deler erfaringer, blant annet gjennom følgeforskningen ved Høgskolen i "
        "Østfold. En erfaringskonferanse er planlagt i desember 2019.",
    ),
}

# Seed 003: the reflection-form statements whose 2020 and 2022 means the report gives.
# Only the means are published, not each kommune's answers, so no answers are seeded.
REFLEKSJON_PASTANDER = [
    "Programfinansieringen bidrar til at kommunen selv kan sitte i førersetet og "
    "disponere ressurser slik det passer",
    "Programfinansieringen styrker lokalt eierskap",
    "Programfinansieringen styrker samarbeidet mellom kommunen og kompetansemiljøer/UH-sektor",
]


def _half_years(start: date, slutt: date):
    year, half = start.year, 1 if start.month <= 6 else 2
    while (year, half) <= (slutt.year, 1 if slutt.month <= 6 else 2):
        yield year, half
        year, half = (year, 2) if half == 1 else (year + 1, 1)


def seed(stdout) -> None:
    admin = Bruker.objects.get(email="admin@demo.no")
    for slug, titler in MAL.items():
        pilot = Pilot.objects.get(slug=slug)
        mal = [
            services.mal_upsert(pilot=pilot, nummer=i, tittel=t)
            for i, t in enumerate(titler, start=1)
        ]
        for aar, halvaar in _half_years(pilot.start, pilot.slutt):
            periode = services.periode_get_or_create(pilot=pilot, aar=aar, halvaar=halvaar)
            if periode.status == Rapportperiode.Status.APEN:
                Rapportperiode.objects.filter(pk=periode.pk).update(
                    status=Rapportperiode.Status.LUKKET
                )
        if slug == "velferdspiloten-ostfold":
            _seed_ostfold_report(pilot, mal, admin)
        else:
            _seed_reflection_forms(pilot)
    stdout.write("Mål, rapportperioder og statusrapport 2019-H2 er på plass.")


def _seed_ostfold_report(pilot, mal, admin) -> None:
    periode = Rapportperiode.objects.get(pilot=pilot, aar=2019, halvaar=2)
    if periode.statusrapporter.filter(status=Statusrapport.Status.PUBLISERT).exists():
        return
    Rapportperiode.objects.filter(pk=periode.pk).update(status=Rapportperiode.Status.LUKKET)
    periode.refresh_from_db()
    for m in mal:
        vurdering, begrunnelse = VURDERINGER_2019_H2[m.nummer]
        services.maloppnaelse_set(
            mal=m,
            periode=periode,
            kommune=None,
            vurdering=vurdering,
            begrunnelse=begrunnelse,
            vurdert_av=admin,
            dato=date(2019, 11, 14),
        )
    rapport = services.statusrapport_bestill(periode=periode, bestilt_av=admin)
    rapport = services.statusrapport_render(rapport_id=rapport.pk)
    services.statusrapport_publish(rapport=rapport, publisert_av=admin, varsle=False)


def _seed_reflection_forms(pilot) -> None:
    from .models import Refleksjonsskjema

    kommuner = list(Kommune.objects.filter(deltakelser__pilot=pilot))
    forrige = None
    for aar, tittel in [
        (2020, "Andre refleksjonsskjema (2020)"),
        (2022, "Tredje refleksjonsskjema (2022)"),
    ]:
        periode = Rapportperiode.objects.get(pilot=pilot, aar=aar, halvaar=2)
        skjema = Refleksjonsskjema.objects.filter(pilot=pilot, tittel=tittel).first()
        if skjema is None:
            skjema = services.refleksjonsskjema_create(
                pilot=pilot,
                periode=periode,
                tittel=tittel,
                innledning="Vurder programfinansieringens bidrag til kommunens arbeidsmetoder.",
                pastander=REFLEKSJON_PASTANDER,
                kommuner=kommuner,
                forrige=forrige,
                varsle=False,  # historical forms: nobody is told today
            )
        forrige = skjema
