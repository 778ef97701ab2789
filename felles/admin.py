from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from . import oversatt, varselslag
from .models import Jobb, Utsending, Varsel


class KunLesing:
    """An admin page that shows rows and changes none: what the portal's services
    write (money, decisions, working data, reports, notifications) is neither added,
    changed nor deleted here, where no service rule would hold."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class OversattAdmin(TranslationAdmin):
    """The admin page of a model with texts that are data (felles.oversatt): one field
    per language (bokmål required) instead of the base field, and saved so that the base
    column keeps the bokmål text whatever the admin's language."""

    def save_model(self, request, obj, form, change):
        with oversatt.bokmal():
            super().save_model(request, obj, form, change)


@admin.register(Jobb)
class JobbAdmin(admin.ModelAdmin):
    list_display = ["pk", "oppgave", "status", "opprettet", "overlevert", "ferdig", "forsok"]
    list_filter = ["status", "oppgave"]
    readonly_fields = [f.name for f in Jobb._meta.fields]


@admin.register(Utsending)
class UtsendingAdmin(admin.ModelAdmin):
    list_display = ["nokkel", "mottaker", "sendt"]
    search_fields = ["nokkel", "mottaker"]
    readonly_fields = ["nokkel", "mottaker", "sendt"]


class SlagFilter(admin.SimpleListFilter):
    """The registered kinds by their labels (the column keeps no choices:
    ``felles.varselslag``)."""

    title = _("type")
    parameter_name = "slag"

    def lookups(self, request, model_admin):
        return [(slag, varselslag.navn(slag)) for slag in varselslag.alle()]

    def queryset(self, request, queryset):
        return queryset.filter(slag=self.value()) if self.value() else queryset


@admin.register(Varsel)
class VarselAdmin(KunLesing, admin.ModelAdmin):
    """Read-only: notifications are made by ``felles.varsler.varsle`` and read by their
    owner in the portal."""

    list_display = ["vist_tittel", "mottaker", "slagnavn", "opprettet", "lest"]
    list_filter = [SlagFilter]
    # The stored title is in the portal's language; the list shows the admin's own.
    search_fields = ["tittel", "mottaker__email", "noekkel"]
    list_select_related = ["mottaker"]

    @admin.display(description=_("type"), ordering="slag")
    def slagnavn(self, varsel: Varsel) -> str:
        return varselslag.navn(varsel.slag)

    @admin.display(description=_("tittel"), ordering="tittel")
    def vist_tittel(self, varsel: Varsel) -> str:
        return varsel.visningstittel
