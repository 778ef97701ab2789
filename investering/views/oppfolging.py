"""Follow-up points: adding one to a meeting, changing its status, notes, the board."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from felles import skjematoken
from felles.adresser import tilbake
from felles.datastand import hurtig_fragment
from felles.meldinger import skjema_utfor, utfor
from felles.paginering import SIDESTORRELSE_LOGG, lenkegrunnlag, sideutsnitt, valgte_parametre
from kommuner.apps import REGISTER

from .. import access, selectors, services
from ..apps import INVESTERING
from ..forms import NotatForm, OppfolgingFilterForm, OppfolgingForm, PunktStatusForm
from ..models import Oppfolgingspunkt
from ._felles import (
    filtrer,
    fragment_eller_tilbake,
    get_editable_mote,
    get_mote,
    get_punkt,
    int_or_404,
    query_without_page,
)


@login_required
@require_POST
def oppfolging_add(request, pk):
    mote = get_editable_mote(request, pk)
    form = OppfolgingForm(request.POST, mote=mote)
    if form.is_valid() and skjema_utfor(
        request, form, lambda: services.oppfolgingspunkt_create(mote=mote, **form.cleaned_data)
    ):
        form = OppfolgingForm(mote=mote)
    return fragment_eller_tilbake(
        request,
        mote=mote,
        form=form,
        feilmelding=_("Oppfølgingspunktet ble ikke lagret."),
        fragment="investering/_oppfolgingspunkter.html",
        context=lambda: {
            "mote": get_object_or_404(selectors.mote_detail(request.user), pk=pk),
            "oppfolging_form": form,
            "kan_redigere": True,
            "kan_notere": True,
            "statuser": Oppfolgingspunkt.Status.choices,
        },
    )


@login_required
@require_POST
def punkt_status(request, pk):
    punkt = get_punkt(request, pk)
    if not access.can_edit_mote(request.user, punkt.mote):
        raise PermissionDenied
    lukket_i = None
    if request.POST.get("lukket_i_mote"):
        lukket_i = get_mote(request, int_or_404(request.POST["lukket_i_mote"]))
        if not access.can_edit_mote(request.user, lukket_i):
            raise PermissionDenied
    form = PunktStatusForm(request.POST)
    utfor(
        request,
        lambda: services.oppfolgingspunkt_set_status(
            punkt=punkt,
            status=form.cleaned_data["status"] if form.is_valid() else "",
            lukket_i_mote=lukket_i,
        ),
        ok=_("Status for oppfølgingspunktet er oppdatert."),
    )
    return redirect(tilbake(request, punkt.mote.get_absolute_url()))


@login_required
@require_POST
def punkt_notat(request, pk):
    punkt = get_punkt(request, pk)
    if not access.can_add_note(request.user, punkt):
        raise PermissionDenied
    form = NotatForm(request.POST)
    if form.is_valid():
        services.oppfolgingsnotat_create(
            punkt=punkt, tekst=form.cleaned_data["tekst"], skrevet_av=request.user
        )
        messages.success(request, _("Notatet er lagret."))
    else:
        messages.error(request, _("Notatet ble ikke lagret: skriv inn tekst."))
    return redirect(tilbake(request, punkt.mote.get_absolute_url() + f"#punkt-{punkt.pk}"))


@login_required
def oppfolging_board(request):
    innhold = _tavle(
        **access.Leser.av(request.user).noekkel(),
        parametre=valgte_parametre(request),
        neste=request.get_full_path(),
        idag=timezone.localdate(),
    )
    return render(
        request,
        "investering/oppfolging_board.html",
        {"innhold": skjematoken.sett_inn(request, innhold)},
    )


@hurtig_fragment("investering/_oppfolging_tavle.html", grupper=(INVESTERING, REGISTER))
def _tavle(*, tilgang, kommune_id, par, parametre, neste: str, idag) -> dict:
    """The board below its heading (filter, count, the points with their note and
    status forms, pages), rendered once per reader's scope and rights
    (``access.Leser``), query, return address and day (a point is overdue from its
    due date on), and kept until a meeting-log table, a user, a kommune or an etat
    changes (``felles.datastand``). Each form's CSRF token is put in per request
    (``felles.skjematoken``)."""
    leser = access.Leser.fra_noekkel(tilgang=tilgang, kommune_id=kommune_id, par=par)
    query = lenkegrunnlag(parametre)
    form, punkter = filtrer(query, leser, OppfolgingFilterForm, selectors.oppfolging_board)
    # 25 a page like the other lists: each row carries its status and note forms, and
    # rendering them, not the database, was most of the page's time at national scale.
    page = sideutsnitt(punkter, query.get("side"), per_side=SIDESTORRELSE_LOGG, toveis=True)
    kan = access.MoteRettigheter(leser)
    statuser = Oppfolgingspunkt.Status.choices
    rader = [(p, kan.can_edit(p.mote), kan.can_add_note_in(p.mote)) for p in page]
    # The rows as the page writes them, each status's choices written once.
    tavle = selectors.oppfolging_rader(page.object_list, kan, idag=idag)
    valg = {
        status: format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            ((v, mark_safe(" selected") if v == status else "", tekst) for v, tekst in statuser),
        )
        for status in {rad["status"] for rad in tavle}
    }
    for rad in tavle:
        rad["status_valg"] = valg[rad["status"]]
    return {
        "form": form,
        "page": page,
        "rader": rader,
        "tavle": tavle,
        "query": query_without_page(query),
        "lenkegrunnlag": query,
        "statuser": statuser,
        "neste": neste,
        **skjematoken.plassholder(),
    }
