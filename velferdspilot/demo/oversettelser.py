"""The demo's texts that are data in nynorsk and English, and its kommuner's målform.

Not from the source documents (they are bokmål): the nynorsk and English texts of the
demo's indicators, goals, reflection statements and grant schemes are the demo's own
translations, so that a reader who chooses nynorsk or English sees them, and the admin's
catalogue shows where one is missing (the last indicator has no nynorsk on purpose).
Each is stored through the apps' services; a text an admin changed is not overwritten
(only an empty one is filled).

The målform of the demo kommuner is a demo choice too (the sources do not give the
kommuner's målvedtak): Sarpsborg writes nynorsk and Fredrikstad is neutral, so that the
demo has a kommune of each kind; the others keep bokmål (docs/demo in the README)."""

from __future__ import annotations

from evaluering import services as evaluering_services
from evaluering.models import Mal, Pastand
from kommuner.kunnskap import services as kunnskap_services
from kommuner.kunnskap.models import Indikator
from kommuner.models import Kommune, Maalform
from kommuner.services import kommune_update
from tilskudd import services as tilskudd_services
from tilskudd.models import Tilskuddsordning

#: kommunenummer → målform (a demo choice, see above).
MAALFORM = {"3105": Maalform.NYNORSK, "3107": Maalform.NOYTRAL}

# bokmål → (nynorsk, English); None: no text in that language (the reader sees bokmål).
INDIKATORER = {
    "Andel barn (0–17 år) i husholdninger med vedvarende lavinntekt (%)": (
        "Del barn (0–17 år) i hushald med vedvarande låginntekt (%)",
        "Share of children (0–17) in households with persistent low income (%)",
    ),
    "Andel husholdninger som bor trangt (%)": (
        "Del hushald som bur trongt (%)",
        "Share of households living in overcrowded homes (%)",
    ),
    "Andel unge (15–29 år) utenfor arbeid, utdanning og opplæring (%)": (
        "Del unge (15–29 år) utanfor arbeid, utdanning og opplæring (%)",
        "Share of young people (15–29) not in employment, education or training (%)",
    ),
    "Sosialhjelpsmottakere 18–24 år (per 1000 innbyggere)": (
        "Sosialhjelpsmottakarar 18–24 år (per 1000 innbyggjarar)",
        "Social assistance recipients aged 18–24 (per 1,000 inhabitants)",
    ),
    "Andel elever som har fullført og bestått videregående opplæring innen fem år (%)": (
        "Del elevar som har fullført og bestått vidaregåande opplæring innan fem år (%)",
        "Share of pupils who completed and passed upper secondary education within five years (%)",
    ),
    "Andel ungdomsskoleelever som deltar i organiserte fritidsaktiviteter (%)": (
        "Del ungdomsskuleelevar som deltek i organiserte fritidsaktivitetar (%)",
        "Share of lower secondary pupils taking part in organised leisure activities (%)",
    ),
    "Andel deltakere i arbeid eller utdanning året etter introduksjonsprogrammet (%)": (
        "Del deltakarar i arbeid eller utdanning året etter introduksjonsprogrammet (%)",
        "Share of participants in work or education the year after the introduction programme (%)",
    ),
    # No nynorsk on purpose: the catalogue shows "mangler nynorsk" for it.
    "Andel ansatte som kjenner rutinene for samtykke og taushetsplikt (%)": (
        None,
        "Share of employees who know the routines for consent and confidentiality (%)",
    ),
}

