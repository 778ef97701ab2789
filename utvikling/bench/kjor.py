"""``make bench``: generate (or reuse) national test data on PostgreSQL, serve it with
gunicorn and production settings on 127.0.0.1, and print for each main page its
throughput as a ratio to a trivial logged-in page, p50/p95 latency and query count.

Environment (all optional): ``BENCH_DB`` (the local database's name, default
``velferdspilot_bench``) or ``BENCH_DATABASE_URL``, ``BENCH_SKALA`` (1.0),
``BENCH_SEKUNDER`` per page (15), ``BENCH_MAKS`` requests per page (300) in each of
``BENCH_RUNDER`` rounds (3; the median round is shown),
``BENCH_TRADER`` concurrent clients (4), ``BENCH_PORT`` (8765; the bare Django project
answers on the next port), ``BENCH_PDF`` (0 leaves out the PDF part, ``bench/pdf.py``),
``BENCH_REDIS_URL`` (its workers' broker, default Redis database 14), ``BENCH_SKRIVERE``
writing clients in the write mix (2) and ``BENCH_SKRIV_PER_S`` each one's writes a second
(13; 0: as fast as it can, ``bench/skriver.py``), ``BENCH_EKSPORT``
(0 leaves out the meeting export, ``bench/eksport.py``), ``BENCH_KALD`` (0 leaves out
the cold times) and ``BENCH_KALD_RUNDER`` first requests per page (3; the median shown).
Requests go to 127.0.0.1 only, bounded in count and time.
This is a measurement, not a test: nothing here asserts on time."""

from __future__ import annotations

import http.client
import logging
import os
import secrets
import signal
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
# The database's name alone (BENCH_DB), or its whole address (BENCH_DATABASE_URL).
BENCH_DB = os.environ.get("BENCH_DB", "velferdspilot_bench")
DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL", f"postgres://postgres@127.0.0.1:5432/{BENCH_DB}"
)
# The bare Django project's database (``bench/naken.py``), on the same server.
NAKEN_DATABASE_URL = os.environ.get(
    "BENCH_NAKEN_DATABASE_URL", DATABASE_URL.rsplit("?", 1)[0] + "_naken"
)
SKALA = float(os.environ.get("BENCH_SKALA", "1.0"))
SEKUNDER = float(os.environ.get("BENCH_SEKUNDER", "15"))
MAKS = int(os.environ.get("BENCH_MAKS", "300"))
TRADER = int(os.environ.get("BENCH_TRADER", "4"))
PORT = int(os.environ.get("BENCH_PORT", "8765"))
NAKEN_PORT = PORT + 1
HOST = "127.0.0.1"
# The data shape: every kommune (357) in the national pilot whatever the scale.
ALLE_KOMMUNER = os.environ.get("BENCH_ALLE_KOMMUNER", "0") == "1"
# Each page's first request after a write, in a new worker (0 leaves it out).
KALD = os.environ.get("BENCH_KALD", "1") != "0"
# Writing clients of the write mix (0 leaves it out).
SKRIVERE = int(os.environ.get("BENCH_SKRIVERE", "2"))
# The meeting export, XLSX and CSV, from gunicorn (0 leaves it out; ``bench/eksport.py``).
EKSPORT = os.environ.get("BENCH_EKSPORT", "1") != "0"
# Each page measured in this many rounds, the pages in turn; its median round is shown.
RUNDER = int(os.environ.get("BENCH_RUNDER", "3"))
PDF = os.environ.get("BENCH_PDF", "1") != "0"
# Each page's cold time is the median of this many first requests (each in new
# workers, after a write): one such request is one sample of a new process's first
# moments, which vary by tens of milliseconds from one fork to the next.
KALD_RUNDER = int(os.environ.get("BENCH_KALD_RUNDER", "3"))


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
    from utvikling import testdata

    skala = testdata.generert_skala()
    form = " med alle kommuner" if ALLE_KOMMUNER else ""
    if skala == SKALA and testdata.generert_alle_kommuner() == ALLE_KOMMUNER:
        print(f"Bruker generert testdata som finnes (skala {skala}{form}).", flush=True)
    else:
        print(f"Genererer testdata i skala {SKALA}{form} …", flush=True)
        t0 = time.monotonic()
        valg = ["--alle-kommuner"] if ALLE_KOMMUNER else []
        # The generator's command lives in the development app (``utvikling``), which
        # production settings do not install: this one step runs with it added.
        manage(
            "generer_testdata",
            "--skala",
            str(SKALA),
            "--erstatt",
            "-v0",
            *valg,
            env={**env, "DJANGO_SETTINGS_MODULE": "utvikling.bench.innstillinger"},
        )
        print(f"  ferdig på {time.monotonic() - t0:.0f} s", flush=True)
    # As a deploy does after migrate: what the load marked is computed before serving.
    manage("analyse_bygg", "--bare-merket", env=env)
    # As the hourly beat task does: the stamps of finished transactions folded into one
    # row per group and part. Every run's cold pass and write mix add a row per group
    # for each of their transactions, and every kept page sums its groups' rows: left
    # unfolded, each run read more rows than the one before (a dashboard's two stamp
    # reads summed some 2 600 rows after three runs).
    from felles.datastand import komprimer

    print(f"  {komprimer()} stempelrader slått sammen (som beat-oppgaven hver time).")
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


