import json
import os
import shutil
import socket
import subprocess
import time

import pytest
import redis


@pytest.mark.django_db
def test_health_answers_without_login_and_says_little(client, settings):
    settings.REDIS_URL = ""
    response = client.get("/helse/")
    assert response.status_code == 200
    body = json.loads(response.content)
    assert body == {
        "status": "ok",
        "database": "ok",
        "broker": "ikke i bruk",
        "arbeider": "ikke i bruk",
        "arbeider_sist_sett_sekunder": None,
        "eldste_ventende_jobb_sekunder": None,
    }


@pytest.mark.django_db
def test_health_reports_an_unreachable_broker(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    body = json.loads(client.get("/helse/").content)
    assert body["broker"] == "feil"
    assert body["status"] == "feil"


@pytest.fixture(scope="module")
def redis_url():
    """REDIS_URL when set (CI sets it); otherwise a redis-server of the test's own on a
    free port, so the test needs no running Redis. Without the program it skips (and the
    skip fails in CI)."""
    if os.environ.get("REDIS_URL"):
        yield os.environ["REDIS_URL"]
        return
    program = shutil.which("redis-server")
    if not program:
        pytest.skip("redis-server mangler: installer pakken redis-server eller sett REDIS_URL.")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    args = [program, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
    server = subprocess.Popen(args, stdout=subprocess.DEVNULL)  # noqa: S603
    url = f"redis://127.0.0.1:{port}/0"
    try:
        for _ in range(100):
            try:
                redis.Redis.from_url(url).ping()
                break
            except redis.ConnectionError:
                time.sleep(0.05)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.mark.django_db
def test_health_reports_the_real_redis_when_configured(client, settings, redis_url):
    url = redis_url
    settings.REDIS_URL = url
    body = json.loads(client.get("/helse/").content)
    assert body["broker"] == "ok", f"Redis på {url} svarer ikke"


@pytest.mark.django_db
def test_health_costs_one_query(client, settings, django_assert_num_queries):
    settings.REDIS_URL = ""
    # 1. the oldest job not yet done (the database check too).
    with django_assert_num_queries(1):
        response = client.get("/helse/")
    assert response.status_code == 200


@pytest.mark.django_db
def test_health_with_a_worker_costs_one_query(client, settings, django_assert_num_queries):
    from celery import current_app

    from felles.jobber import hjerteslag
    from felles.models import Jobb

    settings.REDIS_URL = ""
    hjerteslag()
    Jobb.objects.create(oppgave="felles.tasks.hjerteslag", argumenter=[])
    current_app.conf.task_always_eager = False
    try:
        # 1. the heartbeat, with the oldest job not yet done as a subquery.
        with django_assert_num_queries(1):
            response = client.get("/helse/")
    finally:
        current_app.conf.task_always_eager = True
    body = json.loads(response.content)
    assert response.status_code == 200
    assert body["arbeider"] == "ok"
    assert body["eldste_ventende_jobb_sekunder"] is not None
