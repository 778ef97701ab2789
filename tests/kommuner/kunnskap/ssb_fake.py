"""A local stand-in for SSB's PxWebApi v2, for tests: a real HTTP server on a free
127.0.0.1 port (http.server in a thread) that answers
``GET /tables/{id}/data?outputFormat=json-stat2&valueCodes[...]=...`` with JSON-stat 2.0
documents shaped like SSB's (dimensions Region, ContentsCode, Tid, ``value`` with nulls
and a ``status`` object with SSB's symbols), and can be told to answer 429/503 with
``Retry-After``, 500, malformed JSON, an empty dataset or a changed table.

The data is written by hand from the published format (https://json-stat.org/format/
and SSB's API documentation); the figures are invented test data, never shown in the
portal's demo."""

from __future__ import annotations

import json
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

NAVN = {
    "3101": "Halden",
    "3105": "Sarpsborg",
    "0101": "Halden (-2019)",
    "3001": "Halden (2020-2023)",
    "3099": "Uoppgitt kommune Østfold",
}


def jsonstat(
    *,
    tabell: str,
    innhold: str,
    regioner: list[str],
    perioder: list[str],
    celler: dict[tuple[str, str], float | str | None],
    faste: dict[str, str] | None = None,
    index_som_liste: bool = False,
) -> dict:
    """A dataset as SSB's v2 writes it: dimensions in the table's order (Region, the
    fixed ones, ContentsCode, Tid), row-major values. A cell given as a string is
    empty (``null``) with that status symbol; a missing cell is ``null`` with '..'."""
    faste = faste or {}
    ids = ["Region", *faste, "ContentsCode", "Tid"]
    kategorier = {
        "Region": regioner,
        **{k: [v] for k, v in faste.items()},
        "ContentsCode": [innhold],
        "Tid": perioder,
    }

    def kategori(dim, koder):
        index = list(koder) if index_som_liste else {k: i for i, k in enumerate(koder)}
        labels = {k: NAVN.get(k, k) if dim == "Region" else k for k in koder}
        kat = {"index": index, "label": labels}
        if dim == "ContentsCode":
            kat["unit"] = {k: {"base": "prosent", "decimals": 1} for k in koder}
        return {"label": dim.lower(), "category": kat, "extension": {"elimination": False}}

    verdier, status = [], {}
    for region in regioner:
        for periode in perioder:
            celle = celler.get((region, periode), "..")
            if isinstance(celle, str):
                status[str(len(verdier))] = celle
                verdier.append(None)
            else:
                verdier.append(celle)
    return {
        "version": "2.0",
        "class": "dataset",
        "label": f"{tabell}: Testtabell",
        "source": "Statistisk sentralbyrå",
        "updated": "2026-06-11T06:00:00Z",
        "role": {"time": ["Tid"], "metric": ["ContentsCode"], "geo": ["Region"]},
        "id": ids,
        "size": [len(kategorier[d]) for d in ids],
        "dimension": {d: kategori(d, kategorier[d]) for d in ids},
        "value": verdier,
        "status": status,
        "extension": {"px": {"tableid": tabell, "language": "no"}},
    }


@dataclass
class Svar:
    status: int
    body: bytes = b""
    headers: dict = field(default_factory=dict)
    forsinkelse: float = 0.0


@dataclass
class Tabell:
    """The figures of one table: {(region, period): value or status symbol}."""

    innhold: str
    perioder: list[str]
    celler: dict
    faste: dict = field(default_factory=dict)
    ekstra_regioner: list[str] = field(default_factory=list)


class FakeSsb:
    def __init__(self):
        self.tabeller: dict[str, Tabell] = {}
        self.ko: list[Svar] = []  # scripted answers, used before the tables
        self.foresporsler: list[dict] = []
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                fake._svar(self)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/api/pxwebapi/v2"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stopp(self):
        self.server.shutdown()
        self.server.server_close()

    def _svar(self, handler):
        url = urllib.parse.urlsplit(handler.path)
        query = dict(urllib.parse.parse_qsl(url.query))
        self.foresporsler.append({"path": url.path, "query": query})
        svar = self.ko.pop(0) if self.ko else self._data(url.path, query)
        if svar.forsinkelse:
            time.sleep(svar.forsinkelse)
        try:
            handler.send_response(svar.status)
            for k, v in {"Content-Type": "application/json", **svar.headers}.items():
                handler.send_header(k, v)
            handler.send_header("Content-Length", str(len(svar.body)))
            handler.end_headers()
            handler.wfile.write(svar.body)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def _data(self, path: str, query: dict) -> Svar:
        deler = path.strip("/").split("/")
        if deler[-3:-2] != ["tables"] or deler[-1] != "data":
            return Svar(404, b'{"error": "not found"}')
        tabell = self.tabeller.get(deler[-2])
        if tabell is None:
            return Svar(404, b'{"title": "Table not found"}')
        if query.get("outputFormat") != "json-stat2":
            return Svar(400, b'{"title": "outputFormat"}')
        regioner = query["valueCodes[Region]"].split(",") + tabell.ekstra_regioner
        tid = query["valueCodes[Tid]"]
        n = int(tid[4:-1]) if tid.startswith("top(") else len(tabell.perioder)
        perioder = tabell.perioder[-n:]
        faste = {k[11:-1]: v for k, v in query.items() if k.startswith("valueCodes[")}
        faste = {k: v for k, v in faste.items() if k not in ("Region", "Tid", "ContentsCode")}
        celler = len(regioner) * len(perioder)
        if celler > 800_000:
            return Svar(403, b'{"title": "Too many cells selected"}')
        doc = jsonstat(
            tabell=deler[-2],
            innhold=query["valueCodes[ContentsCode]"],
            regioner=regioner,
            perioder=perioder,
            celler=tabell.celler,
            faste=faste or tabell.faste,
        )
        return Svar(200, json.dumps(doc).encode())


# ---------------------------------------------------------------- fixtures (imported by tests)

import pytest  # noqa: E402


@pytest.fixture
def fake_ssb(settings):
    fake = FakeSsb()
    settings.SSB_API_URL = fake.url
    settings.SSB_FORESPORSLER_PER_MINUTT = 60_000  # 1 ms apart: tests do not wait
    settings.SSB_TIMEOUT = 5
    yield fake
    fake.stopp()


@pytest.fixture
def lavinntekt_kilde(indikator):
    from kommuner.kunnskap.ssb import services as services_ssb

    return services_ssb.ssb_kilde_upsert(
        indikator=indikator,
        tabell="12345",
        innhold="AndelBarnLav",
        faste_verdier={"Alder": "0-17"},
        periodetype="aar",
        antall_perioder=3,
    )
