"""Direct allocations from a pot (admins register them; readers of cases see them)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from felles.meldinger import skjema_utfor
from felles.tabellfil import TabellfilError, les_fil

from .. import access, forms, selectors, services
from .potter import pott_side


@login_required
@require_POST
@access.require(access.may_manage)
def tildeling_ny(request, pk):
    pott = get_object_or_404(selectors.potter_med_tall(), pk=pk)
    form = forms.TildelingForm(request.POST)
    if form.is_valid():
        if skjema_utfor(
            request,
            form,
            lambda: services.tildeling_upsert(pott=pott, user=request.user, **form.cleaned_data),
            ok=_("Tildelingen er lagret."),
        ):
            return redirect("tilskudd:pott", pott.pk)
    return pott_side(request, pott, status=400, tildeling_form=form)


@login_required
@require_POST
@access.require(access.may_manage)
def tildeling_import(request, pk):
    pott = get_object_or_404(selectors.potter_med_tall(), pk=pk)
    form = forms.ImportForm(request.POST, request.FILES)
    feil_rader: list = []
    data = None
    if form.is_valid():
        try:
            data = les_fil(form.cleaned_data["fil"])
        except TabellfilError as exc:
            form.add_error("fil", exc.melding)
    if form.is_valid() and data is not None:
        try:
            result = services.tildeling_import(
                pott=pott,
                data=data,
                filnavn=form.cleaned_data["fil"].name,
                user=request.user,
                formaal=form.cleaned_data["formaal"],
            )
        except services.ImportFeil as exc:
            form.add_error("fil", exc.melding)
            feil_rader = exc.rader
        else:
            messages.success(request, _("%(n)s tildelinger er lagret.") % {"n": result.antall})
            return redirect("tilskudd:pott", pott.pk)
    return pott_side(request, pott, status=400, import_form=form, feil_rader=feil_rader)


@login_required
def tildeling_detail(request, pk):
    tildeling = access.get_tildeling_or_404(request.user, pk)
    return render(
        request,
        "tilskudd/tildeling_detail.html",
        {
            "tildeling": tildeling,
            "utbetalinger": tildeling.utbetalinger.all(),
            "rapporter": tildeling.rapporter.all(),
            "kan_rapportere": access.may_report_on_tildeling(request.user, tildeling),
            "kan_forvalte": access.may_manage(request.user),
            "kan_utbetale": access.may_register_payment(request.user),
            "kan_godkjenne": access.may_approve_report(request.user),
            "utbetaling_form": forms.UtbetalingForm(),
            "historikk": selectors.tildeling_historikk(tildeling=tildeling),
        },
    )
