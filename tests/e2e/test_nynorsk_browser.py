"""The portal in nynorsk: each demo role, with nynorsk chosen, opens its home page and
every page of its menu; axe finds no WCAG 2.1 A/AA violation on any of them, the page
says ``lang="nn"``, and no interface text (the header and menu, the footer, headings,
labels, buttons, table headings) is left in bokmål. Texts that are data (indicator
names, meeting minutes, the demo's own words) stay as they were written."""

import re

import pytest
from django.conf import settings

from tests.e2e.helpers import assert_accessible, login

ROLLER = [
    "admin@demo.no",
    "leder.halden@demo.no",
    "kontakt.halden@demo.no",
    "styre@demo.no",
    "forsker@demo.no",
]

# Words that are bokmål only: in nynorsk each has another form (ikkje, kva, frå, heile,
# kommunar, brukarar, møte, tilskot …). Interface text in nynorsk contains none of them.
BOKMAAL = {
    "ikke", "hva", "hvem", "hvor", "hvordan", "hvorfor", "fra", "hele", "selv", "ennå",
    "ble", "deres", "noen", "kommuner", "kommunene", "piloter", "pilotene", "brukere",
    "brukeren", "møter", "møtene", "tilskudd", "varsler", "hjem", "innbyggere",
    "indikatorer", "verdier", "endringer", "oppfølgingspunkter", "deltakere",
    "investeringsleder", "pilotleder", "etater", "perioder", "beslutninger", "regelhindre",
    "hovedmeny", "hovedinnholdet", "nettstedet", "bytt", "tilgjengelighetserklæring",
    "søke", "lagret", "endret", "opprettet", "mangler", "venter", "åpne", "lukket",
}  # fmt: skip

# What the interface writes: the chrome, and the headings, labels, buttons and table
# headings of the page (its data is in the cells, row headings, paragraphs and lists).
# The account menu shows the user's name, which is data ("Kari Pilotleder").
GRENSESNITT = (
    "header, footer, h1, label, button:not(#kontomeny), legend, thead th, caption, "
    ".breadcrumb, .nav-tabs"
)

# Menu entries in their nynorsk form, for the roles that have them.
MENY_NN = {"Kommunar", "Pilotar"}


def _bokmaal_ord(page, data: list[str]) -> list[tuple[str, str]]:
    """The bokmål-only words in the page's interface text, each with the text it is in;
    ``data`` (names, titles: the demo's own words) are taken out first."""
    tekster = page.eval_on_selector_all(
        GRENSESNITT,
        """els => els.map(e => {
            const kopi = e.cloneNode(true);
            kopi.querySelectorAll("#kontomeny").forEach(k => k.remove());
            return kopi.textContent;
        })""",
    )
    funn = set()
    for tekst in tekster:
        tekst = " ".join(tekst.split())
        rest = tekst
        for verdi in data:
            rest = rest.replace(verdi, " ")
        for ord_ in re.findall(r"[\wæøåÆØÅ]+", rest):
            if ord_.lower() in BOKMAAL:
                funn.add((ord_.lower(), tekst[:90]))
    return sorted(funn)


def _menylenker(page) -> list[str]:
    """The menu's links within the portal (not Django's admin, which is Django's own
    translation), each once, in menu order."""
    hrefs = page.eval_on_selector_all(
        "#hovedmeny a[href]", "els => els.map(e => e.getAttribute('href'))"
    )
    sett: list[str] = []
    for href in hrefs:
        if href.startswith("/") and not href.startswith("/admin/") and href not in sett:
            sett.append(href)
    return sett


@pytest.fixture
def data(base_url, django_db_blocker) -> list[str]:
    """Texts that are data, not interface, longest first. Indicator names, goals, schemes
    and rounds are kept per language (modeltranslation): a nynorsk page shows the
    nynorsk text where there is one, else the bokmål one, which is taken out here (the
    demo leaves one indicator without nynorsk); the others are written in bokmål by
    whoever entered them."""
    from evaluering.models import Mal
    from kommuner.kunnskap.models import Indikator, Tiltak, Virkemiddel
    from kommuner.models import Bruker, Pilot

    with django_db_blocker.unblock():
        verdier = [
            *Indikator.objects.values_list("navn", flat=True),
            *Mal.objects.values_list("tittel", flat=True),
            *Tiltak.objects.values_list("navn", flat=True),
            *Virkemiddel.objects.values_list("navn", flat=True),
            *Pilot.objects.values_list("navn", flat=True),
            *Bruker.objects.values_list("fullt_navn", flat=True),
        ]
    return sorted({" ".join(v.split()) for v in verdier if v}, key=len, reverse=True)


