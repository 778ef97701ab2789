"""Sign-in through a provider (start, callback, invitation link, sign-out) and the
admins' user pages. Refusals render one Norwegian page, status 403."""

from __future__ import annotations

from urllib.parse import parse_qs, urlencode, urlparse

import requests
from django.conf import settings
from django.contrib import auth
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.http import Http404
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from mozilla_django_oidc.utils import import_from_settings
from mozilla_django_oidc.views import OIDCAuthenticationRequestView

from felles.meldinger import skjema_utfor, utfor
from felles.paginering import side

from . import access, selectors, services, tilbydere
from .backend import OIDCBackend
from .forms import BrukerFilterForm, InvitasjonForm, RollerForm

BACKEND = "innlogging.backend.OIDCBackend"
SESSION_INVITASJON = "innlogging_invitasjon"
SESSION_STATES = "innlogging_tilbyder"  # state -> provider key, for the callback
SESSION_TILBYDER = "innlogging_innlogget_med"  # for sign-out at the provider
SESSION_UTLOGGINGSHINT = "innlogging_logout_hint"  # the one claim sign-out may need
# What mozilla-django-oidc may put in the session (when told to store tokens): never
# kept, on any outcome of the callback (the ID token can carry ``pid``).
_BIBLIOTEKETS_TOKENS = ("oidc_id_token", "oidc_access_token", "oidc_id_token_expiration")

AVVIST = {
    "ingen_invitasjon": gettext_lazy(
        "Vi fant ingen invitasjon for denne identiteten. Brukere opprettes bare gjennom en "
        "invitasjon fra en pilotleder: be om en invitasjon, og logg inn fra lenken i e-posten."
    ),
    "invitasjon_brukt": gettext_lazy(
        "Invitasjonen er allerede brukt. Logg inn med samme tjeneste som sist, eller be "
        "pilotlederen om en ny invitasjon."
    ),
    "invitasjon_utlopt": gettext_lazy(
        "Invitasjonen er utløpt (den gjelder i sju dager). Be pilotlederen sende den på nytt."
    ),
    "invitasjon_ugyldig": gettext_lazy(
        "Lenken gjelder ikke lenger: invitasjonen er trukket tilbake eller sendt på nytt. "
        "Bruk lenken i den siste e-posten."
    ),
    "deaktivert": gettext_lazy("Brukeren er deaktivert. Ta kontakt med pilotlederen."),
    "feil_epost": gettext_lazy(
        "Innloggingstjenesten oppga en annen e-postadresse enn den invitasjonen ble sendt "
        "til. Logg inn med kontoen for den inviterte adressen, eller be pilotlederen om en "
        "ny invitasjon."
    ),
    "ugyldig_state": gettext_lazy(
        "Innloggingen kunne ikke fullføres fordi svaret ikke hørte til denne "
        "innloggingen (state). Start innloggingen på nytt."
    ),
    "ugyldig_nonce": gettext_lazy(
        "Innloggingen ble avvist fordi ID-tokenet ikke hørte til denne innloggingen "
        "(nonce). Start innloggingen på nytt."
    ),
    "feil_utsteder": gettext_lazy(
        "Innloggingen ble avvist fordi tokenet kom fra en annen utsteder enn tjenesten du valgte."
    ),
    "ugyldig_svar": gettext_lazy(
        "Innloggingen ble avvist fordi svaret fra innloggingstjenesten ikke kunne kontrolleres."
    ),
    "avbrutt": gettext_lazy("Innloggingen ble avbrutt hos innloggingstjenesten."),
    "tilbyder_feil": gettext_lazy(
        "Innloggingstjenesten svarer ikke akkurat nå. Prøv igjen om litt."
    ),
}


def avvist(request, kode: str, *, status: int = 403):
    return render(
        request,
        "innlogging/avvist.html",
        {"melding": AVVIST.get(kode, AVVIST["ugyldig_svar"]), "kode": kode},
        status=status,
    )


