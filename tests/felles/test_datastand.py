"""Figures kept until the data under them changes (felles.datastand): every committed
write, by any path, gives a new key; a transaction's own writes are never cached; on
SQLite nothing is cached."""

from decimal import Decimal

import pytest
from django.db import connection, transaction

from felles.datastand import KUNNSKAP, TILSKUDD, hurtig, komprimer
from felles.models import Datastand
from kommuner.kunnskap.selectors import snitt_deltakende
from kommuner.models import Deltakelse, Indikator, Indikatorverdi
from tests.factories import DeltakelseFactory, EtatFactory, KommuneFactory
from tilskudd.models import Tilskuddsordning


def _teller():
    kall = []

    def beregn():
        kall.append(1)
        return len(kall)

    return kall, beregn


@pytest.fixture
def postgres():
    if connection.vendor != "postgresql":
        pytest.skip("Triggerne finnes bare på PostgreSQL (sett DATABASE_URL).")


def _verdi(kommune, indikator, verdi, periode="2025-H1"):
    return Indikatorverdi.objects.create(
        kommune=kommune, indikator=indikator, periode=periode, verdi=verdi, status="godkjent"
    )


@pytest.mark.django_db(transaction=True)
def test_a_committed_write_by_any_path_gives_a_new_key(postgres):
    kall, beregn = _teller()
    kommune = KommuneFactory()
    DeltakelseFactory(kommune=kommune, status=Deltakelse.Status.DELTAR)
    indikator = Indikator.objects.create(
        navn="Lavinntekt", enhet="prosent", retning="lavere", tema="okonomi"
    )
    verdi = _verdi(kommune, indikator, 10)

    assert hurtig("x", [KUNNSKAP], beregn) == 1
    assert hurtig("x", [KUNNSKAP], beregn) == 1  # nothing changed: from the cache
    # A bulk update (no save(), no signal) is a write all the same.
    Indikatorverdi.objects.filter(pk=verdi.pk).update(verdi=12)
    assert hurtig("x", [KUNNSKAP], beregn) == 2
    # A write to another group leaves this one's figures alone.
    Tilskuddsordning.objects.create(navn="Tilskudd til bolig", eier=EtatFactory())
    assert hurtig("x", [KUNNSKAP], beregn) == 2
    # Raw SQL and a delete too.
    with connection.cursor() as cursor:
        cursor.execute("UPDATE kommuner_deltakelse SET status = 'avsluttet'")
    assert hurtig("x", [KUNNSKAP], beregn) == 3
    Indikatorverdi.objects.all().delete()
    assert hurtig("x", [KUNNSKAP], beregn) == 4
    assert hurtig("x", [KUNNSKAP, TILSKUDD], beregn) == 5  # another key: computed once
    assert hurtig("x", [TILSKUDD, KUNNSKAP], beregn) == 5


@pytest.mark.django_db(transaction=True)
def test_a_transactions_own_writes_are_not_cached_and_a_rollback_leaves_no_key(postgres):
    kall, beregn = _teller()
    kommune = KommuneFactory()
    indikator = Indikator.objects.create(
        navn="Lavinntekt", enhet="prosent", retning="lavere", tema="okonomi"
    )
    assert hurtig("x", [KUNNSKAP], beregn) == 1
    with transaction.atomic():
        _verdi(kommune, indikator, 10)
        # Uncommitted, and the transaction may write more before it commits.
        assert hurtig("x", [KUNNSKAP], beregn) == 2
        assert hurtig("x", [KUNNSKAP], beregn) == 3
    assert hurtig("x", [KUNNSKAP], beregn) == 4
    assert hurtig("x", [KUNNSKAP], beregn) == 4
    try:
        with transaction.atomic():
            _verdi(kommune, indikator, 11, periode="2025-H2")
            raise RuntimeError
    except RuntimeError:
        pass
    # The rolled-back write changed nothing: the committed stamp still holds.
    assert hurtig("x", [KUNNSKAP], beregn) == 4


