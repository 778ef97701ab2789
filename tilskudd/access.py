"""Who may see and change what in grants, built on ``kommuner.access``.

- Single cases (applications, decisions, allocations, payments, reports) are read by
  admins, investment leaders, the investment team, the researcher and contact persons,
  within what ``workdata_filter`` allows (a contact person: their own kommune's). The
  steering group reads the aggregated overview only.
- The overview and its exports: admins and the steering group.
- Schemes, pots, rounds, allocations, the queue, decisions, payments and the approval
  of reports: admins.
- A case's documents of record (``Dokument``) are read with the case; internal ones,
  the journal (postjournal) and the archive extract by admins only.
- A contact person applies for their own kommune, edits its drafts and reports on
  the use of its grants. A draft is read by its kommune's contact persons only
  (``soknad_filter``): nobody at Statsforvalteren sees an application before it is sent.

Views ask these questions and get kommune-bound rows through the ``for_user``
querysets, so another kommune's row is a 404, never a leak.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404

from kommuner.access import is_admin, omfang_filter, roles_of, workdata_omfang
from kommuner.roller import Rolle

if TYPE_CHECKING:
    from kommuner.models import Kommune

    from .models import Soknad, Tildeling

_LESER_SAKER = frozenset(
    {
        Rolle.ADMIN,
        Rolle.INVESTERINGSLEDER,
        Rolle.INVESTERINGSTEAM,
        Rolle.KONTAKTPERSON,
        Rolle.FOLGEFORSKER,
    }
)
_LESER_OVERSIKT = frozenset({Rolle.ADMIN, Rolle.STYRINGSGRUPPE})
# Whose menu has "Tilskudd": those who manage, apply, follow their kommuner's grants or
# read the overview. The team and the researcher reach single cases from kommune pages.
_I_MENYEN = frozenset(
    {Rolle.ADMIN, Rolle.KONTAKTPERSON, Rolle.INVESTERINGSLEDER, Rolle.STYRINGSGRUPPE}
)


def may_read_cases(user) -> bool:
    """Whether ``user`` reads single grant cases at all (within ``case_filter``)."""
    return bool(roles_of(user) & _LESER_SAKER)


def case_filter(user, field: str) -> Q:
    """``workdata_filter`` for grant cases, closed to those who read no cases. Every
    grant model's ``for_user`` uses it (``field`` names the path to the kommune)."""
    return omfang_filter(_saksomfang(user), field)


def _saksomfang(user) -> str | int | None:
    """``workdata_omfang`` for grant cases: None for those who read no cases."""
    return workdata_omfang(user) if may_read_cases(user) else None


def soknad_omfang(user) -> tuple[str | int | None, int | None]:
    """The applications ``user`` reads, as plain values: their reach of grant cases
    (``workdata_omfang``, None when they read none) and the kommune they apply for
    (``applicant_kommune_id``), whose drafts they read too. ``soknad_filter`` is built
    from it, so the application list, kept per such value (``views.soknader``), is the
    same for every reader with the same one and never another reach's."""
    return _saksomfang(user), applicant_kommune_id(user)


def omfang_soknad_filter(omfang: tuple[str | int | None, int | None]) -> Q:
    """``soknad_filter`` for the reach ``soknad_omfang`` gives. A draft is the
    kommune's own until it is sent in: its contact persons read it, the state's staff
    (admins included) do not."""
    saker, soker = omfang
    q = omfang_filter(saker, "kommune")
    if soker is None:
        q &= ~Q(status="utkast")
    return q


def soknad_filter(user) -> Q:
    """``case_filter`` for applications, drafts only for their own kommune's contact
    persons (``omfang_soknad_filter``)."""
    return omfang_soknad_filter(soknad_omfang(user))


def in_menu(user) -> bool:
    """Whether the navigation offers the grants pages to ``user``."""
    return bool(roles_of(user) & _I_MENYEN)


def may_read_overview(user) -> bool:
    return bool(roles_of(user) & _LESER_OVERSIKT)


def may_manage(user) -> bool:
    """Schemes, pots, rounds, allocations and the application queue."""
    return is_admin(user)


def may_decide(user) -> bool:
    """Take applications into review and decide them."""
    return is_admin(user)


def may_assess(user) -> bool:
    """The internal part of a case: the case handler, internal notes, scores,
    recommendations and proposals, and the round's criteria and ranking. Statsforvalteren's
    admins only; never the kommune (nor anyone outside the grant office)."""
    return is_admin(user)


def may_register_payment(user) -> bool:
    return is_admin(user)


def may_approve_report(user) -> bool:
    return is_admin(user)


def may_read_internal_documents(user) -> bool:
    """Internal documents of a case (``Dokument.intern``): Statsforvalteren's admins."""
    return is_admin(user)


def may_read_journal(user) -> bool:
    """The journal of incoming and outgoing documents (postjournal) and the archive
    extract: admins."""
    return is_admin(user)


def applicant_kommune_id(user) -> int | None:
    """The id of the kommune ``user`` applies and reports for (a contact person's),
    else None; read from the user's row, without a query."""
    if Rolle.KONTAKTPERSON in roles_of(user) and user.kommune_id:
        return user.kommune_id
    return None


def applicant_kommune(user) -> Kommune | None:
    """The kommune ``user`` applies and reports for (a contact person's), else None."""
    return user.kommune if applicant_kommune_id(user) else None


def _is_applicant_for(user, kommune_id: int | None) -> bool:
    kommune = applicant_kommune(user)
    return kommune is not None and kommune_id is not None and kommune.pk == kommune_id


def may_edit_soknad(user, soknad: Soknad) -> bool:
    """Edit, attach to, send in, withdraw and report on the application."""
    return _is_applicant_for(user, soknad.kommune_id)


def may_report_on_tildeling(user, tildeling: Tildeling) -> bool:
    return _is_applicant_for(user, tildeling.kommune_id)


def start_page(user) -> str:
    """The URL name of the grants page ``user`` starts on."""
    roles = roles_of(user)
    if Rolle.ADMIN in roles:
        return "tilskudd:potter"
    if Rolle.KONTAKTPERSON in roles:
        return "tilskudd:mine_runder"
    if Rolle.STYRINGSGRUPPE in roles:
        return "tilskudd:oversikt"
    return "tilskudd:soknader"


def require(question: Callable[[object], bool]):
    """A view decorator (below ``login_required``): 403 unless ``question(user)``."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not question(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def get_soknad_or_404(user, pk: int) -> Soknad:
    from .models import Soknad

    return get_object_or_404(
        Soknad.objects.for_user(user).select_related("runde__pott", "kommune", "saksbehandler"),
        pk=pk,
    )


def get_editable_soknad(user, pk: int) -> Soknad:
    """The application, for one who may change it: 404 when ``user`` may not read it,
    403 when they may read but not change it."""
    soknad = get_soknad_or_404(user, pk)
    if not may_edit_soknad(user, soknad):
        raise PermissionDenied
    return soknad


def get_tildeling_or_404(user, pk: int) -> Tildeling:
    from .models import Tildeling

    return get_object_or_404(
        Tildeling.objects.for_user(user).select_related("pott", "kommune", "etat"), pk=pk
    )