MAL = {
    "Utviklet en ny modell for samordning": (
        "Utvikla ein ny modell for samordning",
        "Developed a new model of coordination",
    ),
    "Identifisert og endret uhensiktsmessige regler og arbeidsmetoder, og eventuelt løftet "
    "slike til nasjonalt nivå": (
        "Identifisert og endra uføremålstenlege reglar og arbeidsmetodar, og eventuelt "
        "løfta slike til nasjonalt nivå",
        "Identified and changed unsuitable rules and working methods, and where needed "
        "raised them to the national level",
    ),
    "Mer effektiv ressursbruk i kommunene": (
        "Meir effektiv ressursbruk i kommunane",
        "More efficient use of resources in the municipalities",
    ),
    "Mer effektiv ressursbruk hos regionale aktører": (
        "Meir effektiv ressursbruk hos regionale aktørar",
        "More efficient use of resources by regional actors",
    ),
    "Økt innovasjon i kommunene": (
        "Auka innovasjon i kommunane",
        "More innovation in the municipalities",
    ),
    "Delt erfaringer": ("Delt erfaringar", "Shared experience"),
    "Barn, unge og deres familier opplever at tiltak og tilbud i kommunen er mer samordnet "
    "og tilgjengelige": (
        "Born, unge og familiane deira opplever at tiltak og tilbod i kommunen er meir "
        "samordna og tilgjengelege",
        "Children, young people and their families find the municipality's measures and "
        "services better coordinated and more accessible",
    ),
    "Det tverretatlige samarbeidet i kommunene om utsatte barn og unge og deres familier er "
    "forankret i ledelsen, og det er utviklet bedre systemer og strukturer": (
        "Det tverretatlege samarbeidet i kommunane om utsette born og unge og familiane "
        "deira er forankra i leiinga, og det er utvikla betre system og strukturar",
        "The municipalities' cross-agency work for vulnerable children, young people and "
        "their families is anchored in management, with better systems and structures",
    ),
    "En mer samordnet innsats fra statlig sektor knyttet til finansiering og koordinert "
    "tilskuddsforvaltning": (
        "Ein meir samordna innsats frå statleg sektor knytt til finansiering og koordinert "
        "tilskotsforvaltning",
        "A more coordinated effort from the state on funding and coordinated grant management",
    ),
    "Mindre tidsbruk på tilskudd i kommunene": (
        "Mindre tidsbruk på tilskot i kommunane",
        "Less time spent on grants in the municipalities",
    ),
    "Mer kunnskap om virkninger og erfaringer av tiltak mot målgruppen": (
        "Meir kunnskap om verknader og erfaringar av tiltak mot målgruppa",
        "More knowledge of the effects of and experience with measures for the target group",
    ),
    "Kunnskap om programfinansiering som virkemiddel overfor kommunene innen 0–24-arbeidet": (
        "Kunnskap om programfinansiering som verkemiddel overfor kommunane i 0–24-arbeidet",
        "Knowledge of programme funding as an instrument towards the municipalities in the "
        "0–24 work",
    ),
}

PASTANDER = {
    "Programfinansieringen bidrar til at kommunen selv kan sitte i førersetet og disponere "
    "ressurser slik det passer": (
        "Programfinansieringa bidreg til at kommunen sjølv kan sitje i førarsetet og "
        "disponere ressursar slik det passar",
        "Programme funding helps the municipality take the driver's seat and use resources "
        "as it sees fit",
    ),
    "Programfinansieringen styrker lokalt eierskap": (
        "Programfinansieringa styrkjer lokalt eigarskap",
        "Programme funding strengthens local ownership",
    ),
    "Programfinansieringen styrker samarbeidet mellom kommunen og kompetansemiljøer/UH-sektor": (
        "Programfinansieringa styrkjer samarbeidet mellom kommunen og kompetansemiljø/UH-sektoren",
        "Programme funding strengthens cooperation between the municipality and research and "
        "higher education",
    ),
}

