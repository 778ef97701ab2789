"""The grants start page and the overviews of what is granted and paid."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, QueryDict
from django.shortcuts import redirect, render

from felles.datastand import hurtig_fragment
from felles.tabellfil import tabell_response
from kommuner.access import get_kommune_with_workdata_or_404
from kommuner.apps import REGISTER

from .. import access, selectors
from ..apps import TILSKUDD


@login_required
def index(request):
    return redirect(access.start_page(request.user))


@login_required
def kommune_tilskudd(request, kommunenummer):
    """Everything granted to one kommune, by year and scheme (the kommune page links here)."""
    kommune = get_kommune_with_workdata_or_404(request.user, kommunenummer)
    return render(
        request,
        "tilskudd/kommune_tilskudd.html",
        {
            "kommune": kommune,
            "data": selectors.oversikt(kommune=kommune),
            "kan_se_saker": access.may_read_cases(request.user),
            **selectors.tidligere_tilskudd(kommune=kommune),
        },
    )


@login_required
@access.require(access.may_read_overview)
def oversikt(request):
    # Only the tables' page numbers shape the figures' part (the links keep them, in a
    # fixed order); the part is the same for every reader of the overview.
    sider = sorted(
        (param, request.GET.getlist(param))
        for param in request.GET
        if param.startswith("side_") and param[len("side_") :] in selectors.OVERSIKT_TABELLER
    )
    return render(request, "tilskudd/oversikt.html", {"innhold": _oversikt_innhold(sider=sider)})


@hurtig_fragment("tilskudd/_oversikt_innhold.html", grupper=(TILSKUDD, REGISTER))
def _oversikt_innhold(*, sider: list[tuple[str, list[str]]]) -> dict:
    """The overview's figures, tables and chart data, rendered once per set of table
    pages and kept until a grant table or a receiver's name changes
    (``felles.datastand``): rendering the four tables is most of the page's time, and
    unpickling the kept figures a good part of the rest."""
    query = QueryDict(mutable=True)
    for param, verdier in sider:
        query.setlist(param, verdier)
    return selectors.oversikt_side(query=query)


@login_required
@access.require(access.may_read_overview)
def oversikt_eksport(request, tabell, format):
    eksport = selectors.oversikt_eksport(tabell=tabell)
    if eksport is None or format not in {"csv", "xlsx"}:
        raise Http404
    filename = f"tilskudd-{tabell.replace('_', '-')}"
    return tabell_response(format, filename, eksport.header, eksport.rows, tittel=eksport.tittel)
