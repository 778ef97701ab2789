"""The people every access test names (healthchecks' alice/bob/charlie, ours):

- ``kontakt_halden`` / ``kontakt_sarpsborg``: contact persons of two kommuner
- ``leder_halden``: Halden's investment leader (from Statsforvalteren)
- ``admin_bruker``: the pilot leader
- ``styre``: a steering-group member; ``forsker``: the follow-up researcher
- ``team``: an investment team member who leads no kommune
"""

import os

import pytest
import pytest_django.fixtures
from django.core.management import call_command
from django.utils import translation

from felles import hurtigbuffer
from kommuner.roller import Rolle
from kommuner.services import deltakelse_upsert
from tests.factories import BrukerFactory, EtatFactory, KommuneFactory, PilotFactory


def pytest_collection_modifyitems(config, items):
    """The tests that read the demo data (fixture ``demo``) run after all others, and the
    browser tests last: both share the demo data, seeded and committed once per session
    (``demo_database``), which the other tests must not see."""

    def order(item):
        if "/tests/e2e/" in str(item.fspath):
            return 2
        return 1 if "demo_database" in getattr(item, "fixturenames", ()) else 0

    items.sort(key=order)


_databases_for_test = pytest_django.fixtures._get_databases_for_test


def _databases_with_demo(test):
    """pytest-django makes the test database only for tests that ask for ``db``,
    ``transactional_db`` or ``live_server``; the browser tests ask for the demo data
    (``demo_database``) instead, so a run of browser tests alone found no test database
    and seeded the development one. They need the default database too."""
    databases, serialized = _databases_for_test(test)
    if not databases and "demo_database" in getattr(test, "fixturenames", ()):
        return ("default",), serialized
    return databases, serialized


pytest_django.fixtures._get_databases_for_test = _databases_with_demo


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """In CI a skipped test is a failure: no test may quietly skip for lack of a
    service (PostgreSQL, Redis, Chromium)."""
    outcome = yield
    report = outcome.get_result()
    if os.environ.get("CI") and report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        report.longrepr = f"Skipped in CI, which is not allowed: {report.longrepr}"


@pytest.fixture(autouse=True)
def norsk():
    """Every test starts in Norwegian bokmål, whatever an earlier request activated."""
    with translation.override("nb"):
        yield


@pytest.fixture(autouse=True)
def ingen_merker_etter_flush(request):
    """The flush that ends a test with committed data truncates every table, and the
    analytics triggers mark a truncated table as "every kommune changed"
    (``evaluering.analyse``), the averages' as "every average" (``kunnskap.snitt``):
    marks about data that is gone, which would make the next test compute everything
    and count more queries than its own data needs. A test in a transaction starts
    without them (its own writes mark what they change)."""
    if "db" not in request.fixturenames or "transactional_db" in request.fixturenames:
        return
    request.getfixturevalue("db")
    from evaluering.models import AnalyseEndring
    from kommuner.kunnskap.models import Snittendring

    AnalyseEndring.objects.filter(kommune_id__isnull=True).delete()
    Snittendring.objects.filter(indikator_id__isnull=True, periode__isnull=True).delete()


@pytest.fixture(autouse=True)
def tom_datastand_cache():
    """Every test starts with no kept figures (felles.datastand), so a page's query
    count does not depend on which test ran before it (in the process's memory or in
    the shared copy on Redis)."""
    hurtigbuffer.tom()


@pytest.fixture
def statsforvalteren(db):
    return EtatFactory(kortnavn="SF Test", navn="Statsforvalteren i Test")


@pytest.fixture
def pilot(statsforvalteren):
    return PilotFactory(slug="testpilot", navn="Testpiloten", piloteier=statsforvalteren)


@pytest.fixture
def halden(db):
    return KommuneFactory(kommunenummer="3101", navn="Halden", fylke="31", innbyggere=30840)


@pytest.fixture
def sarpsborg(db):
    return KommuneFactory(kommunenummer="3105", navn="Sarpsborg", fylke="31", innbyggere=55421)


@pytest.fixture
def kontakt_halden(halden):
    return BrukerFactory(
        email="kontakt.halden@test.no",
        fullt_navn="Kontakt Halden",
        kommune=halden,
        roller=[Rolle.KONTAKTPERSON],
    )


@pytest.fixture
def kontakt_sarpsborg(sarpsborg):
    return BrukerFactory(
        email="kontakt.sarpsborg@test.no",
        fullt_navn="Kontakt Sarpsborg",
        kommune=sarpsborg,
        roller=[Rolle.KONTAKTPERSON],
    )


