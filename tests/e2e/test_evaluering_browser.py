"""The steering group's half-yearly dashboard and report in the browser."""

import io

from pypdf import PdfReader

from tests.e2e.helpers import assert_accessible, login


def test_steering_group_reads_dashboard_and_downloads_published_pdf(page, base_url):
    login(page, base_url, "styre@demo.no")
    assert page.locator("h1").inner_text() == "Halvårsrapport: Velferdspiloten Østfold"
    assert_accessible(page)
    # Switch period: 2019-H1 has no assessments; back to 2019-H2, which has.
    page.get_by_label("Periode", exact=True).select_option("2019-H1")
    page.get_by_role("button", name="Vis").click()
    page.wait_for_url("**periode=2019-H1**")
    assert "Ikke vurdert" in page.locator("main").inner_text()
    page.get_by_label("Periode", exact=True).select_option("2019-H2")
    page.get_by_role("button", name="Vis").click()
    page.wait_for_url("**periode=2019-H2**")
    assert "I noen grad" in page.locator("main").inner_text()
    assert_accessible(page)
    # Drill down into Halden.
    page.get_by_role("link", name="Halden", exact=True).first.click()
    page.wait_for_url(f"{base_url}/kommuner/3101/")
    assert page.locator("h1").inner_text() == "Halden"
    page.go_back()
    with page.expect_download() as info:
        page.get_by_role("link", name="Last ned publisert rapport 2019-H2 (PDF)").click()
    download = info.value
    data = open(download.path(), "rb").read()
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
    assert "Halden" in text
    assert "30\xa0840" in text  # Halden's population in the report
    assert "Barnefattigdom" in text
    assert "19.09.2018" in text  # Halden's forankringsmøte


def test_evaluation_pages_are_accessible(page, base_url):
    login(page, base_url, "admin@demo.no")
    for path, heading in [
        (
            "/evaluering/velferdspiloten-ostfold/?periode=2019-H2",
            "Halvårsrapport: Velferdspiloten Østfold",
        ),
        ("/evaluering/velferdspiloten-ostfold/2019-H2/rapporter/", "Statusrapporter 2019-H2"),
        ("/evaluering/velferdspiloten-ostfold/2019-H1/vurdering/", "Vurder måloppnåelse 2019-H1"),
        ("/evaluering/velferdspiloten-ostfold/mal/", "Mål for Velferdspiloten Østfold"),
        ("/evaluering/refleksjon/", "Refleksjonsskjema"),
        ("/evaluering/programfinansiering/refleksjon/ny/", "Nytt refleksjonsskjema"),
        (
            "/evaluering/velferdspiloten-ostfold/kommuner/3101/notater/",
            "Evalueringsnotater: Halden",
        ),
    ]:
        page.goto(f"{base_url}{path}")
        assert page.locator("h1").inner_text() == heading
        assert_accessible(page)
    page.locator("#gruppe-1").click()  # the "Evaluering" menu
    page.get_by_role("link", name="Refleksjonsskjema").click()
    page.get_by_role("link", name="Tredje refleksjonsskjema (2022)").click()
    assert "Endring" in page.locator("main").inner_text()
    assert_accessible(page)


def test_admin_generates_report_now_and_sees_it_ready(page, base_url):
    login(page, base_url, "admin@demo.no")
    page.goto(f"{base_url}/evaluering/velferdspiloten-ostfold/2019-H2/rapporter/")
    page.get_by_role("button", name="Lag rapport nå").click()
    page.wait_for_load_state()
    # Without a broker the report is made in the request: the page says so.
    page.get_by_text("Rapporten (versjon 2) er laget.").wait_for()
    assert page.get_by_text("lages nå").count() == 0
    # The row polls (htmx) until the background task has made the PDF.
    page.get_by_role("link", name="Last ned versjon 2 (PDF)").wait_for()
    assert page.get_by_role("button", name="Publiser versjon 2").is_visible()
    assert_accessible(page)
    # The data the PDF was made from, as stored with the report.
    page.get_by_role("link", name="Datagrunnlag for versjon 2").click()
    assert page.locator("h1").inner_text() == ("Datagrunnlag for statusrapport 2019-H2, versjon 2")
    assert "Halden" in page.locator("table").inner_text()
    assert_accessible(page)


def test_reflection_form_sent_answered_and_shown(page, base_url):
    """Admin sends a form to Halden; Halden's contact person answers it once."""
    from tests.e2e.helpers import logout

    login(page, base_url, "admin@demo.no")
    page.goto(f"{base_url}/evaluering/velferdspiloten-ostfold/refleksjon/ny/")
    page.get_by_label("Rapportperiode").select_option("2020-H2")
    page.get_by_label("Tittel").fill("Refleksjon om samordning")
    page.locator("#id_pastander").fill("Vi samarbeider på tvers\nStaten opptrer samordnet")
    page.get_by_label("Halden").check()
    page.get_by_role("button", name="Send skjemaet").click()
    page.get_by_role("heading", name="Refleksjon om samordning").wait_for()
    logout(page)
    login(page, base_url, "kontakt.halden@demo.no")
    page.goto(f"{base_url}/evaluering/refleksjon/")
    page.get_by_role("link", name="Refleksjon om samordning").click()
    page.get_by_role("link", name="Svar på skjemaet").click()
    assert_accessible(page)
    page.get_by_role("button", name="Send inn svaret").click()  # nothing chosen
    # The answer page comes back with the errors (wait for it: read mid-navigation, the
    # page's content was once empty).
    page.get_by_text("Feltet er påkrevet.").first.wait_for()
    assert "Feltet er påkrevet." in page.content()
    for radio in page.locator("input[type=radio][value='4']").all():
        radio.check()  # 4 on every statement
    page.get_by_role("button", name="Send inn svaret").click()
    assert "Takk! Svaret er sendt inn." in page.content()
    assert "4,0" in page.locator("main").inner_text()
    assert_accessible(page)


