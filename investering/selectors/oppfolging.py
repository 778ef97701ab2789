"""The follow-up board and the team's admin page of a pilot."""

from __future__ import annotations

from django.db.models import F, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kommuner import selectors as kommune_selectors
from kommuner.models import Deltakelse, Pilot

from .. import access
from ..models import (
    Investeringsteam,
    Motetype,
    Oppfolgingsnotat,
    Oppfolgingspunkt,
    Teammedlem,
)


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
    return punkter.select_related(
        "mote", "mote__kommune", "ansvarlig_bruker", "ansvarlig_etat"
    ).order_by(F("frist").asc(nulls_last=True), "pk")


def oppfolging_rader(punkter: list[Oppfolgingspunkt], kan, *, idag=None) -> list[dict]:
    """The board's rows for ``punkter`` (an ``oppfolging_board`` page) as plain values:
    what ``oppfolging_board.html`` writes, with labels translated once, links without
    ``reverse()`` per row and the notes of every point from one query of values. ``kan``
    answers ``can_edit`` and ``can_add_note_in`` for a meeting
    (``access.MoteRettigheter``); a point is overdue after ``idag`` (today)."""
    ids = [p.pk for p in punkter]
    notater = _notater_per_punkt(ids) if ids else {}
    typer = {k: str(v) for k, v in Motetype.choices}
    statuser = {k: str(v) for k, v in Oppfolgingspunkt.Status.choices}
    team = _("Investeringsteamet")
    idag = idag or timezone.localdate()
    mote_sti = reverse("investering:mote_detail", args=[0])[:-2]
    punkt_sti = reverse("investering:punkt_status", args=[0]).split("/0/")[0] + "/"
    rader = []
    for p in punkter:
        mote = p.mote
        rader.append(
            {
                "pk": p.pk,
                "frist": f"{p.frist:%d.%m.%Y}" if p.frist else "–",
                "forfalt": bool(
                    p.frist and p.status != Oppfolgingspunkt.Status.LUKKET and p.frist < idag
                ),
                "tekst": p.tekst,
                "notater": notater.get(p.pk, ()),
                "kommune": (mote.kommune.navn if mote.kommune_id else "") or team,
                "mote_url": f"{mote_sti}{mote.pk}/",
                "mote": f"{typer.get(mote.type, mote.type)} "
                f"{timezone.localtime(mote.start):%d.%m.%Y}",
                "ansvarlig": p.ansvarlig or "–",
                "status": p.status,
                "status_tekst": statuser.get(p.status, p.status),
                "notat_url": f"{punkt_sti}{p.pk}/notat/",
                "status_url": f"{punkt_sti}{p.pk}/status/",
                "kan_redigere": kan.can_edit(mote),
                "kan_notere": kan.can_add_note_in(mote),
            }
        )
    return rader


def _notater_per_punkt(ids) -> dict[int, list[str]]:
    """The notes of the points ``ids``, oldest first, as the board writes them:
    "dd.mm.yyyy writer: text"."""
    per_punkt: dict[int, list[str]] = {}
    for punkt, opprettet, navn, email, tekst in (
        Oppfolgingsnotat.objects.filter(punkt__in=ids)
        .order_by("opprettet", "pk")
        .values_list("punkt", "opprettet", "skrevet_av__fullt_navn", "skrevet_av__email", "tekst")
    ):
        # str(skrevet_av): the user's name or e-mail, "None" (as the template wrote it)
        # for a note without a writer.
        skrevet_av = (navn or email) if email is not None else "None"
        per_punkt.setdefault(punkt, []).append(
            f"{timezone.localtime(opprettet):%d.%m.%Y} {skrevet_av}: {tekst}"
        )
    return per_punkt
