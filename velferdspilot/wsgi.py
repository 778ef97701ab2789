import logging
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "velferdspilot.settings.production")

application = get_wsgi_application()
logger = logging.getLogger(__name__)


def varm_opp() -> None:
    """Load while the app is loaded, before a worker accepts a request, what its first
    request would otherwise pay: every view module (the URLconf; WeasyPrint alone takes
    a second or more to import), the translations and every template of the portal,
    compiled (the cached loader keeps them). Gunicorn loads the app once in its master
    and forks the workers from it (``preload_app``, gunicorn.conf.py), so a worker
    started on a deploy or after ``max_requests`` has all of it from its first request;
    without this the first request each new worker took paid 3-6 s on a busy 2-core
    machine, and a worker's first page still compiled its templates."""
    from importlib import import_module
    from pathlib import Path

    from django.apps import apps
    from django.conf import settings
    from django.contrib.auth import get_backends
    from django.core.signing import get_cookie_signer
    from django.template import engines
    from django.template.loader import get_template
    from django.urls import get_resolver
    from django.utils import formats, translation

    from velferdspilot.auth import PassordEndreSkjema
    from velferdspilot.templatetags.skjema import bootstrap_felter

    get_resolver().url_patterns  # noqa: B018 (imports every view)
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            translation.gettext("Velferdspilot")
            # The password form's fields, the same for everyone unbound, once per language.
            bootstrap_felter(PassordEndreSkjema(None))
            # The language's format modules (numbers and dates on every page), imported
            # on first use.
            formats.get_format("DATE_FORMAT")
            # The URLconf's reverse tables (the root's and each namespace's), built per
            # language on the first ``reverse`` (every page's menu): 60 ms of regular
            # expressions in each new worker's first request until built here.
            _reverstabeller(get_resolver())
    # What the first request otherwise imports or builds: the context processors, the
    # login backends, the messages' storage and the session's signer.
    engines["django"].engine.template_context_processors  # noqa: B018
    # Each model's fields and relations, worked out on first use (the ORM's first
    # query of a model in a worker); the relations of all models at once.
    for model in apps.get_models():
        model._meta.get_fields()
        model._meta.related_objects  # noqa: B018
    get_backends()
    import_module("django.contrib.messages.storage.fallback")
    # Imported by the meeting search's first query (``SearchQuery``), 14 ms.
    import_module("django.contrib.postgres.fields")
    import_module(settings.SESSION_ENGINE)
    get_cookie_signer()
    for mappe in settings.TEMPLATES[0]["DIRS"]:
        for sti in sorted(Path(mappe).rglob("*.html")):
            get_template(str(sti.relative_to(mappe)))


def _reverstabeller(resolver, navnerom: str = "") -> None:
    """The active language's reverse table of ``resolver`` and of each namespace under
    it: a namespaced name is reversed through a resolver of its own, made and kept on
    its first ``reverse`` (``django.urls.resolvers.get_ns_resolver``), so one name of
    each namespace is reversed (the arguments it lacks refuse it after the table is
    built)."""
    from django.urls import NoReverseMatch, reverse

    navn = next((n for n in resolver.reverse_dict if isinstance(n, str)), None)
    if navnerom and navn:
        try:
            reverse(f"{navnerom}:{navn}")
        except NoReverseMatch:
            pass
    for under_navn, (_prefiks, under) in resolver.namespace_dict.items():
        _reverstabeller(under, f"{navnerom}:{under_navn}" if navnerom else under_navn)


varm_opp()


def varm_arbeider(worker=None) -> None:
    """In each worker, once it has been forked and before its first request (gunicorn's
    ``post_worker_init``): what needs the worker's own connections. Gunicorn's threads
    (``worker.tpool``, the gthread worker) each open theirs here, as each request's
    thread would on its first request (Django's connections are per thread: one opened
    in the worker's own thread served no request), and every per-request query is
    compiled once (``felles.sporring``). Without a pool of threads (the sync worker)
    the worker's own thread does it. A database that does not answer is logged and
    leaves each thread to connect on its first request, as it would without this: an
    exception here fails the worker's boot, and gunicorn stops altogether when a worker
    fails to boot."""
    import threading

    traader = getattr(worker, "tpool", None)
    if traader is None:
        _varm_tilkobling()
        return
    antall = worker.cfg.threads
    # Every thread waits for the others before it connects, so each task runs on a
    # thread of its own (the pool starts a new one only when none is idle).
    sperre = threading.Barrier(antall, timeout=10)

    def i_traaden() -> None:
        try:
            sperre.wait()
        except threading.BrokenBarrierError:
            pass
        _varm_tilkobling()

    try:
        for oppgave in [traader.submit(i_traaden) for _ in range(antall)]:
            oppgave.result(timeout=60)
    except Exception:  # a connection that hangs: the worker starts anyway
        logger.exception("Arbeideren ble ikke varmet opp i tide.")


def _varm_tilkobling() -> None:
    """This thread's connections opened (the database's and the shared cache's,
    ``felles.hurtigbuffer.forbind``) and the per-request queries compiled; a failure
    logged."""
    from django.db import connection

    from felles.hurtigbuffer import forbind
    from felles.sporring import forbered_alle

    forbind()
    try:
        connection.ensure_connection()
        forbered_alle()
    except Exception:
        logger.exception(
            "Arbeideren ble ikke varmet opp (databasen svarer ikke?); den kobler til ved "
            "første forespørsel."
        )
