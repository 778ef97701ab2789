"""The navigation: each role sees only what it may use, grouped so the bar stays short."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from evaluering import access as evaluering_access
from felles.varsler import uleste_antall
from innlogging import access as innlogging_access
from investering import access as investering_access
from kommuner.access import is_admin
from kommuner.kunnskap import access as kunnskap_access
from tilskudd import access as tilskudd_access


def _items(user) -> list[tuple[str, str, object, object]]:
    """(key, url, label, group label or None) in menu order."""
    items = [
        ("home", reverse("home"), _("Hjem"), None),
        ("kommuner", reverse("kommuner:list"), _("Kommuner"), None),
        ("piloter", reverse("kommuner:pilot_list"), _("Piloter"), None),
    ]
    moter = _("Møtelogg")
    if investering_access.may_read_meeting_log(user):
        items.append(("investering", reverse("investering:mote_list"), _("Møter"), moter))
    if investering_access.may_read_boards(user):
        items.append(
            ("oppfolging", reverse("investering:oppfolging_board"), _("Oppfølging"), moter)
        )
        items.append(
            ("regelhinder", reverse("investering:regelhinder_list"), _("Regelhindre"), moter)
        )
    if tilskudd_access.in_menu(user):
        items.append(("tilskudd", reverse("tilskudd:index"), _("Tilskudd"), None))
    evaluering = _("Evaluering")
    if evaluering_access.may_read_pilot_evaluation(user):
        items.append(
            ("evaluering", reverse("evaluering:dashboard_default"), _("Halvårsrapport"), evaluering)
        )
    if evaluering_access.may_open_reflection_forms(user):
        items.append(
            ("refleksjon", reverse("evaluering:skjema_list"), _("Refleksjonsskjema"), evaluering)
        )
    if innlogging_access.may_manage_users(user):
        items.append(("brukere", reverse("innlogging:bruker_list"), _("Brukere"), None))
    katalog = _("Katalog")
    if kunnskap_access.can_manage_indikatorer(user):
        items.append(
            ("indikatorer", reverse("kommuner:indikatorer"), _("Indikatorkatalogen"), katalog)
        )
    if kunnskap_access.can_manage_ssb(user):
        items.append(("ssb", reverse("kommuner:ssb"), _("Henting fra SSB"), katalog))
    if is_admin(user) and user.is_staff:
        items.append(("admin", reverse("admin:index"), _("Administrasjon"), None))
    return items


def navigation(request):
    user = getattr(request, "user", None)
    if not user or not user.is_authenticated:
        return {"nav": [], "uleste_varsler": 0}
    path = request.path
    nav: list[dict] = []
    groups: dict[str, dict] = {}
    for key, url, label, group in _items(user):
        exact = key in ("home", "evaluering")
        entry = {
            "key": key,
            "url": url,
            "label": label,
            "active": path == url if exact else path.startswith(url),
        }
        if group is None:
            nav.append(entry)
            continue
        if str(group) not in groups:
            groups[str(group)] = {"key": f"gruppe-{len(groups)}", "label": group, "children": []}
            nav.append(groups[str(group)])
        groups[str(group)]["children"].append(entry)
    for entry in groups.values():
        entry["active"] = any(child["active"] for child in entry["children"])
    # Read with the request's user (the login backend), so it costs no query of its own.
    return {"nav": nav, "uleste_varsler": uleste_antall(user)}
