"""Search in minutes, decisions, follow-up points and rule barriers."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required

from .. import selectors
from ._felles import render_htmx


@login_required
def sok(request):
    q = request.GET.get("q", "").strip()[:200]
    return render_htmx(
        request,
        side="investering/sok.html",
        fragment="investering/_sok_treff.html",
        context={"q": q, "treff": selectors.sok(request.user, q) if q else []},
    )
