"""The personal iCalendar feed: its page, a new secret address, and the feed itself."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from felles.filer import fil_response

from .. import access, ical, selectors, services


@login_required
def kalender(request):
    token = services.kalendertoken_get_or_create(bruker=request.user)
    url = request.build_absolute_uri(reverse("investering:kalender_feed", args=[token.token]))
    return render(request, "investering/kalender.html", {"feed_url": url})


@login_required
@require_POST
def kalender_ny_lenke(request):
    services.kalendertoken_regenerate(bruker=request.user)
    messages.success(request, _("Du har fått en ny kalenderlenke. Den gamle virker ikke lenger."))
    return redirect("investering:kalender")


@require_GET
def kalender_feed(request, token):
    """No login (calendar apps cannot log in): the secret token is the key."""
    user = access.kalender_eier(token)
    if user is None:
        raise Http404
    events = selectors.kalender_hendelser(user, absolutt_url=request.build_absolute_uri)
    body = ical.calendar(name=_("Velferdspilot – mine møter"), events=events)
    return fil_response(
        body,
        filnavn="moter.ics",
        content_type="text/calendar; charset=utf-8",
        vedlegg=False,
        maks_alder=300,
    )
