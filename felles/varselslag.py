"""The kinds of notification, registered by the apps that send them.

felles keeps the mechanism (``felles.varsler.varsle``, the opt-out ``EpostAvmelding``
and its page) and knows no kind: each app declares its own in its ``varsler.py``
(``tilskudd/varsler.py``, ``evaluering/varsler.py``, …) with ``registrer``, imported
by the app's ``AppConfig.ready``. A kind is stored on ``Varsel.slag`` and
``EpostAvmelding.slag`` as plain text, checked against this registry
(``sjekk_slag``), so a new kind needs no migration of felles. ``varsle`` refuses a
kind nobody registered; the opt-out page lists the registered kinds by app."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Slag:
    """One kind: its stored value, its label (lazy, shown on the opt-out page and in
    the email's footer) and the app that sends it (the page groups by it)."""

    verdi: str
    navn: str | Promise
    app: str


_REGISTER: dict[str, Slag] = {}

# The longest value the column holds (``Varsel.slag``, ``EpostAvmelding.slag``).
MAKS_LENGDE = 40


def registrer(app: str, verdi: str, navn: str | Promise) -> str:
    """Register the kind ``verdi`` for the app labelled ``app`` (its ``AppConfig``
    label); returns ``verdi`` for a module constant. Registering the same kind again
    with the same app is harmless (a module imported twice); another app's is refused."""
    if not verdi or len(verdi) > MAKS_LENGDE:
        raise ValueError(f"Ugyldig varseltype: {verdi!r}")
    finnes = _REGISTER.get(verdi)
    if finnes is not None and finnes.app != app:
        raise ValueError(f"Varseltypen {verdi!r} er allerede registrert av {finnes.app}")
    _REGISTER[verdi] = Slag(verdi=verdi, navn=navn, app=app)
    return verdi


def er_registrert(verdi: str) -> bool:
    return verdi in _REGISTER


def alle() -> list[str]:
    """Every registered kind, in the order registered."""
    return list(_REGISTER)


def navn(verdi: str) -> str | Promise:
    """The label of a kind; the stored value for a kind no longer registered."""
    slag = _REGISTER.get(verdi)
    return slag.navn if slag is not None else verdi


def per_app() -> list[tuple[str, list[Slag]]]:
    """The registered kinds grouped by app, the apps in the order of
    ``INSTALLED_APPS``: ``[(app label, [Slag, …]), …]``."""
    from django.apps import apps

    rekkefolge = {config.label: i for i, config in enumerate(apps.get_app_configs())}
    grupper: dict[str, list[Slag]] = {}
    for slag in _REGISTER.values():
        grupper.setdefault(slag.app, []).append(slag)
    return sorted(grupper.items(), key=lambda par: rekkefolge.get(par[0], len(rekkefolge)))


def app_navn(app: str) -> str | Promise:
    """The name the opt-out page shows over an app's kinds: its ``verbose_name``."""
    from django.apps import apps

    try:
        return apps.get_app_config(app).verbose_name
    except LookupError:
        return app


def sjekk_slag(verdi: str) -> None:
    """The validator of the ``slag`` columns: a registered kind."""
    if not er_registrert(verdi):
        raise ValidationError(_("Ukjent varseltype: %(slag)s"), params={"slag": verdi})
