"""The investering pages in the browser: axe on each page, and the investment
leader's path from the issue (log a progress meeting with two decisions and a
follow-up point due next week, find it through search, close the point in a later
meeting)."""

from datetime import timedelta

from django.utils import timezone

from investering import services
from investering.models import Mote, Oppfolgingspunkt, Regelhinder
from tests.e2e.helpers import assert_accessible, login


def test_investering_pages_are_accessible(page, base_url):
    login(page, base_url, "leder.halden@demo.no")
    mote = Mote.objects.get(kommune__navn="Halden", type="forankringsmote")
    fredrikstad = Mote.objects.get(kommune__navn="Fredrikstad", type="avklaringsmote")
    hinder = Regelhinder.objects.get(tittel="Kriterier for å utpeke koordinator")
    for path, heading in [
        ("/investering/moter/", "Møter"),
        ("/investering/mine-kommuner/", "Mine kommuner"),
        ("/investering/mote/ny/", "Logg møte"),
        (f"/investering/mote/{mote.pk}/", mote.overskrift),
        (f"/investering/mote/{mote.pk}/rediger/", f"Rediger {mote.overskrift}"),
        (f"/investering/mote/{mote.pk}/referat/", f"Referat: {mote.overskrift}"),
        (f"/investering/mote/{mote.pk}/historikk/", f"Historikk: {mote.overskrift}"),
        (f"/investering/mote/{fredrikstad.pk}/", fredrikstad.overskrift),
        ("/investering/oppfolging/", "Oppfølgingspunkter"),
        ("/investering/regelhinder/", "Regelhindre"),
        ("/investering/regelhinder/ny/", "Registrer regelhinder"),
        (f"/investering/regelhinder/{hinder.pk}/", hinder.tittel),
        (f"/investering/regelhinder/{hinder.pk}/rediger/", "Rediger regelhinder"),
        ("/investering/moteserie/ny/", "Ny møteserie"),
        ("/investering/sok/?q=barnefattigdom", None),
        ("/investering/kalender/", "Møtene dine i kalenderen"),
        ("/investering/team/", "Investeringsteam og investeringsledere"),
    ]:
        page.goto(f"{base_url}{path}")
        if heading:
            assert page.locator("h1").inner_text() == heading, path
        assert_accessible(page)


def test_contact_person_pages_are_accessible(page, base_url):
    login(page, base_url, "kontakt.halden@demo.no")
    for path in ["/investering/moter/", "/investering/oppfolging/"]:
        page.goto(f"{base_url}{path}")
        assert_accessible(page)
    assert "Fredrikstad" not in page.locator("main").inner_text()


def test_leader_logs_finds_and_closes(page, base_url):
    login(page, base_url, "leder.halden@demo.no")
    page.goto(f"{base_url}/investering/mine-kommuner/")
    page.get_by_role("link", name="Logg møte med Halden").click()
    page.get_by_label("Møtetype").select_option(label="Fremdriftsmøte")
    page.get_by_label("Referat").fill(
        "Gjennomgang av tiltaket Gnistregnskapet for lavinntektsfamilier."
    )
    page.get_by_label("Beslutninger").fill(
        "Samordningskoordinatoren inviterer NAV.\nBoligkontoret legger fram tall."
    )
    frist = timezone.localdate() + timedelta(days=7)
    page.get_by_label("Oppfølgingspunkt").fill("Send oversikt over barneboliger")
    page.get_by_label("Frist").fill(frist.isoformat())
    page.get_by_role("button", name="Lagre møtet").click()
    page.wait_for_selector("text=Møtet er logget.")
    assert_accessible(page)
    assert "Samordningskoordinatoren inviterer NAV." in page.content()
    assert "Boligkontoret legger fram tall." in page.content()
    # add one more decision inline (htmx), without leaving the page
    url_before = page.url
    page.get_by_label("Ny beslutning").fill("Neste møte på telefon.")
    page.get_by_role("button", name="Legg til beslutning").click()
    page.wait_for_selector("#beslutninger li:has-text('Neste møte på telefon.')")
    assert page.url == url_before

    page.goto(f"{base_url}/investering/sok/")
    page.get_by_label("Søkeord").fill("Gnistregnskapet")
    page.get_by_role("button", name="Søk").click()
    page.wait_for_selector("mark")
    page.locator("#sok-treff a").first.click()
    page.wait_for_selector("h1")
    assert "Send oversikt over barneboliger" in page.content()

    punkt = Oppfolgingspunkt.objects.get(tekst="Send oversikt over barneboliger")
    assert punkt.frist == frist
    senere = (
        Mote.objects.filter(kommune__navn="Halden", start__gt=punkt.mote.start)
        .order_by("start")
        .first()
    )
    page.goto(f"{base_url}{senere.get_absolute_url()}")
    page.locator("li", has_text="Send oversikt over barneboliger").get_by_role(
        "button", name="Lukk i dette møtet"
    ).click()
    page.wait_for_selector("text=Status for oppfølgingspunktet er oppdatert.")
    punkt.refresh_from_db()
    assert punkt.status == "lukket" and punkt.lukket_i_mote == senere
    assert Regelhinder.objects.exists()


