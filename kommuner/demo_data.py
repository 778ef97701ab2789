"""The real data behind ``manage.py seed_demo`` (from ../shared/seeds): agencies,
pilots, kommuner and their participations. Kept as plain data so later issues can
extend the demo without touching the command's logic."""

from datetime import date

from .models import Deltakelse, Etat, Fase5D

ETATER = [
    # (kortnavn, navn, type) — the investment team of the Østfold pilot (seed 001/002)
    (
        "SF Oslo og Viken",
        "Statsforvalteren i Oslo og Viken (tidl. Fylkesmannen)",
        Etat.Type.STATSFORVALTER,
    ),
    ("NAV Øst-Viken", "NAV Øst-Viken", Etat.Type.STATLIG),
    ("Østfold fylkeskommune", "Østfold fylkeskommune", Etat.Type.FYLKESKOMMUNE),
    ("Bufetat Øst", "Bufetat, region øst", Etat.Type.STATLIG),
    ("IMDi Øst", "IMDi Øst", Etat.Type.STATLIG),
    ("Husbanken Øst", "Husbanken, region øst", Etat.Type.STATLIG),
    ("HiØ", "Høgskolen i Østfold", Etat.Type.UTDANNING),
    ("Øst politidistrikt", "Øst politidistrikt", Etat.Type.POLITI),
    # The programme-financing pilot (seed 003/004)
    ("Udir", "Utdanningsdirektoratet", Etat.Type.DIREKTORAT),
    ("SF Innlandet", "Statsforvalteren i Innlandet", Etat.Type.STATSFORVALTER),
    # The other two Statsforvalter offices of the programme-financing pilot (seed 003)
    ("SF Trøndelag", "Statsforvalteren i Trøndelag", Etat.Type.STATSFORVALTER),
    (
        "SF Vestfold og Telemark",
        "Statsforvalteren i Vestfold og Telemark",
        Etat.Type.STATSFORVALTER,
    ),
]

PILOTER = [
    {
        "slug": "velferdspiloten-ostfold",
        "navn": "Velferdspiloten Østfold",
        "piloteier": "SF Oslo og Viken",
        "start": date(2018, 1, 1),
        "slutt": date(2020, 12, 31),
        "beskrivelse": (
            "Kommunene i Østfold møter en samlet regional stat og fylkeskommune, som sammen "
            "bidrar til å løse kommunenes helhetlige velferdsutfordringer. Regional stat "
            "opptrer som én investor: et investeringsteam fra Fylkesmannen, NAV, Bufetat, "
            "IMDi, Husbanken, fylkeskommunen, politiet og Høgskolen i Østfold investerer "
            "kunnskap, folk og tilskudd i hver kommune."
        ),
    },
    {
        "slug": "programfinansiering",
        "navn": "Pilot for programfinansiering",
        "piloteier": "Udir",
        "start": date(2020, 1, 1),
        "slutt": date(2023, 12, 31),
        "beskrivelse": (
            "Fem statlige tilskuddsordninger fra fire departementer slås sammen til ett "
            "programtilskudd per kommune for å styrke 0–24-samarbeidet. Tolv kommuner i "
            "Innlandet, Trøndelag og Vestfold og Telemark deltar."
        ),
    },
]

# (kommunenummer 2024, navn, innbyggere, år for innbyggertallet)
KOMMUNER = [
    ("3101", "Halden", 30840, 2019),
    ("3103", "Moss", 48584, 2019),  # Moss/Rygge in seed 001
    ("3105", "Sarpsborg", 55421, 2019),
    ("3107", "Fredrikstad", 80867, 2019),
    ("3118", "Indre Østfold", 43955, 2019),
    ("3420", "Elverum", None, None),
    ("3427", "Tynset", None, None),
    ("3443", "Vestre Toten", None, None),
    ("3448", "Nordre Land", None, None),
    ("5001", "Trondheim", None, None),
    ("5007", "Namsos", None, None),
    ("5014", "Frøya", None, None),
    ("5060", "Nærøysund", None, None),
    ("3901", "Horten", None, None),
    ("3909", "Larvik", None, None),
    ("4010", "Siljan", None, None),
    ("4012", "Bamble", None, None),
]

# Seed 001's status table, 14.11.2019. The sources date the anchoring meetings; the
# other milestones are known only to have been reached by the status report, so they
# carry its date.
STATUS_2019 = date(2019, 11, 14)
ALLE_MILEPAELER = [
    "definert_utfordring",
    "forankret",
    "kunnskapsgrunnlag",
    "definert_behov",
    "organisert",
    "operativ",
]


def _milepaeler(forankret: date, reached: list[str]) -> dict:
    dates = {name: STATUS_2019 for name in reached}
    dates["forankret"] = forankret
    if "definert_utfordring" in dates:
        dates["definert_utfordring"] = min(dates["definert_utfordring"], forankret)
    return dates