def forbered_naken(env: dict[str, str]) -> str:
    """The bare Django project's database, user and session; returns its cookie."""
    navn = NAKEN_DATABASE_URL.rsplit("/", 1)[1]
    subprocess.run(  # noqa: S603 (fixed arguments)
        ["createdb", "-h", HOST, "-U", "postgres", navn],  # noqa: S607
        capture_output=True,
        check=False,
    )
    ut = subprocess.run(  # noqa: S603 (our own module, fixed arguments)
        [PYTHON, "-m", "utvikling.bench.naken"],
        env={**env, "BENCH_NAKEN_DATABASE_URL": NAKEN_DATABASE_URL},
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return ut.stdout.strip().splitlines()[-1]


def start_gunicorn(
    env: dict[str, str], *, app: str = "velferdspilot.wsgi", port: int = PORT, navn: str = ""
) -> subprocess.Popen:
    """Gunicorn with the production config (``gunicorn.conf.py``: its workers, threads
    and recycling after ``max_requests``), answering on ``port``."""
    logg = open(ROOT / "staticfiles" / f"bench-gunicorn{navn}.log", "w")  # noqa: SIM115
    proc = subprocess.Popen(  # noqa: S603 (our own gunicorn, fixed arguments)
        [str(Path(PYTHON).with_name("gunicorn")), app, "-c", "gunicorn.conf.py"],
        env={
            **env,
            "GUNICORN_BIND": f"{HOST}:{port}",
            "BENCH_NAKEN_DATABASE_URL": NAKEN_DATABASE_URL,
        },
        cwd=ROOT,
        stdout=logg,
        stderr=subprocess.STDOUT,
    )
    frist = time.monotonic() + 60
    while time.monotonic() < frist and proc.poll() is None:
        try:
            status, _ = hent("/helse/", "", port=port)
            # Ours, not another server left on the port (it would have another key).
            if status in (200, 503) and proc.poll() is None:
                return proc
        except OSError:
            time.sleep(0.5)
    proc.terminate()
    raise SystemExit(
        f"gunicorn svarte ikke på /helse/ innen 60 s (se staticfiles/bench-gunicorn{navn}.log)"
    )


def hent(url: str, cookie: str, *, port: int = PORT) -> tuple[int, float]:
    t0 = time.perf_counter()
    conn = http.client.HTTPConnection(HOST, port, timeout=120)
    try:
        conn.request("GET", url, headers={"Cookie": cookie} if cookie else {})
        response = conn.getresponse()
        response.read()
        return response.status, time.perf_counter() - t0
    finally:
        conn.close()


def mal(url: str, cookie: str, *, port: int = PORT) -> dict:
    """Bounded load on one page: at most MAKS requests or SEKUNDER seconds."""
    for _ in range(2):  # warm up every worker's caches a little
        hent(url, cookie, port=port)
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
                status, tid = hent(url, cookie, port=port)
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
        "maks": tider[-1] * 1000 if tider else float("nan"),
    }


