"""Tiltak, the challenge picture and the attachments of a kommune."""

from __future__ import annotations

import copy

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from felles.meldinger import skjema_utfor
from felles.vedlegg import vedlegg_response

from ... import access
from .. import access as access_kunnskap
from .. import selectors as sel
from .. import services as svc
from ..forms import TiltakForm, UtfordringsbildeForm, VedleggForm
from ..models import Tiltak
from ._felles import _ctx, _kommune


@login_required
def tiltak_list(request, kommunenummer):
    kommune = _kommune(request, kommunenummer)
    tiltak = access_kunnskap.tiltak_for_user(request.user).filter(kommune=kommune)
    return render(
        request,
        "kommuner/kunnskap/tiltak_list.html",
        _ctx(request, kommune, "tiltak", tiltak=tiltak),
    )


@login_required
def tiltak_detail(request, kommunenummer, pk):
    kommune = _kommune(request, kommunenummer)
    tiltak = get_object_or_404(
        access_kunnskap.tiltak_for_user(request.user), pk=pk, kommune=kommune
    )
    historikk = tiltak.history.select_related("history_user").order_by("-history_date")[:20]
    return render(
        request,
        "kommuner/kunnskap/tiltak_detail.html",
        _ctx(request, kommune, "tiltak", tiltak=tiltak, historikk=historikk),
    )


@login_required
def tiltak_edit(request, kommunenummer, pk=None):
    kommune = _kommune(request, kommunenummer, edit=True)
    if pk is None:
        tiltak = Tiltak(kommune=kommune)
    else:
        tiltak = get_object_or_404(
            access_kunnskap.tiltak_for_user(request.user), pk=pk, kommune=kommune
        )
    # The form validates a copy: ModelForm writes into its instance, and the service
    # must see the stored values to tell what changed.
    form = TiltakForm(request.POST or None, instance=copy.copy(tiltak))
    if request.method == "POST" and form.is_valid():
        utfall = skjema_utfor(
            request,
            form,
            lambda: svc.tiltak_upsert(kommune=kommune, tiltak=tiltak, **form.cleaned_data),
            ok=_("Tiltaket er lagret."),
        )
        if utfall:
            return redirect("kommuner:tiltak_detail", kommune.kommunenummer, utfall.verdi.pk)
    return render(
        request,
        "kommuner/kunnskap/tiltak_form.html",
        _ctx(request, kommune, "tiltak", form=form, tiltak=tiltak),
    )


@login_required
def utfordringsbilde(request, kommunenummer):
    kommune = _kommune(request, kommunenummer)
    bilde, historikk = sel.utfordringsbilde_med_historikk(kommune=kommune)
    versjon = None
    if request.GET.get("versjon", "").isdigit() and bilde:
        versjon = next((h for h in historikk if h.history_id == int(request.GET["versjon"])), None)
    return render(
        request,
        "kommuner/kunnskap/utfordringsbilde.html",
        _ctx(
            request,
            kommune,
            "utfordringsbilde",
            bilde=bilde,
            historikk=historikk,
            versjon=versjon,
        ),
    )


@login_required
def utfordringsbilde_edit(request, kommunenummer):
    kommune = _kommune(request, kommunenummer, edit=True)
    bilde, _historikk = sel.utfordringsbilde_med_historikk(kommune=kommune)
    initial = (
        {"tema": bilde.tema, "malgrupper": bilde.malgrupper, "tekst": bilde.tekst} if bilde else {}
    )
    form = UtfordringsbildeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        svc.utfordringsbilde_upsert(kommune=kommune, bruker=request.user, **form.cleaned_data)
        messages.success(request, _("Utfordringsbildet er lagret."))
        return redirect("kommuner:utfordringsbilde", kommune.kommunenummer)
    return render(
        request,
        "kommuner/kunnskap/utfordringsbilde_form.html",
        _ctx(request, kommune, "utfordringsbilde", form=form),
    )


@login_required
def vedlegg_list(request, kommunenummer):
    kommune = _kommune(request, kommunenummer)
    kan_redigere = access.can_edit_kommune_data(request.user, kommune)
    form = VedleggForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if not kan_redigere:
            raise PermissionDenied
        if form.is_valid():
            if skjema_utfor(
                request,
                form,
                lambda: svc.vedlegg_create(
                    kommune=kommune, bruker=request.user, **form.cleaned_data
                ),
                ok=_("Vedlegget er lastet opp."),
            ):
                return redirect("kommuner:vedlegg", kommune.kommunenummer)
        status = 400
    vedlegg = access_kunnskap.vedlegg_for_user(request.user).filter(kommune=kommune)
    return render(
        request,
        "kommuner/kunnskap/vedlegg.html",
        _ctx(request, kommune, "vedlegg", form=form, vedlegg=vedlegg),
        status=status,
    )


@login_required
def vedlegg_last_ned(request, kommunenummer, pk):
    kommune = _kommune(request, kommunenummer)
    vedlegg = get_object_or_404(
        access_kunnskap.vedlegg_for_user(request.user), pk=pk, kommune=kommune
    )
    return vedlegg_response(vedlegg.fil, navn=vedlegg.navn, type=vedlegg.type)


@login_required
@require_POST
def vedlegg_slett(request, kommunenummer, pk):
    kommune = _kommune(request, kommunenummer, edit=True)
    vedlegg = get_object_or_404(
        access_kunnskap.vedlegg_for_user(request.user), pk=pk, kommune=kommune
    )
    svc.vedlegg_delete(vedlegg=vedlegg)
    messages.success(request, _("Vedlegget er slettet."))
    return redirect("kommuner:vedlegg", kommune.kommunenummer)
