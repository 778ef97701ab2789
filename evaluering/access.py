"""Who may see and change what in the evaluation, built on ``kommuner.access``.

- The pilot-wide evaluation (dashboard, goals, published reports, every kommune's
  answers) is read by the roles that read every kommune's working data; a contact
  person sees their own kommune's forms and answers.
- Goals, assessments, reflection forms and the reports (ordering, starting again,
  publishing, and reading a report before it is published) are managed by admins.
- A reflection form is answered by a contact person of a kommune it was sent to.
- The researcher and admins write evaluation notes; everybody who reads the kommune's
  working data reads them.
"""

from __future__ import annotations

from kommuner.access import is_admin, reads_all_kommuner, roles_of
from kommuner.roller import Rolle

from .models import Refleksjonsskjema, Statusrapport


def may_read_pilot_evaluation(user) -> bool:
    return reads_all_kommuner(user)


def may_manage_evaluation(user) -> bool:
    """Goals, goal assessments and reflection forms."""
    return is_admin(user)


def may_manage_reports(user) -> bool:
    return is_admin(user)


def may_read_report(user, rapport: Statusrapport) -> bool:
    if not may_read_pilot_evaluation(user):
        return False
    return rapport.status == Statusrapport.Status.PUBLISERT or may_manage_reports(user)


def may_open_reflection_forms(user) -> bool:
    return may_read_pilot_evaluation(user) or Rolle.KONTAKTPERSON in roles_of(user)


def may_answer(user, skjema: Refleksjonsskjema) -> bool:
    """A contact person of a kommune the form was sent to (one answer per kommune is
    the service's rule)."""
    if Rolle.KONTAKTPERSON not in roles_of(user) or not user.kommune_id:
        return False
    return skjema.kommuner.filter(pk=user.kommune_id).exists()


def may_write_notes(user) -> bool:
    return bool(roles_of(user) & {Rolle.FOLGEFORSKER, Rolle.ADMIN})
