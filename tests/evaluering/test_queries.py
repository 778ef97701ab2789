"""The dashboard and the one-kommune PDF read the chosen pilot and period only, in a
fixed number of queries, whatever the number of kommuner and periods."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from evaluering import kilder, services
from kommuner.models import Indikator, Indikatorverdi
from tests.evaluering.test_views import _fill_kommune, dashboard_url, pdf_text
from tests.factories import KommuneFactory
from tilskudd.models import Tilskuddsordning
from tilskudd.services import pott_upsert


def test_dashboard_reads_only_the_chosen_periods_assessments_per_kommune(
    client, folk, vurdert, forrige_periode, mal, admin_bruker, halden
):
    services.maloppnaelse_set(
        mal=mal[0],
        periode=forrige_periode,
        kommune=halden,
        vurdering="liten",
        begrunnelse="Før.",
        vurdert_av=admin_bruker,
    )
    client.force_login(folk["styre"])
    with CaptureQueriesContext(connection) as queries:
        response = client.get(dashboard_url(vurdert))
    assert response.status_code == 200
    reads = [q["sql"] for q in queries if q["sql"].startswith('SELECT "evaluering_maloppnaelse"')]
    # Overall assessments for the chart (every period) and per kommune for this one only
    # (the periods' query asks only whether each period has an assessment: EXISTS).
    assert len(reads) == 2
    assert all(
        f'"periode_id" = {vurdert.pk}' in sql or '"kommune_id" IS NULL' in sql for sql in reads
    )
    halden_rad = next(r for r in response.context["rader"] if r["kommune"] == halden)
    assert [v.vurdering for _m, v in halden_rad["vurderinger"] if v] == ["stor"]


@pytest.mark.parametrize("antall", [0, 15])
def test_one_kommune_pdf_costs_fixed_queries_whatever_the_number_of_kommuner(
    postgres, client, folk, vurdert, pilot, mal, admin_bruker, django_assert_num_queries, antall
):
    indikator = Indikator.objects.create(
        navn="Andel barn i lavinntekt", enhet="prosent", retning="lavere", tema="barnefattigdom"
    )
    mal[1].indikatorer.add(indikator)
    ordning = Tilskuddsordning.objects.create(navn="Prosjektskjønn")
    pott = pott_upsert(
        navn="Pott 2025", aar=2025, total=10_000_000, kilder=[(ordning, None)], pilot=pilot
    )
    kommuner = [
        KommuneFactory(kommunenummer=f"46{i + 1:02d}", navn=f"K{i:02d}") for i in range(2 + antall)
    ]
    for kommune in kommuner:
        _fill_kommune(
            kommune,
            pilot=pilot,
            periode=vurdert,
            mal=mal,
            admin=admin_bruker,
            indikator=indikator,
            meetings=2,
            pott=pott,
        )
    client.force_login(folk["styre"])
    url = reverse("evaluering:kommune_pdf", args=[pilot.slug, vurdert.kode, "4601"])
    # session, user with roles, pilot, period, kommune (access), its participation with
    # kommune/leader/etat, goals, its assessments in the period, key indicator; the
    # analytics tables (evaluering.analyse): the kommune's marks (this test's writes
    # marked it), so it is computed again in a savepoint (2): its lock, the marks
    # with their kommuner, its participations, the periods, its meetings, follow-up
    # points, rule barriers, decisions, allocations, payments, approved values,
    # baselines, its rows and the new ones of both tables (4), its new version, the
    # marks removed; then
    # its figures (meetings and money: one read of marks and rows; indicator: marks,
    # row); session save after login (3)
    with django_assert_num_queries(36):
        response = client.get(url)
    assert response.status_code == 200
    text = pdf_text(response.content)
    assert "Status for K00" in text
    assert "Møter i perioden" in text and "K01" not in text


def test_latest_value_is_the_last_period_ended_by_the_end(halden):
    indikator = Indikator.objects.create(
        navn="Sysselsetting", enhet="prosent", retning="hoyere", tema="arbeid"
    )
    for periode, verdi in [
        ("2024", 1),
        ("2025-H1", 2),
        ("2025-H2", 3),
        ("2025", 4),
        ("2026-H1", 5),
    ]:
        Indikatorverdi.objects.create(
            kommune=halden, indikator=indikator, periode=periode, verdi=verdi, status="godkjent"
        )
    Indikatorverdi.objects.filter(periode="2026-H1").update(status="sendt_inn")

    def latest(slutt):
        return kilder.indikatorverdier(indikator, [halden.pk], slutt)[halden.pk]

    assert latest(datetime.date(2025, 6, 30))["periode"] == "2025-H1"
    assert latest(datetime.date(2025, 12, 31))["verdi"] == Decimal(4)  # the year after its halves
    assert latest(datetime.date(2024, 12, 31))["periode"] == "2024"
    assert latest(datetime.date(2026, 6, 30))["periode"] == "2025"  # 2026-H1 is not approved
    assert latest(datetime.date(2023, 12, 31))["verdi"] is None
