"""Payments of a decision's or an allocation's money (admins)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from felles.meldinger import utfor

from .. import access, forms, services
from ..models import Vedtak


def _registrer(request, form, **grunnlag) -> None:
    if form.is_valid():
        utfor(
            request,
            lambda: services.utbetaling_create(user=request.user, **grunnlag, **form.cleaned_data),
            ok=_("Utbetalingen er registrert."),
        )
    else:
        messages.error(request, _("Utbetalingen ble ikke registrert: sjekk beløp og dato."))


@login_required
@require_POST
@access.require(access.may_register_payment)
def utbetaling_ny(request, pk):
    soknad = access.get_soknad_or_404(request.user, pk)
    vedtak = get_object_or_404(Vedtak.objects.for_user(request.user), soknad=soknad)
    _registrer(request, forms.UtbetalingForm(request.POST), vedtak=vedtak)
    return redirect("tilskudd:soknad", soknad.pk)


@login_required
@require_POST
@access.require(access.may_register_payment)
def tildeling_utbetaling(request, pk):
    tildeling = access.get_tildeling_or_404(request.user, pk)
    _registrer(request, forms.UtbetalingForm(request.POST), tildeling=tildeling)
    return redirect("tilskudd:tildeling", tildeling.pk)
