"""Smoke check after a restore (deploy/gjenopprett.sh) or a deploy: the database
answers, every migration is applied, the main tables have rows, and every stored file
the database names (report PDFs, attachments) is in the media storage."""

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor

from evaluering.models import Statusrapport
from investering.models import Mote
from kommuner.models import Bruker, Kommune, Pilot
from kommuner.models import Vedlegg as KunnskapVedlegg
from tilskudd.models import Soknad
from tilskudd.models import Vedlegg as SoknadVedlegg

TABELLER = [Kommune, Pilot, Bruker, Mote, Soknad, Statusrapport]
FILER = [(Statusrapport, "pdf"), (KunnskapVedlegg, "fil"), (SoknadVedlegg, "fil")]


class Command(BaseCommand):
    help = "Røyktest etter gjenoppretting: database, migreringer, tabeller og filer."

    def handle(self, *args, **options):
        connection = connections[DEFAULT_DB_ALIAS]
        executor = MigrationExecutor(connection)
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
        if plan:
            raise CommandError(f"{len(plan)} migreringer er ikke kjørt.")
        for model in TABELLER:
            self.stdout.write(f"{model._meta.label}: {model.objects.count()}")
        if not Kommune.objects.exists() or not Bruker.objects.exists():
            raise CommandError("Databasen har ingen kommuner eller brukere.")
        mangler = []
        for model, felt in FILER:
            for obj in model.objects.exclude(**{felt: ""}).only("pk", felt).iterator():
                fil = getattr(obj, felt)
                if not fil.storage.exists(fil.name):
                    mangler.append(fil.name)
        if mangler:
            raise CommandError(
                f"{len(mangler)} filer mangler i lagringen, f.eks. {', '.join(mangler[:5])}"
            )
        self.stdout.write(self.style.SUCCESS("Røyktesten er bestått."))
