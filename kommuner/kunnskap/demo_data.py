"""Demo data for the knowledge base, from the source documents in ../shared/seeds.

- Indicators: a realistic starting catalogue. The seeds give no kommune-level indicator
  figures, so NO values and NO baselines are seeded: the demo starts honestly empty
  and the contact person enters the figures, or an admin fetches them from SSB (the
  sources of ``SSB_KILDER`` are set up; the fetch needs the internet).
- Tiltak: the measures of Tynset, Nordre Land, Vestre Toten and Elverum as the PwC
  evaluation (seed 004) describes them, with the results it records; Halden's
  samordningskoordinator from seed 000.
- Virkemidler: seed 002's stakeholder table (what each agency offers).
- Halden's challenge picture: the themes its working group defined (seed 000).
"""

from __future__ import annotations

from ..models import Etat, Kommune
from .models import Indikator, SsbKilde, Tema, Tiltak, Virkemiddel
from .services import (
    indikator_upsert,
    tiltak_upsert,
    utfordringsbilde_upsert,
    virkemiddel_upsert,
)
from .ssb.services import ssb_kilde_upsert

E = Indikator.Enhet
R = Indikator.Retning
S = Tiltak.Status
V = Virkemiddel.Type

INDIKATORER = [
    # (navn, enhet, retning, tema, kilde, beskrivelse)
    (
        "Andel barn (0–17 år) i husholdninger med vedvarende lavinntekt (%)",
        E.PROSENT,
        R.LAVERE,
        Tema.BARNEFATTIGDOM,
        "SSB, inntekts- og formuesstatistikk for husholdninger (også i Kommunehelsa, FHI)",
        "Barn i husholdninger med inntekt under 60 % av medianinntekten, "
        "gjennomsnitt over tre år (EU-skala).",
    ),
    (
        "Andel husholdninger som bor trangt (%)",
        E.PROSENT,
        R.LAVERE,
        Tema.BOLIG,
        "SSB, boforholdsstatistikk (også i Kommunehelsa, FHI)",
        "",
    ),
    (
        "Andel unge (15–29 år) utenfor arbeid, utdanning og opplæring (%)",
        E.PROSENT,
        R.LAVERE,
        Tema.ARBEID,
        "SSB",
        "",
    ),
    (
        "Sosialhjelpsmottakere 18–24 år (per 1000 innbyggere)",
        E.PER_1000,
        R.LAVERE,
        Tema.ARBEID,
        "SSB, KOSTRA",
        "",
    ),
    (
        "Andel elever som har fullført og bestått videregående opplæring innen fem år (%)",
        E.PROSENT,
        R.HOYERE,
        Tema.UTDANNING,
        "SSB",
        "",
    ),
    (
        "Andel ungdomsskoleelever som deltar i organiserte fritidsaktiviteter (%)",
        E.PROSENT,
        R.HOYERE,
        Tema.HELSE,
        "Ungdata (NOVA/KoRus)",
        "",
    ),
    (
        "Andel deltakere i arbeid eller utdanning året etter introduksjonsprogrammet (%)",
        E.PROSENT,
        R.HOYERE,
        Tema.INTEGRERING,
        "IMDi / SSB",
        "",
    ),
    (
        "Andel ansatte som kjenner rutinene for samtykke og taushetsplikt (%)",
        E.PROSENT,
        R.HOYERE,
        Tema.SAMHANDLING,
        "Egne tall (for eksempel KoRus' BTI-undersøkelse)",
        "Seed 004: Tynset målte dette i BTI-undersøkelsen i 2022.",
    ),
]

