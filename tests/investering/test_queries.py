"""Query counts: constant in the number of meetings, participants and follow-ups."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from investering import services
from tests.factories import BrukerFactory

from .conftest import at


def _many(pilot, kommuner, users, n):
    for i in range(n):
        for kommune in kommuner:
            mote = services.mote_log(
                pilot=pilot,
                kommune=kommune,
                type="fremdriftsmote",
                start=at(1 + i % 27),
                skrevet_av=users[0],
                fase="definisjon",
                deltakere=[services.Deltaker(bruker=u) for u in users]
                + [services.Deltaker(navn=f"Gjest {j}", kommune=kommune) for j in range(3)],
                beslutninger=[f"Beslutning {j}" for j in range(3)],
                oppfolgingspunkter=[
                    {
                        "tekst": f"Punkt {j}",
                        "ansvarlig_bruker": users[j % len(users)],
                        "frist": timezone.localdate() - timedelta(days=j - 1),
                    }
                    for j in range(3)
                ],
            )
            for punkt in mote.oppfolgingspunkter.all()[:1]:
                services.oppfolgingsnotat_create(punkt=punkt, tekst="Notat", skrevet_av=users[0])
        services.mote_log(
            pilot=pilot,
            kommune=kommuner[0],
            type="fremdriftsmote",
            status="planlagt",
            start=timezone.now() + timedelta(days=1 + i),
            skrevet_av=None,
        )


def _count(client, path):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.fixture
def users(folk, statsforvalteren):
    extra = [BrukerFactory(etat=statsforvalteren) for _ in range(2)]
    return [folk["leder_halden"], *extra]


@pytest.mark.parametrize(
    "name", ["mote_list", "oppfolging_board", "mine_kommuner", "regelhinder_list"]
)
def test_query_count_does_not_grow_with_rows(client, folk, pilot, halden, sarpsborg, users, name):
    client.force_login(folk["leder_halden"])
    path = reverse(f"investering:{name}")
    _many(pilot, [halden, sarpsborg], users, 2)
    few = _count(client, path)
    _many(pilot, [halden, sarpsborg], users, 6)
    assert _count(client, path) == few


def test_meeting_list_queries(
    client, folk, pilot, halden, sarpsborg, users, django_assert_num_queries
):
    _many(pilot, [halden, sarpsborg], users, 8)
    client.force_login(folk["leder_halden"])
    # 1 session, 2 user, 3 user's roles, 4 count of meetings, 5 kommune filter
    # choices, 6 etat filter choices, 7 page of meetings with pilot/kommune/writer
    # joined and decision/open-point counts as subqueries, 8 participants prefetched
    # with user/etat/kommune joined, 9-11 session save (savepoint, update, release)
    with django_assert_num_queries(11):
        assert client.get(reverse("investering:mote_list")).status_code == 200


def test_follow_up_board_queries(
    client, folk, pilot, halden, sarpsborg, users, django_assert_num_queries
):
    _many(pilot, [halden, sarpsborg], users, 8)
    client.force_login(folk["leder_halden"])
    # 1 session, 2 user, 3 roles, 4 count of open points, 5 the leader's led
    # (pilot, kommune) pairs, 6 page of points with meeting/kommune/pilot/
    # responsible joined, 7 notes prefetched with writer, 8 kommune choices,
    # 9 etat choices, 10 responsible-person choices, 11-13 session save
    # (savepoint, update, release)
    with django_assert_num_queries(13):
        assert client.get(reverse("investering:oppfolging_board")).status_code == 200


def test_leader_overview_queries(
    client, folk, pilot, halden, sarpsborg, users, django_assert_num_queries
):
    _many(pilot, [halden, sarpsborg], users, 8)
    client.force_login(folk["leder_halden"])
    # 1 session, 2 user, 3 led participations with last/next meeting ids and
    # open/overdue point counts as subqueries, 4 the referenced meetings in one
    # query, 5 roles (navigation), 6-8 session save (savepoint, update, release)
    with django_assert_num_queries(8):
        assert client.get(reverse("investering:mine_kommuner")).status_code == 200
