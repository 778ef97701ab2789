"""Grant fixtures, made through the services so that the rules hold."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tilskudd import services


@pytest.fixture
def ordning_231_63(db):
    return services.ordning_upsert(
        navn="Tilskudd til tiltak for bedre språkforståelse blant minoritetsspråklige barn",
        kapittel=231,
        post=63,
        aliaser=["Tiltak for å styrke den norskspråklige utviklingen"],
    )


@pytest.fixture
def ordning_765_60(db):
    return services.ordning_upsert(
        navn="Tilbud til mennesker med langvarige og/eller sammensatte tjenestebehov",
        kapittel=765,
        post=60,
    )


@pytest.fixture
def pott(ordning_231_63, ordning_765_60):
    return services.pott_upsert(
        navn="Programfinansiering",
        aar=2020,
        total=1_000_000,
        kilder=[(ordning_231_63, 400_000), (ordning_765_60, 600_000)],
    )


@pytest.fixture
def runde(pott):
    now = timezone.now()
    return services.runde_upsert(
        pott=pott,
        tittel="Innovasjonsmidler 2020",
        aapner=now - timedelta(days=1),
        stenger=now + timedelta(days=10),
        kriterier="Tverrfaglig samarbeid.",
    )


def make_soknad(runde, kommune, user, belop=300_000, submit=True, tittel="Sommerjobb"):
    soknad = services.soknad_create(
        runde=runde,
        kommune=kommune,
        user=user,
        tittel=tittel,
        formaal="Sommerjobber for ungdom.",
        belop_sokt=belop,
        budsjettlinjer=[("Lønn", belop)],
    )
    if submit:
        soknad = services.soknad_submit(soknad=soknad, user=user)
    return soknad


def vedta(*, soknad, user, **kwargs):
    """A decision the way scripts make it: taken into review ("Ta til behandling"),
    then decided by ``vedtak_create`` (the internal step of the two-step sign-off)."""
    soknad.refresh_from_db()
    if soknad.status == "sendt_inn":
        services.soknad_start_review(soknad=soknad, user=user)
    return services.vedtak_create(soknad=soknad, user=user, **kwargs)


@pytest.fixture
def soknad_halden(runde, halden, kontakt_halden):
    return make_soknad(runde, halden, kontakt_halden)


@pytest.fixture
def soknad_sarpsborg(runde, sarpsborg, kontakt_sarpsborg):
    return make_soknad(runde, sarpsborg, kontakt_sarpsborg, tittel="Losfunksjon")


@pytest.fixture
def vedtak_halden(soknad_halden, admin_bruker):
    return vedta(
        soknad=soknad_halden,
        user=admin_bruker,
        utfall="delvis_innvilget",
        belop_innvilget=200_000,
        begrunnelse="Godt begrunnet, men potten er begrenset.",
        vilkaar="Rapport innen 1. mars.",
    )


def endre_vedtak(vedtak, admin, belop=300_000):
    """Amend ``vedtak`` (version 1) to granted in full, with a reason."""
    return services.vedtak_endre(
        vedtak=vedtak,
        user=admin,
        utfall="innvilget",
        belop_innvilget=belop,
        begrunnelse="Mer midler ble ledige.",
        endringsgrunn="Potten fikk midler tilbake.",
        versjon=1,
    )


@pytest.fixture
def leder(statsforvalteren):
    """A second admin: the one who signs off the case handler's proposals."""
    from kommuner.roller import Rolle
    from tests.factories import BrukerFactory

    return BrukerFactory(
        email="seksjonsleder@test.no",
        fullt_navn="Siri Seksjonsleder",
        etat=statsforvalteren,
        roller=[Rolle.ADMIN],
    )
