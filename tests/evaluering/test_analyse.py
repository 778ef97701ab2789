"""The analytics tables (``evaluering.analyse``) against the sources computed from
scratch, after a sequence of writes by every kind of path: services, bulk updates,
an import-like bulk insert, deletes, a kommune number change, a new half-year, a
truncate. Reads come between the writes, so marks are used up half-way and the later
ones must still find their way in."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from evaluering import analyse, kilder
from evaluering.models import AnalyseEndring, AnalyseIndikator, AnalyseKommune, Rapportperiode
from investering.models import Mote, Oppfolgingspunkt, Regelhinder
from investering.selectors import tall_per_kommune
from kommuner.models import Deltakelse, Indikator, Indikatorverdi, Kommune, Nullpunkt
from tests.factories import KommuneFactory
from tilskudd.models import Pott, Utbetaling, Vedtak
from tilskudd.selectors import per_kommune_i_periode

# PostgreSQL only (CI's database): the triggers are PostgreSQL's.


def _fra_grunnen() -> dict:
    """Every figure the tables hold, computed by the sources' own functions."""
    ut = {}
    for periode in Rapportperiode.objects.all():
        kommune_ids = sorted(
            Deltakelse.objects.filter(pilot_id=periode.pilot_id).values_list(
                "kommune_id", flat=True
            )
        )
        moter = tall_per_kommune(kommune_ids, periode.pilot_id, periode.start, periode.slutt)
        penger = per_kommune_i_periode(
            kommune_ids=kommune_ids,
            start=periode.start,
            slutt=periode.slutt,
            pilot_id=periode.pilot_id,
        )
        for k in kommune_ids:
            ut[("kommune", periode.pk, k)] = {**moter[k], **penger[k]}
        for indikator in Indikator.objects.all():
            siste, null = kilder._siste_og_nullpunkt(indikator.pk, kommune_ids, periode.slutt)
            ut[("indikator", periode.pk, indikator.pk)] = (siste, null)
    return ut


def _fra_tabellene() -> dict:
    ut = {}
    for periode in Rapportperiode.objects.all():
        kommune_ids = sorted(
            Deltakelse.objects.filter(pilot_id=periode.pilot_id).values_list(
                "kommune_id", flat=True
            )
        )
        tall = analyse.kommunetall(
            pilot_id=periode.pilot_id,
            kommune_ids=kommune_ids,
            aar=periode.aar,
            halvaar=periode.halvaar,
        )
        for k in kommune_ids:
            ut[("kommune", periode.pk, k)] = tall[k]
        for indikator in Indikator.objects.all():
            ut[("indikator", periode.pk, indikator.pk)] = analyse.indikatortall(
                indikator_id=indikator.pk, kommune_ids=kommune_ids, slutt=periode.slutt
            )
    return ut


def _lik() -> None:
    forventet = _fra_grunnen()
    faktisk = _fra_tabellene()
    assert faktisk.keys() == forventet.keys()
    ulike = [k for k in forventet if forventet[k] != faktisk[k]]
    assert not ulike, [(k, forventet[k], faktisk[k]) for k in ulike[:3]]


@pytest.fixture
def data(pilot_etter_ett_aar):
    return pilot_etter_ett_aar


