"""The investment leader's kommuner, the investment team's overview, and the admins'
page of one pilot's team: members added and ended, and each participation's
investment leader, with the history of both."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from felles.datastand import hurtig_fragment
from felles.meldinger import skjema_utfor, utfor
from kommuner import services as kommune_services
from kommuner.apps import KATALOG, REGISTER
from kommuner.models import Bruker, Deltakelse, Pilot

from .. import access, selectors, services
from ..apps import INVESTERING
from ..forms import LederForm, TeammedlemForm, TeamNavnForm
from ..models import Teammedlem


@login_required
def mine_kommuner(request):
    return render(
        request,
        "investering/mine_kommuner.html",
        {"ledede": selectors.leader_overview(request.user)},
    )


def mine_kommuner_noekkel(user) -> dict:
    """What the cards of the kommuner ``user`` leads (``mine_kommuner_kort``) are keyed
    by, read per request: the user, whether they lead (their roles), the day (a point
    is overdue from its due date on) and the start of the next meeting in a led
    kommune (``selectors.neste_motestart``: when it has begun it is the last meeting)."""
    return {
        "bruker": user,
        "leder": access.is_investeringsleder(user),
        "idag": timezone.localdate(),
        "grense": selectors.neste_motestart(user),
    }


@hurtig_fragment("investering/_mine_kommuner.html", grupper=(INVESTERING, KATALOG, REGISTER))
def mine_kommuner_kort(*, bruker: Bruker, leder: bool, idag, grense) -> dict:
    """The cards of the kommuners ``bruker`` leads, for their home page, with the
    arguments ``mine_kommuner_noekkel`` gives: kept until a meeting, point,
    participation, pilot or kommune changes (``felles.datastand``)."""
    return {"ledede": selectors.leader_overview(bruker)}


@login_required
def team(request):
    if not access.can_view_team(request.user):
        raise PermissionDenied
    return render(
        request,
        "investering/team.html",
        {
            "piloter": selectors.team_overview(),
            "kan_administrere": access.can_manage_team(request.user),
        },
    )


def _pilot_for_admin(request, slug: str) -> Pilot:
    if not access.can_manage_team(request.user):
        raise PermissionDenied
    return get_object_or_404(Pilot, slug=slug)


def _admin_side(request, pilot, *, status=200, **skjemaer):
    data = selectors.team_admin(pilot)
    context = {
        "pilot": pilot,
        "navn_form": TeamNavnForm(initial={"navn": data["team"].navn if data["team"] else ""}),
        "medlem_form": None,
        **data,
        **skjemaer,
    }
    return render(request, "investering/team_admin.html", context, status=status)


@login_required
def team_admin(request, slug):
    pilot = _pilot_for_admin(request, slug)
    if request.method == "POST":
        form = TeamNavnForm(request.POST)
        if form.is_valid():
            if skjema_utfor(
                request,
                form,
                lambda: services.investeringsteam_upsert(
                    pilot=pilot, navn=form.cleaned_data["navn"]
                ),
                ok=_("Teamets navn er lagret."),
            ):
                return redirect("investering:team_admin", pilot.slug)
        return _admin_side(request, pilot, status=400, navn_form=form)
    return _admin_side(request, pilot)


@login_required
@require_POST
def teammedlem_add(request, slug):
    pilot = _pilot_for_admin(request, slug)
    form = TeammedlemForm(request.POST)
    if form.is_valid():
        try:
            team = pilot.investeringsteam
        except Pilot.investeringsteam.RelatedObjectDoesNotExist:
            form.add_error(None, _("Gi teamet et navn før du legger til medlemmer."))
        else:
            if skjema_utfor(
                request,
                form,
                lambda: services.teammedlem_upsert(team=team, bruker=form.cleaned_data["bruker"]),
                ok=lambda medlem: _("%(navn)s er lagt til i teamet.") % {"navn": medlem.bruker},
            ):
                return redirect("investering:team_admin", pilot.slug)
    return _admin_side(request, pilot, status=400, medlem_form=form)


@login_required
@require_POST
def teammedlem_avslutt(request, slug, pk):
    pilot = _pilot_for_admin(request, slug)
    medlem = get_object_or_404(
        Teammedlem.objects.select_related("bruker"), pk=pk, team__pilot=pilot
    )
    utfor(
        request,
        lambda: services.teammedlem_end(medlem=medlem),
        ok=_("%(navn)s er tatt ut av teamet.") % {"navn": medlem.bruker},
    )
    return redirect("investering:team_admin", pilot.slug)


@login_required
@require_POST
def investeringsleder_set(request, slug, kommunenummer):
    pilot = _pilot_for_admin(request, slug)
    deltakelse = get_object_or_404(
        Deltakelse.objects.select_related("kommune", "investeringsleder_etat"),
        pilot=pilot,
        kommune__kommunenummer=kommunenummer,
    )
    form = LederForm(request.POST)
    if form.is_valid():
        if skjema_utfor(
            request,
            form,
            lambda: kommune_services.deltakelse_investeringsleder_set(
                deltakelse=deltakelse, investeringsleder=form.cleaned_data["investeringsleder"]
            ),
            ok=_("Investeringsleder for %(kommune)s er lagret.")
            % {"kommune": deltakelse.kommune.navn},
        ):
            return redirect("investering:team_admin", pilot.slug)
    return _admin_side(request, pilot, status=400, leder_form=form, leder_feil_for=deltakelse.pk)
