"""Query counts: exact, and constant in the number of meetings, participants and
follow-up points, on the first, a middle and the last page."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from investering import services
from investering.models import Beslutning, Mote, Motedeltaker, Oppfolgingspunkt, Regelhinder
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


def _bulk(pilot, kommune, users, n):
    """``n`` meetings with ``kommune`` as plain rows (no rule is at stake in a query
    count): each with two participants, two decisions, two open follow-up points (one
    overdue) and a rule barrier."""
    now = timezone.now()
    moter = Mote.objects.bulk_create(
        Mote(
            pilot=pilot,
            kommune=kommune,
            type="fremdriftsmote",
            start=now - timedelta(days=i + 1),
            referat=f"Referat {i} om barnefattigdommen",
        )
        for i in range(n)
    )
    Motedeltaker.objects.bulk_create(
        Motedeltaker(mote=m, bruker=u) for m in moter for u in users[:2]
    )
    Beslutning.objects.bulk_create(
        Beslutning(mote=m, tekst=f"Beslutning {j} om barnefattigdom") for m in moter for j in (1, 2)
    )
    Oppfolgingspunkt.objects.bulk_create(
        Oppfolgingspunkt(
            mote=m,
            tekst=f"Punkt {j}",
            ansvarlig_bruker=users[j],
            frist=timezone.localdate() + timedelta(days=j * 10 - 5),
        )
        for m in moter
        for j in (0, 1)
    )
    # Found in an untitled meeting: the list names the meeting after its kommune.
    Regelhinder.objects.bulk_create(
        Regelhinder(
            pilot=pilot,
            kommune=kommune,
            tittel=f"Hinder {i}",
            beskrivelse="Regel",
            funnet_i_mote=moter[i],
            registrert_av=users[i % 2],
        )
        for i in range(n)
    )


def _count(client, path):
    # The first page after login renews the session (a save); count a page as users
    # reach it while they work.
    client.get(path)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.fixture
def users(folk, statsforvalteren, pilot):
    """The leader and two more of the pilot's investment team: people who may own
    follow-up points in both kommuner."""
    extra = [BrukerFactory(etat=statsforvalteren) for _ in range(2)]
    team = services.investeringsteam_upsert(pilot=pilot, navn="Investeringsteamet")
    for bruker in [folk["leder_halden"], *extra]:
        services.teammedlem_upsert(team=team, bruker=bruker)
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


# Every page view begins with 1 session, 2 the user with its roles; the session is
# saved only when it is renewed (after login, then every few minutes).
START = 2
# The lists' kept parts (investering.views, felles.datastand) read their stamps in one
# query each; the counts below are those of a part computed (as here, where the test's
# own transaction wrote the data): what a kept part saves is in test_hurtig.py.
STAMPER = 1


def test_meeting_list_queries(client, folk, pilot, halden, sarpsborg, users):
    _many(pilot, [halden, sarpsborg], users, 8)
    client.force_login(folk["leder_halden"])
    # The count and the page's ids, kept (selectors.mote_list_side): their stamps, 4
    # count of held meetings (once), 5 the page's ids in the list's order (an index
    # scan), 6 the next upcoming meetings' ids and starts; the page below its
    # heading, kept (views.moter._liste): its stamps (with the meetings' parts), in it
    # the kept filter form's 7 kommune choices and 8 etat choices, and the kept rows'
    # 9 meetings with kommune joined and decision/open-point counts as subqueries, 10
    # their participants with user/etat/kommune (plain values). Kept, the page asks
    # for the two stamps alone (test_hurtig.py).
    assert _count(client, reverse("investering:mote_list")) == START + 2 * STAMPER + 7


def test_meeting_list_pages_cost_the_same_first_middle_and_last(client, folk, pilot, halden, users):
    _bulk(pilot, halden, users, 120)
    client.force_login(folk["admin"])
    path = reverse("investering:mote_list")
    # 120 meetings, 25 a page: 5 pages. The same 7 queries as above on each page and
    # the two stamps: every page reads the first upcoming meetings too (the first
    # one's start bounds how long the kept split into upcoming and held holds).
    counts = {side: _count(client, f"{path}?side={side}") for side in (1, 3, 5)}
    alle = START + 2 * STAMPER + 7
    assert counts == {1: alle, 3: alle, 5: alle}


def test_follow_up_board_queries(client, folk, pilot, halden, sarpsborg, users):
    _many(pilot, [halden, sarpsborg], users, 8)
    client.force_login(folk["leder_halden"])
    # 4 count of open points (once), 5 the page's ids in (frist, id) order, 6 the
    # page's points with meeting/kommune/pilot/responsible joined, 7 notes prefetched
    # with writer, 8 the leader's led (pilot, kommune) pairs, 9 kommune choices,
    # 10 etat choices, 11 responsible-person choices
    assert _count(client, reverse("investering:oppfolging_board")) == START + STAMPER + 8


def test_follow_up_board_pages_cost_the_same(client, folk, pilot, halden, users):
    _bulk(pilot, halden, users, 120)
    client.force_login(folk["admin"])
    path = reverse("investering:oppfolging_board")
    # 240 open points, 25 a page: 10 pages. The admin edits everything, so no led
    # pairs are read: 7 queries on every page.
    counts = {side: _count(client, f"{path}?side={side}") for side in (1, 3, 5)}
    kept = START + STAMPER + 7
    assert counts == {1: kept, 3: kept, 5: kept}


def test_rule_barrier_list_pages_cost_the_same(client, folk, pilot, halden, users):
    _bulk(pilot, halden, users, 120)
    client.force_login(folk["admin"])
    path = reverse("investering:regelhinder_list")
    # 4 count (once), 5 the page's ids in (opprettet, id) order, 6 the page's rows with
    # pilot/kommune/etat/registrar and the meeting they were found in with its kommune
    # joined (an untitled meeting is named after its kommune: once an N+1, 57 queries
    # at national scale), 7 kommune choices, 8 etat choices.
    # 120 barriers, 25 a page: 5 pages, each more rows than would hide an N+1.
    counts = {side: _count(client, f"{path}?side={side}") for side in (1, 3, 5)}
    kept = START + STAMPER + 5
    assert counts == {1: kept, 3: kept, 5: kept}
    response = client.get(path)
    assert len(response.context["page"].object_list) == 25
    assert "Fremdriftsmøte – Halden" in response.content.decode()


def test_rule_barrier_list_queries_for_a_leader(client, folk, pilot, halden, users):
    _bulk(pilot, halden, users, 60)
    client.force_login(folk["leder_halden"])
    path = reverse("investering:regelhinder_list")
    # as for the admin, and 9 the leader's led (pilot, kommune) pairs (may she edit)
    assert _count(client, path) == START + STAMPER + 6
    assert _count(client, f"{path}?side=3") == START + STAMPER + 6


def test_search_queries(client, folk, pilot, halden, users):
    _bulk(pilot, halden, users, 120)
    client.force_login(folk["admin"])
    path = reverse("investering:sok") + "?q=fattigdom"
    if connection.vendor == "postgresql":
        # Per kind of row (meetings, decisions, follow-up points, rule barriers): the
        # best full-text hits with their snippets, and the substring hits below them
        # while the page is not full: 4-11. No full-text hit here ("fattigdom" is
        # inside compounds), so each kind asks twice.
        expected = START + STAMPER + 8
    else:
        # SQLite: one substring query per kind of row.
        expected = START + STAMPER + 4
    assert _count(client, path) == expected
    assert _count(client, path + "&side=3") == expected


def test_leader_overview_queries(client, folk, pilot, halden, sarpsborg, users):
    _many(pilot, [halden, sarpsborg], users, 8)
    client.force_login(folk["leder_halden"])
    # 1 session, 2 user with roles, 3 led participations with pilot/kommune/etat,
    # last/next meeting ids and open/overdue point counts as subqueries, 4 the
    # meetings shown
    assert _count(client, reverse("investering:mine_kommuner")) == 4


def test_leader_home_queries_do_not_grow_with_meetings(client, folk, pilot, halden, users):
    client.force_login(folk["leder_halden"])
    _bulk(pilot, halden, users, 5)
    # START, 3 the start of the next meeting in a led kommune (the cards' key), the
    # stamps of the part below the heading (velferdspilot.views._leder_hjem), computed
    # here (this transaction wrote): 4 the values awaiting approval, 5 the led
    # participations with their last/next meeting ids and point counts, 6 the meetings
    # shown.
    few = _count(client, reverse("home"))
    assert few == START + 1 + STAMPER + 3
    _bulk(pilot, halden, users, 120)
    assert _count(client, reverse("home")) == few
