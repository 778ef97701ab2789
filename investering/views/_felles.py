"""What the meeting log's views share: getting objects through ``for_user`` and the
access questions, the list filters, and answering htmx with a fragment."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import patch_vary_headers

from kommuner.access import kommuner_with_workdata

from .. import access
from ..models import Mote, Oppfolgingspunkt


def query_without_page(query: QueryDict) -> str:
    query = query.copy()
    query.pop("side", None)
    return query.urlencode()


def side_nummer(query: QueryDict) -> int:
    """The page asked for in ``side`` (1 when missing or not a number)."""
    side = query.get("side", "")
    return int(side) if side.isdigit() and len(side) < 7 else 1


def int_or_404(value: str) -> int:
    if not value.isdigit():
        raise Http404
    return int(value)


def get_mote(request, pk) -> Mote:
    return get_object_or_404(Mote.objects.for_user(request.user), pk=pk)


def get_editable_mote(request, pk) -> Mote:
    mote = get_mote(request, pk)
    if not access.can_edit_mote(request.user, mote):
        raise PermissionDenied
    return mote


def get_punkt(request, pk) -> Oppfolgingspunkt:
    return get_object_or_404(
        Oppfolgingspunkt.objects.for_user(request.user).select_related("mote", "mote__pilot"),
        pk=pk,
    )


def vil_ha_fragment(request) -> bool:
    """An htmx request for a fragment (a history restore needs the whole page)."""
    return bool(request.htmx) and not request.htmx.history_restore_request


def varier_med_htmx(response: HttpResponse) -> HttpResponse:
    """The answer depends on the htmx headers: caches must keep the two apart."""
    patch_vary_headers(response, ("HX-Request", "HX-History-Restore-Request"))
    return response


def filtrer(query: QueryDict, user, form_class, selector):
    """A list's GET filters (``query``): the filter form, and ``selector`` called with
    the user (or ``access.Leser``) and what the form cleaned (no filters when they are
    invalid)."""
    form = form_class(query or None, kommuner=kommuner_with_workdata(user))
    return form, selector(user, **(form.cleaned_data if form.is_valid() else {}))


def fragment_eller_tilbake(
    request, *, mote: Mote, form, feilmelding: str, fragment: str, context
) -> HttpResponse:
    """After adding to a meeting from its page: htmx gets ``fragment`` (its context
    from ``context()``), a plain form post goes back to the meeting, with
    ``feilmelding`` when ``form`` has errors."""
    if vil_ha_fragment(request):
        return varier_med_htmx(render(request, fragment, context()))
    if form.errors:
        messages.error(request, feilmelding)
    return varier_med_htmx(redirect(mote))
