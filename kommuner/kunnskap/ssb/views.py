"""Pages for fetching indicator values from SSB: the overview of sources and runs,
an indicator's source (with "test the source" and "fetch now"), a run's result (with
progress while it runs), the KLASS change list, and the leader's choice in a conflict.
Admins only, except conflicts (whoever approves the kommune's values)."""

from __future__ import annotations

import copy

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from felles.meldinger import skjema_utfor, utfor

from ... import access
from .. import access as access_kunnskap
from ..models import Indikator, Kommunenummerendring, SsbKilde, SsbKjoring
from . import services as svc
from .forms import KlassEndringerForm, KonfliktForm, SsbKildeForm, SsbTestForm
from .klient import SsbFeil


def _sjekk_admin(request) -> None:
    if not access_kunnskap.can_manage_ssb(request.user):
        raise PermissionDenied


@login_required
def ssb_oversikt(request):
    _sjekk_admin(request)
    if request.method == "POST":
        kjoringer = svc.ssb_hent_alle(bruker=request.user)
        messages.success(
            request,
            ngettext("%(n)s henting er startet.", "%(n)s hentinger er startet.", len(kjoringer))
            % {"n": len(kjoringer)},
        )
        return redirect("kommuner:ssb")
    indikatorer = list(
        Indikator.objects.filter(aktiv=True)
        .select_related("ssb_kilde")
        .order_by("rekkefolge", "navn")
    )
    return render(
        request,
        "kommuner/kunnskap/ssb_oversikt.html",
        {
            "indikatorer": indikatorer,
            "kjoringer": SsbKjoring.objects.select_related("kilde__indikator", "startet_av")[:30],
            "antall_endringer": Kommunenummerendring.objects.count(),
        },
    )


@login_required
def ssb_kilde(request, pk):
    """The source form. Three buttons: save; test (what a fetch would read for one
    kommune, with the form's settings, nothing stored); fetch now (saves, then runs)."""
    _sjekk_admin(request)
    indikator = get_object_or_404(Indikator, pk=pk)
    kilde = SsbKilde.objects.filter(indikator=indikator).first()
    form = SsbKildeForm(
        request.POST or None, instance=copy.copy(kilde) or SsbKilde(indikator=indikator)
    )
    test_form = SsbTestForm(request.POST if "test" in request.POST else None)
    test, test_feil = None, ""
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            if "test" in request.POST:
                if test_form.is_valid():
                    # Checked by the form; not saved.
                    proeve = SsbKilde(indikator=indikator, **data)
                    try:
                        test = svc.ssb_test(kilde=proeve, kommune=test_form.cleaned_data["kommune"])
                    except SsbFeil as exc:
                        test_feil = str(exc)
            else:
                hent = "hent" in request.POST
                utfall = skjema_utfor(
                    request,
                    form,
                    lambda: svc.ssb_kilde_upsert(indikator=indikator, **data),
                    ok=None if hent else _("SSB-kilden er lagret."),
                )
                if utfall and hent:
                    kjoring = svc.ssb_kjoring_start(kilde=utfall.verdi, bruker=request.user)
                    return redirect("kommuner:ssb_kjoring", kjoring.pk)
                if utfall:
                    return redirect("kommuner:ssb_kilde", indikator.pk)
        if form.errors or test_form.errors:
            status = 400
    test_rader = []
    if test is not None:
        test_rader = sorted(
            ((periode, verdi, grunn) for (_k, periode), (verdi, grunn) in test.celler.items()),
            reverse=True,
        )
    return render(
        request,
        "kommuner/kunnskap/ssb_kilde.html",
        {
            "indikator": indikator,
            "kilde": kilde,
            "form": form,
            "test_form": test_form,
            "test": test,
            "test_rader": test_rader,
            "test_feil": test_feil,
            "kjoringer": (
                kilde.kjoringer.select_related("kilde__indikator", "startet_av")[:10]
                if kilde
                else []
            ),
        },
        status=status,
    )


@login_required
def ssb_kjoring(request, pk):
    _sjekk_admin(request)
    kjoring = get_object_or_404(
        SsbKjoring.objects.select_related("kilde__indikator", "startet_av"), pk=pk
    )
    if request.htmx:
        return render(request, "kommuner/kunnskap/_ssb_kjoring.html", {"kjoring": kjoring})
    return render(request, "kommuner/kunnskap/ssb_kjoring.html", {"kjoring": kjoring})


@login_required
def ssb_klass(request):
    _sjekk_admin(request)
    form = KlassEndringerForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            fil = form.cleaned_data["fil"]
            if skjema_utfor(
                request,
                form,
                lambda: svc.kommunenummerendringer_import(data=fil.read(), filnavn=fil.name or ""),
                ok=lambda rapport: (
                    _("%(n)s endringer er lagt til; %(m)s fantes fra før.")
                    % {"n": rapport.lagt_til, "m": rapport.fantes}
                ),
            ):
                return redirect("kommuner:ssb_klass")
        status = 400
    return render(
        request,
        "kommuner/kunnskap/ssb_klass.html",
        {"form": form, "endringer": Kommunenummerendring.objects.all()[:500]},
        status=status,
    )


@login_required
@require_POST
def ssb_konflikt(request, kommunenummer, pk):
    kommune = access.get_kommune_with_workdata_or_404(request.user, kommunenummer)
    if not access_kunnskap.can_approve_values(request.user, kommune):
        raise PermissionDenied
    konflikt = get_object_or_404(
        access_kunnskap.ssb_konflikter_for_user(request.user), pk=pk, verdi__kommune=kommune
    )
    form = KonfliktForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Ugyldig valg."))
    else:
        utfor(
            request,
            lambda: svc.ssb_konflikt_resolve(
                konflikt=konflikt, bruker=request.user, valg=form.cleaned_data["valg"]
            ),
            ok=_("Konflikten er løst."),
        )
    return redirect("kommuner:kunnskapsgrunnlag", kommune.kommunenummer)
