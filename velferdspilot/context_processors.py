"""The navigation: each role sees only what it may use, grouped so the bar stays short.

Every signed-in page shows it, so it is made cheaply: its addresses are reversed once
per process (they take no arguments), and its HTML is written here in one pass
(``nav_html``) rather than by three nested template loops, which cost about a
millisecond of every request, and kept per process for each set of items, active item
and language (a few dozen strings, with the entries they are made from), so most
requests only check the user's access."""

from functools import lru_cache

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from evaluering import access as evaluering_access
from felles.varsler import uleste_antall
from innlogging import access as innlogging_access
from investering import access as investering_access
from kommuner.access import is_admin
from kommuner.kunnskap import access as kunnskap_access
from tilskudd import access as tilskudd_access


@lru_cache(maxsize=128)
def _reverse(name: str, prefix: str) -> str:
    return reverse(name)


@receiver(setting_changed)
def _ny_urlconf(*, setting, **kwargs):
    if setting == "ROOT_URLCONF":  # tests that swap the URLs
        _reverse.cache_clear()
        _nav_ferdig.clear()


def _items(user) -> list[tuple[str, str, object, object]]:
    """(key, url, label, group label or None) in menu order."""
    prefix = get_script_prefix()

    def _url(name: str) -> str:
        return _reverse(name, prefix)

    items = [
        ("home", _url("home"), _("Hjem"), None),
        ("kommuner", _url("kommuner:list"), _("Kommuner"), None),
        ("piloter", _url("kommuner:pilot_list"), _("Piloter"), None),
    ]
    moter = _("Møtelogg")
    if investering_access.may_read_meeting_log(user):
        items.append(("investering", _url("investering:mote_list"), _("Møter"), moter))
    if investering_access.may_read_boards(user):
        items.append(("oppfolging", _url("investering:oppfolging_board"), _("Oppfølging"), moter))
        items.append(("regelhinder", _url("investering:regelhinder_list"), _("Regelhindre"), moter))
    if tilskudd_access.in_menu(user):
        items.append(("tilskudd", _url("tilskudd:index"), _("Tilskudd"), None))
    evaluering = _("Evaluering")
    if evaluering_access.may_read_pilot_evaluation(user):
        items.append(
            ("evaluering", _url("evaluering:dashboard_default"), _("Halvårsrapport"), evaluering)
        )
    if evaluering_access.may_open_reflection_forms(user):
        items.append(
            ("refleksjon", _url("evaluering:skjema_list"), _("Refleksjonsskjema"), evaluering)
        )
    if innlogging_access.may_manage_users(user):
        items.append(("brukere", _url("innlogging:bruker_list"), _("Brukere"), None))
    katalog = _("Katalog")
    if kunnskap_access.can_manage_indikatorer(user):
        items.append(
            ("indikatorer", _url("kommuner:indikatorer"), _("Indikatorkatalogen"), katalog)
        )
    if kunnskap_access.can_manage_ssb(user):
        items.append(("ssb", _url("kommuner:ssb"), _("Henting fra SSB"), katalog))
    if is_admin(user) and user.is_staff:
        items.append(("admin", _url("admin:index"), _("Administrasjon"), None))
    return items


def navigation(request):
    user = getattr(request, "user", None)
    if not user or not user.is_authenticated:
        return {"nav": [], "nav_html": "", "uleste_varsler": 0}
    path = request.path
    items = _items(user)
    active = tuple(
        path == url if key in ("home", "evaluering") else path.startswith(url)
        for key, url, _label, _group in items
    )
    # The menu (its entries and HTML) depends on the items, which are active and the
    # language alone: made once per process for each such combination.
    nokkel = (tuple(key for key, *_rest in items), active, get_language(), get_script_prefix())
    ferdig = _nav_ferdig.get(nokkel)
    if ferdig is None:
        if len(_nav_ferdig) > 1000:  # a bound, far above roles × pages × languages
            _nav_ferdig.clear()
        nav = _nav(items, active)
        ferdig = _nav_ferdig[nokkel] = (nav, _nav_html(nav))
    nav, html = ferdig
    # Read with the request's user (the login backend), so it costs no query of its own.
    return {"nav": nav, "nav_html": html, "uleste_varsler": uleste_antall(user)}


_nav_ferdig: dict[tuple, tuple[list[dict], SafeString]] = {}


def _nav(items: list[tuple[str, str, object, object]], active: tuple[bool, ...]) -> list[dict]:
    nav: list[dict] = []
    groups: dict[str, dict] = {}
    for (key, url, label, group), er_aktiv in zip(items, active, strict=True):
        entry = {"key": key, "url": url, "label": label, "active": er_aktiv}
        if group is None:
            nav.append(entry)
            continue
        if str(group) not in groups:
            groups[str(group)] = {"key": f"gruppe-{len(groups)}", "label": group, "children": []}
            nav.append(groups[str(group)])
        groups[str(group)]["children"].append(entry)
    for entry in groups.values():
        entry["active"] = any(child["active"] for child in entry["children"])
    return nav


def _lenke(css: str, entry: dict) -> SafeString:
    if entry["active"]:
        return format_html(
            '<a class="{} active" href="{}" aria-current="page">{}</a>',
            css,
            entry["url"],
            entry["label"],
        )
    return format_html('<a class="{}" href="{}">{}</a>', css, entry["url"], entry["label"])


def _nav_html(nav: list[dict]) -> SafeString:
    """The menu's items as ``<li>`` elements (the bar's ``<ul>`` is in base.html)."""
    parts = []
    for item in nav:
        if "children" not in item:
            parts.append(format_html('<li class="nav-item">{}</li>', _lenke("nav-link", item)))
            continue
        parts.append(
            format_html(
                '<li class="nav-item dropdown">'
                '<button class="nav-link dropdown-toggle btn btn-link{}" type="button" '
                'data-bs-toggle="dropdown" aria-expanded="false" id="{}">{}</button>'
                '<ul class="dropdown-menu" aria-labelledby="{}">',
                " active" if item["active"] else "",
                item["key"],
                item["label"],
                item["key"],
            )
        )
        parts.extend(
            format_html("<li>{}</li>", _lenke("dropdown-item", child)) for child in item["children"]
        )
        parts.append("</ul></li>")
    return mark_safe("".join(parts))  # noqa: S308 (every piece made by format_html)
