"""Case handling between "received" and "decided": the case handler, internal notes,
scores per criterion, the recommendation, and the two-step sign-off (the case handler
proposes, another admin approves or sends back). Admins only; the kommune never sees
any of it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from felles.meldinger import skjema_utfor, utfor

from .. import access, forms, selectors, services
from ..models import Vedtaksforslag


def _handling(request, pk, form, action, *, ok: str):
    """Run ``action(soknad, data)`` on a case from a posted ``form``; errors become
    messages on the case page."""
    soknad = access.get_soknad_or_404(request.user, pk)
    if form.is_valid():
        utfor(request, lambda: action(soknad, form.cleaned_data), ok=ok)
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect("tilskudd:soknad", soknad.pk)


@login_required
@require_POST
@access.require(access.may_assess)
def soknad_saksbehandler(request, pk):
    form = forms.SaksbehandlerForm(request.POST, saksbehandlere=selectors.saksbehandlere())
    return _handling(
        request,
        pk,
        form,
        lambda soknad, data: services.saksbehandler_assign(
            soknad=soknad, saksbehandler=data["saksbehandler"], user=request.user
        ),
        ok=_("Saksbehandleren er satt."),
    )


@login_required
@require_POST
@access.require(access.may_assess)
def soknad_notat(request, pk):
    return _handling(
        request,
        pk,
        forms.NotatForm(request.POST),
        lambda soknad, data: services.notat_create(
            soknad=soknad, user=request.user, tekst=data["tekst"]
        ),
        ok=_("Notatet er lagret."),
    )


@login_required
@require_POST
@access.require(access.may_assess)
def soknad_poeng(request, pk):
    soknad = access.get_soknad_or_404(request.user, pk)
    form = forms.PoengForm(request.POST, kriterier=soknad.runde.vurderingskriterier.all())
    return _handling(
        request,
        pk,
        form,
        lambda soknad, _data: services.poeng_set(
            soknad=soknad, user=request.user, poeng=form.poeng()
        ),
        ok=_("Poengene er lagret."),
    )


@login_required
@require_POST
@access.require(access.may_assess)
def soknad_innstilling(request, pk):
    return _handling(
        request,
        pk,
        forms.InnstillingForm(request.POST),
        lambda soknad, data: services.innstilling_set(soknad=soknad, user=request.user, **data),
        ok=_("Innstillingen er lagret."),
    )


@login_required
@access.require(access.may_assess)
def forslag_godkjenn(request, pk, forslag_pk):
    """The second step: another admin approves the proposal (the decision and its
    letter are made) or sends it back with a comment. The URL names the proposal, so a
    page opened before someone else handled it is refused (409), never applied to a
    newer proposal."""
    soknad = access.get_soknad_or_404(request.user, pk)
    forslag = get_object_or_404(
        Vedtaksforslag.objects.filter(soknad=soknad).select_related("foreslatt_av"),
        pk=forslag_pk,
    )
    handling = request.POST.get("handling") if request.method == "POST" else None
    initial = {
        "versjon": forslag.versjon,
        "tittel": selectors.siste_tittel(request.user),
        "telefon": selectors.siste_tittel(request.user, "telefon"),
    }
    godkjenn = forms.GodkjennForm(request.POST if handling == "godkjenn" else None, initial=initial)
    tilbake = forms.SendTilbakeForm(
        request.POST if handling == "tilbake" else None, initial={"versjon": forslag.versjon}
    )
    form = godkjenn if handling == "godkjenn" else tilbake
    status = 200
    if handling in {"godkjenn", "tilbake"} and form.is_valid():
        tjeneste = (
            services.vedtak_godkjenn if handling == "godkjenn" else services.vedtak_send_tilbake
        )
        utfall = skjema_utfor(
            request,
            form,
            lambda: tjeneste(forslag=forslag, user=request.user, **form.cleaned_data),
            ok=_("Vedtaket er fattet, og kommunen får vedtaksbrevet.")
            if handling == "godkjenn"
            else _("Forslaget er sendt tilbake til saksbehandleren."),
        )
        if utfall:
            return redirect("tilskudd:soknad", soknad.pk)
        status = utfall.status
    return render(
        request,
        "tilskudd/forslag_godkjenn.html",
        {
            "soknad": soknad,
            "forslag": forslag,
            "godkjenn_form": godkjenn,
            "tilbake_form": tilbake,
            "egen": forslag.foreslatt_av_id == request.user.pk,
            "apent": forslag.status == Vedtaksforslag.Status.FORESLATT,
            "pott": get_object_or_404(selectors.potter_med_tall(), pk=soknad.runde.pott_id),
        },
        status=status,
    )
