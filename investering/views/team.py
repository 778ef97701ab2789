"""The investment leader's kommuner and the investment team."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from .. import access, selectors


@login_required
def mine_kommuner(request):
    return render(
        request,
        "investering/mine_kommuner.html",
        {"ledede": selectors.leader_overview(request.user)},
    )


@login_required
def team(request):
    if not access.can_view_team(request.user):
        raise PermissionDenied
    return render(request, "investering/team.html", {"piloter": selectors.team_overview()})
