"""``manage.py analyse_bygg``: rebuild the analytics tables (``evaluering.analyse``)
from scratch (when a rule of the figures has changed), or with ``--bare-merket``
compute only the kommuner marked as changed (every kommune after the migration that
made the tables): run after ``migrate`` on deploy, so no reader pays for it."""

import time

from django.core.management.base import BaseCommand

from evaluering import analyse


class Command(BaseCommand):
    help = "Bygg analysetabellene (dashbordets tall per kommune og halvår) på nytt."

    def add_arguments(self, parser):
        parser.add_argument(
            "--bare-merket",
            action="store_true",
            help="Beregn bare kommunene som er merket som endret.",
        )

    def handle(self, *args, **options):
        t0 = time.monotonic()
        antall = analyse.oppdater_alle() if options["bare_merket"] else analyse.bygg()
        self.stdout.write(f"{antall} kommuner beregnet på {time.monotonic() - t0:.1f} s.")
