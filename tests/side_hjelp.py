"""What the tests of kept pages (``felles.datastand``) read of a page: its HTML and
the SQL of its queries."""

from __future__ import annotations

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext


def side_og_sporringer(client, url, *, bare_main: bool = False) -> tuple[str, list[str]]:
    """The page's HTML (with ``bare_main`` its ``<main>`` only: the menu around it is
    the reader's own) without the form tokens, which differ on every request while
    nothing else may, and the SQL of the queries the request made. Asserts a 200."""
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    if bare_main:
        html = html[html.index("<main") : html.index("</main>")]
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)
    return html, [q["sql"] for q in ctx.captured_queries]