# The SSB sources of the catalogue's SSB indicators, only where the table and its codes
# are known for certain (the demo cannot check them: no internet). No figures: values
# come only from a real fetch (README, "Fetching from Statistics Norway").
# - Table 12944 "Personer i husholdninger med vedvarende lavinntekt (EU-60),
#   3-årsperiode": dimensions Region, Alder (999A, 00-17, 18-34, 35-49, 50-66, 067+),
#   ContentsCode (PersonerSeksti = persons, EUskalaSeksti = share, EU-60) and Tid as
#   three-year periods ("2022-2024", stored as the year it ends).
# Left without a source (set it up on the indicator's SSB page once the table's
# "API-spørring" in Statistikkbanken has been read): crowded housing, young people
# outside work and education, social assistance 18–24 (KOSTRA tables have a region
# dimension of their own, not "Region"), upper secondary completion, and the
# introduction programme (IMDi / SSB).
SSB_KILDER = {
    "Andel barn (0–17 år) i husholdninger med vedvarende lavinntekt (%)": {
        "tabell": "12944",
        "innhold": "EUskalaSeksti",
        "faste_verdier": {"Alder": "00-17"},
        "periodetype": "aar",
        "antall_perioder": 5,
        "enhetsmerknad": "Prosent, EU-skala 60 %, treårsperiode (2022–2024 lagres som 2024)",
    },
}

VIRKEMIDLER = [
    # (etat kortnavn, navn, type, tema, beskrivelse) — seed 002, «Interessenter»
    (
        "SF Oslo og Viken",
        "Kompetanseoverføring: helse og sosial",
        V.KOMPETANSE,
        Tema.HELSE,
        "Folkehelse og levekår, rusfeltet, barn som lever i fattigdom.",
    ),
    (
        "SF Oslo og Viken",
        "Kompetanseoverføring: barnehage og utdanning",
        V.KOMPETANSE,
        Tema.UTDANNING,
        "0–24-samarbeidet.",
    ),
    ("SF Oslo og Viken", "Samordning og beredskap", V.KOMPETANSE, Tema.SAMHANDLING, ""),
    (
        "Østfold fylkeskommune",
        "Helseoversikt for fylket og fylkeshelseundersøkelser",
        V.STATISTIKK,
        Tema.HELSE,
        "",
    ),
    (
        "Østfold fylkeskommune",
        "Regionalt planmøte",
        V.NETTVERK,
        Tema.SAMHANDLING,
        "Kan brukes til å løfte problemstillinger.",
    ),
    (
        "Østfold fylkeskommune",
        "Bynettverk, Østfoldhelsa og planforum",
        V.NETTVERK,
        Tema.SAMHANDLING,
        "Eksisterende nettverk.",
    ),
    (
        "Østfold fylkeskommune",
        "Boligsosiale formuleringer i høringsinnspill til kommunale planer",
        V.KOMPETANSE,
        Tema.BOLIG,
        "",
    ),
    ("Østfold fylkeskommune", "Opplæring og kvalifisering", V.KOMPETANSE, Tema.UTDANNING, ""),
    ("Husbanken Øst", "Prosessledelse", V.KOMPETANSE, Tema.BOLIG, ""),
    (
        "Husbanken Øst",
        "Kompetanseoverføring (stat og kommune)",
        V.KOMPETANSE,
        Tema.BOLIG,
        "Motvirke og forhindre bostedsløshet.",
    ),
    (
        "Husbanken Øst",
        "Bolig for velferd",
        V.PROGRAM,
        Tema.BOLIG,
        "Nasjonal strategi for boligsosialt arbeid (2014–2020).",
    ),
    (
        "IMDi Øst",
        "Introduksjonsordningen – flere i arbeid og utdanning",
        V.PROGRAM,
        Tema.INTEGRERING,
        "",
    ),
    ("IMDi Øst", "Frivillighet", V.KOMPETANSE, Tema.INTEGRERING, ""),
    (
        "IMDi Øst",
        "Tvangsekteskap, sterke begrensninger og kjønnslemlestelse",
        V.KOMPETANSE,
        Tema.INTEGRERING,
        "",
    ),
    ("IMDi Øst", "Frafall i videregående skole", V.KOMPETANSE, Tema.UTDANNING, ""),
    ("IMDi Øst", "Statistikk og analyse", V.STATISTIKK, Tema.INTEGRERING, ""),
    ("IMDi Øst", "Generell integreringskompetanse", V.KOMPETANSE, Tema.INTEGRERING, ""),
    (
        "Bufetat Øst",
        "Kompetanseoverføring om barnevern, BUP og ettervern",
        V.KOMPETANSE,
        Tema.ANNET,
        "En person er plassert i Østfold og kjenner Østfoldkommunene.",
    ),
    (
        "HiØ",
        "Kompetanse fra bachelor-, master- og videreutdanninger",
        V.KOMPETANSE,
        Tema.UTDANNING,
        "Utdanninger for yrker som skal ivareta utsatte grupper i befolkningen.",
    ),
    (
        "HiØ",
        "FoU: arbeidslivs-, profesjons- og tjenesteutvikling",
        V.KOMPETANSE,
        Tema.SAMHANDLING,
        "Høgskolens satsingsområde for forsknings- og utviklingsarbeid.",
    ),
    (
        "HiØ",
        "Studentprosjekter og -oppgaver",
        V.KOMPETANSE,
        Tema.ANNET,
        "Bachelor- og masteroppgaver kan kobles på prosjektet.",
    ),
    ("NAV Øst-Viken", "Flere i arbeid og utdanning", V.KOMPETANSE, Tema.ARBEID, ""),
    ("NAV Øst-Viken", "Frafall i videregående skole", V.KOMPETANSE, Tema.UTDANNING, ""),
    (
        "NAV Øst-Viken",
        "NAV i videregående skole (0–24-programmet)",
        V.PROGRAM,
        Tema.UTDANNING,
        "",
    ),
    (
        "NAV Øst-Viken",
        "Hurtigsporet for nyankomne innvandrere",
        V.PROGRAM,
        Tema.INTEGRERING,
        "",
    ),
    (
        "NAV Øst-Viken",
        "Helhetlig oppfølging av lavinntektsfamilier (HOLF)",
        V.PROGRAM,
        Tema.BARNEFATTIGDOM,
        "",
    ),
    ("NAV Øst-Viken", "Kvalifiseringsprogrammet (KVP)", V.PROGRAM, Tema.ARBEID, ""),
    ("NAV Øst-Viken", "Statistikk og analyse", V.STATISTIKK, Tema.ARBEID, ""),
    ("NAV Øst-Viken", "Generell NAV-kompetanse", V.KOMPETANSE, Tema.ARBEID, ""),
]


