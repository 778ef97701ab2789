"""The data-quality page of a pilot."""

from __future__ import annotations

import datetime

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from felles.datastand import hurtig_fragment
from felles.paginering import lenkegrunnlag
from kommuner.apps import KUNNSKAP, REGISTER

from ...models import Pilot
from .. import access as access_kunnskap
from .. import selectors as sel


@login_required
def datakvalitet(request, slug):
    """Completeness per kommune and period, flagged, returned and late values of one
    pilot's participating kommuner (``selectors.datakvalitet``). Only readers of every
    kommune may open it (checked here, per request), and they all see the same table."""
    pilot = access_kunnskap.get_pilot_for_datakvalitet_or_404(request.user, slug)
    tabell = _tabell(pilot=pilot, side=request.GET.get("side"), idag=timezone.localdate())
    return render(
        request,
        "kommuner/kunnskap/datakvalitet.html",
        {"pilot": pilot, "tabell": tabell, "frist_maaneder": sel.FRIST_MAANEDER},
    )


@hurtig_fragment("kommuner/kunnskap/_datakvalitet.html", grupper=(KUNNSKAP, REGISTER))
def _tabell(*, pilot: Pilot, side: str | None, idag: datetime.date) -> dict:
    """The table of a page of kommuner, kept rendered until an indicator, a value or
    a participation (``KUNNSKAP``) or a kommune's name (``REGISTER``) changes, and
    for the day (the periods shown and what is late follow the date)."""
    return {
        "pilot": pilot,
        "kvalitet": sel.datakvalitet(pilot=pilot, side=side, today=idag),
        "lenkegrunnlag": lenkegrunnlag([("side", [side])] if side is not None else []),
    }
