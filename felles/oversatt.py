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
