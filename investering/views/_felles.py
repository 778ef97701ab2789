"""What the meeting log's views share: getting objects through ``for_user`` and the
access questions, the list filters, and answering htmx with a fragment."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.cache import patch_vary_headers

from kommuner.access import kommuner_with_workdata

from .. import access, selectors
from ..forms import MoteFilterForm, RegelhinderFilterForm
from ..models import Mote, Oppfolgingspunkt

PAGE_SIZE = 25


def query_without_page(request) -> str:
    query = request.GET.copy()
    query.pop("side", None)
    return query.urlencode()


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


def tilbake(request, fallback: str) -> str:
    """The ``neste`` address of a POST if it is a path on this site, else ``fallback``."""
    neste = request.POST.get("neste", "")
    if neste.startswith("/") and not neste.startswith("//"):
        return neste
    return fallback


def vil_ha_fragment(request) -> bool:
    """An htmx request for a fragment (a history restore needs the whole page)."""
    return bool(request.htmx) and not request.htmx.history_restore_request


def varier_med_htmx(response: HttpResponse) -> HttpResponse:
    """The answer depends on the htmx headers: caches must keep the two apart."""
    patch_vary_headers(response, ("HX-Request", "HX-History-Restore-Request"))
    return response


def render_htmx(request, *, side: str, fragment: str, context: dict) -> HttpResponse:
    """``fragment`` for an htmx request, else the whole page ``side``."""
    template = fragment if vil_ha_fragment(request) else side
    return varier_med_htmx(render(request, template, context))


def mote_filtre(request):
    form = MoteFilterForm(request.GET or None, kommuner=kommuner_with_workdata(request.user))
    filters = form.cleaned_data if form.is_valid() else {}
    moter = selectors.mote_list(
        request.user,
        kommune=filters.get("kommune"),
        type=filters.get("type", ""),
        fra=filters.get("fra"),
        til=filters.get("til"),
        fase=filters.get("fase", ""),
        etat=filters.get("etat"),
    )
    return form, moter


def regelhinder_filtre(request):
    form = RegelhinderFilterForm(request.GET or None, kommuner=kommuner_with_workdata(request.user))
    filters = form.cleaned_data if form.is_valid() else {}
    hindre = selectors.regelhinder_list(
        request.user,
        kommune=filters.get("kommune"),
        etat=filters.get("etat"),
        status=filters.get("status", ""),
    )
    return form, hindre
