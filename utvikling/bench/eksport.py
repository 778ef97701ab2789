"""The export half of ``make bench``: the meeting export of every meeting (the
admin's "Last ned" on the meeting list, no filter) as XLSX and CSV from the running
gunicorn, with the time to its first byte, to its last, its size, and how much the
worker that served it grew (its peak resident size after, ``VmHWM``, less its resident
size before, ``VmRSS``; the most of any worker). Issue #23: first byte < 2 s, growth
< 100 MB. A measurement, not a test: it prints, it asserts nothing."""

from __future__ import annotations

import http.client
import time
from pathlib import Path


def _kib(pid: int, felt: str) -> int | None:
    try:
        for linje in Path(f"/proc/{pid}/status").read_text().splitlines():
            if linje.startswith(felt + ":"):
                return int(linje.split()[1])
    except OSError:
        return None
    return None


def en(url: str, cookie: str, *, host: str, port: int, arbeidere: set[int]) -> dict:
    """One export read to its end, in 64 KiB reads."""
    for_ = {pid: _kib(pid, "VmRSS") for pid in arbeidere}
    conn = http.client.HTTPConnection(host, port, timeout=600)
    t0 = time.perf_counter()
    try:
        conn.request("GET", url, headers={"Cookie": cookie})
        svar = conn.getresponse()
        forste = svar.read(1)
        t_forste = time.perf_counter() - t0
        storrelse = len(forste)
        while del_ := svar.read(65536):
            storrelse += len(del_)
        t_alt = time.perf_counter() - t0
        status = svar.status
    finally:
        conn.close()
    vekst = [(_kib(pid, "VmHWM") or 0) - rss for pid, rss in for_.items() if rss is not None]
    return {
        "status": status,
        "forste": t_forste,
        "alt": t_alt,
        "mb": storrelse / 1e6,
        "vekst_mb": max(vekst, default=0) / 1024,
    }


def main(*, host: str, port: int, cookie: str, arbeidere: set[int]) -> list[str]:
    """The table's lines (Markdown)."""
    from django.urls import reverse

    from investering.models import Mote

    antall = Mote.objects.count()
    linjer = [
        f"Eksport av alle {antall} møter (møtelisten uten filter), fra gunicorn:",
        "",
        "| format | første byte s | hele filen s | MB | vekst i arbeideren MB | status |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for fmt in ("xlsx", "csv"):
        url = reverse("investering:mote_export", args=[fmt])
        r = en(url, cookie, host=host, port=port, arbeidere=arbeidere)
        linjer.append(
            f"| {fmt} | {r['forste']:.2f} | {r['alt']:.1f} | {r['mb']:.1f} "
            f"| {r['vekst_mb']:.0f} | {r['status']} |"
        )
    return linjer