@pytest.fixture
def nynorsk(page, base_url):
    page.context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": "nn", "url": base_url}]
    )
    return page


def test_the_login_page_in_nynorsk(nynorsk, base_url, data):
    page = nynorsk
    page.goto(f"{base_url}/logg-inn/")
    assert page.locator("html").get_attribute("lang") == "nn"
    assert page.locator("h1").inner_text() == "Logg inn"
    assert page.get_by_role("link", name="Gløymt passordet?").is_visible()
    assert _bokmaal_ord(page, data) == []
    assert_accessible(page)


@pytest.mark.parametrize("email", ROLLER)
def test_every_page_of_each_roles_menu_is_nynorsk_and_accessible(nynorsk, base_url, data, email):
    page = nynorsk
    login(page, base_url, email)
    meny = page.locator("#hovedmeny").inner_text()
    assert MENY_NN <= set(meny.split()), meny
    sider = ["/", *_menylenker(page), "/varsler/", "/om-portalen/"]
    assert len(sider) >= 5
    for sti in sider:
        page.goto(f"{base_url}{sti}")
        assert page.locator("html").get_attribute("lang") == "nn", sti
        assert _bokmaal_ord(page, data) == [], page.url
        assert_accessible(page)


# The pages behind the menus, where the forms and tables are: each role's own.
DJUPE_SIDER = {
    "kontakt.halden@demo.no": [
        "/kommuner/3101/",
        "/kommuner/3101/kunnskapsgrunnlag/",
        "/kommuner/3101/kunnskapsgrunnlag/registrer/?periode=2024",
        "/kommuner/3101/kunnskapsgrunnlag/last-opp/",
        "/kommuner/3101/tiltak/",
        "/kommuner/3101/tiltak/nytt/",
        "/kommuner/3101/utfordringsbilde/",
        "/kommuner/3101/utfordringsbilde/rediger/",
        "/kommuner/3101/vedlegg/",
        "/kommuner/3101/kunnskapspakke/",
        "/tilskudd/runder/",
        "/tilskudd/soknader/",
        "/tilskudd/kommuner/3101/",
        "/varsler/innstillinger/",
        "/passord/endre/",
    ],
    "leder.halden@demo.no": [
        "/investering/mine-kommuner/",
        "/investering/mote/ny/",
        "/investering/regelhinder/ny/",
        "/investering/moteserie/ny/",
        "/kommuner/virkemidler/",
    ],
    "admin@demo.no": [
        "/tilskudd/potter/",
        "/tilskudd/potter/ny/",
        "/tilskudd/runder/ny/",
        "/tilskudd/oversikt/",
        "/tilskudd/kommuner/3118/",
        "/evaluering/velferdspiloten-ostfold/2019-H2/rapporter/",
        "/evaluering/velferdspiloten-ostfold/2019-H1/vurdering/",
        "/evaluering/velferdspiloten-ostfold/mal/",
        "/evaluering/programfinansiering/refleksjon/ny/",
        "/kommuner/virkemidler/nytt/",
        "/kommuner/3101/rediger/",
    ],
}


@pytest.mark.parametrize("email", sorted(DJUPE_SIDER))
def test_each_roles_forms_and_tables_are_nynorsk_and_accessible(nynorsk, base_url, data, email):
    page = nynorsk
    login(page, base_url, email)
    for sti in DJUPE_SIDER[email]:
        response = page.goto(f"{base_url}{sti}")
        assert response.status == 200, sti
        assert page.locator("html").get_attribute("lang") == "nn", sti
        assert _bokmaal_ord(page, data) == [], page.url
        assert_accessible(page)


def test_the_demos_texts_that_are_data_are_shown_in_nynorsk(nynorsk, base_url):
    page = nynorsk
    login(page, base_url, "kontakt.halden@demo.no")
    page.goto(f"{base_url}/kommuner/3101/kunnskapsgrunnlag/")
    innhold = page.locator("main").inner_text()
    assert "Del barn (0–17 år) i hushald med vedvarande låginntekt (%)" in innhold
    assert "Andel barn (0–17 år) i husholdninger med vedvarende lavinntekt (%)" not in innhold
    page.goto(f"{base_url}/tilskudd/runder/")
    assert "Vidareføring av samordningsarbeidet" in page.locator("main").inner_text()
    assert_accessible(page)


def test_the_switch_to_nynorsk_from_bokmal(page, base_url):
    login(page, base_url, "kontakt.halden@demo.no")
    page.get_by_label("Språk").select_option("nn")
    page.get_by_role("button", name="Bytt språk").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "nn"
    assert page.get_by_role("button", name="Byt språk").is_visible()
    assert page.get_by_role("navigation", name="Hovudmeny").is_visible()
    assert_accessible(page)
