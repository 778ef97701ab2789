from datetime import date

from django.utils import timezone

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

    pott = services.pott_save(
        navn="Pilotpott", aar=2021, total=500, kilder=[(ordning_231_63, 500)], pilot=pilot
    )
    services.tildeling_upsert(pott=pott, kommune=halden, belop=500, user=None)
    kilde = kilder.tilskudd([halden.pk], pilot.pk, date(2021, 1, 1), date(2021, 6, 30))
    assert kilde.tilgjengelig
    assert kilde.per_kommune[halden.pk] == {"innvilget": 500, "utbetalt": 0}
