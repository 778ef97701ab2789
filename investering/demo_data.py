"""A believable meeting history for the Østfold kommuner, from seed 000 (Høgskolen i
Østfold, Oppdragsrapport 2019:2, the sections on Fredrikstad, Halden, Indre Østfold
and Sarpsborg). The wording of minutes and decisions follows the report; the exact
days within a month are ours where the report gives only the month. The register's
rule barriers are illustrations of the kind the report asks the pilot to capture.

``seed(stdout)`` is idempotent: meetings are keyed by pilot, kommune, kind and start;
series and rule barriers by title.

The programme-financing pilot (seeds 003 and 004) names no investment leaders. What
the sources say: the Statsforvalter in each of the three counties (Innlandet,
Trøndelag, Vestfold og Telemark) recruited the kommuner and followed them up closely,
with a resource group in each office, and Statsforvalteren i Innlandet ran the network
of the four Innlandet project leaders. They name no person. So the demo has one
investment leader per Statsforvalter office, leading that county's four kommuner, and
the three form the pilot's team: demo users with plainly made-up names ("Demo …"),
standing for the role the sources describe, not for real people."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.utils import timezone

from kommuner.models import Bruker, Deltakelse, Etat, Kommune, Pilot
from kommuner.services import deltakelse_update

from . import services
from .models import Mote, Moteserie, Regelhinder

PILOT = "velferdspiloten-ostfold"
LEDER = "leder.halden@demo.no"


def _t(y, m, d, hh=10, mm=0):
    return timezone.make_aware(datetime(y, m, d, hh, mm))  # noqa: DTZ001 - Oslo local


# Participants: (name, organisation) where organisation is an etat short name, a
# kommune name or free text; "@email" names a demo user.
MOTER = [
    {
        "key": "halden-forankring",
        "kommune": "3101",
        "type": "forankringsmote",
        "start": _t(2018, 9, 19, 12),
        "sted": "Halden rådhus",
        "fase": "definisjon",
        "niva": "strategisk",
        "skrevet_av": LEDER,
        "deltakere": [
            ("@" + LEDER, ""),
            ("Rådmannen", "Halden"),
            ("Rådmannens ledergruppe", "Halden"),
            ("Rådgiver/koordinator Familiens hus", "Halden"),
            ("Husbankens representant", "Husbanken Øst"),
        ],
        "agenda": "1. Presentasjon av Velferdspiloten\n2. Kommunens utfordringer\n3. Videre arbeid",
        "referat": (
            "Investeringsteamet og kommunens arbeidsgruppe presenterte piloten for "
            "rådmannens ledergruppe. Rådmannen ga uttrykk for engasjement for piloten og "
            "for at barnefattigdom er et stort tema, og at det derfor er viktig hva som "
            "legges under dette temaet. Å bryte den sosiale arven er også et viktig tema. "
            "Det er ønske om å få til en endring på sikt i det forebyggende perspektivet.\n\n"
            "Det kom fram at det er viktig å avdekke uhensiktsmessig praksis og regelverk. "
            "«Hva er i spill allerede?» Det er dette som skal inn i prosjektet i første omgang."
        ),
        "beslutninger": [
            "Halden kommune deltar i Velferdspiloten.",
            "Rådmannens ledergruppe har det endelige ansvaret, med forankring i alle ledd.",
        ],
        "oppfolging": [
            {
                "tekst": "Kartlegge uhensiktsmessig praksis og regelverk: «Hva er i spill "
                "allerede?»",
                "ansvarlig": "@" + LEDER,
                "frist": date(2018, 10, 31),
                "lukket_i": "halden-arbeidsgruppe-jan",
            },
        ],
    },
    {
        "key": "halden-arbeidsgruppe-okt",
        "kommune": "3101",
        "type": "arbeidsgruppemote",
        "start": _t(2018, 10, 24, 9),
        "sted": "Familiens hus, Halden",
        "fase": "definisjon",
        "niva": "operativt",
        "skrevet_av": LEDER,
        "deltakere": [
            ("@" + LEDER, ""),
            ("NAV-leder", "Halden"),
            ("Prosjektansvarlig sentrumsplan", "Halden"),
            ("Spesialrådgiver", "Halden"),
            ("Boligkoordinator", "Halden"),
            ("Enhetsleder barnevern", "Halden"),
            ("Enhetsleder helsestasjon", "Halden"),
            ("Husbankens representant", "Husbanken Øst"),
        ],
        "referat": (
            "Husbankens representant introduserte Velferdspiloten og redegjorde for hva "
            "Husbanken kan tilby av kompetanse, økonomi, regelendringer og nettverk.\n\n"
            "Halden kommune hadde i forkant av møtet i et notat pekt på fire utfordringer: "
            "bolig; barnefattigdom og folkehelse; arbeid og utdanning (gjelder alle "
            "målgrupper); frivillighet og medborgerskap.\n\n"
            "Kommunens rådgiver informerte om at deltakelsen var behandlet i rådmannens "
            "ledergruppe. Det er engasjement for å bli med, men bekymring for tidsressursen "
            "som skal medgå. En konklusjon fra møtet var at barnefattigdom kan fungere som "
            "en paraply."
        ),
        "beslutninger": ["Barnefattigdom blir hovedtema for Halden i piloten."],
        "oppfolging": [
            {
                "tekst": "Få oversikt over hvilke prosjekter som eksisterer og kan relateres "
                "til barnefattigdom.",
                "organisasjon": "Halden",
                "frist": date(2018, 12, 15),
                "lukket_i": "halden-arbeidsgruppe-jan",
            },
            {
                "tekst": "Avgrense folkehelse mot barnefattigdom.",
                "frist": date(2019, 1, 31),
                "lukket_i": "halden-arbeidsgruppe-feb",
            },
        ],
    },
    {
        "key": "halden-arbeidsgruppe-jan",
        "kommune": "3101",
        "type": "arbeidsgruppemote",
        "start": _t(2019, 1, 4, 9),
        "sted": "Familiens hus, Halden",
        "fase": "undersokelse",
        "niva": "operativt",
        "skrevet_av": LEDER,
        "deltakere": [
            ("@" + LEDER, ""),
            ("Rådgiver/koordinator Familiens hus", "Halden"),
            ("Boligkontoret", "Halden"),
            ("Helsesøstertjenesten", "Halden"),
            ("Barnevernet", "Halden"),
        ],
        "referat": (
            "Viktige temaer innen helse, rus og psykiatri: sosiale ulikheter i helse, "
            "levekårsutfordringer, gravide kvinner i rusmiljøer (6–8 i 2018), barn av "
            "psykisk syke/rusmisbrukere og hvordan fange opp disse, barneboliger, "
            "koordinerende fellestjeneste, fastlegens rolle og pakkeforløp for barn.\n\n"
            "Innenfor oppvekst, utdanning og arbeid: rett og mulighet til barnehage "
            "uavhengig av økonomi, støtte til SFO for lavinntektsfamilier, alle skal "
            "fullføre og bestå videregående – en vei ut av fattigdom, NAVs rolle i "
            "kvalifisering og inkludering i arbeidslivet.\n\n"
            "«Hvordan sikre at felles utfordringer opphører å kastes mellom tjenester?»"
        ),
        "beslutninger": [
            "Arbeidsgruppen bruker konkrete saker for å belyse utfordringene innen bolig, "
            "rus/psykiatri og barnevern.",
        ],
        "oppfolging": [
            {
                "tekst": "Skaffe oversikt over hvilke oppgaver som løses hvor i kommunen, og "
                "tjenestenes arbeidsform og beslutningssystemer.",
                "organisasjon": "Halden",
                "frist": date(2019, 2, 28),
            },
        ],
        "regelhindre": [
            {
                "tittel": "Kriterier for å utpeke koordinator",
                "beskrivelse": "Koordinerende fellestjeneste har fått myndighet til å utpeke "
                "koordinator for individuell plan, men kriteriene er uklare og gjør at "
                "familier med sammensatte behov faller mellom tjenestene.",
                "regel": "Forskrift om habilitering og rehabilitering, individuell plan og "
                "koordinator",
                "status": "vurdert",
            }
        ],
    },
    {
        "key": "halden-arbeidsgruppe-feb",
        "kommune": "3101",
        "type": "arbeidsgruppemote",
        "start": _t(2019, 2, 13, 9),
        "sted": "Familiens hus, Halden",
        "fase": "ideer",
        "niva": "operativt",
        "skrevet_av": LEDER,
        "deltakere": [
            ("@" + LEDER, ""),
            ("Rådgiver/koordinator Familiens hus", "Halden"),
            ("Boligkoordinator", "Halden"),
        ],
        "referat": (
            "Temaene ble bearbeidet for en realistisk prioritering av oppgaver. Under "
            "overskriften «Vi rekker ikke alt vi gjerne skulle gjort noe med» ble "
            "boligproblematikken diskutert, blant annet Husbankens ordning «Fra leie til eie» "
            "og tildeling av kommunal bolig. Frivillighetens rolle kom opp som et nytt punkt."
        ),
        "beslutninger": [
            "Søke kunnskap om andre kommuners organisering av boligformidling.",
        ],
        "oppfolging": [
            {
                "tekst": "Avklare hvilken bistand kommunen trenger fra investeringsteamet.",
                "ansvarlig": "@" + LEDER,
                "frist": date(2019, 3, 15),
            },
        ],
        "regelhindre": [
            {
                "tittel": "Startlån og «Fra leie til eie» for lavinntektsfamilier",
                "beskrivelse": "Kommunen opplever at kravene til betjeningsevne gjør det "
                "vanskelig å bruke virkemiddelet for barnefamilier med lav inntekt.",
                "regel": "Forskrift om startlån fra kommunen",
                "etat": "Husbanken Øst",
                "status": "loftet",
            }
        ],
    },
    {
        "key": "fredrikstad-avklaring",
        "kommune": "3107",
        "type": "avklaringsmote",
        "start": _t(2019, 3, 4, 13),
        "sted": "Fredrikstad rådhus",
        "fase": "definisjon",
        "niva": "strategisk",
        "deltakere": [
            ("Rådmannen", "Fredrikstad"),
            ("Rådmannens ledergruppe (kommunaldirektørene)", "Fredrikstad"),
            ("Representant", "SF Oslo og Viken"),
            ("Representant", "IMDi Øst"),
            ("Representant", "HiØ"),
            ("Investeringsleder og referent", "Husbanken Øst"),
        ],
        "agenda": "Informere om Velferdspiloten og invitere Fredrikstad til deltakelse. "
        "Forstå hva kommunen anser som sine mest uregjerlige velferdsutfordringer. Avklare "
        "om kommunen ønsker å delta.",
        "referat": (
            "Det ble presentert satsingsområder i Fredrikstad: barnefattigdom generelt, "
            "samskaping med frivillig sektor, «Kommune 3.0», samt arbeid og inkludering av "
            "mennesker med innvandrerbakgrunn. Politikerne har etterspurt ny plan for "
            "inkluderings- og bosettingsarbeid. Det ble lagt vekt på at kommunen ønsker å "
            "forenkle kjerneoppgaver, og at det må finnes ressurspersoner som kan gå inn i "
            "prosjektet.\n\n"
            "Ledergruppen kom etter noe diskusjon fram til at kommunens utfordring er "
            "barnefattigdom, med bedring av levekår som overordnet tema. Under begrepet "
            "barnefattigdom må særperspektivene bolig, kvalifisering, arbeid, aktivitet, "
            "integrering og diskriminering tas tak i. «Kommune 3.0» er et undertema."
        ),
        "beslutninger": [
            "Rådmannen vedtok at kommunen skal delta i Velferdspiloten med den foreløpige "
            "overskriften «motvirke barnefattigdom».",
            "Rådmannen utformer tekst til vedtak.",
            "Kommunen etablerer kontaktperson.",
            "Når kommunen har fattet vedtaket, kontakter kontaktpersonen oss om endelig tema, "
            "organisering av arbeidet i kommunen og endelig kontaktperson.",
            "Investeringsleder/Husbanken tar deretter kontakt med kommunen for å lage en "
            "fremdriftsplan.",
            "Investeringsleder/Husbanken går i møte med SoCentral/Pådriv og avklarer hva de "
            "kan bidra med i pilotkommunen Fredrikstad.",
            "KS og gevinstrealisering tas opp igjen som tema etter kommunens vedtak.",
        ],
        "oppfolging": [
            {
                "tekst": "Etablere kontaktperson i kommunen.",
                "organisasjon": "Fredrikstad",
                "frist": date(2019, 4, 1),
                "lukket_i": "fredrikstad-mai",
            },
            {
                "tekst": "Møte SoCentral/Pådriv 6.3. og informere investeringsteamet og "
                "kontaktpersonen etterpå.",
                "etat": "Husbanken Øst",
                "frist": date(2019, 3, 8),
                "lukket_i": "fredrikstad-mai",
            },
            {
                "tekst": "Lage fremdriftsplan sammen med kommunen.",
                "etat": "Husbanken Øst",
                "frist": date(2019, 6, 1),
            },
        ],
    },
    {
        "key": "fredrikstad-mai",
        "kommune": "3107",
        "type": "arbeidsgruppemote",
        "start": _t(2019, 5, 14, 10),
        "sted": "Fredrikstad rådhus",
        "fase": "undersokelse",
        "niva": "strategisk",
        "deltakere": [
            ("Pilotleder", "SF Oslo og Viken"),
            ("Investeringsleder", "Husbanken Øst"),
            ("Kontaktperson", "Fredrikstad"),
        ],
        "referat": (
            "Det arbeides med å finne en konkret problemstilling innenfor hovedområdet "
            "barnefattigdom. Arbeidsgruppen blir den samme som også benyttes inn mot et "
            "tverrsektorielt folkehelseprosjekt kommunen arbeider med."
        ),
        "beslutninger": ["Fredrikstad setter ned en arbeidsgruppe."],
    },
    {
        "key": "indre-oppstart",
        "kommune": "3118",
        "type": "oppstartsmote",
        "start": _t(2019, 1, 22, 12),
        "sted": "Askim",
        "fase": "definisjon",
        "niva": "strategisk",
        "deltakere": [
            ("Rådmann", "Indre Østfold"),
            ("Ledere for helse og omsorg, barn og unge og planavdelingen", "Indre Østfold"),
            ("Investeringsleder", "IMDi Øst"),
            ("Regionale ledere i Velferdspiloten", "SF Oslo og Viken"),
            ("Representant", "KS"),
        ],
        "referat": (
            "Velferdspilotens regionale ledere presenterte kunnskapspakken – hva de har å "
            "tilby kommuner som vil være med. Helse og omsorg hadde en grundig presentasjon "
            "av problemstillinger knyttet til vekst i hjemmeboende eldre. Det ble likevel "
            "valgt å gå inn i Velferdspiloten med problemstillinger knyttet til "
            "barnefattigdom, noe det er konsensus om i den nye kommunen. KS presenterte sitt "
            "nettverk om utenforregnskap, som Indre Østfold fattet interesse for."
        ),
        "beslutninger": [
            "Indre Østfold går inn i Velferdspiloten med barnefattigdom som tema.",
            "Fremdriftsmøter på telefon holdes fast en gang per måned.",
        ],
    },
    {
        "key": "indre-workshop",
        "kommune": "3118",
        "type": "workshop",
        "start": _t(2019, 9, 18, 9),
        "varighet": 360,
        "sted": "Mysen",
        "fase": "design",
        "niva": "strategisk",
        "tittel": "Workshop: «På vei mot kommuneplan»",
        "deltakere": [
            ("Ledergruppen", "Indre Østfold"),
            ("Investeringsleder", "IMDi Øst"),
        ],
        "referat": (
            "Indre Østfold ser arbeidet med samfunnsdelen av kommuneplanen i tett "
            "sammenheng med FNs bærekraftsmål, særlig mål 1 (redusere fattigdom), mål 4 "
            "(god utdanning) og mål 13 (stoppe klimaendringene). Mål 1 konkretiseres til å "
            "halvere barnefattigdommen i kommunen."
        ),
        "beslutninger": [
            "Målet om å halvere barnefattigdommen tas inn i samfunnsdelen av kommuneplanen.",
        ],
        "oppfolging": [
            {
                "tekst": "Knytte kunnskapsgrunnlaget til bærekraftsmålene i planutkastet.",
                "organisasjon": "Indre Østfold",
                "frist": date(2019, 12, 1),
            }
        ],
    },
    {
        "key": "sarpsborg-april",
        "kommune": "3105",
        "type": "oppstartsmote",
        "start": _t(2019, 4, 2, 9),
        "sted": "Sarpsborg rådhus",
        "fase": "definisjon",
        "niva": "strategisk",
        "deltakere": [
            ("Kommunens ledere", "Sarpsborg"),
            ("Investeringsleder", "Østfold fylkeskommune"),
            ("Representant", "NAV Øst-Viken"),
            ("Representant", "KS"),
        ],
        "referat": (
            "Presentasjon av bidrag fra regionale aktører. Sarpsborg kommune presenterte to "
            "prosjekter: HUB Financial empowerment center og rus og psykiatri, der det er "
            "utviklet en «Sarpsborgmodell» som kommunen eventuelt vil bruke som case i "
            "piloten. Det oppleves behov for mer kompetanse knyttet til rus og psykiatri, "
            "NAV og bolig. Kommunen er opptatt av å utjevne sosiale helseforskjeller. KS "
            "presenterte et læringsnettverk om utenforregnskap som Sarpsborg fattet "
            "interesse for."
        ),
        "beslutninger": ["Sarpsborg vil arbeide med barnefattigdom i Velferdspiloten."],
        "oppfolging": [
            {
                "tekst": "Vurdere «Sarpsborgmodellen» for rus og psykiatri som case i piloten.",
                "etat": "Østfold fylkeskommune",
                "frist": date(2019, 6, 1),
            }
        ],
    },
    {
        "key": "kollegium-nov",
        "kommune": None,
        "type": "investeringskollegium",
        "start": _t(2019, 11, 14, 9),
        "sted": "Fylkesmannen i Oslo og Viken, Moss",
        "skrevet_av": LEDER,
        "deltakere": [("@" + LEDER, "")]
        + [("Investeringsleder", e) for e in ("Husbanken Øst", "IMDi Øst")]
        + [("Investeringsleder", "Østfold fylkeskommune")],
        "referat": (
            "Status per kommune gjennomgått etter statustabellen (definert utfordring, "
            "forankret, kunnskapsgrunnlag, definert behov, organisert, operativ). "
            "Styringsgruppen orienteres hvert halvår av piloteier."
        ),
        "beslutninger": [
            "Investeringslederne oppdaterer status for sin kommune før halvårsrapporten."
        ],
    },
]

SERIER = [
    {
        "tittel": "Fremdriftsmøte på telefon – Indre Østfold",
        "kommune": "3118",
        "type": "fremdriftsmote",
        "intervall": Moteserie.Intervall.MAANEDLIG,
        "forste_start": _t(2019, 2, 20, 14),
        "antall": 10,
        "varighet_minutter": 30,
        "digitalt": True,
        "referater": {
            # month → minutes of that call (the rest stay as logged without text)
            2: "Plangjennomgang med representanter for investeringsteamet. "
            "Investeringslederen har hatt møte med ledergruppen.",
            3: "Oppstartsmøte for utenforregnskapet mellom Indre Østfold og KS er avholdt.",
            4: "Ledergruppen har hatt møte om kunnskapsgrunnlaget.",
            5: "Møte mellom ledergruppen og regionale ledere om kunnskapsgrunnlaget.",
            6: "Planleggingsfokus: kobling til KS-nettverket «Samfunnsdelen som virkemiddel».",
            8: "Forberedelse av workshop «På vei mot kommuneplan» i september.",
        },
    },
]

# A series ahead of today, so the leader's home shows a next meeting.
KOMMENDE_SERIE = {
    "tittel": "Fremdriftsmøte – Halden",
    "kommune": "3101",
    "type": "fremdriftsmote",
    "intervall": Moteserie.Intervall.MAANEDLIG,
    "antall": 6,
    "varighet_minutter": 45,
    "digitalt": True,
}


PROGRAMFINANSIERING = "programfinansiering"

# The three Statsforvalter offices of the programme-financing pilot (seed 003, 5.2
# and 5.3) and their kommuner (seed 003 table 2; seed 004 for Innlandet), with the
# demo user (kommuner/demo_data.py) standing for the office's follow-up of them.
PROGRAMFINANSIERING_LEDERE = [
    # (etat kortnavn, demo email, kommunenummer)
    ("SF Innlandet", "leder.innlandet@demo.no", ["3420", "3427", "3443", "3448"]),
    ("SF Trøndelag", "leder.trondelag@demo.no", ["5001", "5007", "5014", "5060"]),
    (
        "SF Vestfold og Telemark",
        "leder.vestfold-telemark@demo.no",
        ["3901", "3909", "4010", "4012"],
    ),
]
PROGRAMFINANSIERING_TEAM = "Statsforvalternes ressursgrupper – Pilot for programfinansiering"


def seed_programfinansiering(stdout) -> None:
    """The programme-financing pilot's demo investment leaders and team (see the
    module's docstring for what the sources support)."""
    pilot = Pilot.objects.filter(slug=PROGRAMFINANSIERING).first()
    if pilot is None:
        return
    team = services.investeringsteam_upsert(pilot=pilot, navn=PROGRAMFINANSIERING_TEAM)
    deltakelser = {
        d.kommune.kommunenummer: d
        for d in Deltakelse.objects.filter(pilot=pilot).select_related("kommune")
    }
    ledet = 0
    for kortnavn, email, kommunenumre in PROGRAMFINANSIERING_LEDERE:
        etat = Etat.objects.get(kortnavn=kortnavn)
        leder = Bruker.objects.get(email=email)
        services.teammedlem_upsert(team=team, bruker=leder, etat=etat)
        for nr in kommunenumre:
            if nr in deltakelser:
                deltakelse_update(
                    deltakelse=deltakelser[nr], investeringsleder=leder, investeringsleder_etat=etat
                )
                ledet += 1
    stdout.write(
        f"Programfinansiering: {len(PROGRAMFINANSIERING_LEDERE)} demo-investeringsledere "
        f"for {ledet} kommuner."
    )


