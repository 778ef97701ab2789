"""Search in minutes, decisions, follow-up points and rule barriers."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required

from .. import selectors
from ._felles import render_htmx, side_nummer


@login_required
def sok(request):
    q = request.GET.get("q", "").strip()[:200]
    resultat = selectors.sok(request.user, q, side=side_nummer(request)) if q else None
    return render_htmx(
        request,
        side="investering/sok.html",
        fragment="investering/_sok_treff.html",
        context={"q": q, "treff": resultat.treff if resultat else [], "resultat": resultat},
    )
