"""The outbox: work that follows a commit is saved with it, reaches the worker after
commit, waits while the broker is down and is handed over when it is back; each job
runs once and each email is sent once. The broker here is a redis-server of the
test's own that the test stops and starts."""

import json
import threading
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from evaluering import services as evaluering
from evaluering.models import Statusrapport
from felles import jobber
from felles.models import Hjerteslag, Jobb, Utsending
from investering import services as investering
from investering.models import Motetype
from kommuner.roller import Rolle
from tests.factories import BrukerFactory
from tests.felles.conftest import vent_til
from tilskudd import services as tilskudd
from velferdspilot.celery import app


def test_job_is_saved_with_the_change_and_runs_after_commit(
    pilot_etter_ett_aar, django_capture_on_commit_callbacks
):
    data = pilot_etter_ett_aar
    with django_capture_on_commit_callbacks(execute=True):
        rapport = evaluering.statusrapport_bestill(periode=data.periode, bestilt_av=data.admin)
        assert Jobb.objects.get(pk=rapport.jobb_id).status == Jobb.Status.VENTER
    jobb = Jobb.objects.get(pk=rapport.jobb_id)
    assert jobb.oppgave == "evaluering.tasks.statusrapport_render"
    assert jobb.argumenter == [rapport.pk]
    assert jobb.status == Jobb.Status.FERDIG
    rapport.refresh_from_db()
    assert rapport.status == Statusrapport.Status.UTKAST


def test_a_rolled_back_change_leaves_no_job(pilot_etter_ett_aar):
    data = pilot_etter_ett_aar
    before = Jobb.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        evaluering.statusrapport_bestill(periode=data.periode, bestilt_av=data.admin)
        raise RuntimeError
    assert Jobb.objects.count() == before


def test_unknown_task_name_fails_in_the_callers_transaction(db):
    with pytest.raises((LookupError, ImportError, KeyError)):
        jobber.legg_i_ko("finnes.ikke.oppgave", 1)
    assert not Jobb.objects.exists()


def test_visibility_timeout_is_longer_than_every_task_may_run(settings):
    import tilskudd.tasks  # noqa: F401 - registers their tasks

    timeout = settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
    limits = {
        name: task.time_limit or settings.CELERY_TASK_TIME_LIMIT
        for name, task in app.tasks.items()
        if not name.startswith("celery.")
    }
    assert limits["evaluering.tasks.statusrapport_render"] == 300
    assert max(limits.values()) <= settings.CELERY_LONGEST_TASK_TIME_LIMIT < timeout
    assert settings.JOBB_GJENSEND_ETTER > timeout


# --- the broker is down ------------------------------------------------------------


@pytest.fixture
def soknad_til_behandling(pilot_etter_ett_aar):
    data = pilot_etter_ett_aar
    kontakt = data.kontakter["3101"]
    soknad = tilskudd.soknad_create(
        runde=data.extra["runde"],
        kommune=data.kommuner[0],
        user=kontakt,
        tittel="Ungdomslos",
        formaal="Los for unge utenfor skole og arbeid.",
        belop_sokt=200_000,
        budsjettlinjer=[("Lønn", 200_000)],
    )
    soknad = tilskudd.soknad_submit(soknad=soknad, user=kontakt)
    return tilskudd.soknad_start_review(soknad=soknad, user=data.admin)


@pytest.mark.django_db(transaction=True)
def _setup_jobs_done():
    """The jobs the test data made on its way (round opened, applications sent) are
    not this test's concern."""
    Jobb.objects.update(status=Jobb.Status.FERDIG)


def test_broker_down_saved_work_answers_normally_and_jobs_wait(
    transactional_db, client, pilot_etter_ett_aar, soknad_til_behandling, koen
):
    data = pilot_etter_ett_aar
    _setup_jobs_done()
    assert not connection.in_atomic_block
    utkast = Statusrapport.objects.create(
        periode=data.periode, versjon=1, bestilt=timezone.now(), status="utkast"
    )
    client.force_login(data.admin)
    # Nothing listens on the broker's port: every hand-over fails at once.
    svar = client.post(
        reverse("evaluering:rapport_bestill", args=[data.pilot.slug, data.periode.kode])
    )
    assert svar.status_code == 302
    svar = client.post(reverse("evaluering:rapport_publiser", args=[utkast.pk]))
    assert svar.status_code == 302
    # The case handler's proposal, signed off by another admin: the decision is saved
    # and its notification waits for the broker.
    forslag = tilskudd.vedtak_foresla(
        soknad=soknad_til_behandling,
        user=data.admin,
        utfall="innvilget",
        belop_innvilget=None,
        begrunnelse="Godt begrunnet.",
    )
    client.force_login(BrukerFactory(email="leder2@test.no", roller=[Rolle.ADMIN]))
    svar = client.post(
        reverse("tilskudd:forslag_godkjenn", args=[soknad_til_behandling.pk, forslag.pk]),
        {"handling": "godkjenn", "versjon": forslag.versjon},
    )
    assert svar.status_code == 302
    soknad_til_behandling.refresh_from_db()
    assert soknad_til_behandling.status == "innvilget"
    ventende = Jobb.objects.filter(status=Jobb.Status.VENTER).order_by("pk")
    assert [j.oppgave for j in ventende] == [
        "evaluering.tasks.statusrapport_render",
        "evaluering.tasks.varsle_styringsgruppen",
        "tilskudd.tasks.varsle_vedtak",
    ]
    assert all(j.siste_feil for j in ventende), [
        (j.oppgave, j.siste_feil, j.forsok) for j in ventende
    ]
    # The report page says it is queued, and health reports the oldest waiting job.
    side = client.get(reverse("evaluering:rapporter", args=[data.pilot.slug, data.periode.kode]))
    assert "I kø" in side.content.decode()
    helse = json.loads(client.get("/helse/").content)
    assert helse["eldste_ventende_jobb_sekunder"] is not None


