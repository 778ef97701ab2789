"""Reports on the use of granted money: the kommune writes them, an admin approves."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from felles.meldinger import skjema_utfor, utfor

from .. import access, forms, services
from ..models import Rapport, Vedtak


def _rapport_form_view(request, *, soknad=None, vedtak=None, tildeling=None, back: str):
    form = forms.RapportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if skjema_utfor(
            request,
            form,
            lambda: services.rapport_submit(
                vedtak=vedtak,
                tildeling=tildeling,
                user=request.user,
                periode=data["periode"],
                beskrivelse=data["beskrivelse"],
                brukt_belop=data["brukt_belop"],
                ubrukt_belop=data["ubrukt_belop"] or 0,
                ubrukt_disponering=data["ubrukt_disponering"],
            ),
            ok=_("Rapporten er sendt inn."),
        ):
            return redirect(back)
    return render(
        request,
        "tilskudd/rapport_form.html",
        {
            "form": form,
            "innvilget": services.innvilget_belop(vedtak=vedtak, tildeling=tildeling),
            "back": back,
            "soknad": soknad,
            "tildeling": tildeling,
        },
    )


@login_required
def rapport_ny(request, pk):
    soknad = access.get_editable_soknad(request.user, pk)
    vedtak = get_object_or_404(Vedtak.objects.for_user(request.user), soknad=soknad)
    return _rapport_form_view(
        request, soknad=soknad, vedtak=vedtak, back=reverse("tilskudd:soknad", args=[soknad.pk])
    )


@login_required
def tildeling_rapport(request, pk):
    tildeling = access.get_tildeling_or_404(request.user, pk)
    if not access.may_report_on_tildeling(request.user, tildeling):
        raise PermissionDenied
    return _rapport_form_view(
        request, tildeling=tildeling, back=reverse("tilskudd:tildeling", args=[tildeling.pk])
    )


@login_required
@require_POST
@access.require(access.may_approve_report)
def rapport_godkjenn(request, pk):
    rapport = get_object_or_404(Rapport.objects.for_user(request.user), pk=pk)
    utfor(
        request,
        lambda: services.rapport_approve(rapport=rapport, user=request.user),
        ok=_("Rapporten er godkjent."),
    )
    if rapport.vedtak_id:
        return redirect("tilskudd:soknad", rapport.vedtak.soknad_id)
    return redirect("tilskudd:tildeling", rapport.tildeling_id)
