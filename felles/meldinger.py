"""Run a service from a view and tell the user how it went (Django messages)."""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError


def utfor(request, action: Callable[[], object], *, ok: str | None = None) -> bool:
    """Call ``action``. On ValidationError each message becomes an error message and
    False is returned; otherwise ``ok`` (if given) is shown and True is returned."""
    try:
        action()
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return False
    if ok:
        messages.success(request, ok)
    return True
