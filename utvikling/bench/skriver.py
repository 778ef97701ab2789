"""One writing client of ``make bench``'s write mix (``kjor.skrivemiks``), a process of
its own: ``python -m utvikling.bench.skriver <nr>`` with the bench's environment
(production settings, the bench database). It writes indicator values (drafts in the
open period) and meetings in the national pilot, one after the other, through the
services, from ``klar`` on its output until SIGTERM, then prints how many writes it
made. It writes at most ``BENCH_SKRIV_PER_S`` a second (13: two writers make the 26
writes a second of issue #23's independent run; 0 is as fast as it can, which on two
cores is one core per writer). A measurement's load, not a test."""

from __future__ import annotations

import os
import random
import signal
import sys
import time
from datetime import timedelta
from decimal import Decimal

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "velferdspilot.settings.production")

import django  # noqa: E402

django.setup()

from django.core.exceptions import ValidationError  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from investering import services as investering_services  # noqa: E402
from kommuner.kunnskap import services as kunnskap_services  # noqa: E402
from kommuner.kunnskap.models import Indikator  # noqa: E402
from kommuner.models import Kommune, Pilot  # noqa: E402
from kommuner.roller import Rolle  # noqa: E402
from utvikling.bench.sider import _bruker  # noqa: E402
from utvikling.testdata import NASJONAL_SLUG  # noqa: E402

stopp = False
PER_S = float(os.environ.get("BENCH_SKRIV_PER_S", "13"))


def _stopp(*_args) -> None:
    global stopp
    stopp = True


def main(nr: int) -> None:
    signal.signal(signal.SIGTERM, _stopp)
    rng = random.Random(nr)  # noqa: S311 (test data)
    pilot = Pilot.objects.get(slug=NASJONAL_SLUG)
    kommuner = list(Kommune.objects.filter(deltakelser__pilot=pilot))
    indikatorer = list(Indikator.objects.filter(aktiv=True))
    periode = kunnskap_services.forfalte_perioder()[0]
    bruker = _bruker(Rolle.ADMIN)
    antall = 0
    print("klar", flush=True)
    t0 = time.monotonic()
    try:
        while not stopp:
            if PER_S:
                # Paced: the next pair of writes when its time has come.
                time.sleep(max(0.0, t0 + antall / PER_S - time.monotonic()))
            kommune = rng.choice(kommuner)
            try:
                kunnskap_services.indikatorverdi_upsert(
                    kommune=kommune,
                    indikator=rng.choice(indikatorer),
                    periode=periode,
                    verdi=Decimal(rng.randint(0, 1000)) / 10,
                    bruker=bruker,
                    send_inn=False,
                )
            except ValidationError:
                pass  # an approved value is locked: the write was still tried
            investering_services.mote_log(
                pilot=pilot,
                kommune=kommune,
                type="fremdriftsmote",
                start=timezone.now() - timedelta(days=rng.randint(1, 300)),
                skrevet_av=bruker,
                referat="Skrevet av benchmarkens skrivemiks.",
            )
            antall += 2
    finally:
        connection.close()
        print(antall, flush=True)


if __name__ == "__main__":
    main(int(sys.argv[1]))
