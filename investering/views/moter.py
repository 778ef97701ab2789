"""Meetings: the list, logging a new one, its page, editing its minutes, decisions."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from felles.datastand import hurtig_fragment
from felles.meldinger import skjema_utfor
from felles.paginering import SIDESTORRELSE_LOGG, side, sideutsnitt
from kommuner.access import kommuner_with_workdata
from kommuner.apps import REGISTER

from .. import access, selectors, services
from ..apps import INVESTERING
from ..forms import (
    BeslutningForm,
    MoteFilterForm,
    MoteNyForm,
    MoteRedigerForm,
    OppfolgingForm,
    mote_felt_etikett,
    mote_initial,
)
from ..models import Mote, Oppfolgingspunkt
from ._felles import (
    fragment_eller_tilbake,
    get_editable_mote,
    parametre,
    query_without_page,
    som_query,
    varier_med_htmx,
    vil_ha_fragment,
)


@login_required
def mote_list(request):
    """The meeting log. The filter form is kept (``_filterskjema``); the table is
    computed afresh for the first page, where each new meeting shows (every meeting
    logged would make a kept copy stale: it would be computed again on most requests
    while meetings are logged, and the stamp read and the copy cost on top), and kept
    for the other pages (``_tabell``), which people page through and nobody logs to."""
    leser = access.Leser.av(request.user, rettigheter=False)
    bundet = bool(request.GET)
    form = MoteFilterForm(request.GET if bundet else None, kommuner=kommuner_with_workdata(leser))
    filtre = form.cleaned_data if form.is_valid() else {}
    idag = timezone.localdate()
    if request.GET.get("side", "1") in ("", "1"):
        kommende, moter = selectors.mote_oversikt(leser, **filtre)
        tabell = render_to_string(
            "investering/_mote_tabell.html", _tabell_kontekst(request.GET, kommende, moter, idag)
        )
    else:
        kommende, _moter = selectors.mote_oversikt(leser, **filtre)
        # Which meetings have been held depends on the time: the first upcoming one
        # (by this reader's filter) bounds them, so the copy is keyed by it.
        grense = kommende.values_list("start", flat=True).first() if kommende is not None else None
        tabell = _tabell(
            **leser.noekkel(),
            parametre=parametre(request),
            idag=idag,
            grense=grense,
        )
    if vil_ha_fragment(request):
        return varier_med_htmx(HttpResponse(tabell))
    context = {
        "filter": _filterskjema(
            **leser.noekkel(),
            parametre=[(p, v) for p, v in parametre(request) if p in MoteFilterForm.base_fields],
            bundet=bundet,
        ),
        "tabell": tabell,
        "query": query_without_page(request.GET),
        "kan_logge": access.can_log_any_meeting(request.user),
        "kan_se_team": access.can_view_team(request.user),
    }
    return varier_med_htmx(render(request, "investering/mote_list.html", context))


def _tabell_kontekst(query: QueryDict, kommende, moter, idag) -> dict:
    """What ``_mote_tabell.html`` shows: the page of ``moter`` asked for in ``query``
    and, on the first page of the default list, the next few of ``kommende``."""
    page = sideutsnitt(moter, query.get("side"), per_side=SIDESTORRELSE_LOGG, toveis=True)
    neste = []
    if kommende is not None and page.number == 1:
        neste = list(kommende[: selectors.KOMMENDE_ANTALL + 1])
    neste, flere = neste[: selectors.KOMMENDE_ANTALL], len(neste) > selectors.KOMMENDE_ANTALL
    kommende_rader, rader = selectors.mote_rader(neste, page.object_list)
    return {
        "page": page,
        "rader": rader,
        "standardvindu": None if kommende is None else selectors.STANDARDVINDU_DAGER,
        "kommende": neste,
        "kommende_rader": kommende_rader,
        "flere_kommende": flere,
        "alle_kommende": {
            "fra": idag.isoformat(),
            "til": (idag + timedelta(days=selectors.STANDARDVINDU_DAGER)).isoformat(),
            "sortering": "eldste",
        },
        "lenkegrunnlag": query,
    }


@hurtig_fragment("investering/_mote_tabell.html", grupper=(INVESTERING, REGISTER))
def _tabell(*, roller, kommune_id, par, parametre, idag, grense) -> dict:
    """A page of the meeting table past the first, kept per reader's scope
    (``access.Leser``), query, day (the default window ends 90 days on) and the start
    of the first upcoming meeting ``grense`` (the meetings before it are those held
    now), until a meeting-log table, a user, a kommune or an etat changes
    (``felles.datastand``)."""
    leser = access.Leser.fra_noekkel(roller=roller, kommune_id=kommune_id, par=par)
    query = som_query(parametre)
    form = MoteFilterForm(query, kommuner=kommuner_with_workdata(leser))
    filtre = form.cleaned_data if form.is_valid() else {}
    # No upcoming meeting in the window: every meeting in it has been held.
    kommende, moter = selectors.mote_oversikt(
        leser, naa=grense or selectors.vindu_slutt(), **filtre
    )
    return _tabell_kontekst(query, kommende, moter, idag)


@hurtig_fragment("investering/_mote_filter.html", grupper=(REGISTER,))
def _filterskjema(*, roller, kommune_id, par, parametre, bundet: bool) -> dict:
    """The filter form (357 kommuner at national scale), rendered once per reader's
    scope and the filter's values, kept until a kommune or an etat changes."""
    leser = access.Leser.fra_noekkel(roller=roller, kommune_id=kommune_id, par=par)
    query = som_query(parametre)
    form = MoteFilterForm(query if bundet else None, kommuner=kommuner_with_workdata(leser))
    form.is_valid()
    return {"form": form}


