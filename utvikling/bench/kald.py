"""In-process cold and warm times of the pages issue #23 names (``python -m
utvikling.bench.kald``, on the bench database: ``DATABASE_URL``): for each page the
CPU time and the queries of

- *kald*: the first request after a write to one kommune's data, with every
  per-process cache empty (as a new or recycled worker meets it);
- *varm*: the median of five requests after it, nothing changed.

And the knowledge package PDF (seconds, as an admin downloads it). CPU time is the
process's own (``time.process_time``: Python and the driver, not the database
server's), so it can be compared on a busy machine; wall time is printed beside it.
A measurement, not a test: it prints, it asserts nothing."""

from __future__ import annotations

import os
import statistics
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "velferdspilot.settings.dev")
django.setup()

from django.apps import apps  # noqa: E402
from django.core.cache import caches  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from evaluering.models import Rapportperiode  # noqa: E402
from felles import hurtigbuffer  # noqa: E402
from investering.models import Mote  # noqa: E402
from kommuner.models import Bruker, Kommune  # noqa: E402
from kommuner.roller import Rolle  # noqa: E402
from utvikling.testdata import NASJONAL_SLUG  # noqa: E402


def _bruker(rolle):
    return Bruker.objects.med_rolle(rolle).order_by("pk").first()


def _skriv(kommune) -> None:
    """One write to one kommune's meeting log, as a save through the admin would."""
    mote = Mote.objects.filter(kommune=kommune).order_by("pk").first()
    Mote.objects.filter(pk=mote.pk).update(tittel=mote.tittel, status=mote.status)
    # The update changes no figure, so it marks nothing in the analytics tables; a
    # real change would mark the kommune (evaluering.analyse), as here.
    try:
        endring = apps.get_model("evaluering", "AnalyseEndring")
    except LookupError:  # the code before the analytics tables
        return
    endring.objects.create(kommune_id=kommune.pk)


def _en(client, url) -> tuple[float, float, int, int]:
    with CaptureQueriesContext(connection) as q:
        c0, w0 = time.process_time(), time.perf_counter()
        svar = client.get(url)
        body = b"".join(svar.streaming_content) if svar.streaming else svar.content
        c1, w1 = time.process_time(), time.perf_counter()
    if svar.status_code != 200:
        raise RuntimeError(f"{url}: {svar.status_code}")
    return (c1 - c0) * 1000, (w1 - w0) * 1000, len(q.captured_queries), len(body)


def main() -> None:
    admin, styre = _bruker(Rolle.ADMIN), _bruker(Rolle.STYRINGSGRUPPE)
    halden = Kommune.objects.filter(navn="Halden").first() or Kommune.objects.order_by("pk").first()
    perioder = Rapportperiode.objects.filter(pilot__slug=NASJONAL_SLUG).order_by("-aar", "-halvaar")
    forrige = perioder[1]
    dash = reverse("evaluering:dashboard", args=[NASJONAL_SLUG]) + f"?periode={forrige.kode}"
    sider = [
        ("triviell", reverse("password_change"), admin),
        ("dashbord, hele landet", dash, styre),
        ("dashbord, fylke", dash + f"&fylke={halden.fylke}", styre),
        (
            f"kunnskapsgrunnlag ({halden.navn})",
            reverse("kommuner:kunnskapsgrunnlag", args=[halden.kommunenummer]),
            admin,
        ),
        ("tilskuddsoversikt", reverse("tilskudd:oversikt"), admin),
    ]
    annen = Kommune.objects.exclude(pk=halden.pk).filter(moter__isnull=False).first()
    print(
        f"{'side':32} {'kald CPU ms':>11} {'kald ms':>8} {'q':>3}  "
        f"{'varm CPU ms':>11} {'varm ms':>8} {'q':>3} {'KiB':>6}"
    )
    for navn, url, bruker in sider:
        client = Client()
        client.force_login(bruker)
        client.get(url)  # imports, templates: not what is measured
        kalde = []
        for skrevet in (halden, annen, halden):
            _skriv(skrevet)
            hurtigbuffer.tom()  # this process's copy and the shared one on Redis
            caches["default"].clear()
            kalde.append(_en(client, url))
        varme = [_en(client, url) for _ in range(5)]
        k = sorted(kalde)[1]
        v = sorted(varme)[2]
        print(
            f"{navn:32} {k[0]:11.1f} {k[1]:8.1f} {k[2]:3d}  "
            f"{v[0]:11.1f} {v[1]:8.1f} {v[2]:3d} {v[3] / 1024:6.0f}"
        )
    client = Client()
    client.force_login(admin)
    url = reverse("kommuner:kunnskapspakke_pdf", args=[halden.kommunenummer])
    tider = []
    for _ in range(2):
        c0, w0 = time.process_time(), time.perf_counter()
        svar = client.get(url)
        tider.append(((time.process_time() - c0), time.perf_counter() - w0, len(svar.content)))
    cpu, wall, n = min(tider)
    print(f"kunnskapspakke-PDF ({halden.navn}): CPU {cpu:.2f} s, {wall:.2f} s, {n / 1024:.0f} KiB")
    print(f"median of kald over three writes; load average {os.getloadavg()[0]:.1f}")
    _ = statistics


if __name__ == "__main__":
    main()
