"""A real OpenID Connect provider for the sign-in tests: the PyPI package
``oidc-provider-mock`` started as its own process on a free 127.0.0.1 port. It signs
ID tokens (RS256) with its own key, publishes discovery, JWKS, userinfo and an
end_session_endpoint, and lets a test pick the ``sub`` on its authorize form."""

from __future__ import annotations

import contextlib
import json
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from urllib.parse import parse_qs, urlparse

import requests


def _ledig_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def kjor_tilbyder(brukere: list[dict] = ()) -> Iterator[str]:
    """Start the provider; yield its issuer (``http://127.0.0.1:<port>``)."""
    port = _ledig_port()
    args = [sys.executable, "-m", "oidc_provider_mock", "--host", "127.0.0.1", "--port", str(port)]
    args += ["--require-nonce"]
    for claims in brukere:
        args += ["--user-claims", json.dumps(claims)]
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                if requests.get(f"{url}/.well-known/openid-configuration", timeout=1).ok:
                    break
            except requests.ConnectionError:
                time.sleep(0.05)
            if proc.poll() is not None:
                raise RuntimeError("oidc-provider-mock stoppet")
        else:
            raise RuntimeError("oidc-provider-mock startet ikke")
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def tilbyder_innstillinger(url: str, **ekstra) -> dict:
    """OIDC_TILBYDERE for a test: one provider "testid" on the running mock."""
    return {
        "testid": {
            "navn": "TestID",
            "discovery_url": f"{url}/.well-known/openid-configuration",
            "client_id": "velferdspilot-test",
            "client_secret": "hemmelig",
            "scopes": "openid email profile",
            "acr_values": "",
            "issuer": "",
            **ekstra,
        }
    }


def godkjenn(authorize_url: str, sub: str) -> str:
    """Do what the person does on the provider's page: sign in as ``sub``. Returns
    the redirect back to the portal (with code and state)."""
    svar = requests.post(authorize_url, data={"sub": sub}, allow_redirects=False, timeout=10)
    assert svar.status_code == 302, svar.text
    return svar.headers["Location"]


def sti_og_query(url: str) -> tuple[str, dict]:
    parsed = urlparse(url)
    return parsed.path, {k: v[0] for k, v in parse_qs(parsed.query).items()}
