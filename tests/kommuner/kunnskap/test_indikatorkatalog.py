"""The indicator catalogue in the portal: admins list, create and edit indicators
(never delete them; an unused one is made inactive), each with its SSB source page
one click away. Every other role gets 403; bad input saves nothing."""

import pytest
from django.urls import reverse

from kommuner.kunnskap.models import Indikator
from kommuner.kunnskap.ssb import services as ssb_svc

ANDRE = ["kontakt_halden", "kontakt_sarpsborg", "leder_halden", "styre", "forsker", "team"]


def _skjema(**extra):
    return {
        "navn": "Andel barn i barnehage (%)",
        "tema": "utdanning",
        "enhet": "prosent",
        "periodetype": "aar",
        "retning": "hoyere",
        "kilde": "SSB",
        "beskrivelse": "",
        "rekkefolge": "40",
        "aktiv": "on",
        **extra,
    }


def test_catalogue_pages_are_for_admins_only(client, folk, indikator):
    urls = [
        reverse("kommuner:indikatorer"),
        reverse("kommuner:indikator_create"),
        reverse("kommuner:indikator_edit", args=[indikator.pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == 302  # to the login page
    for rolle in ANDRE:
        client.force_login(folk[rolle])
        for url in urls:
            assert client.get(url).status_code == 403, (rolle, url)
            assert client.post(url, _skjema()).status_code == 403, (rolle, url)
    assert list(Indikator.objects.all()) == [indikator]
    client.force_login(folk["admin"])
    for url in urls:
        assert client.get(url).status_code == 200, url


def test_admin_creates_edits_and_deactivates_an_indicator_with_history(client, folk, indikator):
    admin = folk["admin"]
    client.force_login(admin)
    response = client.post(reverse("kommuner:indikator_create"), _skjema())
    assert response.status_code == 302
    ny = Indikator.objects.get(navn="Andel barn i barnehage (%)")
    assert (ny.tema, ny.enhet, ny.retning, ny.kilde, ny.aktiv) == (
        "utdanning",
        "prosent",
        "hoyere",
        "SSB",
        True,
    )
    # Renaming changes the row, not a new one; unticking "aktiv" deactivates it.
    data = _skjema(navn="Andel barn 1–5 år i barnehage (%)")
    del data["aktiv"]
    response = client.post(reverse("kommuner:indikator_edit", args=[ny.pk]), data)
    assert response.status_code == 302
    ny.refresh_from_db()
    assert ny.navn == "Andel barn 1–5 år i barnehage (%)" and not ny.aktiv
    assert Indikator.objects.count() == 2
    assert [h.history_user for h in ny.history.all()] == [admin, admin]
    content = client.get(reverse("kommuner:indikator_edit", args=[ny.pk])).content.decode()
    assert "Andel barn i barnehage (%)" in content  # the earlier name, in the history
    assert reverse("kommuner:ssb_kilde", args=[ny.pk]) in content
    liste = client.get(reverse("kommuner:indikatorer")).content.decode()
    assert "Ikke aktiv" in liste


def test_list_links_each_indicator_to_its_ssb_source(client, folk, indikator, indikator2):
    ssb_svc.ssb_kilde_upsert(
        indikator=indikator,
        tabell="12558",
        innhold="AndelLavInntekt",
        faste_verdier={},
        periodetype="aar",
    )
    client.force_login(folk["admin"])
    content = client.get(reverse("kommuner:indikatorer")).content.decode()
    assert reverse("kommuner:ssb_kilde", args=[indikator.pk]) in content
    assert reverse("kommuner:ssb_kilde", args=[indikator2.pk]) in content
    assert "Tabell 12558" in content
    assert "Koble til SSB" in content


@pytest.mark.parametrize(
    "endring, melding",
    [
        ({"navn": ""}, "Feltet er påkrevet."),
        ({"enhet": "meter"}, "Velg et gyldig valg."),
        ({"retning": ""}, "Feltet er påkrevet."),
        ({"rekkefolge": "-1"}, "større enn eller lik 0"),
        ({"navn": "X" * 201}, "200 eller færre tegn"),
    ],
)
def test_bad_input_gets_a_message_and_saves_nothing(client, folk, indikator, endring, melding):
    client.force_login(folk["admin"])
    response = client.post(reverse("kommuner:indikator_create"), _skjema(**endring))
    assert response.status_code == 400
    assert melding in response.content.decode()
    response = client.post(
        reverse("kommuner:indikator_edit", args=[indikator.pk]), _skjema(**endring)
    )
    assert response.status_code == 400
    assert list(Indikator.objects.all()) == [indikator]
    indikator.refresh_from_db()
    assert indikator.enhet == "prosent" and indikator.history.count() == 1


def test_a_name_already_in_the_catalogue_is_refused(client, folk, indikator, indikator2):
    client.force_login(folk["admin"])
    response = client.post(reverse("kommuner:indikator_create"), _skjema(navn=indikator.navn))
    assert response.status_code == 400
    assert "finnes allerede" in response.content.decode()
    response = client.post(
        reverse("kommuner:indikator_edit", args=[indikator2.pk]), _skjema(navn=indikator.navn)
    )
    assert response.status_code == 400
    indikator2.refresh_from_db()
    assert indikator2.navn != indikator.navn


def test_unknown_indicator_is_404(client, folk):
    client.force_login(folk["admin"])
    assert client.get(reverse("kommuner:indikator_edit", args=[999999])).status_code == 404


def test_catalogue_query_counts(client, folk, indikator, indikator2, django_assert_num_queries):
    from kommuner.kunnskap import services as svc

    for i in range(8):
        ind = svc.indikator_create(
            navn=f"Indikator {i}", enhet="antall", retning="hoyere", tema="annet"
        )
        if i % 2:
            ssb_svc.ssb_kilde_upsert(
                indikator=ind, tabell="12558", innhold="X", faste_verdier={}, periodetype="aar"
            )
    client.force_login(folk["admin"])
    liste = reverse("kommuner:indikatorer")
    client.get(liste)  # warm-up (session renewal after login)
    # 1 session, 2 user with roles, 3 indicators with their SSB sources
    with django_assert_num_queries(3):
        assert client.get(liste).status_code == 200
    rediger = reverse("kommuner:indikator_edit", args=[indikator.pk])
    # 1 session, 2 user with roles, 3 indicator, 4 its history (+ who)
    with django_assert_num_queries(4):
        assert client.get(rediger).status_code == 200
    # 1 session, 2 user with roles
    with django_assert_num_queries(2):
        assert client.get(reverse("kommuner:indikator_create")).status_code == 200


def test_menu_offers_the_catalogue_and_ssb_to_admins_only(client, folk, pilot):
    katalog = reverse("kommuner:indikatorer")
    ssb = reverse("kommuner:ssb")
    team = reverse("investering:team_admin", args=[pilot.slug])
    client.force_login(folk["admin"])
    side = client.get("/").content.decode()
    assert f'href="{katalog}"' in side and f'href="{ssb}"' in side
    assert f'href="{team}"' in client.get(pilot.get_absolute_url()).content.decode()
    for rolle in ANDRE:
        client.force_login(folk[rolle])
        side = client.get("/").content.decode()
        assert f'href="{katalog}"' not in side and f'href="{ssb}"' not in side, rolle
        assert f'href="{team}"' not in client.get(pilot.get_absolute_url()).content.decode()
