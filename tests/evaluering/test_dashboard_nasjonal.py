"""The whole-country dashboard of a pilot with every kommune (357): summarised by fylke,
its kommuner paged, no page over 200 KiB, a fixed number of queries."""

from __future__ import annotations

from datetime import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from evaluering import analyse
from evaluering.selectors import KOMMUNER_PER_SIDE
from investering.models import Mote, Motetype
from kommuner.models import Deltakelse, Kommune

FYLKER = ["03", "11", "15", "18", "31", "32", "33", "34", "39", "40", "42", "46", "50", "55", "56"]


@pytest.fixture
def landet(pilot, periode, admin_bruker):
    """357 kommuner in 15 fylker in the pilot, each with a meeting held in the period."""
    kommuner = Kommune.objects.bulk_create(
        Kommune(
            kommunenummer=f"{FYLKER[i % 15]}{70 + i // 15:02d}",
            navn=f"Kommune {i:03d}",
            fylke=FYLKER[i % 15],
            innbyggere=5000 + i,
        )
        for i in range(357)
    )
    Deltakelse.objects.bulk_create(
        Deltakelse(pilot=pilot, kommune=k, status=Deltakelse.Status.DELTAR) for k in kommuner
    )
    start = timezone.make_aware(datetime(periode.aar, 9, 1, 10))  # noqa: DTZ001
    Mote.objects.bulk_create(
        Mote(
            pilot=pilot,
            kommune=k,
            type=Motetype.values[0],
            tittel="Fremdriftsmøte",
            start=start,
            status=Mote.Status.GJENNOMFORT,
            skrevet_av=admin_bruker,
        )
        for k in kommuner
    )
    return kommuner


def test_whole_country_dashboard_of_357_kommuner_is_paged_under_200_kib(
    postgres, client, folk, pilot, periode, landet, django_assert_num_queries
):
    analyse.oppdater_alle()
    client.force_login(folk["styre"])
    url = reverse("evaluering:dashboard", args=[pilot.slug]) + f"?periode={periode.kode}"
    client.get(reverse("password_change"))  # the login's session is saved on the first request
    # session, user with roles, pilot, its latest meeting held, the filter's stamps
    # (felles.datastand), periods with data, fylker (what the filter chose), the state
    # of the kommuner's analytics rows (which, marked?, their versions, in one query:
    # evaluering.selectors.analysestander), the stamps of the page below its heading,
    # what the filter chose again and for its form (periods, fylker: 4, nothing is kept
    # in this test's writing transaction), pilots (nav), published report, participations;
    # the marks of the analytics rows of the page's kommuner, once (analyse.ajour); goals,
    # overall assessments, the page's assessments, key indicator (none here, so no
    # values are read); the page's rows (meetings and money, one read); meetings per
    # half-year; indicator choices (filter form); the summary per fylke of all 359,
    # kept apart from the page (their participations, the marks, their rows); grants
    # per year and scheme (decisions, allocations, payments: kept on their own under
    # the page's stamps)
    with django_assert_num_queries(30):
        response = client.get(url)
    assert response.status_code == 200
    assert len(response.content) < 200 * 1024
    assert len(response.context["rader"]) == KOMMUNER_PER_SIDE
    html = response.content.decode()
    assert "Side 1 av 8" in html
    # the 357 and the pilot's own Halden and Sarpsborg, all summed in the fylke table
    alle = Deltakelse.objects.filter(pilot=pilot, status=Deltakelse.Status.DELTAR).count()
    assert alle == 359
    oversikt = response.context["fylkesoversikt"]
    assert sum(f["kommuner"] for f in oversikt) == alle
    assert sum(f["moter_holdt"] for f in oversikt) == 357

    siste = client.get(url + "&side=8")
    assert len(siste.content) < 200 * 1024
    navn = [r["kommune"].navn for r in siste.context["rader"]]
    assert navn[-2:] == ["Kommune 356", "Sarpsborg"]
    assert "Kommune 351–359 av 359" in siste.content.decode()


@pytest.mark.django_db(transaction=True)
def test_a_meeting_on_another_page_computes_the_summary_and_leaves_the_page_kept(
    postgres, client, folk, pilot, periode, landet, admin_bruker
):
    """The whole country's page of kommuner is kept under the state of its own
    kommuner' analytics rows, the summary per fylke under the state of them all
    (evaluering.views._dashboard_fylker): a meeting held in a kommune on page 8
    computes the summary again, at once, and leaves page 1 kept; a meeting in a
    kommune on page 1 computes page 1."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from investering.services import mote_log

    analyse.oppdater_alle()
    client.force_login(folk["styre"])
    url = reverse("evaluering:dashboard", args=[pilot.slug]) + f"?periode={periode.kode}"

    def hent():
        """The page, and whether the request computed the page of kommuner (read its
        participations with their etat) and the summary (read every participation's
        fylke)."""
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200
        sql = [q["sql"] for q in ctx.captured_queries]
        side = any('"kommuner_etat"' in q for q in sql)
        sammendrag = any(
            q.startswith(
                'SELECT "kommuner_deltakelse"."kommune_id" AS "kommune_id", '
                '"kommuner_kommune"."fylke"'
            )
            for q in sql
        )
        return response, side, sammendrag

    def mote(kommune):
        mote_log(
            pilot=pilot,
            kommune=kommune,
            type=Motetype.values[0],
            skrevet_av=admin_bruker,
            start=timezone.make_aware(datetime(periode.aar, 10, 1, 10)),  # noqa: DTZ001
            referat="Fremdrift.",
        )

    forste, side, sammendrag = hent()
    assert side and sammendrag
    assert sum(f["moter_holdt"] for f in forste.context["fylkesoversikt"]) == 357
    assert hent()[1:] == (False, False)

    side8 = landet[-1]  # "Kommune 356", on page 8
    mote(side8)
    etter, side, sammendrag = hent()
    assert (side, sammendrag) == (False, True)
    oversikt = etter.context["fylkesoversikt"]
    assert sum(f["moter_holdt"] for f in oversikt) == 358
    assert next(f for f in oversikt if f["fylke"] == side8.fylke)["moter_holdt"] == 25
    assert "Kommune 000" in etter.content.decode()

    side1 = landet[0]  # "Kommune 000", on page 1
    mote(side1)
    etter, side, sammendrag = hent()
    assert (side, sammendrag) == (True, True)
    rad = next(r for r in etter.context["rader"] if r["kommune"].pk == side1.pk)
    assert rad["moter"]["moter_holdt"] == 2
