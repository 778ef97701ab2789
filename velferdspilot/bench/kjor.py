"""``make bench``: generate (or reuse) national test data on PostgreSQL, serve it with
gunicorn and production settings on 127.0.0.1, and print for each main page its
throughput as a ratio to a trivial logged-in page, p50/p95 latency and query count.

Environment (all optional): ``BENCH_DATABASE_URL`` (default the local database
``velferdspilot_bench``), ``BENCH_SKALA`` (1.0), ``BENCH_SEKUNDER`` per page (15),
``BENCH_MAKS`` requests per page (300), ``BENCH_TRADER`` concurrent clients (4),
``BENCH_PORT`` (8765), ``BENCH_PDF`` (0 leaves out the PDF part, ``bench/pdf.py``),
``BENCH_REDIS_URL`` (its workers' broker, default Redis database 14).
Requests go to 127.0.0.1 only, bounded in count and time.
This is a measurement, not a test: nothing here asserts on time."""

from __future__ import annotations

import http.client
import logging
import os
import secrets
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/velferdspilot_bench"
)
SKALA = float(os.environ.get("BENCH_SKALA", "1.0"))
SEKUNDER = float(os.environ.get("BENCH_SEKUNDER", "15"))
MAKS = int(os.environ.get("BENCH_MAKS", "300"))
TRADER = int(os.environ.get("BENCH_TRADER", "4"))
PORT = int(os.environ.get("BENCH_PORT", "8765"))
HOST = "127.0.0.1"


def miljo() -> dict[str, str]:
    """Production settings for plain http on 127.0.0.1 (the benchmark's own key)."""
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "velferdspilot.settings.production",
            "DJANGO_SECRET_KEY": env.get("BENCH_SECRET_KEY") or secrets.token_urlsafe(64),
            "DJANGO_PORTAL_URL": "https://velferdspilot.example.no",
            "DJANGO_ALLOWED_HOSTS": HOST,
            "DJANGO_SECURE_SSL_REDIRECT": "False",
            # Its sessions are password logins' (logg_inn); production has them off.
            "DJANGO_PASSWORD_LOGIN": "True",
            "DATABASE_URL": DATABASE_URL,
            # The PDF part's workers (bench/pdf.py): a Redis database of their own.
            "REDIS_URL": os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14"),
        }
    )
    env["BENCH_SECRET_KEY"] = env["DJANGO_SECRET_KEY"]
    return env


def manage(*args: str, env: dict[str, str]) -> None:
    subprocess.run(  # noqa: S603 (our own manage.py, fixed arguments)
        [PYTHON, str(ROOT / "manage.py"), *args], env=env, check=True, cwd=ROOT
    )


def forbered(env: dict[str, str]) -> None:
    """Migrate, generate the data unless it is there at this scale, collect static."""
    manage("migrate", "--noinput", "-v0", env=env)
    from velferdspilot import testdata

    skala = testdata.generert_skala()
    if skala == SKALA:
        print(f"Bruker generert testdata som finnes (skala {skala}).", flush=True)
    else:
        print(f"Genererer testdata i skala {SKALA} …", flush=True)
        t0 = time.monotonic()
        manage("generer_testdata", "--skala", str(SKALA), "--erstatt", "-v0", env=env)
        print(f"  ferdig på {time.monotonic() - t0:.0f} s", flush=True)
    if not (ROOT / "staticfiles" / "staticfiles.json").exists():
        manage("collectstatic", "--noinput", "-v0", env=env)


