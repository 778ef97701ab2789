"""Each demo role logs in and lands on its home page; axe finds no WCAG 2.1 A/AA
violation on the login page, each home page, the kommune list and a kommune page."""

import pytest

from tests.e2e.helpers import assert_accessible, login

ROLES = [
    ("admin@demo.no", "Pilotleder"),
    ("leder.halden@demo.no", "Mine kommuner"),
    ("kontakt.halden@demo.no", "Halden kommune"),
    ("styre@demo.no", "Halvårsrapport: Velferdspiloten Østfold"),
    ("forsker@demo.no", "Følgeforskning"),
]


def test_login_page_is_accessible(page, base_url):
    page.goto(f"{base_url}/logg-inn/")
    assert page.title().startswith("Logg inn")
    assert_accessible(page)


@pytest.mark.parametrize(("email", "heading"), ROLES)
def test_demo_role_logs_in_to_its_home_page(page, base_url, email, heading):
    login(page, base_url, email)
    assert page.locator("h1").inner_text() == heading
    assert_accessible(page)


def test_shared_overview_pages_are_accessible(page, base_url):
    login(page, base_url, "kontakt.halden@demo.no")
    for path, heading in [
        ("/kommuner/", "Kommuner"),
        ("/kommuner/3101/", "Halden"),
        ("/piloter/", "Piloter"),
        ("/piloter/velferdspiloten-ostfold/", "Velferdspiloten Østfold"),
        ("/passord/endre/", "Endre passord"),
    ]:
        page.goto(f"{base_url}{path}")
        assert page.locator("h1").inner_text() == heading
        assert_accessible(page)


def test_leader_updates_milestones_in_the_browser(page, base_url):
    login(page, base_url, "leder.halden@demo.no")
    page.get_by_role("link", name="Oppdater status for Halden").click()
    assert_accessible(page)
    page.get_by_label("5D-fase").select_option(label="Designfasen")
    page.get_by_role("button", name="Lagre").click()
    page.wait_for_url(f"{base_url}/kommuner/3101/")
    assert "Endringene er lagret." in page.content()
    assert "Designfasen" in page.locator("main").inner_text()


def test_language_switch_to_english(page, base_url):
    login(page, base_url, "styre@demo.no")
    page.get_by_label("Språk").select_option("en")
    page.get_by_role("button", name="Bytt språk").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Half-year report: Velferdspiloten Østfold"
    assert page.locator("html").get_attribute("lang") == "en"
    assert_accessible(page)


def test_legal_pages_are_reachable_from_the_footer_without_login(page, base_url):
    page.goto(f"{base_url}/logg-inn/")
    page.get_by_role("link", name="Tilgjengelighetserklæring").click()
    page.wait_for_url(f"{base_url}/tilgjengelighet/")
    assert page.locator("h1").inner_text() == "Tilgjengelighetserklæring"
    assert_accessible(page)
    page.get_by_role("navigation", name="Om nettstedet").get_by_role(
        "link", name="Personvernerklæring"
    ).click()
    page.wait_for_url(f"{base_url}/personvern/")
    assert page.locator("h1").inner_text() == "Personvernerklæring"
    assert_accessible(page)


GUIDES = [
    ("admin@demo.no", "Kom i gang som Pilotleder (admin)"),
    ("leder.halden@demo.no", "Kom i gang som Investeringsleder"),
    ("kontakt.halden@demo.no", "Kom i gang som Kontaktperson i kommunen"),
    ("styre@demo.no", "Kom i gang som Styringsgruppe"),
    ("forsker@demo.no", "Kom i gang som Følgeforsker"),
]


@pytest.mark.parametrize(("email", "seksjon"), GUIDES)
def test_each_role_opens_its_guide_from_the_home_page(page, base_url, email, seksjon):
    login(page, base_url, email)
    page.get_by_role("link", name="Om portalen: slik kommer du i gang").click()
    page.wait_for_url(f"{base_url}/om-portalen/**")
    assert page.locator("h1").inner_text() == "Om portalen"
    assert page.get_by_role("heading", name=seksjon).is_visible()
    assert_accessible(page)


def test_legal_pages_reflow_at_320_px_and_the_skip_link_reaches_the_content(page, base_url):
    """WCAG 1.4.10 (reflow: no sideways scrolling at 320 CSS px) and 2.4.1 (bypass
    blocks) on the pages the statement itself is read on."""
    page.set_viewport_size({"width": 320, "height": 640})
    for path in ("/tilgjengelighet/", "/personvern/", "/logg-inn/"):
        page.goto(f"{base_url}{path}")
        bredde = page.evaluate(
            "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        assert bredde[0] <= bredde[1], (path, bredde)
    page.goto(f"{base_url}/personvern/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Hopp til hovedinnholdet"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "hovedinnhold"
