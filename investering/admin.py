"""Django admin for the investment team: the team and its members are kept here
(the investment leader per kommune is on kommuner.Deltakelse)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Beslutning,
    Investeringsteam,
    Mote,
    Moteserie,
    Oppfolgingspunkt,
    Regelhinder,
    Teammedlem,
)


class TeammedlemInline(admin.TabularInline):
    model = Teammedlem
    extra = 0
    autocomplete_fields = ["bruker"]


@admin.register(Investeringsteam)
class InvesteringsteamAdmin(SimpleHistoryAdmin):
    list_display = ["navn", "pilot"]
    inlines = [TeammedlemInline]


class BeslutningInline(admin.TabularInline):
    model = Beslutning
    extra = 0


class OppfolgingspunktInline(admin.TabularInline):
    model = Oppfolgingspunkt
    fk_name = "mote"
    extra = 0
    fields = ["tekst", "ansvarlig_bruker", "ansvarlig_etat", "frist", "status"]


@admin.register(Mote)
class MoteAdmin(SimpleHistoryAdmin):
    list_display = ["start", "kommune", "type", "status", "skrevet_av"]
    list_filter = ["type", "status", "pilot", "kommune"]
    search_fields = ["tittel", "referat"]
    date_hierarchy = "start"
    inlines = [BeslutningInline, OppfolgingspunktInline]
    readonly_fields = ["versjon"]


@admin.register(Moteserie)
class MoteserieAdmin(SimpleHistoryAdmin):
    list_display = ["tittel", "kommune", "intervall", "forste_start", "antall"]


@admin.register(Regelhinder)
class RegelhinderAdmin(SimpleHistoryAdmin):
    list_display = ["tittel", "kommune", "etat", "status"]
    list_filter = ["status", "etat"]
    search_fields = ["tittel", "beskrivelse", "regel"]
