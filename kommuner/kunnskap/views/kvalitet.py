"""The data-quality page of a pilot."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from .. import access as access_kunnskap
from .. import selectors as sel


@login_required
def datakvalitet(request, slug):
    """Completeness per kommune and period, flagged, returned and late values of one
    pilot's participating kommuner (``selectors.datakvalitet``)."""
    pilot = access_kunnskap.get_pilot_for_datakvalitet_or_404(request.user, slug)
    kvalitet = sel.datakvalitet(pilot=pilot, side=request.GET.get("side"))
    return render(
        request,
        "kommuner/kunnskap/datakvalitet.html",
        {"pilot": pilot, "kvalitet": kvalitet, "frist_maaneder": sel.FRIST_MAANEDER},
    )
