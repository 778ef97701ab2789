"""Session lifetime: the idle timeout (SESSION_COOKIE_AGE, renewed as the user works)
and the absolute one; signed-in pages are private to the browser; the language; the
Content-Security-Policy header, built once per process."""

import time

import csp.middleware
from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject
from csp.utils import build_policy
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.shortcuts import redirect
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import gettext as _

SESSION_STARTED_KEY = "velferdspilot_startet"
SESSION_RENEWED_KEY = "velferdspilot_fornyet"


class AbsoluteSessionLifetimeMiddleware:
    """Ends a session SESSION_ABSOLUTE_LIFETIME after login, and renews the idle
    timeout: a session is saved (with a new expiry, and a new cookie) when it was last
    renewed SESSION_RENEW_AFTER ago or more, not on every request
    (SESSION_SAVE_EVERY_REQUEST is off), so most pages pay no session write."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            started = request.session.setdefault(SESSION_STARTED_KEY, now)
            if now - started > settings.SESSION_ABSOLUTE_LIFETIME.total_seconds():
                logout(request)
                messages.info(request, _("Økten er utløpt. Logg inn på nytt."))
                return redirect(settings.LOGIN_URL)
            renewed = request.session.get(SESSION_RENEWED_KEY, 0)
            if now - renewed >= settings.SESSION_RENEW_AFTER.total_seconds():
                request.session[SESSION_RENEWED_KEY] = now  # modified: saved, expiry renewed
        response = self.get_response(request)
        if request.user.is_authenticated:
            # What a signed-in person sees is theirs: no shared cache (a proxy) keeps
            # it, and the browser asks again before showing it (a response that set
            # its own caching keeps that, made private).
            if response.has_header("Cache-Control"):
                patch_cache_control(response, private=True)
            else:
                patch_cache_control(response, private=True, no_cache=True)
        return response


class NorwegianFirstLocaleMiddleware:
    """Norwegian bokmål unless the user chose English with the language switch.

    Django's LocaleMiddleware would follow the browser's Accept-Language, and many
    civil servants' browsers say English; the portal is Norwegian first."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        supported = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ["Cookie"])
        return response


# What a view's decorator (csp.decorators) sets on its response to change its policy.
_CSP_ENDRINGER = tuple(
    f"_csp_{hva}{ro}" for hva in ("config", "update", "replace", "exempt") for ro in ("", "_ro")
)
_csp_ferdig: dict[str, tuple[str, str, tuple, tuple]] = {}


@receiver(setting_changed)
def _ny_csp(**kwargs):
    _csp_ferdig.clear()


class CSPMiddleware(csp.middleware.CSPMiddleware):
    """django-csp's middleware, with the policy built once per process: the portal's
    policy uses no nonce, so every response that neither used ``request.csp_nonce``
    nor has a view's own policy (a decorator's, or a header set by the view) gets the
    same header. Those others, and DEBUG, go through django-csp unchanged."""

    def process_response(self, request, response):
        if (
            settings.DEBUG
            or getattr(request, "_csp_nonce", None) is not None
            or any(hasattr(response, attr) for attr in _CSP_ENDRINGER)
        ):
            return super().process_response(request, response)
        ferdig = _csp_ferdig.get("")
        if ferdig is None:
            ferdig = _csp_ferdig[""] = (
                build_policy(),
                build_policy(report_only=True),
                _uten(getattr(settings, "CONTENT_SECURITY_POLICY", None)),
                _uten(getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None)),
            )
        policy, policy_ro, uten, uten_ro = ferdig
        if policy and HEADER not in response and not request.path_info.startswith(uten):
            response[HEADER] = policy
        if policy_ro and HEADER_REPORT_ONLY not in response:
            if not request.path_info.startswith(uten_ro):
                response[HEADER_REPORT_ONLY] = policy_ro
        # As django-csp: a nonce asked for after the header is written is an error.
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response


def _uten(policy: dict | None) -> tuple:
    return tuple((policy or {}).get("EXCLUDE_URL_PREFIXES", None) or ())
