"""Texts that are data, kept per language (django-modeltranslation): each field below has
``_nb``, ``_nn`` and ``_en`` columns beside the base column, which always holds the
bokmål text. Bokmål is required; a reader whose language has no text sees bokmål.
How to add a field: docs/architecture.md, "Texts that are data"."""

from modeltranslation.translator import TranslationOptions, register

from kommuner.kunnskap.models import Indikator


@register(Indikator)
class IndikatorOversettelse(TranslationOptions):
    fields = ("navn", "beskrivelse", "definisjon")
    required_languages = ("nb",)
    # An empty nynorsk or English text is NULL, not "": the unique name holds per language.
    empty_values = None
