"""The investment leader's kommuner (their participations, meetings and open points)
and the team overview."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from django.db.models import (
    Exists,
    F,
    Func,
    IntegerField,
    OuterRef,
    Prefetch,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from felles.sporring import Kompilert
from kommuner.access import deltakelser_led_by
from kommuner.models import Deltakelse, Fase5D, Pilot

from ..models import Mote, Motetype, Oppfolgingspunkt, Teammedlem


@dataclass
class LedetKommune:
    deltakelse: Deltakelse
    siste_mote: Mote | None
    neste_mote: Mote | None
    apne_punkter: int
    forfalte_punkter: int
    # What the card writes of the meetings and the phase (labels translated once per
    # page, not through get_*_display per card): "type dd.mm.yyyy", the next with time.
    siste_tekst: str = ""
    neste_tekst: str = ""
    fase: str = ""


def leader_overview(user) -> list[LedetKommune]:
    """For each kommune ``user`` leads: last meeting, next planned meeting, open and
    overdue follow-up points, milestone and 5D phase. Two queries whatever the number
    of kommuner and meetings: the participations with the last/next meeting ids and
    the point counts as correlated subqueries (each an index scan: meetings on
    (pilot, kommune, start) with LIMIT 1, open points on the partial index by meeting),
    then the meetings shown. Measured on 50 000 meetings this beat grouping the
    kommuner's meetings and points with Max/Min/Count (23 against 55 ms for 21
    kommuner): the grouped form joins every open point of the led kommuner."""
    now = timezone.now()
    today = timezone.localdate()
    same = Mote.objects.filter(pilot=OuterRef("pilot"), kommune=OuterRef("kommune"))
    punkter = Oppfolgingspunkt.objects.apne().filter(
        mote__pilot=OuterRef("pilot"), mote__kommune=OuterRef("kommune")
    )

    def count(qs):
        # COUNT(*) without GROUP BY: one number per outer row.
        antall = qs.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")
        return Coalesce(Subquery(antall, output_field=IntegerField()), Value(0))

    deltakelser = list(
        deltakelser_led_by(user)
        .select_related("pilot", "kommune", "investeringsleder_etat")
        .annotate(
            siste_mote_id=Subquery(
                same.filter(start__lte=now)
                .exclude(status=Mote.Status.AVLYST)
                .order_by("-start")
                .values("pk")[:1]
            ),
            neste_mote_id=Subquery(
                same.filter(start__gt=now)
                .exclude(status=Mote.Status.AVLYST)
                .order_by("start")
                .values("pk")[:1]
            ),
            apne=count(punkter),
            forfalte=count(punkter.filter(frist__lt=today)),
        )
        .order_by("kommune__navn", "pilot__navn")
    )
    ids = {d.siste_mote_id for d in deltakelser} | {d.neste_mote_id for d in deltakelser}
    ids.discard(None)
    # The cards link the meetings and name them by type and date: nothing else is read.
    moter = Mote.objects.only("type", "start", "status").in_bulk(ids) if ids else {}
    typer = {k: str(v) for k, v in Motetype.choices}
    faser = {k: str(v) for k, v in Fase5D.choices}

    def tekst(mote: Mote | None, format: str) -> str:
        if mote is None:
            return ""
        return f"{typer.get(mote.type, mote.type)} {timezone.localtime(mote.start):{format}}"

    return [
        LedetKommune(
            deltakelse=d,
            siste_mote=moter.get(d.siste_mote_id),
            neste_mote=moter.get(d.neste_mote_id),
            apne_punkter=d.apne,
            forfalte_punkter=d.forfalte,
            siste_tekst=tekst(moter.get(d.siste_mote_id), "%d.%m.%Y"),
            neste_tekst=tekst(moter.get(d.neste_mote_id), "%d.%m.%Y %H:%M"),
            fase=faser.get(d.fase, d.fase),
        )
        for d in deltakelser
    ]


def neste_motestart(user) -> datetime | None:
    """The start of the next meeting (not cancelled) in a kommune ``user`` leads, or
    None: until then ``leader_overview`` names the same last and next meetings, so a
    copy of it is keyed by this (``investering.views.team``). One query: the meetings
    from now on along the index on start, each looked up among the led participations
    (``deltakelser_led_by``: the user's role, then ``Deltakelse.investeringsleder``),
    until the first led one. Compiled once (``felles.sporring``): the leader's home
    page asks it on every request, and building it cost more than running it."""
    if deltakelser_led_by(user).query.is_empty():  # not a leader: no query
        return None
    rad = _NESTE_MOTESTART.rad(timezone.now(), user.pk)
    return rad[0] if rad else None


# With stand-ins for now and the leader's id.
_NESTE_MOTESTART = Kompilert(
    lambda naa, leder_id: (
        Mote.objects.filter(start__gt=naa)
        .exclude(status=Mote.Status.AVLYST)
        .filter(
            Exists(
                Deltakelse.objects.filter(
                    investeringsleder_id=leder_id,
                    kommune_id=OuterRef("kommune_id"),
                    pilot_id=OuterRef("pilot_id"),
                )
            )
        )
        .order_by("start")
        .values_list("start")[:1]
    ),
    merker=(datetime(1901, 1, 1, tzinfo=UTC), -7_777_777_773),
)


def team_overview() -> QuerySet:
    """Each pilot with its investment team's members and the investment leader of
    each participation (kept on ``Deltakelse``)."""
    return Pilot.objects.select_related("investeringsteam").prefetch_related(
        Prefetch(
            "investeringsteam__medlemmer",
            queryset=Teammedlem.objects.filter(til__isnull=True).select_related("bruker", "etat"),
        ),
        Prefetch(
            "deltakelser",
            queryset=Deltakelse.objects.exclude(status=Deltakelse.Status.TAKKET_NEI)
            .select_related("kommune", "investeringsleder", "investeringsleder_etat")
            .order_by("kommune__navn"),
        ),
    )
