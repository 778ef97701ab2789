"""Rounds: the admins' form and application queue, the contact person's open rounds."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

from felles.datastand import hurtig_fragment
from felles.meldinger import skjema_utfor
from felles.paginering import side, sideutsnitt
from felles.tabellfil import tabell_response
from kommuner.apps import REGISTER

from .. import access, forms, selectors, services
from ..apps import TILSKUDD
from ..models import Tilskuddsrunde


def _runde_form_view(request, runde: Tilskuddsrunde | None):
    initial = {}
    if runde is not None:
        initial = {name: getattr(runde, name) for name in forms.RundeForm.base_fields}
        initial["kommuner"] = list(runde.kommuner.all())
    form = forms.RundeForm(request.POST or None, initial=initial, sprak_obj=runde)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        utfall = skjema_utfor(
            request,
            form,
            lambda: services.runde_upsert(
                runde=runde, **{**data, "kommuner": list(data["kommuner"])}
            ),
            ok=_("Tilskuddsrunden er lagret."),
        )
        if utfall:
            return redirect("tilskudd:runde_soknader", utfall.verdi.pk)
    return render(request, "tilskudd/runde_form.html", {"form": form, "runde": runde})


@login_required
@access.require(access.may_manage)
def runde_ny(request):
    return _runde_form_view(request, None)


@login_required
@access.require(access.may_manage)
def runde_rediger(request, pk):
    return _runde_form_view(request, get_object_or_404(Tilskuddsrunde, pk=pk))


# The application queue's parameters (its filter, sort and page).
_KO_PARAMS = ("status", "kommune", "sort", "side")


@login_required
@access.require(access.may_manage)
def runde_soknader(request, pk):
    """The application queue of a round: sortable, filterable, with sums. An htmx
    request gets the table alone."""
    runde = get_object_or_404(Tilskuddsrunde.objects.select_related("pott"), pk=pk)
    # The queue's own parameters, in the order given (the links keep them so); the
    # filter and the table are the same for every admin with the same ones.
    valgt = [(param, request.GET.getlist(param)) for param in request.GET if param in _KO_PARAMS]
    bundet = bool(request.GET)
    if request.htmx and not request.htmx.history_restore_request:
        response = HttpResponse(_soknadsko_tabell(runde=runde, valgt=valgt, bundet=bundet))
    else:
        innhold = _soknadsko_side(runde=runde, valgt=valgt, bundet=bundet)
        response = render(
            request, "tilskudd/runde_soknader.html", {"runde": runde, "innhold": innhold}
        )
    patch_vary_headers(response, ("HX-Request",))
    return response


def _soknadsko(runde: Tilskuddsrunde, valgt: list, bundet: bool) -> dict:
    """The queue's context: its filter form, the page of the table and its sums."""
    query = QueryDict(mutable=True)
    for param, verdier in valgt:
        query.setlist(param, verdier)
    form = forms.KoFilterForm(
        query if bundet else None, kommuner=selectors.soknadsko_kommuner(runde=runde)
    )
    filters = form.cleaned_data if form.is_valid() else {}
    sort = query.get("sort", "")
    soknader = selectors.soknadsko(
        runde=runde,
        status=filters.get("status", ""),
        kommune=filters.get("kommune", ""),
        sort=sort,
    )
    return {
        "runde": runde,
        "form": form,
        "query": query,
        "page": sideutsnitt(soknader, query.get("side")),
        "summer": selectors.summer(soknader),
        "kolonner": selectors.soknadsko_kolonner(query=query, sort=sort),
    }


@hurtig_fragment("tilskudd/_soknadsko_side.html", grupper=(TILSKUDD, REGISTER))
def _soknadsko_side(*, runde: Tilskuddsrunde, valgt: list, bundet: bool) -> dict:
    """The queue's filter (every kommune that has applied: at national scale 357
    options) and table, rendered once per choice and kept until a grant table or a
    kommune's name changes (``felles.datastand``): the same for every admin."""
    return _soknadsko(runde, valgt, bundet)


@hurtig_fragment("tilskudd/_soknadsko.html", grupper=(TILSKUDD, REGISTER))
def _soknadsko_tabell(*, runde: Tilskuddsrunde, valgt: list, bundet: bool) -> dict:
    """The queue's table alone (what the filter's htmx request replaces), kept alike."""
    return _soknadsko(runde, valgt, bundet)


@login_required
@access.require(access.may_manage)
def runde_soknader_eksport(request, pk, format):
    """The round's applications and decisions with their case references, as CSV or
    XLSX."""
    runde = get_object_or_404(Tilskuddsrunde, pk=pk)
    if format not in {"csv", "xlsx"}:
        raise Http404
    eksport = selectors.soknad_eksport(runde=runde)
    return tabell_response(
        format, f"soknader-runde-{runde.pk}", eksport.header, eksport.rows, tittel=eksport.tittel
    )


@login_required
def mine_runder(request):
    kommune = access.applicant_kommune(request.user)
    runder = selectors.aapne_runder_for(kommune) if kommune else Tilskuddsrunde.objects.none()
    return render(request, "tilskudd/mine_runder.html", {"kommune": kommune, "runder": runder})


@login_required
@access.require(access.may_assess)
def runde_rangering(request, pk):
    """The round's applications ranked by weighted score, with the pot's remaining sum
    and what would remain if the recommendations were all granted."""
    runde = get_object_or_404(Tilskuddsrunde, pk=pk)
    page = side(request, selectors.rangering(runde=runde))
    for soknad in page:
        soknad.vektet = selectors.vektet(soknad)
    return render(
        request,
        "tilskudd/runde_rangering.html",
        {"runde": runde, "page": page, **selectors.rangering_summer(runde=runde)},
    )