class StartView(OIDCAuthenticationRequestView):
    """mozilla-django-oidc's request view (state, nonce, PKCE in the session) for the
    provider named in the URL."""

    def __init__(self, **kwargs):
        super(OIDCAuthenticationRequestView, self).__init__(**kwargs)

    def get_settings(self, attr, *args):
        if attr == "OIDC_RP_SCOPES":
            return self.tilbyder.scopes
        return import_from_settings(attr, *args)

    def get_extra_params(self, request):
        return {"acr_values": self.tilbyder.acr_values} if self.tilbyder.acr_values else {}

    def get(self, request, tilbyder):
        try:
            self.tilbyder = tilbydere.hent(tilbyder)
        except tilbydere.UkjentTilbyder as exc:
            raise Http404 from exc
        except tilbydere.TilbyderFeil:
            return avvist(request, "tilbyder_feil", status=502)
        self.OIDC_OP_AUTH_ENDPOINT = self.tilbyder.authorization_endpoint
        self.OIDC_RP_CLIENT_ID = self.tilbyder.client_id
        response = super().get(request)
        state = parse_qs(urlparse(response.url).query)["state"][0]
        request.session.setdefault(SESSION_STATES, {})[state] = tilbyder
        request.session.modified = True
        return response


def callback(request):
    """The provider's answer. Whatever the outcome (signed in, refused, an error), no
    token the library stored stays in the session: anonymous sessions are rows too."""
    try:
        return _callback(request)
    finally:
        for nokkel in _BIBLIOTEKETS_TOKENS:
            if nokkel in request.session:
                del request.session[nokkel]


def _callback(request):
    state = request.GET.get("state", "")
    states = request.session.get("oidc_states", {})
    nokler = request.session.get(SESSION_STATES, {})
    if not state or state not in states or state not in nokler:
        return avvist(request, "ugyldig_state")
    # One use per state, whatever happens next (no replay).
    entry = states.pop(state)
    nokkel = nokler.pop(state)
    request.session.modified = True
    if request.GET.get("error") or not request.GET.get("code"):
        return avvist(request, "avbrutt")
    backend = OIDCBackend()
    try:
        tilbyder = tilbydere.hent(nokkel)
        user = backend.authenticate(
            request,
            tilbyder=tilbyder,
            nonce=entry.get("nonce"),
            code_verifier=entry.get("code_verifier"),
            invitasjon_token=request.session.get(SESSION_INVITASJON),
        )
    except services.Avvist as exc:
        return avvist(request, exc.kode)
    except SuspiciousOperation as exc:
        return avvist(request, "ugyldig_nonce" if "Nonce" in str(exc) else "ugyldig_svar")
    except (tilbydere.TilbyderFeil, requests.RequestException):
        return avvist(request, "tilbyder_feil", status=502)
    if user is None or not user.is_active:
        return avvist(request, "ugyldig_svar")
    neste = request.session.get("oidc_login_next")
    request.session.pop(SESSION_INVITASJON, None)
    auth.login(request, user, backend=BACKEND)
    request.session[SESSION_TILBYDER] = nokkel
    if backend.utloggingshint:
        request.session[SESSION_UTLOGGINGSHINT] = backend.utloggingshint
    return redirect(neste or resolve_url(settings.LOGIN_REDIRECT_URL))


def invitasjon(request, token):
    """The link in the invitation email: remember it, then sign in with a provider."""
    try:
        inv = services.invitasjon_fra_token(token)
    except services.Avvist as exc:
        return avvist(request, exc.kode)
    request.session[SESSION_INVITASJON] = token
    return render(
        request,
        "innlogging/invitasjon.html",
        {"invitasjon": inv, "tilbydere": tilbydere.alle()},
    )


