"""Rounds: the admins' form and application queue, the contact person's open rounds."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

from felles.meldinger import skjema_utfor
from felles.paginering import side
from felles.tabellfil import tabell_response

from .. import access, forms, selectors, services
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


@login_required
@access.require(access.may_manage)
def runde_soknader(request, pk):
    """The application queue of a round: sortable, filterable, with sums. An htmx
    request gets the table alone."""
    runde = get_object_or_404(Tilskuddsrunde.objects.select_related("pott"), pk=pk)
    form = forms.KoFilterForm(
        request.GET or None, kommuner=selectors.soknadsko_kommuner(runde=runde)
    )
    filters = form.cleaned_data if form.is_valid() else {}
    sort = request.GET.get("sort", "")
    soknader = selectors.soknadsko(
        runde=runde,
        status=filters.get("status", ""),
        kommune=filters.get("kommune", ""),
        sort=sort,
    )
    context = {
        "runde": runde,
        "form": form,
        "page": side(request, soknader),
        "summer": selectors.summer(soknader),
        "kolonner": selectors.soknadsko_kolonner(query=request.GET, sort=sort),
    }
    if request.htmx and not request.htmx.history_restore_request:
        response = render(request, "tilskudd/_soknadsko.html", context)
    else:
        response = render(request, "tilskudd/runde_soknader.html", context)
    patch_vary_headers(response, ("HX-Request",))
    return response


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
