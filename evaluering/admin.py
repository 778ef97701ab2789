from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from felles.admin import KunLesing, OversattAdmin

from .models import (
    Evalueringsnotat,
    Mal,
    Maloppnaelse,
    Pastand,
    Rapportperiode,
    Refleksjonsskjema,
    Statusrapport,
)


@admin.register(Mal)
class MalAdmin(OversattAdmin, SimpleHistoryAdmin):
    list_display = ["nummer", "tittel", "pilot"]
    list_filter = ["pilot"]


@admin.register(Rapportperiode)
class RapportperiodeAdmin(SimpleHistoryAdmin):
    list_display = ["pilot", "aar", "halvaar", "status"]
    list_filter = ["pilot", "status"]


@admin.register(Maloppnaelse)
class MaloppnaelseAdmin(SimpleHistoryAdmin):
    list_display = ["mal", "periode", "kommune", "vurdering", "dato"]
    list_filter = ["periode__pilot", "vurdering"]
    list_select_related = ["mal", "periode", "kommune"]


class PastandInline(admin.TabularInline):
    model = Pastand
    extra = 0


@admin.register(Refleksjonsskjema)
class RefleksjonsskjemaAdmin(SimpleHistoryAdmin):
    list_display = ["tittel", "pilot", "periode"]
    inlines = [PastandInline]


@admin.register(Evalueringsnotat)
class EvalueringsnotatAdmin(SimpleHistoryAdmin):
    list_display = ["kommune", "periode", "forfatter", "opprettet"]


@admin.register(Statusrapport)
class StatusrapportAdmin(KunLesing, SimpleHistoryAdmin):
    """Read-only: reports are made and published in the portal."""

    list_display = ["periode", "versjon", "status", "generert", "publisert"]
    list_filter = ["status", "periode__pilot"]
