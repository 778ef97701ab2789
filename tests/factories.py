"""factory_boy factories for plain rows. Where a rule must hold, tests use services."""

import factory
from django.contrib.auth.models import Group

from kommuner.fylker import ALLE_FYLKER
from kommuner.models import Bruker, Deltakelse, Etat, Kommune, Pilot

# Valid kommune numbers (a fylke's two digits, then 01-99) under the fylker that no test
# names by number: thousands of distinct kommuner before the sequence comes round again.
NAVNGITTE_FYLKER = {"03", "10", "18", "19", "20", "30", "31", "34", "46", "50"}
FRIE_KOMMUNENUMMER = [
    f"{fylke}{nr:02d}"
    for fylke in sorted(set(ALLE_FYLKER) - NAVNGITTE_FYLKER)
    for nr in range(1, 100)
]


class EtatFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Etat
        django_get_or_create = ["kortnavn"]

    kortnavn = factory.Sequence(lambda n: f"Etat {n}")
    navn = factory.LazyAttribute(lambda o: f"{o.kortnavn} (fullt navn)")
    type = Etat.Type.STATLIG


class KommuneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Kommune
        django_get_or_create = ["kommunenummer"]

    kommunenummer = factory.Sequence(lambda n: FRIE_KOMMUNENUMMER[n % len(FRIE_KOMMUNENUMMER)])
    navn = factory.Sequence(lambda n: f"Testkommune {n}")
    fylke = factory.LazyAttribute(lambda o: o.kommunenummer[:2])
    innbyggere = 10000


class PilotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pilot
        django_get_or_create = ["slug"]

    navn = factory.Sequence(lambda n: f"Pilot {n}")
    slug = factory.Sequence(lambda n: f"pilot-{n}")
    piloteier = factory.SubFactory(EtatFactory)
    start = factory.Faker("date_between", start_date="-5y", end_date="-1y")


class DeltakelseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Deltakelse

    pilot = factory.SubFactory(PilotFactory)
    kommune = factory.SubFactory(KommuneFactory)
    status = Deltakelse.Status.DELTAR


class BrukerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Bruker
        django_get_or_create = ["email"]
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.no")
    fullt_navn = factory.Sequence(lambda n: f"Person {n}")
    password = factory.django.Password("riktig-passord-123")

    @factory.post_generation
    def roller(self, create, extracted, **kwargs):
        if create and extracted:
            # get_or_create: transactional tests flush the groups the migration made.
            self.groups.set([Group.objects.get_or_create(name=name)[0] for name in extracted])
            self.__dict__.pop("roller", None)
