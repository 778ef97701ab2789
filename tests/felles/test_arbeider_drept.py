"""A worker killed in the middle of a render: the message was taken but never
acknowledged, so the broker delivers it again after the visibility timeout and the
next worker makes the report. Real worker processes, the test's own redis-server
(the visibility timeout is shortened for the test; production's is checked in
test_jobber.py)."""

import os
import signal
import subprocess
import sys
import time

import pytest
import redis
from django.conf import settings
from django.db import connection

from evaluering import services as evaluering
from evaluering.models import Statusrapport
from tests.felles.conftest import vent_til


def _worker(redis_url: str, navn: str) -> subprocess.Popen:
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "velferdspilot.settings.test",
        "DATABASE_URL": (
            f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
        ),
        "REDIS_URL": redis_url,
        "TEST_VISIBILITY_TIMEOUT": "3",
    }
    return subprocess.Popen(  # noqa: S603
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "velferdspilot",
            "worker",
            "--pool=prefork",
            "--concurrency=1",
            "--loglevel=WARNING",
            f"--hostname={navn}@%h",
            "--without-gossip",
            "--without-mingle",
        ],
        cwd=settings.BASE_DIR,
        env=env,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _kill(proc: subprocess.Popen, sig=signal.SIGKILL) -> None:
    try:
        os.killpg(proc.pid, sig)
    except ProcessLookupError:
        return
    proc.wait(timeout=30)


@pytest.mark.django_db(transaction=True)
def test_worker_killed_mid_render_is_redelivered_and_finishes(
    transactional_db, pilot_etter_ett_aar, koen
):
    if connection.vendor != "postgresql":
        pytest.skip("Arbeiderprosessene deler testdatabasen bare på PostgreSQL.")
    data = pilot_etter_ett_aar
    koen.start()
    broker = redis.Redis.from_url(koen.url)
    forste = _worker(koen.url, "forste")
    andre = None
    try:
        rapport = evaluering.statusrapport_bestill(periode=data.periode, bestilt_av=data.admin)
        # The worker has taken the message (it sits in Redis's "unacked" hash) ...
        assert vent_til(lambda: broker.hlen("unacked") > 0, timeout=60)
        # ... and dies, worker and pool alike, before it could finish.
        _kill(forste)
        forste = None
        rapport.refresh_from_db()
        assert rapport.status == Statusrapport.Status.VENTER
        time.sleep(3.5)  # past the visibility timeout
        andre = _worker(koen.url, "andre")
        assert vent_til(
            lambda: Statusrapport.objects.get(pk=rapport.pk).status != Statusrapport.Status.VENTER,
            timeout=90,
        )
        rapport.refresh_from_db()
        assert rapport.status == Statusrapport.Status.UTKAST, rapport.feilmelding
        assert rapport.jobb.status == "ferdig"
    finally:
        for proc in (forste, andre):
            if proc is not None:
                _kill(proc, signal.SIGTERM)
