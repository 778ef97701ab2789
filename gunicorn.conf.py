"""Gunicorn settings from the environment (the Dockerfile's CMD reads this file).

Defaults fit a 2-core machine serving the portal: 3 worker processes with 4 threads
each (pages wait on PostgreSQL, so threads help), a 60-second timeout (the slowest page
at national scale answers in well under a second; PDFs of whole reports are made by
Celery, not in a request), workers recycled after 1000 requests, and the app loaded
once before the workers are forked."""

import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "3"))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "1000"))
max_requests_jitter = 100
# The portal is loaded once, in the master, before the workers are forked: a new or
# recycled worker starts with Django, every view module, WeasyPrint and the
# translations already in memory (``velferdspilot/wsgi.py``'s warm-up runs there once),
# instead of importing them again. Recycling after ``max_requests`` used to cost each
# worker one to two seconds of CPU every thousand requests, a millisecond or more per
# request at full load. Nothing opens a connection while loading (the database, Redis
# and Celery connect on first use, in the worker). A deploy restarts the master (the
# container), so new code is always loaded.
preload_app = os.environ.get("GUNICORN_PRELOAD", "1") != "0"
# Behind the proxy that terminates TLS; it sets X-Forwarded-Proto. Only the proxy's own
# addresses are trusted for X-Forwarded-* (a comma-separated list): by default the same
# host only, never "*", or anyone who reaches the port could claim HTTPS.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
accesslog = "-"
errorlog = "-"


def pre_fork(server, worker):
    """Every object the master holds when it forks a worker (Django, the portal's
    modules and compiled templates, WeasyPrint: some 220 000 objects) is moved out of
    the garbage collector's sight (``gc.freeze``): they live as long as the worker,
    and a full collection in a worker traversed them all (75 ms, and on its first
    traversal after a fork copying every page they lie on, which the worker shared
    with the master). A worker's collections now see only what it made itself. A
    splice of the collector's lists, not a pass over the objects."""
    import gc

    gc.freeze()


def post_worker_init(worker):
    """A forked worker of the portal connects to the database and compiles its
    per-request queries before it accepts a request (``velferdspilot.wsgi.varm_arbeider``;
    the app is loaded by then, in the master or the worker). Another app served with
    this file (the bench's bare Django project) is left as it is."""
    import sys

    portal = sys.modules.get("velferdspilot.wsgi")
    if portal is not None:
        portal.varm_arbeider(worker)
    # What the warm-up made (the connection, the compiled queries) lives as long as
    # the worker too (see ``pre_fork``).
    import gc

    gc.freeze()
