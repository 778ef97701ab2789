"""Meeting series: a series creates its planned meetings."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from felles.meldinger import skjema_utfor

from .. import access, services
from ..forms import MoteserieForm


@login_required
def moteserie_create(request):
    if not access.can_log_any_meeting(request.user):
        raise PermissionDenied
    form = MoteserieForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        pilot, kommune = form.cleaned_data["hvor"]
        if not access.can_log_meeting(request.user, pilot=pilot, kommune=kommune):
            raise PermissionDenied
        if skjema_utfor(
            request,
            form,
            lambda: services.moteserie_create(**form.serie_fields(), opprettet_av=request.user),
            ok=lambda serie: _("%(n)s planlagte møter er opprettet.") % {"n": serie.antall},
        ):
            url = reverse("investering:mote_list")
            return redirect(f"{url}?kommune={kommune.pk}" if kommune else url)
    return render(request, "investering/moteserie_form.html", {"form": form})
