"""Forms inside a part of a page kept rendered (``felles.datastand.hurtig_fragment``):
the part is rendered with a placeholder where each form's CSRF token goes, and the
token of the request is put in when the page is served. The token itself is never
kept, so no reader is ever served another's; the HTML is what ``{% csrf_token %}``
writes. Only the whole attribute is replaced (``value="..."`` after the field's name):
text from the data is escaped, so it cannot contain it."""

from __future__ import annotations

from django.middleware.csrf import get_token
from django.utils.safestring import SafeString, mark_safe

# What ``{% csrf_token %}`` writes in a kept part (its context's ``csrf_token``).
PLASSHOLDER = "skjematoken-per-forespoersel"
_FELT = 'name="csrfmiddlewaretoken" value="{}"'


def plassholder() -> dict:
    """The context a kept part's template gets for its forms' tokens."""
    return {"csrf_token": PLASSHOLDER}


def sett_inn(request, html: SafeString) -> SafeString:
    """``html`` (a kept part) with this request's token in each form (and the token's
    cookie set, as ``{% csrf_token %}`` does)."""
    if PLASSHOLDER not in html:
        return html
    felt = _FELT.format(get_token(request))
    return mark_safe(html.replace(_FELT.format(PLASSHOLDER), felt))  # noqa: S308 (our own HTML, a token)
