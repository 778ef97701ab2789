"""Grants in the browser: the issue's walk-through (admin opens a round, the Halden
contact person applies, admin grants part of it, the contact person downloads the
decision letter), and axe on every grant page."""

import io
from datetime import timedelta

from django.utils import timezone
from pypdf import PdfReader

from tests.e2e.helpers import assert_accessible, login, logout


def _local(dt):
    return timezone.localtime(dt).strftime("%Y-%m-%dT%H:%M")


def test_admin_opens_round_contact_applies_admin_grants_part_letter_downloads(page, base_url):
    login(page, base_url, "admin@demo.no")
    page.get_by_role("link", name="Tilskudd", exact=True).click()
    assert page.locator("h1").inner_text() == "Tilskudd: potter og runder"
    assert_accessible(page)

    # The seeded pots are fully allocated, so the admin makes a new pot first.
    page.get_by_role("link", name="Ny pott").click()
    assert_accessible(page)
    page.get_by_label("Navn").fill("Innovasjonsmidler")
    page.get_by_label("År").fill(str(timezone.localdate().year))
    page.get_by_label("Totalbeløp (kr)").fill("1000000")
    page.locator("#id_kilder-0-ordning").select_option(label="Prosjektskjønnsmidler til innovasjon")
    page.locator("#id_kilder-0-belop").fill("1000000")
    page.get_by_role("button", name="Lagre").click()
    assert "Potten er lagret." in page.content()
    assert_accessible(page)

    page.goto(f"{base_url}/tilskudd/runder/ny/")
    now = timezone.now()
    page.locator("#id_pott").select_option(label=f"Innovasjonsmidler {timezone.localdate().year}")
    page.get_by_label("Tittel").fill("Innovasjon i Østfold")
    page.get_by_label("Kriterier").fill("Tverrfaglig samarbeid mot barnefattigdom.")
    page.get_by_label("Åpner").fill(_local(now - timedelta(hours=1)))
    page.get_by_label("Søknadsfrist").fill(_local(now + timedelta(days=30)))
    page.get_by_role("button", name="Lagre").click()
    assert page.locator("h1").inner_text() == "Søknader: Innovasjon i Østfold"
    assert_accessible(page)
    logout(page)

    login(page, base_url, "kontakt.halden@demo.no")
    page.get_by_role("link", name="Tilskudd", exact=True).click()
    assert page.locator("h1").inner_text() == "Åpne tilskuddsrunder"
    assert_accessible(page)
    page.get_by_role("link", name="Søk i Innovasjon i Østfold").click()
    assert_accessible(page)
    page.get_by_label("Tittel").fill("Fritidskortet")
    page.get_by_label("Formål").fill("Aktiviteter for barn i familier med lav inntekt.")
    page.get_by_label("Søkt beløp (kr)").fill("300000")
    page.locator("#id_budsjett-0-beskrivelse").fill("Aktivitetskort")
    page.locator("#id_budsjett-0-belop").fill("300000")
    page.get_by_role("button", name="Lagre utkast").click()
    assert "Utkastet er lagret." in page.content()
    page.get_by_role("button", name="Send inn søknaden").click()
    assert "Søknaden er sendt inn." in page.content()
    assert_accessible(page)
    soknad_url = page.url
    logout(page)

    login(page, base_url, "admin@demo.no")
    page.goto(f"{base_url}/tilskudd/potter/")
    page.get_by_role("link", name="Innovasjon i Østfold").first.click()
    page.get_by_role("link", name="Avgjør Fritidskortet").click()
    assert "Tidligere tilskudd" in page.content()
    assert "200 000 kr" in page.locator("aside").inner_text().replace("\xa0", " ")
    assert_accessible(page)
    page.get_by_label("Delvis innvilget").check()
    page.get_by_label("Innvilget beløp (kr)").fill("200000")
    page.get_by_label("Begrunnelse").fill("Godt tiltak; potten er begrenset.")
    page.get_by_role("button", name="Fatt vedtak").click()
    assert "Vedtaket er lagret" in page.content()
    assert_accessible(page)
    logout(page)

    login(page, base_url, "kontakt.halden@demo.no")
    page.goto(soknad_url)
    assert "Delvis innvilget" in page.locator("main").inner_text()
    with page.expect_download() as info:
        page.get_by_role("link", name="Last ned vedtaksbrevet (PDF)").click()
    pdf = PdfReader(io.BytesIO(open(info.value.path(), "rb").read()))
    text = " ".join(p.extract_text() for p in pdf.pages).replace("\xa0", " ")
    text = " ".join(text.split())
    assert "Halden" in text and "200 000 kr" in text and "delvis innvilget" in text


def test_grant_pages_are_accessible(page, base_url):
    login(page, base_url, "admin@demo.no")
    for path, heading in [
        ("/tilskudd/potter/", "Tilskudd: potter og runder"),
        ("/tilskudd/potter/ny/", "Ny pott"),
        ("/tilskudd/runder/ny/", "Ny tilskuddsrunde"),
        ("/tilskudd/oversikt/", "Tilskudd: innvilget og utbetalt"),
        ("/tilskudd/kommuner/3118/", "Tilskudd til Indre Østfold"),
    ]:
        page.goto(f"{base_url}{path}")
        assert page.locator("h1").inner_text() == heading
        assert_accessible(page)
    page.goto(f"{base_url}/tilskudd/potter/")
    page.get_by_role("link", name="Prosjektskjønnsmidler Velferdspiloten Østfold 2019").click()
    assert page.locator("h1").inner_text() == "Prosjektskjønnsmidler Velferdspiloten Østfold 2019"
    assert_accessible(page)
    logout(page)

    login(page, base_url, "kontakt.halden@demo.no")
    for path, heading in [
        ("/tilskudd/runder/", "Åpne tilskuddsrunder"),
        ("/tilskudd/soknader/", "Søknader fra Halden"),
        ("/tilskudd/kommuner/3101/", "Tilskudd til Halden"),
    ]:
        page.goto(f"{base_url}{path}")
        assert page.locator("h1").inner_text() == heading
        assert_accessible(page)
    page.get_by_role("link", name="Prosjektskjønnsmidler Velferdspiloten Østfold 2019").click()
    assert page.locator("h1").inner_text().startswith("Tildeling til Halden")
    assert_accessible(page)
    logout(page)

    login(page, base_url, "styre@demo.no")
    page.get_by_role("link", name="Tilskudd", exact=True).click()
    assert page.locator("h1").inner_text() == "Tilskudd: innvilget og utbetalt"
    assert_accessible(page)