@login_required
def mote_create(request):
    user = request.user
    if not access.can_log_any_meeting(user):
        raise PermissionDenied
    if request.method != "POST":
        form = MoteNyForm(user=user, forvalg=request.GET.get("kommune", ""))
        pilot_id, kommune_id = form.valgt_sted()
        form.initial.update(selectors.mote_forslag(user, pilot_id=pilot_id, kommune_id=kommune_id))
        return render(request, "investering/mote_form.html", {"form": form, "ny": True})
    form = MoteNyForm(request.POST, user=user)
    if form.is_valid():
        pilot, kommune = form.cleaned_data["hvor"]
        if not access.can_log_meeting(user, pilot=pilot, kommune=kommune):
            raise PermissionDenied
        utfall = skjema_utfor(
            request,
            form,
            lambda: services.mote_log(
                skrevet_av=user,
                deltakere=form.deltakere(),
                beslutninger=form.beslutning_liste(),
                oppfolgingspunkter=form.oppfolging_liste(),
                **form.mote_fields(),
            ),
            ok=_("Møtet er logget."),
        )
        if utfall:
            return redirect(utfall.verdi)
    return render(request, "investering/mote_form.html", {"form": form, "ny": True})


@login_required
def mote_detail(request, pk):
    mote = get_object_or_404(selectors.mote_detail(request.user), pk=pk)
    context = {
        "mote": mote,
        "kan_redigere": access.can_edit_mote(request.user, mote),
        "kan_notere": access.can_add_note_in(request.user, mote),
        "beslutning_form": BeslutningForm(),
        "oppfolging_form": OppfolgingForm(mote=mote),
        "tidligere_punkter": selectors.apne_punkter_fra_tidligere(mote),
        "statuser": Oppfolgingspunkt.Status.choices,
        "historikk": selectors.mote_historikk(mote),
    }
    return render(request, "investering/mote_detail.html", context)


@login_required
def mote_edit(request, pk):
    mote = get_editable_mote(request, pk)
    include = (mote.pilot_id, mote.kommune_id)
    konflikt = None
    if request.method == "POST":
        form = MoteRedigerForm(request.POST, user=request.user, include=include)
        if form.is_valid():
            pilot, kommune = form.cleaned_data["hvor"]
            if (pilot.pk, kommune.pk if kommune else None) != include and not (
                access.can_log_meeting(request.user, pilot=pilot, kommune=kommune)
            ):
                raise PermissionDenied
            # A stale form keeps this person's text and now carries the version they
            # have seen; one alert says it (the conflict section above the form, not on
            # the form), with each field named by its label on this form.
            utfall = skjema_utfor(
                request,
                form,
                lambda: services.mote_update(
                    mote=mote,
                    versjon=form.cleaned_data["versjon"],
                    deltakere=form.deltakere(),
                    **form.mote_fields(),
                ),
                ok=_("Endringene er lagret."),
                foreldet_paa_skjema=False,
            )
            if utfall:
                return redirect(mote)
            konflikt = utfall.foreldet
            for endring in konflikt.endringer if konflikt else ():
                endring["navn"] = mote_felt_etikett(endring["felt"])
    else:
        form = MoteRedigerForm(initial=mote_initial(mote), user=request.user, include=include)
    referat_diff = (
        selectors.referat_diff(
            lagret=konflikt.gjeldende.referat, mitt=request.POST.get("referat", "")
        )
        if konflikt is not None
        else []
    )
    return render(
        request,
        "investering/mote_form.html",
        {
            "form": form,
            "mote": mote,
            "ny": False,
            "konflikt": konflikt,
            "referat_diff": referat_diff,
        },
        # A form opened at an older version: 409, as every stale form answers.
        status=409 if konflikt is not None else 200,
    )


@login_required
def mote_historikk(request, pk):
    """Every saved version of the meeting, newest first, with what changed in each:
    text overwritten after an edit conflict can be found here again."""
    mote = get_object_or_404(
        Mote.objects.for_user(request.user).select_related("kommune", "pilot"), pk=pk
    )
    antall = mote.history.count()
    page = side(request, range(antall), per_side=selectors.MOTEVERSJONER_PER_SIDE)
    versjoner, _antall = selectors.mote_versjoner(mote, side=page.number, antall=antall)
    for v in versjoner:
        v.endrede_felt = [mote_felt_etikett(felt) for felt in v.endrede_felt]
    return render(
        request,
        "investering/mote_historikk.html",
        {"mote": mote, "page": page, "versjoner": versjoner},
    )


@login_required
def mote_referat(request, pk):
    mote = get_object_or_404(selectors.mote_detail(request.user), pk=pk)
    return render(request, "investering/mote_referat.html", {"mote": mote})


@login_required
@require_POST
def beslutning_add(request, pk):
    mote = get_editable_mote(request, pk)
    form = BeslutningForm(request.POST)
    if form.is_valid() and skjema_utfor(
        request, form, lambda: services.beslutning_create(mote=mote, **form.cleaned_data)
    ):
        form = BeslutningForm()
    return fragment_eller_tilbake(
        request,
        mote=mote,
        form=form,
        feilmelding=_("Beslutningen ble ikke lagret: skriv inn tekst."),
        fragment="investering/_beslutninger.html",
        context=lambda: {"mote": mote, "beslutning_form": form, "kan_redigere": True},
    )
