"""A bare Django project for ``make bench``: the floor the portal's trivial page is
measured against. Settings, URLs and its one page in this module; served by the same
gunicorn config (``gunicorn.conf.py``, ``utvikling.bench.naken_wsgi``).

Like the portal: PostgreSQL on the same server (a database of its own,
``<BENCH_DB>_naken``, with Django's own user table), database sessions, connections
kept for a minute and checked before reuse, a signed-in user, Django's default
middleware of ``startproject``, and a page rendered from a small template. Unlike the
portal: nothing else. ``python -m utvikling.bench.naken`` migrates that database,
makes its user and a session, and prints the session cookie."""

import os
from pathlib import Path

import environ
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import path

BASE_DIR = Path(__file__).resolve().parent
SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1"]
INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
ROOT_URLCONF = __name__
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": False,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
            "loaders": [
                (
                    "django.template.loaders.locmem.Loader",
                    {
                        "side.html": (
                            "<!doctype html><html><head><title>Naken</title></head><body>"
                            "<p>Innlogget som {{ user.get_username }}.</p>"
                            '<form method="post">{% csrf_token %}<button>OK</button></form>'
                            "</body></html>"
                        )
                    },
                )
            ],
        },
    }
]
DATABASES = {"default": environ.Env().db("BENCH_NAKEN_DATABASE_URL")}
DATABASES["default"]["CONN_MAX_AGE"] = 60
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
USE_TZ = True
TIME_ZONE = "Europe/Oslo"
LANGUAGE_CODE = "nb"
SECURE_SSL_REDIRECT = False


@login_required(login_url="/logg-inn/")
def side(request):
    return TemplateResponse(request, "side.html")


def helse(request):
    return HttpResponse("ok")


urlpatterns = [path("", side), path("helse/", helse)]


def main() -> None:
    import django

    os.environ["DJANGO_SETTINGS_MODULE"] = __name__
    django.setup()
    from django.conf import settings
    from django.contrib.auth import (
        BACKEND_SESSION_KEY,
        HASH_SESSION_KEY,
        SESSION_KEY,
        get_user_model,
    )
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command

    call_command("migrate", "--noinput", verbosity=0)
    bruker, _ = get_user_model().objects.get_or_create(username="naken")
    store = SessionStore()
    store[SESSION_KEY] = str(bruker.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = bruker.get_session_auth_hash()
    store.create()
    print(f"{settings.SESSION_COOKIE_NAME}={store.session_key}")


if __name__ == "__main__":
    main()
