"""Who may change what in the investment team's records.

- Reading goes through each model's ``for_user`` (``kommuner.access.workdata_filter``):
  admins, investment leaders, the team, the steering group and the researcher read
  everything; a contact person reads only their own kommune's meetings.
- A meeting with a kommune is changed by admins and the kommune's investment leader
  in that pilot; the team's own meetings (no kommune) by admins and any investment
  leader.
- Team members (and everybody who may edit the meeting) may add notes to follow-up
  points. Steering group and researcher change nothing.
"""

from __future__ import annotations

from kommuner.access import is_admin, roles_of
from kommuner.models import Deltakelse, Kommune, Pilot
from kommuner.roller import Rolle


def can_log_meeting(user, *, pilot: Pilot, kommune: Kommune | None) -> bool:
    roles = roles_of(user)
    if Rolle.ADMIN in roles:
        return True
    if Rolle.INVESTERINGSLEDER not in roles:
        return False
    if kommune is None:
        return True
    return Deltakelse.objects.filter(pilot=pilot, kommune=kommune, investeringsleder=user).exists()


def can_edit_mote(user, mote) -> bool:
    return can_log_meeting(user, pilot=mote.pilot, kommune=mote.kommune)


def may_log_any(user) -> bool:
    return bool(roles_of(user) & {Rolle.ADMIN, Rolle.INVESTERINGSLEDER})


def can_add_note(user, punkt) -> bool:
    if Rolle.INVESTERINGSTEAM in roles_of(user):
        return True
    return can_edit_mote(user, punkt.mote)


def can_edit_regelhinder(user, *, pilot: Pilot, kommune: Kommune | None) -> bool:
    return can_log_meeting(user, pilot=pilot, kommune=kommune)


def ledede_par(user) -> set[tuple[int, int]]:
    """(pilot_id, kommune_id) pairs ``user`` leads: one query, for list pages."""
    if Rolle.INVESTERINGSLEDER not in roles_of(user):
        return set()
    return set(
        Deltakelse.objects.filter(investeringsleder=user).values_list("pilot_id", "kommune_id")
    )


class EditChecker:
    """Answers ``can_edit_mote`` for many meetings with one query."""

    def __init__(self, user):
        self.admin = is_admin(user)
        self.leder = Rolle.INVESTERINGSLEDER in roles_of(user)
        self.par = ledede_par(user) if self.leder and not self.admin else set()

    def __call__(self, mote) -> bool:
        if self.admin:
            return True
        if not self.leder:
            return False
        if mote.kommune_id is None:
            return True
        return (mote.pilot_id, mote.kommune_id) in self.par