ORDNINGER = {
    "Tilskudd til tiltak for bedre språkforståelse blant minoritetsspråklige barn i "
    "førskolealder": (
        "Tilskot til tiltak for betre språkforståing blant minoritetsspråklege born i "
        "førskulealder",
        "Grant for measures to improve language comprehension among minority-language "
        "children of preschool age",
    ),
    "Tilskudd til økt barnehagedeltakelse for minoritetsspråklige barn": (
        "Tilskot til auka barnehagedeltaking for minoritetsspråklege born",
        "Grant for increased kindergarten participation among minority-language children",
    ),
    "Sosiale tjenester og tiltak for vanskeligstilte": (
        "Sosiale tenester og tiltak for vanskelegstilte",
        "Social services and measures for the disadvantaged",
    ),
    "Tilbud til mennesker med langvarige og/eller sammensatte tjenestebehov": (
        "Tilbod til menneske med langvarige og/eller samansette tenestebehov",
        "Services for people with long-term and/or complex needs",
    ),
    "Støtte til oppfølgings- og losfunksjoner for ungdom": (
        "Stønad til oppfølgings- og losfunksjonar for ungdom",
        "Support for follow-up and pilot functions for young people",
    ),
    "Prosjektskjønnsmidler til innovasjon": (
        "Prosjektskjønsmidlar til innovasjon",
        "Discretionary project funds for innovation",
    ),
}


def _tom(obj, felt: str, sprak: str) -> bool:
    return not getattr(obj, f"{felt}_{sprak}")


def maalform_sett() -> None:
    """The demo kommuner's målform, set before the demo's letters are written (a letter
    is rendered once, in the målform the kommune has then)."""
    for nr, maalform in MAALFORM.items():
        kommune = Kommune.objects.filter(kommunenummer=nr).first()
        if kommune is not None and kommune.maalform != maalform:
            kommune_update(
                kommune=kommune,
                navn=kommune.navn,
                innbyggere=kommune.innbyggere,
                innbyggere_aar=kommune.innbyggere_aar,
                maalform=maalform,
            )


def seed(stdout) -> None:
    n = 0
    for indikator in Indikator.objects.filter(navn_nb__in=list(INDIKATORER)):
        nn, en = INDIKATORER[indikator.navn_nb]
        tekster = {}
        if nn and _tom(indikator, "navn", "nn"):
            tekster["navn_nn"] = nn
        if en and _tom(indikator, "navn", "en"):
            tekster["navn_en"] = en
        if tekster:
            kunnskap_services.indikator_update(indikator=indikator, **tekster)
            n += 1
    for mal in Mal.objects.filter(tittel_nb__in=list(MAL)).select_related("pilot"):
        nn, en = MAL[mal.tittel_nb]
        if _tom(mal, "tittel", "nn") or _tom(mal, "tittel", "en"):
            evaluering_services.mal_upsert(
                pilot=mal.pilot,
                nummer=mal.nummer,
                tittel=mal.tittel_nb,
                beskrivelse=mal.beskrivelse_nb or "",
                tittel_nn=mal.tittel_nn or nn,
                tittel_en=mal.tittel_en or en,
            )
            n += 1
    for pastand in Pastand.objects.filter(tekst_nb__in=list(PASTANDER)):
        nn, en = PASTANDER[pastand.tekst_nb]
        if _tom(pastand, "tekst", "nn") or _tom(pastand, "tekst", "en"):
            evaluering_services.pastand_tekster_set(
                pastand=pastand, tekst_nn=pastand.tekst_nn or nn, tekst_en=pastand.tekst_en or en
            )
            n += 1
    for ordning in Tilskuddsordning.objects.filter(navn_nb__in=list(ORDNINGER)):
        nn, en = ORDNINGER[ordning.navn_nb]
        if _tom(ordning, "navn", "nn") or _tom(ordning, "navn", "en"):
            tilskudd_services.ordning_upsert(
                navn=ordning.navn_nb,
                eier=ordning.eier,
                kapittel=ordning.kapittel,
                post=ordning.post,
                aliaser=ordning.aliaser.splitlines(),
                navn_nn=ordning.navn_nn or nn,
                navn_en=ordning.navn_en or en,
            )
            n += 1
    stdout.write(f"{n} demotekster på nynorsk og engelsk.")
