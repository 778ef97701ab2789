import pytest
from django.core.cache import cache

from tests.oidc_tilbyder import kjor_tilbyder, tilbyder_innstillinger


@pytest.fixture(scope="session")
def tilbyder_url():
    with kjor_tilbyder(
        brukere=[{"sub": "epost-bruker", "email": "ny@kommune.no", "email_verified": True}]
    ) as url:
        yield url


@pytest.fixture
def tilbyder(settings, tilbyder_url):
    cache.clear()
    settings.OIDC_TILBYDERE = tilbyder_innstillinger(tilbyder_url)
    return tilbyder_url
