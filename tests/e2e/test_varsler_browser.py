"""Notifications in a real browser: Halden's contact person is told when the investment
leader returns a value, sees the count in the navigation, opens the list and turns
email off for that kind. Both pages pass axe."""

from decimal import Decimal

from felles.models import EpostAvmelding, Varsel
from tests.e2e.helpers import assert_accessible, login, logout

UNGE = "Andel unge (15–29 år) utenfor arbeid, utdanning og opplæring (%)"


def test_contact_person_is_told_of_a_returned_value_and_turns_its_email_off(page, base_url):
    from kommuner.kunnskap import services as svc
    from kommuner.kunnskap.models import Indikator
    from kommuner.models import Bruker, Kommune

    kontakt = Bruker.objects.get(email="kontakt.halden@demo.no")
    verdi = svc.indikatorverdi_upsert(
        kommune=Kommune.objects.get(kommunenummer="3101"),
        indikator=Indikator.objects.get(navn=UNGE),
        periode="2021",
        verdi=Decimal("9.8"),
        bruker=kontakt,
        send_inn=True,
    )
    Varsel.objects.filter(mottaker=kontakt).update(lest="2026-01-01T00:00:00Z")

    login(page, base_url, "leder.halden@demo.no")
    page.goto(f"{base_url}/kommuner/3101/kunnskapsgrunnlag/")
    rad = page.locator(f"#behandle-{verdi.pk}")
    rad.get_by_label(f"Kommentar til {UNGE}").fill("Tallet for 2021 ser for høyt ut.")
    rad.get_by_role("button", name="Returner").click()
    page.locator(f"#behandle-{verdi.pk}").get_by_text("Returnert").wait_for()
    logout(page)

    login(page, base_url, "kontakt.halden@demo.no")
    nav = page.locator("#varsler-lenke")
    assert nav.text_content().split() == ["Varsler", "1", "uleste"]
    nav.click()
    page.wait_for_url(f"{base_url}/varsler/")
    assert page.locator("h1").inner_text() == "Varsler"
    ulest = page.locator(".varsel-ulest")
    assert ulest.count() == 1
    assert "Tallet for 2021 ser for høyt ut." in ulest.inner_text()
    assert_accessible(page)

    # The notification leads to the period's form.
    ulest.get_by_role("link").click()
    page.wait_for_url("**/kunnskapsgrunnlag/registrer/?periode=2021")
    page.goto(f"{base_url}/varsler/")
    page.get_by_role("button", name="Merk som lest").click()
    page.wait_for_url(f"{base_url}/varsler/?side=1")
    assert page.locator(".varsel-ulest").count() == 0
    assert page.locator("#varsler-lenke").text_content().split() == ["Varsler"]

    page.get_by_role("link", name="Innstillinger for e-post").click()
    page.wait_for_url(f"{base_url}/varsler/innstillinger/")
    assert_accessible(page)
    valg = page.get_by_label("Indikatorverdi returnert med kommentar")
    assert valg.is_checked()
    valg.uncheck()
    page.get_by_role("button", name="Lagre").click()
    assert "Valgene for e-post er lagret." in page.locator("main").inner_text()
    assert not page.get_by_label("Indikatorverdi returnert med kommentar").is_checked()
    assert list(EpostAvmelding.objects.filter(bruker=kontakt).values_list("slag", flat=True)) == [
        "verdi_returnert"
    ]
    assert_accessible(page)
