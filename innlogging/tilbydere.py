"""The OpenID Connect providers named in settings (``OIDC_TILBYDERE``), with each
one's discovery document fetched once and kept in the cache for an hour."""

from __future__ import annotations

from dataclasses import dataclass

import requests
from django.conf import settings
from django.core.cache import cache


@dataclass(frozen=True)
class Tilbyder:
    nokkel: str
    navn: str
    client_id: str
    client_secret: str
    scopes: str
    acr_values: str
    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    userinfo_endpoint: str
    jwks_uri: str
    end_session_endpoint: str
    # The one claim the provider's sign-out needs besides ``client_id`` (Entra ID:
    # ``login_hint``), kept in the session as ``logout_hint``; empty: ``client_id`` only.
    # Never the ID token itself (it can carry the national identity number, ``pid``).
    utlogging_claim: str = ""


class TilbyderFeil(Exception):
    """The provider is unknown or its discovery document could not be read."""


class UkjentTilbyder(TilbyderFeil):
    """No provider of that name is configured (a 404, not the provider's fault)."""


def alle() -> list[tuple[str, str]]:
    """(key, name on the button) for each configured provider, without network."""
    return [(nokkel, cfg["navn"]) for nokkel, cfg in settings.OIDC_TILBYDERE.items()]


def hent(nokkel: str) -> Tilbyder:
    cfg = settings.OIDC_TILBYDERE.get(nokkel)
    if cfg is None:
        raise UkjentTilbyder(nokkel)
    cache_key = f"innlogging:discovery:{cfg['discovery_url']}"
    meta = cache.get(cache_key)
    if meta is None:
        try:
            svar = requests.get(cfg["discovery_url"], timeout=settings.OIDC_TIMEOUT)
            svar.raise_for_status()
            meta = svar.json()
            for felt in ("issuer", "authorization_endpoint", "token_endpoint", "jwks_uri"):
                if not meta.get(felt):
                    raise TilbyderFeil(f"{nokkel}: {felt} mangler")
        except (requests.RequestException, ValueError) as exc:
            raise TilbyderFeil(f"{nokkel}: {exc}") from exc
        cache.set(cache_key, meta, 3600)
    return Tilbyder(
        nokkel=nokkel,
        navn=cfg["navn"],
        client_id=cfg["client_id"],
        client_secret=cfg["client_secret"],
        scopes=cfg["scopes"],
        acr_values=cfg["acr_values"],
        issuer=cfg["issuer"] or meta["issuer"],
        authorization_endpoint=meta["authorization_endpoint"],
        token_endpoint=meta["token_endpoint"],
        userinfo_endpoint=meta.get("userinfo_endpoint", ""),
        jwks_uri=meta["jwks_uri"],
        end_session_endpoint=meta.get("end_session_endpoint", ""),
        utlogging_claim=cfg.get("logout_hint_claim", ""),
    )
