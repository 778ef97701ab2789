"""The admins' page of a pilot's investment team: members added and taken out with
history (who, when), per role; bad input gets a message and saves nothing."""

import pytest
from django.urls import reverse
from django.utils import timezone

from investering import services
from investering.models import Investeringsteam, Teammedlem
from kommuner import selectors
from kommuner.models import Deltakelse
from kommuner.roller import Rolle
from tests.factories import BrukerFactory, KommuneFactory, PilotFactory

ANDRE = ["kontakt_halden", "kontakt_sarpsborg", "leder_halden", "styre", "forsker", "team"]


@pytest.fixture
def teamet(pilot):
    return services.investeringsteam_upsert(pilot=pilot, navn="Investeringsteamet i Test")


def _urls(pilot, medlem):
    return [
        ("get", reverse("investering:team_admin", args=[pilot.slug])),
        ("post", reverse("investering:team_admin", args=[pilot.slug])),
        ("post", reverse("investering:teammedlem_add", args=[pilot.slug])),
        ("post", reverse("investering:teammedlem_avslutt", args=[pilot.slug, medlem.pk])),
    ]


def test_team_admin_pages_are_for_admins_only(client, folk, pilot, teamet):
    medlem = services.teammedlem_upsert(team=teamet, bruker=folk["team"])
    for metode, url in _urls(pilot, medlem):
        assert getattr(client, metode)(url).status_code == 302  # to the login page
    for rolle in ANDRE:
        client.force_login(folk[rolle])
        for metode, url in _urls(pilot, medlem):
            data = {"navn": "X", "bruker": folk[rolle].pk}
            assert getattr(client, metode)(url, data).status_code == 403, (rolle, url)
    assert Teammedlem.objects.get().til is None
    assert Investeringsteam.objects.get().navn == "Investeringsteamet i Test"
    client.force_login(folk["admin"])
    assert client.get(_urls(pilot, medlem)[0][1]).status_code == 200


def test_admin_names_the_team_adds_and_takes_out_members_and_sees_who_did_it(client, folk, pilot):
    admin = folk["admin"]
    client.force_login(admin)
    side = reverse("investering:team_admin", args=[pilot.slug])
    response = client.post(side, {"navn": "Teamet"})
    assert response.status_code == 302
    team = Investeringsteam.objects.get(pilot=pilot)
    response = client.post(
        reverse("investering:teammedlem_add", args=[pilot.slug]), {"bruker": folk["team"].pk}
    )
    assert response.status_code == 302
    medlem = Teammedlem.objects.get(team=team)
    assert medlem.bruker == folk["team"] and medlem.til is None
    response = client.post(reverse("investering:teammedlem_avslutt", args=[pilot.slug, medlem.pk]))
    assert response.status_code == 302
    medlem.refresh_from_db()
    assert medlem.til == timezone.localdate()
    # Back on the team: the same row, the history keeps both periods.
    client.post(
        reverse("investering:teammedlem_add", args=[pilot.slug]), {"bruker": folk["team"].pk}
    )
    medlem.refresh_from_db()
    assert medlem.til is None
    historikk = list(medlem.history.order_by("history_date"))
    assert [h.history_type for h in historikk] == ["+", "~", "~"]
    assert historikk[1].til == timezone.localdate()
    assert {h.history_user for h in historikk} == {admin}
    content = client.get(side).content.decode()
    assert "Tatt ut" in content
    assert "Lagt til fra" in content
    assert str(admin) in content
    # The overview shows current members only.
    services.teammedlem_end(medlem=medlem)
    assert "Team Medlem" not in client.get(reverse("investering:team")).content.decode()


def test_bad_member_input_gets_a_message_and_saves_nothing(client, folk, pilot, teamet):
    client.force_login(folk["admin"])
    add = reverse("investering:teammedlem_add", args=[pilot.slug])
    # A user without the team role, a deactivated one, nonsense, nothing.
    uten_rolle = folk["styre"]
    deaktivert = BrukerFactory(email="borte@test.no", roller=[Rolle.INVESTERINGSTEAM])
    deaktivert.is_active = False
    deaktivert.save()
    for verdi in [uten_rolle.pk, deaktivert.pk, "abc", "", 99999999999999999999]:
        response = client.post(add, {"bruker": verdi})
        assert response.status_code == 400, verdi
        melding = "Feltet er påkrevet." if verdi == "" else "Velg en aktiv bruker med rollen"
        assert melding in response.content.decode(), verdi
    assert not Teammedlem.objects.exists()
    # An empty name for the team.
    response = client.post(reverse("investering:team_admin", args=[pilot.slug]), {"navn": " "})
    assert response.status_code == 400
    assert Investeringsteam.objects.get().navn == "Investeringsteamet i Test"


def test_adding_to_a_pilot_without_team_asks_for_a_name(client, folk, pilot):
    client.force_login(folk["admin"])
    response = client.post(
        reverse("investering:teammedlem_add", args=[pilot.slug]), {"bruker": folk["team"].pk}
    )
    assert response.status_code == 400
    assert "Gi teamet et navn" in response.content.decode()
    assert not Teammedlem.objects.exists()


def test_another_pilots_member_or_unknown_pilot_is_404(
    client, folk, pilot, teamet, statsforvalteren
):
    annen = PilotFactory(slug="annen", navn="Annen pilot", piloteier=statsforvalteren)
    annet_team = services.investeringsteam_upsert(pilot=annen, navn="Annet team")
    medlem = services.teammedlem_upsert(team=annet_team, bruker=folk["team"])
    client.force_login(folk["admin"])
    url = reverse("investering:teammedlem_avslutt", args=[pilot.slug, medlem.pk])
    assert client.post(url).status_code == 404
    assert client.get(reverse("investering:team_admin", args=["finnes-ikke"])).status_code == 404
    medlem.refresh_from_db()
    assert medlem.til is None


