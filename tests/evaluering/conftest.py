import datetime

import pytest

from evaluering import services
from evaluering.models import Rapportperiode


@pytest.fixture
def periode(pilot):
    return services.periode_get_or_create(pilot=pilot, aar=2025, halvaar=2)


@pytest.fixture
def forrige_periode(pilot):
    return services.periode_get_or_create(pilot=pilot, aar=2025, halvaar=1)


@pytest.fixture
def mal(pilot):
    return [
        services.mal_upsert(pilot=pilot, nummer=1, tittel="Utviklet en ny modell for samordning"),
        services.mal_upsert(pilot=pilot, nummer=2, tittel="Delt erfaringer"),
    ]


@pytest.fixture
def vurdert(mal, periode, admin_bruker, deltakelse_halden, deltakelse_sarpsborg):
    services.maloppnaelse_set(
        mal=mal[0],
        periode=periode,
        kommune=None,
        vurdering="noen",
        begrunnelse="Samordnet mot kommunene.",
        vurdert_av=admin_bruker,
        dato=datetime.date(2025, 12, 1),
    )
    services.maloppnaelse_set(
        mal=mal[0],
        periode=periode,
        kommune=deltakelse_halden.kommune,
        vurdering="stor",
        begrunnelse="Halden er operativ.",
        vurdert_av=admin_bruker,
    )
    return periode


def publish(periode, admin):
    rapport = services.statusrapport_bestill(periode=periode, bestilt_av=admin)
    rapport = services.statusrapport_render(rapport_id=rapport.pk)
    return services.statusrapport_publish(rapport=rapport, publisert_av=admin, varsle=False)


__all__ = ["Rapportperiode", "publish"]
