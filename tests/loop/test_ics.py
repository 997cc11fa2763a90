"""The iCalendar writer: escaping, folding on octets, one reminder per event."""

from __future__ import annotations

import datetime as dt

from outreach.ics import CalendarEvent, calendar, escape_text, fold


def test_escape_text() -> None:
    assert escape_text("a, b; c\\d\r\ne\nf") == "a\\, b\\; c\\\\d\\ne\\nf"


def test_fold_counts_octets_and_never_splits_a_character() -> None:
    line = "DESCRIPTION:" + "é" * 100  # two octets each
    folded = fold(line)
    pieces = folded.split("\r\n")
    assert all(len(p.encode("utf-8")) <= 75 for p in pieces)
    assert all(p.startswith(" ") for p in pieces[1:])
    assert "".join(p[1:] if i else p for i, p in enumerate(pieces)) == line
    assert fold("SHORT:x") == "SHORT:x"


def test_calendar_has_one_alarm_per_event() -> None:
    events = [
        CalendarEvent(
            f"{n}@outreach",
            f"step {n}",
            "d",
            dt.date(2030, 1, n),
            dt.date(2030, 1, n + 1),
            f"remind {n}",
        )
        for n in (1, 2)
    ]
    text = calendar(events, stamp=dt.datetime(2030, 1, 1, 8, 0, tzinfo=dt.UTC))
    lines = text.split("\r\n")
    assert lines[-1] == ""
    assert lines.count("BEGIN:VEVENT") == lines.count("BEGIN:VALARM") == 2
    assert "TRIGGER;RELATED=START:PT9H" in lines
    assert "DTSTAMP:20300101T080000Z" in lines
