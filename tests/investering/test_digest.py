"""The monthly digest of overdue follow-up points to each investment leader."""

import datetime

from django.conf import settings
from django.core import mail
from django.utils import timezone

from felles.models import Utsending, Varsel
from felles.oppgaver import Oppgave
from investering import services, tasks
from velferdspilot.celery import app


def _meeting(pilot, kommune, author, frist):
    return services.mote_log(
        pilot=pilot,
        kommune=kommune,
        type="fremdriftsmote",
        skrevet_av=author,
        start=timezone.now() - datetime.timedelta(days=40),
        referat="Fremdrift.",
        oppfolgingspunkter=[{"tekst": f"Oppfølging i {kommune.navn}", "frist": frist}],
    )


def test_leader_gets_overdue_points_of_led_kommuner_once_a_month(
    folk, pilot, halden, sarpsborg, leder_halden, admin_bruker
):
    today = timezone.localdate()
    _meeting(pilot, halden, leder_halden, today - datetime.timedelta(days=5))
    _meeting(pilot, halden, leder_halden, today + datetime.timedelta(days=5))  # not overdue
    _meeting(pilot, sarpsborg, admin_bruker, today - datetime.timedelta(days=5))  # not led
    assert services.oppfolging_digest(today=today) == 1
    assert services.oppfolging_digest(today=today) == 0
    [email] = mail.outbox
    assert email.to == [leder_halden.email]
    assert "Oppfølging i Halden" in email.body
    assert "Sarpsborg" not in email.body
    # The link is made absolute from the portal's public address (felles.varsler).
    assert f"{settings.PORTAL_URL}/investering/oppfolging/" in email.body
    # The digest is also a notification in the leader's list in the portal.
    assert Varsel.objects.filter(mottaker=leder_halden, noekkel=f"digest:{today:%Y-%m}").exists()
    next_month = today + datetime.timedelta(days=32)
    assert services.oppfolging_digest(today=next_month) == 1


def test_no_email_when_nothing_is_overdue(folk, pilot, halden, leder_halden):
    _meeting(pilot, halden, leder_halden, timezone.localdate() + datetime.timedelta(days=3))
    assert services.oppfolging_digest(today=timezone.localdate()) == 0
    assert mail.outbox == []


def test_digest_already_sent_this_month_before_the_move_is_not_sent_again(
    folk, pilot, halden, leder_halden
):
    today = timezone.localdate()
    _meeting(pilot, halden, leder_halden, today - datetime.timedelta(days=5))
    Utsending.objects.create(
        nokkel=f"digest:{today:%Y-%m}:{leder_halden.pk}",
        mottaker=leder_halden.email,
        sendt=timezone.now(),
    )
    assert services.oppfolging_digest(today=today) == 0
    assert mail.outbox == []


def test_beat_schedule_runs_the_meeting_log_digest_task(folk, pilot, halden, leder_halden):
    name = settings.CELERY_BEAT_SCHEDULE["oppfolging-digest"]["task"]
    assert name == "investering.tasks.oppfolging_digest"
    task = app.tasks[name]
    assert isinstance(task, Oppgave)
    _meeting(pilot, halden, leder_halden, timezone.localdate() - datetime.timedelta(days=5))
    assert tasks.oppfolging_digest() == 1
    assert mail.outbox[0].to == [leder_halden.email]
