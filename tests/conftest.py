"""The people every access test names (healthchecks' alice/bob/charlie, ours):

- ``kontakt_halden`` / ``kontakt_sarpsborg``: contact persons of two kommuner
- ``leder_halden``: Halden's investment leader (from Statsforvalteren)
- ``admin_bruker``: the pilot leader
- ``styre``: a steering-group member; ``forsker``: the follow-up researcher
- ``team``: an investment team member who leads no kommune
"""

import os

import pytest
from django.utils import translation

from kommuner.roller import Rolle
from kommuner.services import deltakelse_upsert
from tests.factories import BrukerFactory, EtatFactory, KommuneFactory, PilotFactory


def pytest_collection_modifyitems(config, items):
    """Browser tests last: they share one seeded database and flush it at the end."""
    items.sort(key=lambda item: "/tests/e2e/" in str(item.fspath))


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
