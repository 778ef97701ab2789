"""The navigation: each role sees only what it may use."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kommuner.access import reads_all_kommuner, roles_of
from kommuner.roller import Rolle


def navigation(request):
    user = getattr(request, "user", None)
    if not user or not user.is_authenticated:
        return {"nav": []}
    roles = roles_of(user)
    items = [
        ("home", reverse("home"), _("Hjem")),
        ("kommuner", reverse("kommuner:list"), _("Kommuner")),
        ("piloter", reverse("kommuner:pilot_list"), _("Piloter")),
    ]
    if roles:
        items.append(("investering", reverse("investering:mote_list"), _("Møter")))
    if roles - {Rolle.KONTAKTPERSON}:
        items.append(("oppfolging", reverse("investering:oppfolging_board"), _("Oppfølging")))
        items.append(("regelhinder", reverse("investering:regelhinder_list"), _("Regelhindre")))
    if roles & {Rolle.ADMIN, Rolle.KONTAKTPERSON, Rolle.INVESTERINGSLEDER, Rolle.STYRINGSGRUPPE}:
        items.append(("tilskudd", reverse("tilskudd:index"), _("Tilskudd")))
    if reads_all_kommuner(user):
        items.append(("evaluering", reverse("evaluering:dashboard_default"), _("Halvårsrapport")))
    if reads_all_kommuner(user) or Rolle.KONTAKTPERSON in roles:
        items.append(("refleksjon", reverse("evaluering:skjema_list"), _("Refleksjonsskjema")))
    if Rolle.ADMIN in roles and user.is_staff:
        items.append(("admin", reverse("admin:index"), _("Administrasjon")))
    path = request.path
    nav = []
    for key, url, label in items:
        active = path == url if key in ("home", "evaluering") else path.startswith(url)
        nav.append({"key": key, "url": url, "label": label, "active": active})
    return {"nav": nav}
