"""The dashboard page: what depends on the reader (the filter form, the report buttons)
rendered on every request around the figures, which are the same for every reader of
one pilot, period and filter and so rendered once and kept until the data under them
changes (``felles.datastand``). At national scale the whole country's figures are
460 KB of tables and chart data, most of the page's time."""

from __future__ import annotations

from felles.datastand import EVALUERING, INVESTERING, KUNNSKAP, REGISTER, TILSKUDD, hurtig_html

from . import selectors


def dashboard_side(*, user, pilot, params) -> dict:
    """The context of ``evaluering/dashboard.html`` (the dashboard view and the steering
    group's home page): ``selectors.dashboard_page`` and the figures as ``innhold``."""
    context = selectors.dashboard_page(user=user, pilot=pilot, params=params)
    if pilot is not None:
        context["innhold"] = _innhold(context["valg"])
    return context


def _innhold(valg: dict):
    indikator = valg["indikator"]
    noekkel = ":".join(
        str(d)
        for d in (
            "evaluering.dashboard",
            valg["pilot"].pk,
            valg["periode"].pk if valg["periode"] else "",
            valg["fylke"],
            valg["tema"],
            indikator.pk if indikator else "",
            valg.get("side", 1),
        )
    )
    return hurtig_html(
        noekkel,
        [EVALUERING, INVESTERING, KUNNSKAP, REGISTER, TILSKUDD],
        "evaluering/_dashboard_innhold.html",
        lambda: selectors.dashboard(**valg),
    )
