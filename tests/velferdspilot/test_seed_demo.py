import pytest
from django.core.management import CommandError, call_command

from evaluering.models import Mal
from investering.models import Beslutning, Mote, Oppfolgingspunkt, Regelhinder
from kommuner.kunnskap.models import Tiltak, Virkemiddel
from kommuner.models import Bruker, Deltakelse, Etat, Kommune, Pilot
from tilskudd.models import Pott, PottKilde, Tildeling, Tilskuddsordning

COUNTS = (
    Etat,
    Kommune,
    Pilot,
    Deltakelse,
    Bruker,
    Mote,
    Beslutning,
    Oppfolgingspunkt,
    Regelhinder,
    Tilskuddsordning,
    Pott,
    PottKilde,
    Tildeling,
    Tiltak,
    Virkemiddel,
    Mal,
)


def counts():
    return {model.__name__: model.objects.count() for model in COUNTS}


def test_seed_demo_is_idempotent_and_real(demo):
    first = counts()
    call_command("seed_demo", force=True, verbosity=0)
    assert counts() == first
    assert first["Kommune"] == 17
    assert first["Deltakelse"] == 17
    halden = Deltakelse.objects.get(pilot__slug="velferdspiloten-ostfold", kommune__navn="Halden")
    assert halden.investeringsleder.email == "leder.halden@demo.no"
    assert halden.investeringsleder_etat.kortnavn == "SF Oslo og Viken"
    assert str(halden.forankret) == "2018-09-19"
    assert halden.gjeldende_milepael == "Operativ"
    moss = Deltakelse.objects.get(kommune__kommunenummer="3103")
    assert moss.status == Deltakelse.Status.TAKKET_NEI
    assert Kommune.objects.get(kommunenummer="3107").innbyggere == 80867
    assert Deltakelse.objects.filter(pilot__slug="programfinansiering").count() == 12


@pytest.mark.parametrize(
    ("email", "roles"),
    [
        ("admin@demo.no", {"admin"}),
        ("leder.halden@demo.no", {"investeringsleder", "investeringsteam"}),
        ("kontakt.halden@demo.no", {"kontaktperson"}),
        ("styre@demo.no", {"styringsgruppe"}),
        ("forsker@demo.no", {"folgeforsker"}),
    ],
)
def test_seed_demo_users_have_their_roles_and_password(demo, email, roles):
    user = Bruker.objects.get(email=email)
    assert set(user.roller) == roles
    assert user.check_password("demo-passord-2026")


@pytest.mark.django_db
def test_seed_demo_refuses_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG er av"):
        call_command("seed_demo", verbosity=0)
    assert Kommune.objects.count() == 0
