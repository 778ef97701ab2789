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

from django.db.models import QuerySet

from kommuner.access import deltakelser_led_by, is_admin, roles_of
from kommuner.models import Bruker, Deltakelse, Kommune, Pilot
from kommuner.roller import Rolle

from .models import Kalendertoken


def _is_leder(user) -> bool:
    return Rolle.INVESTERINGSLEDER in roles_of(user)


def _is_team(user) -> bool:
    return Rolle.INVESTERINGSTEAM in roles_of(user)


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
    barriers: anything with ``pilot_id`` and ``kommune_id``) with one query."""

    def __init__(self, user):
        self.admin = is_admin(user)
        self.leder = _is_leder(user)
        self.team = _is_team(user)
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
