"""Who may read and manage the evaluation: the questions in ``evaluering.access``, asked
for each of the named people, and the forms each of them may open."""

import pytest
from django.urls import reverse

from evaluering import access, selectors, services
from evaluering.models import Refleksjonsskjema, Statusrapport

# person: (reads pilot-wide, manages evaluation and reports, writes notes, opens forms)
EXPECTED = {
    "kontakt_halden": (False, False, False, True),
    "kontakt_sarpsborg": (False, False, False, True),
    "leder_halden": (True, False, False, True),
    "admin": (True, True, True, True),
    "styre": (True, False, False, True),
    "forsker": (True, False, True, True),
    "team": (True, False, False, True),
}


@pytest.mark.parametrize("person", EXPECTED)
def test_each_role_gets_its_answers(folk, person):
    user = folk[person]
    answers = (
        access.may_read_pilot_evaluation(user),
        access.may_manage_evaluation(user) and access.may_manage_reports(user),
        access.may_write_notes(user),
        access.may_open_reflection_forms(user),
    )
    assert answers == EXPECTED[person]


def test_unpublished_report_is_read_by_admins_only(folk, vurdert, admin_bruker):
    rapport = services.statusrapport_bestill(periode=vurdert, bestilt_av=admin_bruker)
    assert rapport.status != Statusrapport.Status.PUBLISERT
    readers = [p for p in EXPECTED if access.may_read_report(folk[p], rapport)]
    assert readers == ["admin"]
    rapport.status = Statusrapport.Status.PUBLISERT
    readers = [p for p in EXPECTED if access.may_read_report(folk[p], rapport)]
    assert readers == ["leder_halden", "admin", "styre", "forsker", "team"]


def test_contact_person_opens_and_answers_only_forms_sent_to_own_kommune(
    client, folk, periode, halden, sarpsborg
):
    skjema = services.refleksjonsskjema_create(
        pilot=periode.pilot,
        periode=periode,
        tittel="Samarbeid",
        innledning="",
        kommuner=[halden],
        pastander=["Vi samarbeider godt"],
    )
    assert list(Refleksjonsskjema.objects.for_user(folk["kontakt_halden"])) == [skjema]
    assert not Refleksjonsskjema.objects.for_user(folk["kontakt_sarpsborg"]).exists()
    assert list(selectors.reflection_forms(user=folk["styre"])) == [skjema]
    assert access.may_answer(folk["kontakt_halden"], skjema)
    assert not access.may_answer(folk["styre"], skjema)
    url = reverse("evaluering:skjema_svar", args=[skjema.pk])
    client.force_login(folk["kontakt_sarpsborg"])
    assert client.get(url).status_code == 404
    client.force_login(folk["styre"])
    assert client.get(url).status_code == 403


def test_default_period_is_the_latest_begun_else_the_last_planned(pilot):
    import datetime

    perioder = [
        services.periode_get_or_create(pilot=pilot, aar=2025, halvaar=1),
        services.periode_get_or_create(pilot=pilot, aar=2025, halvaar=2),
        services.periode_get_or_create(pilot=pilot, aar=2026, halvaar=1),
    ]
    dag = datetime.date(2025, 8, 1)
    assert selectors.default_periode(perioder, today=dag) == perioder[1]
    assert selectors.default_periode(perioder, today=datetime.date(2020, 1, 1)) == perioder[2]
    assert selectors.default_periode([], today=dag) is None


def test_default_period_is_the_latest_with_data(pilot, mal, admin_bruker, deltakelse_halden):
    import datetime

    for aar, halvaar in [(2019, 1), (2019, 2), (2020, 1), (2020, 2)]:
        services.periode_get_or_create(pilot=pilot, aar=aar, halvaar=halvaar)
    dag = datetime.date(2026, 1, 1)
    # Nothing yet: the latest begun.
    assert selectors.default_periode(selectors.periods_with_data(pilot), today=dag).kode == (
        "2020-H2"
    )
    services.maloppnaelse_set(
        mal=mal[0],
        periode=selectors.periods(pilot)[1],
        kommune=None,
        vurdering="noen",
        begrunnelse="Vurdert.",
        vurdert_av=admin_bruker,
    )
    perioder = selectors.periods_with_data(pilot)
    assert [p.kode for p in perioder if p.har_data] == ["2019-H2"]
    assert selectors.default_periode(perioder, today=dag).kode == "2019-H2"
    # A meeting held later makes its half-year the latest with data.
    from django.utils import timezone

    from investering import services as investering
    from investering.models import Motetype

    investering.mote_log(
        pilot=pilot,
        kommune=deltakelse_halden.kommune,
        type=Motetype.FREMDRIFT,
        start=timezone.make_aware(datetime.datetime(2020, 3, 2, 10)),  # noqa: DTZ001
        skrevet_av=admin_bruker,
        referat="Fremdriftsmøte.",
        deltakere=[investering.Deltaker(bruker=admin_bruker)],
    )
    perioder = selectors.periods_with_data(pilot)
    assert [p.kode for p in perioder if p.har_data] == ["2019-H2", "2020-H1"]
    assert selectors.default_periode(perioder, today=dag).kode == "2020-H1"
