from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import Bruker, Deltakelse, Etat, Kommune, Pilot


@admin.register(Etat)
class EtatAdmin(SimpleHistoryAdmin):
    list_display = ["kortnavn", "navn", "type"]
    list_filter = ["type"]
    search_fields = ["navn", "kortnavn"]


@admin.register(Kommune)
class KommuneAdmin(SimpleHistoryAdmin):
    list_display = ["navn", "kommunenummer", "fylke", "innbyggere"]
    list_filter = ["fylke"]
    search_fields = ["navn", "kommunenummer"]


class DeltakelseInline(admin.TabularInline):
    model = Deltakelse
    extra = 0
    fields = ["kommune", "status", "investeringsleder", "investeringsleder_etat", "fase"]
    autocomplete_fields = ["kommune"]


@admin.register(Pilot)
class PilotAdmin(SimpleHistoryAdmin):
    list_display = ["navn", "piloteier", "start", "slutt"]
    prepopulated_fields = {"slug": ["navn"]}
    inlines = [DeltakelseInline]


@admin.register(Deltakelse)
class DeltakelseAdmin(SimpleHistoryAdmin):
    list_display = ["kommune", "pilot", "status", "investeringsleder_etat", "fase"]
    list_filter = ["pilot", "status"]
    list_select_related = ["kommune", "pilot", "investeringsleder_etat"]


@admin.register(Bruker)
class BrukerAdmin(UserAdmin):
    ordering = ["fullt_navn"]
    list_display = ["email", "fullt_navn", "etat", "kommune", "is_active"]
    list_filter = ["groups", "etat", "is_active"]
    search_fields = ["email", "fullt_navn"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Person"), {"fields": ["fullt_navn", "etat", "kommune"]}),
        (_("Roller og tilgang"), {"fields": ["is_active", "groups", "is_staff", "is_superuser"]}),
        (_("Datoer"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": ["email", "fullt_navn", "etat", "kommune", "password1", "password2"],
            },
        )
    ]


from . import admin_kunnskap  # noqa: E402, F401  (issue 3: knowledge base)