@pytest.mark.django_db(transaction=True)
def test_jobs_waiting_for_the_broker_run_once_when_it_is_back(
    transactional_db,
    client,
    pilot_etter_ett_aar,
    soknad_til_behandling,
    styre,
    mailoutbox,
    koen,
    start_arbeider,
):
    data = pilot_etter_ett_aar
    _setup_jobs_done()
    mailoutbox.clear()
    client.force_login(data.admin)
    client.post(reverse("evaluering:rapport_bestill", args=[data.pilot.slug, data.periode.kode]))
    tilskudd.vedtak_create(
        soknad=soknad_til_behandling,
        user=data.admin,
        utfall="innvilget",
        belop_innvilget=None,
        begrunnelse="Godt begrunnet.",
    )
    assert Jobb.objects.filter(status=Jobb.Status.VENTER).count() == 2
    rapport = Statusrapport.objects.get()
    assert rapport.i_ko

    koen.start()
    start_arbeider()
    assert jobber.overlever_ventende() == 2
    assert vent_til(lambda: not Jobb.objects.exclude(status=Jobb.Status.FERDIG).exists())
    rapport.refresh_from_db()
    assert rapport.status == Statusrapport.Status.UTKAST, rapport.feilmelding
    assert [m.to for m in mailoutbox] == [[data.kontakter["3101"].email]]
    assert Hjerteslag.objects.filter(navn="arbeider").exists()

    # Published with the broker up: the steering group gets it once, however often
    # the job is handed over.
    evaluering.statusrapport_publish(rapport=rapport, publisert_av=data.admin)
    assert vent_til(lambda: len(mailoutbox) == 2)
    publisert = Jobb.objects.get(oppgave="evaluering.tasks.varsle_styringsgruppen")
    assert vent_til(lambda: Jobb.objects.get(pk=publisert.pk).status == Jobb.Status.FERDIG)
    Jobb.objects.filter(pk=publisert.pk).update(status=Jobb.Status.VENTER)
    assert jobber.overlever_ventende() == 1
    assert vent_til(lambda: Jobb.objects.get(pk=publisert.pk).status == Jobb.Status.FERDIG)
    assert [m.to for m in mailoutbox] == [[data.kontakter["3101"].email], [styre.email]]
    assert Utsending.objects.filter(nokkel__startswith="publisert:").count() == 1
    assert jobber.overlever_ventende() == 0


# --- stalled reports ---------------------------------------------------------------


def _stalled(data, minutter=10, jobbstatus=Jobb.Status.OVERLEVERT):
    since = timezone.now() - timedelta(minutes=minutter)
    jobb = Jobb.objects.create(
        oppgave="evaluering.tasks.statusrapport_render",
        argumenter=[0],
        status=jobbstatus,
        opprettet=since,
        overlevert=since if jobbstatus == Jobb.Status.OVERLEVERT else None,
    )
    rapport = Statusrapport.objects.create(
        periode=data.periode, versjon=1, bestilt=since, jobb=jobb
    )
    Jobb.objects.filter(pk=jobb.pk).update(argumenter=[rapport.pk])
    return rapport


def test_report_making_longer_than_the_time_limit_is_shown_stalled_and_can_restart(
    client, pilot_etter_ett_aar, django_capture_on_commit_callbacks
):
    data = pilot_etter_ett_aar
    rapport = _stalled(data)
    assert rapport.stoppet_opp and not rapport.venter_fortsatt
    client.force_login(data.admin)
    rad = client.get(reverse("evaluering:rapport_status", args=[rapport.pk])).content.decode()
    assert "Stoppet opp" in rad
    assert "hx-trigger" not in rad  # no spinner polling forever
    assert "Start versjon 1 på nytt" in rad
    with django_capture_on_commit_callbacks(execute=True):
        svar = client.post(reverse("evaluering:rapport_start_pa_nytt", args=[rapport.pk]))
    assert svar.status_code == 302
    rapport.refresh_from_db()
    assert rapport.status == Statusrapport.Status.UTKAST
    assert rapport.jobb.status == Jobb.Status.FERDIG


