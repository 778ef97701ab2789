"""Project-level pages: the role home pages and the health check. The home pages
gather from every app, which is why they live here and not in an app."""

import redis
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import DatabaseError
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from evaluering import selectors as evaluering_selectors
from felles import jobber
from investering import selectors as investering_selectors
from kommuner import selectors as kommune_selectors
from kommuner.access import roles_of
from kommuner.kunnskap import access as kunnskap_access
from kommuner.kunnskap import selectors as kunnskap_selectors
from kommuner.roller import HJEM_PRIORITET, Rolle


def _home_role(user, requested: str) -> str | None:
    roles = roles_of(user)
    if requested in roles:
        return requested
    return next((r for r in HJEM_PRIORITET if r in roles), None)


@login_required
def home(request):
    role = _home_role(request.user, request.GET.get("rolle", ""))
    context = {
        "rolle": role,
        "rolle_navn": Rolle(role).label if role else None,
        "andre_roller": [Rolle(r) for r in HJEM_PRIORITET if r in roles_of(request.user)],
    }
    if role == Rolle.STYRINGSGRUPPE:
        # The steering group's home page is the half-yearly dashboard (the role reads
        # every kommune's working data, which the dashboard asks for).
        context.update(
            evaluering_selectors.dashboard_page(
                user=request.user, pilot=evaluering_selectors.default_pilot(), params=request.GET
            )
        )
        return render(request, "evaluering/dashboard.html", context)
    if role in (Rolle.INVESTERINGSLEDER, Rolle.ADMIN):
        context["kunnskap_til_godkjenning"] = kunnskap_selectors.til_godkjenning(
            kommuner=kunnskap_access.kommuner_to_approve_for(request.user)
        )
    if role == Rolle.INVESTERINGSLEDER:
        context["ledede"] = investering_selectors.leader_overview(request.user)
    elif role == Rolle.KONTAKTPERSON:
        context["kommune"] = request.user.kommune
        context["deltakelser"] = kommune_selectors.deltakelser_for_kommune(request.user.kommune_id)
        context["kunnskap_hjem"] = kunnskap_selectors.kontakt_hjem(user=request.user)
    elif role is not None:
        context["piloter"] = kommune_selectors.pilot_list()
    template = f"home/{role}.html" if role else "home/ingen_rolle.html"
    return render(request, template, context)


def _broker_state() -> str:
    if not settings.REDIS_URL:
        return "ikke i bruk"
    try:
        client = redis.Redis.from_url(
            settings.REDIS_URL, socket_timeout=2, socket_connect_timeout=2
        )
        return "ok" if client.ping() else "feil"
    except Exception:
        return "feil"


@never_cache
@require_safe
def helse(request):
    """For the load balancer and the operator: does the database answer, does the
    broker answer, has a worker answered recently, how old is the oldest job not yet
    done. 503 only when the database is down (the portal cannot serve); background
    trouble is reported in the body. ``HEAD`` answers like ``GET``."""
    # The background query is the database check too: one query in all.
    try:
        bakgrunn = jobber.helse()
    except DatabaseError:
        bakgrunn = None
    database = bakgrunn is not None
    broker = _broker_state()
    body = {
        "status": "ok" if database and broker != "feil" else "feil",
        "database": "ok" if database else "feil",
        "broker": broker,
    }
    if bakgrunn is not None:
        body.update(bakgrunn)
        if bakgrunn["arbeider"] == "feil":
            body["status"] = "feil"
    return JsonResponse(body, status=200 if database else 503)
