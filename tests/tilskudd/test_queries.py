"""Query counts of the grant lists with more rows than a page holds: each page of a
list costs the same, whatever the number of rows. Every count is exact and each query
is named. The first request after login renews the session (a write), so each test
makes one request before it counts."""

import pytest
from django.urls import reverse
from django.utils import timezone

from felles.paginering import SIDESTORRELSE
from tests.factories import KommuneFactory
from tilskudd.models import Soknad, Tildeling, Vedtak

N = SIDESTORRELSE * 2 + 7  # three pages


def mange_soknader(runde, user, n=N):
    """Plain rows (bulk): sent-in applications from many kommuner, every third decided."""
    kommuner = [KommuneFactory(kommunenummer=f"46{i:02d}", navn=f"K{i:02d}") for i in range(20)]
    now = timezone.now()
    Soknad.objects.bulk_create(
        Soknad(
            runde=runde,
            kommune=kommuner[i % len(kommuner)],
            tittel=f"Søknad {i:03d}",
            formaal="Formål.",
            belop_sokt=1000 + i,
            status=Soknad.Status.SENDT_INN,
            opprettet_av=user,
            opprettet=now,
            sendt_inn=now,
        )
        for i in range(n)
    )
    Vedtak.objects.bulk_create(
        Vedtak(
            soknad=s,
            utfall="innvilget",
            belop_innvilget=500,
            begrunnelse="Godt.",
            vedtatt_av=user,
        )
        for s in Soknad.objects.order_by("pk")[::3]
    )
    Soknad.objects.filter(vedtak__isnull=False).update(status=Soknad.Status.INNVILGET)
    return kommuner


def _get_counted(client, url, django_assert_num_queries, n):
    with django_assert_num_queries(n):
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("side", ["1", "2", "3"])
def test_application_list_costs_the_same_on_every_page(
    client, admin_bruker, runde, side, django_assert_num_queries
):
    mange_soknader(runde, admin_bruker)
    client.force_login(admin_bruker)
    url = reverse("tilskudd:soknader") + f"?side={side}"
    client.get(url)
    # 1 session, 2 user with roles, 3 the grant and register tables' stamps
    # (felles.datastand; this test's own transaction wrote them, so the list is
    # computed, not kept: kept, the page is these three), 4 count, 5 the page's
    # applications with round, kommune and decision.
    content = _get_counted(client, url, django_assert_num_queries, 5)
    assert f"Side {side} av 3" in content
    assert content.count('href="/tilskudd/soknader/') == (7 if side == "3" else 50)


@pytest.mark.parametrize("side", ["1", "3"])
def test_round_queue_costs_the_same_on_every_page(
    client, admin_bruker, runde, side, django_assert_num_queries
):
    mange_soknader(runde, admin_bruker)
    client.force_login(admin_bruker)
    url = reverse("tilskudd:runde_soknader", args=[runde.pk]) + f"?sort=-belop&side={side}"
    client.get(url)
    # 1 session, 2 user with roles, 3 round with pot, 4 the grant and register tables'
    # stamps (felles.datastand; this test's own transaction wrote them, so the filter
    # and table are computed, not kept: kept, the page is these four), 5 kommuner for
    # the filter, 6 sums of the whole queue, 7 count, 8 the page's applications with
    # kommune and decision.
    content = _get_counted(client, url, django_assert_num_queries, 8)
    assert f"Side {side} av 3" in content
    # The sums are of the whole queue, not the page: 107 × 1000 + (0 + … + 106).
    assert "112\xa0671\xa0kr" in content
    # The pages keep the sort and the filters in their links.
    assert "sort=-belop&amp;side=" in content


def test_round_queue_keeps_filters_in_the_page_links(client, admin_bruker, runde):
    kommuner = mange_soknader(runde, admin_bruker, n=160)
    client.force_login(admin_bruker)
    url = reverse("tilskudd:runde_soknader", args=[runde.pk])
    content = client.get(url, {"kommune": kommuner[0].kommunenummer, "status": "sendt_inn"})
    assert content.status_code == 200
    html = content.content.decode()
    assert "Side 1 av 1" not in html  # 8 rows: one page, no pagination
    content = client.get(url, {"status": "sendt_inn", "side": "2"}).content.decode()
    assert "status=sendt_inn&amp;side=1" in content
    # A new sort starts on the first page and keeps the filter.
    assert "?status=sendt_inn&amp;sort=tittel" in content


@pytest.mark.parametrize("side", ["1", "2"])
def test_grants_overview_costs_the_same_on_every_page(
    client, styre, admin_bruker, runde, pott, side, django_assert_num_queries
):
    kommuner = mange_soknader(runde, admin_bruker)
    Tildeling.objects.bulk_create(
        Tildeling(pott=pott, kommune=KommuneFactory(kommunenummer=f"47{i:02d}"), belop=1000)
        for i in range(60)
    )
    assert kommuner
    client.force_login(styre)
    url = reverse("tilskudd:oversikt") + f"?side_detaljer={side}&side_per_kommune={side}"
    client.get(url)
    # 1 session, 2 user with roles, 3 the grant and register tables' stamps
    # (felles.datastand; this test's own transaction wrote them, so the overview is
    # computed, not kept), 4 decisions grouped, 5 allocations grouped, 6 payments
    # grouped, 7 pots, 8 their sources.
    content = _get_counted(client, url, django_assert_num_queries, 8)
    assert content.count(f"Side {side} av 2") == 2  # receivers and details, 80 lines each
    # Paging one table keeps the other's page in the link.
    assert f"side_detaljer={side}&amp;side_per_kommune=" in content
