"""The national test-data generator (``generer_testdata``) at scale 0.01: the
proportions of a national pilot after ten years, every row marked, and no run on a
database with real data."""

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Sum
from django.test import Client

from evaluering.models import Mal, Maloppnaelse, Rapportperiode, Refleksjonssvar
from investering.models import Beslutning, Mote, Motedeltaker, Oppfolgingspunkt
from kommuner.models import Bruker, Deltakelse, Indikatorverdi, Kommune, Pilot
from kommuner.roller import Rolle
from tests.factories import BrukerFactory
from tilskudd.models import Pott, Soknad, Utbetaling, Vedtak
from utvikling import testdata


def generer(**kwargs):
    call_command("generer_testdata", skala=0.01, verbosity=0, **kwargs)


@pytest.mark.django_db
def test_scale_001_gives_the_national_proportions():
    generer()
    # 357 kommuner × 0.01 rounds up to the minimum of four.
    assert Kommune.objects.count() == 4
    assert Mote.objects.count() == 500
    assert Beslutning.objects.count() == 2 * 500
    assert Oppfolgingspunkt.objects.count() == 2 * 500
    assert Motedeltaker.objects.count() == 2 * 500
    assert Indikatorverdi.objects.count() == 2000
    assert Soknad.objects.count() == 200
    assert Vedtak.objects.count() == 120
    perioder = Rapportperiode.objects.count()
    assert perioder == 20  # ten years of half-years
    # A goal assessment per goal, half-year and kommune, plus the pilot as a whole.
    assert Maloppnaelse.objects.count() == Mal.objects.count() * perioder * (4 + 1)
    assert Refleksjonssvar.objects.exists()
    nasjonal = Pilot.objects.get(slug=testdata.NASJONAL_SLUG)
    assert Deltakelse.objects.filter(pilot=nasjonal, status="deltar").count() == 4
    for rolle in Rolle.values:
        assert Bruker.objects.filter(groups__name=rolle).exists(), rolle
    assert Bruker.objects.filter(groups__name=Rolle.KONTAKTPERSON).count() == 4


@pytest.mark.django_db
def test_generated_money_keeps_the_grant_rules():
    generer()
    for pott in Pott.objects.all():
        bundet = Vedtak.objects.filter(soknad__runde__pott=pott).aggregate(s=Sum("belop_innvilget"))
        tildelt = pott.tildelinger.aggregate(s=Sum("belop"))
        assert (bundet["s"] or 0) + (tildelt["s"] or 0) <= pott.total
    for vedtak in Vedtak.objects.filter(utfall="avslatt"):
        assert vedtak.belop_innvilget == 0
    for vedtak in Vedtak.objects.prefetch_related("utbetalinger"):
        assert sum(u.belop for u in vedtak.utbetalinger.all()) <= vedtak.belop_innvilget
    assert Utbetaling.objects.exists()
    assert not Mote.objects.filter(type="investeringskollegium", kommune__isnull=False).exists()


@pytest.mark.django_db
def test_every_generated_row_is_marked_and_the_scale_is_recorded():
    generer()
    assert testdata.ekte_data() == []
    assert not Bruker.objects.exclude(email__endswith="@testdata.invalid").exists()
    assert not Pilot.objects.exclude(slug__startswith="testdata-").exists()
    assert testdata.generert_skala() == 0.01


@pytest.mark.django_db
def test_refuses_a_database_with_a_real_kommune_and_adds_nothing(halden):
    with pytest.raises(CommandError, match="ikke er generert testdata \\(kommuner\\)"):
        generer()
    assert list(Kommune.objects.all()) == [halden]
    assert not Pilot.objects.exists()
    assert not Bruker.objects.exists()


@pytest.mark.django_db
def test_refuses_a_database_with_a_real_user():
    BrukerFactory(email="kari@nav.no")
    with pytest.raises(CommandError, match="brukere"):
        generer()
    assert not Kommune.objects.exists()


@pytest.mark.django_db
def test_refuses_to_replace_real_data_even_with_erstatt(halden):
    with pytest.raises(CommandError, match="ikke er generert testdata"):
        generer(erstatt=True)
    assert Kommune.objects.get() == halden


@pytest.mark.django_db
def test_second_run_needs_erstatt_and_then_makes_the_same_data_again():
    generer()
    moter = Mote.objects.count()
    with pytest.raises(CommandError, match="--erstatt"):
        generer()
    assert Mote.objects.count() == moter
    generer(erstatt=True)
    assert Mote.objects.count() == moter
    assert Kommune.objects.count() == 4
    assert testdata.ekte_data() == []


@pytest.mark.django_db
@pytest.mark.parametrize("skala", [0, 0.001, 1.5, -1])
def test_refuses_a_scale_outside_001_to_1(skala):
    with pytest.raises(CommandError, match="Skala må være mellom 0.01 og 1.0"):
        call_command("generer_testdata", skala=skala, verbosity=0)
    assert not Kommune.objects.exists()


@pytest.mark.django_db
def test_generated_users_can_log_in_with_the_given_password():
    generer(passord="generert-passord-123")
    kontakt = Bruker.objects.filter(groups__name=Rolle.KONTAKTPERSON).first()
    assert kontakt.check_password("generert-passord-123")
    assert kontakt.kommune is not None


@pytest.mark.django_db
def test_the_benchmarked_pages_answer_for_generated_users():
    """The pages ``make bench`` measures render on generated data (no timing here)."""
    from utvikling.bench import sider

    generer()
    for side in sider.sider():
        client = Client()
        if side.bruker:
            client.force_login(side.bruker)
        response = client.get(side.url)
        assert response.status_code == 200, (side.navn, side.url, response.status_code)
