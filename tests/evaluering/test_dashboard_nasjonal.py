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
    # evaluering.selectors.analysestand), the stamps of the page below its heading,
    # what the filter chose again and for its form (periods, fylker: 4, nothing is kept
    # in this test's writing transaction), pilots (nav), published report, participations;
    # the analytics tables' marks for every kommune shown, once (analyse.ajour), and
    # their rows (fylke summary: meetings and money in one read); goals, overall
    # assessments, the page's assessments, key indicator (none here, so no values are
    # read); the page's rows (meetings and money, one read); meetings per half-year;
    # grants per year and scheme (decisions, allocations, payments: kept on their own
    # under the page's stamps); indicator choices (filter form)
    with django_assert_num_queries(28):
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
