"""Reads for the kommuner pages, shaped so each page costs a fixed number of queries."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet, prefetch_related_objects

from felles.sporring import Kompilert

from .models import Bruker, Deltakelse, Kommune, Pilot
from .roller import Rolle


def _deltakelser_qs() -> QuerySet[Deltakelse]:
    return Deltakelse.objects.select_related(
        "pilot", "investeringsleder", "investeringsleder_etat"
    ).order_by("pilot__start", "pilot__navn")


def kommune_list(*, pilot: str = "", fylke: str = "", status: str = "") -> QuerySet[Kommune]:
    """Kommuner with their participations prefetched (with their pilot only: the list
    shows no investment leader). The pilot and status filters apply to the same
    participation (a kommune that declined pilot A but takes part in pilot B is not
    listed as 'takket nei' in B)."""
    kommuner = Kommune.objects.all()
    deltakelse_filter = {}
    if pilot:
        deltakelse_filter["deltakelser__pilot__slug"] = pilot
    if status:
        deltakelse_filter["deltakelser__status"] = status
    if deltakelse_filter:
        kommuner = kommuner.filter(**deltakelse_filter).distinct()
    if fylke:
        kommuner = kommuner.filter(fylke=fylke)
    return kommuner.order_by("navn").prefetch_related(
        Prefetch(
            "deltakelser",
            queryset=Deltakelse.objects.select_related("pilot").order_by(
                "pilot__start", "pilot__navn"
            ),
        )
    )


def fylker_i_bruk() -> list[str]:
    """The fylkesnummer the registered kommuner lie in, for the list's filter."""
    return list(Kommune.objects.order_by("fylke").values_list("fylke", flat=True).distinct())


def kommune_detail(*, kommune: Kommune) -> Kommune:
    """``kommune`` with what its page shows: its participations (pilot, investment
    leader and etat) and contact persons, two queries."""
    prefetch_related_objects(
        [kommune], Prefetch("deltakelser", queryset=_deltakelser_qs()), "kontaktpersoner"
    )
    return kommune


def pilot_list() -> QuerySet[Pilot]:
    return Pilot.objects.select_related("piloteier").prefetch_related(
        Prefetch("deltakelser", queryset=_deltakelser_qs().select_related("kommune"))
    )


# The pilot by its address, read on every request of a pilot's dashboard: compiled once
# (``felles.sporring``), with a stand-in for the slug.
_PILOT = Kompilert(lambda slug: Pilot.objects.filter(slug=slug), merker=("\x00slug",))


def pilot_av_slug(slug: str) -> Pilot | None:
    """The pilot with the address ``slug``, or None (one query)."""
    return _PILOT.forekomst(slug)


def pilot_detail(*, slug: str) -> QuerySet[Pilot]:
    """The pilot; its participations are paginated (``pilot_deltakelser``)."""
    return Pilot.objects.filter(slug=slug).select_related("piloteier")


def pilot_deltakelser(*, pilot: Pilot) -> QuerySet[Deltakelse]:
    """The pilot's participations by kommune name, with what the status table shows
    (the kommune and the investment leader's etat; not the leader as a user)."""
    return (
        Deltakelse.objects.filter(pilot=pilot)
        .select_related("kommune", "investeringsleder_etat")
        .order_by("kommune__navn", "pk")
    )


def deltakelser_for_leader(user) -> QuerySet[Deltakelse]:
    return (
        _deltakelser_qs()
        .select_related("kommune")
        .filter(investeringsleder=user)
        .order_by("kommune__navn")
    )


def deltakelser_for_kommune(kommune_id: int | None) -> QuerySet[Deltakelse]:
    return _deltakelser_qs().filter(kommune_id=kommune_id)


def investeringsledere_for_valg():
    """The active users holding the investment-leader role: who may be chosen to lead
    a participation."""
    return (
        Bruker.objects.med_rolle(Rolle.INVESTERINGSLEDER)
        .select_related("etat")
        .order_by("fullt_navn", "email")
    )


def investeringsleder_historikk(*, pilot: Pilot, antall: int = 100) -> list[dict]:
    """Each change of a participation's investment leader in ``pilot``, newest first:
    when, which kommune, the leader before and after, and who made it. One query over
    the participations' history."""
    rader = (
        Deltakelse.history.filter(pilot_id=pilot.pk)
        .select_related("kommune", "investeringsleder", "history_user")
        .order_by("id", "history_date", "history_id")
    )
    endringer: list[dict] = []
    forrige: dict[int, object] = {}
    for rad in rader:
        leder_id = rad.investeringsleder_id
        if rad.id in forrige and forrige[rad.id][0] == leder_id:
            continue
        if rad.id in forrige or leder_id is not None:
            endringer.append(
                {
                    "tid": rad.history_date,
                    "kommune": rad.kommune,
                    "fra": forrige.get(rad.id, (None, None))[1],
                    "til": rad.investeringsleder if leder_id else None,
                    "av": rad.history_user,
                }
            )
        forrige[rad.id] = (leder_id, rad.investeringsleder if leder_id else None)
    endringer.sort(key=lambda e: e["tid"], reverse=True)
    return endringer[:antall]