def test_tables_equal_a_computation_from_scratch_after_every_kind_of_write(postgres, data):
    rng = random.Random(23)
    _lik()  # the service-made pilot: every mark made by its services
    kommuner = data.kommuner
    for steg in range(12):
        kommune = rng.choice(kommuner)
        valg = steg % 6
        if valg == 0:
            # a meeting moved to another kommune and to another half-year (admin edit)
            mote = Mote.objects.filter(kommune=kommune).order_by("?").first()
            if mote:
                mote.kommune = rng.choice(kommuner)
                mote.start = mote.start - timedelta(days=190)
                mote.save()
        elif valg == 1:
            # follow-up points closed in bulk, and one deleted
            Oppfolgingspunkt.objects.filter(mote__kommune=kommune).update(
                status=Oppfolgingspunkt.Status.LUKKET, lukket_dato=date(2024, 3, 1)
            )
        elif valg == 2:
            # values approved in bulk and a baseline changed (an import's bulk write)
            Indikatorverdi.objects.filter(kommune=kommune).update(
                status=Indikatorverdi.Status.GODKJENT
            )
            Nullpunkt.objects.filter(kommune=kommune).update(verdi=Decimal("1.5"))
            Indikatorverdi.objects.filter(kommune=kommune, periode="2025-H2").delete()
        elif valg == 3:
            # money: a decision amended by hand, a payment deleted, a pot moved in year
            Vedtak.objects.filter(soknad__kommune=kommune).update(belop_innvilget=12_345)
            Utbetaling.objects.filter(kommune=kommune).update(dato=date(2023, 2, 1))
            Pott.objects.filter(pilot=data.pilot).update(aar=2024)
        elif valg == 4:
            # a rule barrier lifted, a kommune number changed, a new kommune joins
            Regelhinder.objects.filter(kommune=kommune).update(status=Regelhinder.Status.LOFTET)
            Kommune.objects.filter(pk=kommune.pk).update(kommunenummer=f"9{steg:03d}")
            ny = KommuneFactory(kommunenummer=f"98{steg:02d}", navn=f"Ny {steg}")
            Deltakelse.objects.create(pilot=data.pilot, kommune=ny, status=Deltakelse.Status.DELTAR)
        else:
            # a new half-year for the pilot, and a participation ended
            siste = Rapportperiode.objects.filter(pilot=data.pilot).order_by("-aar", "-halvaar")[0]
            aar, halvaar = (siste.aar, 2) if siste.halvaar == 1 else (siste.aar + 1, 1)
            Rapportperiode.objects.create(pilot=data.pilot, aar=aar, halvaar=halvaar)
            Mote.objects.filter(kommune=kommune).update(start=timezone.now() - timedelta(days=3))
        if steg % 2:
            _lik()
    _lik()


def test_a_write_marks_only_the_kommuner_it_changed(postgres, data):
    analyse.oppdater_alle()
    halden, sarpsborg = data.kommuner[0], data.kommuner[1]
    mote = Mote.objects.filter(kommune=halden).first()
    # The minutes are not a figure: no mark.
    Mote.objects.filter(pk=mote.pk).update(referat="Nytt referat")
    assert not AnalyseEndring.objects.exists()
    # Moving the meeting marks the kommune it left and the one it came to.
    Mote.objects.filter(pk=mote.pk).update(kommune=sarpsborg)
    assert set(AnalyseEndring.objects.values_list("kommune_id", flat=True)) == {
        halden.pk,
        sarpsborg.pk,
    }
    # Reading Halden computes Halden again and leaves Sarpsborg's mark.
    analyse.oppdater([halden.pk])
    assert list(AnalyseEndring.objects.values_list("kommune_id", flat=True)) == [sarpsborg.pk]


def test_a_figure_of_several_reads_brings_its_kommuner_up_to_date_once(
    postgres, data, django_assert_num_queries
):
    """``analyse.ajour``: the kommuner are brought up to date on entering (a marked one
    computed), and the reads inside ask for no marks of their own; outside, each read
    asks again."""
    analyse.oppdater_alle()
    halden, sarpsborg = data.kommuner[0], data.kommuner[1]
    Mote.objects.filter(pk=Mote.objects.filter(kommune=halden).first().pk).update(kommune=sarpsborg)
    periode = data.periode
    args = {"pilot_id": periode.pilot_id, "aar": periode.aar, "halvaar": periode.halvaar}
    with analyse.ajour([halden.pk]):
        assert list(AnalyseEndring.objects.values_list("kommune_id", flat=True)) == [sarpsborg.pk]
        with django_assert_num_queries(1):  # the rows only
            analyse.kommunetall(kommune_ids=[halden.pk], **args)
        # Sarpsborg is not covered: its marks are read, and it is computed.
        analyse.oppdater([halden.pk, sarpsborg.pk])
        assert not AnalyseEndring.objects.exists()
    with django_assert_num_queries(2):  # the marks, the rows
        analyse.kommunetall(kommune_ids=[halden.pk], **args)
    _lik()


def test_reading_unchanged_figures_costs_two_queries(data, django_assert_num_queries):
    analyse.oppdater_alle()
    periode = data.periode
    ids = [k.pk for k in data.kommuner]
    # the marks of the kommuner asked for, their rows
    with django_assert_num_queries(2):
        analyse.kommunetall(
            pilot_id=periode.pilot_id, kommune_ids=ids, aar=periode.aar, halvaar=periode.halvaar
        )


