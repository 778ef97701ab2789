"""Decisions: the admin takes an application into review, the case handler proposes
the decision (approved in ``behandling``), an admin amends it; the kommune downloads
the decision letter."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from felles.meldinger import skjema_utfor, utfor
from felles.vedlegg import vedlegg_response

from .. import access, forms, selectors, services
from ..arkiv import services as arkiv
from ..models import Vedtak


@login_required
@require_POST
@access.require(access.may_decide)
def soknad_behandle(request, pk):
    """ "Ta til behandling": the step before any assessment or decision. The one who
    takes the case becomes its case handler unless one is assigned."""
    soknad = access.get_soknad_or_404(request.user, pk)
    utfor(
        request,
        lambda: services.soknad_start_review(soknad=soknad, user=request.user),
        ok=_("Søknaden er tatt til behandling. Vurder den og foreslå vedtak når saken er klar."),
    )
    return redirect("tilskudd:soknad", soknad.pk)


@login_required
@access.require(access.may_decide)
def vedtak_ny(request, pk):
    """The case handler's proposal of the decision (the first step of the sign-off),
    with the kommune's earlier grants beside the application. Another admin approves
    it (``forslag_godkjenn``) before the decision is made."""
    soknad = access.get_soknad_or_404(request.user, pk)
    if not soknad.kan_avgjores:
        messages.error(request, _("Ta søknaden til behandling før du foreslår vedtak."))
        return redirect("tilskudd:soknad", soknad.pk)
    innstilling = selectors.innstilling_for(soknad=soknad)
    initial = {}
    if innstilling is not None:
        initial = {"belop_innvilget": innstilling.belop, "begrunnelse": innstilling.begrunnelse}
    form = forms.ForslagForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        if skjema_utfor(
            request,
            form,
            lambda: services.vedtak_foresla(soknad=soknad, user=request.user, **form.cleaned_data),
            ok=_("Forslaget til vedtak er lagret. En annen admin må godkjenne det."),
        ):
            return redirect("tilskudd:soknad", soknad.pk)
    pott = get_object_or_404(selectors.potter_med_tall(), pk=soknad.runde.pott_id)
    return render(
        request,
        "tilskudd/vedtak_form.html",
        {
            "form": form,
            "soknad": soknad,
            "pott": pott,
            "budsjett": soknad.budsjettlinjer.all(),
            "tiltak": soknad.tiltak.all(),
            "vedlegg": soknad.vedlegg.all(),
            "svar": selectors.svar_til(soknad=soknad),
            "tidligere": selectors.tidligere_tilskudd(
                kommune=soknad.kommune, unntatt_soknad=soknad
            ),
            "kan_se_saker": access.may_read_cases(request.user),
        },
    )


@login_required
@access.require(access.may_decide)
def vedtak_endre(request, pk):
    """Amend a decision: a new version with its own letter and a required reason."""
    soknad = access.get_soknad_or_404(request.user, pk)
    vedtak = get_object_or_404(Vedtak.objects.for_user(request.user), soknad=soknad)
    initial = {
        "utfall": vedtak.utfall,
        "belop_innvilget": vedtak.belop_innvilget,
        "vilkaar": vedtak.vilkaar,
        "begrunnelse": vedtak.begrunnelse,
        "tittel": selectors.siste_tittel(request.user),
        "telefon": selectors.siste_tittel(request.user, "telefon"),
        "versjon": vedtak.versjon,
    }
    form = forms.VedtakEndringForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST" and form.is_valid():
        utfall = skjema_utfor(
            request,
            form,
            lambda: services.vedtak_endre(vedtak=vedtak, user=request.user, **form.cleaned_data),
            ok=lambda versjon: (
                _("Vedtaket er endret (versjon %(n)s), og kommunen får det nye vedtaksbrevet.")
                % {"n": versjon.nummer}
            ),
        )
        status = utfall.status
        if utfall:
            return redirect("tilskudd:soknad", soknad.pk)
    pott = get_object_or_404(selectors.potter_med_tall(), pk=soknad.runde.pott_id)
    return render(
        request,
        "tilskudd/vedtak_endre.html",
        {
            "form": form,
            "soknad": soknad,
            "vedtak": vedtak,
            "pott": pott,
            "utbetalt": sum(u.belop for u in vedtak.utbetalinger.all()),
        },
        status=status,
    )


def _vedtak_for(request, pk):
    soknad = access.get_soknad_or_404(request.user, pk)
    vedtak = get_object_or_404(Vedtak.objects.for_user(request.user), soknad=soknad)
    return soknad, vedtak


def _brev(request, pk, nummer=None):
    """The stored letter (PDF/A) of a version: the same bytes for every reader and
    language, whenever it is downloaded."""
    _soknad, vedtak = _vedtak_for(request, pk)
    dokument = arkiv.vedtaksbrev_sikre(vedtak=vedtak, nummer=nummer)
    if dokument is None:
        raise Http404
    return vedlegg_response(dokument.fil, navn=dokument.filnavn, type="application/pdf")


@login_required
def vedtaksbrev(request, pk):
    """The letter of the decision as it stands (its newest version)."""
    return _brev(request, pk)


@login_required
def vedtaksbrev_versjon(request, pk, nummer):
    """The letter of one version; earlier versions stay retrievable."""
    return _brev(request, pk, nummer)