def sporringer(side) -> tuple[int, float, float]:
    """The page's query count, in this process, against the same database (the steady
    state), its time in this process with nothing kept (``felles.datastand``): what
    the first request after a change to its data costs, and its size in KiB."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from felles import hurtigbuffer

    client = Client(SERVER_NAME=HOST)
    if side.bruker:
        client.force_login(side.bruker)
    client.get(side.url)  # warm-up
    kalde = []
    for _ in range(3):
        hurtigbuffer.tom()  # this process's copy and the shared one on Redis
        t0 = time.perf_counter()
        client.get(side.url)
        kalde.append(time.perf_counter() - t0)
    client.get(side.url)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(side.url)
    antall = len(ctx.captured_queries) if response.status_code == 200 else -response.status_code
    return antall, statistics.median(kalde) * 1000, len(response.content) / 1024


# One table of each group of ``felles.datastand``: a statement on it, even one that
# changes no row, gives the group a new stamp, as any committed write does.
DATASTAND_TABELLER = (
    "kommuner_kommune",
    "kommuner_indikatorverdi",
    "investering_mote",
    "tilskudd_vedtak",
    "evaluering_mal",
)


def skriv_til_alle_grupper() -> None:
    """A write under every figure the pages keep: what they see after it is cold. The
    statements stamp every group (``felles.datastand``), and the kommune with the most
    meetings (the pages' kommune) is marked changed in the analytics tables
    (``evaluering.analyse``), as a write to its data marks it: its figures are
    computed again by the first reader. (Team meetings have no kommune: counted as one,
    they outnumber every kommune's, and a mark without a kommune means "every kommune
    changed", the mark of a truncated table, which is not a write to one kommune.)"""
    from django.db import connection

    with connection.cursor() as cursor:
        for tabell in DATASTAND_TABELLER:
            cursor.execute(f"UPDATE {tabell} SET id = id WHERE false")  # noqa: S608 (fixed names)
        cursor.execute(
            "INSERT INTO evaluering_analyseendring (kommune_id) "
            "SELECT kommune_id FROM investering_mote WHERE kommune_id IS NOT NULL "
            "GROUP BY kommune_id ORDER BY count(*) DESC, kommune_id LIMIT 1"
        )


def _arbeidere(pid: int) -> set[int]:
    try:
        return {int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()}
    except OSError:
        return set()


def _cpu(pids: set[int]) -> int:
    """CPU ticks the processes ``pids`` have used so far."""
    total = 0
    for pid in pids:
        try:
            felt = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(felt[11]) + int(felt[12])  # utime, stime
    return total


def nye_arbeidere(gunicorn: subprocess.Popen, antall: int) -> None:
    """Gunicorn's ``antall`` workers replaced by new ones (HUP, as a deploy or its
    ``max_requests`` recycling does); back when the old ones are gone and the new ones
    have loaded the portal (their CPU time stands still: a worker accepts requests only
    after loading the app, and a request sent earlier would wait for that)."""
    gamle = _arbeidere(gunicorn.pid)
    gunicorn.send_signal(signal.SIGHUP)
    frist = time.monotonic() + 120
    forrige, rolig = -1, 0
    while time.monotonic() < frist:
        time.sleep(0.25)
        naa = _arbeidere(gunicorn.pid)
        nye = naa - gamle
        if len(nye) < antall or len(naa & gamle) > len(gamle) - antall:
            continue
        cpu = _cpu(nye)
        rolig = rolig + 1 if cpu == forrige else 0
        forrige = cpu
        if rolig >= 3:
            return


def kald(gunicorn: subprocess.Popen, alle, cookies: dict[str, str]) -> dict[str, dict]:
    """Each page's time (ms) as the first request after a write, in a new worker: the
    median of ``KALD_RUNDER`` such requests, the pages in turn, after each of two writes:

    - ``kald_ny``: a user's write in the pages' kommune through the services, as the
      write mix makes them (an indicator value and a meeting, ``bench/skriving.py``):
      issue #23's cold target;
    - ``kald_alle``: a statement on a table of every group (``skriv_til_alle_grupper``),
      as a bulk import or a change to the register and goals makes, which no user's
      single save does: every kept part of every page is computed again. Shown beside
      it, the worst case."""
    import random

    from utvikling.bench.sider import kommunen
    from utvikling.bench.skriving import Skriving

    skriving, kommune = Skriving.les(), kommunen()
    # A new seed each run: a value written again as it stands changes nothing.
    rng = random.Random()  # noqa: S311 (test data)
    skrivinger = {
        "kald_ny": lambda: skriving.skriv(kommune, rng),
        "kald_alle": skriv_til_alle_grupper,
    }
    tider = {navn: {side.navn: [] for side in alle} for navn in skrivinger}
    antall = int(os.environ.get("GUNICORN_WORKERS", "3"))  # gunicorn.conf.py's default
    for _runde in range(KALD_RUNDER):
        for side in alle:
            for navn, skriv in skrivinger.items():
                # Read once before the write, so that what is cold is what the write
                # changed, not what the write before it (another page's) changed.
                hent(side.url, cookies[side.navn])
                nye_arbeidere(gunicorn, antall)
                skriv()
                status, tid = hent(side.url, cookies[side.navn])
                tider[navn][side.navn].append(tid * 1000 if status == 200 else float("nan"))
    return {
        side.navn: {navn: statistics.median(t[side.navn]) for navn, t in tider.items()}
        for side in alle
    }


# The pages read while clients write (the write mix): those whose figures the writes
# make cold again, and the trivial page.
LESESIDER = (
    "nasjonalt dashbord (periode og fylke)",
    "kunnskapsgrunnlag",
    "kommuneside",
    "møteliste, første side",
)


def skrivemiks(alle, cookies: dict[str, str]) -> list[dict]:
    """Readers' p50/p95 on ``LESESIDER`` alone and under ``SKRIVERE`` writing clients.
    Each writer is a process of its own (``bench/skriver.py``), as another person's
    browser is: as threads of this process they took Python's lock from the readers'
    clients here, and the readers' times counted the writers' Python."""
    rader = []
    for side in alle:
        if side.navn not in LESESIDER:
            continue
        alene = mal(side.url, cookies[side.navn])
        skrivere = [
            subprocess.Popen(  # noqa: S603 (our own module, fixed arguments)
                [PYTHON, "-m", "utvikling.bench.skriver", str(i)],
                cwd=ROOT,
                stdout=subprocess.PIPE,
                text=True,
            )
            for i in range(SKRIVERE)
        ]
        try:
            for proc in skrivere:
                assert proc.stdout.readline().strip() == "klar"  # noqa: S101 (our own writer)
            t0 = time.monotonic()
            under = mal(side.url, cookies[side.navn])
            tid = time.monotonic() - t0
        finally:
            for proc in skrivere:
                proc.send_signal(signal.SIGTERM)
        antall = [int(proc.communicate(timeout=60)[0].split()[-1]) for proc in skrivere]
        rader.append(
            {
                "navn": side.navn,
                "alene": alene,
                "under": under,
                # The writes made while the readers read (a writer's count since "klar").
                "skriv_per_s": sum(antall) / tid,
            }
        )
    return rader


def median_runde(maalt: list[dict]) -> dict:
    """A page's round with the median throughput (its p50 and p95 with it), and every
    round's throughput (``runder``): gunicorn recycles a worker about every 330 requests
    (``max_requests`` 1000 ± 100, three workers), so one page's window of 300 holds a
    recycling or not by chance; the median of ``RUNDER`` windows shows the page, and
    every window where a recycling fell still counts in it."""
    ordnet = sorted(maalt, key=lambda r: r["per_s"])
    return {**ordnet[len(ordnet) // 2], "runder": [r["per_s"] for r in maalt]}


def maal(alle, resultater: dict, grunn: float) -> list[str]:
    """Issue #11's and #23's page targets against this run, one line each (met: «ja»)."""
    from utvikling.bench.sider import TRIVIELL

    sider = [s.navn for s in alle if s.navn not in (TRIVIELL, "helse")]
    sok = next((resultater[n] for n in sider if n.startswith("møtesøk")), None)

    def ja(ok: bool) -> str:
        return "ja" if ok else "NEI"

    def sidemaal(tekst: str, avvik: list[str], ord_: str = "under") -> str:
        """A target every page must meet, with the pages that do not."""
        return f"{tekst}: {ja(not avvik)}" + (f" ({ord_}: {', '.join(avvik)})" if avvik else "")

    def varm_under(forhold: float) -> list[str]:
        return [n for n in sider if resultater[n]["per_s"] / grunn < forhold]

    def kald_under(noekkel: str) -> list[str]:
        triviell = resultater[TRIVIELL][noekkel]
        return [n for n in sider if triviell / resultater[n][noekkel] < 0.25]

    linjer = [
        sidemaal("Mål: hver side ≥ 25 % av den trivielle", varm_under(0.25)),
        f"Mål: møtesøk p50 < 100 ms: {ja(sok is not None and sok['p50'] < 100)}",
        f"Mål: triviell side ≤ 3 spørringer: {ja(0 < resultater[TRIVIELL]['sporringer'] <= 3)}",
        f"Mål: /helse/ 1 spørring: {ja(resultater['helse']['sporringer'] == 1)}",
        sidemaal("Mål (#23): hver side ≥ 50 % av den trivielle, varm", varm_under(0.5)),
    ]
    if "kald_ny" in resultater[TRIVIELL]:
        linjer += [
            sidemaal(
                "Mål (#23): hver side ≥ 25 % av den trivielle, kald (ny arbeider, etter en "
                "brukers skriving i sidenes kommune)",
                kald_under("kald_ny"),
            ),
            sidemaal(
                "Ikke et mål, vist for det verste tilfellet: ≥ 25 % kald etter skriving i "
                "alle grupper",
                kald_under("kald_alle"),
            ),
        ]
    store = [n for n in sider if resultater[n]["kib"] > 200]
    linjer.append(sidemaal("Mål (#23): ingen side over 200 KiB", store, "over"))
    return linjer


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

    from utvikling.bench.sider import TRIVIELL, sider

    alle = sider()
    cookies = {side.navn: logg_inn(side.bruker) if side.bruker else "" for side in alle}
    naken_cookie = forbered_naken(env)
    gunicorn = start_gunicorn(env)
    try:
        naken = start_gunicorn(
            env, app="utvikling.bench.naken_wsgi", port=NAKEN_PORT, navn="-naken"
        )
    except BaseException:
        gunicorn.terminate()
        raise
    nakne = []
    try:
        runder: dict[str, list[dict]] = {side.navn: [] for side in alle}
        for runde in range(1, RUNDER + 1):
            for side in alle:
                print(f"  måler {side.navn} (runde {runde} av {RUNDER}) …", flush=True)
                if side.navn == TRIVIELL:  # side by side with the bare Django page
                    nakne.append(mal("/", naken_cookie, port=NAKEN_PORT))
                runder[side.navn].append(mal(side.url, cookies[side.navn]))
                if side.navn == TRIVIELL:
                    nakne.append(mal("/", naken_cookie, port=NAKEN_PORT))
        resultater = {navn: median_runde(maalt) for navn, maalt in runder.items()}
        eksport_linjer = []
        if EKSPORT:
            from utvikling.bench import eksport

            print("  måler møteeksporten (XLSX og CSV) …", flush=True)
            eksport_linjer = eksport.main(
                host=HOST,
                port=PORT,
                cookie=cookies[TRIVIELL],
                arbeidere=_arbeidere(gunicorn.pid),
            )
        pakke = None
        if PDF:
            from utvikling.bench import pdf

            print("  måler kunnskapspakken (PDF) fra gunicorn …", flush=True)
            pakke = pdf.kunnskapspakke(host=HOST, port=PORT, cookie=cookies[TRIVIELL])
        if KALD:
            print("  måler hver side kald (ny arbeider, etter en skriving) …", flush=True)
            for navn, tider in kald(gunicorn, alle, cookies).items():
                resultater[navn].update(tider)
        miks = []
        if SKRIVERE:
            print(f"  måler lesere alene og under {SKRIVERE} skrivende klienter …", flush=True)
            miks = skrivemiks(alle, cookies)
    finally:
        for proc in (gunicorn, naken):
            proc.terminate()
            proc.wait(timeout=30)
    for side in alle:
        r = resultater[side.navn]
        r["sporringer"], r["kald"], r["kib"] = sporringer(side)
    grunn = resultater[TRIVIELL]["per_s"] or 1.0
    form = ", én pilot med alle 357 kommuner" if ALLE_KOMMUNER else ""
    print()
    print(
        f"Skala {SKALA}{form}, {timezone.localdate():%d.%m.%Y}, gunicorn (gunicorn.conf.py), "
        f"{TRADER} samtidige klienter, inntil {MAKS} forespørsler eller {SEKUNDER:.0f} s per side."
    )
    print()
    print(
        "| side | målt | forespørsler/s | forhold til triviell | forhold per runde "
        "| p50 ms | p95 ms | spørringer | KiB | kald ms | kald, ny arbeider ms | forhold kald "
        "| kald etter skriving i alle grupper ms | forhold | feil |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    trivielle = resultater[TRIVIELL]["runder"]
    for side in alle:
        r = resultater[side.navn]
        kald_tekst = " | ".join(
            f"{r[n]:.0f} | {resultater[TRIVIELL][n] / r[n]:.3f}" if r.get(n) else "– | –"
            for n in ("kald_ny", "kald_alle")
        )
        per_runde = " / ".join(f"{p / t:.2f}" for p, t in zip(r["runder"], trivielle, strict=True))
        print(
            f"| {side.navn} | {r['antall']} | {r['per_s']:.1f} | {r['per_s'] / grunn:.3f} "
            f"| {per_runde} | {r['p50']:.0f} | {r['p95']:.0f} | {r['sporringer']} "
            f"| {r['kib']:.0f} | {r['kald']:.0f} | {kald_tekst} | {r['feil']} |"
        )
    naken_per_s = statistics.mean(n["per_s"] for n in nakne)
    naken_maalt = " og ".join(f"{n['per_s']:.1f}" for n in nakne)
    print()
    print(
        f"Naken innlogget Django-side (bench/naken.py), målt før og etter den trivielle: "
        f"{naken_maalt}"
        f" forespørsler/s (p50 {statistics.mean(n['p50'] for n in nakne):.0f} ms); "
        f"triviell / naken = {grunn / naken_per_s:.3f}"
    )
    if miks:
        print()
        print(f"Skrivemiks: lesere alene og under {SKRIVERE} skrivende klienter.")
        print()
        print(
            "| side | p50 alene | p95 alene | p50 under skriving | p95 under skriving "
            "| p95-forhold | skrivinger/s |"
        )
        print("|---|---:|---:|---:|---:|---:|---:|")
        for m in miks:
            a, u = m["alene"], m["under"]
            print(
                f"| {m['navn']} | {a['p50']:.0f} | {a['p95']:.0f} | {u['p50']:.0f} "
                f"| {u['p95']:.0f} | {u['p95'] / a['p95']:.2f} | {m['skriv_per_s']:.1f} |"
            )
    if eksport_linjer:
        print()
        for linje in eksport_linjer:
            print(linje)
    print()
    for linje in maal(alle, resultater, grunn):
        print(linje)
    print(
        f"Mål (#23): triviell side ≥ 0,6 av en naken innlogget Django-side: "
        f"{'ja' if grunn / naken_per_s >= 0.6 else 'NEI'} ({grunn / naken_per_s:.3f})"
    )
    if miks:
        verst = max(m["under"]["p95"] / m["alene"]["p95"] for m in miks)
        print(
            f"Mål (#23): lesernes p95 under {SKRIVERE} skrivende klienter ≤ 3 × alene: "
            f"{'ja' if verst <= 3 else 'NEI'} (høyest {verst:.2f}×)"
        )
    if PDF:
        from utvikling.bench import pdf

        pdf.main(env, pakke=pakke)


if __name__ == "__main__":
    main()
