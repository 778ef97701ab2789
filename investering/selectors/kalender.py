"""The calendar feed's meetings and events."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from kommuner.models import Deltakelse

from .. import access
from ..models import Mote


def kalender_moter(user, *, dager_bakover: int = 30) -> QuerySet[Mote]:
    """Meetings for ``user``'s calendar: those they take part in, write, or lead the
    kommune of (and the team's own meetings for investment leaders), from a month ago."""
    fra = timezone.now() - timedelta(days=dager_bakover)
    mine = Q(deltakere__bruker=user) | Q(skrevet_av=user)
    led = Deltakelse.objects.filter(
        investeringsleder=user, pilot=OuterRef("pilot"), kommune=OuterRef("kommune")
    )
    mine |= Q(Exists(led))
    if access.follows_team_meetings(user):
        mine |= Q(kommune__isnull=True)
    ids = Mote.objects.for_user(user).filter(mine, start__gte=fra).values("pk")
    return (
        Mote.objects.filter(pk__in=ids)
        .exclude(status=Mote.Status.AVLYST)
        .select_related("kommune", "pilot")
        .order_by("start")
    )


def kalender_hendelser(user, *, absolutt_url: Callable[[str], str]) -> list[dict]:
    """The events of ``user``'s calendar feed (``kalender_moter``) as ``ical.calendar``
    takes them; ``absolutt_url`` makes a path a full address."""
    return [
        {
            "uid": f"mote-{m.pk}@velferdspilot",
            "start": m.start,
            "minutes": m.varighet_minutter,
            "summary": m.overskrift,
            "location": m.stedtekst,
            "description": m.agenda,
            "url": absolutt_url(m.get_absolute_url()),
            "cancelled": m.status == Mote.Status.AVLYST,
        }
        for m in kalender_moter(user)
    ]
