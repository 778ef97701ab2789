"""Django admin for the knowledge base: admins keep the indicator catalogue and the
virkemiddel catalogue here; values are read-only (they change through the services)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from felles.admin import KunLesing, OversattAdmin

from .models import (
    Indikator,
    Indikatorverdi,
    Kommunenummerendring,
    Nullpunkt,
    SsbKilde,
    SsbKjoring,
    SsbKonflikt,
    Tiltak,
    Utfordringsbilde,
    Vedlegg,
    Virkemiddel,
)


@admin.register(Indikator)
class IndikatorAdmin(OversattAdmin, SimpleHistoryAdmin):
    list_display = ["navn", "tema", "enhet", "retning", "aktiv", "rekkefolge"]
    list_filter = ["tema", "aktiv"]
    search_fields = ["navn", "kilde"]


@admin.register(Virkemiddel)
class VirkemiddelAdmin(SimpleHistoryAdmin):
    list_display = ["navn", "etat", "type", "tema", "aktiv"]
    list_filter = ["tema", "type", "etat"]
    search_fields = ["navn", "beskrivelse"]


class LeseAdmin(KunLesing, SimpleHistoryAdmin):
    """Working data is changed in the portal only; not deleted here either: a tiltak
    named in an application or an assessment would drop out of it silently."""


@admin.register(Indikatorverdi)
class IndikatorverdiAdmin(LeseAdmin):
    list_display = ["kommune", "indikator", "periode", "verdi", "status"]
    list_filter = ["status", "indikator", "periode"]


@admin.register(Nullpunkt)
class NullpunktAdmin(LeseAdmin):
    list_display = ["kommune", "indikator", "periode", "verdi"]


@admin.register(Tiltak)
class TiltakAdmin(LeseAdmin):
    list_display = ["navn", "kommune", "fokusomrade", "status"]
    list_filter = ["status", "kommune"]


@admin.register(Utfordringsbilde)
class UtfordringsbildeAdmin(LeseAdmin):
    list_display = ["kommune", "tema", "endret"]


@admin.register(Vedlegg)
class VedleggAdmin(admin.ModelAdmin):
    list_display = ["navn", "kommune", "type", "storrelse", "lastet_opp"]
    # The file itself is not linked here: it is served only through the access-checking
    # view on the kommune's Vedlegg page.
    fields = ["kommune", "navn", "beskrivelse", "type", "storrelse", "lastet_opp_av", "lastet_opp"]
    readonly_fields = ["kommune", "navn", "type", "storrelse", "lastet_opp_av", "lastet_opp"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        # Deleted by the kommune on its Vedlegg page (``vedlegg_delete``), file and all.
        return False


# SSB: set up and run in the portal (/kommuner/ssb/); read-only here.
@admin.register(SsbKilde)
class SsbKildeAdmin(LeseAdmin):
    list_display = ["indikator", "tabell", "innhold", "periodetype", "aktiv"]


@admin.register(SsbKjoring)
class SsbKjoringAdmin(KunLesing, admin.ModelAdmin):
    """The record of each fetch from SSB (when, what came, what conflicted), written by
    the fetch: shown here, never added, changed or deleted."""

    list_display = ["kilde", "opprettet", "status", "nye", "reviderte", "konflikter"]
    list_filter = ["status"]


@admin.register(SsbKonflikt)
class SsbKonfliktAdmin(LeseAdmin):
    list_display = ["verdi", "ssb_verdi", "valg", "opprettet"]


@admin.register(Kommunenummerendring)
class KommunenummerendringAdmin(admin.ModelAdmin):
    list_display = ["gammelt_nummer", "nytt_nummer", "gyldig_fra"]
    search_fields = ["gammelt_nummer", "nytt_nummer", "gammelt_navn", "nytt_navn"]
