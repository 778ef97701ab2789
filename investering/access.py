"""Who may see and change what in the meeting log, built on ``kommuner.access``.

- Reading goes through each model's ``for_user`` (``kommuner.access.workdata_filter``):
  admins, investment leaders, the team, the steering group and the researcher read
  everything; a contact person reads only their own kommune's meetings, follow-up
  points and rule barriers. The team overview is for every role but a contact person.
- A meeting (and a rule barrier) with a kommune is changed by admins and the kommune's
  investment leader in that pilot; the team's own meetings (no kommune) by admins and
  any investment leader.
- Team members (and everybody who may edit the meeting) add notes to follow-up points.
  The steering group and the researcher change nothing.

Views ask these questions; no view, form, selector or model checks a role itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import QuerySet

from kommuner.access import deltakelser_led_by, is_admin, roles_of
from kommuner.models import Bruker, Deltakelse, Kommune, Pilot
from kommuner.roller import Rolle

from .models import Kalendertoken, Teammedlem


def _is_leder(user) -> bool:
    return Rolle.INVESTERINGSLEDER in roles_of(user)


def _is_team(user) -> bool:
    return Rolle.INVESTERINGSTEAM in roles_of(user)


def is_investeringsleder(user) -> bool:
    """Does ``user`` hold the leader's role (whose led kommuner their pages show)?"""
    return _is_leder(user)


def can_log_any_meeting(user) -> bool:
    """May ``user`` log a meeting or register a rule barrier somewhere at all?"""
    return is_admin(user) or _is_leder(user)


def can_log_meeting(user, *, pilot: Pilot, kommune: Kommune | None) -> bool:
    if is_admin(user):
        return True
    if not _is_leder(user):
        return False
    if kommune is None:
        return True
    return deltakelser_led_by(user).filter(pilot=pilot, kommune=kommune).exists()


def can_edit_mote(user, mote) -> bool:
    return can_log_meeting(user, pilot=mote.pilot, kommune=mote.kommune)


def can_add_note_in(user, mote) -> bool:
    """May ``user`` add notes to the follow-up points of ``mote``?"""
    return _is_team(user) or can_edit_mote(user, mote)


def can_add_note(user, punkt) -> bool:
    return can_add_note_in(user, punkt.mote)


def can_edit_regelhinder(user, regelhinder) -> bool:
    return can_log_meeting(user, pilot=regelhinder.pilot, kommune=regelhinder.kommune)


def may_read_meeting_log(user) -> bool:
    """Every role reads the meeting log (a contact person their own kommune's)."""
    return bool(roles_of(user))


def may_read_boards(user) -> bool:
    """The follow-up board and the rule-barrier register across kommuner are in the menu
    of every role but a contact person, who sees their kommune's on its own pages."""
    return bool(roles_of(user) - {Rolle.KONTAKTPERSON})


def can_view_team(user) -> bool:
    """The investment team's overview: every role but a contact person's."""
    return bool(roles_of(user) - {Rolle.KONTAKTPERSON})


def can_manage_team(user) -> bool:
    """Who is on a pilot's investment team and who leads each participation: admins."""
    return is_admin(user)


def team_candidates() -> QuerySet[Bruker]:
    """Who may be named to an investment team: active users holding the team role."""
    return Bruker.objects.med_rolle(Rolle.INVESTERINGSTEAM)


Sted = tuple[int, int | None]  # (pilot id, kommune id); no kommune: the team's meeting


def ansvarlige_per_sted(steder: list[Sted]) -> dict[Sted, list[Bruker]]:
    """Who may own a follow-up point of a meeting at each place (pilot, kommune): the
    people of that pilot and kommune. For a kommune's meeting, the kommune's contact
    persons, the participation's investment leader and the pilot's investment team
    (its members now); for the team's own meeting (no kommune), the team and the
    leaders of every participation in the pilot. Active users only; nobody else — not
    the steering group, an admin or another pilot's people, unless they are one of
    these. Three queries, however many places."""
    steder = list(dict.fromkeys(steder))
    piloter = {p for p, _k in steder}
    kommuner = {k for _p, k in steder if k is not None}
    kontakt: dict[int, list[Bruker]] = {}
    for b in (
        Bruker.objects.med_rolle(Rolle.KONTAKTPERSON)
        .filter(kommune_id__in=kommuner)
        .select_related("etat", "kommune")
    ):
        kontakt.setdefault(b.kommune_id, []).append(b)
    ledere: dict[Sted, Bruker] = {
        (d.pilot_id, d.kommune_id): d.investeringsleder
        for d in Deltakelse.objects.filter(
            pilot_id__in=piloter, investeringsleder__is_active=True
        ).select_related("investeringsleder__etat", "investeringsleder__kommune")
    }
    team: dict[int, list[Bruker]] = {}
    for m in Teammedlem.objects.filter(
        team__pilot_id__in=piloter, til__isnull=True, bruker__is_active=True
    ).select_related("team", "bruker__etat", "bruker__kommune"):
        team.setdefault(m.team.pilot_id, []).append(m.bruker)
    svar = {}
    for pilot_id, kommune_id in steder:
        if kommune_id is None:
            folk = [b for (p, _k), b in ledere.items() if p == pilot_id]
        else:
            folk = kontakt.get(kommune_id, []) + [
                b for b in [ledere.get((pilot_id, kommune_id))] if b is not None
            ]
        folk += team.get(pilot_id, [])
        unike = {b.pk: b for b in folk}
        svar[(pilot_id, kommune_id)] = sorted(
            unike.values(), key=lambda b: (b.fullt_navn.lower(), b.email)
        )
    return svar