@pytest.mark.django_db(transaction=True)
def test_the_average_of_participating_kommuner_follows_an_approval_at_once(postgres):
    a, b = KommuneFactory(), KommuneFactory()
    for kommune in (a, b):
        DeltakelseFactory(kommune=kommune, status=Deltakelse.Status.DELTAR)
    indikator = Indikator.objects.create(
        navn="Lavinntekt", enhet="prosent", retning="lavere", tema="okonomi"
    )
    _verdi(a, indikator, 10)
    ny = Indikatorverdi.objects.create(
        kommune=b, indikator=indikator, periode="2025-H1", verdi=20, status="sendt_inn"
    )
    assert snitt_deltakende(["2025-H1"]) == {(indikator.pk, "2025-H1"): Decimal(10)}
    ny.status = "godkjent"
    ny.save(update_fields=["status"])
    assert snitt_deltakende(["2025-H1"]) == {(indikator.pk, "2025-H1"): Decimal(15)}


@pytest.mark.django_db
def test_without_a_stamp_every_call_computes():
    # As on SQLite (development), which has no triggers: nothing may be kept.
    Datastand.objects.all().delete()
    kall, beregn = _teller()
    assert [hurtig("x", [KUNNSKAP], beregn) for _ in range(3)] == [1, 2, 3]


@pytest.mark.django_db(transaction=True)
def test_folding_finished_transactions_keeps_the_stamp(postgres):
    kall, beregn = _teller()
    kommune = KommuneFactory()
    indikator = Indikator.objects.create(
        navn="Lavinntekt", enhet="prosent", retning="lavere", tema="okonomi"
    )
    for verdi in range(5):
        _verdi(kommune, indikator, verdi, periode=f"{2015 + verdi}")
    assert hurtig("x", [KUNNSKAP], beregn) == 1
    assert Datastand.objects.filter(gruppe=KUNNSKAP).count() > 1
    assert komprimer() > 0
    assert Datastand.objects.filter(gruppe=KUNNSKAP).count() == 1
    assert hurtig("x", [KUNNSKAP], beregn) == 1  # the same stamp: still kept
    _verdi(kommune, indikator, 9, periode="2024")
    assert hurtig("x", [KUNNSKAP], beregn) == 2


@pytest.mark.django_db(transaction=True)
def test_two_writers_do_not_wait_for_each_other_and_commit_order_is_kept(postgres):
    """Two transactions write to the same group at once: neither waits for the other
    (each adds its own row), and whichever commits last, each commit makes a new
    stamp, so nothing computed before it is served after it."""
    import threading

    kall, beregn = _teller()
    kommune = KommuneFactory()
    indikator = Indikator.objects.create(
        navn="Lavinntekt", enhet="prosent", retning="lavere", tema="okonomi"
    )
    assert hurtig("x", [KUNNSKAP], beregn) == 1
    skrevet, slipp = threading.Event(), threading.Event()

    def langsom():
        try:
            with transaction.atomic():
                _verdi(kommune, indikator, 1, periode="2020")
                skrevet.set()
                slipp.wait(10)
        finally:
            connection.close()

    traad = threading.Thread(target=langsom)
    traad.start()
    assert skrevet.wait(10)
    # The first writer is still open; this one is not held up by it.
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL lock_timeout = '2s'")
        _verdi(kommune, indikator, 2, periode="2021")
    assert hurtig("x", [KUNNSKAP], beregn) == 2
    slipp.set()
    traad.join(10)
    # The first writer committed after the second: a new stamp all the same.
    assert hurtig("x", [KUNNSKAP], beregn) == 3


@pytest.mark.django_db(transaction=True)
def test_folding_leaves_a_running_transactions_row_and_its_commit_still_counts(postgres):
    """The hourly fold runs while a writer is still open: that writer's row is left as
    it is, and its commit afterwards makes a new stamp."""
    import threading

    kall, beregn = _teller()
    kommune = KommuneFactory()
    indikator = Indikator.objects.create(
        navn="Lavinntekt", enhet="prosent", retning="lavere", tema="okonomi"
    )
    assert hurtig("x", [KUNNSKAP], beregn) == 1
    skrevet, slipp = threading.Event(), threading.Event()

    def aapen():
        try:
            with transaction.atomic():
                _verdi(kommune, indikator, 1, periode="2020")
                skrevet.set()
                slipp.wait(10)
        finally:
            connection.close()

    traad = threading.Thread(target=aapen)
    traad.start()
    assert skrevet.wait(10)
    komprimer()
    assert hurtig("x", [KUNNSKAP], beregn) == 1  # folding changed no stamp
    slipp.set()
    traad.join(10)
    assert hurtig("x", [KUNNSKAP], beregn) == 2
    komprimer()
    assert Datastand.objects.filter(gruppe=KUNNSKAP).count() == 1
    assert hurtig("x", [KUNNSKAP], beregn) == 2
