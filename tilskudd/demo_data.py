"""Grant data from the source documents, for ``manage.py seed_demo``.

- Seed 001 (Fylkesmannen i Oslo og Viken, 14.11.2019): project discretionary funds
  (prosjektskjønnsmidler) in the Østfold pilot: NOK 200 000 to three of the four
  participating kommuner (Halden, Sarpsborg, Fredrikstad), 500 000 to Indre Østfold and
  400 000 to the evaluation by Høgskolen i Østfold. The evaluation is a Tildeling to the
  etat HiØ: the money went to the university college, not to a kommune. The source
  gives no pot total, so the pot is the sum of what was granted (1 500 000), and no
  budget chapter for the scheme.
- Seed 003 (Oxford Research 2023), section 1.2.2 and table 2: the five pooled schemes
  and the allocations to the twelve kommuner for 2020–2022. The source names the
  schemes of each pot but not how much came from each, so the sources carry no amounts.

Nothing here is invented: no applications, payments or reports, because the sources
give none."""

from __future__ import annotations

from kommuner.models import Etat, Kommune, Pilot
from kommuner.services import etat_upsert

from . import services
from .models import Pott

DEPARTEMENTER = [
    ("KD", "Kunnskapsdepartementet"),
    ("ASD", "Arbeids- og sosialdepartementet"),
    ("HOD", "Helse- og omsorgsdepartementet"),
    ("BLD", "Barne- og likestillingsdepartementet"),
]

# (departement, kapittel, post, navn in section 1.2.2, other names in the sources)
ORDNINGER = [
    (
        "KD",
        231,
        63,
        "Tilskudd til tiltak for bedre språkforståelse blant minoritetsspråklige barn i "
        "førskolealder",
        [
            "Tiltak for å styrke den norskspråklige utviklingen for minoritetsspråklige barn "
            "i barnehage"
        ],
    ),
    (
        "KD",
        231,
        66,
        "Tilskudd til økt barnehagedeltakelse for minoritetsspråklige barn",
        ["Økt barnehagedeltakelse for minoritetsspråklige barn i barnehage"],
    ),
    (
        "ASD",
        621,
        63,
        "Sosiale tjenester og tiltak for vanskeligstilte",
        ["Tilskudd til utvikling av sosiale tjenester i NAV-kontoret"],
    ),
    (
        "HOD",
        765,
        60,
        "Tilbud til mennesker med langvarige og/eller sammensatte tjenestebehov",
        ["Tilbud til barn, unge og voksne med langvarige og/eller sammensatte tjenestebehov"],
    ),
    (
        "BLD",
        846,
        62,
        "Støtte til oppfølgings- og losfunksjoner for ungdom",
        ["Støtte til oppfølgings- og løsfunksjoner for ungdom"],
    ),
]

SKJONN_ORDNING = "Prosjektskjønnsmidler til innovasjon"
SKJONN_EIER = "SF Oslo og Viken"
SKJONN_POTT = "Prosjektskjønnsmidler Velferdspiloten Østfold"
SKJONN_AAR = 2019
SKJONN_FORMAAL = "Fornyings- og innovasjonsarbeid i Velferdspiloten (innvilget etter søknad)"
SKJONN_KOMMUNER = [("3101", 200_000), ("3105", 200_000), ("3107", 200_000), ("3118", 500_000)]
SKJONN_EVALUERING = ("HiØ", 400_000, "Evaluering av Velferdspiloten i regi av Høgskolen i Østfold")

