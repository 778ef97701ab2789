"""The SSB fetch in a real browser, against a local PxWebApi v2 stand-in (the live
server runs in this process, so the setting points it there): an admin connects an
indicator to a table, tests the source, fetches, and Halden's leader sees the values
with their origin. Every SSB page passes axe.

The periods (2016, 2017) and the indicator (crowded housing) are ones no other browser
test uses, so this test changes nothing another one reads."""

import io
import re

import pytest
from pypdf import PdfReader

from tests.e2e.helpers import assert_accessible, login, logout
from tests.kommuner.kunnskap.ssb_fake import FakeSsb, Tabell

TRANGT = "Andel husholdninger som bor trangt (%)"


@pytest.fixture
def fake_ssb(settings):
    fake = FakeSsb()
    fake.tabeller["06265"] = Tabell(
        innhold="Trangbodd",
        perioder=["2016", "2017"],
        celler={("3101", "2016"): 7.5, ("3101", "2017"): 7.9, ("3105", "2017"): ":"},
    )
    settings.SSB_API_URL = fake.url
    settings.SSB_FORESPORSLER_PER_MINUTT = 60_000
    yield fake
    fake.stopp()


def test_admin_connects_an_indicator_to_ssb_and_the_leader_sees_the_figures(
    page, base_url, fake_ssb
):
    login(page, base_url, "admin@demo.no")
    page.goto(f"{base_url}/kommuner/ssb/")
    assert page.locator("h1").inner_text() == "Henting fra SSB"
    assert_accessible(page)
    page.get_by_role("link", name=re.compile(r"Koble til SSB\s*:\s*" + re.escape(TRANGT))).click()
    assert_accessible(page)
    page.get_by_label("Tabellnummer").fill("06265")
    page.get_by_label("Statistikkvariabel (ContentsCode)").fill("Trangbodd")
    page.get_by_label("Antall siste perioder som hentes").fill("2")
    page.get_by_label("Kommune å teste med").select_option(label="Halden")
    page.get_by_role("button", name="Test kilden").click()
    resultat = page.locator("#ssb-test-resultat")
    assert "Dette ville blitt hentet for Halden" in resultat.inner_text()
    assert "7,9" in resultat.inner_text()
    assert_accessible(page)

    page.get_by_role("button", name="Lagre og hent nå").click()
    page.wait_for_url(re.compile(r".*/kommuner/ssb/hentinger/\d+/$"))
    assert "Ferdig" in page.locator("main").inner_text()
    assert_accessible(page)
    page.goto(f"{base_url}/kommuner/ssb/kommunenummer/")
    assert_accessible(page)
    logout(page)

    login(page, base_url, "leder.halden@demo.no")
    page.goto(f"{base_url}/kommuner/3101/kunnskapsgrunnlag/")
    # 2016 and 2017 are older than the periods other browser tests give Halden: they may
    # be on a later page of periods (six to a page), reached by "Eldre perioder".
    for _side in range(5):
        tekst = page.locator("main").inner_text()
        if "7,9" in tekst:
            break
        page.get_by_role("link", name="Eldre perioder").click()
    assert "7,9" in tekst and "SSB, tabell 06265, hentet" in tekst
    assert_accessible(page)
    page.goto(f"{base_url}/kommuner/3101/kunnskapspakke/")
    assert "SSB, tabell 06265, hentet" in page.locator("main").inner_text()
    # The kunnskapspakke PDF carries the origin too.
    pdf = page.request.get(f"{base_url}/kommuner/3101/kunnskapspakke.pdf")
    assert pdf.status == 200
    pdf_tekst = " ".join(side.extract_text() for side in PdfReader(io.BytesIO(pdf.body())).pages)
    assert "SSB, tabell 06265" in " ".join(pdf_tekst.split())
    # The steering dashboard shows the fetched figure with its origin in Halden's row.
    page.goto(f"{base_url}/evaluering/velferdspiloten-ostfold/")
    page.get_by_label("Indikator i sammenligningen").select_option(label=TRANGT)
    page.get_by_role("button", name="Vis").click()
    page.wait_for_url("**indikator=**")
    rad = page.locator("table.kommunetabell tbody tr", has_text="Halden").locator("td").last
    assert rad.inner_text().startswith("7,9 (2017)")
    assert "kilde: SSB, tabell 06265, hentet" in rad.inner_text()
    # A suppressed cell is "not available" with SSB's reason, never zero.
    rad = page.locator("table.kommunetabell tbody tr", has_text="Sarpsborg").locator("td").last
    assert not rad.inner_text().startswith("0")
    # The SSB pages are the admin's.
    response = page.goto(f"{base_url}/kommuner/ssb/")
    assert response.status == 403
