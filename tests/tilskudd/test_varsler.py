"""Grant notifications through felles.varsler: a round opened, a round closing within
seven days (daily beat, explicit ``now``), a use-of-funds report due (daily beat,
explicit ``today``). Each once per event and recipient."""

import datetime
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from felles.models import Varsel, Varselslag
from tilskudd import services
from velferdspilot.celery import app

from .conftest import make_soknad


def test_round_opening_is_a_notification_and_one_email_per_contact_person(
    pott, halden, kontakt_halden, kontakt_sarpsborg, mailoutbox, django_capture_on_commit_callbacks
):
    now = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        services.runde_upsert(
            pott=pott, tittel="Åpen for alle", aapner=now, stenger=now + timedelta(days=20)
        )
    mottakere = {v.mottaker for v in Varsel.objects.filter(slag=Varselslag.RUNDE_AAPNET)}
    assert mottakere == {kontakt_halden, kontakt_sarpsborg}
    assert len(mailoutbox) == 2
    assert Varsel.objects.get(mottaker=kontakt_halden).url == "/tilskudd/runder/"


def test_round_closing_within_seven_days_notifies_kommuner_that_have_not_applied(
    runde, halden, sarpsborg, kontakt_halden, kontakt_sarpsborg, mailoutbox
):
    make_soknad(runde, sarpsborg, kontakt_sarpsborg)  # Sarpsborg has applied
    mailoutbox.clear()
    stenger = runde.stenger
    # Eight days before the deadline: too early.
    assert services.varsle_runder_stenger(now=stenger - timedelta(days=8)) == 0
    assert services.varsle_runder_stenger(now=stenger - timedelta(days=7)) == 1
    varsel = Varsel.objects.get(slag=Varselslag.RUNDE_STENGER)
    assert varsel.mottaker == kontakt_halden
    assert runde.tittel in varsel.tittel
    assert mailoutbox[0].to == [kontakt_halden.email]
    # The next day's run tells nobody again; a closed round is not told.
    assert services.varsle_runder_stenger(now=stenger - timedelta(days=6)) == 0
    assert services.varsle_runder_stenger(now=stenger + timedelta(minutes=1)) == 0
    assert Varsel.objects.filter(slag=Varselslag.RUNDE_STENGER).count() == 1


def test_a_draft_application_still_gets_the_reminder(runde, halden, kontakt_halden):
    make_soknad(runde, halden, kontakt_halden, submit=False)
    assert services.varsle_runder_stenger(now=runde.stenger - timedelta(days=3)) == 1


def test_report_due_reminds_the_kommune_of_each_grant_without_a_report(
    vedtak_halden, pott, sarpsborg, kontakt_halden, kontakt_sarpsborg, admin_bruker, mailoutbox
):
    tildeling = services.tildeling_upsert(
        pott=pott, kommune=sarpsborg, belop=100_000, user=admin_bruker, formaal="Drift"
    )
    mailoutbox.clear()
    assert pott.aar == 2020 and settings.TILSKUDD_RAPPORTFRIST == (3, 1)
    # 45 days before 01.03.2021: too early.
    assert services.varsle_rapportfrister(today=datetime.date(2021, 1, 15)) == 0
    assert services.varsle_rapportfrister(today=datetime.date(2021, 2, 1)) == 2
    halden_varsel = Varsel.objects.get(mottaker=kontakt_halden)
    assert halden_varsel.slag == Varselslag.RAPPORT_FRIST
    assert "01.03.2021" in halden_varsel.tittel
    assert halden_varsel.url == f"/tilskudd/soknader/{vedtak_halden.soknad_id}/rapport/"
    assert Varsel.objects.get(mottaker=kontakt_sarpsborg).url == (
        f"/tilskudd/tildelinger/{tildeling.pk}/rapport/"
    )
    # Daily runs after that: once per grant and year.
    assert services.varsle_rapportfrister(today=datetime.date(2021, 2, 2)) == 0
    # After the deadline nothing more.
    assert services.varsle_rapportfrister(today=datetime.date(2021, 3, 2)) == 0
    assert Varsel.objects.count() == 2


def test_a_reported_grant_is_not_reminded(vedtak_halden, kontakt_halden):
    services.rapport_submit(
        user=kontakt_halden,
        periode="2020",
        beskrivelse="Sommerjobber.",
        brukt_belop=200_000,
        vedtak=vedtak_halden,
    )
    assert services.varsle_rapportfrister(today=datetime.date(2021, 2, 1)) == 0


def test_beat_schedule_has_the_daily_grant_tasks():
    for name, task in [
        ("tilskudd-runder-stenger", "tilskudd.tasks.varsle_runder_stenger"),
        ("tilskudd-rapportfrister", "tilskudd.tasks.varsle_rapportfrister"),
    ]:
        assert settings.CELERY_BEAT_SCHEDULE[name]["task"] == task
        assert task in app.tasks
