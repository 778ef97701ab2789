"""The one way the portal makes PDFs: render a template, hand it to WeasyPrint.

User-written text ends up in PDFs, so the URL fetcher serves the project's own
static files, and the drawings the view made for this one PDF (``Tegninger``), and
nothing else: no ``file://``, no network, no ``data:``. A refused URL is left out of
the PDF (WeasyPrint logs it) and never read."""

from __future__ import annotations

import mimetypes
import posixpath
import re
from html import unescape
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.safestring import SafeString
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

# Relative URLs in print templates resolve against this made-up origin; the fetcher
# maps it to static files on disk. It is never contacted.
BASE_URL = "https://velferdspilot.invalid/"


class RefusedURL(ValueError):
    pass


# The drawings of one PDF (``Tegninger``) are served under this path.
TEGNINGER = f"{BASE_URL}tegning/"


class Tegninger:
    """The SVG drawings (charts) of one PDF, shown as images rather than inline:
    WeasyPrint parses an inline ``<svg>`` as HTML and takes each of its elements (a
    chart has 60 or so) through the CSS cascade and the box tree before drawing it as
    an image anyway; as an image it is read once, by its SVG reader, and drawn the
    same. At 30 charts (the knowledge package) that is a fifth of the layout's time.
    ``img`` keeps a drawing and gives the tag that shows it; ``render_pdf(...,
    tegninger=)`` hands them to the fetcher, which serves them for that PDF alone."""

    def __init__(self):
        self.filer: dict[str, bytes] = {}

    def img(self, svg: str) -> SafeString:
        """The ``<img>`` of ``svg`` (from ``felles.svg``), named by the chart's own
        label; its size is the drawing's."""
        url = f"{TEGNINGER}{len(self.filer)}.svg"
        self.filer[url] = svg.encode()
        navn = re.search(r'aria-label="([^"]*)"', svg)
        return format_html('<img src="{}" alt="{}">', url, unescape(navn[1]) if navn else "")


class StaticOnlyURLFetcher(URLFetcher):
    def __init__(self, tegninger: Tegninger | None = None):
        super().__init__(allowed_protocols=("https",), allow_redirects=False)
        self.refused: list[str] = []
        self.tegninger = tegninger.filer if tegninger else {}

    def fetch(self, url, headers=None):
        if url in self.tegninger:
            return URLFetcherResponse(url, self.tegninger[url], {"Content-Type": "image/svg+xml"})
        try:
            path = self._static_path(url)
        except RefusedURL:
            self.refused.append(url)
            raise
        with open(path, "rb") as fh:
            body = fh.read()
        content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body, {"Content-Type": content_type})

    @staticmethod
    def _static_path(url: str) -> str:
        parts = urlsplit(url)
        origin = urlsplit(BASE_URL)
        if (parts.scheme, parts.netloc) != (origin.scheme, origin.netloc):
            raise RefusedURL(f"Ikke tillatt i PDF: {url}")
        path = unquote(parts.path)
        if not path.startswith(settings.STATIC_URL):
            raise RefusedURL(f"Ikke en statisk fil: {url}")
        relative = path[len(settings.STATIC_URL) :]
        normalised = posixpath.normpath(relative)
        if normalised.startswith(("..", "/")) or "\\" in relative or "\x00" in relative:
            raise RefusedURL(f"Ugyldig sti: {url}")
        found = finders.find(normalised)
        if not found and settings.STATIC_ROOT:
            candidate = settings.STATIC_ROOT / normalised
            found = str(candidate) if candidate.is_file() else None
        if not found:
            raise RefusedURL(f"Finnes ikke: {url}")
        return found


# The archival variant documents of record are stored in (letters, receipts): PDF/A-2b,
# tagged for accessibility (WeasyPrint's ``pdf_tags``).
PDF_A = "pdf/a-2b"


def html_to_pdf(
    html: str, *, fetcher: StaticOnlyURLFetcher | None = None, pdf_variant: str | None = None
) -> bytes:
    fetcher = fetcher or StaticOnlyURLFetcher()
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher)
    if pdf_variant:
        return document.write_pdf(pdf_variant=pdf_variant, pdf_tags=True)
    return document.write_pdf()


def render_pdf(
    template_name: str,
    context: dict,
    *,
    request=None,
    pdf_variant: str | None = None,
    tegninger: Tegninger | None = None,
) -> bytes:
    """Render ``template_name`` (under ``templates/pdf/``) to PDF bytes; with
    ``pdf_variant`` (e.g. ``PDF_A``) as that variant, tagged; with ``tegninger``, the
    drawings its ``<img>`` tags show (``Tegninger.img``)."""
    side = render_to_string(template_name, context, request=request)
    return html_to_pdf(side, fetcher=StaticOnlyURLFetcher(tegninger), pdf_variant=pdf_variant)