@require_POST
def logg_ut(request):
    """End the portal session; then, after a provider sign-in, the provider's session
    through its end_session_endpoint when it has one: with ``client_id`` (RP-initiated
    logout without ``id_token_hint``: the ID token is never kept) and the provider's
    ``logout_hint`` when one is configured."""
    url = resolve_url(settings.LOGOUT_REDIRECT_URL)
    nokkel = request.session.get(SESSION_TILBYDER)
    hint = request.session.get(SESSION_UTLOGGINGSHINT)
    auth.logout(request)
    if nokkel:
        try:
            tilbyder = tilbydere.hent(nokkel)
        except tilbydere.TilbyderFeil:
            tilbyder = None
        if tilbyder and tilbyder.end_session_endpoint:
            params = {
                "client_id": tilbyder.client_id,
                "post_logout_redirect_uri": request.build_absolute_uri(url),
            }
            if hint:
                params["logout_hint"] = hint
            url = f"{tilbyder.end_session_endpoint}?{urlencode(params)}"
    return redirect(url)


# --- user administration -------------------------------------------------------------


def _admin(request):
    if not access.may_manage_users(request.user):
        raise PermissionDenied


@login_required
def bruker_list(request):
    _admin(request)
    form = BrukerFilterForm(request.GET or None)
    filtre = form.cleaned_data if form.is_valid() else {}
    brukere = selectors.bruker_list(
        rolle=filtre.get("rolle", ""),
        kommune=filtre.get("kommune"),
        pilot=filtre.get("pilot"),
        aktiv=filtre.get("aktiv", ""),
    )
    page = side(request, brukere)
    query = request.GET.copy()
    query.pop("side", None)
    return render(
        request,
        "innlogging/bruker_list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "invitasjoner": selectors.invitasjoner_aapne(),
        },
    )


@login_required
def inviter(request):
    _admin(request)
    form = InvitasjonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if skjema_utfor(
            request,
            form,
            lambda: services.invitasjon_create(invitert_av=request.user, **form.cleaned_data),
            ok=lambda inv: _("Invitasjonen er sendt til %(email)s.") % {"email": inv.email},
        ):
            return redirect("innlogging:bruker_list")
    return render(request, "innlogging/inviter.html", {"form": form})


@login_required
def bruker_detail(request, pk):
    bruker = access.get_bruker_for_admin_or_404(request.user, pk)
    form = RollerForm(
        request.POST or None,
        initial={"roller": sorted(bruker.roller), "kommune": bruker.kommune},
    )
    if request.method == "POST" and form.is_valid():
        if skjema_utfor(
            request,
            form,
            lambda: services.bruker_roller_update(
                bruker=bruker, utfort_av=request.user, **form.cleaned_data
            ),
            ok=_("Endringene er lagret."),
        ):
            return redirect("innlogging:bruker_detail", pk=bruker.pk)
    return render(
        request,
        "innlogging/bruker_detail.html",
        {
            "bruker": bruker,
            "form": form,
            "identiteter": bruker.identiteter.all(),
            "hendelser": bruker.hendelser.select_related("utfort_av")[:50],
        },
    )


@login_required
@require_POST
def bruker_aktiv(request, pk):
    bruker = access.get_bruker_for_admin_or_404(request.user, pk)
    if request.POST.get("aktiv") == "ja":
        service, ok = services.bruker_aktiver, _("Brukeren er aktivert igjen.")
    else:
        service, ok = services.bruker_deaktiver, _("Brukeren er deaktivert.")
    utfor(request, lambda: service(bruker=bruker, utfort_av=request.user), ok=ok)
    return redirect("innlogging:bruker_detail", pk=bruker.pk)


@login_required
@require_POST
def invitasjon_handling(request, pk):
    inv = access.get_invitasjon_for_admin_or_404(request.user, pk)
    if request.POST.get("handling") == "send":
        service, ok = services.invitasjon_resend, _("Invitasjonen er sendt på nytt.")
    else:
        service, ok = services.invitasjon_withdraw, _("Invitasjonen er trukket tilbake.")
    utfor(request, lambda: service(invitasjon=inv, utfort_av=request.user), ok=ok)
    return redirect(reverse("innlogging:bruker_list"))
