"""Figures per kommune from the meeting log for the reports."""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import Count, Q

from ..models import Mote, Oppfolgingspunkt, Regelhinder
from .moter import _day_start


def tall_per_kommune(
    kommune_ids: list[int], pilot_id: int, start: date, slutt: date
) -> dict[int, dict]:
    """For the half-yearly report (evaluering reads this): per kommune id, meetings
    held in the period, follow-up points still open and overdue at the end of the
    period, and rule barriers registered in the period and lifted to national level.
    Three queries whatever the number of kommuner."""
    fra = _day_start(start)
    til = _day_start(slutt + timedelta(days=1))
    ut: dict[int, dict] = {
        k: {
            "moter_holdt": 0,
            "apne_punkter": 0,
            "forfalte_punkter": 0,
            "regelhindre_nye": 0,
            "regelhindre_loftet": 0,
        }
        for k in kommune_ids
    }
    moter = (
        Mote.objects.filter(
            pilot_id=pilot_id,
            kommune_id__in=kommune_ids,
            status=Mote.Status.GJENNOMFORT,
            start__gte=fra,
            start__lt=til,
        )
        .values("kommune_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in moter:
        ut[row["kommune_id"]]["moter_holdt"] = row["n"]
    # Open at the end of the period: created by then, and not closed by then.
    punkter = (
        Oppfolgingspunkt.objects.filter(
            mote__pilot_id=pilot_id, mote__kommune_id__in=kommune_ids, mote__start__lt=til
        )
        .filter(Q(lukket_dato__isnull=True) | Q(lukket_dato__gt=slutt))
        .exclude(status=Oppfolgingspunkt.Status.LUKKET, lukket_dato__isnull=True)
        .values("mote__kommune_id")
        .annotate(n=Count("pk"), forfalt=Count("pk", filter=Q(frist__lt=slutt)))
        .order_by()
    )
    for row in punkter:
        ut[row["mote__kommune_id"]]["apne_punkter"] = row["n"]
        ut[row["mote__kommune_id"]]["forfalte_punkter"] = row["forfalt"]
    hindre = (
        Regelhinder.objects.filter(pilot_id=pilot_id, kommune_id__in=kommune_ids)
        .values("kommune_id")
        .annotate(
            nye=Count("pk", filter=Q(opprettet__gte=fra, opprettet__lt=til)),
            loftet=Count(
                "pk",
                filter=Q(status__in=[Regelhinder.Status.LOFTET, Regelhinder.Status.ENDRET]),
            ),
        )
        .order_by()
    )
    for row in hindre:
        ut[row["kommune_id"]]["regelhindre_nye"] = row["nye"]
        ut[row["kommune_id"]]["regelhindre_loftet"] = row["loftet"]
    return ut
