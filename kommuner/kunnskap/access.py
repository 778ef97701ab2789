"""Access rules the knowledge base adds to ``kommuner.access`` (kept apart so the two
files merge cleanly; the lead may fold them in).

- Reading a kommune's knowledge base, measures, challenge picture and attachments is
  working data: ``access.can_view_kommune_data``.
- Entering values, baselines, measures, the challenge picture and attachments:
  ``access.can_edit_kommune_data`` (admins, the kommune's investment leader, its own
  contact person).
- Approving or returning submitted values: admins and the kommune's investment leader
  only (never the contact person who submitted them).
- The indicator and virkemiddel catalogues: admins; virkemidler also the investment team.
"""

from __future__ import annotations

from ..access import is_admin, leads_kommune, roles_of
from ..roller import Rolle


def can_approve_values(user, kommune) -> bool:
    return is_admin(user) or leads_kommune(user, kommune)


def can_manage_indikatorer(user) -> bool:
    return is_admin(user)


def can_manage_virkemidler(user) -> bool:
    return bool(roles_of(user) & {Rolle.ADMIN, Rolle.INVESTERINGSTEAM})
