"""Figures kept until the data under them changes (felles.datastand): every committed
write, by any path, gives a new key; a transaction's own writes are never cached; on
SQLite nothing is cached."""

from decimal import Decimal

import pytest
from django.db import connection, transaction

from felles.datastand import EPOKE, hurtig, komprimer
from felles.models import Datastand
from kommuner.apps import KUNNSKAP
from kommuner.kunnskap.selectors import snitt_deltakende
from kommuner.models import Deltakelse, Indikator, Indikatorverdi
from tests.factories import DeltakelseFactory, EtatFactory, KommuneFactory
from tilskudd.apps import TILSKUDD
from tilskudd.models import Tilskuddsordning


def _teller():
    kall = []

    def beregn():
        kall.append(1)
        return len(kall)

    return kall, beregn


def _vent_paa_andre_transaksjoner(sekunder: float = 60) -> None:
    """Folding keeps every row newer than the oldest transaction open anywhere on the
    server (``txid_snapshot_xmin`` is cluster-wide), as it should. Another process's
    transaction (a second test run on a shared machine) would hold it back: wait until
    none is open, as the hourly fold effectively does, instead of reading that as a
    failure. If one stays open, the assertions after it fail."""
    import time

    slutt = time.monotonic() + sekunder
    while time.monotonic() < slutt:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT COUNT(*) FROM pg_stat_activity WHERE pid <> pg_backend_pid()"
                " AND (backend_xid IS NOT NULL OR backend_xmin IS NOT NULL)"
            )
            if cursor.fetchone()[0] == 0:
                return
        time.sleep(0.2)


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


@pytest.mark.django_db(transaction=True)
def test_a_part_of_a_group_changes_only_with_its_own_rows(postgres):
    """``Del``: a write to kommune A's values changes A's part, not B's; a write that
    may touch every part (the indicators) changes the group, hence every part's key."""
    from felles.datastand import Del, hurtig_selector
    from kommuner.apps import KUNNSKAP_KOMMUNE

    a, b = KommuneFactory(), KommuneFactory()
    indikator = Indikator.objects.create(
        navn="Lavinntekt", enhet="prosent", retning="lavere", tema="okonomi"
    )
    kall: list = []

    @hurtig_selector(grupper=(Del(KUNNSKAP_KOMMUNE, "kommune"),), sprak=False)
    def tall(*, kommune):
        kall.append(kommune.pk)
        return len(kall)

    assert (tall(kommune=a), tall(kommune=b), tall(kommune=a), tall(kommune=b)) == (1, 2, 1, 2)
    _verdi(a, indikator, 10)
    assert (tall(kommune=a), tall(kommune=b)) == (3, 2)
    Indikatorverdi.objects.filter(kommune=a).update(status="sendt_inn")
    assert (tall(kommune=b), tall(kommune=a)) == (2, 4)
    Indikator.objects.filter(pk=indikator.pk).update(navn="Annet")
    assert (tall(kommune=a), tall(kommune=b)) == (5, 6)


@pytest.mark.django_db(transaction=True)
def test_a_list_argument_names_a_part_per_element(postgres):
    """``Del`` of a list (a page of rows): kept until a write to one of its parts, not
    a write to another part; the long key of many parts is hashed."""
    from felles.datastand import Del, hurtig_selector
    from kommuner.apps import KUNNSKAP_KOMMUNE

    a, b, c = KommuneFactory(), KommuneFactory(), KommuneFactory()
    indikator = Indikator.objects.create(
        navn="Lavinntekt", enhet="prosent", retning="lavere", tema="okonomi"
    )
    kall: list = []

    @hurtig_selector(grupper=(Del(KUNNSKAP_KOMMUNE, "kommuner"),), sprak=False)
    def tall(*, kommuner):
        kall.append(kommuner)
        return len(kall)

    mange = [a.pk, b.pk, *range(10**6, 10**6 + 40)]
    assert (tall(kommuner=[a.pk, b.pk]), tall(kommuner=[a.pk, b.pk])) == (1, 1)
    assert (tall(kommuner=mange), tall(kommuner=mange)) == (2, 2)
    _verdi(c, indikator, 10)
    assert (tall(kommuner=[a.pk, b.pk]), tall(kommuner=mange)) == (1, 2)
    _verdi(b, indikator, 10)
    assert (tall(kommuner=[a.pk, b.pk]), tall(kommuner=mange)) == (3, 4)


