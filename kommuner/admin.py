from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from .models import BRUKER_SLETTES_IKKE, Bruker, Deltakelse, Etat, Kommune, Pilot
from .services import bruker_deactivate


class ProtectedFirstMixin:
    """When working data protects the object, the delete page lists that data. Django
    would otherwise lead with "you lack permission to delete <read-only model>" for the
    protected rows, although nothing is going to be deleted at all."""

    def get_deleted_objects(self, objs, request):
        to_delete, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        if protected:
            perms_needed = set()
        return to_delete, model_count, perms_needed, protected


@admin.register(Etat)
class EtatAdmin(ProtectedFirstMixin, SimpleHistoryAdmin):
    list_display = ["kortnavn", "navn", "type"]
    list_filter = ["type"]
    search_fields = ["navn", "kortnavn"]


@admin.register(Kommune)
class KommuneAdmin(ProtectedFirstMixin, SimpleHistoryAdmin):
    list_display = ["navn", "kommunenummer", "fylke", "innbyggere", "maalform"]
    list_filter = ["fylke", "maalform"]
    search_fields = ["navn", "kommunenummer"]


class DeltakelseInline(admin.TabularInline):
    model = Deltakelse
    extra = 0
    fields = ["kommune", "status", "investeringsleder", "investeringsleder_etat", "fase"]
    autocomplete_fields = ["kommune"]


@admin.register(Pilot)
class PilotAdmin(ProtectedFirstMixin, SimpleHistoryAdmin):
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
        (_("Person"), {"fields": ["fullt_navn", "etat", "kommune", "sprak"]}),
        (
            _("Roller og tilgang"),
            {
                "fields": ["is_active", "groups", "is_staff", "is_superuser"],
                "description": BRUKER_SLETTES_IKKE,
            },
        ),
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
    actions = ["deaktiver"]

    def has_delete_permission(self, request, obj=None):
        # Users are never deleted: their name stays on everything they did.
        return False

    def delete_view(self, request, object_id, extra_context=None):
        """The delete address explains instead of answering 403."""
        self.message_user(request, BRUKER_SLETTES_IKKE, messages.WARNING)
        return redirect(reverse("admin:kommuner_bruker_change", args=[object_id]))

    @admin.action(description=_("Deaktiver valgte brukere"), permissions=["change"])
    def deaktiver(self, request, queryset):
        antall = 0
        for bruker in queryset:
            if not bruker.is_active:
                continue
            try:
                bruker_deactivate(bruker=bruker, utfort_av=request.user)
            except ValidationError as exc:
                self.message_user(request, " ".join(exc.messages), messages.ERROR)
                continue
            antall += 1
        self.message_user(
            request,
            ngettext(
                "%(antall)d bruker er deaktivert.", "%(antall)d brukere er deaktivert.", antall
            )
            % {"antall": antall},
            messages.SUCCESS,
        )


from .kunnskap import admin as kunnskap_admin  # noqa: E402, F401 - registers its models
