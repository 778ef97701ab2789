"""Texts that are data, kept per language (see kommuner/translation.py)."""

from modeltranslation.translator import TranslationOptions, register

from tilskudd.models import Sporsmal, Tilskuddsordning, Tilskuddsrunde


@register(Tilskuddsordning)
class TilskuddsordningOversettelse(TranslationOptions):
    fields = ("navn",)
    required_languages = ("nb",)
    empty_values = None


@register(Sporsmal)
class SporsmalOversettelse(TranslationOptions):
    # A round's own question and its help text, read by every kommune that applies.
    fields = ("tekst", "hjelpetekst")
    required_languages = ("nb",)
    empty_values = None


@register(Tilskuddsrunde)
class TilskuddsrundeOversettelse(TranslationOptions):
    fields = ("tittel", "beskrivelse", "kriterier")
    required_languages = ("nb",)
    empty_values = None
