"""The kept figures' shared copy on Redis (felles.hurtigbuffer): a new or recycled
worker (a process with nothing in its own memory) reads what another computed instead
of computing it again; a committed write still computes it again; a Redis that is down
is a slower page, never a failed one; another code version never reads this one's."""

import logging
import os

import pytest
from django.core.cache import caches

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
