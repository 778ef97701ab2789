"""Texts that are data, kept per language (django-modeltranslation; the apps' translation.py
say which fields): the few helpers every app uses with them, written once.

A translated field ``navn`` has the columns ``navn_nb``, ``navn_nn`` and ``navn_en``; the
base column ``navn`` always holds the bokmål text (services save under ``bokmal()``), so
what reads the base column (history, the journal, raw SQL) reads bokmål. Reading
``obj.navn`` gives the active language's text, or bokmål where that language has none.
"""

from contextlib import AbstractContextManager

from django.conf import settings
from django.utils import translation

SPRAK = ("nb", "nn", "en")
BOKMAL = "nb"


def sprakfelt(*felter: str) -> list[str]:
    """The per-language columns of ``felter``: for ``HistoricalRecords(excluded_fields=…)``
    (the history keeps the base column, i.e. the bokmål text)."""
    return [f"{felt}_{sprak}" for felt in felter for sprak in SPRAK]


def bokmal() -> AbstractContextManager:
    """Save rows with translated fields inside this, so the base column (and the history
    row) gets the bokmål text whatever the editor's interface language."""
    return translation.override(settings.MODELTRANSLATION_DEFAULT_LANGUAGE)


def mangler(obj, felt: str) -> list[str]:
    """The languages (besides bokmål) in which ``obj`` has no text for ``felt``, where its
    bokmål text is not empty: a reader in one of them sees the bokmål text instead."""
    if not getattr(obj, f"{felt}_{BOKMAL}", None):
        return []
    return [sprak for sprak in SPRAK[1:] if not getattr(obj, f"{felt}_{sprak}", None)]


def tom_som_null(verdi):
    """An empty nynorsk or English text is stored as NULL (no text: the reader sees
    bokmål), never "" (which would also collide in a unique name)."""
    return verdi if verdi not in ("", None) else None


def sett_tekster(obj, felter: tuple[str, ...], verdier: dict) -> None:
    """Put the texts of ``felter`` from ``verdier`` on ``obj``: ``felt`` is the bokmål
    text, ``felt_nn`` and ``felt_en`` the others (empty: none). Only the keys given are
    set. Call it, and save, inside ``bokmal()``."""
    for felt in felter:
        if felt in verdier:
            setattr(obj, f"{felt}_{BOKMAL}", verdier[felt])
            setattr(obj, felt, verdier[felt])
        for sprak in SPRAK[1:]:
            if f"{felt}_{sprak}" in verdier:
                setattr(obj, f"{felt}_{sprak}", tom_som_null(verdier[f"{felt}_{sprak}"]))


def tekster(obj, felter: tuple[str, ...]) -> dict:
    """The stored texts of ``felter`` in every language, as a form's initial values
    (``felt`` is the bokmål text)."""
    if obj is None:
        return {}
    verdier = {}
    for felt in felter:
        verdier[felt] = getattr(obj, f"{felt}_{BOKMAL}") or ""
        for sprak in SPRAK[1:]:
            verdier[f"{felt}_{sprak}"] = getattr(obj, f"{felt}_{sprak}") or ""
    return verdier


class PerSprak(dict):
    """A text that is data in every language it has (``{"nb": …, "nn": …}``), as a
    notification title's parameter: the title shows the reader's language, else bokmål
    (``felles.models.tittel_param_json``)."""

    def vis(self, sprak: str | None = None) -> str:
        sprak = sprak or translation.get_language() or BOKMAL
        return self.get(sprak) or self.get(BOKMAL) or ""


def per_sprak(obj, felt: str) -> PerSprak:
    """``obj``'s text ``felt`` in every language it has: for a notification's title."""
    return PerSprak(
        {
            sprak: getattr(obj, f"{felt}_{sprak}")
            for sprak in SPRAK
            if getattr(obj, f"{felt}_{sprak}")
        }
    )
