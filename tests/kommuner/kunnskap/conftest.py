from decimal import Decimal

import pytest

from kommuner.kunnskap import services as svc
from kommuner.kunnskap.models import Indikator, Tema

LAVINNTEKT = "Andel barn (0–17 år) i husholdninger med vedvarende lavinntekt (%)"


@pytest.fixture
def indikator(db):
    return svc.indikator_upsert(
        navn=LAVINNTEKT,
        enhet=Indikator.Enhet.PROSENT,
        retning=Indikator.Retning.LAVERE,
        tema=Tema.BARNEFATTIGDOM,
        kilde="SSB tabell 09817",
        rekkefolge=1,
    )


@pytest.fixture
def indikator2(db):
    return svc.indikator_upsert(
        navn="Andel unge 16–24 år utenfor arbeid og utdanning (%)",
        enhet=Indikator.Enhet.PROSENT,
        retning=Indikator.Retning.LAVERE,
        tema=Tema.ARBEID,
        rekkefolge=2,
    )


@pytest.fixture
def sendt_halden(folk, halden, indikator):
    """A value Halden's contact person has submitted for 2024."""
    return svc.indikatorverdi_upsert(
        kommune=halden,
        indikator=indikator,
        periode="2024",
        verdi=Decimal("14.2"),
        kommentar="Fra SSB",
        bruker=folk["kontakt_halden"],
        send_inn=True,
    )


@pytest.fixture
def sendt_sarpsborg(folk, sarpsborg, indikator):
    return svc.indikatorverdi_upsert(
        kommune=sarpsborg,
        indikator=indikator,
        periode="2024",
        verdi=Decimal("15.1"),
        bruker=folk["kontakt_sarpsborg"],
        send_inn=True,
    )
