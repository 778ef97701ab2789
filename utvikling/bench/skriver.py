"""One writing client of ``make bench``'s write mix (``kjor.skrivemiks``), a process of
its own: ``python -m utvikling.bench.skriver <nr>`` with the bench's environment
(production settings, the bench database). It writes indicator values (drafts in the
open period) and meetings in the national pilot's kommuner, one after the other, through
the services (``bench/skriving.py``), from ``klar`` on its output until SIGTERM, then
prints how many writes it made. It writes at most ``BENCH_SKRIV_PER_S`` a second (13:
two writers make the 26 writes a second of issue #23's independent run; 0 is as fast as
it can, which on two cores is one core per writer). A measurement's load, not a test."""

from __future__ import annotations

import os
import random
import signal
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "velferdspilot.settings.production")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402

from kommuner.models import Kommune  # noqa: E402
from utvikling.bench.skriving import Skriving  # noqa: E402

stopp = False
PER_S = float(os.environ.get("BENCH_SKRIV_PER_S", "13"))


def _stopp(*_args) -> None:
    global stopp
    stopp = True


def main(nr: int) -> None:
    signal.signal(signal.SIGTERM, _stopp)
    rng = random.Random()  # noqa: S311 (test data; a new seed each run, see kjor.kald)
    skriving = Skriving.les()
    kommuner = list(Kommune.objects.filter(deltakelser__pilot=skriving.pilot))
    antall = 0
    print("klar", flush=True)
    t0 = time.monotonic()
    try:
        while not stopp:
            if PER_S:
                # Paced: the next pair of writes when its time has come.
                time.sleep(max(0.0, t0 + antall / PER_S - time.monotonic()))
            antall += skriving.skriv(rng.choice(kommuner), rng)
    finally:
        connection.close()
        print(antall, flush=True)


if __name__ == "__main__":
    main(int(sys.argv[1]))
