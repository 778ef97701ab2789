from datetime import date

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from evaluering import demo_data as evaluering_demo
from investering import demo_data as investering_demo
from kommuner import demo_data as data
from kommuner.kunnskap import demo_data as kunnskap_demo
from kommuner.models import Deltakelse
from kommuner.services import (
    bruker_upsert,
    deltakelse_upsert,
    etat_upsert,
    kommune_upsert,
    pilot_upsert,
)
from tilskudd import demo_data as tilskudd_demo
from velferdspilot import demo
from velferdspilot.demo import evaluering as demo_evaluering
from velferdspilot.demo import historikk as demo_historikk
from velferdspilot.demo import kunnskap as demo_kunnskap
from velferdspilot.demo import oversettelser as demo_oversettelser
from velferdspilot.demo import tid as demo_tid
from velferdspilot.demo import tilskudd as demo_tilskudd


class Command(BaseCommand):
    help = "Fyller databasen med demodata fra kildedokumentene. Kan kjøres flere ganger."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Kjør også når DEBUG er av (for eksempel på en testserver).",
        )

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG er av. seed_demo legger inn demobrukere med kjent passord; "
                "bruk --force hvis du virkelig vil det her."
            )
        with transaction.atomic():
            # Each app seeds its own part, in dependency order.
            self.seed()
        self.stdout.write(self.style.SUCCESS("Demodata er på plass."))

    def seed(self):
        siden = timezone.now()
        etater = {
            kortnavn: etat_upsert(kortnavn=kortnavn, navn=navn, type=type_)
            for kortnavn, navn, type_ in data.ETATER
        }
        kommuner = {}
        for nr, navn, innbyggere, aar in data.KOMMUNER:
            kommuner[nr], _created = kommune_upsert(
                kommunenummer=nr, navn=navn, innbyggere=innbyggere, innbyggere_aar=aar
            )
        piloter = {
            p["slug"]: pilot_upsert(**{**p, "piloteier": etater[p["piloteier"]]})
            for p in data.PILOTER
        }
        brukere = {}
        for email, navn, roller, etat, kommunenr, staff in data.BRUKERE:
            brukere[email] = bruker_upsert(
                email=email,
                fullt_navn=navn,
                roller=roller,
                password=data.DEMO_PASSORD,
                etat=etater.get(etat) if etat else None,
                kommune=kommuner.get(kommunenr) if kommunenr else None,
                is_staff=staff,
                is_superuser=staff,
            )
        ostfold = piloter["velferdspiloten-ostfold"]
        for nr, status, utfordring, etat, milepaeler in data.DELTAKELSER_OSTFOLD:
            deltakelse_upsert(
                pilot=ostfold,
                kommune=kommuner[nr],
                status=status,
                valgt_utfordring=utfordring,
                investeringsleder_etat=etater[etat] if etat else None,
                investeringsleder=brukere["leder.halden@demo.no"] if nr == "3101" else None,
                fase=data.FASE_5D.get(nr, ""),
                **{name: milepaeler.get(name) for name in data.ALLE_MILEPAELER},
            )
        for nr in data.PROGRAMFINANSIERING_KOMMUNER:
            deltakelse_upsert(
                pilot=piloter["programfinansiering"],
                kommune=kommuner[nr],
                status=Deltakelse.Status.DELTAR,
            )
        demo.seed_brukere(data.DEMO_PASSORD)
        # Sarpsborg writes nynorsk, Fredrikstad is neutral (demo choices), before any
        # letter to them is written.
        demo_oversettelser.maalform_sett()
        investering_demo.seed(self.stdout)
        self.stdout.write(
            f"{len(etater)} etater, {len(kommuner)} kommuner, {len(piloter)} piloter, "
            f"{Deltakelse.objects.count()} deltakelser, "
            f"{len(brukere) + len(demo.KONTAKTPERSONER)} demobrukere."
        )
        kunnskap_demo.seed(self.stdout)
        tilskudd_demo.seed(self.stdout)
        # What the sources give is in place; its history is dated in the pilots' time.
        demo_historikk.dater(siden)
        # The product at work on it (velferdspilot/demo): figures first, so that the
        # status report the evaluation seed publishes shows them.
        demo_kunnskap.seed(self.stdout, demo.KONTAKT)
        demo_tilskudd.seed(self.stdout)
        with demo_tid.i_pilotens_tid(demo_tid.kl(date(2020, 1, 14), "09:00")):
            evaluering_demo.seed(self.stdout)
        demo_evaluering.dater_statusrapport()
        demo_evaluering.seed(self.stdout)
        # The data's texts in nynorsk and English (the demo's own translations), dated
        # when the programme pilot's goals had been set.
        with demo_tid.i_pilotens_tid(demo_tid.kl(date(2020, 1, 15), "09:00")):
            demo_oversettelser.seed(self.stdout)