def logg_inn(bruker) -> str:
    """A session for ``bruker`` (as a login makes it); returns the cookie header."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    store = SessionStore()
    store[SESSION_KEY] = str(bruker.pk)
    # The password backend (the one a login through the form records; miljo() keeps
    # password login on for the benchmark).
    store[BACKEND_SESSION_KEY] = "kommuner.backends.RolleBackend"
    store[HASH_SESSION_KEY] = bruker.get_session_auth_hash()
    store.create()
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}"


def start_gunicorn(env: dict[str, str]) -> subprocess.Popen:
    logg = open(ROOT / "staticfiles" / "bench-gunicorn.log", "w")  # noqa: SIM115
    proc = subprocess.Popen(  # noqa: S603 (our own gunicorn, fixed arguments)
        [str(Path(PYTHON).with_name("gunicorn")), "velferdspilot.wsgi", "-c", "gunicorn.conf.py"],
        env={**env, "GUNICORN_BIND": f"{HOST}:{PORT}"},
        cwd=ROOT,
        stdout=logg,
        stderr=subprocess.STDOUT,
    )
    frist = time.monotonic() + 60
    while time.monotonic() < frist:
        try:
            status, _ = hent("/helse/", "")
            if status in (200, 503):
                return proc
        except OSError:
            time.sleep(0.5)
    proc.terminate()
    raise SystemExit(
        "gunicorn svarte ikke på /helse/ innen 60 s (se staticfiles/bench-gunicorn.log)"
    )


def hent(url: str, cookie: str) -> tuple[int, float]:
    t0 = time.perf_counter()
    conn = http.client.HTTPConnection(HOST, PORT, timeout=120)
    try:
        conn.request("GET", url, headers={"Cookie": cookie} if cookie else {})
        response = conn.getresponse()
        response.read()
        return response.status, time.perf_counter() - t0
    finally:
        conn.close()


def mal(url: str, cookie: str) -> dict:
    """Bounded load on one page: at most MAKS requests or SEKUNDER seconds."""
    for _ in range(2):  # warm up every worker's caches a little
        hent(url, cookie)
    tider: list[float] = []
    feil = 0
    startet = 0
    lock = threading.Lock()
    stopp = time.monotonic() + SEKUNDER
    t0 = time.monotonic()

    def klient():
        nonlocal feil, startet
        while time.monotonic() < stopp:
            with lock:
                if startet >= MAKS:
                    return
                startet += 1
            try:
                status, tid = hent(url, cookie)
            except OSError:
                status, tid = 0, 0.0
            with lock:
                if status == 200:
                    tider.append(tid)
                else:
                    feil += 1

    traader = [threading.Thread(target=klient) for _ in range(TRADER)]
    for t in traader:
        t.start()
    for t in traader:
        t.join()
    varighet = time.monotonic() - t0
    tider.sort()
    return {
        "antall": len(tider),
        "feil": feil,
        "per_s": len(tider) / varighet if varighet else 0.0,
        "p50": statistics.median(tider) * 1000 if tider else float("nan"),
        "p95": tider[min(len(tider) - 1, int(len(tider) * 0.95))] * 1000 if tider else float("nan"),
    }


def sporringer(side) -> tuple[int, float]:
    """The page's query count, in this process, against the same database (the steady
    state), and its time in this process with nothing kept (``felles.datastand``): what
    the first request after a change to its data costs."""
    from django.core.cache import caches
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(SERVER_NAME=HOST)
    if side.bruker:
        client.force_login(side.bruker)
    client.get(side.url)  # warm-up
    kalde = []
    for _ in range(3):
        caches["datastand"].clear()
        t0 = time.perf_counter()
        client.get(side.url)
        kalde.append(time.perf_counter() - t0)
    client.get(side.url)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(side.url)
    antall = len(ctx.captured_queries) if response.status_code == 200 else -response.status_code
    return antall, statistics.median(kalde) * 1000


def maal(alle, resultater: dict, grunn: float) -> list[str]:
    """Issue #11's page targets against this run, one line each (met: «ja»)."""
    from velferdspilot.bench.sider import TRIVIELL

    sider = [s.navn for s in alle if s.navn not in (TRIVIELL, "helse")]
    svake = [n for n in sider if resultater[n]["per_s"] / grunn < 0.25]
    sok = next((resultater[n] for n in sider if n.startswith("møtesøk")), None)

    def ja(ok: bool) -> str:
        return "ja" if ok else "NEI"

    return [
        f"Mål: hver side ≥ 25 % av den trivielle: {ja(not svake)}"
        + (f" (under: {', '.join(svake)})" if svake else ""),
        f"Mål: møtesøk p50 < 100 ms: {ja(sok is not None and sok['p50'] < 100)}",
        f"Mål: triviell side ≤ 3 spørringer: {ja(0 < resultater[TRIVIELL]['sporringer'] <= 3)}",
        f"Mål: /helse/ 1 spørring: {ja(resultater['helse']['sporringer'] == 1)}",
    ]


def main() -> None:
    env = miljo()
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    # Each in-process login (for the query counts) would log three lines.
    logging.getLogger("axes").setLevel(logging.WARNING)
    forbered(env)
    from django.utils import timezone

    from velferdspilot.bench.sider import TRIVIELL, sider

    alle = sider()
    cookies = {side.navn: logg_inn(side.bruker) if side.bruker else "" for side in alle}
    gunicorn = start_gunicorn(env)
    try:
        resultater = {}
        for side in alle:
            print(f"  måler {side.navn} …", flush=True)
            resultater[side.navn] = mal(side.url, cookies[side.navn])
    finally:
        gunicorn.terminate()
        gunicorn.wait(timeout=30)
    for side in alle:
        resultater[side.navn]["sporringer"], resultater[side.navn]["kald"] = sporringer(side)
    grunn = resultater[TRIVIELL]["per_s"] or 1.0
    print()
    print(
        f"Skala {SKALA}, {timezone.localdate():%d.%m.%Y}, gunicorn (gunicorn.conf.py), "
        f"{TRADER} samtidige klienter, inntil {MAKS} forespørsler eller {SEKUNDER:.0f} s per side."
    )
    print()
    print(
        "| side | målt | forespørsler/s | forhold til triviell | p50 ms | p95 ms "
        "| spørringer | kald ms | feil |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for side in alle:
        r = resultater[side.navn]
        print(
            f"| {side.navn} | {r['antall']} | {r['per_s']:.1f} | {r['per_s'] / grunn:.3f} "
            f"| {r['p50']:.0f} | {r['p95']:.0f} | {r['sporringer']} | {r['kald']:.0f} "
            f"| {r['feil']} |"
        )
    print()
    for linje in maal(alle, resultater, grunn):
        print(linje)
    if os.environ.get("BENCH_PDF", "1") != "0":
        from velferdspilot.bench import pdf

        pdf.main(env)


if __name__ == "__main__":
    main()
