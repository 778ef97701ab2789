"""Run a service from a view and tell the user how it went: the one place a view's
service call meets a ``ValidationError`` (``tools/regler.py`` keeps ``except
ValidationError`` out of views).

- ``utfor``: an action without a form (a button): errors and the success message as
  Django messages.
- ``skjema_utfor``: the service behind a valid form: its errors go on the form
  (``felles.forms.feil_til_skjema``), a stale form (``felles.laas.Foreldet``) answers
  409 and the form carries the version stored now, so that saving again, once the page
  has said who changed what, is a knowing choice; on success the message is shown."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError

from .forms import feil_til_skjema, gjeldende_versjon_i_skjema
from .laas import Foreldet

Melding = str | Callable[[Any], str] | None


def _melding(ok: Melding, verdi) -> str | None:
    return ok(verdi) if callable(ok) else ok


def utfor(request, action: Callable[[], object], *, ok: Melding = None) -> bool:
    """Call ``action``. On ValidationError each message becomes an error message and
    False is returned; otherwise ``ok`` (a text, or a function of what ``action``
    returned) is shown and True is returned."""
    try:
        verdi = action()
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return False
    if melding := _melding(ok, verdi):
        messages.success(request, melding)
    return True


@dataclass
class Utfall:
    """How ``skjema_utfor`` went: true when saved; ``verdi`` is what the service
    returned, ``status`` the answer's status when not saved (409 for a stale form,
    else 200), ``feil`` the service's ``ValidationError`` and ``foreldet`` the same
    when it was a ``Foreldet``."""

    lagret: bool
    verdi: Any = None
    status: int = 200
    feil: ValidationError | None = None
    foreldet: Foreldet | None = None

    def __bool__(self) -> bool:
        return self.lagret


def skjema_utfor(
    request,
    form,
    action: Callable[[], object],
    *,
    ok: Melding = None,
    foreldet_paa_skjema: bool = True,
    konflikt: Iterable[str] = (),
) -> Utfall:
    """Call ``action`` (the service, with what ``form`` cleaned). A ``ValidationError``
    goes on ``form``; ``Foreldet`` too (unless ``foreldet_paa_skjema=False``: the page
    shows the conflict its own way) and the form then carries the stored version. An
    error whose code is in ``konflikt`` (rows changed under a form of many rows) is
    also a stale form: 409, and the view rebuilds the form from the rows as they are
    now and shows ``utfall.feil`` on it. On success ``ok`` (a text, or a function of
    what ``action`` returned) is shown."""
    try:
        verdi = action()
    except Foreldet as exc:
        if "versjon" in form.fields and exc.gjeldende is not None:
            gjeldende_versjon_i_skjema(form, exc)
        if foreldet_paa_skjema:
            feil_til_skjema(form, exc)
        return Utfall(False, status=409, feil=exc, foreldet=exc)
    except ValidationError as exc:
        if getattr(exc, "code", None) in set(konflikt):
            return Utfall(False, status=409, feil=exc)
        return Utfall(False, status=feil_til_skjema(form, exc), feil=exc)
    if melding := _melding(ok, verdi):
        messages.success(request, melding)
    return Utfall(True, verdi)