def ansvarlige_for(*, pilot_id: int, kommune_id: int | None) -> list[Bruker]:
    """Who may own a follow-up point of a meeting in ``pilot_id`` with ``kommune_id``
    (``ansvarlige_per_sted``)."""
    return ansvarlige_per_sted([(pilot_id, kommune_id)])[(pilot_id, kommune_id)]


def follows_team_meetings(user) -> bool:
    """The team's own meetings (no kommune) belong in the calendar of team members and
    investment leaders."""
    return _is_team(user) or _is_leder(user)


def kalender_eier(token: str) -> Bruker | None:
    """The active user whose calendar feed ``token`` opens (calendar apps cannot log
    in: the secret token is the key), or None."""
    kt = Kalendertoken.objects.select_related("bruker").filter(token=token).first()
    if kt is None or not kt.bruker.is_active:
        return None
    return kt.bruker


def deltakelser_to_log(user) -> QuerySet[Deltakelse]:
    """The participations ``user`` may log meetings for (admins: every one that did not
    decline)."""
    if is_admin(user):
        return Deltakelse.objects.exclude(status=Deltakelse.Status.TAKKET_NEI)
    return deltakelser_led_by(user)


def piloter_with_team_meetings_to_log(user) -> QuerySet[Pilot]:
    """The pilots whose team meetings ``user`` may log."""
    if is_admin(user):
        return Pilot.objects.all()
    return Pilot.objects.filter(pk__in=deltakelser_led_by(user).values("pilot_id"))


class MoteRettigheter:
    """Answers ``can_edit_mote`` and ``can_add_note_in`` for many meetings (or rule
    barriers: anything with ``pilot_id`` and ``kommune_id``) with one query (none for a
    ``Leser``, which carries the answer)."""

    def __init__(self, user):
        self.admin = is_admin(user)
        self.leder = _is_leder(user)
        self.team = _is_team(user)
        if isinstance(user, Leser):
            self.par = set(user.par)
        else:
            self.par = (
                set(deltakelser_led_by(user).values_list("pilot_id", "kommune_id"))
                if self.leder and not self.admin
                else set()
            )

    def can_edit(self, obj) -> bool:
        if self.admin:
            return True
        if not self.leder:
            return False
        if obj.kommune_id is None:
            return True
        return (obj.pilot_id, obj.kommune_id) in self.par

    def can_add_note_in(self, mote) -> bool:
        return self.team or self.can_edit(mote)


@dataclass(frozen=True)
class Leser:
    """What the meeting log's lists depend on of their reader, read fresh per request
    (``av``): their roles, their kommune (a contact person reads only its data) and the
    (pilot, kommune) pairs they lead. It stands in for the user in ``for_user`` and
    ``MoteRettigheter``, so a list rendered once and kept (``investering.views``,
    ``felles.datastand``) is keyed by exactly what decides what the reader may see and
    change, and is shared by every reader alike, never served to another."""

    roller: frozenset[str]
    kommune_id: int | None
    par: frozenset[tuple[int, int]] = field(default=frozenset())
    is_authenticated = True

    @classmethod
    def av(cls, user, *, rettigheter: bool = True) -> Leser:
        """``user`` as a reader; without ``rettigheter`` (a part that changes nothing:
        the search) the pairs are left out, so every leader shares one copy."""
        roller = frozenset(roles_of(user))
        return cls(
            roller=roller,
            # Only a contact person's kommune bounds what they read (``workdata_filter``).
            kommune_id=user.kommune_id if Rolle.KONTAKTPERSON in roller else None,
            par=frozenset(MoteRettigheter(user).par) if rettigheter else frozenset(),
        )

    def noekkel(self) -> dict:
        """The reader as arguments of a kept function (``fra_noekkel`` undoes it)."""
        return {"tilgang": self.roller, "kommune_id": self.kommune_id, "par": self.par}

    @classmethod
    def fra_noekkel(cls, *, tilgang, kommune_id, par) -> Leser:
        return cls(roller=frozenset(tilgang), kommune_id=kommune_id, par=frozenset(par))