def _t(navn, fokusomrade, formal, malgruppe, metode, status, **extra):
    return {
        "navn": navn,
        "fokusomrade": fokusomrade,
        "formal": formal,
        "malgruppe": malgruppe,
        "evaluering_metode": metode,
        "status": status,
        **extra,
    }


# Seed 004 (PwC 2023). Formål, målgruppe and evaluation method from each kommune's
# table; results, lessons and next steps from the text about each measure.
TILTAK = {
    "3427": [  # Tynset
        _t(
            "Samtykkeskjema for tverrfaglig samhandling med veileder",
            "Samhandling",
            "Å bidra til kunnskapsheving, samt forsvarlig og enhetlig innhenting av samtykke, "
            "for bedre håndtering og deling av nødvendige opplysninger for å kunne gi "
            "tverrfaglig og koordinert oppfølging.",
            "Ansatte som jobber med barn, unge og deres familier.",
            "Tilbakemeldinger fra ansatte og ledere i avdelings- og enhetsmøter. KoRus Øst "
            "BTI-undersøkelse (2022).",
            S.EVALUERT,
            resultater="BTI-undersøkelsen (KoRus, oktober 2022): 87 prosent oppga kjennskap "
            "til lovverket om samtykke og taushetsplikt; 93 prosent kjente reglene, herunder "
            "de nye interne prosedyrene.",
            evaluering_laerdom="Har bidratt til å øke kompetansen blant ansatte, men det må "
            "kontinuerlig minnes om bruk og gis opplæring.",
            evaluering_videre="Kontinuerlig påminnelse om bruk og vedlikehold av kompetanse "
            "for å sikre ny og vedvarende praksis.",
        ),
        _t(
            "Samhandlingsavtaler mellom ulike sektorer",
            "Samhandling",
            "Å bidra til bedre samhandling og formalisert samarbeid mellom ulike tjenesteområder.",
            "Helsestasjon og barnehagene. Skole/barnehage og barnevernstjenesten.",
            "Evaluert i fellesmøter mellom relaterte tjenester.",
            S.EVALUERT,
            evaluering_laerdom="Felles møteplasser og bedre kjennskap mellom tjenestene; "
            "lavere terskel for dialog.",
            evaluering_videre="Avtalene og samarbeidet følges opp regelmessig, også med "
            "involvering av ansatte.",
        ),
        _t(
            "Koordinerende enhet for habilitering og rehabilitering",
            "Samhandling",
            "Å bidra til vitalisering av samhandlingsstrukturer, ved å vurdere kompetanse, "
            "sammensetning, mandat og intensjoner ved eksisterende samhandlingsstrukturer.",
            "Brukergrupper med behov for langvarige og koordinerte tjenester, samt "
            "fagpersonell som skal bidra til samhandling.",
            "Egenevaluering av medlemmene i koordinerende enhet, samt drøfting/innspill i "
            "pilotens arbeidsgruppe og styringsgruppe.",
            S.EVALUERT,
            evaluering_videre="Handlingsveileder etter BTI-modellen skal klargjøre enhetens "
            "ansvar og oppgaver og grenseoppganger mot andre samhandlingsteam.",
        ),
        _t(
            "Samhandlingsteam (ny bosetting)",
            "Samhandling",
            "Å bidra til et mer helhetlig og samordnet tjenestetilbud.",
            "Barn, unge og deres familier, samt ansatte i tjenestene.",
            "Egenevaluering i teamet og tilbakemeldinger fra deltakere med innmeldte saker. "
            "KoRus Øst BTI-undersøkelse (2022).",
            S.EVALUERT,
            evaluering_laerdom="Teamet var lite kjent ute i tjenestene, og det kom færre "
            "henvendelser enn forventet.",
            evaluering_videre="Gjøre teamet kjent og tydeliggjøre grensegangen mot "
            "ressursteam i skole og barnehage.",
        ),
        _t(
            "Styrking av helsesykepleierressurs",
            "Helse",
            "Å styrke tilstedeværelse på, og samarbeid mellom helsesykepleier og skole.",
            "Universelt tilbud til alle barn og unge på skolene.",
            "Spørreundersøkelse blant ledelse og ansatte ved skole, PPT, helsesykepleier, "
            "samt data fra elevundersøkelse (og foresatte) i 9. trinn.",
            S.EVALUERT,
            resultater="Helsesykepleier i ungdomsskolen økt fra to til fire dager i uka "
            "(skoleåret 2022/23).",
            evaluering_laerdom="Tettere samhandling og mer helhetlig oppfølging av "
            "ungdomsskoleelever.",
            evaluering_videre="Videreføres; avgrense mandatet og tydeliggjøre at "
            "skolehelsetjenesten primært skal drive forebyggende og helsefremmende arbeid.",
        ),
        _t(
            "Sommeraktiviteter",
            "Aktivitet og inkludering",
            "Å gi et tilbud om aktivitet til barn, unge og familier, for å styrke deres sosiale "
            "nettverk og relasjoner, gi mestringsopplevelser, en opplevelse av tilhørighet og "
            "bidra til å styrke selvfølelse og selvtillit.",
            "Universelt tilbud til alle barn og unge.",
            "Spørreskjema til medarrangører, ansatte og foresatte (høst 2022). Observasjon og "
            "samtale med barn i aktivitet.",
            S.EVALUERT,
            resultater="Sommeren 2022: 9 aktiviteter, 467 aktivitetsdeltakere, 22 instruktører "
            "under 18 år og 33 over 18 år. 41 svar fra foresatte; 75 % av foreldrene oppga at "
            "de var villige til å betale for tilbudet.",
            evaluering_laerdom="Har skapt sosiale nettverk og arenaer for læring og mestring.",
            evaluering_videre="Videreføres med forsterket innsats rettet mot flerspråklige "
            "familier; mer samlet informasjon, nok voksne instruktører og egnede lokaler.",
        ),
        _t(
            "Sommerjobb",
            "Arbeid",
            "Å bidra til å få ungdom inn i og gjøre dem kjent med arbeidsmarkedet i regionen, "
            "gi dem meningsfylt aktivitet i ferie og på lengre sikt forhindre utenforskap.",
            "Ungdommer i alderen 15–18 år som ikke har arbeidserfaring fra tidligere.",
            "Spørreskjema til ungdommer som har hatt sommerjobb og virksomhetene som hadde "
            "ungdommer ansatt.",
            S.EVALUERT,
            resultater="18 svar av 38 ungdommer i sommerjobb; 12 av 18 ønsket sommerjobb "
            "neste år også.",
            evaluering_videre="Planlegges videreført i 2023 som et langsiktig tiltak for å "
            "forebygge utenforskap.",
        ),
    ],
    "3448": [  # Nordre Land
        _t(
            "Tverrfaglig samarbeid og kompetanse (BTI-modellen)",
            "Samhandling",
            "Bidra til tettere samarbeid på tvers av tjenester som arbeider med barn, unge og "
            "deres familier, samt sette dette i system. I tillegg en plan for "
            "kompetanseutvikling og -deling.",
            "Ansatte og brukere.",
            "KoRus Øst 2019 (nullpunktsmåling) og oppfølgingsundersøkelse høst 2022.",
            S.EVALUERT,
            evaluering_laerdom="Lite endring fra 2019 til 2022 i kompetansenivå og grad av "
            "samhandling; modellen har ikke hatt så stor effekt som forventet.",
            evaluering_videre="Sette av tid til handlingsveilederen i tjenestene nærmest "
            "familiene, gjøre kompetanseteamets rolle kjent, og forankre på alle nivåer.",
        ),
        _t(
            "Kompetanseteam",
            "Samhandling",
            "Kommunens tverrfaglige drøftingsteam, med fokus på forebyggende arbeid, felles "
            "mål og gode tiltak for barn og unge i risiko, slik at de fanges opp og får hjelp "
            "så tidlig som mulig.",
            "Barn og unge fra 0–24 år, deres familier, samt gravide og ansatte som jobber med "
            "disse brukergruppene.",
            "Evaluering av Østlandsforskning (2021). Evalueringsskjema til deltakende ansatte "
            "og foresatte (fortløpende), og fokusgruppeintervju med teamet (2023).",
            S.EVALUERT,
            evaluering_videre="Omforent forståelse og forankring av samhandlingsmodellen, og "
            "kjennskap til teamets mandat.",
        ),
        _t(
            "Stafettlogg",
            "Samhandling",
            "Bidra til å sikre medvirkning og helhet rundt familien, å samordne "
            "tjenestetilbudet, og å sikre at det ikke ble brudd i hjelpetilbudet.",
            "Ansatte og brukere.",
            "Spørreskjema til alle ansatte og foresatte som har brukt stafettlogg (mars 2023).",
            S.EVALUERT,
            evaluering_laerdom="Sprikende opplevelser av nytteverdi; forbedringspotensial i "
            "måten verktøyet er tatt i bruk.",
        ),
        _t(
            "Organisasjonsmodell for tverrfaglig samarbeid på kommune-, tjeneste- og individnivå",
            "Samhandling",
            "",
            "",
            "",
            S.VIDEREFORT,
        ),
        _t("Innføring av digitalt internkontrollsystem", "Samhandling", "", "", "", S.VIDEREFORT),
    ],
    "3443": [  # Vestre Toten
        _t(
            "Aktivitetskontakter",
            "Fritid og inkludering",
            "Utarbeide varige løsninger på systemnivå, som skal bidra til at alle barn og unge "
            "i kommunen får en reell mulighet til å delta på organiserte og uorganiserte "
            "fritidstilbud.",
            "Tjenester som arbeider med fritidstilbud samt deltakere.",
            "Kvalitative tilbakemeldinger, egenevalueringer fra aktivitetskontaktene og "
            "statistikk over besøkstall.",
            S.EVALUERT,
            ansvarlig_enhet="Kulturavdelingen",
            stillingsprosent=200,
            resultater="To 100 % prosjektstillinger. Fem ganger så mange besøk på lavterskel "
            "møteplasser i 2022 som i 2021 (koronarestriksjoner i 2021 kan ha spilt inn).",
            evaluering_laerdom="Barn og unge fra alle samfunnslag kommer når innholdet er "
            "godt og informasjonen har nådd frem.",
            evaluering_videre="Behov for lavterskel aktiviteter året rundt; fritidsfond "
            "stiftes i mars 2023.",
        ),
        _t(
            "Tverrsektoriell ledergruppe",
            "Samhandling",
            "Stimulere til utviklingsarbeid og fremme samhandling mellom tjenestene, og mellom "
            "innbygger og tjenesteutøveren.",
            "Ansatte i tjenestene.",
            "Kvalitative samtaler.",
            S.VIDEREFORT,
            resultater="Etablert januar 2020; fast møte på 3 timer én gang i måneden.",
            evaluering_videre="Fortsetter som tverrsektoriell ledergruppe etter piloten.",
        ),
        _t(
            "BTI-modellen",
            "Samhandling",
            "Styrke det tverretatlige samarbeidet, samt at barn, unge og deres familier skal "
            "oppleve tiltak og tilbud i kommunen som mer samordnet og tilgjengelige.",
            "Ansatte i tjenestene og barn, unge og deres familier.",
            "Spørreskjema, og skriftlige og muntlige tilbakemeldinger.",
            S.I_GANG,
            stillingsprosent=100,
            evaluering_videre="Bedre lederforankring av forventet bruk; senere evaluering fra "
            "ansatte og foresatte.",
        ),
        _t(
            "Samordningsmøte 0–24 år",
            "Samhandling",
            "Innbyggerne skal få rett hjelp til rett tid, og oppleve helhetlig og koordinert "
            "tidlig innsats, samt medvirke og ha innflytelse i egen sak.",
            "Barn, unge 0–24 år og deres familier.",
            "Egne ettermøter for å evaluere møtet.",
            S.VIDEREFORT,
            resultater="«Én dør inn»; oppstart høsten 2022. Ekstern veiledning fem ganger i året.",
        ),
        _t(
            "Tverrfaglig samtykkeskjema",
            "Samhandling",
            "Bidra til økt informasjonsdeling mellom tjenestene i enkeltsaker gjennom "
            "innhenting av samtykke.",
            "Ansatte i tjenestene.",
            "Systematisering av løpende tilbakemeldinger fra ansatte og ledere.",
            S.VIDEREFORT,
            evaluering_laerdom="Taushetsplikt oppleves sjelden som et hinder for samarbeid lenger.",
        ),
    ],
    "3420": [  # Elverum
        _t(
            "BTI-modellen",
            "Samhandling",
            "Styrke det tverretatlige samarbeidet, samt at barn, unge og deres familier skal "
            "oppleve tiltak og tilbud i kommunen som mer samordnet og tilgjengelige.",
            "Utsatte barn/unge og deres foreldre/foresatte. Kommunens ansatte i "
            "oppvekstfeltets kjerne- og støttetjenester.",
            "Kvalitativ beskrivelse.",
            S.I_GANG,
            evaluering_videre="Implementeringsgruppen fortsetter; arbeidet legges inn i "
            "ledernettverket «Laget rundt barn, unge og familier».",
        ),
        _t(
            "Godt samliv",
            "Samhandling",
            "Legge til rette for gode oppvekstvilkår for barnet, styrke parforholdet, og gi "
            "foreldre støtte og inspirasjon i en periode med store forandringer.",
            "Par som er førstegangsfødende.",
            "Spørreskjema og intervju.",
            S.EVALUERT,
            resultater="Kurs på 10 timer. Evaluert av samtlige deltakere (36 par); tre par "
            "intervjuet et år etter.",
            evaluering_videre="Fortsetter uten store endringer.",
        ),
        _t(
            "Kompetansetiltak i ledernettverk",
            "Samhandling",
            "Bli kjent på tvers av tjenestene, sette mål for, utvikle, lede og følge opp det "
            "tverrfaglige samarbeidet knyttet til barn, unge og deres familier.",
            "Kommunedirektør, sektorledere, enhetsledere og utvalgte nøkkelroller fra "
            "tjenester til barn, unge og deres familier.",
            "Spørreskjema og kvalitative tilbakemeldinger.",
            S.EVALUERT,
        ),
        _t(
            "Miljøteam",
            "Sosial inkludering",
            "Tettere samarbeid på tvers av tjenestene.",
            "Ungdom i kommunen.",
            "Kvalitativt spørreskjema.",
            S.EVALUERT,
            resultater="Faste møter én gang i måneden.",
        ),
        _t(
            "Fritid: Inkludering og deltakelse",
            "Sosial inkludering",
            "Alle barn og unge i Elverum skal ha mulighet til å drive med en organisert "
            "aktivitet på fritiden.",
            "Barn og unge i kommunen.",
            "Kvalitativ beskrivelse.",
            S.I_GANG,
            evaluering_videre="Behov for forankring på ledelsesnivå i kommunen.",
        ),
        _t(
            "Flexid",
            "Ungdom, psykisk helse og rus",
            "Fremme innenforskap, medborgerskap, livsmestring og god psykisk helse.",
            "Krysskulturelle barn og unge og foreldre.",
            "Fokusgruppeintervjuer og individuelle intervjuer.",
            S.EVALUERT,
            resultater="Tre fokusgruppeintervjuer, 27 individuelle intervjuer rett etter "
            "kurset og tre intervjuer ti måneder etter.",
            evaluering_videre="Fortsetter som tilbud på 9. trinn; ønske om en miniversjon for "
            "mellomtrinnet.",
        ),
        _t(
            "Kjentmann, refleksjonskurs",
            "Ungdom, psykisk helse og rus",
            "Deltakerne skal reflektere og få kontroll over eget rusbruk, og innarbeide "
            "strategier for å håndtere vanskelige rus-situasjoner.",
            "Unge i kommunen.",
            "Spørreskjema med både kvalitative og kvantitative spørsmål.",
            S.EVALUERT,
            resultater="Én runde med fire deltakere.",
            evaluering_videre="Kursholderne anbefaler 2–4 kurs i året.",
        ),
    ],
    "3101": [  # Halden, seed 000
        _t(
            "Samordningskoordinator",
            "Barnefattigdom",
            "Koordinere arbeidet i Velferdspiloten og samordne bistand i lavinntektsfamilier.",
            "Lavinntektsfamilier.",
            "",
            S.I_GANG,
        ),
    ],
}

