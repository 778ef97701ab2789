"""The kept figures' shared copy on Redis (felles.hurtigbuffer): a new or recycled
worker (a process with nothing in its own memory) reads what another computed instead
of computing it again; a committed write still computes it again; a Redis that is down
is a slower page, never a failed one; another code version never reads this one's."""

import logging
import os
import threading
import time

import pytest
from django.core.cache import caches
from django.db import connection

from felles import hurtigbuffer
from felles.datastand import hurtig_selector
from kommuner.apps import REGISTER
from tests.factories import KommuneFactory
from velferdspilot.kodeversjon import kodeversjon

KALL: list[int] = []


@hurtig_selector(grupper=(REGISTER,))
def antall_kall(x):
    KALL.append(x)
    return {"x": x, "kall": len(KALL)}


@pytest.fixture
def delt(stemplet, settings):
    """The shared copy on the real Redis (``REDIS_URL``), over committed stamps."""
    if not os.environ.get("REDIS_URL"):
        pytest.skip("REDIS_URL er ikke satt: testen trenger en ekte Redis (export REDIS_URL=…).")
    assert settings.CACHES["datastand_delt"]["BACKEND"].endswith("RedisCache")
    KALL.clear()
    hurtigbuffer.tom()
    yield
    hurtigbuffer._pause_til = 0.0


def ny_arbeider():
    """What a new or recycled worker has in its own memory: nothing."""
    caches["datastand"].clear()


@pytest.mark.django_db(transaction=True)
def test_a_new_worker_reads_what_another_computed(delt):
    assert antall_kall(1) == {"x": 1, "kall": 1}
    ny_arbeider()
    assert antall_kall(1) == {"x": 1, "kall": 1}
    assert KALL == [1]
    # Then kept in the new worker's own memory as well: Redis is not asked again.
    hurtigbuffer.tom()
    assert antall_kall(1)["kall"] == 2


@pytest.mark.django_db(transaction=True)
def test_a_committed_write_computes_again_in_every_worker(delt):
    assert antall_kall(2)["kall"] == 1
    KommuneFactory()  # a write to REGISTER, committed
    ny_arbeider()
    assert antall_kall(2)["kall"] == 2
    ny_arbeider()
    assert antall_kall(2)["kall"] == 2  # the new figure, computed once, shared


@pytest.mark.django_db(transaction=True)
def test_the_local_copy_serves_without_asking_redis(delt):
    antall_kall(3)
    hurtigbuffer._pause_til = float("inf")  # Redis not asked at all from here on
    assert antall_kall(3)["kall"] == 1


@pytest.mark.django_db(transaction=True)
def test_redis_down_is_a_slower_page_not_a_failed_one(delt, settings, caplog):
    settings.CACHES = {
        **settings.CACHES,
        "datastand_delt": {
            **settings.CACHES["datastand_delt"],
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
        },
    }
    # (Django builds the caches again when CACHES changes.)
    with caplog.at_level(logging.WARNING, logger="felles.hurtigbuffer"):
        assert antall_kall(4)["kall"] == 1
    assert "svarer ikke" in caplog.text
    assert hurtigbuffer._i_pause()
    ny_arbeider()
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="felles.hurtigbuffer"):
        assert antall_kall(4)["kall"] == 2  # computed, Redis left alone meanwhile
    assert caplog.text == ""


def test_another_code_version_has_another_prefix(tmp_path):
    (tmp_path / "app").mkdir()
    modul = tmp_path / "app" / "views.py"
    modul.write_text("x = 1\n")
    (tmp_path / "node_modules").mkdir()
    (tmp_path / "node_modules" / "pakke.py").write_text("y = 1\n")
    foer = kodeversjon(tmp_path)
    assert kodeversjon(tmp_path) == foer
    (tmp_path / "node_modules" / "pakke.py").write_text("y = 22\n")
    assert kodeversjon(tmp_path) == foer  # not our code
    modul.write_text("x = 22\n")
    assert kodeversjon(tmp_path) != foer


# --- one computation at a time -------------------------------------------------------

SAKTE: list[str] = []


