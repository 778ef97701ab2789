"""A hand-written iCalendar (RFC 5545) feed: text escaping, line folding at 75
octets, CRLF line ends, times in UTC."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

from django.utils import timezone


def escape_text(value: str) -> str:
    """TEXT values: backslash, semicolon, comma and newlines escaped (3.3.11)."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold(line: str) -> str:
    """Fold a content line into pieces of at most 75 octets (3.1), never splitting
    a UTF-8 character; continuation lines start with one space."""
    out: list[str] = []
    current = ""
    size = 0
    limit = 75
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            out.append(current)
            current = " "
            size = 1
        current += char
        size += width
    out.append(current)
    return "\r\n".join(out)


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def calendar(*, name: str, events: Iterable[dict], now: datetime | None = None) -> str:
    """``events``: dicts with uid, start, minutes, summary, and optional location,
    description, url, cancelled."""
    stamp = _utc(now or timezone.now())
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Velferdspilot//Moter//NO",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
    ]
    for event in events:
        start = event["start"]
        end = start + timedelta(minutes=event.get("minutes") or 60)
        lines += [
            "BEGIN:VEVENT",
            f"UID:{event['uid']}",
            f"DTSTAMP:{stamp}",
            f"DTSTART:{_utc(start)}",
            f"DTEND:{_utc(end)}",
            f"SUMMARY:{escape_text(event['summary'])}",
        ]
        if event.get("location"):
            lines.append(f"LOCATION:{escape_text(event['location'])}")
        if event.get("description"):
            lines.append(f"DESCRIPTION:{escape_text(event['description'])}")
        if event.get("url"):
            lines.append(f"URL:{event['url']}")
        lines.append("STATUS:CANCELLED" if event.get("cancelled") else "STATUS:CONFIRMED")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
