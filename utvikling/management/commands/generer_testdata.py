"""``manage.py generer_testdata --skala 0.1``: fill the database with generated
national test data (see ``utvikling.testdata``)."""

import time

from django.core.management.base import BaseCommand, CommandError

from utvikling import testdata


class Command(BaseCommand):
    help = (
        "Fyller databasen med generert, tydelig merket testdata i nasjonal skala "
        "(357 kommuner og ti års arbeid ved skala 1.0). Nekter å kjøre på en database "
        "med ekte data."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--skala",
            type=float,
            default=0.1,
            help="Mellom 0.01 og 1.0; 1.0 er nasjonal skala (standard 0.1).",
        )
        parser.add_argument(
            "--erstatt",
            action="store_true",
            help="Slett generert testdata som finnes fra før og lag den på nytt.",
        )
        parser.add_argument(
            "--fro", type=int, default=1, help="Frø for tilfeldighetene (samme frø, samme data)."
        )
        parser.add_argument(
            "--alle-kommuner",
            action="store_true",
            help="Alle 357 kommuner i den nasjonale piloten uansett skala (resten etter skala).",
        )
        parser.add_argument(
            "--passord",
            default="",
            help="Passord for alle genererte brukere (uten: ingen kan logge inn med passord).",
        )

    def handle(self, *args, skala, erstatt, fro, passord, alle_kommuner, **options):
        start = time.monotonic()
        try:
            tellinger = testdata.generer(
                skala=skala,
                erstatt=erstatt,
                fro=fro,
                passord=passord,
                alle_kommuner=alle_kommuner,
                ut=self.stdout.write if options["verbosity"] > 0 else None,
            )
        except testdata.Nekt as e:
            raise CommandError(str(e)) from None
        if options["verbosity"] > 0:
            for navn, antall in sorted(tellinger.items()):
                self.stdout.write(f"{navn:>24} {antall:>9}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Generert testdata i skala {skala} på {time.monotonic() - start:.0f} s "
                f"({sum(tellinger.values())} rader)."
            )
        )
