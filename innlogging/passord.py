"""Password login never signs in a user bound to a provider's identity: such a user
signs in through the provider, with its level of assurance and its blocks. This
backend stands before the password backend (``kommuner.backends.RolleBackend``) and
stops the attempt (``PermissionDenied`` ends Django's ``authenticate``) when the email
belongs to a bound user. It has no ``get_user``: it never loads a session's user."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from .models import Identitet


class BundetIdentitetBackend:
    def authenticate(self, request, username=None, password=None, **kwargs):
        if username and Identitet.objects.filter(bruker__email__iexact=username).exists():
            raise PermissionDenied
        return None
