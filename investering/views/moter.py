"""Meetings: the list, logging a new one, its page, editing its minutes, decisions."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from felles.datastand import Del, hurtig_fragment
from felles.meldinger import skjema_utfor
from felles.paginering import (
    SIDESTORRELSE_LOGG,
    kjent_side,
    lenkegrunnlag,
    side,
    valgte_parametre,
)
from kommuner.access import kommuner_with_workdata
from kommuner.apps import BRUKERE, REGISTER

from .. import access, selectors, services
from ..apps import MOTERAD
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
    query_without_page,
    varier_med_htmx,
    vil_ha_fragment,
)


@login_required
def mote_list(request):
    """The meeting log: the count and the page's meeting ids kept per reader's scope,
    filter, page and minute (``selectors.mote_list_side``: any write to the meeting
    log computes them again, and the split into upcoming and held meetings follows
    the time), and the page below its heading kept rendered for those ids
    (``_liste``), with its rows kept per meeting (``_rader``): a meeting logged
    elsewhere in the log leaves the page's rows as they are, so the page stays cheap
    while meetings are logged."""
    leser = access.Leser.av(request.user, rettigheter=False)
    parametre = valgte_parametre(request)
    utvalg = selectors.mote_list_side(
        leser,
        parametre=[(p, v) for p, v in parametre if p in MoteFilterForm.base_fields],
        side=request.GET.get("side"),
    )
    ovre, tabell = _liste(
        **leser.noekkel(),
        parametre=parametre,
        ider=[*utvalg.kommende, *utvalg.ider],
        kommende=len(utvalg.kommende),
        antall=utvalg.antall,
        nummer=utvalg.nummer,
        standardvindu=utvalg.standardvindu,
        flere_kommende=utvalg.flere_kommende,
        idag=utvalg.idag,
    ).split(LISTESKILLE)
    if vil_ha_fragment(request):
        return varier_med_htmx(HttpResponse(tabell))
    context = {
        "ovre": mark_safe(ovre),  # noqa: S308 (a kept fragment's parts)
        "tabell": mark_safe(tabell),  # noqa: S308
        # The ids of the page's and the upcoming meetings (their tables are rendered
        # in ``_liste``).
        "page": kjent_side(utvalg.ider, utvalg.nummer, utvalg.antall, per_side=SIDESTORRELSE_LOGG),
        "kommende": utvalg.kommende,
        "kan_logge": access.can_log_any_meeting(request.user),
        "kan_se_team": access.can_view_team(request.user),
    }
    return varier_med_htmx(render(request, "investering/mote_list.html", context))


# Between the filter (with the export links) and the table in what ``_liste`` keeps,
# and between the two tables' rows in what ``_rader`` keeps (escaped text cannot forge
# either).
LISTESKILLE = "<!--tabell-->"
RADSKILLE = "<!--rader-->"


@hurtig_fragment("investering/_mote_liste.html", grupper=(REGISTER, BRUKERE, Del(MOTERAD, "ider")))
def _liste(
    *,
    tilgang,
    kommune_id,
    par,
    parametre,
    ider: list[int],
    kommende: int,
    antall: int,
    nummer: int,
    standardvindu: bool,
    flere_kommende: bool,
    idag,
) -> dict:
    """The meeting log below its heading: the filter form (``_filterskjema``), the
    export links and the tables of the meetings ``ider`` (the first ``kommende`` the
    upcoming ones; from ``selectors.mote_list_side``, so only meetings the reader may
    read) with their count and pages, rendered once per reader's scope, query and
    page, and kept until one of these meetings, a user, a kommune or an etat changes.
    The filter and the rows are kept on their own inside it: a new count or page
    renders the tables around the kept rows."""
    query = lenkegrunnlag(parametre)
    kommende_html, rader_html = _rader(ider=ider, kommende=kommende).split(RADSKILLE)
    return {
        "filter": _filterskjema(
            tilgang=tilgang,
            kommune_id=kommune_id,
            par=par,
            parametre=[(p, v) for p, v in parametre if p in MoteFilterForm.base_fields],
            bundet=bool(parametre),
        ),
        "query": query_without_page(query),
        "listeskille": mark_safe(LISTESKILLE),  # noqa: S308
        "page": kjent_side(ider[kommende:], nummer, antall, per_side=SIDESTORRELSE_LOGG),
        "kommende_html": mark_safe(kommende_html),  # noqa: S308 (a kept fragment's parts)
        "rader_html": mark_safe(rader_html),  # noqa: S308
        "standardvindu": selectors.STANDARDVINDU_DAGER if standardvindu else None,
        "flere_kommende": flere_kommende,
        "alle_kommende": {
            "fra": idag.isoformat(),
            "til": (idag + timedelta(days=selectors.STANDARDVINDU_DAGER)).isoformat(),
            "sortering": "eldste",
        },
        "lenkegrunnlag": query,
    }


@hurtig_fragment("investering/_mote_radpar.html", grupper=(REGISTER, BRUKERE, Del(MOTERAD, "ider")))
def _rader(*, ider: list[int], kommende: int) -> dict:
    """The rows of the meetings ``ider`` (the first ``kommende`` the upcoming table's,
    the rest the page's; from the reader's own list, so only meetings they may read),
    kept per meeting: until one of these meetings, its participants, decisions or
    follow-up points, a user, a kommune or an etat changes (``felles.datastand``,
    ``MOTERAD``). The same for every reader: a row shows nothing of the reader."""
    kommende_rader, rader = selectors.mote_rader_av_ider(ider[:kommende], ider[kommende:])
    return {"kommende_rader": kommende_rader, "rader": rader, "radskille": mark_safe(RADSKILLE)}  # noqa: S308


@hurtig_fragment("investering/_mote_filter.html", grupper=(REGISTER,))
def _filterskjema(*, tilgang, kommune_id, par, parametre, bundet: bool) -> dict:
    """The filter form (357 kommuner at national scale), rendered once per reader's
    scope and the filter's values, kept until a kommune or an etat changes."""
    leser = access.Leser.fra_noekkel(tilgang=tilgang, kommune_id=kommune_id, par=par)
    query = lenkegrunnlag(parametre)
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
