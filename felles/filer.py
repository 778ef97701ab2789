"""The one way to answer with a file (a PDF, a table, a calendar, an attachment).

``fil_response`` sets what every download needs and no view writes by hand: the
``Content-Disposition`` with the file name made safe by Django
(``content_disposition_header``: quotes and non-ASCII letters encoded, never a header
injection), the content type, ``nosniff`` so that no browser guesses another type, and
private caching (no shared cache keeps what a person downloaded; the browser asks again
unless ``maks_alder`` lets it keep the file a while). ``tools/regler.py`` keeps the
header here."""

from __future__ import annotations

from collections.abc import Iterable

from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header

PDF = "application/pdf"


def fil_response(
    innhold: bytes | str | Iterable[bytes],
    *,
    filnavn: str,
    content_type: str,
    vedlegg: bool = True,
    maks_alder: int | None = None,
) -> HttpResponseBase:
    """A response with ``innhold`` as the file ``filnavn``: bytes or text (sent whole),
    an open binary file (``FileResponse``, closed when sent) or an iterable of bytes
    (streamed as it is produced). ``vedlegg``: saved by the browser ("attachment"),
    else shown ("inline"). ``maks_alder``: seconds the browser may keep it."""
    if isinstance(innhold, bytes | str):
        response = HttpResponse(innhold, content_type=content_type)
    elif hasattr(innhold, "read"):
        response = FileResponse(innhold, content_type=content_type)
    else:
        response = StreamingHttpResponse(innhold, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(vedlegg, filnavn)
    response["X-Content-Type-Options"] = "nosniff"
    if maks_alder is None:
        patch_cache_control(response, private=True, no_cache=True)
    else:
        patch_cache_control(response, private=True, max_age=maks_alder)
    return response
