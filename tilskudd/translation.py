"""Texts that are data, kept per language (see kommuner/translation.py)."""

from modeltranslation.translator import TranslationOptions, register

from tilskudd.models import Tilskuddsordning, Tilskuddsrunde


@register(Tilskuddsordning)
class TilskuddsordningOversettelse(TranslationOptions):
    fields = ("navn",)
    required_languages = ("nb",)
    empty_values = None


@register(Tilskuddsrunde)
class TilskuddsrundeOversettelse(TranslationOptions):
    fields = ("tittel", "beskrivelse", "kriterier")
    required_languages = ("nb",)
    empty_values = None
