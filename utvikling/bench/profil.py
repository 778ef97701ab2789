"""One page of ``make bench`` profiled in this process: ``python -m
utvikling.bench.profil "<page name prefix>" [kald|varm] [N]`` on the bench database
(``DATABASE_URL``), production settings, Django's test client.

Prints the page's CPU and wall time per request cold (every per-process cache of
``felles.datastand`` emptied first) and warm (nothing emptied), the queries of one
warm request, and with ``kald`` or ``varm`` a cProfile of N (20) such requests by
cumulative process time. A measurement for finding where a page's time goes, not a
test: it asserts nothing."""

from __future__ import annotations

import cProfile
import os
import pstats
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "velferdspilot.settings.production")
os.environ.setdefault("DJANGO_SECRET_KEY", "profil-" + "x" * 60)
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")
os.environ.setdefault("DJANGO_PORTAL_URL", "https://velferdspilot.example.no")
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "False")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from felles import hurtigbuffer  # noqa: E402
from utvikling.bench.sider import sider  # noqa: E402


def main() -> None:
    navn = sys.argv[1]
    modus = sys.argv[2] if len(sys.argv) > 2 else ""
    antall = int(sys.argv[3]) if len(sys.argv) > 3 else 20
    side = next(s for s in sider() if s.navn.startswith(navn))
    client = Client()
    if side.bruker:
        client.force_login(side.bruker)
    client.get(side.url)

    def kald():
        hurtigbuffer.tom()  # this process's copy and the shared one on Redis
        return client.get(side.url)

    def varm():
        return client.get(side.url)

    for hent in (kald, varm):
        for _ in range(3):
            hent()
        c0, w0 = time.process_time(), time.perf_counter()
        for _ in range(10):
            svar = hent()
        print(
            f"{side.navn} {hent.__name__}: {(time.process_time() - c0) * 100:.1f} ms CPU, "
            f"{(time.perf_counter() - w0) * 100:.1f} ms wall, {len(svar.content) // 1024} KiB"
        )
    with CaptureQueriesContext(connection) as ctx:
        varm()
    print(f"{len(ctx.captured_queries)} spørringer (varm):")
    for q in ctx.captured_queries:
        print(f"  {q['time']} {q['sql'][:160]}")
    if modus in ("kald", "varm"):
        hent = kald if modus == "kald" else varm
        profil = cProfile.Profile(time.process_time)
        profil.enable()
        for _ in range(antall):
            hent()
        profil.disable()
        pstats.Stats(profil).sort_stats("cumulative").print_stats(60)


if __name__ == "__main__":
    main()
