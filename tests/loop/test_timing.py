"""Step 3: the maturation window by context, value tier and channel, and its warnings."""

from __future__ import annotations

import datetime as dt

import pytest

from outreach.config import TimingSettings
from outreach.errors import InputError
from outreach.models import Window
from outreach.timing import OPEN, TOO_LATE, TOO_SOON, ask_window, assess, maturation_window, span
from tests.loop.helpers import T0

DAY = dt.date(2030, 3, 4)


def _d(days: int) -> dt.date:
    return DAY + dt.timedelta(days=days)


@pytest.mark.parametrize(
    ("context", "tier", "channel", "expected"),
    [
        ("sales", "", "", (2, 9)),
        ("sales", "modest", "email", (2, 9)),
        ("sales", "token", "email", (2, 6)),
        ("sales", "substantial", "email", (2, 14)),
        ("relationship", "", "email", (5, 21)),
        ("relationship", "substantial", "email", (5, 26)),
        ("sales", "modest", "mail", (5, 12)),  # three days in the post
        ("relationship", "modest", "call", (5, 21)),  # live gifts wait in a relationship
    ],
)
def test_day_windows_follow_the_policy(
    context: str, tier: str, channel: str, expected: tuple[int, int]
) -> None:
    window = maturation_window(DAY, context=context, value_tier=tier, channel=channel)
    assert window == Window(_d(expected[0]), _d(expected[1]))


def test_the_old_signature_still_works() -> None:
    assert maturation_window(DAY) == Window(_d(2), _d(9))
    assert maturation_window(DAY, context="relationship", settings=TimingSettings()) == Window(
        _d(5), _d(21)
    )


def test_settings_change_the_window() -> None:
    settings = TimingSettings(
        sales_min_days=1,
        sales_max_days=3,
        tier_extra_days={"token": -10},
        channel_delay_days={"linkedin": 1},
    )
    # A token can never close the window before the day after it opens.
    assert maturation_window(DAY, value_tier="token", settings=settings) == Window(_d(1), _d(2))
    assert maturation_window(DAY, channel="linkedin", settings=settings) == Window(_d(2), _d(4))


def test_a_live_gift_in_sales_is_asked_on_in_the_same_conversation() -> None:
    window = ask_window(T0, channel="call")
    assert window.live
    assert window.opens == T0 + dt.timedelta(minutes=5)
    assert window.closes == T0 + dt.timedelta(minutes=60)
    verdict = assess(window, T0 + dt.timedelta(minutes=2))
    assert verdict.status == TOO_SOON
    assert verdict.message.startswith(
        "the gift went out 2 minutes ago; the window opens at 09:05 on 2030-03-04 (in 3 minutes)"
    )
    assert assess(window, T0 + dt.timedelta(minutes=30)).ok
    assert assess(window, T0 + dt.timedelta(hours=2)).status == TOO_LATE


def test_too_soon_names_the_dates() -> None:
    verdict = assess(ask_window(T0), T0 + dt.timedelta(hours=2))
    assert verdict.status == TOO_SOON
    assert verdict.message == (
        "the gift went out 2 hours ago; the window opens on 2030-03-06 (in 37 hours):"
        " let the gift matter before asking"
    )


def test_open_says_until_when() -> None:
    verdict = assess(ask_window(T0), T0 + dt.timedelta(days=3))
    assert verdict.status == OPEN
    assert verdict.message == (
        "the gift went out 3 days ago; the window is open until 2030-03-13 (6 days left)"
    )


def test_too_late_says_when_it_closed() -> None:
    verdict = assess(ask_window(T0, value_tier="token"), T0 + dt.timedelta(days=20))
    assert verdict.status == TOO_LATE
    assert verdict.message == (
        "the gift went out 20 days ago; the window closed on 2030-03-10: the link to the"
        " gift has gone stale"
    )


def test_the_last_day_is_still_open_and_the_next_is_not() -> None:
    window = ask_window(T0)
    last_day = dt.datetime(2030, 3, 13, 23, 59, tzinfo=dt.UTC)
    assert assess(window, last_day).ok
    assert assess(window, last_day + dt.timedelta(minutes=1)).status == TOO_LATE
    assert assess(window, dt.datetime(2030, 3, 6, 0, 0, tzinfo=dt.UTC)).ok


def test_a_date_only_now_is_judged_at_midday() -> None:
    assert assess(ask_window(DAY), _d(1)).status == TOO_SOON
    assert assess(ask_window(DAY), _d(2)).ok


def test_unknown_context_is_an_input_error() -> None:
    with pytest.raises(InputError, match="context 'cold' is not one of sales, relationship"):
        ask_window(T0, context="cold")


@pytest.mark.parametrize(
    ("delta", "text"),
    [
        (dt.timedelta(seconds=20), "1 minute"),
        (dt.timedelta(minutes=59), "59 minutes"),
        (dt.timedelta(hours=1), "1 hour"),
        (dt.timedelta(hours=47), "47 hours"),
        (dt.timedelta(days=2), "2 days"),
    ],
)
def test_span_reads_naturally(delta: dt.timedelta, text: str) -> None:
    assert span(delta) == text


def test_window_to_dict_is_json_ready() -> None:
    data = ask_window(T0, value_tier="modest", channel="email").to_dict()
    assert data["earliest"] == "2030-03-06"
    assert data["latest"] == "2030-03-13"
    assert data["opens"] == "2030-03-06T00:00:00+00:00"
    assert data["live"] is False
