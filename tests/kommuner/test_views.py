import pytest
from django.urls import reverse

from kommuner.models import Deltakelse
from tests.factories import DeltakelseFactory, KommuneFactory, PilotFactory


def test_anonymous_is_sent_to_login(client, halden):
    for url in ["/", "/kommuner/", "/kommuner/3101/", "/piloter/"]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/logg-inn/")


@pytest.mark.parametrize(
    "person", ["kontakt_halden", "leder_halden", "admin", "styre", "forsker", "team"]
)
def test_everybody_reads_the_shared_overview(client, folk, person):
    client.force_login(folk[person])
    for url in [
        "/kommuner/",
        "/kommuner/3101/",
        "/kommuner/3105/",
        "/piloter/",
        "/piloter/testpilot/",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
    assert "Sarpsborg" in client.get("/kommuner/").content.decode()


def test_kommune_list_filters_by_pilot_fylke_and_status(client, folk, pilot):
    other = PilotFactory(slug="annen", navn="Annen pilot")
    trondheim = KommuneFactory(kommunenummer="5001", navn="Trondheim")
    DeltakelseFactory(pilot=other, kommune=trondheim)
    DeltakelseFactory(
        pilot=other, kommune=folk["kontakt_halden"].kommune, status=Deltakelse.Status.TAKKET_NEI
    )
    client.force_login(folk["styre"])

    def names(**params):
        page = client.get("/kommuner/", params).context["page"]
        return [k.navn for k in page]

    assert names() == ["Halden", "Sarpsborg", "Trondheim"]
    assert names(pilot="annen") == ["Halden", "Trondheim"]
    assert names(fylke="50") == ["Trondheim"]
    assert names(pilot="annen", status="takket_nei") == ["Halden"]
    # Halden declined "annen" but takes part in the test pilot: status and pilot match the
    # same participation.
    assert names(pilot="testpilot", status="takket_nei") == []
    assert names(pilot="finnes-ikke") == ["Halden", "Sarpsborg", "Trondheim"]


@pytest.mark.parametrize("side", ["1", "2"])
def test_kommune_list_query_count_is_constant(
    client, styre, pilot, side, django_assert_num_queries
):
    for i in range(60):
        kommune = KommuneFactory(kommunenummer=f"46{i + 1:02d}", navn=f"K{i:02d}")
        DeltakelseFactory(pilot=pilot, kommune=kommune)
    client.force_login(styre)
    url = f"/kommuner/?pilot=testpilot&side={side}"
    client.get(url)  # the first page after login renews the session
    # 1 session, 2 user with roles, 3 the stamps of the kept list (kommuner.views:
    # computed here, in the test's own transaction), 4 distinct fylker and 5 pilots
    # (filter form), 6 count, 7 kommuner of the page, 8 their participations with pilot.
    with django_assert_num_queries(8):
        response = client.get(url)
    assert response.status_code == 200
    assert len(response.context["page"]) == (50 if side == "1" else 10)
    # The filter stays in the page links.
    assert "?pilot=testpilot&amp;side=" in response.content.decode()


def test_kommune_detail_shows_milestones_and_hides_contacts_from_other_kommune(client, folk):
    client.force_login(folk["kontakt_sarpsborg"])
    page = client.get("/kommuner/3101/").content.decode()
    assert "Testpiloten" in page and "Definert utfordring" in page
    assert "Kontakt Halden" not in page
    client.force_login(folk["kontakt_halden"])
    assert "Kontakt Halden" in client.get("/kommuner/3101/").content.decode()


def test_unknown_kommune_is_404(client, folk):
    client.force_login(folk["admin"])
    assert client.get("/kommuner/9999/").status_code == 404
    assert client.get("/piloter/finnes-ikke/").status_code == 404


def test_leader_updates_own_participation(client, folk):
    client.force_login(folk["leder_halden"])
    url = reverse("kommuner:deltakelse_edit", args=["testpilot", "3101"])
    form = client.get(url).context["form"]
    assert "investeringsleder" not in form.fields  # only admins assign leaders
    response = client.post(url, {"status": "deltar", "fase": "design", "forankret": "2018-09-19"})
    assert response.status_code == 302
    d = Deltakelse.objects.get(kommune__kommunenummer="3101")
    assert d.fase == "design" and str(d.forankret) == "2018-09-19"
    assert d.investeringsleder == folk["leder_halden"]


@pytest.mark.parametrize(
    "person", ["leder_halden", "kontakt_halden", "kontakt_sarpsborg", "styre", "forsker", "team"]
)
def test_participation_of_other_kommune_cannot_be_edited(client, folk, person):
    client.force_login(folk[person])
    url = reverse("kommuner:deltakelse_edit", args=["testpilot", "3105"])
    assert client.get(url).status_code == 404
    assert client.post(url, {"status": "takket_nei"}).status_code == 404
    assert Deltakelse.objects.get(kommune__kommunenummer="3105").status == "deltar"


def test_bad_milestone_date_gets_message_and_nothing_saved(client, folk):
    client.force_login(folk["admin"])
    url = reverse("kommuner:deltakelse_edit", args=["testpilot", "3101"])
    response = client.post(url, {"status": "deltar", "forankret": "2999-01-01"})
    assert response.status_code == 200
    assert "framtiden" in response.content.decode()
    response = client.post(url, {"status": "deltar", "forankret": "ikke en dato"})
    assert "gyldig dato" in response.content.decode()
    assert Deltakelse.objects.get(kommune__kommunenummer="3101").forankret is None


def test_only_admin_edits_kommune_facts(client, folk):
    url = reverse("kommuner:edit", args=["3101"])
    for person in ["kontakt_halden", "leder_halden", "styre", "forsker", "team"]:
        client.force_login(folk[person])
        assert client.post(url, {"navn": "Hacket"}).status_code == 403
    client.force_login(folk["admin"])
    response = client.post(url, {"navn": "Halden", "innbyggere": "31000", "innbyggere_aar": "2024"})
    assert response.status_code == 302
    response = client.post(url, {"navn": "", "innbyggere": "-5"})
    assert response.status_code == 200
    assert "Feltet er påkrevet." in response.content.decode()


@pytest.mark.parametrize(
    ("person", "heading"),
    [
        ("admin", "Pilotleder"),
        ("leder_halden", "Mine kommuner"),
        ("kontakt_halden", "Halden kommune"),
        ("styre", "Halvårsrapport: Testpiloten"),
        ("forsker", "Følgeforskning"),
        ("team", "Investeringsteamet"),
    ],
)
def test_each_role_gets_its_home_page(client, folk, person, heading):
    client.force_login(folk[person])
    response = client.get("/")
    assert f'<h1 class="h2">{heading}' in response.content.decode()


def test_researcher_home_links_notes_per_kommune(client, folk):
    client.force_login(folk["forsker"])
    page = client.get("/").content.decode()
    assert "/evaluering/testpilot/kommuner/3101/notater/" in page
    client.force_login(folk["team"])
    assert "/notater/" not in client.get("/").content.decode()


def test_user_with_several_roles_can_switch_home_page(client, folk):
    client.force_login(folk["leder_halden"])
    assert "Mine kommuner" in client.get("/").content.decode()
    assert "Investeringsteamet" in client.get("/?rolle=investeringsteam").content.decode()
    # A role the user does not hold is ignored.
    assert "Mine kommuner" in client.get("/?rolle=admin").content.decode()


def test_navigation_shows_admin_link_only_to_admins(client, folk):
    client.force_login(folk["admin"])
    assert "/admin/" in client.get("/").content.decode()
    client.force_login(folk["kontakt_halden"])
    assert "/admin/" not in client.get("/").content.decode()


def test_home_pages_have_constant_query_count(
    client, leder_halden, pilot, django_assert_num_queries
):
    for i in range(20):
        DeltakelseFactory(
            pilot=pilot,
            kommune=KommuneFactory(kommunenummer=f"46{i + 1:02d}"),
            investeringsleder=leder_halden,
        )
    client.force_login(leder_halden)
    # session, user with roles, submitted indicator values in led kommuner, the next
    # meeting's start in a led kommune and the stamps of the kept cards (their key:
    # investering.views), led participations with kommune/pilot/etat (the cards,
    # computed here in the test's own transaction), session save (savepoint, update,
    # release)
    with django_assert_num_queries(9):
        assert client.get("/").status_code == 200


def test_pilot_pages_and_kommune_page_have_constant_query_counts(
    client, styre, pilot, halden, django_assert_max_num_queries, django_assert_num_queries
):
    for i in range(40):
        DeltakelseFactory(pilot=pilot, kommune=KommuneFactory(kommunenummer=f"46{i + 1:02d}"))
    DeltakelseFactory(pilot=PilotFactory(slug="annen"), kommune=halden)
    client.force_login(styre)
    # session, user with roles, pilots with owner, their participations with
    # kommune/pilot/leader/etat, session save (3)
    with django_assert_num_queries(7):
        assert client.get("/piloter/").status_code == 200
    client.get("/piloter/testpilot/")  # the first page after login renews the session
    # 1 session, 2 user with roles, 3 pilot with owner, 4 the stamps of the kept
    # table (computed here, in the test's own transaction), 5 count, 6 the page's
    # participations with kommune and leader.
    with django_assert_num_queries(6):
        assert client.get("/piloter/testpilot/").status_code == 200
    # session, user with roles, kommune, the stamps of its kept page (computed here,
    # in the test's own transaction), its participations, contact persons
    with django_assert_num_queries(6):
        assert client.get("/kommuner/3101/").status_code == 200


@pytest.mark.parametrize("side", ["1", "2"])
def test_pilot_page_is_paginated_and_costs_the_same_on_every_page(
    client, styre, pilot, side, django_assert_num_queries
):
    for i in range(60):
        DeltakelseFactory(
            pilot=pilot, kommune=KommuneFactory(kommunenummer=f"46{i:02d}", navn=f"K{i:02d}")
        )
    client.force_login(styre)
    url = f"/piloter/testpilot/?side={side}"
    client.get(url)  # the first page after login renews the session
    # 1 session, 2 user with roles, 3 pilot with owner, 4 the stamps of the kept
    # table (computed here, in the test's own transaction), 5 count, 6 the page's
    # participations with kommune and leader.
    with django_assert_num_queries(6):
        response = client.get(url)
    assert response.status_code == 200
    content = response.content.decode()
    assert f"Side {side} av 2" in content
    assert content.count('<th scope="row"><a href="/kommuner/46') == (50 if side == "1" else 10)
