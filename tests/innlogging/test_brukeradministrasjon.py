"""The admins' user pages: only admins reach them; the rules hold (one kommune per
contact person, the last active admin stays, nobody is deleted); every change is
logged with who and when."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from innlogging import services
from innlogging.models import Brukerhendelse, Invitasjon
from kommuner.models import Bruker
from kommuner.roller import Rolle

pytestmark = pytest.mark.django_db

ROLLER = ["kontakt_halden", "leder_halden", "styre", "forsker", "team"]


def _urls(bruker_pk, invitasjon_pk):
    return [
        ("get", reverse("innlogging:bruker_list")),
        ("get", reverse("innlogging:inviter")),
        ("get", reverse("innlogging:bruker_detail", args=[bruker_pk])),
        ("post", reverse("innlogging:bruker_detail", args=[bruker_pk])),
        ("post", reverse("innlogging:bruker_aktiv", args=[bruker_pk])),
        ("post", reverse("innlogging:invitasjon_handling", args=[invitasjon_pk])),
        ("post", reverse("innlogging:inviter")),
    ]


@pytest.fixture
def invitasjon(admin_bruker, halden):
    return services.invitasjon_create(
        email="ny@halden.no",
        fullt_navn="Ny Person",
        roller=[Rolle.KONTAKTPERSON],
        kommune=halden,
        invitert_av=admin_bruker,
    )


@pytest.mark.parametrize("rolle", ROLLER)
def test_only_admins_reach_user_administration(
    client, request, rolle, kontakt_sarpsborg, invitasjon
):
    client.force_login(request.getfixturevalue(rolle))
    for metode, url in _urls(kontakt_sarpsborg.pk, invitasjon.pk):
        assert getattr(client, metode)(url).status_code == 403, url
    kontakt_sarpsborg.refresh_from_db()
    assert kontakt_sarpsborg.is_active
    invitasjon.refresh_from_db()
    assert invitasjon.trukket is None


def test_anonymous_is_sent_to_login(client, kontakt_sarpsborg, invitasjon):
    for metode, url in _urls(kontakt_sarpsborg.pk, invitasjon.pk):
        svar = getattr(client, metode)(url)
        assert svar.status_code == 302 and svar["Location"].startswith("/logg-inn/"), url


def test_admin_sees_users_with_roles_and_last_sign_in(
    client,
    admin_bruker,
    kontakt_halden,
    kontakt_sarpsborg,
    leder_halden,
    invitasjon,
    django_assert_num_queries,
):
    client.force_login(admin_bruker)
    # session, user with roles (nav), the filter's kommuner, its pilots, the count,
    # the page of users, their groups (one prefetch), the open invitations, and the
    # session saved (savepoint, update, release): the same for any number of users.
    with django_assert_num_queries(11):
        svar = client.get(reverse("innlogging:bruker_list"))
    assert svar.status_code == 200
    html = svar.content.decode()
    for navn in ("Kontakt Halden", "Kontakt Sarpsborg", "Leder Halden", "ny@halden.no"):
        assert navn in html
    svar = client.get(reverse("innlogging:bruker_list"), {"rolle": Rolle.KONTAKTPERSON})
    assert "Leder Halden" not in svar.content.decode()
    svar = client.get(reverse("innlogging:bruker_list"), {"kommune": kontakt_halden.kommune_id})
    assert "Kontakt Sarpsborg" not in svar.content.decode()


def test_admin_invites_in_the_portal_and_the_email_holds_the_link(
    client, admin_bruker, halden, django_capture_on_commit_callbacks
):
    client.force_login(admin_bruker)
    with django_capture_on_commit_callbacks(execute=True):
        svar = client.post(
            reverse("innlogging:inviter"),
            {
                "fullt_navn": "Per Person",
                "email": "Per@Halden.no",
                "roller": [Rolle.KONTAKTPERSON],
                "kommune": halden.pk,
            },
        )
    assert svar.status_code == 302
    inv = Invitasjon.objects.get(email="per@halden.no")
    assert inv.invitert_av == admin_bruker and inv.roller == [Rolle.KONTAKTPERSON]
    assert "/invitasjon/" in mail.outbox[-1].body
    assert not Bruker.objects.filter(email="per@halden.no").exists()  # no user until sign-in


def test_contact_person_invitation_without_kommune_is_refused(client, admin_bruker):
    client.force_login(admin_bruker)
    svar = client.post(
        reverse("innlogging:inviter"),
        {"fullt_navn": "Per", "email": "per@halden.no", "roller": [Rolle.KONTAKTPERSON]},
    )
    assert svar.status_code == 200
    assert "En kontaktperson må høre til en kommune." in svar.content.decode()
    assert not Invitasjon.objects.exists()


def test_second_open_invitation_for_same_email_is_refused(admin_bruker, invitasjon, halden):
    with pytest.raises(Exception, match="åpen invitasjon"):
        services.invitasjon_create(
            email="NY@halden.no",
            fullt_navn="Ny",
            roller=[Rolle.STYRINGSGRUPPE],
            invitert_av=admin_bruker,
        )


def test_admin_changes_roles_and_kommune_and_it_is_logged(
    client, admin_bruker, kontakt_halden, sarpsborg
):
    client.force_login(admin_bruker)
    svar = client.post(
        reverse("innlogging:bruker_detail", args=[kontakt_halden.pk]),
        {"roller": [Rolle.KONTAKTPERSON], "kommune": sarpsborg.pk},
    )
    assert svar.status_code == 302
    kontakt_halden.refresh_from_db()
    assert kontakt_halden.kommune == sarpsborg
    hendelse = Brukerhendelse.objects.get(bruker=kontakt_halden)
    assert hendelse.utfort_av == admin_bruker and "Sarpsborg" in hendelse.hendelse


def test_roles_change_refuses_contact_person_without_kommune(client, admin_bruker, styre):
    client.force_login(admin_bruker)
    svar = client.post(
        reverse("innlogging:bruker_detail", args=[styre.pk]), {"roller": [Rolle.KONTAKTPERSON]}
    )
    assert svar.status_code == 200 and "må høre til en kommune" in svar.content.decode()
    assert Bruker.objects.get(pk=styre.pk).roller == {Rolle.STYRINGSGRUPPE}


def test_deactivate_and_reactivate_are_logged_and_nobody_is_deleted(
    client, admin_bruker, kontakt_halden
):
    client.force_login(admin_bruker)
    url = reverse("innlogging:bruker_aktiv", args=[kontakt_halden.pk])
    client.post(url, {"aktiv": "nei"})
    assert not Bruker.objects.get(pk=kontakt_halden.pk).is_active
    client.post(url, {"aktiv": "ja"})
    assert Bruker.objects.get(pk=kontakt_halden.pk).is_active
    hendelser = list(
        Brukerhendelse.objects.filter(bruker=kontakt_halden).values_list("hendelse", flat=True)
    )
    assert hendelser == ["Aktivert igjen", "Deaktivert"]


def test_last_active_admin_cannot_be_deactivated_or_lose_the_role(
    client, admin_bruker, kontakt_halden
):
    andre = Bruker.objects.create_user("admin2@test.no", fullt_navn="Andre Admin")
    services.bruker_roller_update(
        bruker=andre, roller=[Rolle.ADMIN], kommune=None, utfort_av=admin_bruker
    )
    services.bruker_deaktiver(bruker=andre, utfort_av=admin_bruker)
    with pytest.raises(Exception, match="siste aktive pilotlederen"):
        services.bruker_deaktiver(bruker=admin_bruker, utfort_av=andre)
    client.force_login(admin_bruker)
    svar = client.post(
        reverse("innlogging:bruker_detail", args=[admin_bruker.pk]),
        {"roller": [Rolle.STYRINGSGRUPPE]},
    )
    assert "siste aktive pilotlederen" in svar.content.decode()
    assert Bruker.objects.get(pk=admin_bruker.pk).roller == {Rolle.ADMIN}


def test_resend_and_withdraw_from_the_list(
    client, admin_bruker, invitasjon, django_capture_on_commit_callbacks
):
    client.force_login(admin_bruker)
    url = reverse("innlogging:invitasjon_handling", args=[invitasjon.pk])
    gammel = invitasjon.nokkel
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"handling": "send"})
    invitasjon.refresh_from_db()
    assert invitasjon.nokkel != gammel and mail.outbox[-1].to == ["ny@halden.no"]
    client.post(url, {"handling": "trekk"})
    invitasjon.refresh_from_db()
    assert invitasjon.trukket is not None
    svar = client.post(url, {"handling": "send"}, follow=True)
    assert "brukt eller trukket tilbake" in svar.content.decode()


def test_django_admin_deactivate_keeps_the_last_admin_and_logs_each_deactivation(
    client, admin_bruker, kontakt_halden
):
    """Review item 9: the Django admin's action skipped the last-admin guard and the
    event log."""
    superbruker = Bruker.objects.create_user(
        "super@test.no", fullt_navn="Super Bruker", is_staff=True, is_superuser=True
    )
    client.force_login(superbruker)
    svar = client.post(
        reverse("admin:kommuner_bruker_changelist"),
        {"action": "deaktiver", "_selected_action": [admin_bruker.pk, kontakt_halden.pk]},
        follow=True,
    )
    assert svar.status_code == 200
    innhold = svar.content.decode()
    assert "siste aktive pilotlederen kan ikke deaktiveres" in innhold
    assert "1 bruker er deaktivert." in innhold
    assert Bruker.objects.get(pk=admin_bruker.pk).is_active
    assert not Bruker.objects.get(pk=kontakt_halden.pk).is_active
    hendelse = Brukerhendelse.objects.get(bruker=kontakt_halden)
    assert (hendelse.hendelse, hendelse.utfort_av) == ("Deaktivert", superbruker)
    assert not Brukerhendelse.objects.filter(bruker=admin_bruker).exists()


def test_the_last_admin_guard_holds_in_the_base_service_too(admin_bruker, kontakt_halden):
    from kommuner.services import bruker_deactivate

    with pytest.raises(ValidationError, match="siste aktive pilotlederen"):
        bruker_deactivate(bruker=admin_bruker, utfort_av=kontakt_halden)
    assert Bruker.objects.get(pk=admin_bruker.pk).is_active
