"""Notifications (felles.varsler): one in-portal notification per event and recipient,
at most one email, email off per kind, absolute links; the user's own pages."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy, gettext_noop, ngettext_lazy

from felles import varselslag, varsler
from felles.models import EpostAvmelding, Utsending, Varsel

SLAG = "verdi_returnert"


def _varsle(bruker, noekkel="hendelse:1", slag=SLAG, tittel="Verdien er returnert"):
    return varsler.varsle(
        mottaker=bruker,
        slag=slag,
        tittel=tittel,
        url="/kommuner/3101/kunnskapsgrunnlag/",
        noekkel=noekkel,
    )


# ---------------------------------------------------------------- the service


def test_one_notification_and_one_email_per_event_and_recipient(kontakt_halden, mailoutbox):
    assert _varsle(kontakt_halden) is True
    assert _varsle(kontakt_halden) is False  # the job ran again
    assert Varsel.objects.filter(mottaker=kontakt_halden).count() == 1
    assert [m.to for m in mailoutbox] == [[kontakt_halden.email]]
    assert Utsending.objects.filter(nokkel=f"hendelse:1:{kontakt_halden.pk}").exists()
    _varsle(kontakt_halden, noekkel="hendelse:2")  # another event
    assert Varsel.objects.filter(mottaker=kontakt_halden).count() == 2
    assert len(mailoutbox) == 2


def test_the_same_event_reaches_each_recipient_once(kontakt_halden, kontakt_sarpsborg, mailoutbox):
    _varsle(kontakt_halden)
    _varsle(kontakt_sarpsborg)
    assert Varsel.objects.count() == 2
    assert sorted(m.to[0] for m in mailoutbox) == [kontakt_halden.email, kontakt_sarpsborg.email]


def test_email_turned_off_for_a_kind_still_notifies_in_the_portal(kontakt_halden, mailoutbox):
    varsler.epostvalg_lagre(bruker=kontakt_halden, paa=set(varselslag.alle()) - {SLAG})
    assert _varsle(kontakt_halden) is False
    assert mailoutbox == []
    assert Varsel.objects.filter(mottaker=kontakt_halden, slag=SLAG).exists()
    # Other kinds still come by email.
    assert _varsle(kontakt_halden, noekkel="annet:1", slag="runde_aapnet") is True
    assert len(mailoutbox) == 1


def test_email_links_are_absolute_with_the_public_portal_address(kontakt_halden, mailoutbox):
    _varsle(kontakt_halden)
    body = mailoutbox[0].body
    assert f"{settings.PORTAL_URL}/kommuner/3101/kunnskapsgrunnlag/" in body
    assert f"{settings.PORTAL_URL}/varsler/innstillinger/" in body  # how to turn it off
    assert mailoutbox[0].subject == "Verdien er returnert"


def test_links_must_be_paths_in_the_portal(kontakt_halden):
    for url in ("https://evil.example/", "//evil.example/", "kommuner/"):
        with pytest.raises(ValueError):
            varsler.varsle(mottaker=kontakt_halden, slag=SLAG, tittel="x", url=url, noekkel="x")
    with pytest.raises(ValueError):
        varsler.varsle(mottaker=kontakt_halden, slag="ukjent", tittel="x", url="/", noekkel="x")
    assert not Varsel.objects.exists()


def test_an_inactive_user_is_not_notified(kontakt_halden, mailoutbox):
    kontakt_halden.is_active = False
    kontakt_halden.save()
    assert _varsle(kontakt_halden) is False
    assert not Varsel.objects.exists() and mailoutbox == []


def test_email_settings_save_on_and_off(kontakt_halden):
    assert all(varsler.epostvalg(kontakt_halden).values())
    varsler.epostvalg_lagre(bruker=kontakt_halden, paa={"runde_aapnet"})
    valg = varsler.epostvalg(kontakt_halden)
    assert valg["runde_aapnet"] and not valg[SLAG]
    varsler.epostvalg_lagre(bruker=kontakt_halden, paa=set(varselslag.alle()))
    assert not EpostAvmelding.objects.exists()


# ---------------------------------------------------------------- pages and access


def test_list_shows_own_notifications_newest_first_with_unread_count(client, kontakt_halden):
    _varsle(kontakt_halden, noekkel="a", tittel="Eldste")
    _varsle(kontakt_halden, noekkel="b", tittel="Nyeste")
    Varsel.objects.filter(noekkel="a").update(opprettet=timezone.now() - timedelta(days=1))
    client.force_login(kontakt_halden)
    response = client.get("/varsler/")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.index("Nyeste") < html.index("Eldste")
    assert "2 uleste varsler" in html
    assert 'class="badge rounded-pill text-bg-warning">2<' in html  # the nav count


def test_mark_one_and_all_read(client, kontakt_halden):
    _varsle(kontakt_halden, noekkel="a")
    _varsle(kontakt_halden, noekkel="b")
    a = Varsel.objects.get(noekkel="a")
    client.force_login(kontakt_halden)
    response = client.post(f"/varsler/{a.pk}/lest/", {"side": "1"})
    assert response.status_code == 302 and response.url == "/varsler/?side=1"
    a.refresh_from_db()
    assert a.lest is not None
    assert Varsel.objects.filter(lest__isnull=True).count() == 1
    client.post("/varsler/alle-lest/")
    assert not Varsel.objects.filter(lest__isnull=True).exists()
    assert "0 uleste varsler" in client.get("/varsler/").content.decode()


def test_marking_read_is_post_only(client, kontakt_halden):
    _varsle(kontakt_halden)
    varsel = Varsel.objects.get()
    client.force_login(kontakt_halden)
    assert client.get(f"/varsler/{varsel.pk}/lest/").status_code == 405
    assert client.get("/varsler/alle-lest/").status_code == 405
    varsel.refresh_from_db()
    assert varsel.lest is None


@pytest.mark.parametrize(
    "person", ["kontakt_sarpsborg", "leder_halden", "admin_bruker", "styre", "forsker", "team"]
)
def test_nobody_sees_or_marks_another_users_notification(client, request, kontakt_halden, person):
    _varsle(kontakt_halden, tittel="Bare for Halden")
    varsel = Varsel.objects.get()
    client.force_login(request.getfixturevalue(person))
    assert "Bare for Halden" not in client.get("/varsler/").content.decode()
    assert client.post(f"/varsler/{varsel.pk}/lest/").status_code == 404
    client.post("/varsler/alle-lest/")
    varsel.refresh_from_db()
    assert varsel.lest is None


def test_pages_need_login(client):
    for url in ("/varsler/", "/varsler/innstillinger/"):
        response = client.get(url)
        assert response.status_code == 302 and "/logg-inn/" in response.url


def test_settings_page_turns_email_off_and_on_per_kind(client, kontakt_halden):
    client.force_login(kontakt_halden)
    response = client.get("/varsler/innstillinger/")
    assert response.status_code == 200
    assert "Indikatorverdi returnert med kommentar" in response.content.decode()
    paa = [s for s in varselslag.alle() if s != SLAG]
    response = client.post("/varsler/innstillinger/", {s: "on" for s in paa})
    assert response.status_code == 302
    assert list(EpostAvmelding.objects.values_list("bruker", "slag")) == [(kontakt_halden.pk, SLAG)]
    client.post("/varsler/innstillinger/", {s: "on" for s in varselslag.alle()})
    assert not EpostAvmelding.objects.exists()


def test_settings_ignore_unknown_kinds(client, kontakt_halden):
    client.force_login(kontakt_halden)
    response = client.post("/varsler/innstillinger/", {"ukjent": "on", SLAG: "on"})
    assert response.status_code == 302
    assert EpostAvmelding.objects.count() == len(varselslag.alle()) - 1


# ---------------------------------------------------------------- query counts


def test_list_page_costs_constant_queries(client, kontakt_halden, django_assert_num_queries):
    for i in range(30):
        _varsle(kontakt_halden, noekkel=f"n:{i}", tittel=f"Varsel {i}")
    client.force_login(kontakt_halden)
    client.get("/varsler/")  # warm-up: the first page after login renews the session
    # 1 session, 2 user with roles and unread count, 3 count of the user's
    # notifications (paging), 4 the page of notifications
    with django_assert_num_queries(4):
        response = client.get("/varsler/?side=2")
    assert response.status_code == 200
    assert response.content.decode().count('class="list-group-item') == 5


def test_settings_page_costs_constant_queries(client, kontakt_halden, django_assert_num_queries):
    varsler.epostvalg_lagre(bruker=kontakt_halden, paa=set())
    client.force_login(kontakt_halden)
    client.get("/varsler/innstillinger/")
    # 1 session, 2 user with roles and unread count, 3 the user's email opt-outs
    with django_assert_num_queries(3):
        assert client.get("/varsler/innstillinger/").status_code == 200


def test_unread_count_in_the_navigation_costs_no_query_of_its_own(
    client, kontakt_halden, django_assert_num_queries
):
    _varsle(kontakt_halden, noekkel="a")
    client.force_login(kontakt_halden)
    client.get("/passord/endre/")
    # 1 session, 2 the user with roles and the unread count (one subquery)
    with django_assert_num_queries(2):
        response = client.get("/passord/endre/")
    assert 'text-bg-warning">1<' in response.content.decode()


# ---------------------------------------------------------------- the reader's language


def _runde_aapnet(bruker, **kwargs):
    return varsler.varsle(
        mottaker=bruker,
        slag="runde_aapnet",
        tittel=gettext_noop("Ny tilskuddsrunde: %(tittel)s"),
        param={"tittel": "Skjønnsmidler 2026"},
        url="/tilskudd/runder/",
        noekkel="runde-aapnet:1",
        **kwargs,
    )


def test_a_notification_made_in_norwegian_shows_in_the_readers_language(
    client, kontakt_halden, mailoutbox
):
    with translation.override("nb"):  # as the beat's task makes it
        _runde_aapnet(kontakt_halden)
    varsel = Varsel.objects.get()
    assert varsel.tittel == "Ny tilskuddsrunde: Skjønnsmidler 2026"  # stored, portal language
    assert varsel.tittel_mal == "Ny tilskuddsrunde: %(tittel)s"
    assert varsel.tittel_param == {"tittel": "Skjønnsmidler 2026"}
    assert mailoutbox[0].subject == "Ny tilskuddsrunde: Skjønnsmidler 2026"
    with translation.override("en"):
        assert varsel.visningstittel == "New grant round: Skjønnsmidler 2026"
    client.force_login(kontakt_halden)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get("/varsler/").content.decode()
    assert "New grant round: Skjønnsmidler 2026" in html
    assert "Ny tilskuddsrunde" not in html
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nb"
    assert "Ny tilskuddsrunde: Skjønnsmidler 2026" in client.get("/varsler/").content.decode()


def test_the_email_is_in_the_portals_language_whoever_triggered_it(kontakt_halden, mailoutbox):
    # Users have no stored language: the email cannot follow a reader's cookie.
    with translation.override("en"):
        _runde_aapnet(kontakt_halden)
    assert mailoutbox[0].subject == "Ny tilskuddsrunde: Skjønnsmidler 2026"
    assert "Åpne i portalen" in mailoutbox[0].body
    assert Varsel.objects.get().tittel == "Ny tilskuddsrunde: Skjønnsmidler 2026"


def test_a_title_with_a_count_takes_the_plural_of_the_readers_language(kontakt_halden):
    tittel = ngettext_lazy(
        "%(kommune)s har %(n)s verdi som venter på godkjenning",
        "%(kommune)s har %(n)s verdier som venter på godkjenning",
        "n",
    )
    for n in (1, 3):
        varsler.varsle(
            mottaker=kontakt_halden,
            slag="verdier_til_godkjenning",
            tittel=tittel,
            param={"kommune": "Halden", "n": n},
            url="/",
            noekkel=f"v:{n}",
        )
    en, tre = Varsel.objects.get(noekkel="v:1"), Varsel.objects.get(noekkel="v:3")
    assert en.tittel == "Halden har 1 verdi som venter på godkjenning"
    assert tre.tittel == "Halden har 3 verdier som venter på godkjenning"
    with translation.override("en"):
        assert en.visningstittel == "Halden has 1 value awaiting approval"
        assert tre.visningstittel == "Halden has 3 values awaiting approval"


def test_dates_are_stored_as_iso_and_formatted_when_shown(kontakt_halden):
    frist = datetime(2026, 3, 1, 12, 0, tzinfo=ZoneInfo("Europe/Oslo"))
    varsler.varsle(
        mottaker=kontakt_halden,
        slag="runde_stenger",
        tittel=gettext_noop("Tilskuddsrunden «%(tittel)s» stenger %(frist)s"),
        param={"tittel": "Runde", "frist": frist},
        url="/",
        noekkel="a",
    )
    varsler.varsle(
        mottaker=kontakt_halden,
        slag="rapport_frist",
        tittel=gettext_noop(
            "Rapport om bruk av midler til «%(tittel)s» skal leveres innen %(frist)s"
        ),
        param={"tittel": "Tiltak", "frist": date(2027, 3, 1)},
        url="/",
        noekkel="b",
    )
    runde, rapport = Varsel.objects.get(noekkel="a"), Varsel.objects.get(noekkel="b")
    assert rapport.tittel_param["frist"] == {"dato": "2027-03-01"}
    assert runde.tittel == "Tilskuddsrunden «Runde» stenger 01.03.2026 12:00"
    with translation.override("en"):
        assert rapport.visningstittel == (
            "The report on the use of funds for “Tiltak” is due by 01.03.2027"
        )


def test_a_parameter_that_would_freeze_a_language_is_refused(kontakt_halden, mailoutbox):
    for verdi in (
        gettext_lazy("Varsler"),
        kontakt_halden,
        True,
        timezone.now().replace(tzinfo=None),
    ):
        with pytest.raises((TypeError, ValueError)):
            varsler.varsle(
                mottaker=kontakt_halden,
                slag=SLAG,
                tittel=gettext_noop("Ny tilskuddsrunde: %(tittel)s"),
                param={"tittel": verdi},
                url="/",
                noekkel="x",
            )
    assert not Varsel.objects.exists() and mailoutbox == []


def test_rows_without_an_untranslated_title_show_their_stored_text(kontakt_halden):
    _varsle(kontakt_halden)
    Varsel.objects.update(tittel_mal="", tittel_param={})  # as rows made before
    varsel = Varsel.objects.get()
    with translation.override("en"):
        assert varsel.visningstittel == "Verdien er returnert"
        # A title whose parameters no longer fit shows the stored text, never an error.
        varsel.tittel_mal = "Ny tilskuddsrunde: %(tittel)s"
        varsel.tittel_param = {"annet": "x"}
        assert varsel.visningstittel == "Verdien er returnert"


def test_user_text_in_a_title_keeps_the_email_subject_on_one_line(kontakt_halden, mailoutbox):
    varsler.varsle(
        mottaker=kontakt_halden,
        slag=SLAG,
        tittel=gettext_noop("Ny tilskuddsrunde: %(tittel)s"),
        param={"tittel": "To\nlinjer"},
        url="/",
        noekkel="x",
    )
    assert mailoutbox[0].subject == "Ny tilskuddsrunde: To linjer"


def test_notify_all_tells_each_recipient_once(kontakt_halden, kontakt_sarpsborg, mailoutbox):
    kwargs = {
        "mottakere": [kontakt_halden, kontakt_sarpsborg],
        "slag": SLAG,
        "tittel": gettext_noop("Ny tilskuddsrunde: %(tittel)s"),
        "param": {"tittel": "Runde"},
        "url": "/",
        "noekkel": "runde:1",
    }
    assert varsler.varsle_alle(**kwargs) == 2
    assert varsler.varsle_alle(**kwargs) == 0
    assert Varsel.objects.count() == 2


def test_the_admin_list_shows_the_title_in_the_admins_language(admin_client, kontakt_halden):
    _runde_aapnet(kontakt_halden)
    admin_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = admin_client.get("/admin/felles/varsel/")
    assert response.status_code == 200
    assert "New grant round: Skjønnsmidler 2026" in response.content.decode()
    # Search reads the stored title, in the portal's language.
    response = admin_client.get("/admin/felles/varsel/", {"q": "tilskuddsrunde"})
    assert "New grant round: Skjønnsmidler 2026" in response.content.decode()


# ---------------------------------------------------------------- a contact person moves


@pytest.mark.parametrize("flytt", ["service", "sql"])
def test_a_contact_person_moved_to_another_kommune_no_longer_reads_the_old_ones(
    client, kontakt_halden, admin_bruker, leder_halden, sarpsborg, flytt
):
    """Issue 21, item 6: the leader's comment on a returned value stays with Halden."""
    from kommuner import services as kommuner_svc
    from kommuner.models import Bruker, Rolle

    _varsle(kontakt_halden, noekkel="verdi:1", tittel="Returnert: tallet for 2024 er feil")
    client.force_login(kontakt_halden)
    assert "tallet for 2024 er feil" in client.get("/varsler/").content.decode()
    varsel = Varsel.objects.get()

    if flytt == "service":
        kommuner_svc.bruker_upsert(
            email=kontakt_halden.email,
            fullt_navn=kontakt_halden.fullt_navn,
            roller=[Rolle.KONTAKTPERSON],
            kommune=sarpsborg,
        )
    else:  # by hand, the admin, an import: the same
        Bruker.objects.filter(pk=kontakt_halden.pk).update(kommune=sarpsborg)
    html = client.get("/varsler/").content.decode()
    assert "tallet for 2024 er feil" not in html
    assert "0 uleste varsler" in html
    assert client.post(f"/varsler/{varsel.pk}/lest/").status_code == 404
    # Told again in Sarpsborg: shown.
    _varsle(Bruker.objects.get(pk=kontakt_halden.pk), noekkel="verdi:2", tittel="Nytt i Sarpsborg")
    assert "Nytt i Sarpsborg" in client.get("/varsler/").content.decode()


def test_notifications_of_users_without_a_kommune_stay_whatever_happens(client, leder_halden):
    _varsle(leder_halden, tittel="Verdier venter")
    assert Varsel.objects.get().mottakers_kommune is None
    client.force_login(leder_halden)
    assert "Verdier venter" in client.get("/varsler/").content.decode()
