"""Texts that are data, kept per language (see kommuner/translation.py)."""

from modeltranslation.translator import TranslationOptions, register

from evaluering.models import Mal, Pastand


@register(Mal)
class MalOversettelse(TranslationOptions):
    fields = ("tittel", "beskrivelse")
    required_languages = ("nb",)
    empty_values = None


@register(Pastand)
class PastandOversettelse(TranslationOptions):
    fields = ("tekst",)
    required_languages = ("nb",)
    empty_values = None
