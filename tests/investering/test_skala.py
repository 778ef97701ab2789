"""The meeting log at national scale: pages read from the nearer end, the default
window, links that keep filters and order, search pages and the indexes behind them."""

from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from investering import selectors, services
from investering.models import Beslutning, Mote, Oppfolgingspunkt

from .test_queries import _bulk


@pytest.fixture
def moter_120(folk, pilot, halden, statsforvalteren):
    users = [folk["leder_halden"], folk["admin"]]
    _bulk(pilot, halden, users, 120)
    return list(Mote.objects.order_by("-start", "-pk").values_list("pk", flat=True))


@pytest.mark.parametrize("side", [1, 2, 3, 4, 5])
def test_every_meeting_page_holds_the_rows_of_the_plain_order(client, folk, moter_120, side):
    client.force_login(folk["admin"])
    page = client.get(reverse("investering:mote_list"), {"side": side}).context["page"]
    # The page holds the ids of the meetings shown (their rows are kept: views.moter).
    assert list(page) == moter_120[(side - 1) * 25 : side * 25]


def test_oldest_first_pages_read_the_other_way(client, folk, moter_120):
    client.force_login(folk["admin"])
    url = reverse("investering:mote_list")
    last = client.get(url, {"sortering": "eldste", "side": 5}).context["page"]
    assert list(last) == moter_120[::-1][100:120]


def test_meeting_list_shows_held_and_next_90_days_by_default(client, folk, pilot, halden):
    def planlagt(dager):
        return services.mote_log(
            pilot=pilot,
            kommune=halden,
            type="fremdriftsmote",
            status="planlagt",
            start=timezone.now() + timedelta(days=dager),
            skrevet_av=None,
        )

    snart, senere = planlagt(30), planlagt(400)
    client.force_login(folk["admin"])
    url = reverse("investering:mote_list")
    response = client.get(url)
    # the upcoming part holds the one within 90 days; nothing has been held yet
    assert response.context["kommende"] == [snart.pk]
    assert list(response.context["page"]) == []
    assert "de neste 90 dagene" in response.content.decode()
    til = (timezone.localdate() + timedelta(days=500)).isoformat()
    shown = list(client.get(url, {"til": til}).context["page"])
    assert shown == [senere.pk, snart.pk]


def test_page_links_keep_filters_and_order(client, folk, moter_120, halden):
    client.force_login(folk["admin"])
    content = client.get(
        reverse("investering:mote_list"),
        {"kommune": halden.pk, "sortering": "eldste", "side": 2},
    ).content.decode()
    assert f"?kommune={halden.pk}&amp;sortering=eldste&amp;side=3" in content
    assert f"?kommune={halden.pk}&amp;sortering=eldste&amp;side=1" in content
    assert f"?kommune={halden.pk}&amp;sortering=eldste&amp;side=5" in content


def test_follow_up_board_pages_keep_overdue_first_and_undated_last(
    client, folk, pilot, halden, moter_120
):
    mote = Mote.objects.get(pk=moter_120[0])
    udatert = services.oppfolgingspunkt_create(mote=mote, tekst="Uten frist")
    client.force_login(folk["admin"])
    url = reverse("investering:oppfolging_board")
    # 241 open points, 25 a page: 10 pages
    alle = [p.pk for side in range(1, 11) for p in client.get(url, {"side": side}).context["page"]]
    forventet = list(
        Oppfolgingspunkt.objects.apne().order_by("frist", "pk").values_list("pk", flat=True)
    )
    forventet.remove(udatert.pk)
    assert alle == [*forventet, udatert.pk]
    forfalte = Oppfolgingspunkt.objects.forfalte().count()
    assert all(p.er_forfalt for p in client.get(url).context["page"][:forfalte])


def test_search_pages_neither_skip_nor_repeat(client, folk, moter_120):
    client.force_login(folk["admin"])
    url = reverse("investering:sok")
    sider = [client.get(url, {"q": "fattigdom", "side": n}).context for n in (1, 2, 3)]
    urls = [t.url for ctx in sider for t in ctx["treff"]]
    assert len(urls) == 75
    assert sider[0]["resultat"].har_neste
    alle = selectors.sok(folk["admin"], "fattigdom", side=1, per_side=75).treff
    assert [t.url for t in alle] == urls


def test_search_page_number_past_the_limit_is_the_last_allowed(client, folk, moter_120):
    client.force_login(folk["admin"])
    response = client.get(reverse("investering:sok"), {"q": "fattigdom", "side": "999"})
    assert response.status_code == 200
    assert response.context["resultat"].side == selectors.SOK_MAKS_SIDER
    tull = client.get(reverse("investering:sok"), {"q": "fattigdom", "side": "9" * 40})
    assert tull.context["resultat"].side == 1


postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the GIN and trigram indexes are PostgreSQL's"
)


def _plan(sql, params):
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())


@postgres
def test_search_filters_are_served_by_the_indexes(folk, moter_120):
    from django.contrib.postgres.search import SearchQuery

    query = SearchQuery("fattigdom", config="norwegian")
    fulltekst = (
        Mote.objects.filter(sokevektor=query).order_by().values("pk").query.sql_with_params()
    )
    assert "mote_sokevektor_gin" in _plan(*fulltekst)
    substring = Mote.objects.filter(referat__icontains="fattigdom").order_by().values("pk")
    assert "mote_referat_trgm" in _plan(*substring.query.sql_with_params())
    beslutning = Beslutning.objects.filter(tekst__icontains="fattigdom").order_by().values("pk")
    assert "beslutning_tekst_trgm" in _plan(*beslutning.query.sql_with_params())


@postgres
def test_search_vector_follows_the_minutes(folk, pilot, halden):
    mote = services.mote_log(
        pilot=pilot, kommune=halden, type="annet", start=timezone.now(), skrevet_av=None
    )
    services.mote_update(mote=mote, versjon=1, referat="Familiene fikk boliger.")
    assert selectors.sok(folk["admin"], "bolig").treff[0].rank > 0
