"""The floor of ``make bench`` measured in this process, part by part: ``python -m
utvikling.bench.gulv [portal|naken] [N]``.

``portal``: the trivial page (the password-change form) with production settings on the
bench database (``DATABASE_URL``), as ``utvikling.bench.profil`` opens it. ``naken``: the
bare Django project's page (``utvikling.bench.naken``) on its own database
(``BENCH_NAKEN_DATABASE_URL``, default ``DATABASE_URL`` + ``_naken``, made by ``make
bench``). Both with Django's test client, N (300) warm requests.

Prints CPU ms per request in all, then per part: each middleware on its own (the time
in it minus the time in what it calls), each context processor, the session and user
load, the template rendering, and (portal) the form's fields rendered on their own.
The parts are timed by wrapping Django's handler chain in this process only (a
measurement, not a test; it asserts nothing); the wrapping costs about a microsecond
a part, so the parts add up to a little more than the unwrapped total."""

from __future__ import annotations

import importlib
import os
import sys
import time
from collections import defaultdict

HVA = sys.argv[1] if len(sys.argv) > 1 else "portal"
ANTALL = int(sys.argv[2]) if len(sys.argv) > 2 else 300

os.environ.setdefault("DJANGO_SECRET_KEY", "profil-" + "x" * 60)
if HVA == "naken":
    os.environ["DJANGO_SETTINGS_MODULE"] = "utvikling.bench.naken"
    os.environ.setdefault(
        "BENCH_NAKEN_DATABASE_URL", os.environ["DATABASE_URL"].rsplit("?", 1)[0] + "_naken"
    )
else:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "velferdspilot.settings.production")
    os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")
    os.environ.setdefault("DJANGO_PORTAL_URL", "https://velferdspilot.example.no")
    os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "False")

import django  # noqa: E402

django.setup()

import django.contrib.auth  # noqa: E402
import django.core.handlers.base as handlers_base  # noqa: E402
from django.conf import settings  # noqa: E402
from django.template import engines  # noqa: E402
from django.template.response import SimpleTemplateResponse  # noqa: E402
from django.test import Client  # noqa: E402

tid: dict[str, float] = defaultdict(float)
stabel: list[float] = []  # the time of the parts called from the part now running


def _målt(navn: str, funksjon):
    """``funksjon`` timed as the part ``navn``: its time all in, and (``navn`` starting
    with ``mw:``) its own time, without the next middleware's."""

    def innpakket(*args, **kwargs):
        stabel.append(0.0)
        t0 = time.process_time()
        try:
            return funksjon(*args, **kwargs)
        finally:
            brukt = time.process_time() - t0
            inni = stabel.pop()
            tid[navn] += brukt - inni if navn.startswith("mw:") else brukt
            if navn.startswith("mw:") and stabel:
                stabel[-1] += brukt

    return innpakket


_konverter = handlers_base.convert_exception_to_response


def _konverter_målt(get_response):
    navn = getattr(get_response, "__qualname__", None) or type(get_response).__name__
    if hasattr(get_response, "get_response"):  # a middleware instance
        navn = type(get_response).__module__ + "." + type(get_response).__name__
    return _målt(f"mw:{navn}", _konverter(get_response))


handlers_base.convert_exception_to_response = _konverter_målt
django.contrib.auth.get_user = _målt("økt + bruker (get_user)", django.contrib.auth.get_user)
_okt = importlib.import_module(settings.SESSION_ENGINE).SessionStore
_okt.load = _målt("økt (SessionStore.load)", _okt.load)
SimpleTemplateResponse.render = _målt("malen i alt", SimpleTemplateResponse.render)
motor = engines["django"].engine
motor.template_context_processors = tuple(
    _målt(f"cp:{cp.__module__}.{cp.__name__}", cp) for cp in motor.template_context_processors
)


def main() -> None:
    client = Client()
    if HVA == "naken":
        from django.contrib.auth import get_user_model

        url = "/"
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(get_user_model().objects.get(username="naken"))
    else:
        from utvikling.bench.sider import TRIVIELL, sider

        side = next(s for s in sider() if s.navn == TRIVIELL)
        url = side.url
        client.force_login(side.bruker)
    for _ in range(20):
        if client.get(url).status_code != 200:
            raise SystemExit(f"{url}: not 200")
    tid.clear()
    c0 = time.process_time()
    for _ in range(ANTALL):
        client.get(url)
    alt = (time.process_time() - c0) * 1000 / ANTALL
    print(f"{HVA}: {alt:.2f} ms CPU per forespørsel ({ANTALL} varme, delene målt)")
    for navn, sek in sorted(tid.items(), key=lambda kv: -kv[1]):
        print(f"  {sek * 1000 / ANTALL:6.3f}  {navn}")
    if HVA != "naken":
        _skjema()
    print(f"  (cached template loader: {_bufret()})")


def _skjema() -> None:
    """The password form's fields rendered as the page renders them, on their own."""
    from django.contrib.auth.forms import PasswordChangeForm
    from django.template import Context, Template

    from kommuner.models import Bruker

    bruker = Bruker.objects.order_by("pk").first()
    kilde = open(settings.BASE_DIR / "templates/registration/password_change_form.html").read()
    felt = "{{ form|crispy }}" if "crispy" in kilde else "{% bootstrap_felter form %}"
    bibliotek = "crispy_forms_tags" if "crispy" in felt else "skjema"
    mal = Template("{% load " + bibliotek + " %}" + felt)
    for navn, data in (("GET", None), ("POST med feil", {"old_password": "x"})):
        skjema = PasswordChangeForm(bruker, data=data)
        skjema.errors  # noqa: B018 (validated before timing: the old password's hash)
        c0 = time.process_time()
        for _ in range(ANTALL):
            mal.render(Context({"form": skjema}))
        print(
            f"  {(time.process_time() - c0) * 1000 / ANTALL:6.3f}  "
            f"skjemaets felt ({felt}, {navn}, alene)"
        )


def _bufret() -> bool:
    from django.template.loaders.cached import Loader

    return any(isinstance(loader, Loader) for loader in engines["django"].engine.template_loaders)


if __name__ == "__main__":
    main()
