"""Step 3: the maturation window, the time between which to make the ask.

A policy, not a guess. The window is counted from the moment the gift went
out and depends on:

- the context: ``sales`` (``[timing] sales_min_days``..``sales_max_days``) or
  ``relationship`` (``relationship_min_days``..``relationship_max_days``);
- the gift's value tier: ``tier_extra_days`` moves the close (a token is
  forgotten sooner, a substantial gift is remembered longer), never to less
  than a day after the window opens;
- the channel: ``channel_delay_days`` moves the whole window later by the days
  the gift takes to arrive (postal mail); a gift given live on a
  ``live_channels`` channel in a sales context is asked on in the same
  conversation, ``live_min_minutes``..``live_max_minutes`` after it.

Day windows open at the start of the first day and close at the end of the
last day, in the time zone of the moment the gift went out.
"""

from __future__ import annotations

import datetime as dt

from outreach.config import TimingSettings
from outreach.errors import InputError
from outreach.models import Window
from outreach.records import record

CONTEXTS = ("sales", "relationship")
TOO_SOON, OPEN, TOO_LATE = "too-soon", "open", "too-late"


@record(frozen=True)
class AskWindow:
    """When to ask about one gift: opens (inclusive) and closes (exclusive), aware times."""

    given_at: dt.datetime
    opens: dt.datetime
    closes: dt.datetime
    context: str = "sales"
    value_tier: str = ""
    channel: str = ""
    live: bool = False  # the ask belongs in the same conversation, minutes after the gift

    @property
    def window(self) -> Window:
        """The window as dates (the last day it is open, not the exclusive close)."""
        last = self.closes if self.live else self.closes - dt.timedelta(microseconds=1)
        return Window(self.opens.date(), last.date())

    def to_dict(self) -> dict[str, object]:
        return {
            **self.window.to_dict(),
            "opens": self.opens.isoformat(),
            "closes": self.closes.isoformat(),
            "context": self.context,
            "value_tier": self.value_tier,
            "channel": self.channel,
            "live": self.live,
        }


@record(frozen=True)
class TimingVerdict:
    """Where a moment falls against the window, said with the concrete dates."""

    status: str  # too-soon | open | too-late
    message: str
    window: AskWindow

    @property
    def ok(self) -> bool:
        return self.status == OPEN


def check_context(context: str) -> str:
    if context not in CONTEXTS:
        raise InputError(f"context {context!r} is not one of {', '.join(CONTEXTS)}")
    return context


def ask_window(
    given_at: dt.datetime | dt.date,
    *,
    context: str = "sales",
    value_tier: str = "",
    channel: str = "",
    settings: TimingSettings | None = None,
) -> AskWindow:
    """The window in which to ask, from when the gift went out and what and how it was."""
    settings = settings or TimingSettings()
    check_context(context)
    if not isinstance(given_at, dt.datetime):
        given_at = dt.datetime.combine(given_at, dt.time(0, 0))
    channel = channel.strip().lower()
    if context == "sales" and channel in settings.live_channels:
        try:
            opens = given_at + dt.timedelta(minutes=settings.live_min_minutes)
            closes = given_at + dt.timedelta(minutes=max(settings.live_max_minutes, 1))
        except OverflowError:
            raise _far_off(given_at) from None
        return AskWindow(given_at, opens, closes, context, value_tier, channel, live=True)
    if context == "relationship":
        low, high = settings.relationship_min_days, settings.relationship_max_days
    else:
        low, high = settings.sales_min_days, settings.sales_max_days
    delay = settings.channel_delay_days.get(channel, 0)
    high = max(high + settings.tier_extra_days.get(value_tier, 0), low + 1)
    start = dt.datetime.combine(given_at.date(), dt.time(0, 0), tzinfo=given_at.tzinfo)
    try:
        opens = start + dt.timedelta(days=low + delay)
        closes = start + dt.timedelta(days=high + delay + 1)
    except OverflowError:
        raise _far_off(given_at) from None
    return AskWindow(given_at, opens, closes, context, value_tier, channel)


def _far_off(given_at: dt.datetime) -> InputError:
    # A gift dated near year 9999, say, recorded before the command line checked dates.
    return InputError(
        f"the gift dated {given_at.date().isoformat()} is too far off to count a window"
        " from; record the gift again with its real date (outreach log give --on DATE)"
    )


def maturation_window(
    given_on: dt.date,
    *,
    context: str = "sales",
    settings: TimingSettings | None = None,
    value_tier: str = "",
    channel: str = "",
) -> Window:
    """The window in which to ask, as dates, counted from the day the gift went out."""
    return ask_window(
        given_on, context=context, value_tier=value_tier, channel=channel, settings=settings
    ).window


def assess(window: AskWindow, now: dt.datetime | dt.date) -> TimingVerdict:
    """Say whether `now` is too soon, inside, or too late for the ask, with the dates."""
    if not isinstance(now, dt.datetime):
        now = dt.datetime.combine(now, dt.time(12, 0), tzinfo=window.given_at.tzinfo)
    if (now.tzinfo is None) != (window.given_at.tzinfo is None):
        now = now.replace(tzinfo=window.given_at.tzinfo)
    went_out = f"the gift went out {ago(window.given_at, now)}"
    if now < window.opens:
        return TimingVerdict(
            TOO_SOON,
            f"{went_out}; the window opens {_when(window.opens, window.live)}"
            f" (in {span(window.opens - now)}): let the gift matter before asking",
            window,
        )
    if now >= window.closes:
        closed = _when(window.closes if window.live else window.closes - _TICK, window.live)
        return TimingVerdict(
            TOO_LATE,
            f"{went_out}; the window closed {closed}: the link to the gift has gone stale",
            window,
        )
    if window.live:
        last = window.closes.strftime("%H:%M")
    else:
        last = (window.closes - _TICK).date().isoformat()
    return TimingVerdict(
        OPEN,
        f"{went_out}; the window is open until {last} ({span(window.closes - now)} left)",
        window,
    )


_TICK = dt.timedelta(microseconds=1)


def _when(moment: dt.datetime, live: bool) -> str:
    if live:
        return f"at {moment.strftime('%H:%M')} on {moment.date().isoformat()}"
    return f"on {moment.date().isoformat()}"


def ago(then: dt.datetime, now: dt.datetime) -> str:
    """'2 hours ago', 'just now', or 'in 3 days' for a moment in the future."""
    if then > now:
        return f"in {span(then - now)} (it is dated in the future)"
    delta = now - then
    if delta < dt.timedelta(minutes=1):
        return "just now"
    return f"{span(delta)} ago"


def span(delta: dt.timedelta) -> str:
    """A duration in the largest unit that reads naturally: minutes, hours, then days."""
    seconds = max(int(delta.total_seconds()), 0)
    if seconds < 3600:
        return _plural(max(seconds // 60, 1), "minute")
    if seconds < 48 * 3600:
        return _plural(seconds // 3600, "hour")
    return _plural(seconds // 86400, "day")


def _plural(n: int, unit: str) -> str:
    return f"{n} {unit}{'' if n == 1 else 's'}"
