"""A broker of the test's own: a ``redis-server`` on a free port that a test can stop
and start (never the machine's Redis), and the Celery app pointed at it."""

import shutil
import socket
import subprocess
import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.db import connection

from tests.celery_hjelp import reset_broker_pools
from velferdspilot.celery import app


def fri_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class EgenRedis:
    def __init__(self, tmp_path):
        self.port = fri_port()
        self.dir = tmp_path
        self.proc = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        self.proc = subprocess.Popen(  # noqa: S603
            [
                shutil.which("redis-server"),
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.dir),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("redis-server startet ikke")

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=10)
        self.proc = None


def _reset_pools():
    """Forget connections to an earlier broker (the URL changes between tests)."""
    reset_broker_pools()


@pytest.fixture
def egen_redis(tmp_path):
    if not shutil.which("redis-server"):
        pytest.skip("redis-server mangler (apt-get install redis-server).")
    redis = EgenRedis(tmp_path)
    yield redis
    redis.stop()


@pytest.fixture
def koen(egen_redis):
    """Celery sends to the test's own Redis (started or not: the test decides)."""
    previous = {
        "task_always_eager": app.conf.task_always_eager,
        "broker_url": app.conf.broker_url,
        "result_backend": app.conf.result_backend,
    }
    _reset_pools()
    app.conf.update(
        task_always_eager=False, broker_url=egen_redis.url, result_backend=egen_redis.url
    )
    yield egen_redis
    _reset_pools()
    app.conf.update(**previous)


@pytest.fixture
def start_arbeider():
    """A real worker in a thread; on PostgreSQL only, where it shares the test data."""
    if connection.vendor != "postgresql":
        pytest.skip("Arbeideren deler testdatabasen bare på PostgreSQL (sett DATABASE_URL).")
    workers = []

    def start():
        ctx = start_worker(
            app,
            pool="solo",
            concurrency=1,
            perform_ping_check=False,
            shutdown_timeout=30,
            loglevel="WARNING",
        )
        ctx.__enter__()
        workers.append(ctx)

    yield start
    for ctx in reversed(workers):
        ctx.__exit__(None, None, None)


def vent_til(predicate, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False