@pytest.mark.django_db
def test_a_group_stamped_by_parts_is_declared_by_its_part():
    from django.core.exceptions import ImproperlyConfigured

    from felles.datastand import Del, NestetHurtig, hurtig_selector
    from kommuner.apps import KUNNSKAP_KOMMUNE, REGISTER

    @hurtig_selector(grupper=(KUNNSKAP_KOMMUNE,))
    def hele():
        return 1

    @hurtig_selector(grupper=(Del(REGISTER, "x"),))
    def udelt(x):
        return x

    @hurtig_selector(grupper=(Del(KUNNSKAP_KOMMUNE, "x"),))
    def indre(x):
        return x

    @hurtig_selector(grupper=(Del(KUNNSKAP_KOMMUNE, "x"),))
    def ytre(x):
        return indre(x + 1)

    with pytest.raises(ImproperlyConfigured):
        hele()
    with pytest.raises(ImproperlyConfigured):
        udelt(1)
    # An inner part the outer one does not declare: its change would be missed.
    with pytest.raises(NestetHurtig):
        ytre(1)


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
    _vent_paa_andre_transaksjoner()
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
    _vent_paa_andre_transaksjoner()
    komprimer()
    assert Datastand.objects.filter(gruppe=KUNNSKAP).count() == 1
    assert hurtig("x", [KUNNSKAP], beregn) == 2


# --- a database that goes back in time (issue 21, item 1) ---------------------------


def _db_url():
    db = connection.settings_dict
    auth = f"{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
    return f"postgres://{auth}/{db['NAME']}"


def _les(live_server, sesjon: str) -> str:
    import urllib.request

    from django.conf import settings

    forespoersel = urllib.request.Request(  # noqa: S310 (the test's own server)
        f"{live_server.url}/kommuner/3101/kunnskapsgrunnlag/",
        headers={"Cookie": f"{settings.SESSION_COOKIE_NAME}={sesjon}"},
    )
    with urllib.request.urlopen(forespoersel, timeout=30) as svar:  # noqa: S310
        side = svar.read().decode()
    return side[side.index('aria-labelledby="indikator-') : side.index("</main>")]


@pytest.mark.django_db(transaction=True)
def test_a_dump_restored_under_a_running_server_never_brings_back_a_discarded_figure(
    postgres, live_server, client, folk, halden, tmp_path
):
    """Changed to 111, the database restored from a dump taken before, changed to 222:
    the running server shows 222 (the stamp of the discarded timeline is never reached
    again), and the restored value in between."""
    import shutil
    import subprocess

    from django.conf import settings

    from kommuner.kunnskap import services as svc

    indikator = Indikator.objects.create(
        navn="Lavinntekt", enhet="prosent", retning="lavere", tema="okonomi"
    )
    verdi = svc.indikatorverdi_upsert(
        kommune=halden,
        indikator=indikator,
        periode="2024",
        verdi=Decimal("100"),
        kommentar="",
        bruker=folk["kontakt_halden"],
        send_inn=True,
    )
    svc.indikatorverdi_approve(verdi=verdi, bruker=folk["leder_halden"])
    client.force_login(folk["leder_halden"])
    sesjon = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert "100" in _les(live_server, sesjon)

    dump = tmp_path / "database.dump"
    subprocess.run(  # noqa: S603
        [shutil.which("pg_dump"), "--format=custom", f"--file={dump}", _db_url()],
        check=True,
        timeout=120,
    )
    Indikatorverdi.objects.filter(pk=verdi.pk).update(verdi=111)
    assert "111" in _les(live_server, sesjon)

    # The restore, as a point-in-time recovery or a failover would: no script runs,
    # the server keeps running with what it has kept.
    connection.close()
    subprocess.run(  # noqa: S603
        [
            shutil.which("pg_restore"),
            "--clean",
            "--if-exists",
            "--single-transaction",
            "--no-owner",
            f"--dbname={_db_url()}",
            str(dump),
        ],
        check=True,
        timeout=120,
    )
    tilbake = _les(live_server, sesjon)
    assert "100" in tilbake and "111" not in tilbake
    Indikatorverdi.objects.filter(pk=verdi.pk).update(verdi=222)
    etter = _les(live_server, sesjon)
    assert "222" in etter and "111" not in etter


