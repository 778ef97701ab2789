"""Who may see and change what. Every view gets kommune-bound objects through these
helpers, so that another kommune's object is a 404, never a leak.

- Everybody logged in reads the shared overview (kommuner, pilots, milestones).
- A kommune's working data (knowledge base, documents, applications, meetings) is
  read by admins, investment leaders, the investment team, the steering group and the
  researcher; a contact person reads only their own kommune's.
- Working data is changed by admins, the investment leader of that kommune, and the
  kommune's own contact person. The steering group and researcher change nothing.
- A participation (status, milestones, 5D phase) is changed by admins and its own
  investment leader. Kommune register facts are changed by admins only.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from .models import Deltakelse, Kommune
from .roller import HJEM_PRIORITET, LESER_ALT, Rolle


def roles_of(user) -> frozenset[str]:
    if not user or not user.is_authenticated:
        return frozenset()
    return user.roller


def home_roles(user) -> list[Rolle]:
    """The roles ``user`` holds, in the order their home pages are preferred."""
    roles = roles_of(user)
    return [Rolle(r) for r in HJEM_PRIORITET if r in roles]


def home_role(user, requested: str = "") -> Rolle | None:
    """Whose home page ``user`` sees: the role asked for (``?rolle=``) if they hold it,
    else their first in ``HJEM_PRIORITET``; None for a user with no role."""
    roles = home_roles(user)
    return next((r for r in roles if r == requested), roles[0] if roles else None)


def is_admin(user) -> bool:
    return Rolle.ADMIN in roles_of(user)


def reads_all_kommuner(user) -> bool:
    return bool(roles_of(user) & LESER_ALT)


# ``workdata_omfang`` of those who read every kommune's working data.
ALLE_KOMMUNER = "alle"


def workdata_omfang(user) -> str | int | None:
    """Whose working data ``user`` reads, as a plain value: ``ALLE_KOMMUNER``, the id
    of their own kommune (a contact person), or None (no kommune's). ``workdata_filter``
    is built from it, so a part of a page kept alike for every reader with the same
    reach (``felles.datastand``) is keyed by it and never shows another reach's rows."""
    if reads_all_kommuner(user):
        return ALLE_KOMMUNER
    if Rolle.KONTAKTPERSON in roles_of(user) and user.kommune_id:
        return user.kommune_id
    return None


def omfang_filter(omfang: str | int | None, field: str = "kommune") -> Q:
    """The Q of ``workdata_filter`` for a reach given by ``workdata_omfang``."""
    if omfang == ALLE_KOMMUNER:
        return Q()
    if omfang is None:
        return Q(pk__in=[])
    lookup = "pk" if field == "pk" else f"{field}_id"
    return Q(**{lookup: omfang})


def workdata_filter(user, field: str = "kommune") -> Q:
    """A Q for querysets of kommune-bound rows (``field`` names the FK to Kommune)
    that keeps what ``user`` may read. Use it in each model's ``for_user``."""
    return omfang_filter(workdata_omfang(user), field)


def kommuner_with_workdata(user) -> QuerySet[Kommune]:
    """The kommuner whose working data ``user`` may read."""
    return Kommune.objects.filter(workdata_filter(user, field="pk"))


def can_view_kommune_data(user, kommune: Kommune) -> bool:
    if reads_all_kommuner(user):
        return True
    return Rolle.KONTAKTPERSON in roles_of(user) and user.kommune_id == kommune.pk


def leads_kommune(user, kommune: Kommune) -> bool:
    if Rolle.INVESTERINGSLEDER not in roles_of(user):
        return False
    return Deltakelse.objects.filter(kommune=kommune, investeringsleder=user).exists()


def can_edit_kommune_data(user, kommune: Kommune) -> bool:
    roles = roles_of(user)
    if Rolle.ADMIN in roles:
        return True
    if Rolle.KONTAKTPERSON in roles and user.kommune_id == kommune.pk:
        return True
    return leads_kommune(user, kommune)


def deltakelse_redigerer(user) -> str | int | None:
    """Whose participations ``user`` may edit, as a plain value a kept part of a page
    can be keyed by: ``"alle"`` (an admin), the user's id (an investment leader: the
    participations they lead) or None."""
    roles = roles_of(user)
    if Rolle.ADMIN in roles:
        return "alle"
    return user.pk if Rolle.INVESTERINGSLEDER in roles else None


def redigerer_kan_endre(redigerer: str | int | None, deltakelse: Deltakelse) -> bool:
    """``deltakelse_redigerer``'s answer applied to one participation."""
    return redigerer == "alle" or (
        redigerer is not None and deltakelse.investeringsleder_id == redigerer
    )


def can_edit_deltakelse(user, deltakelse: Deltakelse) -> bool:
    return redigerer_kan_endre(deltakelse_redigerer(user), deltakelse)


def can_edit_kommune_register(user) -> bool:
    return is_admin(user)


def can_assign_investeringsleder(user) -> bool:
    """Who leads a kommune's participation is decided by admins."""
    return is_admin(user)


def deltakelser_led_by(user) -> QuerySet[Deltakelse]:
    if Rolle.INVESTERINGSLEDER not in roles_of(user):
        return Deltakelse.objects.none()
    return Deltakelse.objects.filter(investeringsleder=user)


def get_kommune_with_workdata_or_404(user, kommunenummer: str) -> Kommune:
    """For views of a kommune's working data: 404 when the user may not read it."""
    try:
        return kommuner_with_workdata(user).get(kommunenummer=kommunenummer)
    except Kommune.DoesNotExist as exc:
        raise Http404 from exc


def get_editable_deltakelse_or_404(user, *, slug: str, kommunenummer: str) -> Deltakelse:
    qs = Deltakelse.objects.select_related("pilot", "kommune")
    if not is_admin(user):
        qs = qs.filter(pk__in=deltakelser_led_by(user).values("pk"))
    try:
        return qs.get(pilot__slug=slug, kommune__kommunenummer=kommunenummer)
    except Deltakelse.DoesNotExist as exc:
        raise Http404 from exc


class KommuneDataQuerySet(QuerySet):
    """Base for querysets of a kommune's working data: ``for_user`` keeps what the user
    may read. Subclasses name the path to the kommune in ``kommune_field``."""

    kommune_field = "kommune"

    def for_user(self, user):
        return self.for_omfang(workdata_omfang(user))

    def for_omfang(self, omfang):
        """``for_user`` for a reach given by ``workdata_omfang``."""
        return self.filter(omfang_filter(omfang, self.kommune_field))
