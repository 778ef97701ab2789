"""Review item 2: password login stays on in production beside OpenID Connect.

Now: off in production unless switched on, never for a user bound to a provider's
identity, and ``manage.py check`` warns while it is on beside a provider."""

import os
import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from django.core.checks import run_checks
from django.urls import reverse

from innlogging.checks import passord_ved_siden_av_tilbyder
from innlogging.models import Identitet

PASSWORD = "riktig-passord-123"  # the factory's (tests/factories.py)
GOD_NOKKEL = "k" * 20 + "-Zx9!pQ2#vB7@nM4$rT8%wY1^eU6&iO3*aS5(dF0)gH"


def _logg_inn(client, email):
    return client.post(reverse("login"), {"username": email, "password": PASSWORD})


@pytest.mark.django_db
def test_a_user_bound_to_a_provider_identity_cannot_sign_in_with_a_password(
    client, kontakt_halden, kontakt_sarpsborg
):
    Identitet.objects.create(bruker=kontakt_halden, issuer="https://idp.example", sub="kh-1")
    for email in [kontakt_halden.email, kontakt_halden.email.upper()]:
        svar = _logg_inn(client, email)
        assert svar.status_code == 200, email  # the form again, with the usual message
        assert "korrekt e-post og passord" in svar.content.decode()
        assert not client.get("/").wsgi_request.user.is_authenticated
    # A user with no identity still signs in with a password where it is on.
    svar = _logg_inn(client, kontakt_sarpsborg.email)
    assert svar.status_code == 302
    assert client.get("/").wsgi_request.user == kontakt_sarpsborg


def _innstillinger(modul: str, **miljo) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        DJANGO_SETTINGS_MODULE=modul,
        DJANGO_SECRET_KEY=GOD_NOKKEL,
        DJANGO_PORTAL_URL="https://velferdspilot.example.no",
        **miljo,
    )
    kode = (
        "from django.conf import settings; "
        "print(settings.PASSORD_INNLOGGING, settings.AUTHENTICATION_BACKENDS)"
    )
    return (
        subprocess.run(
            [sys.executable, "manage.py", "shell", "-c", kode],
            cwd=django_settings.BASE_DIR,
            env=env,
            capture_output=True,
            text=True,
            check=True,
            timeout=120,
        )
        .stdout.strip()
        .splitlines()[-1]
    )


def test_production_has_password_login_off_unless_switched_on():
    av = _innstillinger("velferdspilot.settings.production")
    assert av.startswith("False") and "RolleBackend" not in av and "OIDCBackend" in av
    paa = _innstillinger("velferdspilot.settings.production", DJANGO_PASSWORD_LOGIN="True")
    assert paa.startswith("True") and "BundetIdentitetBackend" in paa and "RolleBackend" in paa
    # The demo and development keep it on.
    assert _innstillinger("velferdspilot.settings.dev").startswith("True")


def test_env_example_does_not_switch_password_login_on():
    linjer = (django_settings.BASE_DIR / ".env.example").read_text().splitlines()
    assert "DJANGO_PASSWORD_LOGIN=True" not in linjer


def test_check_warns_when_password_login_is_on_beside_a_provider(settings):
    settings.OIDC_TILBYDERE = {"entra": {"navn": "Entra ID"}}
    settings.PASSORD_INNLOGGING = True
    advarsler = [m for m in run_checks(tags=["security"]) if m.id == "innlogging.W001"]
    assert len(advarsler) == 1 and "entra" in advarsler[0].msg
    settings.PASSORD_INNLOGGING = False
    assert passord_ved_siden_av_tilbyder(None) == []
    settings.PASSORD_INNLOGGING = True
    settings.OIDC_TILBYDERE = {}
    assert passord_ved_siden_av_tilbyder(None) == []