def test_taking_out_twice_says_so(client, folk, pilot, teamet):
    medlem = services.teammedlem_upsert(team=teamet, bruker=folk["team"])
    services.teammedlem_end(medlem=medlem)
    client.force_login(folk["admin"])
    response = client.post(
        reverse("investering:teammedlem_avslutt", args=[pilot.slug, medlem.pk]), follow=True
    )
    assert "er ikke lenger med i teamet" in response.content.decode()


def test_team_admin_page_query_count(client, folk, pilot, teamet, django_assert_num_queries):
    for i in range(6):
        bruker = BrukerFactory(email=f"t{i}@test.no", roller=[Rolle.INVESTERINGSTEAM])
        medlem = services.teammedlem_upsert(team=teamet, bruker=bruker)
        if i % 2:
            services.teammedlem_end(medlem=medlem)
    client.force_login(folk["admin"])
    url = reverse("investering:team_admin", args=[pilot.slug])
    client.get(url)  # warm-up (session renewal after login)
    # 1 session, 2 user with roles, 3 pilot, 4 team, 5 current members (+user, etat),
    # 6 membership history (+user, who), 7 users to add, 8 participations (+kommune,
    # leader, etat), 9 leaders to choose from, 10 participations' history
    with django_assert_num_queries(10):
        response = client.get(url)
    assert response.status_code == 200


# ---------------------------------------------------------------- investment leaders


def _leder_url(pilot, kommune):
    return reverse("investering:investeringsleder_set", args=[pilot.slug, kommune.kommunenummer])


def test_only_admins_set_the_investment_leader(client, folk, pilot, sarpsborg):
    url = _leder_url(pilot, sarpsborg)
    assert client.post(url, {"investeringsleder": folk["leder_halden"].pk}).status_code == 302
    for rolle in ANDRE:
        client.force_login(folk[rolle])
        response = client.post(url, {"investeringsleder": folk["leder_halden"].pk})
        assert response.status_code == 403, rolle
    assert Deltakelse.objects.get(pilot=pilot, kommune=sarpsborg).investeringsleder is None


def test_admin_sets_and_clears_a_leader_and_the_page_shows_the_history(
    client, folk, pilot, halden, sarpsborg
):
    admin = folk["admin"]
    ny = BrukerFactory(
        email="ny.leder@test.no", fullt_navn="Ny Leder", roller=[Rolle.INVESTERINGSLEDER]
    )
    client.force_login(admin)
    assert (
        client.post(_leder_url(pilot, sarpsborg), {"investeringsleder": ny.pk}).status_code == 302
    )
    assert client.post(_leder_url(pilot, halden), {"investeringsleder": ""}).status_code == 302
    sarpsborg_d = Deltakelse.objects.get(pilot=pilot, kommune=sarpsborg)
    assert sarpsborg_d.investeringsleder == ny
    assert Deltakelse.objects.get(pilot=pilot, kommune=halden).investeringsleder is None
    assert sarpsborg_d.history.first().history_user == admin
    historikk = selectors.investeringsleder_historikk(pilot=pilot)
    assert [(e["kommune"].navn, e["fra"], e["til"], e["av"]) for e in historikk] == [
        ("Halden", folk["leder_halden"], None, admin),
        ("Sarpsborg", None, ny, admin),
        ("Halden", None, folk["leder_halden"], None),  # set by the fixture, no request
    ]
    content = client.get(reverse("investering:team_admin", args=[pilot.slug])).content.decode()
    assert "Historikk for investeringslederne" in content
    assert "Ny Leder" in content and "Admin Pilotleder" in content
    # The former leader no longer edits Halden's participation.
    client.force_login(folk["leder_halden"])
    rediger = reverse("kommuner:deltakelse_edit", args=[pilot.slug, halden.kommunenummer])
    assert client.get(rediger).status_code == 404


def test_a_leader_must_hold_the_role_and_be_active(client, folk, pilot, sarpsborg):
    client.force_login(folk["admin"])
    borte = BrukerFactory(email="borte@test.no", roller=[Rolle.INVESTERINGSLEDER])
    borte.is_active = False
    borte.save()
    for verdi in [folk["team"].pk, folk["kontakt_halden"].pk, borte.pk, "x", 10**20]:
        response = client.post(_leder_url(pilot, sarpsborg), {"investeringsleder": verdi})
        assert response.status_code == 400, verdi
        assert "Velg en aktiv bruker med rollen investeringsleder." in response.content.decode()
    assert Deltakelse.objects.get(pilot=pilot, kommune=sarpsborg).investeringsleder is None
    assert Deltakelse.history.filter(kommune=sarpsborg).count() == 1


def test_a_kommune_outside_the_pilot_is_404(client, folk, pilot, statsforvalteren):
    annen = KommuneFactory(kommunenummer="3103", navn="Moss", fylke="31")
    client.force_login(folk["admin"])
    response = client.post(_leder_url(pilot, annen), {"investeringsleder": ""})
    assert response.status_code == 404


def test_a_leader_url_that_is_no_kommune_number_is_404_not_500(client, folk, pilot):
    """Review item 7: the URL took any string, and a NUL byte reached PostgreSQL."""
    client.force_login(folk["admin"])
    team_side = reverse("investering:team_admin", args=[pilot.slug])
    for rest in ["abc%00/", "abc/", "12345/", "3%0001/"]:
        response = client.post(team_side + "ledere/" + rest, {"investeringsleder": ""})
        assert response.status_code == 404, rest