@hurtig_selector(grupper=(REGISTER,))
def sakte(x, *, feil=False):
    """A figure that takes a while to compute (and, with ``feil``, then fails)."""
    SAKTE.append(threading.current_thread().name)
    time.sleep(0.3)
    if feil:
        raise RuntimeError("beregningen feilet")
    return {"x": x}


def _samtidig(*kall):
    """Each of ``kall`` in its own thread (as in its own worker, with nothing in its
    own memory), started together; their results (or exceptions) in order."""
    ut: list = [None] * len(kall)
    start = threading.Barrier(len(kall))

    def kjor(i, funksjon):
        try:
            start.wait()
            if i:
                time.sleep(0.05)  # the first one takes the lock
            ut[i] = funksjon()
        except Exception as feil:  # noqa: BLE001 (the test reads it)
            ut[i] = feil
        finally:
            connection.close()

    traader = [
        threading.Thread(target=kjor, args=(i, f), name=f"arbeider-{i}") for i, f in enumerate(kall)
    ]
    for t in traader:
        t.start()
    for t in traader:
        t.join()
    return ut


@pytest.fixture
def sakte_delt(delt):
    SAKTE.clear()
    # Every thread here shares this process's memory: only the shared copy is asked.
    lokal = caches["datastand"]
    lagret = lokal.set
    lokal.set = lambda *a, **k: None
    yield
    lokal.set = lagret


@pytest.mark.django_db(transaction=True)
def test_workers_asking_at_once_compute_a_figure_once(sakte_delt):
    t0 = time.monotonic()
    svar = _samtidig(lambda: sakte(1), lambda: sakte(1), lambda: sakte(1))
    assert svar == [{"x": 1}] * 3
    assert SAKTE == ["arbeider-0"]  # the others waited for its value
    assert time.monotonic() - t0 < 1.0


@pytest.mark.django_db(transaction=True)
def test_a_failed_computation_leaves_the_waiter_to_compute_it(sakte_delt):
    t0 = time.monotonic()
    svar = _samtidig(lambda: sakte(2, feil=True), lambda: sakte(2))
    assert isinstance(svar[0], RuntimeError)
    assert svar[1] == {"x": 2}
    assert SAKTE == ["arbeider-0", "arbeider-1"]
    # It stopped waiting when the lock was released, not after VENT_SEKUNDER.
    assert time.monotonic() - t0 < hurtigbuffer.VENT_SEKUNDER


@pytest.mark.django_db(transaction=True)
def test_a_lock_left_by_a_killed_worker_only_delays_the_page(sakte_delt, monkeypatch):
    monkeypatch.setattr(hurtigbuffer, "VENT_SEKUNDER", 0.4)
    delt_cache = caches["datastand_delt"]
    redis = delt_cache._cache.get_client(write=True)
    original = hurtigbuffer.hent_eller_beregn

    def med_foreldet_laas(key, beregn):
        # A worker took the lock for this key and was killed before it stored anything.
        redis.set(delt_cache.make_key("laas:" + key), "drept", ex=60)
        return original(key, beregn)

    monkeypatch.setattr(hurtigbuffer, "hent_eller_beregn", med_foreldet_laas)
    t0 = time.monotonic()
    assert sakte(3) == {"x": 3}
    assert SAKTE == ["MainThread"]
    assert 0.4 <= time.monotonic() - t0 < 2.0


@pytest.mark.django_db(transaction=True)
def test_the_shared_copy_keeps_one_redis_client_per_pool(delt):
    """``DeltRedisCache``: every get and set of one thread's cache goes through one
    ``redis.Redis`` per pool (Django made one per call), and values still go both ways."""
    delt_cache = caches["datastand_delt"]
    assert isinstance(delt_cache, hurtigbuffer.DeltRedisCache)
    klient = delt_cache._cache.get_client(write=True)
    delt_cache.set("en-klient", {"verdi": 1})
    assert delt_cache.get("en-klient") == {"verdi": 1}
    assert delt_cache._cache.get_client(write=True) is klient
    assert delt_cache._cache.get_client() is delt_cache._cache.get_client()
