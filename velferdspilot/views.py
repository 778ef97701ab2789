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
from evaluering.views import dashboard_side
from felles import jobber
from felles.datastand import hurtig_fragment
from investering.views.team import mine_kommuner_kort, mine_kommuner_noekkel
from kommuner import selectors as kommune_selectors
from kommuner.access import home_role, home_roles
from kommuner.kunnskap import access as kunnskap_access
from kommuner.kunnskap import selectors as kunnskap_selectors
from kommuner.kunnskap.views.behandling import til_godkjenning_kort
from kommuner.roller import Rolle
from tilskudd import access as tilskudd_access
from tilskudd import selectors as tilskudd_selectors


def _styringsgruppe(request) -> tuple[str, dict]:
    # The steering group's home page is the half-yearly dashboard (the role reads every
    # kommune's working data, which the dashboard asks for).
    pilot = evaluering_selectors.default_pilot()
    context = dashboard_side(user=request.user, pilot=pilot, params=request.GET)
    return "evaluering/dashboard.html", context


def _admin(request) -> tuple[str, dict]:
    return "home/admin.html", {
        "godkjenning": til_godkjenning_kort(godkjenner=kunnskap_access.godkjenner(request.user)),
        **_piloter(),
    }


def _investeringsleder(request) -> tuple[str, dict]:
    return "home/investeringsleder.html", {
        "innhold": _leder_hjem(
            godkjenner=kunnskap_access.godkjenner(request.user),
            **mine_kommuner_noekkel(request.user),
        )
    }


@hurtig_fragment(
    "home/_investeringsleder.html",
    grupper=(*til_godkjenning_kort.grupper, *mine_kommuner_kort.grupper),
)
def _leder_hjem(*, godkjenner, bruker, leder: bool, idag, grense) -> dict:
    """The investment leader's home page below its heading and role links: the values
    awaiting their approval and the cards of the kommuners they lead, one kept part
    (one query for the stamps) holding the two kept parts, each keyed by its own
    arguments and groups (``felles.datastand``): a value written leaves the cards
    kept, a meeting the approvals."""
    return {
        "godkjenning": til_godkjenning_kort(godkjenner=godkjenner),
        "mine_kommuner": mine_kommuner_kort(bruker=bruker, leder=leder, idag=idag, grense=grense),
    }


def _kontaktperson(request) -> tuple[str, dict]:
    # A contact person belongs to one kommune (``Bruker.kommune``): the page shows that
    # kommune's participations in every pilot, its knowledge base and its grants.
    kommune = request.user.kommune
    soker_for = tilskudd_access.applicant_kommune(request.user)
    return "home/kontaktperson.html", {
        "kommune": kommune,
        "deltakelser": kommune_selectors.deltakelser_for_kommune(request.user.kommune_id),
        "kunnskap_hjem": kunnskap_selectors.kontakt_hjem(user=request.user),
        "tilskudd_hjem": soker_for and tilskudd_selectors.kommune_hjem(kommune=soker_for),
    }


def _piloter() -> dict:
    return {"piloter": kommune_selectors.pilot_list()}


# Each role's home page: its template and what it shows, gathered from the apps.
_HJEMMESIDER = {
    Rolle.ADMIN: _admin,
    Rolle.INVESTERINGSLEDER: _investeringsleder,
    Rolle.KONTAKTPERSON: _kontaktperson,
    Rolle.STYRINGSGRUPPE: _styringsgruppe,
    Rolle.FOLGEFORSKER: lambda request: ("home/folgeforsker.html", _piloter()),
    Rolle.INVESTERINGSTEAM: lambda request: ("home/investeringsteam.html", _piloter()),
}


@login_required
def home(request):
    role = home_role(request.user, request.GET.get("rolle", ""))
    context = {
        "rolle": role,
        "rolle_navn": role.label if role else None,
        "andre_roller": home_roles(request.user),
    }
    if role is None:
        return render(request, "home/ingen_rolle.html", context)
    template, own = _HJEMMESIDER[role](request)
    return render(request, template, {**context, **own})


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
