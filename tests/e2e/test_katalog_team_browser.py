"""The admins' pages for the investment team and the indicator catalogue in a real
browser, through the menu and links, each passing axe, with their error states. These
tests change no data another browser test reads: they submit empty forms only."""

import re

from tests.e2e.helpers import assert_accessible, login

LAVINNTEKT = "Andel barn (0–17 år) i husholdninger med vedvarende lavinntekt (%)"


def test_admin_opens_the_team_page_of_a_pilot(page, base_url):
    login(page, base_url, "admin@demo.no")
    page.goto(f"{base_url}/investering/team/")
    page.get_by_role(
        "link", name=re.compile(r"Administrer teamet og investeringslederne.*Østfold")
    ).click()
    page.wait_for_url(f"{base_url}/investering/team/velferdspiloten-ostfold/")
    main = page.locator("main").inner_text()
    assert (
        "Investeringsteamet i Velferdspiloten Østfold"
        in page.get_by_label("Teamets navn").input_value()
    )
    assert "Historikk for teamet" in main and "Historikk for investeringslederne" in main
    assert page.get_by_label("Investeringsleder for Halden").input_value()
    assert_accessible(page)
    # Nothing chosen: a message, nothing saved, still accessible.
    page.get_by_role("button", name="Legg til i teamet").click()
    assert "Feltet er påkrevet." in page.locator("main").inner_text()
    assert_accessible(page)


def test_admin_finds_the_catalogue_in_the_menu_and_each_indicators_ssb_source(page, base_url):
    login(page, base_url, "admin@demo.no")
    page.get_by_role("button", name="Katalog").click()
    page.get_by_role("link", name="Indikatorkatalogen").click()
    page.wait_for_url(f"{base_url}/kommuner/indikatorer/")
    assert page.locator("h1").inner_text() == "Indikatorkatalogen"
    assert "Tabell 12944" in page.locator("main").inner_text()
    assert_accessible(page)
    page.get_by_role("link", name=f"Rediger {LAVINNTEKT}").click()
    assert page.locator("h1").inner_text() == "Rediger indikator"
    assert_accessible(page)
    page.get_by_role("link", name="SSB-kilde for indikatoren").click()
    assert page.get_by_label("Tabellnummer").input_value() == "12944"
    page.goto(f"{base_url}/kommuner/indikatorer/ny/")
    page.get_by_role("button", name="Lagre").click()
    assert "Feltet er påkrevet." in page.locator("main").inner_text()
    assert_accessible(page)
