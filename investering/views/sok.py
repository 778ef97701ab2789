"""Search in minutes, decisions, follow-up points and rule barriers."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from felles.datastand import hurtig_fragment
from felles.paginering import lenkegrunnlag, valgte_parametre
from kommuner.apps import REGISTER

from .. import access, selectors
from ..apps import INVESTERING
from ._felles import side_nummer, varier_med_htmx, vil_ha_fragment


@login_required
def sok(request):
    q = request.GET.get("q", "").strip()[:200]
    leser = access.Leser.av(request.user, rettigheter=False)
    treff = _treff(**leser.noekkel(), q=q, parametre=valgte_parametre(request)) if q else ""
    if vil_ha_fragment(request):
        return varier_med_htmx(HttpResponse(treff))
    return varier_med_htmx(render(request, "investering/sok.html", {"q": q, "treff": treff}))


@hurtig_fragment("investering/_sok_treff.html", grupper=(INVESTERING, REGISTER))
def _treff(*, tilgang, kommune_id, par, q: str, parametre) -> dict:
    """The hits for ``q`` (a page of them, its status line and page links), found once
    per reader's scope (``access.Leser``: only what they may read is searched) and
    query, and kept until a meeting-log table, a user, a kommune or an etat changes
    (``felles.datastand``): the full-text search was the page's time."""
    leser = access.Leser.fra_noekkel(tilgang=tilgang, kommune_id=kommune_id, par=par)
    query = lenkegrunnlag(parametre)
    resultat = selectors.sok(leser, q, side=side_nummer(query)) if q else None
    return {
        "q": q,
        "treff": resultat.treff if resultat else [],
        "resultat": resultat,
        "lenkegrunnlag": query,
    }