DELTAKELSER_OSTFOLD = [
    # (kommunenummer, status, valgt utfordring, investeringsleders etat, milestones)
    (
        "3101",
        Deltakelse.Status.DELTAR,
        "Barnefattigdom",
        "SF Oslo og Viken",
        _milepaeler(date(2018, 9, 19), ALLE_MILEPAELER),
    ),
    (
        "3105",
        Deltakelse.Status.DELTAR,
        "Barnefattigdom og utenforskap",
        "Østfold fylkeskommune",
        _milepaeler(date(2018, 10, 9), ALLE_MILEPAELER),
    ),
    (
        "3107",
        Deltakelse.Status.DELTAR,
        "Barnefattigdom, levekår og innbyggermedvirkning (Kommune 3.0)",
        "Husbanken Øst",
        _milepaeler(date(2019, 3, 4), ["definert_utfordring", "forankret"]),
    ),
    (
        "3118",
        Deltakelse.Status.DELTAR,
        "Utforme velferdsområdene i den nye kommunen: planstrategi, kommuneplanens "
        "samfunnsdel 2019 og FNs bærekraftsmål",
        "IMDi Øst",
        _milepaeler(date(2019, 1, 29), ALLE_MILEPAELER),
    ),
    ("3103", Deltakelse.Status.TAKKET_NEI, "", None, {}),
]

# The 5D phase each Østfold kommune was in when Høgskolen i Østfold wrote its report
# (seed 000, "Kommuner og aktiviteter", spring/summer 2019), read against the report's
# own description of the phases ("Definisjonsfasen": agree on the purpose and choose a
# focus question; "Undersøkelsesfasen": gather knowledge of the relevant situations).
# The report names no kommune in a later phase ("Realiseringsfasen har vi enda ikke
# grunnlag for å si noe om"). The programme-financing pilot did not use the 5D model.
FASE_5D = {
    # "Det arbeides med å finne en konkret problemstilling innenfor hovedområdet om
    # barnefattigdom" (Fredrikstad, May 2019).
    "3107": Fase5D.DEFINISJON,
    # One meeting (April 2019), where "bestemmes det at kommunen vil arbeide med
    # barnefattigdom" (Sarpsborg).
    "3105": Fase5D.DEFINISJON,
    # The working group's meetings "skape et felles kunnskapsgrunnlag for problemer og
    # utfordringer"; February 2019: "søke kunnskap om andre kommuners organisering av
    # boligformidling" (Halden).
    "3101": Fase5D.UNDERSOKELSE,
    # "I april hadde ledergruppen møte om kunnskapsgrunnlaget" (Indre Østfold).
    "3118": Fase5D.UNDERSOKELSE,
}

PROGRAMFINANSIERING_KOMMUNER = [
    "3420",
    "3427",
    "3443",
    "3448",
    "5001",
    "5007",
    "5014",
    "5060",
    "3901",
    "3909",
    "4010",
    "4012",
]

DEMO_PASSORD = "demo-passord-2026"

# (email, fullt navn, roller, etat kortnavn, kommunenummer, staff/superuser)
BRUKERE = [
    ("admin@demo.no", "Kari Pilotleder", ["admin"], "SF Oslo og Viken", None, True),
    # A second admin: the leader who signs off the case handler's proposed decisions
    # (two-step approval, "to-trinns godkjenning").
    ("seksjonsleder@demo.no", "Per Seksjonsleder", ["admin"], "SF Oslo og Viken", None, False),
    (
        "leder.halden@demo.no",
        "Lars Investeringsleder",
        ["investeringsleder", "investeringsteam"],
        "SF Oslo og Viken",
        None,
        False,
    ),
    ("kontakt.halden@demo.no", "Hanne Kontaktperson", ["kontaktperson"], None, "3101", False),
    ("styre@demo.no", "Siri Styringsgruppe", ["styringsgruppe"], "NAV Øst-Viken", None, False),
    ("forsker@demo.no", "Fredrik Følgeforsker", ["folgeforsker"], "HiØ", None, False),
    # The programme-financing pilot: the sources name each Statsforvalter office's
    # follow-up of its kommuner, no person; these stand for that role, plainly as demo
    # users (investering/demo_data.py gives them their kommuner and team).
    *(
        (email, navn, ["investeringsleder", "investeringsteam"], etat, None, False)
        for email, navn, etat in [
            ("leder.innlandet@demo.no", "Demo Investeringsleder Innlandet", "SF Innlandet"),
            ("leder.trondelag@demo.no", "Demo Investeringsleder Trøndelag", "SF Trøndelag"),
            (
                "leder.vestfold-telemark@demo.no",
                "Demo Investeringsleder Vestfold og Telemark",
                "SF Vestfold og Telemark",
            ),
        ]
    ),
]
