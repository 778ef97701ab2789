"""``manage.py analyse_bygg``: rebuild the analytics tables (``evaluering.analyse``)
from scratch, e.g. after a restore or when a rule of the figures has changed."""

import time

from django.core.management.base import BaseCommand

from evaluering import analyse


class Command(BaseCommand):
    help = "Bygg analysetabellene (dashbordets tall per kommune og halvår) på nytt."

    def handle(self, *args, **options):
        t0 = time.monotonic()
        antall = analyse.bygg()
        self.stdout.write(f"{antall} kommuner beregnet på {time.monotonic() - t0:.1f} s.")
