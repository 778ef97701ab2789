"""System checks of the sign-in settings (``manage.py check``, also at start-up)."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security)
def passord_ved_siden_av_tilbyder(app_configs, **kwargs):
    """Password login beside a provider lets a user who never got an identity skip the
    provider's level of assurance; it is for the demo and for setting up the first
    admin."""
    if settings.PASSORD_INNLOGGING and settings.OIDC_TILBYDERE:
        return [
            Warning(
                "Password login is on beside OpenID Connect providers "
                f"({', '.join(sorted(settings.OIDC_TILBYDERE))}).",
                hint=(
                    "Set DJANGO_PASSWORD_LOGIN=False once the first admin has signed in "
                    "through a provider (users bound to an identity never sign in with a "
                    "password, but everyone else still can)."
                ),
                id="innlogging.W001",
            )
        ]
    return []