VGS = "Andel elever som har fullført og bestått videregående opplæring innen fem år (%)"


def _gi_halden_en_godkjent_verdi():
    """An approved, fetched value of a non-key indicator for Halden, with its baseline
    (made through the services, as the kommune and its leader would)."""
    from decimal import Decimal

    from kommuner.kunnskap import services as kunnskap
    from kommuner.models import Bruker, Indikator, Indikatorverdi, Kommune

    halden = Kommune.objects.get(kommunenummer="3101")
    indikator = Indikator.objects.get(navn=VGS)
    if not Indikatorverdi.objects.filter(kommune=halden, indikator=indikator).exists():
        verdi = kunnskap.indikatorverdi_upsert(
            kommune=halden,
            indikator=indikator,
            periode="2019-H1",
            verdi=Decimal("72.40"),
            bruker=Bruker.objects.get(email="kontakt.halden@demo.no"),
            send_inn=True,
        )
        kunnskap.indikatorverdi_approve(
            verdi=verdi, bruker=Bruker.objects.get(email="leder.halden@demo.no")
        )
        kunnskap.nullpunkt_upsert(
            kommune=halden, indikator=indikator, periode="2018", verdi=Decimal("70.00")
        )
        Indikatorverdi.objects.filter(pk=verdi.pk).update(
            opphav="SSB, tabell 12971, hentet 01.12.2026"
        )
    return indikator


def _rad_og_tabell(page, kommune: str) -> tuple[str, str]:
    """The indicator cell of ``kommune`` in the kommune table and in the comparison
    chart's number table."""
    rad = page.locator("table.kommunetabell tbody tr", has_text=kommune).locator("td").last
    details = page.locator("#graf-indikator ~ details")
    if details.get_attribute("open") is None:
        details.locator("summary").click()
    tabell = (
        page.locator("#graf-indikator ~ details table tbody tr", has_text=kommune)
        .locator("td")
        .last
    )
    return rad.inner_text().strip(), tabell.inner_text().strip()


def test_dashboard_row_and_chart_table_agree_and_fit_a_laptop_screen(page, base_url):
    indikator = _gi_halden_en_godkjent_verdi()
    page.set_viewport_size({"width": 1366, "height": 768})
    login(page, base_url, "styre@demo.no")
    # Without a chosen period: the latest with data (2019-H2), not the empty 2020-H2.
    page.goto(f"{base_url}/evaluering/velferdspiloten-ostfold/")
    assert page.get_by_label("Periode", exact=True).input_value() == "2019-H2"
    assert "Periode 2019-H2" in page.locator("main").inner_text()
    # The 5D phase from the sources.
    assert "Undersøkelsesfasen" in page.locator("table.kommunetabell").inner_text()
    # The same indicator, kommune and period in the row and in the chart's table.
    page.get_by_label("Indikator i sammenligningen").select_option(str(indikator.pk))
    page.get_by_role("button", name="Vis").click()
    page.wait_for_url("**indikator=**")
    rad, tabell = _rad_og_tabell(page, "Halden")
    assert rad == tabell
    assert rad.startswith("72,4 (2019-H1); nullpunkt 70 (2018), endring +2,4")
    assert rad.endswith("kilde: SSB, tabell 12971, hentet 01.12.2026")
    rad, tabell = _rad_og_tabell(page, "Sarpsborg")
    assert rad == tabell == "ingen godkjent verdi; nullpunkt mangler"
    # At 1366 px nothing overflows: the page does not scroll sideways, the kommune
    # table needs no sideways scrolling, and its last column is on screen.
    sizes = page.evaluate(
        """() => {
          const table = document.querySelector("table.kommunetabell");
          const region = table.closest(".table-responsive");
          const last = table.querySelector("thead th:last-child").getBoundingClientRect();
          return {
            page: [document.documentElement.scrollWidth, document.documentElement.clientWidth],
            region: [region.scrollWidth, region.clientWidth],
            last: last.right,
            width: window.innerWidth,
          };
        }"""
    )
    assert sizes["page"][0] <= sizes["page"][1], sizes
    assert sizes["region"][0] <= sizes["region"][1], sizes
    assert sizes["last"] <= sizes["width"], sizes
    # Norwegian numbers on the chart axes: "1 400 000 kr", never "1,400,000".
    page.wait_for_function("() => window.Chart && Chart.getChart('graf-tilskudd')")
    ticks = page.evaluate("() => Chart.getChart('graf-tilskudd').scales.y.ticks.map(t => t.label)")
    assert "1\xa0400\xa0000\xa0kr" in ticks, ticks
    assert not any("," in t for t in ticks), ticks
    assert_accessible(page)