PROGRAM_POTT = "Programfinansiering 0–24"
PROGRAM_FORMAAL = "Programtilskudd i Pilot for programfinansiering"
# Table 2, NOK: kommunenummer → (2020, 2021, 2022)
PROGRAM_TILDELINGER = {
    "3420": (2_700_000, 2_784_000, 2_856_000),  # Elverum
    "3448": (1_790_000, 1_846_000, 1_894_000),  # Nordre Land
    "3427": (1_790_000, 1_846_000, 1_894_000),  # Tynset
    "3443": (2_260_000, 2_330_000, 2_391_000),  # Vestre Toten
    "5014": (1_880_000, 1_938_000, 1_989_000),  # Frøya
    "5007": (2_970_000, 3_062_000, 3_142_000),  # Namsos
    "5060": (2_520_000, 2_598_000, 2_666_000),  # Nærøysund
    "5001": (12_300_000, 12_680_000, 13_009_000),  # Trondheim
    "4012": (2_220_000, 2_289_000, 2_348_000),  # Bamble
    "3901": (3_130_000, 3_227_000, 3_311_000),  # Horten
    "3909": (3_960_000, 4_083_000, 4_189_000),  # Larvik
    "4010": (1_790_000, 1_846_000, 1_894_000),  # Siljan
}
PROGRAM_AAR = (2020, 2021, 2022)
# The table's own sums, checked by the tests against the rows above.
PROGRAM_SUMMER = {2020: 39_310_000, 2021: 40_529_000, 2022: 41_583_000}


def seed(stdout) -> None:
    departementer = {
        kort: etat_upsert(kortnavn=kort, navn=navn, type=Etat.Type.DEPARTEMENT)
        for kort, navn in DEPARTEMENTER
    }
    ordninger = [
        services.ordning_upsert(
            navn=navn, eier=departementer[dep], kapittel=kap, post=post, aliaser=aliaser
        )
        for dep, kap, post, navn, aliaser in ORDNINGER
    ]
    kommuner = {k.kommunenummer: k for k in Kommune.objects.all()}

    # Seed 001: Østfold prosjektskjønnsmidler 2019
    skjonn = services.ordning_upsert(
        navn=SKJONN_ORDNING, eier=Etat.objects.get(kortnavn=SKJONN_EIER)
    )
    total = sum(b for _nr, b in SKJONN_KOMMUNER) + SKJONN_EVALUERING[1]
    pott = services.pott_upsert(
        pott=Pott.objects.filter(navn=SKJONN_POTT, aar=SKJONN_AAR).first(),
        navn=SKJONN_POTT,
        aar=SKJONN_AAR,
        total=total,
        kilder=[(skjonn, total)],
        pilot=Pilot.objects.get(slug="velferdspiloten-ostfold"),
        beskrivelse=(
            "Kildene oppgir det som er innvilget, ikke hvor stor potten var; totalbeløpet "
            "er summen av tildelingene. 47 søknader kom inn."
        ),
    )
    for nr, belop in SKJONN_KOMMUNER:
        services.tildeling_upsert(
            pott=pott, kommune=kommuner[nr], belop=belop, user=None, formaal=SKJONN_FORMAAL
        )
    etat_kort, belop, formaal = SKJONN_EVALUERING
    services.tildeling_upsert(
        pott=pott,
        etat=Etat.objects.get(kortnavn=etat_kort),
        belop=belop,
        user=None,
        formaal=formaal,
    )

    # Seed 003, table 2: programme financing 2020–2022
    program = Pilot.objects.get(slug="programfinansiering")
    for i, aar in enumerate(PROGRAM_AAR):
        pott = services.pott_upsert(
            pott=Pott.objects.filter(navn=PROGRAM_POTT, aar=aar).first(),
            navn=PROGRAM_POTT,
            aar=aar,
            total=PROGRAM_SUMMER[aar],
            kilder=[(ordning, None) for ordning in ordninger],
            pilot=program,
            beskrivelse=(
                "Fem tilskuddsordninger fra fire departementer slått sammen til ett "
                "programtilskudd per kommune. Kilden oppgir ikke hvor mye som kom fra "
                "hver ordning."
            ),
        )
        for nr, belop in PROGRAM_TILDELINGER.items():
            services.tildeling_upsert(
                pott=pott,
                kommune=kommuner[nr],
                belop=belop[i],
                user=None,
                formaal=PROGRAM_FORMAAL,
            )
    stdout.write(
        f"Tilskudd: {len(ordninger) + 1} ordninger, {1 + len(PROGRAM_AAR)} potter, "
        f"{len(SKJONN_KOMMUNER) + 1 + len(PROGRAM_TILDELINGER) * len(PROGRAM_AAR)} tildelinger."
    )
