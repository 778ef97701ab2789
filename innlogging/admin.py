"""The Django admin's user page, with its "Deaktiver valgte brukere" going through the
same service as the portal's user pages (``services.bruker_deaktiver``): the last
active admin stays, and each deactivation is in the user's event log."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from kommuner.admin import BrukerAdmin
from kommuner.models import Bruker

from . import services


class BrukerMedLoggAdmin(BrukerAdmin):
    @admin.action(description=_("Deaktiver valgte brukere"), permissions=["change"])
    def deaktiver(self, request, queryset):
        antall = 0
        for bruker in queryset:
            if not bruker.is_active:
                continue
            try:
                services.bruker_deaktiver(bruker=bruker, utfort_av=request.user)
            except ValidationError as exc:
                self.message_user(
                    request, f"{bruker.email}: {' '.join(exc.messages)}", messages.ERROR
                )
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


admin.site.unregister(Bruker)
admin.site.register(Bruker, BrukerMedLoggAdmin)
