"""A real Celery worker against the real Redis (CI has both): one report generated end
to end, and the same jobs run twice make one report and send each email once."""

import io
import os
import time
from decimal import Decimal

import pytest
from celery.contrib.testing.worker import start_worker
from django.db import connection
from pypdf import PdfReader

from evaluering import services, tasks
from evaluering.models import Rapportperiode, Statusrapport
from tests.celery_hjelp import reset_broker_pools
from velferdspilot.celery import app

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def worker(transactional_db, settings):
    redis_url = os.environ.get("REDIS_URL")
    if not redis_url:
        pytest.skip("REDIS_URL er ikke satt: testen trenger en ekte Redis (export REDIS_URL=…).")
    if connection.vendor != "postgresql":
        pytest.skip("Arbeideren deler testdatabasen bare på PostgreSQL (sett DATABASE_URL).")
    previous = {
        "task_always_eager": app.conf.task_always_eager,
        "broker_url": app.conf.broker_url,
        "result_backend": app.conf.result_backend,
    }
    reset_broker_pools()
    app.conf.update(task_always_eager=False, broker_url=redis_url, result_backend=redis_url)
    with start_worker(
        app,
        pool="solo",
        concurrency=1,
        perform_ping_check=False,
        shutdown_timeout=30,
        loglevel="WARNING",
    ):
        yield app
    reset_broker_pools()
    app.conf.update(**previous)


def wait_for(predicate, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


def test_worker_generates_report_end_to_end(worker, vurdert, admin_bruker):
    rapport = services.statusrapport_bestill(periode=vurdert, bestilt_av=admin_bruker)
    assert wait_for(
        lambda: Statusrapport.objects.get(pk=rapport.pk).status == Statusrapport.Status.UTKAST
    ), Statusrapport.objects.get(pk=rapport.pk).feilmelding
    rapport.refresh_from_db()
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(rapport.pdf.read())).pages)
    assert "Statusrapport" in text and "Halden" in text and "I noen grad" in text
    assert len(rapport.sha256) == 64


def test_worker_makes_the_report_of_a_pilot_after_a_year(worker, pilot_etter_ett_aar):
    """Approved figures with decimals and baselines, every goal assessed, meetings,
    grants and payments, through the real worker on Redis."""
    data = pilot_etter_ett_aar
    rapport = services.statusrapport_bestill(periode=data.periode, bestilt_av=data.admin)
    assert wait_for(
        lambda: Statusrapport.objects.get(pk=rapport.pk).status != Statusrapport.Status.VENTER
    )
    rapport.refresh_from_db()
    assert rapport.status == Statusrapport.Status.UTKAST, rapport.feilmelding
    assert Decimal(rapport.grunnlag["kommuner"][0]["indikatorer"]["nullpunkt"]) > 0
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(rapport.pdf.read())).pages)
    assert "Fredrikstad" in text and "Barn i lavinntektsfamilier" in text


def test_running_the_same_jobs_twice_makes_one_report_and_one_email(
    worker, pilot, admin_bruker, mailoutbox
):
    results = [tasks.halvaar_avslutt.delay() for _ in range(2)]
    made = [r.get(timeout=60) for r in results]
    assert sorted(len(m) for m in made) == [0, 1]
    rapport = Statusrapport.objects.get()
    # A redelivery of the render (worker crash with acks_late) changes nothing.
    for r in [tasks.statusrapport_render.delay(rapport.pk) for _ in range(2)]:
        r.get(timeout=60)
    assert wait_for(lambda: len(mailoutbox) >= 1)
    for r in [tasks.varsle_utkast_klart.delay(rapport.pk) for _ in range(2)]:
        r.get(timeout=60)
    time.sleep(0.5)
    rapport.refresh_from_db()
    assert rapport.status == Statusrapport.Status.UTKAST
    assert Statusrapport.objects.count() == 1
    assert Rapportperiode.objects.get(pk=rapport.periode_id).status == Rapportperiode.Status.LUKKET
    assert [m.to for m in mailoutbox] == [[admin_bruker.email]]
