"""The one check of an address that came from outside (a form's ``neste``, a path put
in an email): Django's ``url_has_allowed_host_and_scheme``, never a hand-made prefix
test, which lets ``/\\evil.example`` through (browsers read the backslash as a slash)."""

from __future__ import annotations

from django.utils.http import url_has_allowed_host_and_scheme


def er_intern_sti(sti: str, *, request=None) -> bool:
    """``sti`` is a path in this portal: it starts with one slash and names no other
    host or scheme (``//evil.example``, ``/\\evil.example``, ``https://evil.example``
    and ``javascript:`` are refused). With ``request``, a full address of the
    request's own host passes too."""
    if not sti:
        return False
    if request is None:
        return sti.startswith("/") and url_has_allowed_host_and_scheme(sti, allowed_hosts=None)
    return url_has_allowed_host_and_scheme(
        sti, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )


def tilbake(request, fallback: str, *, felt: str = "neste") -> str:
    """Where to go after a POST: the form's ``felt`` (``neste``) if it is an address in
    this portal, else ``fallback``."""
    neste = request.POST.get(felt, "")
    return neste if er_intern_sti(neste, request=request) else fallback
