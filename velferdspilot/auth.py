"""Login helpers."""

from django.contrib.auth.forms import PasswordChangeForm


def axes_username(request, credentials) -> str | None:
    """The username django-axes locks on: the email, lower-cased, so that
    'Kari@Demo.no' and 'kari@demo.no' count as the same person (as the login does)."""
    source = credentials if credentials else request.POST
    username = (source or {}).get("username")
    return username.strip().lower() if username else None


class PassordEndreSkjema(PasswordChangeForm):
    """Django's password-change form. Unbound, its fields are the same for everyone:
    three password inputs, their labels and the password rules of the settings, with
    no initial value and nothing of the user. So ``{% bootstrap_felter %}`` writes them
    once per process and language (``velferdspilot.templatetags.skjema``); a posted
    form, with its errors, is written anew."""

    felter_like_for_alle = True
