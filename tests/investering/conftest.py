"""Meetings for the named people of tests/conftest.py: Halden (led by leder_halden)
and Sarpsborg (led by nobody)."""

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from investering import services
from investering.models import Motetype


def at(day: int, month: int = 3, year: int = 2019, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime(year, month, day, hour, 0))  # noqa: DTZ001


@pytest.fixture
def mote_halden(folk, pilot, halden, leder_halden):
    return services.mote_log(
        pilot=pilot,
        kommune=halden,
        type=Motetype.FORANKRING,
        start=at(19, 9, 2018),
        skrevet_av=leder_halden,
        sted="Halden rådhus",
        fase="definisjon",
        niva="strategisk",
        referat="Barnefattigdom kan fungere som en paraply for arbeidet i Halden.",
        deltakere=[
            services.Deltaker(bruker=leder_halden),
            services.Deltaker(navn="Rådmannen", kommune=halden),
        ],
        beslutninger=["Barnefattigdom er hovedtema."],
        oppfolgingspunkter=[
            {
                "tekst": "Lag oversikt over prosjekter som gjelder barnefattigdom.",
                "ansvarlig_bruker": leder_halden,
                "frist": timezone.localdate() - timedelta(days=3),
            }
        ],
    )


@pytest.fixture
def mote_sarpsborg(folk, pilot, sarpsborg, admin_bruker):
    return services.mote_log(
        pilot=pilot,
        kommune=sarpsborg,
        type=Motetype.OPPSTART,
        start=at(3, 4, 2019),
        skrevet_av=admin_bruker,
        referat="Sarpsborgmodellen for rus og psykiatri som mulig case.",
        beslutninger=["Sarpsborg arbeider med barnefattigdom."],
        oppfolgingspunkter=[{"tekst": "Avklar HUB Financial empowerment center."}],
    )


@pytest.fixture
def kollegium(folk, pilot, leder_halden):
    return services.mote_log(
        pilot=pilot,
        kommune=None,
        type=Motetype.KOLLEGIUM,
        start=at(10, 4, 2019),
        skrevet_av=leder_halden,
        referat="Investeringskollegiet gikk gjennom status i alle kommunene.",
    )
