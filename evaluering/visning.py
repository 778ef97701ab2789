"""The dashboard's figures as HTML, the same for every reader of one pilot, period and
filter: rendered once and kept until the data under them changes
(``felles.datastand``). At national scale the whole country's page is 460 KB of
tables and chart data, most of its time; what depends on the reader (the filter form,
the report buttons) is rendered around it on every request."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from felles.datastand import EVALUERING, INVESTERING, KUNNSKAP, REGISTER, TILSKUDD, hurtig

from . import selectors


def dashboard_innhold(request, valg: dict) -> SafeString:
    """The goals, kommuner and charts sections for ``valg`` (from
    ``selectors.dashboard_page``)."""
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
        )
    )

    def lag() -> str:
        return render_to_string(
            "evaluering/_dashboard_innhold.html", selectors.dashboard(**valg), request
        )

    html = hurtig(noekkel, [EVALUERING, INVESTERING, KUNNSKAP, REGISTER, TILSKUDD], lag)
    return mark_safe(html)  # noqa: S308 (our own template's output)
