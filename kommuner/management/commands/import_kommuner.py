from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from felles.tabellfil import TabellfilError
from kommuner.register.services import kommuner_importer


class Command(BaseCommand):
    help = (
        "Leser SSBs kommuneliste (KLASS klassifikasjon 131, CSV med code og name, gjerne "
        "validFrom/validTo) og oppretter eller oppdaterer kommuner etter kommunenummer."
    )

    def add_arguments(self, parser):
        parser.add_argument("fil", help="CSV-fil eksportert fra KLASS")
        parser.add_argument(
            "--dry-run", action="store_true", help="Vis hva som ville blitt endret."
        )

    def handle(self, *args, fil, dry_run=False, **options):
        path = Path(fil)
        if not path.is_file():
            raise CommandError(f"Finner ikke filen {fil}.")
        try:
            rapport = kommuner_importer(data=path.read_bytes(), filnavn=path.name, dry_run=dry_run)
        except TabellfilError as exc:
            linjer = [str(exc)] + [f"Linje {n}: {m}" for n, m in exc.rader]
            raise CommandError("\n".join(linjer)) from exc
        for linje in rapport.opprettet:
            self.stdout.write(f"Ny: {linje}")
        for linje in rapport.endret:
            self.stdout.write(f"Endret: {linje}")
        for linje in rapport.hoppet_over:
            self.stdout.write(f"Hoppet over: {linje}")
        for linje in rapport.feil:
            self.stderr.write(f"Feil: {linje}")
        prefix = "(prøvekjøring, ingenting lagret) " if dry_run else ""
        self.stdout.write(
            self.style.SUCCESS(
                f"{prefix}{len(rapport.opprettet)} nye, {len(rapport.endret)} endret, "
                f"{rapport.uendret} uendret, {len(rapport.hoppet_over)} hoppet over, "
                f"{len(rapport.feil)} feil."
            )
        )
