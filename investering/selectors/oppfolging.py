"""The follow-up board and the team's admin page of a pilot."""

from __future__ import annotations

from django.db.models import F, Prefetch, Q, QuerySet

from kommuner import selectors as kommune_selectors
from kommuner.models import Deltakelse, Pilot

from .. import access
from ..models import Investeringsteam, Oppfolgingsnotat, Oppfolgingspunkt, Teammedlem


def team_admin(pilot: Pilot) -> dict:
    """The admin's page of one pilot's team: the team, its current members, who may be
    added, the membership history (who changed what, when), each participation with
    its investment leader, the leaders to choose from and the leaders' history."""
    team = Investeringsteam.objects.filter(pilot=pilot).first()
    medlemmer, historikk = [], []
    if team is not None:
        medlemmer = list(
            team.medlemmer.filter(til__isnull=True)
            .select_related("bruker", "etat")
            .order_by("bruker__fullt_navn")
        )
        historikk = list(
            Teammedlem.history.filter(team_id=team.pk)
            .select_related("bruker", "history_user")
            .order_by("-history_date", "-history_id")[:100]
        )
    kandidater = (
        access.team_candidates()
        .exclude(pk__in=[m.bruker_id for m in medlemmer])
        .order_by("fullt_navn", "email")
    )
    deltakelser = (
        Deltakelse.objects.filter(pilot=pilot)
        .exclude(status=Deltakelse.Status.TAKKET_NEI)
        .select_related("kommune", "investeringsleder", "investeringsleder_etat")
        .order_by("kommune__navn")
    )
    return {
        "team": team,
        "medlemmer": medlemmer,
        "historikk": historikk,
        "kandidater": list(kandidater),
        "deltakelser": list(deltakelser),
        "ledere": list(kommune_selectors.investeringsledere_for_valg()),
        "leder_historikk": kommune_selectors.investeringsleder_historikk(pilot=pilot),
    }


def oppfolging_board(
    user,
    *,
    kommune=None,
    etat=None,
    ansvarlig=None,
    status: str = "",
) -> QuerySet[Oppfolgingspunkt]:
    """Follow-up points (open unless ``status`` says otherwise), overdue first, then
    by due date: for open points ordering by due date puts the overdue ones first, so
    the order is the plain (frist, id) that the partial index on open points serves;
    points without a due date come last."""
    punkter = Oppfolgingspunkt.objects.for_user(user)
    if status:
        punkter = punkter.filter(status=status)
    else:
        punkter = punkter.apne()
    if kommune is not None:
        punkter = punkter.filter(mote__kommune=kommune)
    if etat is not None:
        punkter = punkter.filter(Q(ansvarlig_etat=etat) | Q(ansvarlig_bruker__etat=etat))
    if ansvarlig is not None:
        punkter = punkter.filter(ansvarlig_bruker=ansvarlig)
    return (
        punkter.select_related(
            "mote", "mote__kommune", "mote__pilot", "ansvarlig_bruker", "ansvarlig_etat"
        )
        .prefetch_related(
            Prefetch("notater", queryset=Oppfolgingsnotat.objects.select_related("skrevet_av"))
        )
        .order_by(F("frist").asc(nulls_last=True), "pk")
    )
