"""The writers' head start on the analytics tables (``evaluering.analyse``): a committed
write of a row with its own kommune is computed by the writer right after its commit,
so the next reader finds nothing marked; what the writer leaves (a rollback, a bulk
change of many kommuner, a computation that fails) stays marked for the readers, and a
failure never fails the write."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from evaluering import analyse
from evaluering.models import AnalyseEndring, AnalyseKommune, Rapportperiode
from investering import services as investering_services
from investering.models import Mote
from tests.factories import DeltakelseFactory, KommuneFactory, PilotFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def pilot(postgres):
    pilot = PilotFactory()
    idag = timezone.localdate()
    Rapportperiode.objects.create(pilot=pilot, aar=idag.year, halvaar=1 if idag.month <= 6 else 2)
    kommuner = [KommuneFactory() for _ in range(analyse.SKRIVER_MAKS + 1)]
    for kommune in kommuner:
        DeltakelseFactory(pilot=pilot, kommune=kommune)
    analyse.oppdater_alle()
    pilot.kommuner_ = kommuner
    return pilot


def _mote(pilot, kommune) -> Mote:
    return investering_services.mote_log(
        pilot=pilot,
        kommune=kommune,
        type="fremdriftsmote",
        start=timezone.now() - timedelta(hours=2),
        skrevet_av=None,
    )


def _moter_holdt(pilot, kommune) -> int:
    return sum(
        AnalyseKommune.objects.filter(pilot_id=pilot.pk, kommune_id=kommune.pk).values_list(
            "moter_holdt", flat=True
        )
    )


def test_a_committed_meeting_is_computed_by_its_writer(pilot):
    halden = pilot.kommuner_[0]
    _mote(pilot, halden)
    # No reader has asked: the writer brought the kommune's rows up to date.
    assert not AnalyseEndring.objects.exists()
    assert _moter_holdt(pilot, halden) == 1


def test_a_rolled_back_write_computes_nothing_and_the_next_one_is_computed(pilot):
    halden, sarpsborg = pilot.kommuner_[:2]
    with pytest.raises(RuntimeError), transaction.atomic():
        _mote(pilot, halden)
        raise RuntimeError("avbrutt")
    assert not Mote.objects.exists()
    assert not AnalyseEndring.objects.exists()
    _mote(pilot, sarpsborg)
    assert not AnalyseEndring.objects.exists()
    assert _moter_holdt(pilot, sarpsborg) == 1
    assert _moter_holdt(pilot, halden) == 0


def test_one_transaction_computes_its_kommuner_once_after_its_commit(pilot):
    halden, sarpsborg = pilot.kommuner_[:2]
    with transaction.atomic():
        _mote(pilot, halden)
        _mote(pilot, sarpsborg)
        _mote(pilot, halden)
        # Not before the commit: the rows are not committed yet.
        assert set(AnalyseEndring.objects.values_list("kommune_id", flat=True)) == {
            halden.pk,
            sarpsborg.pk,
        }
    assert not AnalyseEndring.objects.exists()
    assert (_moter_holdt(pilot, halden), _moter_holdt(pilot, sarpsborg)) == (2, 1)


def test_a_bulk_change_of_many_kommuner_is_left_to_the_readers(pilot):
    with transaction.atomic():
        for kommune in pilot.kommuner_:
            _mote(pilot, kommune)
    merket = set(AnalyseEndring.objects.values_list("kommune_id", flat=True))
    assert merket == {k.pk for k in pilot.kommuner_}
    # The first reader computes them, as before.
    tall = analyse.kommunetall(
        pilot_id=pilot.pk,
        kommune_ids=[k.pk for k in pilot.kommuner_],
        aar=timezone.localdate().year,
        halvaar=1 if timezone.localdate().month <= 6 else 2,
    )
    assert {t["moter_holdt"] for t in tall.values()} == {1}
    assert not AnalyseEndring.objects.exists()


def test_a_failed_computation_after_the_commit_keeps_the_write_and_its_mark(
    pilot, monkeypatch, caplog
):
    halden = pilot.kommuner_[0]

    def feiler(kommune_ids):
        raise RuntimeError("databasen svarte ikke")

    # The computation fails after the commit (a fault put in for the test).
    monkeypatch.setattr(analyse, "_lagre", feiler)
    with caplog.at_level(logging.ERROR, logger="evaluering.analyse"):
        mote = _mote(pilot, halden)
    assert Mote.objects.filter(pk=mote.pk).exists()
    assert "ble ikke oppdatert" in caplog.text
    assert list(AnalyseEndring.objects.values_list("kommune_id", flat=True)) == [halden.pk]
    monkeypatch.undo()
    # The next reader computes it.
    analyse.oppdater([halden.pk])
    assert _moter_holdt(pilot, halden) == 1
