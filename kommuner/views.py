from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.i18n import set_language

from felles.datastand import hurtig_fragment
from felles.meldinger import skjema_utfor
from felles.paginering import lenkegrunnlag, sideutsnitt, valgte_parametre

from . import access, selectors, services
from .apps import BRUKERE, KATALOG, REGISTER
from .forms import DeltakelseForm, KommuneFilterForm, KommuneForm
from .kunnskap.access import can_view_datakvalitet
from .models import Kommune, Pilot

# The kommune list's parameters (its filter and page).
_LISTE_PARAMS = ("pilot", "fylke", "status", "side")


@login_required
def kommune_list(request):
    """Every kommune with its pilots, filtered and paged. The same for every signed-in
    reader with the same parameters: the filter, the table and the page links are kept
    rendered (``_kommuneliste``)."""
    innhold = _kommuneliste(
        valgt=valgte_parametre(request, _LISTE_PARAMS), bundet=bool(request.GET)
    )
    return render(request, "kommuner/kommune_list.html", {"innhold": innhold})


@hurtig_fragment("kommuner/_kommuneliste.html", grupper=(REGISTER, KATALOG))
def _kommuneliste(*, valgt: list, bundet: bool) -> dict:
    """The list's filter (its fylker and pilots) and the page of kommuner with their
    participations, rendered once per choice and kept until a kommune, etat or pilot
    (``REGISTER``) or a participation (``KATALOG``) changes (``felles.datastand``)."""
    query = lenkegrunnlag(valgt)
    form = KommuneFilterForm(
        query if bundet else None,
        fylker=selectors.fylker_i_bruk(),
        piloter=list(Pilot.objects.order_by("navn")),
    )
    filters = form.cleaned_data if form.is_valid() else {}
    kommuner = selectors.kommune_list(
        pilot=filters.get("pilot", ""),
        fylke=filters.get("fylke", ""),
        status=filters.get("status", ""),
    )
    return {
        "form": form,
        "page": sideutsnitt(kommuner, query.get("side")),
        "lenkegrunnlag": query,
    }


@login_required
def kommune_detail(request, kommunenummer):
    """A kommune's facts and participations. What the reader may see and edit is
    decided here, per request, and the rest is kept rendered (``_kommuneside``)."""
    kommune = get_object_or_404(Kommune, kommunenummer=kommunenummer)
    innhold = _kommuneside(
        kommune=kommune,
        kan_se_arbeidsdata=access.can_view_kommune_data(request.user, kommune),
        kan_redigere_register=access.can_edit_kommune_register(request.user),
        redigerer=access.deltakelse_redigerer(request.user),
    )
    return render(request, "kommuner/kommune_detail.html", {"kommune": kommune, "innhold": innhold})


@hurtig_fragment("kommuner/_kommuneside.html", grupper=(REGISTER, KATALOG, BRUKERE))
def _kommuneside(
    *, kommune: Kommune, kan_se_arbeidsdata: bool, kan_redigere_register: bool, redigerer
) -> dict:
    """The kommune's page below its title, per kommune and what the reader may see
    (the contact persons and the working-data tabs) and edit (the kommune's facts;
    which participations: ``access.deltakelse_redigerer``), kept until a kommune, etat
    or pilot (``REGISTER``), a participation (``KATALOG``) or a person's name or
    kommune (``BRUKERE``) changes. Meetings and values are not on it: the writes of
    a busy half-year leave it kept."""
    kommune = selectors.kommune_detail(kommune=kommune)
    return {
        "kommune": kommune,
        "deltakelser": [
            (d, access.redigerer_kan_endre(redigerer, d)) for d in kommune.deltakelser.all()
        ],
        "kan_se_arbeidsdata": kan_se_arbeidsdata,
        "kan_redigere_register": kan_redigere_register,
    }


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
    return render(
        request,
        "kommuner/pilot_detail.html",
        {
            "pilot": pilot,
            "kommuner": _pilot_kommuner(pilot=pilot, side=request.GET.get("side")),
            "kan_administrere_team": access.can_assign_investeringsleder(request.user),
            "kan_se_datakvalitet": can_view_datakvalitet(request.user),
        },
    )


@hurtig_fragment("kommuner/_pilot_kommuner.html", grupper=(REGISTER, KATALOG))
def _pilot_kommuner(*, pilot: Pilot, side: str | None) -> dict:
    """The pilot's status table (a page of its participations, at national scale 357),
    the same for every signed-in reader: kept rendered until a kommune, etat or pilot
    (``REGISTER``) or a participation (``KATALOG``) changes (``felles.datastand``)."""
    return {
        "pilot": pilot,
        "page": sideutsnitt(selectors.pilot_deltakelser(pilot=pilot), side),
        "lenkegrunnlag": lenkegrunnlag([("side", [side])] if side is not None else []),
    }


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
