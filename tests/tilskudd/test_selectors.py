from datetime import date

from django.utils import timezone

from tests.factories import EtatFactory
from tilskudd import selectors, services


def test_per_kommune_in_period_for_the_half_year_report(
    vedtak_halden, pott, halden, sarpsborg, admin_bruker, pilot, django_assert_num_queries
):
    services.tildeling_upsert(pott=pott, kommune=sarpsborg, belop=100_000, user=None)
    tildeling = pott.tildelinger.get()
    services.utbetaling_create(
        tildeling=tildeling, user=admin_bruker, belop=40_000, dato=date(2020, 3, 1)
    )
    today = timezone.localtime(vedtak_halden.vedtatt).date()
    ids = [halden.pk, sarpsborg.pk]
    # 1 decisions, 2 payments (allocations cost none: no pot year starts in the period)
    with django_assert_num_queries(2):
        now = selectors.per_kommune_i_periode(kommune_ids=ids, start=today, slutt=today)
    assert now[halden.pk] == {"innvilget": 200_000, "utbetalt": 0}
    h1 = selectors.per_kommune_i_periode(
        kommune_ids=ids, start=date(2020, 1, 1), slutt=date(2020, 6, 30)
    )
    assert h1[sarpsborg.pk] == {"innvilget": 100_000, "utbetalt": 40_000}
    h2 = selectors.per_kommune_i_periode(
        kommune_ids=ids, start=date(2020, 7, 1), slutt=date(2020, 12, 31)
    )
    assert h2[sarpsborg.pk] == {"innvilget": 0, "utbetalt": 0}
    other_pilot = selectors.per_kommune_i_periode(
        kommune_ids=ids, start=date(2020, 1, 1), slutt=date(2020, 6, 30), pilot_id=pilot.pk
    )
    assert other_pilot[sarpsborg.pk] == {"innvilget": 0, "utbetalt": 0}


def test_half_year_dashboard_reads_grants_through_evaluering_kilder(pilot, halden, ordning_231_63):
    from evaluering import kilder

    pott = services.pott_upsert(
        navn="Pilotpott", aar=2021, total=500, kilder=[(ordning_231_63, 500)], pilot=pilot
    )
    services.tildeling_upsert(pott=pott, kommune=halden, belop=500, user=None)
    args = ([halden.pk], pilot.pk, date(2021, 1, 1), date(2021, 6, 30))
    kilde = kilder.tilskudd(*args, tall=kilder.analysetall(*args))
    assert kilde.tilgjengelig
    assert kilde.per_kommune[halden.pk] == {"innvilget": 500, "utbetalt": 0}


def test_dashboard_chart_per_year_and_scheme_matches_the_overview(
    vedtak_halden, pott, sarpsborg, admin_bruker
):
    # Summed per pot in the database for the dashboard; the same lines as the overview.
    services.tildeling_upsert(pott=pott, kommune=sarpsborg, belop=300_000, user=None)
    hio = EtatFactory(kortnavn="HiØ", navn="Høgskolen i Østfold")
    services.tildeling_upsert(pott=pott, etat=hio, belop=50_000, user=None)
    services.utbetaling_create(
        vedtak=vedtak_halden, user=admin_bruker, belop=100_000, dato=date(2020, 3, 1)
    )
    linjer = selectors.per_aar_og_ordning()
    oversikt = selectors.oversikt().per_ordning
    assert [(li.etikett, li.innvilget, li.utbetalt) for li in linjer] == [
        (li.etikett, li.innvilget, li.utbetalt) for li in oversikt
    ]
    assert sum(li.innvilget for li in linjer) == 550_000
    assert sum(li.utbetalt for li in linjer) == 100_000


def test_granted_is_decisions_plus_allocations_on_every_page(
    vedtak_halden, pott, halden, sarpsborg
):
    # 200 000 decided for Halden, 300 000 allocated to Sarpsborg, 50 000 to an etat.
    services.tildeling_upsert(pott=pott, kommune=sarpsborg, belop=300_000, user=None)
    hio = EtatFactory(kortnavn="HiØ", navn="Høgskolen i Østfold")
    services.tildeling_upsert(pott=pott, etat=hio, belop=50_000, user=None)
    assert selectors.bundet_i_pott(pott=pott) == 550_000
    assert selectors.potter_med_tall().get(pk=pott.pk).bundet == 550_000
    assert selectors.oversikt().sum_innvilget == 550_000
    per_kommune = {
        row["kommune"]: row["belop"]
        for row in selectors.innvilget(by=("kommune",))
        if row["kommune"]
    }
    assert per_kommune == {halden.pk: 200_000, sarpsborg.pk: 300_000}
    start = date(pott.aar, 1, 1)
    slutt = timezone.localdate()
    assert selectors.per_kommune_i_periode(
        kommune_ids=[halden.pk, sarpsborg.pk], start=start, slutt=slutt
    ) == {
        halden.pk: {"innvilget": 200_000, "utbetalt": 0},
        sarpsborg.pk: {"innvilget": 300_000, "utbetalt": 0},
    }


def test_queue_sorts_by_known_columns_only_and_headers_link_the_other_way(runde):
    from django.http import QueryDict

    assert str(selectors.soknadsko(runde=runde, sort="-belop").query).endswith(
        'ORDER BY "tilskudd_soknad"."belop_sokt" DESC, "tilskudd_soknad"."id" ASC'
    )
    assert "sendt_inn" in str(selectors.soknadsko(runde=runde, sort="--passord").query)
    kolonner = selectors.soknadsko_kolonner(
        query=QueryDict("status=avslatt&sort=belop"), sort="belop"
    )
    belop = next(k for k in kolonner if k["key"] == "belop")
    assert belop["url"] == "?status=avslatt&sort=-belop"
    assert belop["aria_sort"] == "ascending"
    assert {k["aria_sort"] for k in kolonner if k["key"] != "belop"} == {None}
