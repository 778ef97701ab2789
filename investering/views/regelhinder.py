"""The register of rule barriers: the list, registering one, its page with its
history, editing it, moving its status."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from felles.adresser import tilbake
from felles.datastand import hurtig_fragment
from felles.meldinger import skjema_utfor, utfor
from felles.paginering import SIDESTORRELSE_LOGG, lenkegrunnlag, sideutsnitt, valgte_parametre
from kommuner.apps import REGISTER

from .. import access, selectors, services
from ..apps import INVESTERING
from ..forms import (
    TEAM,
    RegelhinderFilterForm,
    RegelhinderForm,
    RegelhinderRedigerForm,
    RegelhinderStatusForm,
)
from ..models import Regelhinder
from ._felles import (
    filtrer,
    get_editable_mote,
    int_or_404,
    query_without_page,
)


@login_required
def regelhinder_list(request):
    innhold = _regelhinder_innhold(
        **access.Leser.av(request.user).noekkel(), parametre=valgte_parametre(request)
    )
    return render(
        request,
        "investering/regelhinder_list.html",
        {"innhold": innhold, "kan_registrere": access.can_log_any_meeting(request.user)},
    )


@hurtig_fragment("investering/_regelhinder_innhold.html", grupper=(INVESTERING, REGISTER))
def _regelhinder_innhold(*, tilgang, kommune_id, par, parametre) -> dict:
    """The register below its heading (filter, export links, count, table, pages),
    rendered once per reader's scope and rights (``access.Leser``) and query, and kept
    until a meeting-log table, a user, a kommune or an etat changes
    (``felles.datastand``): at national scale most of the page's time."""
    leser = access.Leser.fra_noekkel(tilgang=tilgang, kommune_id=kommune_id, par=par)
    query = lenkegrunnlag(parametre)
    form, hindre = filtrer(query, leser, RegelhinderFilterForm, selectors.regelhinder_list)
    # 25 a page like the meetings: each row is a long text; the status is changed on
    # the barrier's own page, so the list carries no form per row.
    page = sideutsnitt(hindre, query.get("side"), per_side=SIDESTORRELSE_LOGG, toveis=True)
    kan = access.MoteRettigheter(leser)
    return {
        "form": form,
        "page": page,
        "rader": [(h, kan.can_edit(h)) for h in page],
        "liste": selectors.regelhinder_rader(page.object_list, kan),
        "query": query_without_page(query),
        "lenkegrunnlag": query,
    }


@login_required
def regelhinder_create(request):
    if not access.can_log_any_meeting(request.user):
        raise PermissionDenied
    form = RegelhinderForm(request.POST or None, user=request.user)
    mote = None
    if request.GET.get("mote"):
        mote = get_editable_mote(request, int_or_404(request.GET["mote"]))
        form.initial["hvor"] = f"{mote.pilot_id}:{mote.kommune_id or TEAM}"
    if request.method == "POST" and form.is_valid():
        pilot, kommune = form.cleaned_data["hvor"]
        if not access.can_log_meeting(request.user, pilot=pilot, kommune=kommune):
            raise PermissionDenied
        if skjema_utfor(
            request,
            form,
            lambda: services.regelhinder_create(
                pilot=pilot,
                kommune=kommune,
                tittel=form.cleaned_data["tittel"],
                beskrivelse=form.cleaned_data["beskrivelse"],
                regel=form.cleaned_data["regel"],
                etat=form.cleaned_data["etat"],
                funnet_i_mote=mote,
                registrert_av=request.user,
            ),
            ok=_("Regelhinderet er registrert."),
        ):
            return redirect(mote or reverse("investering:regelhinder_list"))
    return render(request, "investering/regelhinder_form.html", {"form": form, "mote": mote})


@login_required
def regelhinder_detail(request, pk):
    hinder = get_object_or_404(selectors.regelhinder_detail(request.user), pk=pk)
    kan_endre = access.can_edit_regelhinder(request.user, hinder)
    return render(
        request,
        "investering/regelhinder_detail.html",
        {
            "hinder": hinder,
            "kan_endre": kan_endre,
            "historikk": selectors.regelhinder_historikk(hinder),
        },
    )


@login_required
def regelhinder_edit(request, pk):
    hinder = get_object_or_404(selectors.regelhinder_detail(request.user), pk=pk)
    if not access.can_edit_regelhinder(request.user, hinder):
        raise PermissionDenied
    form = RegelhinderRedigerForm(request.POST or None, user=request.user, regelhinder=hinder)
    status = 200
    if request.method == "POST" and form.is_valid():
        endringer = form.endringer()
        pilot, kommune = endringer["pilot"], endringer["kommune"]
        flyttet = (pilot.pk, kommune.pk if kommune else None) != (
            hinder.pilot_id,
            hinder.kommune_id,
        )
        if flyttet and not access.can_log_meeting(request.user, pilot=pilot, kommune=kommune):
            raise PermissionDenied
        # Somebody saved since the form was opened (409): the message says who and
        # what changed; this person's text stays.
        utfall = skjema_utfor(
            request,
            form,
            lambda: services.regelhinder_update(
                regelhinder=hinder, endret_av=request.user, **endringer
            ),
            ok=_("Endringene er lagret."),
        )
        if utfall:
            return redirect("investering:regelhinder_detail", pk=hinder.pk)
        status = utfall.status
    return render(
        request,
        "investering/regelhinder_form.html",
        {"form": form, "hinder": hinder},
        status=status,
    )


@login_required
@require_POST
def regelhinder_status(request, pk):
    hinder = get_object_or_404(Regelhinder.objects.for_user(request.user), pk=pk)
    if not access.can_edit_regelhinder(request.user, hinder):
        raise PermissionDenied
    form = RegelhinderStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Ugyldig status."))
    else:
        utfor(
            request,
            lambda: services.regelhinder_set_status(
                regelhinder=hinder, endret_av=request.user, **form.cleaned_data
            ),
            ok=_("Status er oppdatert."),
        )
    return redirect(
        tilbake(request, reverse("investering:regelhinder_list") + f"#hinder-{hinder.pk}")
    )