HALDEN_UTFORDRINGSBILDE = {
    "tema": Tema.BARNEFATTIGDOM,
    "malgrupper": "Barn og unge i lavinntektsfamilier og familiene deres.",
    "tekst": (
        "<p>Barnefattigdom er paraplyen for kommunens arbeid i piloten. Arbeidsgruppen "
        "definerte i februar 2019 disse behovene:</p>"
        "<ul><li>En godt organisert og dimensjonert helsestasjonstjeneste</li>"
        "<li>Tilstrekkelig kapasitet og kompetanse på jordmortjeneste</li>"
        "<li>Rett og mulighet til barnehage, uavhengig av økonomi</li>"
        "<li>Støtte til SFO for lavinntektsfamilier</li>"
        "<li>Organisering av spesialpedagogisk innsats i barnehager og skoler</li>"
        "<li>Alle skal fullføre og bestå videregående skole</li></ul>"
        "<p>(Kilde: Høgskolen i Østfold, Oppdragsrapport 2019:2.)</p>"
    ),
}


def seed(stdout) -> None:
    for i, (navn, enhet, retning, tema, kilde, beskrivelse) in enumerate(INDIKATORER, 1):
        indikator_upsert(
            navn=navn,
            enhet=enhet,
            retning=retning,
            tema=tema,
            kilde=kilde,
            beskrivelse=beskrivelse,
            rekkefolge=i * 10,
        )
    for navn, kilde in SSB_KILDER.items():
        indikator = Indikator.objects.get(navn=navn)
        if not SsbKilde.objects.filter(indikator=indikator).exists():  # an admin's stays
            ssb_kilde_upsert(indikator=indikator, **kilde)
    etater = {e.kortnavn: e for e in Etat.objects.all()}
    for kortnavn, navn, type_, tema, beskrivelse in VIRKEMIDLER:
        virkemiddel_upsert(
            etat=etater[kortnavn], navn=navn, type=type_, tema=tema, beskrivelse=beskrivelse
        )
    kommuner = {k.kommunenummer: k for k in Kommune.objects.filter(kommunenummer__in=TILTAK)}
    antall_tiltak = 0
    for nr, tiltak in TILTAK.items():
        for fields in tiltak:
            tiltak_upsert(kommune=kommuner[nr], **fields)
            antall_tiltak += 1
    utfordringsbilde_upsert(kommune=kommuner["3101"], bruker=None, **HALDEN_UTFORDRINGSBILDE)
    stdout.write(
        f"{len(INDIKATORER)} indikatorer (uten verdier; {len(SSB_KILDER)} med SSB-kilde), "
        f"{len(VIRKEMIDLER)} virkemidler, "
        f"{antall_tiltak} tiltak."
    )
