"""Follow-up points due within three days and overdue (daily beat task, explicit
``today``): told once per point and deadline to the responsible person, or to the
kommune's investment leader when no person is responsible."""

import datetime

from django.conf import settings
from django.utils import timezone, translation

from felles import varselslag
from felles.models import Varsel
from investering import services, tasks
from velferdspilot.celery import app

TODAY = datetime.date(2026, 3, 10)


def _punkt(pilot, kommune, author, frist, ansvarlig=None, tekst="Avklare husleie"):
    mote = services.mote_log(
        pilot=pilot,
        kommune=kommune,
        type="fremdriftsmote",
        skrevet_av=author,
        start=timezone.now() - datetime.timedelta(days=40),
        referat="Fremdrift.",
        oppfolgingspunkter=[{"tekst": tekst, "frist": frist, "ansvarlig_bruker": ansvarlig}],
    )
    return mote.oppfolgingspunkter.get()


def test_due_in_three_days_notifies_the_responsible_person_once(
    folk, pilot, halden, leder_halden, kontakt_halden, mailoutbox
):
    punkt = _punkt(pilot, halden, leder_halden, TODAY + datetime.timedelta(days=3), kontakt_halden)
    senere = _punkt(
        pilot, halden, leder_halden, TODAY + datetime.timedelta(days=4), kontakt_halden, "Senere"
    )
    assert services.varsle_oppfolgingsfrister(today=TODAY) == 1
    varsel = Varsel.objects.get()
    assert (varsel.mottaker, varsel.slag) == (kontakt_halden, "oppfolging_frist")
    assert "13.03.2026" in varsel.tittel and "Halden" in varsel.tittel
    assert varsel.tittel_param["frist"] == {"dato": "2026-03-13"}
    with translation.override("en"):  # made by the beat in Norwegian, read in English
        assert varsel.visningstittel == "Due 13.03.2026: follow-up point in Halden: Avklare husleie"
    assert varsel.url == punkt.mote.get_absolute_url()
    assert mailoutbox[0].to == [kontakt_halden.email]
    # The next day the later point is three days away; the first is not told again.
    assert services.varsle_oppfolgingsfrister(today=TODAY + datetime.timedelta(days=1)) == 1
    assert sorted(Varsel.objects.values_list("noekkel", flat=True)) == sorted(
        f"oppfolging-frist:{p.pk}:{p.frist}" for p in (punkt, senere)
    )


def test_overdue_point_without_a_responsible_person_goes_to_the_leader(
    folk, pilot, halden, leder_halden, admin_bruker
):
    _punkt(pilot, halden, admin_bruker, TODAY - datetime.timedelta(days=1))
    assert services.varsle_oppfolgingsfrister(today=TODAY) == 1
    varsel = Varsel.objects.get()
    assert (varsel.mottaker, varsel.slag) == (leder_halden, "oppfolging_forfalt")
    assert varsel.tittel.startswith("Forfalt oppfølgingspunkt i Halden (frist 09.03.2026)")
    assert services.varsle_oppfolgingsfrister(today=TODAY) == 0


def test_closed_and_long_overdue_points_are_not_told(folk, pilot, halden, leder_halden):
    punkt = _punkt(pilot, halden, leder_halden, TODAY + datetime.timedelta(days=2))
    punkt.status = punkt.Status.LUKKET
    punkt.save()
    _punkt(pilot, halden, leder_halden, TODAY - datetime.timedelta(days=30))
    assert services.varsle_oppfolgingsfrister(today=TODAY) == 0
    assert not Varsel.objects.exists()


def test_a_moved_deadline_is_told_again(folk, pilot, halden, leder_halden, kontakt_halden):
    punkt = _punkt(pilot, halden, leder_halden, TODAY + datetime.timedelta(days=1), kontakt_halden)
    services.varsle_oppfolgingsfrister(today=TODAY)
    punkt.frist = TODAY + datetime.timedelta(days=3)
    punkt.save()
    assert services.varsle_oppfolgingsfrister(today=TODAY) == 1
    assert Varsel.objects.filter(mottaker=kontakt_halden).count() == 2


def test_email_off_for_the_kind_still_shows_the_notification(
    folk, pilot, halden, leder_halden, kontakt_halden, mailoutbox
):
    from felles.varsler import epostvalg_lagre

    epostvalg_lagre(bruker=kontakt_halden, paa=set(varselslag.alle()) - {"oppfolging_frist"})
    _punkt(pilot, halden, leder_halden, TODAY + datetime.timedelta(days=3), kontakt_halden)
    assert services.varsle_oppfolgingsfrister(today=TODAY) == 0
    assert mailoutbox == []
    assert Varsel.objects.filter(mottaker=kontakt_halden).exists()


def test_beat_runs_the_daily_task_in_oslo_time(folk, pilot, halden, leder_halden):
    entry = settings.CELERY_BEAT_SCHEDULE["oppfolging-frister"]
    assert entry["task"] == "investering.tasks.varsle_oppfolgingsfrister"
    assert entry["task"] in app.tasks
    assert settings.CELERY_TIMEZONE == "Europe/Oslo"
    _punkt(pilot, halden, leder_halden, timezone.localdate() - datetime.timedelta(days=1))
    assert tasks.varsle_oppfolgingsfrister() == 1
