"""The meeting list's default: the next meetings of the coming 90 days soonest first,
then the meetings already held (or due), newest first; planned meetings further
ahead only when dates are chosen."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from investering import selectors, services


@pytest.fixture
def moter(folk, pilot, halden, sarpsborg):
    now = timezone.now()

    def logg(dager, kommune=halden, status="gjennomfort"):
        return services.mote_log(
            pilot=pilot,
            kommune=kommune,
            type="fremdriftsmote",
            start=now + timedelta(days=dager),
            status=status,
            skrevet_av=None,
        )

    return {
        "i_fjor": logg(-365),
        "forrige_uke": logg(-7),
        "i_gaar": logg(-1),
        "i_morgen": logg(1, status="planlagt"),
        "om_80_dager": logg(80, status="planlagt"),
        "om_200_dager": logg(200, status="planlagt"),
        "sarpsborg_neste_uke": logg(7, kommune=sarpsborg, status="planlagt"),
    }


def test_default_shows_next_meetings_first_then_held_newest_first(folk, moter):
    kommende, tidligere = selectors.mote_oversikt(folk["admin"])
    assert list(kommende) == [moter["i_morgen"], moter["sarpsborg_neste_uke"], moter["om_80_dager"]]
    assert list(tidligere) == [moter["i_gaar"], moter["forrige_uke"], moter["i_fjor"]]


def test_filters_apply_to_both_parts_and_access_holds(folk, moter, halden):
    kommende, tidligere = selectors.mote_oversikt(folk["admin"], kommune=halden)
    assert moter["sarpsborg_neste_uke"] not in list(kommende)
    kommende, tidligere = selectors.mote_oversikt(folk["kontakt_sarpsborg"])
    assert list(kommende) == [moter["sarpsborg_neste_uke"]]
    assert list(tidligere) == []


def test_chosen_dates_or_order_give_one_list(folk, moter):
    idag = timezone.localdate()
    kommende, moter_ = selectors.mote_oversikt(
        folk["admin"], fra=idag, til=idag + timedelta(days=365)
    )
    assert kommende is None
    assert list(moter_)[0] == moter["om_200_dager"]
    kommende, moter_ = selectors.mote_oversikt(folk["admin"], sortering="eldste")
    assert kommende is None
    assert list(moter_)[0] == moter["i_fjor"]


def test_list_page_shows_upcoming_above_held(client, folk, moter):
    client.force_login(folk["leder_halden"])
    response = client.get(reverse("investering:mote_list"))
    assert response.status_code == 200
    # The page and the upcoming part hold the ids of the meetings shown.
    assert response.context["kommende"] == [
        moter["i_morgen"].pk,
        moter["sarpsborg_neste_uke"].pk,
        moter["om_80_dager"].pk,
    ]
    assert list(response.context["page"].object_list)[0] == moter["i_gaar"].pk
    content = response.content.decode()
    assert content.index("Kommende møter de neste 90 dagene") < content.index(
        "Tidligere møter, nyeste først"
    )
    # later pages and chosen orders have no upcoming part
    eldste = client.get(reverse("investering:mote_list"), {"sortering": "eldste"})
    assert "Kommende møter" not in eldste.content.decode()


def test_more_upcoming_than_shown_links_to_all(client, folk, pilot, halden):
    start = timezone.now() + timedelta(days=1)
    for i in range(selectors.KOMMENDE_ANTALL + 2):
        services.mote_log(
            pilot=pilot,
            kommune=halden,
            type="fremdriftsmote",
            start=start + timedelta(days=i),
            status="planlagt",
            skrevet_av=None,
        )
    client.force_login(folk["admin"])
    response = client.get(reverse("investering:mote_list"))
    assert len(response.context["kommende"]) == selectors.KOMMENDE_ANTALL
    assert "Vis alle kommende møter" in response.content.decode()
    assert "sortering=eldste" in response.content.decode()
