"""The one guard against lost updates ("an old form posted late", "two admins at once").

A row that people edit through a form carries a ``versjon`` (a positive integer, 1 when
made). The form carries the version it was opened at; the service locks the row,
compares the two and refuses the save with ``Foreldet`` when somebody saved in between,
and otherwise moves the version on with ``ny_versjon`` as it saves. Every service that
takes a form's version does it through here: ``laas`` (lock and compare),
``sjekk_versjon`` (compare a row the service locked itself, e.g. several at once) and
``ny_versjon``. Views show ``Foreldet`` like any service ``ValidationError``
(``felles.forms.feil_til_skjema``, which answers 409 for it); it also carries the row as
it is now and, when asked for, what changed and who saved it.

Call these inside the service's ``transaction.atomic``: the lock lasts until it ends."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import TypeVar

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

M = TypeVar("M", bound=models.Model)

# The error code of a stale form, for views and tests that look at codes.
FORELDET = "foreldet"


class Foreldet(ValidationError):
    """The row changed after the form was opened; nothing is saved.

    ``gjeldende`` is the row as stored now (locked), ``endringer`` the fields changed
    since the form's version (``felt``, ``navn``, ``forrige``, ``ny``; empty unless the
    service asked for them) and ``endret_av`` who saved last. ``melding`` is the
    Norwegian message, or a function of this exception that writes it."""

    def __init__(
        self,
        melding: str | Callable[[Foreldet], str],
        *,
        gjeldende: models.Model | None = None,
        endringer: Iterable[dict] = (),
        endret_av: str = "",
    ):
        self.gjeldende = gjeldende
        self.endringer = list(endringer)
        self.endret_av = endret_av
        super().__init__(melding(self) if callable(melding) else melding, code=FORELDET)


def lagret_etter(hva: str) -> Callable[[Foreldet], str]:
    """The one "somebody saved it after you opened the form" message, for a ``laas`` or
    ``sjekk_versjon`` that asks for ``felt``: who saved ``hva`` (the thing, in the
    definite form: "regelhinderet", "møtet"), which fields changed, that nothing was
    saved and that the user's text is still in the form."""

    def melding(exc: Foreldet) -> str:
        endret = ", ".join(e["navn"].lower() for e in exc.endringer)
        if endret:
            return _(
                "%(navn)s har lagret %(hva)s etter at du åpnet skjemaet (endret: "
                "%(felt)s). Ingenting er lagret. Teksten din står fortsatt i skjemaet: "
                "se over, og lagre på nytt hvis den skal gjelde."
            ) % {"navn": exc.endret_av, "hva": hva, "felt": endret}
        return _(
            "%(navn)s har lagret %(hva)s etter at du åpnet skjemaet. Ingenting er "
            "lagret. Teksten din står fortsatt i skjemaet: se over, og lagre på nytt "
            "hvis den skal gjelde."
        ) % {"navn": exc.endret_av, "hva": hva}

    return melding


def sjekk_versjon(
    rad: M,
    *,
    versjon: int | None,
    melding: str | Callable[[Foreldet], str],
    felt: Iterable[str] = (),
) -> M:
    """Refuse with ``Foreldet`` when ``rad`` (read under a lock) is no longer at
    ``versjon``, the version the form was opened at. ``versjon=None`` means the caller
    has no form version (a script, the demo seed) and checks nothing. With ``felt``,
    the exception names which of those fields changed since, read from the row's
    history (django-simple-history, whose rows carry the version)."""
    if versjon is None or rad.versjon == versjon:
        return rad
    endringer, endret_av = endringer_siden(rad, versjon=versjon, felt=felt) if felt else ([], "")
    raise Foreldet(melding, gjeldende=rad, endringer=endringer, endret_av=endret_av)


def laas(
    rader: models.QuerySet[M] | type[M],
    *,
    pk: object,
    versjon: int | None,
    melding: str | Callable[[Foreldet], str],
    felt: Iterable[str] = (),
) -> M:
    """Lock the row ``pk`` of ``rader`` (a model or a queryset, e.g. with its
    ``select_related``), read it as stored now and check it against the form's
    ``versjon`` (``sjekk_versjon``). Returns the locked row, to change and save."""
    qs = rader._default_manager.all() if isinstance(rader, type) else rader
    # ``of=self``: only this table's row, so that a nullable ``select_related`` join
    # does not stop PostgreSQL from locking.
    rad = qs.select_for_update(of=("self",)).get(pk=pk)
    return sjekk_versjon(rad, versjon=versjon, melding=melding, felt=felt)


def ny_versjon(rad: models.Model) -> int:
    """Move the version on before a save: a new row is version 1, each save of a
    changed row one more, so that a form opened before it is refused."""
    rad.versjon = 1 if rad.pk is None else (rad.versjon or 0) + 1
    return rad.versjon


def _vis(rad, field: str):
    value = getattr(rad, field)
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%d.%m.%Y %H:%M")
    display = getattr(rad, f"get_{field}_display", None)
    if display is not None:
        return str(display())
    if isinstance(value, bool):
        return _("ja") if value else _("nei")
    return value


def endringer_siden(rad: models.Model, *, versjon: int, felt: Iterable[str]) -> tuple[list, str]:
    """What changed in ``rad`` among ``felt`` since ``versjon``, read from its history,
    and who saved it last. Each change is ``felt``, ``navn`` (the field's label),
    ``forrige`` (None when that version is not in the history) and ``ny``."""
    gammel = rad.history.filter(versjon=versjon).order_by("-history_date").first()
    siste = rad.history.order_by("-history_date").select_related("history_user").first()
    endret_av = str(siste.history_user) if siste and siste.history_user else _("ukjent")
    endringer = []
    for field in felt:
        ny = _vis(rad, field)
        forrige = _vis(gammel, field) if gammel else None
        if gammel is None or ny != forrige:
            navn = capfirst(rad._meta.get_field(field).verbose_name)
            endringer.append({"felt": field, "navn": str(navn), "forrige": forrige, "ny": ny})
    return endringer, endret_av