def test_a_report_still_within_its_time_limit_polls_and_cannot_be_restarted(
    client, pilot_etter_ett_aar
):
    data = pilot_etter_ett_aar
    rapport = _stalled(data, minutter=1)
    client.force_login(data.admin)
    rad = client.get(reverse("evaluering:rapport_status", args=[rapport.pk])).content.decode()
    assert "hx-trigger" in rad and "Stoppet opp" not in rad
    svar = client.post(reverse("evaluering:rapport_start_pa_nytt", args=[rapport.pk]), follow=True)
    assert "har ikke stoppet opp" in svar.content.decode()
    rapport.refresh_from_db()
    assert rapport.jobb.opprettet < timezone.now() - timedelta(seconds=30)


def test_only_admins_restart_a_report(client, pilot_etter_ett_aar, styre, leder_halden):
    rapport = _stalled(pilot_etter_ett_aar)
    for user in (styre, leder_halden):
        client.force_login(user)
        url = reverse("evaluering:rapport_start_pa_nytt", args=[rapport.pk])
        assert client.post(url).status_code == 403
    rapport.refresh_from_db()
    assert rapport.jobb.opprettet < timezone.now() - timedelta(minutes=5)


def test_a_queued_report_stops_polling_after_the_time_limit(client, pilot_etter_ett_aar):
    data = pilot_etter_ett_aar
    rapport = _stalled(data, minutter=30, jobbstatus=Jobb.Status.VENTER)
    assert rapport.i_ko and not rapport.stoppet_opp and not rapport.venter_fortsatt
    client.force_login(data.admin)
    rad = client.get(reverse("evaluering:rapport_status", args=[rapport.pk])).content.decode()
    assert "I kø" in rad and "hx-trigger" not in rad


# --- no row locks while the PDF is laid out ----------------------------------------


@pytest.mark.django_db(transaction=True)
def test_rendering_holds_no_lock_on_the_pilot(transactional_db, pilot_etter_ett_aar, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("Radlåser kan bare prøves mot PostgreSQL (sett DATABASE_URL).")
    data = pilot_etter_ett_aar
    rapport = Statusrapport.objects.create(periode=data.periode, versjon=1, bestilt=timezone.now())
    inne_i_pdf, slipp = threading.Event(), threading.Event()
    real_render = evaluering.render_pdf

    def render_and_pause(*args, **kwargs):
        pdf = real_render(*args, **kwargs)
        inne_i_pdf.set()
        slipp.wait(30)
        return pdf

    monkeypatch.setattr(evaluering, "render_pdf", render_and_pause)
    feil = []

    def worker():
        try:
            evaluering.statusrapport_render(rapport_id=rapport.pk)
        except Exception as exc:  # pragma: no cover - reported below
            feil.append(exc)
        finally:
            connection.close()

    tråd = threading.Thread(target=worker)
    tråd.start()
    try:
        assert inne_i_pdf.wait(60)
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL lock_timeout = '2s'")
            investering.mote_log(
                pilot=data.pilot,
                kommune=data.kommuner[0],
                type=Motetype.FREMDRIFT,
                start=timezone.now(),
                skrevet_av=data.leder,
                referat="Logget mens rapporten lages.",
            )
    finally:
        slipp.set()
        tråd.join(60)
    assert feil == []
    rapport.refresh_from_db()
    assert rapport.status == Statusrapport.Status.UTKAST


# --- health ------------------------------------------------------------------------


def test_health_head_answers_like_get(client, db):
    get = client.get("/helse/")
    head = client.head("/helse/")
    assert head.status_code == get.status_code == 200
    assert head["Content-Type"] == get["Content-Type"]
    assert head.content == b""


def test_health_reports_a_silent_worker_and_the_oldest_waiting_job(client, db, settings):
    previous = app.conf.task_always_eager
    app.conf.task_always_eager = False
    try:
        Jobb.objects.create(
            oppgave="evaluering.tasks.statusrapport_render",
            argumenter=[1],
            opprettet=timezone.now() - timedelta(minutes=7),
        )
        body = json.loads(client.get("/helse/").content)
        assert body["arbeider"] == "feil" and body["status"] == "feil"
        assert 7 * 60 <= body["eldste_ventende_jobb_sekunder"] < 8 * 60
        jobber.hjerteslag()
        body = json.loads(client.get("/helse/").content)
        assert body["arbeider"] == "ok"
        assert body["arbeider_sist_sett_sekunder"] < 5
    finally:
        app.conf.task_always_eager = previous
