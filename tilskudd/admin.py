"""Django admin for catalogue upkeep (schemes). Money rows (pots, decisions,
allocations, payments, reports) are changed only in the portal's own pages, where
the services enforce the rules; here they can be read, with their history."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from felles.admin import KunLesing, OversattAdmin

from .models import (
    Dokument,
    Pott,
    Rapport,
    Soknad,
    Tildeling,
    Tilskuddsordning,
    Tilskuddsrunde,
    Utbetaling,
    Vedtak,
    Vedtaksversjon,
)


@admin.register(Tilskuddsordning)
class TilskuddsordningAdmin(OversattAdmin, SimpleHistoryAdmin):
    list_display = ["navn", "kapittel", "post", "eier"]
    search_fields = ["navn", "aliaser"]


class ReadOnlyAdmin(KunLesing, SimpleHistoryAdmin):
    pass


@admin.register(Pott)
class PottAdmin(ReadOnlyAdmin):
    list_display = ["navn", "aar", "total"]


@admin.register(Tilskuddsrunde)
class TilskuddsrundeAdmin(ReadOnlyAdmin):
    list_display = ["tittel", "pott", "aapner", "stenger"]


@admin.register(Soknad)
class SoknadAdmin(ReadOnlyAdmin):
    list_display = ["tittel", "kommune", "runde", "status", "belop_sokt"]
    list_filter = ["status"]


@admin.register(Vedtak)
class VedtakAdmin(ReadOnlyAdmin):
    list_display = ["soknad", "utfall", "belop_innvilget", "versjon", "vedtatt_av", "vedtatt"]


@admin.register(Vedtaksversjon)
class VedtaksversjonAdmin(ReadOnlyAdmin):
    list_display = ["vedtak", "nummer", "utfall", "belop_innvilget", "vedtatt_av", "vedtatt"]


@admin.register(Tildeling)
class TildelingAdmin(ReadOnlyAdmin):
    list_display = ["pott", "kommune", "etat", "belop"]


@admin.register(Utbetaling)
class UtbetalingAdmin(ReadOnlyAdmin):
    list_display = ["pott", "kommune", "belop", "dato", "referanse"]


@admin.register(Rapport)
class RapportAdmin(ReadOnlyAdmin):
    list_display = ["kommune", "periode", "brukt_belop", "ubrukt_belop", "godkjent"]


@admin.register(Dokument)
class DokumentAdmin(KunLesing, admin.ModelAdmin):
    """Documents of record: read here, never changed (they have no history: a row is
    never saved twice)."""

    list_display = ["dokumentnummer", "dato", "retning", "slag", "tittel", "avsender", "mottaker"]
    list_select_related = ["soknad"]
    list_filter = ["retning", "slag"]
