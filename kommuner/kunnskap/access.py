"""Who may see and change what in the knowledge base, built on ``kommuner.access``.

- Reading a kommune's knowledge base, measures, challenge picture and attachments is
  working data: ``access.can_view_kommune_data``, and the ``*_for_user`` querysets
  below keep only the rows of kommuner the user may read.
- Entering values, baselines, measures, the challenge picture and attachments:
  ``access.can_edit_kommune_data`` (admins, the kommune's investment leader, its own
  contact person).
- Approving or returning submitted values: admins and the kommune's investment leader
  only (never the contact person who submitted them).
- The indicator and virkemiddel catalogues: admins; virkemidler also the investment team.
- A pilot's data-quality page (counts per kommune, no values): those who read every
  kommune's working data; not a contact person (who reads only their own kommune).
"""

from __future__ import annotations

from django.db.models import QuerySet

from ..access import (
    ALLE_KOMMUNER,
    is_admin,
    kommuner_with_workdata,
    leads_kommune,
    reads_all_kommuner,
    roles_of,
    workdata_filter,
)
from ..models import Deltakelse, Kommune
from ..roller import Rolle
from .models import Indikatorverdi, SsbKonflikt, Tiltak, Vedlegg


def indikatorverdier_for_user(user) -> QuerySet[Indikatorverdi]:
    return Indikatorverdi.objects.filter(workdata_filter(user)).select_related(
        "kommune", "indikator", "sendt_inn_av", "behandlet_av"
    )


def tiltak_for_user(user) -> QuerySet[Tiltak]:
    return Tiltak.objects.filter(workdata_filter(user)).select_related("kommune")


def vedlegg_for_user(user) -> QuerySet[Vedlegg]:
    return Vedlegg.objects.filter(workdata_filter(user)).select_related("kommune", "lastet_opp_av")


def can_approve_values(user, kommune: Kommune) -> bool:
    return is_admin(user) or leads_kommune(user, kommune)


def godkjenner(user) -> str | int | None:
    """Whose submitted values ``user`` may approve, as a plain value a kept part of a
    page can be keyed by: ``ALLE_KOMMUNER`` (an admin), the user's id (an investment
    leader: the kommuner they lead) or None. ``kommuner_to_approve_for`` is built from
    it."""
    if is_admin(user):
        return ALLE_KOMMUNER
    return user.pk if Rolle.INVESTERINGSLEDER in roles_of(user) else None


def kommuner_for_godkjenner(godkjenner: str | int | None) -> QuerySet[Kommune]:
    """The kommuner of ``godkjenner`` (``godkjenner(user)``'s answer): every kommune,
    those the leader with that id leads, or none."""
    if godkjenner == ALLE_KOMMUNER:
        return Kommune.objects.all()
    if godkjenner is None:
        return Kommune.objects.none()
    return Kommune.objects.filter(
        pk__in=Deltakelse.objects.filter(investeringsleder_id=godkjenner).values("kommune")
    )


def kommuner_to_approve_for(user) -> QuerySet[Kommune]:
    """The kommuner whose submitted values ``user`` may approve: all for admins, the
    kommuner they lead for an investment leader, none for anyone else."""
    return kommuner_for_godkjenner(godkjenner(user))


def may_export_indicator(user) -> bool:
    """An indicator across kommuner: for anyone who reads some kommune's working data
    (the rows are then kept to those kommuner)."""
    return kommuner_with_workdata(user).exists()


def can_manage_indikatorer(user) -> bool:
    return is_admin(user)


def can_manage_virkemidler(user) -> bool:
    return bool(roles_of(user) & {Rolle.ADMIN, Rolle.INVESTERINGSTEAM})


def can_manage_ssb(user) -> bool:
    """Setting up SSB sources, running fetches and reading their results: admins."""
    return is_admin(user)


def ssb_konflikter_for_user(user) -> QuerySet[SsbKonflikt]:
    return SsbKonflikt.objects.filter(workdata_filter(user, "verdi__kommune")).select_related(
        "verdi", "verdi__kommune", "verdi__indikator"
    )


def can_view_datakvalitet(user) -> bool:
    return reads_all_kommuner(user)


def get_pilot_for_datakvalitet_or_404(user, slug: str):
    """The pilot of a data-quality page, or 404 for anyone who may not read it."""
    from django.http import Http404

    from ..models import Pilot

    if not can_view_datakvalitet(user):
        raise Http404
    try:
        return Pilot.objects.get(slug=slug)
    except Pilot.DoesNotExist as exc:
        raise Http404 from exc
