"""The catalogues (admins): virkemidler, indicators and validation rules."""

from __future__ import annotations

import copy

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from felles.meldinger import skjema_utfor

from .. import access as access_kunnskap
from .. import selectors as sel
from .. import services as svc
from ..forms import IndikatorForm, ValideringsregelForm, VirkemiddelForm
from ..models import Indikator, Valideringsregel, Virkemiddel


@login_required
def virkemiddel_list(request):
    return render(
        request,
        "kommuner/kunnskap/virkemiddel_list.html",
        {
            "virkemidler": Virkemiddel.objects.select_related("etat").order_by(
                "tema", "etat__kortnavn", "navn"
            ),
            "kan_endre": access_kunnskap.can_manage_virkemidler(request.user),
        },
    )


@login_required
def virkemiddel_edit(request, pk=None):
    if not access_kunnskap.can_manage_virkemidler(request.user):
        raise PermissionDenied
    virkemiddel = get_object_or_404(Virkemiddel, pk=pk) if pk else None
    form = VirkemiddelForm(request.POST or None, instance=copy.copy(virkemiddel))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def lagre():
            if virkemiddel and (virkemiddel.etat, virkemiddel.navn) != (data["etat"], data["navn"]):
                svc.virkemiddel_endre_navn(
                    virkemiddel=virkemiddel, etat=data["etat"], navn=data["navn"]
                )
            svc.virkemiddel_upsert(**data)

        if skjema_utfor(request, form, lagre, ok=_("Virkemiddelet er lagret.")):
            return redirect("kommuner:virkemidler")
    return render(
        request,
        "kommuner/kunnskap/virkemiddel_form.html",
        {"form": form, "virkemiddel": virkemiddel},
    )


def _sjekk_katalog(request) -> None:
    if not access_kunnskap.can_manage_indikatorer(request.user):
        raise PermissionDenied


@login_required
def indikator_list(request):
    _sjekk_katalog(request)
    return render(
        request,
        "kommuner/kunnskap/indikator_list.html",
        {"indikatorer": sel.indikatorkatalog()},
    )


@login_required
def indikator_edit(request, pk=None):
    """Create or change an indicator (admins). Nothing here deletes one."""
    _sjekk_katalog(request)
    indikator = get_object_or_404(Indikator, pk=pk) if pk else None
    form = IndikatorForm(request.POST or None, instance=copy.copy(indikator))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            if skjema_utfor(
                request,
                form,
                lambda: (
                    svc.indikator_update(indikator=indikator, **form.cleaned_data)
                    if indikator
                    else svc.indikator_create(**form.cleaned_data)
                ),
                ok=_("Indikatoren er lagret."),
            ):
                return redirect("kommuner:indikatorer")
        status = 400
    return render(
        request,
        "kommuner/kunnskap/indikator_form.html",
        {
            "form": form,
            "indikator": indikator,
            "historikk": sel.indikator_historikk(indikator) if indikator else [],
        },
        status=status,
    )


@login_required
def valideringsregel_list(request):
    _sjekk_katalog(request)
    return render(
        request,
        "kommuner/kunnskap/valideringsregel_list.html",
        {"regler": sel.valideringsregler()},
    )


@login_required
def valideringsregel_edit(request, pk=None):
    """Create or change a validation rule between indicators (admins)."""
    _sjekk_katalog(request)
    regel = get_object_or_404(Valideringsregel, pk=pk) if pk else None
    form = ValideringsregelForm(request.POST or None, instance=copy.copy(regel))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            if skjema_utfor(
                request,
                form,
                lambda: svc.valideringsregel_upsert(
                    regel=regel,
                    navn=data["navn"],
                    operator=data["operator"],
                    venstre=list(data["venstre"]),
                    hoyre=list(data["hoyre"]),
                    konstant=data["konstant"],
                    beskrivelse=data["beskrivelse"],
                    aktiv=data["aktiv"],
                ),
                ok=_("Regelen er lagret."),
            ):
                return redirect("kommuner:valideringsregler")
        status = 400
    return render(
        request,
        "kommuner/kunnskap/valideringsregel_form.html",
        {"form": form, "regel": regel},
        status=status,
    )
