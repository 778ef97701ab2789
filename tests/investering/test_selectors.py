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


def test_new_meeting_suggestions_come_from_the_last_meeting_the_user_may_read(
    folk, mote_halden, pilot, halden, leder_halden
):
    forslag = selectors.mote_forslag(leder_halden, pilot_id=pilot.pk, kommune_id=halden.pk)
    assert forslag["deltakere_brukere"] == [leder_halden.pk]
    assert forslag["deltakere_fritekst"] == "Rådmannen, Halden"
    assert (forslag["fase"], forslag["niva"], forslag["sted"]) == (
        "definisjon",
        "strategisk",
        "Halden rådhus",
    )
    # another kommune's contact person gets nothing from Halden's meetings
    assert (
        selectors.mote_forslag(folk["kontakt_sarpsborg"], pilot_id=pilot.pk, kommune_id=halden.pk)
        == {}
    )
    # the team's own meetings suggest nothing
    assert selectors.mote_forslag(leder_halden, pilot_id=pilot.pk, kommune_id=None) == {}


def test_meeting_export_rows_hold_participants_decisions_and_follow_ups(
    folk, mote_halden, mote_sarpsborg, kollegium
):
    header, rows = selectors.moter_eksport_rader(selectors.mote_list(folk["kontakt_halden"]))
    [row] = list(rows)
    rad = dict(zip(header, row, strict=True))
    assert rad["Kommune"] == "Halden"
    assert rad["Deltakere"].endswith("Rådmannen (Halden)")
    assert rad["Beslutninger"] == "Barnefattigdom er hovedtema."
    assert rad["Oppfølgingspunkter"].startswith(
        "Lag oversikt over prosjekter som gjelder barnefattigdom. [Åpen"
    )
    header, rows = selectors.moter_eksport_rader(selectors.mote_list(folk["admin"]))
    kommuner = [dict(zip(header, r, strict=True))["Kommune"] for r in rows]
    assert sorted(kommuner) == ["Halden", "Investeringsteamet", "Sarpsborg"]


def test_rule_barrier_export_rows(folk, pilot, halden, mote_halden):
    services.regelhinder_create(
        pilot=pilot, kommune=halden, tittel="T", beskrivelse="B", funnet_i_mote=mote_halden
    )
    header, rows = selectors.regelhinder_eksport_rader(selectors.regelhinder_list(folk["admin"]))
    [rad] = [dict(zip(header, r, strict=True)) for r in rows]
    assert (rad["Kommune"], rad["Tittel"], rad["Status"]) == ("Halden", "T", "Identifisert")
    assert rad["Funnet i møte"] == str(mote_halden)


def test_next_meeting_start_is_the_first_not_cancelled_meeting_in_a_led_kommune(
    folk, pilot, halden, sarpsborg, django_assert_num_queries
):
    from datetime import timedelta

    from django.utils import timezone

    naa = timezone.now()

    def logg(kommune, dager, **felt):
        return services.mote_log(
            pilot=pilot,
            kommune=kommune,
            type="fremdriftsmote",
            start=naa + timedelta(days=dager),
            skrevet_av=None,
            **felt,
        )

    leder = folk["leder_halden"]
    leder.roller  # noqa: B018  (cached on a real request)
    logg(halden, -1)  # begun: not the next
    logg(sarpsborg, 1)  # a kommune nobody leads
    logg(halden, 2, status="avlyst")
    neste = logg(halden, 3, status="planlagt")
    logg(halden, 4, status="planlagt")
    with django_assert_num_queries(1):
        assert selectors.neste_motestart(leder) == neste.start
    # Someone who leads nothing: no query.
    kontakt = folk["kontakt_halden"]
    kontakt.roller  # noqa: B018
    with django_assert_num_queries(0):
        assert selectors.neste_motestart(kontakt) is None