def seed(stdout) -> None:
    seed_programfinansiering(stdout)
    pilot = Pilot.objects.get(slug=PILOT)
    etater = {e.kortnavn: e for e in Etat.objects.all()}
    kommuner = {k.kommunenummer: k for k in Kommune.objects.all()}
    navn_til_kommune = {k.navn: k for k in kommuner.values()}
    brukere = {b.email: b for b in Bruker.objects.filter(email__endswith="@demo.no")}

    team = services.investeringsteam_upsert(
        pilot=pilot, navn="Investeringsteamet i Velferdspiloten Østfold"
    )
    for email in (LEDER,):
        if email in brukere:
            services.teammedlem_upsert(team=team, bruker=brukere[email])

    def deltaker(navn: str, org: str) -> services.Deltaker:
        if navn.startswith("@"):
            return services.Deltaker(bruker=brukere[navn[1:]])
        if org in etater:
            return services.Deltaker(navn=navn, etat=etater[org])
        if org in navn_til_kommune:
            return services.Deltaker(navn=navn, kommune=navn_til_kommune[org])
        return services.Deltaker(navn=navn, organisasjon=org)

    logget: dict[str, Mote] = {}
    nye = 0
    for data in MOTER:
        kommune = kommuner[data["kommune"]] if data["kommune"] else None
        mote = Mote.objects.filter(
            pilot=pilot, kommune=kommune, type=data["type"], start=data["start"]
        ).first()
        if mote is None:
            nye += 1
            mote = services.mote_log(
                pilot=pilot,
                kommune=kommune,
                type=data["type"],
                tittel=data.get("tittel", ""),
                start=data["start"],
                varighet_minutter=data.get("varighet", 120),
                sted=data.get("sted", ""),
                fase=data.get("fase", ""),
                niva=data.get("niva", ""),
                agenda=data.get("agenda", ""),
                referat=data["referat"],
                skrevet_av=brukere.get(data.get("skrevet_av", "")),
                deltakere=[deltaker(n, o) for n, o in data.get("deltakere", [])],
                beslutninger=data.get("beslutninger", []),
                oppfolgingspunkter=[
                    {
                        "tekst": p["tekst"],
                        "ansvarlig_bruker": brukere.get(p.get("ansvarlig", "")[1:]),
                        "ansvarlig_etat": etater.get(p.get("etat", "")),
                        "frist": p.get("frist"),
                    }
                    for p in data.get("oppfolging", [])
                ],
            )
            for h in data.get("regelhindre", []):
                _regelhinder(pilot, kommune, mote, h, etater, brukere.get(LEDER))
        logget[data["key"]] = mote

    # Close follow-up points in the later meetings the minutes name.
    for data in MOTER:
        mote = logget[data["key"]]
        for p in data.get("oppfolging", []):
            if "lukket_i" not in p:
                continue
            punkt = mote.oppfolgingspunkter.filter(tekst=p["tekst"]).first()
            if punkt and punkt.status != "lukket":
                services.oppfolgingspunkt_set_status(
                    punkt=punkt, status="lukket", lukket_i_mote=logget[p["lukket_i"]]
                )

    for serie_data in SERIER:
        _serie(pilot, kommuner, serie_data, brukere)

    if not Moteserie.objects.filter(pilot=pilot, tittel=KOMMENDE_SERIE["tittel"]).exists():
        start = timezone.localtime() + timedelta(days=9)
        services.moteserie_create(
            pilot=pilot,
            kommune=kommuner[KOMMENDE_SERIE["kommune"]],
            tittel=KOMMENDE_SERIE["tittel"],
            type=KOMMENDE_SERIE["type"],
            intervall=KOMMENDE_SERIE["intervall"],
            forste_start=start.replace(hour=9, minute=0, second=0, microsecond=0),
            antall=KOMMENDE_SERIE["antall"],
            varighet_minutter=KOMMENDE_SERIE["varighet_minutter"],
            digitalt=KOMMENDE_SERIE["digitalt"],
            opprettet_av=brukere.get(LEDER),
        )

    stdout.write(
        f"Investering: {nye} nye møter, {Mote.objects.filter(pilot=pilot).count()} møter, "
        f"{Regelhinder.objects.filter(pilot=pilot).count()} regelhindre."
    )


