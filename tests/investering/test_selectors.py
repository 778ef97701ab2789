from datetime import date

from investering import selectors, services

from .conftest import at


def test_tall_per_kommune_for_the_half_year_report(
    mote_halden,
    mote_sarpsborg,
    pilot,
    halden,
    sarpsborg,
    leder_halden,
    django_assert_num_queries,
):
    senere = services.mote_log(
        pilot=pilot,
        kommune=halden,
        type="fremdriftsmote",
        start=at(10, 1, 2019),
        skrevet_av=leder_halden,
    )
    services.oppfolgingspunkt_set_status(
        punkt=mote_halden.oppfolgingspunkter.get(), status="lukket", lukket_i_mote=senere
    )
    services.regelhinder_create(pilot=pilot, kommune=halden, tittel="T", beskrivelse="B")
    # meetings, points, rule barriers
    with django_assert_num_queries(3):
        h2018 = selectors.tall_per_kommune(
            [halden.pk, sarpsborg.pk], pilot.pk, date(2018, 7, 1), date(2018, 12, 31)
        )
    assert h2018[halden.pk]["moter_holdt"] == 1
    # the point was still open at the end of 2018 (closed 10.01.2019), and overdue
    # only if its due date had passed by then (it is due in the future here)
    assert h2018[halden.pk]["apne_punkter"] == 1
    assert h2018[sarpsborg.pk] == {
        "moter_holdt": 0,
        "apne_punkter": 0,
        "forfalte_punkter": 0,
        "regelhindre_nye": 0,
        "regelhindre_loftet": 0,
    }
    v2019 = selectors.tall_per_kommune(
        [halden.pk, sarpsborg.pk], pilot.pk, date(2019, 1, 1), date(2019, 6, 30)
    )
    assert v2019[halden.pk]["moter_holdt"] == 1
    assert v2019[halden.pk]["apne_punkter"] == 0
    assert v2019[sarpsborg.pk]["moter_holdt"] == 1
    assert v2019[sarpsborg.pk]["apne_punkter"] == 1