@pytest.mark.django_db(transaction=True)
def test_the_restore_command_and_flush_give_a_new_epoch(postgres):
    from django.core.management import call_command

    kall, beregn = _teller()
    assert hurtig("x", [KUNNSKAP], beregn) == 1
    assert hurtig("x", [KUNNSKAP], beregn) == 1
    call_command("datastand_epoke")  # deploy/gjenopprett.sh runs it after pg_restore
    assert hurtig("x", [KUNNSKAP], beregn) == 2
    assert hurtig("x", [KUNNSKAP], beregn) == 2
    # flush empties every table (the stamps too) and sends post_migrate: a new epoch,
    # so the first write afterwards cannot land on a stamp kept from before.
    call_command("flush", interactive=False, verbosity=0)
    assert Datastand.objects.filter(gruppe=EPOKE).count() == 1
    KommuneFactory()
    Indikator.objects.create(navn="Lavinntekt", enhet="prosent", retning="lavere", tema="okonomi")
    assert hurtig("x", [KUNNSKAP], beregn) == 3


@pytest.mark.django_db(transaction=True)
def test_after_a_rewind_the_same_number_of_writes_does_not_reach_a_used_stamp(postgres):
    """The weight of each transaction is random: a database put back to an earlier
    state (here: the last commit's row removed, as a recovery to before it would)
    reaches another stamp with its next commit (at most one chance in 2⁵² alike)."""
    kommune = KommuneFactory()
    indikator = Indikator.objects.create(
        navn="Lavinntekt", enhet="prosent", retning="lavere", tema="okonomi"
    )
    kall, beregn = _teller()
    assert hurtig("x", [KUNNSKAP], beregn) == 1
    foer = set(Datastand.objects.filter(gruppe=KUNNSKAP).values_list("pk", flat=True))
    _verdi(kommune, indikator, 111)
    assert hurtig("x", [KUNNSKAP], beregn) == 2
    # Back in time: the commit's stamp row and its value are gone.
    Datastand.objects.filter(gruppe=KUNNSKAP).exclude(pk__in=foer).delete()
    Indikatorverdi.objects.all().delete()
    Datastand.objects.filter(gruppe=KUNNSKAP).exclude(pk__in=foer).delete()
    assert hurtig("x", [KUNNSKAP], beregn) == 1  # the state before: its figure
    _verdi(kommune, indikator, 222)  # one commit again, as before
    assert hurtig("x", [KUNNSKAP], beregn) == 3


def test_the_figure_cache_is_bounded_in_bytes_and_keeps_the_recently_read():
    from felles.hurtigbuffer import BegrensetLocMemCache

    cache = BegrensetLocMemCache(
        "test-begrenset", {"OPTIONS": {"MAX_ENTRIES": 100, "MAX_BYTES": 10_000}}
    )
    cache.clear()
    cache.set("a", "x" * 3000)
    cache.set("b", "x" * 3000)
    cache.set("c", "x" * 3000)
    assert cache.get("a") is not None  # read: now the most recent
    cache.set("d", "x" * 3000)
    assert cache.get("b") is None  # the least recently read went
    assert all(cache.get(k) is not None for k in ("a", "c", "d"))
    assert cache.byte_brukt() <= 10_000
    cache.set("stor", "x" * 20_000)  # larger than the whole bound: not kept
    assert cache.get("stor") is None
    assert cache.get("a") is not None
