"""A small iCalendar (RFC 5545) writer: all-day events, each with one reminder.

Lines end in CRLF, are folded at 75 octets (never inside a UTF-8 character),
and text values escape backslash, semicolon, comma and newline.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from outreach import __version__
from outreach.records import record

PRODID = f"-//outreach//outreach {__version__}//EN"
MAX_OCTETS = 75


@record(frozen=True)
class CalendarEvent:
    """An all-day event from `start` to `end` (exclusive) with a display reminder."""

    uid: str
    summary: str
    description: str
    start: dt.date
    end: dt.date
    reminder: str
    reminder_after: dt.timedelta = dt.timedelta(hours=9)  # from the start of the first day


def escape_text(value: str) -> str:
    """Escape a TEXT value (RFC 5545 section 3.3.11)."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def fold(line: str) -> str:
    """Fold one content line into CRLF-joined pieces of at most 75 octets."""
    pieces: list[str] = []
    current = ""
    size = 0
    limit = MAX_OCTETS
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            pieces.append(current)
            current, size = " ", 1  # a continuation line starts with one space
        current += char
        size += width
    pieces.append(current)
    return "\r\n".join(pieces)


def _duration(delta: dt.timedelta) -> str:
    seconds = int(delta.total_seconds())
    sign = "-" if seconds < 0 else ""
    seconds = abs(seconds)
    hours, rest = divmod(seconds, 3600)
    minutes = rest // 60
    text = "PT" + (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes else "")
    return sign + (text if text != "PT" else "PT0M")


def calendar(events: Iterable[CalendarEvent], *, stamp: dt.datetime, name: str = "") -> str:
    """A VCALENDAR with one VEVENT (and one VALARM) per event."""
    utc = stamp.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
    ]
    if name:
        lines.append(f"X-WR-CALNAME:{escape_text(name)}")
    for event in events:
        lines += [
            "BEGIN:VEVENT",
            f"UID:{event.uid}",
            f"DTSTAMP:{utc}",
            f"DTSTART;VALUE=DATE:{event.start.strftime('%Y%m%d')}",
            f"DTEND;VALUE=DATE:{event.end.strftime('%Y%m%d')}",
            f"SUMMARY:{escape_text(event.summary)}",
            f"DESCRIPTION:{escape_text(event.description)}",
            "TRANSP:TRANSPARENT",
            "BEGIN:VALARM",
            "ACTION:DISPLAY",
            f"DESCRIPTION:{escape_text(event.reminder)}",
            f"TRIGGER;RELATED=START:{_duration(event.reminder_after)}",
            "END:VALARM",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
