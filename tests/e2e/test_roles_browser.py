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
