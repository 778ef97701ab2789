"""Who may administer users: admins (pilotledere) only."""

from kommuner.access import is_admin


def may_manage_users(user) -> bool:
    return is_admin(user)
