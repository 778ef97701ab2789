from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.i18n import set_language

from felles.meldinger import skjema_utfor
from felles.paginering import side

from . import access, selectors, services
from .forms import DeltakelseForm, KommuneFilterForm, KommuneForm
from .kunnskap.access import can_view_datakvalitet
from .models import Kommune, Pilot


@login_required
def kommune_list(request):
    form = KommuneFilterForm(
        request.GET or None,
        fylker=selectors.fylker_i_bruk(),
        piloter=list(Pilot.objects.order_by("navn")),
    )
    filters = form.cleaned_data if form.is_valid() else {}
    kommuner = selectors.kommune_list(
        pilot=filters.get("pilot", ""),
        fylke=filters.get("fylke", ""),
        status=filters.get("status", ""),
    )
    page = side(request, kommuner)
    query = request.GET.copy()
    query.pop("side", None)
    return render(
        request,
        "kommuner/kommune_list.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )


@login_required
def kommune_detail(request, kommunenummer):
    kommune = get_object_or_404(selectors.kommune_detail(kommunenummer=kommunenummer))
    deltakelser = [
        (d, access.can_edit_deltakelse(request.user, d)) for d in kommune.deltakelser.all()
    ]
    return render(
        request,
        "kommuner/kommune_detail.html",
        {
            "kommune": kommune,
            "deltakelser": deltakelser,
            "kan_se_arbeidsdata": access.can_view_kommune_data(request.user, kommune),
            "kan_redigere_register": access.can_edit_kommune_register(request.user),
        },
    )


@login_required
def kommune_edit(request, kommunenummer):
    if not access.can_edit_kommune_register(request.user):
        raise PermissionDenied
    kommune = get_object_or_404(Kommune, kommunenummer=kommunenummer)
    form = KommuneForm(request.POST or None, instance=kommune)
    if request.method == "POST" and form.is_valid():
        services.kommune_update(kommune=kommune, **form.cleaned_data)
        messages.success(request, _("Endringene er lagret."))
        return redirect(kommune)
    return render(request, "kommuner/kommune_form.html", {"form": form, "kommune": kommune})


@login_required
def pilot_list(request):
    return render(request, "kommuner/pilot_list.html", {"piloter": selectors.pilot_list()})


@login_required
def pilot_detail(request, slug):
    pilot = get_object_or_404(selectors.pilot_detail(slug=slug))
    page = side(request, selectors.pilot_deltakelser(pilot=pilot))
    return render(
        request,
        "kommuner/pilot_detail.html",
        {
            "pilot": pilot,
            "page": page,
            "kan_administrere_team": access.can_assign_investeringsleder(request.user),
            "kan_se_datakvalitet": can_view_datakvalitet(request.user),
        },
    )


@login_required
def deltakelse_edit(request, slug, kommunenummer):
    deltakelse = access.get_editable_deltakelse_or_404(
        request.user, slug=slug, kommunenummer=kommunenummer
    )
    may_assign = access.can_assign_investeringsleder(request.user)
    form = DeltakelseForm(request.POST or None, instance=deltakelse, may_assign_leader=may_assign)
    if request.method == "POST" and form.is_valid():
        if skjema_utfor(
            request,
            form,
            lambda: services.deltakelse_update(deltakelse=deltakelse, **form.cleaned_data),
            ok=_("Endringene er lagret."),
        ):
            return redirect(deltakelse.kommune)
    return render(
        request, "kommuner/deltakelse_form.html", {"form": form, "deltakelse": deltakelse}
    )


def sprak_velg(request):
    """The language switch: Django's ``set_language`` (the cookie and the redirect),
    and for a signed-in user the choice is remembered (``Bruker.sprak``), so that
    emails and notifications can follow it."""
    response = set_language(request)
    if request.method == "POST" and request.user.is_authenticated:
        services.bruker_sprak_set(bruker=request.user, sprak=request.POST.get("language", ""))
    return response
