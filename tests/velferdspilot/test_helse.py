import json

import pytest


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


@pytest.mark.django_db
def test_health_reports_the_real_redis_when_configured(client, settings):
    import os

    url = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
    settings.REDIS_URL = url
    body = json.loads(client.get("/helse/").content)
    assert body["broker"] == "ok", f"Redis på {url} svarer ikke"
