"""The grants start page and the overviews of what is granted and paid."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render

from felles.tabellfil import tabell_response
from kommuner.access import get_kommune_with_workdata_or_404

from .. import access, selectors


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
    return render(request, "tilskudd/oversikt.html", selectors.oversikt_side(query=request.GET))


@login_required
@access.require(access.may_read_overview)
def oversikt_eksport(request, tabell, format):
    eksport = selectors.oversikt_eksport(tabell=tabell)
    if eksport is None or format not in {"csv", "xlsx"}:
        raise Http404
    filename = f"tilskudd-{tabell.replace('_', '-')}"
    return tabell_response(format, filename, eksport.header, eksport.rows, tittel=eksport.tittel)
