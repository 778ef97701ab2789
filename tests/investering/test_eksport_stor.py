"""The meeting and rule barrier exports at scale: 20 000 meetings (with participants,
decisions, follow-up points and a rule barrier each) go out as CSV and XLSX streamed
from the database a chunk at a time, so the first bytes leave before the second chunk
is read and the export's memory stays flat whatever the table's size."""

import csv
import io
import time
from pathlib import Path

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from felles import tabellfil

from .test_queries import _bulk

N = 20_000
BITER = N // tabellfil.EKSPORT_CHUNK_ROWS


def _beslutningssporringer(ctx) -> int:
    return sum('FROM "investering_beslutning"' in q["sql"] for q in ctx.captured_queries)


def _rss() -> int:
    """The process's resident memory in bytes (Linux), C libraries' memory included."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    raise AssertionError("no VmRSS")


def _last_ned(client, url, *, behold: bool):
    """((decision queries, seconds) at the first piece, decision queries in all, the
    pieces (all if ``behold``), total bytes, growth of resident memory at its highest,
    sampled at every piece) of the streamed download of ``url``."""
    for_start = _rss()
    vekst = 0
    with CaptureQueriesContext(connection) as ctx:
        t0 = time.perf_counter()
        response = client.get(url)
        assert response.status_code == 200 and response.streaming
        chunks = iter(response.streaming_content)
        first = next(chunks)
        ved_forste = _beslutningssporringer(ctx), time.perf_counter() - t0
        parts, size = [first], len(first)
        for chunk in chunks:
            size += len(chunk)
            vekst = max(vekst, _rss() - for_start)
            if behold:
                parts.append(chunk)
    return ved_forste, _beslutningssporringer(ctx), parts, size, vekst


def test_exports_of_20000_meetings_stream_in_chunks_with_flat_memory(
    client, folk, pilot, halden, capsys
):
    _bulk(pilot, halden, [folk["leder_halden"], folk["admin"]], N)
    client.force_login(folk["admin"])
    for fmt in ("csv", "xlsx"):
        url = reverse("investering:mote_export", args=[fmt])
        (for_forste, sekunder), sporringer, parts, size, peak = _last_ned(
            client, url, behold=fmt == "xlsx"
        )
        with capsys.disabled():  # for the record, not asserted (a shared machine)
            print(f"\n{fmt}: first bytes {sekunder:.2f} s, memory +{peak / 1e6:.0f} MB")
        # The first bytes leave before the second chunk of meetings is read (XLSX:
        # before the first, with the workbook's fixed parts); one query for the
        # decisions of each chunk of 2000 meetings in all.
        assert for_forste <= 1
        assert sporringer == BITER
        assert peak < 100 * 1024 * 1024, f"{peak / 1e6:.0f} MB"
        assert size > (1_000_000 if fmt == "csv" else 200_000)
    sheet = load_workbook(io.BytesIO(b"".join(parts)), read_only=True).active
    rows = sheet.iter_rows(values_only=True)
    assert next(rows)[0] == "Dato"
    assert sum(1 for _ in rows) == N

    (_forste, _sekunder), _s, _parts, size, peak = _last_ned(
        client, reverse("investering:regelhinder_export", args=["csv"]), behold=False
    )
    assert peak < 100 * 1024 * 1024, f"{peak / 1e6:.0f} MB"
    assert size > 20 * N


def test_meeting_export_rows_keep_participants_decisions_and_points(client, folk, pilot, halden):
    _bulk(pilot, halden, [folk["leder_halden"], folk["admin"]], 3)
    client.force_login(folk["admin"])
    response = client.get(reverse("investering:mote_export", args=["csv"]))
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    header, *rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert len(rows) == 3
    rad = dict(zip(header, rows[0], strict=True))
    assert rad["Kommune"] == "Halden"
    assert rad["Deltakere"].count(";") == 1
    assert rad["Beslutninger"].splitlines() == [
        "Beslutning 1 om barnefattigdom",
        "Beslutning 2 om barnefattigdom",
    ]
    punkter = rad["Oppfølgingspunkter"].splitlines()
    assert len(punkter) == 2 and punkter[0].startswith("Punkt 0 [Åpen, ")
    assert "frist" in punkter[0]