@pytest.fixture
def leder_halden(statsforvalteren):
    return BrukerFactory(
        email="leder.halden@test.no",
        fullt_navn="Leder Halden",
        etat=statsforvalteren,
        roller=[Rolle.INVESTERINGSLEDER, Rolle.INVESTERINGSTEAM],
    )


@pytest.fixture
def admin_bruker(statsforvalteren):
    return BrukerFactory(
        email="admin@test.no",
        fullt_navn="Admin Pilotleder",
        etat=statsforvalteren,
        roller=[Rolle.ADMIN],
        is_staff=True,
    )


@pytest.fixture
def styre(db):
    return BrukerFactory(
        email="styre@test.no", fullt_navn="Styre Medlem", roller=[Rolle.STYRINGSGRUPPE]
    )


@pytest.fixture
def forsker(db):
    return BrukerFactory(
        email="forsker@test.no", fullt_navn="Følge Forsker", roller=[Rolle.FOLGEFORSKER]
    )


@pytest.fixture
def team(db):
    return BrukerFactory(
        email="team@test.no", fullt_navn="Team Medlem", roller=[Rolle.INVESTERINGSTEAM]
    )


@pytest.fixture
def deltakelse_halden(pilot, halden, leder_halden):
    return deltakelse_upsert(
        pilot=pilot,
        kommune=halden,
        status="deltar",
        investeringsleder=leder_halden,
        valgt_utfordring="Barnefattigdom",
    )


@pytest.fixture
def deltakelse_sarpsborg(pilot, sarpsborg):
    return deltakelse_upsert(pilot=pilot, kommune=sarpsborg, status="deltar")


@pytest.fixture
def folk(
    kontakt_halden,
    kontakt_sarpsborg,
    leder_halden,
    admin_bruker,
    styre,
    forsker,
    team,
    deltakelse_halden,
    deltakelse_sarpsborg,
):
    """Everybody at once, with Halden led by ``leder_halden`` and Sarpsborg led by nobody."""
    return {
        "kontakt_halden": kontakt_halden,
        "kontakt_sarpsborg": kontakt_sarpsborg,
        "leder_halden": leder_halden,
        "admin": admin_bruker,
        "styre": styre,
        "forsker": forsker,
        "team": team,
    }


@pytest.fixture
def pilot_etter_ett_aar(
    pilot, halden, sarpsborg, admin_bruker, leder_halden, kontakt_halden, kontakt_sarpsborg
):
    """A pilot as it looks after a year and a half of real work (tests/realistisk.py)."""
    from tests.realistisk import bygg_pilot_etter_ett_aar

    return bygg_pilot_etter_ett_aar(
        pilot=pilot, admin=admin_bruker, leder=leder_halden, kommuner=[halden, sarpsborg]
    )


@pytest.fixture(scope="session")
def demo_database(django_db_setup, django_db_blocker):
    """The demo data newcomers see (``seed_demo``), seeded once per session and committed,
    for the tests that read it and the browser tests (which need committed rows for their
    live server). Tests that use it run last (see ``pytest_collection_modifyitems``); the
    data is flushed at the end."""
    # django_db_setup has made the test database (also when only browser tests run:
    # ``_databases_with_demo``);
    # a second one must not be made here: on PostgreSQL it would be test_test_<name>,
    # and its teardown would find the live server's connection still open.
    with django_db_blocker.unblock():
        call_command("seed_demo", force=True, verbosity=0)
    try:
        yield
    finally:
        with django_db_blocker.unblock():
            call_command("flush", interactive=False, verbosity=0)


@pytest.fixture
def demo(demo_database, db):
    """The seeded demo data for a test that reads it; what the test changes is rolled back."""


@pytest.fixture
def stemplet(postgres):
    """A stamp for every registered group and the epoch (the flush ending an earlier
    test with committed data removes them until the next write; an installation has
    them from its migrations on), so that what is asked for can be kept
    (``felles.datastand``: a group without a stamp is computed every time)."""
    from felles.datastand import EPOKE, epoke_ny, grupper
    from felles.models import Datastand

    if not Datastand.objects.filter(gruppe=EPOKE).exists():
        epoke_ny()
    for gruppe in grupper():
        if not Datastand.objects.filter(gruppe=gruppe).exists():
            Datastand.objects.create(gruppe=gruppe, txid=None, vekt=1)


@pytest.fixture
def postgres():
    """For a test of what only PostgreSQL has (the triggers behind the stamps and the
    analytics tables, their exact query counts): skipped on the SQLite of a plain
    ``make test``; CI runs on PostgreSQL and skips none."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("Triggerne finnes bare på PostgreSQL (sett DATABASE_URL).")
