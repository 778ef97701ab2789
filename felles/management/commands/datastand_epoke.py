"""``manage.py datastand_epoke``: a new epoch for the kept figures (felles.datastand).
The restore script runs it after ``pg_restore``, so no running process serves a figure
it computed before the database was restored."""

from django.core.management.base import BaseCommand

from felles.datastand import epoke_ny


class Command(BaseCommand):
    help = "Ny epoke for hurtigbufrede tall (etter gjenoppretting av databasen)."

    def handle(self, *args, **options):
        epoke_ny()
        self.stdout.write("Ny epoke for hurtigbufrede tall.")
