"""Meeting series: a series creates its planned meetings."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from felles.forms import feil_til_skjema

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
        try:
            serie = services.moteserie_create(**form.serie_fields(), opprettet_av=request.user)
        except ValidationError as exc:
            feil_til_skjema(form, exc)
        else:
            messages.success(
                request,
                _("%(n)s planlagte møter er opprettet.") % {"n": serie.antall},
            )
            url = reverse("investering:mote_list")
            return redirect(f"{url}?kommune={kommune.pk}" if kommune else url)
    return render(request, "investering/moteserie_form.html", {"form": form})