def _regelhinder(pilot, kommune, mote, data, etater, leder) -> None:
    if Regelhinder.objects.filter(pilot=pilot, tittel=data["tittel"]).exists():
        return
    hinder = services.regelhinder_create(
        pilot=pilot,
        kommune=kommune,
        tittel=data["tittel"],
        beskrivelse=data["beskrivelse"],
        regel=data.get("regel", ""),
        etat=etater.get(data.get("etat", "")),
        funnet_i_mote=mote,
        registrert_av=leder,
    )
    path = ["vurdert", "loftet"]
    for status in path[: path.index(data["status"]) + 1] if data["status"] in path else []:
        services.regelhinder_set_status(regelhinder=hinder, status=status, endret_av=leder)


def _serie(pilot, kommuner, data, brukere) -> None:
    if Moteserie.objects.filter(pilot=pilot, tittel=data["tittel"]).exists():
        return
    serie = services.moteserie_create(
        pilot=pilot,
        kommune=kommuner[data["kommune"]],
        tittel=data["tittel"],
        type=data["type"],
        intervall=data["intervall"],
        forste_start=data["forste_start"],
        antall=data["antall"],
        varighet_minutter=data["varighet_minutter"],
        digitalt=data["digitalt"],
    )
    now = timezone.now()
    for mote in serie.moter.order_by("start"):
        if mote.start >= now:
            continue
        month = timezone.localtime(mote.start).month
        services.mote_update(
            mote=mote,
            versjon=mote.versjon,
            status=Mote.Status.GJENNOMFORT,
            fase="undersokelse" if month < 6 else "ideer",
            referat=data["referater"].get(month, ""),
        )
