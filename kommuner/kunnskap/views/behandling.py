"""The leader's handling of values: approve or return one, approve all, reopen,
history, baselines, and the exports."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from felles import tabellfil
from felles.datastand import hurtig_fragment
from felles.meldinger import skjema_utfor
from kommuner.apps import KUNNSKAP, REGISTER

from ... import access
from .. import access as access_kunnskap
from .. import selectors as sel
from .. import services as svc
from ..forms import BehandleForm, GjenapneForm, GodkjennAlleForm, NullpunktForm
from ..models import Indikator
from ._felles import Status, _ctx, _kommune


@hurtig_fragment("kommuner/kunnskap/_leder_hjem.html", grupper=(KUNNSKAP, REGISTER))
def til_godkjenning_kort(*, godkjenner: str | int | None) -> dict:
    """The values awaiting approval per kommune and period, for the admin's and the
    investment leader's home pages: rendered once per whose values the reader may
    approve (``access_kunnskap.godkjenner``, read per request) and kept until a value
    or a participation (``KUNNSKAP``) or a kommune's name or number (``REGISTER``)
    changes (``felles.datastand``)."""
    kommuner = access_kunnskap.kommuner_for_godkjenner(godkjenner)
    return {"kunnskap_til_godkjenning": sel.til_godkjenning(kommuner=kommuner)}


@login_required
@require_POST
def behandle(request, kommunenummer, pk):
    """Approve or return one value. With htmx the row is swapped in place."""
    kommune = _kommune(request, kommunenummer)
    if not access_kunnskap.can_approve_values(request.user, kommune):
        raise PermissionDenied
    verdi = get_object_or_404(
        access_kunnskap.indikatorverdier_for_user(request.user), pk=pk, kommune=kommune
    )
    form = BehandleForm(request.POST)
    feil = ""
    if form.is_valid():
        kommentar = form.cleaned_data["kommentar"]
        versjon = form.cleaned_data["versjon"]
        try:
            if form.cleaned_data["handling"] == "godkjenn":
                svc.indikatorverdi_approve(
                    verdi=verdi,
                    bruker=request.user,
                    kommentar=kommentar,
                    versjon=versjon,
                    bekreft_advarsler=form.cleaned_data["bekreft_advarsler"],
                )
                melding = _("«%(v)s» er godkjent.") % {"v": verdi}
            else:
                svc.indikatorverdi_return(
                    verdi=verdi, bruker=request.user, kommentar=kommentar, versjon=versjon
                )
                melding = _("«%(v)s» er returnert.") % {"v": verdi}
        except ValidationError as exc:
            feil = " ".join(exc.messages)
    elif "versjon" in form.errors:
        feil = " ".join(form.errors["versjon"])
    else:
        feil = _("Ugyldig handling.")
    if request.htmx:
        verdi.refresh_from_db()
        return render(
            request,
            "kommuner/kunnskap/_behandle_rad.html",
            {"kommune": kommune, "v": verdi, "feil": feil},
        )
    if feil:
        messages.error(request, feil)
    else:
        messages.success(request, melding)
    return redirect(reverse("kommuner:kunnskapsgrunnlag", args=[kommune.kommunenummer]))


@login_required
@require_POST
def godkjenn_alle(request, kommunenummer):
    """Approve the submitted values of one period that the page showed: it posts each
    value's id and version, and a value changed since is left for the approver to
    look at again (see ``services.indikatorverdier_godkjenn_alle``)."""
    kommune = _kommune(request, kommunenummer)
    if not access_kunnskap.can_approve_values(request.user, kommune):
        raise PermissionDenied
    form = GodkjennAlleForm(request.POST)
    if not form.is_valid():
        for feil in dict.fromkeys(m for ms in form.errors.values() for m in ms):
            messages.error(request, feil)
        return redirect("kommuner:kunnskapsgrunnlag", kommune.kommunenummer)
    periode = form.cleaned_data["periode"]
    resultat = svc.indikatorverdier_godkjenn_alle(
        kommune=kommune, periode=periode, versjoner=form.cleaned_data["verdi"], bruker=request.user
    )
    if resultat.godkjent:
        antall = len(resultat.godkjent)
        messages.success(
            request,
            ngettext("%(n)s verdi er godkjent.", "%(n)s verdier er godkjent.", antall)
            % {"n": antall},
        )
    for _verdi, grunn in resultat.ikke_godkjent:
        messages.error(request, grunn)
    if resultat.flagget:
        messages.warning(
            request,
            ngettext(
                "Denne verdien har advarsler og er ikke godkjent; se over og godkjenn den "
                "for seg: %(verdier)s.",
                "Disse verdiene har advarsler og er ikke godkjent; se over og godkjenn dem "
                "én og én: %(verdier)s.",
                len(resultat.flagget),
            )
            % {"verdier": "; ".join(f"«{v.indikator.navn}»" for v in resultat.flagget)},
        )
    if resultat.ikke_vist:
        messages.warning(
            request,
            ngettext(
                "%(n)s verdi for %(p)s ble sendt inn etter at du åpnet siden og er ikke "
                "godkjent; se over og godkjenn.",
                "%(n)s verdier for %(p)s ble sendt inn etter at du åpnet siden og er ikke "
                "godkjent; se over og godkjenn.",
                resultat.ikke_vist,
            )
            % {"n": resultat.ikke_vist, "p": periode},
        )
    if not (resultat.godkjent or resultat.ikke_godkjent or resultat.ikke_vist or resultat.flagget):
        messages.info(request, _("Ingen verdier ble godkjent."))
    return redirect("kommuner:kunnskapsgrunnlag", kommune.kommunenummer)


@login_required
def gjenapne(request, kommunenummer, pk):
    kommune = _kommune(request, kommunenummer)
    if not access_kunnskap.can_approve_values(request.user, kommune):
        raise PermissionDenied
    verdi = get_object_or_404(
        access_kunnskap.indikatorverdier_for_user(request.user), pk=pk, kommune=kommune
    )
    form = GjenapneForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if skjema_utfor(
            request,
            form,
            lambda: svc.indikatorverdi_reopen(
                verdi=verdi, bruker=request.user, kommentar=form.cleaned_data["kommentar"]
            ),
            ok=_("Verdien er åpnet for retting."),
        ):
            return redirect("kommuner:kunnskapsgrunnlag", kommune.kommunenummer)
    return render(
        request,
        "kommuner/kunnskap/gjenapne.html",
        _ctx(request, kommune, "kunnskapsgrunnlag", form=form, verdi=verdi),
    )


@login_required
def verdi_historikk(request, kommunenummer, pk):
    kommune = _kommune(request, kommunenummer)
    verdi = get_object_or_404(
        access_kunnskap.indikatorverdier_for_user(request.user), pk=pk, kommune=kommune
    )
    historikk = verdi.history.select_related("history_user").order_by("-history_date")
    # An approved value is opened for correction from here, after its history (the
    # knowledge base's tables link each value here only: a link per approved value
    # there made a kommune's page pass 200 KiB).
    kan_gjenapne = verdi.status == Status.GODKJENT and access_kunnskap.can_approve_values(
        request.user, kommune
    )
    return render(
        request,
        "kommuner/kunnskap/verdi_historikk.html",
        _ctx(
            request,
            kommune,
            "kunnskapsgrunnlag",
            verdi=verdi,
            historikk=historikk,
            kan_gjenapne=kan_gjenapne,
        ),
    )


@login_required
def nullpunkt(request, kommunenummer, indikator_pk):
    kommune = _kommune(request, kommunenummer, edit=True)
    indikator = get_object_or_404(Indikator, pk=indikator_pk, aktiv=True)
    eksisterende = kommune.nullpunkter.filter(indikator=indikator).first()
    initial = (
        {
            "periode": eksisterende.periode,
            "verdi": format(eksisterende.verdi.normalize(), "f").replace(".", ","),
            "kommentar": eksisterende.kommentar,
        }
        if eksisterende
        else {}
    )
    form = NullpunktForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        if skjema_utfor(
            request,
            form,
            lambda: svc.nullpunkt_upsert(kommune=kommune, indikator=indikator, **form.cleaned_data),
            ok=_("Nullpunktet er lagret."),
        ):
            return redirect("kommuner:kunnskapsgrunnlag", kommune.kommunenummer)
    return render(
        request,
        "kommuner/kunnskap/nullpunkt_form.html",
        _ctx(request, kommune, "kunnskapsgrunnlag", form=form, indikator=indikator),
    )


@login_required
def eksport_kommune(request, kommunenummer, fmt):
    kommune = _kommune(request, kommunenummer)
    kan_redigere = access.can_edit_kommune_data(request.user, kommune)
    statuser = list(Status.values) if kan_redigere else sel.SYNLIGE_FOR_LESERE
    rows = sel.eksportrader_kommune(kommune=kommune, statuser=statuser)
    header = [*svc.KOLONNER, "status", "opphav"]
    navn = f"indikatorverdier-{kommune.kommunenummer}-{timezone.localdate():%Y-%m-%d}"
    return tabellfil.tabell_response(fmt, navn, header, rows, tittel=kommune.navn)


@login_required
def eksport_indikator(request, pk, fmt):
    if not access_kunnskap.may_export_indicator(request.user):
        raise Http404
    indikator = get_object_or_404(Indikator, pk=pk)
    rows = sel.eksportrader_indikator(
        kommuner=access.kommuner_with_workdata(request.user), indikator=indikator
    )
    header = ["kommunenummer", "kommune", "periode", "verdi", "kommentar", "status", "opphav"]
    navn = f"indikator-{indikator.pk}-{timezone.localdate():%Y-%m-%d}"
    tittel = _("Indikator %(n)s") % {"n": indikator.pk}
    return tabellfil.tabell_response(fmt, navn, header, rows, tittel=tittel)
