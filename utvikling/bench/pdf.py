"""The PDF half of ``make bench``, on the same generated data:

- the national half-year report, rendered in this process as the worker does it: its
  pages per second and the share of the time spent assembling the data;
- the one-kommune status PDF of the kommune with the most meetings, and its knowledge
  package (``kunnskapspakke.pdf``, made in the request) as an admin downloads it from
  the portal's gunicorn (``kunnskapspakke``, called by ``bench/kjor.py`` while it runs);
- a batch of one-kommune PDFs through real Celery workers on Redis (``BENCH_REDIS_URL``,
  default a database of its own on the local Redis), ordered the way the portal orders
  them (``kommunestatus_bestill_alle``: one outbox job per kommune), with one worker and
  then two, each a separate process with one slot: the speed-up of the second.

A measurement, not a test: it prints, it asserts nothing."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BATCH = int(os.environ.get("BENCH_PDF_BATCH", "60"))


def nasjonal_rapport(periode) -> dict:
    """Render the national report as ``statusrapport_render`` does (data, template,
    WeasyPrint), timing the data assembly apart."""
    from django.template.loader import render_to_string
    from weasyprint import HTML

    from evaluering.services import report_context
    from felles.pdf import BASE_URL, StaticOnlyURLFetcher

    t0 = time.monotonic()
    context = report_context(periode=periode)
    t1 = time.monotonic()
    html = render_to_string("pdf/statusrapport.html", {**context, "rapport": None})
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=StaticOnlyURLFetcher()).render()
    document.write_pdf()
    t2 = time.monotonic()
    return {"sider": len(document.pages), "sekunder": t2 - t0, "data": t1 - t0}


def en_kommune(periode, kommune) -> float:
    from evaluering.services import kommunestatus_render

    t0 = time.monotonic()
    kommunestatus_render(periode_id=periode.pk, kommune_id=kommune.pk)
    return time.monotonic() - t0


def kunnskapspakke(*, host: str, port: int, cookie: str) -> tuple[float, int]:
    """The knowledge package PDF of the kommune with the most meetings as an admin
    (``cookie``) downloads it from the portal's gunicorn (made in the request, in a
    worker as production runs it): seconds and bytes, the fastest of three."""
    import http.client

    from django.urls import reverse

    from utvikling.bench.sider import kommunen

    kommune = kommunen()
    url = reverse("kommuner:kunnskapspakke_pdf", args=[kommune.kommunenummer])
    tider = []
    for _ in range(3):
        t0 = time.monotonic()
        conn = http.client.HTTPConnection(host, port, timeout=120)
        try:
            conn.request("GET", url, headers={"Cookie": cookie})
            response = conn.getresponse()
            innhold = response.read()
        finally:
            conn.close()
        if response.status != 200:
            raise SystemExit(f"{url} svarte {response.status}")
        tider.append((time.monotonic() - t0, len(innhold)))
    return min(tider)


def _start_arbeider(navn: str, env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen(  # noqa: S603 (our own worker, fixed arguments)
        [
            str(Path(sys.executable).parent / "celery"),
            "-A",
            "velferdspilot",
            "worker",
            "--concurrency=1",
            "--pool=prefork",
            "--without-gossip",
            "--without-mingle",
            "--loglevel=WARNING",
            "-n",
            f"{navn}@bench",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _vent_til_ferdig(jobb_ids: list[int], grense: float) -> float | None:
    from felles.models import Jobb

    t0 = time.monotonic()
    while time.monotonic() - t0 < grense:
        ventende = (
            Jobb.objects.filter(pk__in=jobb_ids)
            .exclude(status__in=[Jobb.Status.FERDIG, Jobb.Status.FEILET])
            .count()
        )
        if not ventende:
            return time.monotonic() - t0
        time.sleep(0.2)
    return None


def arbeidere(periode, antall: int, env: dict[str, str]) -> float | None:
    """Seconds for ``antall`` single-slot workers to render the first ``BATCH`` kommuner's
    PDFs, ordered as the portal orders them (one outbox job each)."""
    from django.db import transaction

    from felles.jobber import legg_i_ko
    from kommuner.models import Deltakelse

    prosesser = [_start_arbeider(f"bench{i}", env) for i in range(antall)]
    try:
        time.sleep(6)  # the workers connect to the broker
        kommune_ids = list(
            Deltakelse.objects.filter(pilot_id=periode.pilot_id, status=Deltakelse.Status.DELTAR)
            .order_by("kommune__navn")
            .values_list("kommune_id", flat=True)[:BATCH]
        )
        with transaction.atomic():
            jobber = [
                legg_i_ko("evaluering.tasks.kommunestatus_render", periode.pk, kommune_id).pk
                for kommune_id in kommune_ids
            ]
        return _vent_til_ferdig(jobber, grense=900)
    finally:
        for p in prosesser:
            p.terminate()
        for p in prosesser:
            p.wait(timeout=60)


def main(env: dict[str, str], *, pakke: tuple[float, int]) -> None:
    """The PDFs' table; ``pakke`` is the knowledge package as ``kunnskapspakke``
    measured it while the portal's gunicorn ran."""
    import redis
    from django.conf import settings

    from evaluering.models import Rapportperiode
    from utvikling.bench.sider import kommunen
    from utvikling.testdata import NASJONAL_SLUG

    perioder = Rapportperiode.objects.filter(pilot__slug=NASJONAL_SLUG).order_by("-aar", "-halvaar")
    periode = perioder[1] if perioder.count() > 1 else perioder.first()
    kommune = kommunen()

    print(f"  PDF-er for {periode} …", flush=True)
    rapport = nasjonal_rapport(periode)
    en = min(en_kommune(periode, kommune) for _ in range(3))
    if not settings.REDIS_URL:
        print("Ingen broker (REDIS_URL): arbeidermålingen hoppes over.")
        tider = {}
    else:
        redis.Redis.from_url(settings.REDIS_URL).flushdb()
        tider = {n: arbeidere(periode, n, env) for n in (1, 2)}
    print()
    print(f"PDF-er, skala {os.environ.get('BENCH_SKALA', '1.0')}, periode {periode}:")
    print()
    print("| måling | resultat |")
    print("|---|---|")
    print(
        f"| nasjonal halvårsrapport | {rapport['sider']} sider på {rapport['sekunder']:.1f} s = "
        f"{rapport['sider'] / rapport['sekunder']:.1f} sider/s; datainnhenting "
        f"{rapport['data']:.2f} s ({rapport['data'] / rapport['sekunder']:.0%}) |"
    )
    print(f"| én kommunes status-PDF ({kommune.navn}) | {en:.2f} s |")
    print(f"| kunnskapspakke-PDF ({kommune.navn}) | {pakke[0]:.2f} s, {pakke[1] // 1024} KB |")
    if tider.get(1) and tider.get(2):
        print(
            f"| {BATCH} kommune-PDF-er, 1 arbeider / 2 arbeidere | {tider[1]:.1f} s / "
            f"{tider[2]:.1f} s = {tider[1] / tider[2]:.2f}× |"
        )
    elif tider:
        print(f"| {BATCH} kommune-PDF-er | ikke ferdig innen 15 min: {tider} |")

    def ja(ok: bool) -> str:
        return "ja" if ok else "NEI"

    print()
    print(f"Mål: nasjonal rapport ≥ 5 sider/s: {ja(rapport['sider'] / rapport['sekunder'] >= 5)}")
    print(f"Mål: datainnhenting ≤ 10 %: {ja(rapport['data'] <= 0.1 * rapport['sekunder'])}")
    print(f"Mål: én kommunes status-PDF ≤ 1 s: {ja(en <= 1)}")
    print(f"Mål: kunnskapspakke ≤ 3 s: {ja(pakke[0] <= 3)}")
    if tider.get(1) and tider.get(2):
        print(f"Mål: 2 arbeidere ≥ 1,7× én: {ja(tider[1] / tider[2] >= 1.7)}")