def test_a_truncated_table_computes_every_kommune_again(postgres, data):
    analyse.oppdater_alle()
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE investering_regelhinder")
    assert AnalyseEndring.objects.filter(kommune_id__isnull=True).exists()
    _lik()
    assert not AnalyseEndring.objects.exists()


def test_rebuild_command_makes_the_tables_from_scratch(data):
    AnalyseKommune.objects.all().delete()
    AnalyseIndikator.objects.all().delete()
    call_command("analyse_bygg", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert not AnalyseEndring.objects.exists()
    assert AnalyseKommune.objects.exists()
    _lik()


def test_the_beat_task_computes_what_the_writes_marked(postgres, data, settings):
    from evaluering.tasks import analyse_oppdater

    assert settings.CELERY_BEAT_SCHEDULE["analyse-oppdater"]["task"] == (
        "evaluering.tasks.analyse_oppdater"
    )
    analyse.oppdater_alle()
    Mote.objects.filter(kommune=data.kommuner[0]).update(status=Mote.Status.PLANLAGT)
    assert analyse_oppdater.apply().get() == 1
    assert not AnalyseEndring.objects.exists()
    _lik()


def test_a_draft_value_marks_nothing_and_its_approval_marks_its_kommune(postgres, data):
    analyse.oppdater_alle()
    halden = data.kommuner[0]
    verdi = Indikatorverdi.objects.filter(kommune=halden).first()
    Indikatorverdi.objects.filter(pk=verdi.pk).update(status=Indikatorverdi.Status.UTKAST)
    assert list(AnalyseEndring.objects.values_list("kommune_id", flat=True)) == [halden.pk]
    analyse.oppdater_alle()
    Indikatorverdi.objects.filter(pk=verdi.pk).update(verdi=Decimal("99"))
    assert not AnalyseEndring.objects.exists()
    Indikatorverdi.objects.filter(pk=verdi.pk).update(status=Indikatorverdi.Status.GODKJENT)
    assert list(AnalyseEndring.objects.values_list("kommune_id", flat=True)) == [halden.pk]
    _lik()


def test_a_kommunes_version_grows_exactly_when_its_rows_change(postgres, data):
    """``analyse.stand`` (the key part of figures kept per kommune set) changes with a
    change to one of the kommuner's figures and with nothing else."""
    analyse.oppdater_alle()
    halden, sarpsborg = data.kommuner[0], data.kommuner[1]
    for_begge, for_sarpsborg = (
        analyse.stand([halden.pk, sarpsborg.pk]),
        analyse.stand([sarpsborg.pk]),
    )
    mote = Mote.objects.filter(kommune=halden, status=Mote.Status.GJENNOMFORT).first()
    # The minutes are not a figure; a status back and forth changes no row in the end.
    Mote.objects.filter(pk=mote.pk).update(referat="Nytt referat")
    Mote.objects.filter(pk=mote.pk).update(status=Mote.Status.PLANLAGT)
    Mote.objects.filter(pk=mote.pk).update(status=Mote.Status.GJENNOMFORT)
    assert AnalyseEndring.objects.filter(kommune_id=halden.pk).exists()
    assert analyse.stand([halden.pk, sarpsborg.pk]) == for_begge
    # A meeting no longer held: Halden's rows change, Sarpsborg's do not.
    Mote.objects.filter(pk=mote.pk).update(status=Mote.Status.PLANLAGT)
    assert analyse.stand([halden.pk, sarpsborg.pk]) != for_begge
    assert analyse.stand([sarpsborg.pk]) == for_sarpsborg
    # Another set of kommuner is another state, whatever their versions.
    assert analyse.stand([halden.pk]) != analyse.stand([sarpsborg.pk])
    # A queryset of kommune ids gives the same as the ids.
    assert analyse.stand(
        Kommune.objects.filter(pk=sarpsborg.pk).values_list("pk", flat=True)
    ) == analyse.stand([sarpsborg.pk])
    # A rebuild from scratch is a new version for every kommune.
    call_command("analyse_bygg", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert analyse.stand([sarpsborg.pk]) != for_sarpsborg
    _lik()
