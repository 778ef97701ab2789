"""No page uses an ``id`` twice. The browser sweep checks the pages its journeys visit;
this walks the demo portal as each role, following the links on every page it reaches
(GET only, the same pattern of URL at most twice), and checks every HTML page it gets.
A duplicate id sends a label's focus or an ``aria-labelledby`` to the wrong element."""

import re
from collections import Counter
from html.parser import HTMLParser

import pytest
from django.contrib.auth import get_user_model

ROLLER = [
    "admin@demo.no",
    "leder.halden@demo.no",
    "kontakt.halden@demo.no",
    "styre@demo.no",
    "forsker@demo.no",
]
# Links that change state on GET, leave the portal or serve files, not pages.
HOPP_OVER = re.compile(
    r"^/(logg-ut|admin|i18n|static|helse|innlogging)/|\.(pdf|csv|xlsx|ics)(\?|$)|/pdf/|"
    r"/vedlegg/\d+/$|/kalender/"
)
MAKS_SIDER = 120


class _Ider(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ider: Counter[str] = Counter()
        self.lenker: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ider[attrs["id"]] += 1
        if tag == "a" and attrs.get("href"):
            self.lenker.append(attrs["href"])


def _monster(path: str) -> str:
    return re.sub(r"\d+", "<n>", path)


@pytest.mark.parametrize("email", ROLLER)
def test_no_page_reached_by_a_role_uses_an_id_twice(client, demo, email):
    client.force_login(get_user_model().objects.get(email=email))
    ko, sett, monstre = ["/"], set(), Counter()
    feil = {}
    while ko and len(sett) < MAKS_SIDER:
        path = ko.pop(0)
        if path in sett:
            continue
        sett.add(path)
        response = client.get(path)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        parser = _Ider()
        parser.feed(response.content.decode())
        doble = {i for i, n in parser.ider.items() if n > 1}
        if doble:
            feil[path] = sorted(doble)
        for href in parser.lenker:
            lenke = href.split("#")[0]
            if not lenke.startswith("/") or lenke.startswith("//") or HOPP_OVER.search(lenke):
                continue
            monster = _monster(lenke.split("?")[0])
            if lenke not in sett and monstre[monster] < 2:
                monstre[monster] += 1
                ko.append(lenke)
    assert len(sett) > 10
    assert feil == {}