def test_draft_minutes_survive_a_reload(page, base_url):
    login(page, base_url, "leder.halden@demo.no")
    mote = Mote.objects.get(kommune__navn="Halden", type="forankringsmote")
    page.goto(f"{base_url}/investering/mote/{mote.pk}/rediger/")
    page.get_by_label("Referat").fill("Et utkast som ikke er lagret ennå.")
    page.wait_for_timeout(1200)  # the autosave waits for a pause in typing
    page.reload()
    page.get_by_role("button", name="Gjenopprett utkast").click()
    assert page.get_by_label("Referat").input_value() == "Et utkast som ikke er lagret ennå."
    assert_accessible(page)
    mote.refresh_from_db()
    assert mote.referat != "Et utkast som ikke er lagret ennå."  # only in the browser


def test_leader_edits_a_rule_barrier_and_sees_its_history(page, base_url):
    login(page, base_url, "leder.halden@demo.no")
    hinder = Regelhinder.objects.get(tittel__startswith="Startlån og «Fra leie til eie»")
    page.goto(f"{base_url}/investering/regelhinder/")
    page.get_by_role("link", name=hinder.tittel, exact=True).click()
    page.wait_for_selector("h1")
    assert page.locator("h1").inner_text() == hinder.tittel
    page.get_by_role("link", name="Rediger regelhinder").click()
    page.get_by_label("Regel, forskrift eller tildelingsbrev").fill(
        "Forskrift om startlån fra kommunen § 3"
    )
    page.get_by_label("Status").select_option(label="Endret")
    page.get_by_label("Kommentar til endringen (valgfri)").fill("Svar fra Husbanken i mars.")
    page.get_by_role("button", name="Lagre endringene").click()
    # Ending the path needs an outcome: a clear message, nothing saved.
    page.wait_for_selector("text=Skriv utfallet når regelhinderet er endret eller avvist.")
    assert_accessible(page)
    hinder.refresh_from_db()
    assert hinder.status == "loftet"
    page.get_by_label("Utfall").fill("Husbanken har presisert veilederen for startlån.")
    page.get_by_role("button", name="Lagre endringene").click()
    page.wait_for_selector("text=Endringene er lagret.")
    historikk = page.locator("#historikk-tittel + div table")
    assert "Løftet til nasjonalt nivå → Endret" in historikk.inner_text()
    assert "Svar fra Husbanken i mars." in historikk.inner_text()
    assert "Vurdert" in historikk.inner_text()
    assert_accessible(page)
    hinder.refresh_from_db()
    assert hinder.status == "endret" and hinder.regel.endswith("§ 3")


def test_minutes_overwritten_after_a_conflict_are_found_in_the_history(page, base_url):
    login(page, base_url, "leder.halden@demo.no")
    mote = Mote.objects.get(
        kommune__navn="Halden", type="arbeidsgruppemote", start__year=2019, start__month=2
    )
    page.goto(f"{base_url}/investering/mote/{mote.pk}/rediger/")
    # Somebody else saves while she writes.
    services.mote_update(
        mote=mote,
        versjon=mote.versjon,
        referat=mote.referat + "\nTillegg fra boligkoordinator: venteliste på 14 familier.",
        sted="Telefon",
    )
    page.get_by_label("Referat").fill("Lederens nye referat.")
    page.get_by_role("button", name="Lagre endringene").click()
    alert = page.get_by_role("alert")
    assert alert.count() == 1
    assert "Noen andre har lagret møtet mens du skrev" in alert.inner_text()
    tabell = alert.locator("table").inner_text()
    assert "Referat" in tabell and "Sted" in tabell and "referat" not in tabell.split()
    assert_accessible(page)
    # She saves over on purpose; the other text is still in the history.
    page.get_by_role("button", name="Lagre endringene").click()
    page.wait_for_selector("text=Endringene er lagret.")
    page.get_by_role("link", name="Se alle versjoner og hva som er endret").click()
    page.wait_for_selector("h1")
    assert page.locator("h1").inner_text() == f"Historikk: {mote.overskrift}"
    nyeste = page.locator("section.card").first
    assert "Lederens nye referat." in nyeste.locator("ins").all_inner_texts()[-1]
    fjernet = " ".join(nyeste.locator("del").all_inner_texts())
    assert "venteliste på 14 familier" in fjernet
    assert_accessible(page)
