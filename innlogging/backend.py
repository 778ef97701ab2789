"""mozilla-django-oidc's backend, made to serve several providers: the provider is
chosen per request (``tilbyder``) instead of from fixed settings. The library does the
token request (with the PKCE verifier), the signature check against the provider's
JWKS and the nonce check; we add the issuer and audience checks (the library does
neither) and find the user through an invitation instead of creating one."""

from __future__ import annotations

import jwt
import requests
from django.contrib.auth import get_user_model
from django.core.exceptions import SuspiciousOperation
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.utils import import_from_settings

from kommuner.backends import RolleBackend

from . import services
from .tilbydere import Tilbyder


class OIDCBackend(OIDCAuthenticationBackend):
    def __init__(self, *args, **kwargs):
        # The library reads one provider's endpoints from settings here; ours are set
        # per request in ``authenticate``.
        self.UserModel = get_user_model()
        self.tilbyder: Tilbyder | None = None
        # The provider's sign-out hint (``Tilbyder.utlogging_claim``), for the session.
        self.utloggingshint = ""

    def get_user(self, user_id):
        """The signed-in user as every request loads it, whichever way they signed in:
        with its roles and unread count in one query, and None when deactivated
        (``kommuner.backends.RolleBackend``; the library's own reads the bare user)."""
        return RolleBackend().get_user(user_id)

    def get_settings(self, attr, *args):
        if self.tilbyder is not None and attr == "OIDC_RP_SCOPES":
            return self.tilbyder.scopes
        return import_from_settings(attr, *args)

    def authenticate(self, request, tilbyder: Tilbyder | None = None, **kwargs):
        """Only the callback view passes ``tilbyder``; a password login passes none."""
        if request is None or tilbyder is None:
            return None
        self.tilbyder = tilbyder
        self.OIDC_OP_TOKEN_ENDPOINT = tilbyder.token_endpoint
        self.OIDC_OP_USER_ENDPOINT = tilbyder.userinfo_endpoint
        self.OIDC_OP_JWKS_ENDPOINT = tilbyder.jwks_uri
        self.OIDC_RP_CLIENT_ID = tilbyder.client_id
        self.OIDC_RP_CLIENT_SECRET = tilbyder.client_secret
        self.OIDC_RP_SIGN_ALGO = import_from_settings("OIDC_RP_SIGN_ALGO", "RS256")
        self.OIDC_RP_IDP_SIGN_KEY = None
        self.invitasjon_token = kwargs.pop("invitasjon_token", None)
        return super().authenticate(request, **kwargs)

    def retrieve_matching_jwk(self, token):
        """By ``kid`` (the library's way) when the token names its key; a token with no
        ``kid`` is checked against the provider's key only when it publishes just one."""
        if "kid" in jwt.get_unverified_header(token):
            return super().retrieve_matching_jwk(token)
        svar = requests.get(self.OIDC_OP_JWKS_ENDPOINT, timeout=self.get_settings("OIDC_TIMEOUT"))
        svar.raise_for_status()
        keys = svar.json().get("keys", [])
        if len(keys) != 1:
            raise SuspiciousOperation("Could not find a valid JWKS.")
        return jwt.PyJWK(keys[0])

    def verify_token(self, token, **kwargs):
        payload = super().verify_token(token, **kwargs)
        if payload.get("iss") != self.tilbyder.issuer:
            raise services.Avvist("feil_utsteder")
        aud = payload.get("aud")
        audiences = aud if isinstance(aud, list) else [aud]
        if self.tilbyder.client_id not in audiences:
            raise services.Avvist("ugyldig_svar")
        return payload

    def get_userinfo(self, access_token, id_token, payload):
        """The ID token's claims, completed by the userinfo endpoint when there is one
        (the ID token's ``sub`` wins: it is the one whose signature we checked)."""
        claims = dict(payload)
        if self.OIDC_OP_USER_ENDPOINT:
            info = super().get_userinfo(access_token, id_token, payload)
            if info.get("sub") not in (None, payload.get("sub")):
                raise services.Avvist("ugyldig_svar")
            claims = {**info, **payload}
        return claims

    def verify_claims(self, claims):
        return bool(claims.get("sub"))

    def store_tokens(self, access_token, id_token):
        """Nothing of the tokens goes into the session (it is a database row, and the
        ID token may carry ``pid``), whatever the settings say."""

    def get_or_create_user(self, access_token, id_token, payload):
        claims = self.get_userinfo(access_token, id_token, payload)
        if self.tilbyder.utlogging_claim:
            self.utloggingshint = str(claims.get(self.tilbyder.utlogging_claim) or "")[:500]
        return services.innlogging_resolve(
            issuer=self.tilbyder.issuer,
            sub=str(payload.get("sub") or ""),
            claims=claims,
            invitasjon_token=self.invitasjon_token,
        )
