"""The timing (OR6xx) and proportion (OR7xx) rules, read against a ledger history."""

from __future__ import annotations

import datetime as dt

from outreach.ledger import Event, History
from outreach.loop_rules import loop_hits
from tests.loop.helpers import T0

KEY = "priya.raman@northwind.example"
CALL = "Would a 15-minute call on Thursday be useful?"


def _event(n: int, kind: str, days: float, **fields: str) -> Event:
    return Event(n, KEY, kind, T0 + dt.timedelta(days=days), **fields)


def _history(*events: Event, now_days: float = 3, **plan: str) -> History:
    return History(KEY, tuple(events), now=T0 + dt.timedelta(days=now_days), **plan)


GIFT = _event(1, "gift", 0, what="no-show benchmark", value_tier="token", channel="email")


def codes(body: str, history: History | None, stage: str = "ask") -> list[str]:
    return [hit.code for hit in loop_hits("", body, stage=stage, history=history)]


def test_a_proportionate_ask_in_the_window_is_clean() -> None:
    assert codes(CALL, _history(GIFT)) == []


def test_only_the_ask_stage_is_judged() -> None:
    assert codes("I know you'll say no, but sign the contract?", _history(), "thank") == []


def test_too_soon_and_too_late() -> None:
    (soon,) = loop_hits("", CALL, stage="ask", history=_history(GIFT, now_days=1 / 12))
    assert soon.code == "OR601"
    assert soon.message.startswith("the gift went out 2 hours ago; the window opens on 2030-03-06")
    assert "'no-show benchmark'" in soon.message
    assert CALL[soon.offset : soon.offset + soon.length] == "15-minute call"
    assert codes(CALL, _history(GIFT, now_days=30)) == ["OR602"]


def test_an_ask_with_no_gift_before_it() -> None:
    (hit,) = loop_hits("", CALL, stage="ask", history=_history())
    assert hit.code == "OR603"
    assert KEY in hit.message


def test_a_second_ask_without_new_value() -> None:
    ask = _event(2, "ask", 3, what="a call", size="call", strategy="direct")
    assert codes(CALL, _history(GIFT, ask, now_days=5)) == ["OR604"]
    gift2 = _event(3, "gift", 4, what="an intro", value_tier="modest")
    assert codes(CALL, _history(GIFT, ask, gift2, now_days=6)) == []


def test_the_retreat_after_a_no_to_the_anchor_is_not_a_repeat_ask() -> None:
    anchor = _event(2, "ask", 3, what="a meeting with the team", size="meeting", strategy="anchor")
    no = _event(3, "reply", 4, outcome="no")
    assert codes(CALL, _history(GIFT, anchor, no, now_days=5)) == []
    # ... but the same ask after a plain (non-anchor) no is a repeat with nothing new.
    direct = _event(2, "ask", 3, what="a meeting", size="meeting", strategy="direct")
    assert codes(CALL, _history(GIFT, direct, no, now_days=5)) == ["OR604"]


def test_escalation_after_a_no() -> None:
    ask = _event(2, "ask", 3, what="a 15-minute call", size="call")
    no = _event(3, "reply", 4, outcome="no")
    gift2 = _event(4, "gift", 5, what="a teardown", value_tier="substantial")
    hits = loop_hits(
        "",
        "Could we set up a demo for your team?",
        stage="ask",
        history=_history(GIFT, ask, no, gift2, now_days=7),
    )
    assert [h.code for h in hits] == ["OR702"]
    assert hits[0].message == (
        "this asks for a meeting with their team after a no to a 15-minute call"
        " ('a 15-minute call')"
    )
    # A yes instead of a no: the next rung is fine.
    yes = _event(3, "reply", 4, outcome="yes")
    assert (
        codes("Could we set up a demo for your team?", _history(GIFT, ask, yes, gift2, now_days=7))
        == []
    )


def test_disproportionate_ask_names_the_smaller_one() -> None:
    (hit,) = loop_hits("", "Could we start a two-week pilot?", stage="ask", history=_history(GIFT))
    assert hit.code == "OR701"
    assert hit.message == (
        "this asks for a trial ('two-week pilot'), but a token gift supports up to a 15-minute call"
    )
    assert hit.suggestion == "ask for a 15-minute call instead"


def test_the_planned_size_wins_over_the_text() -> None:
    assert codes("Let me know.", _history(GIFT, planned_size="purchase")) == ["OR701"]


def test_anchor_rules() -> None:
    demo = "Could we set up a demo for your team?"
    anchor_plan = {"planned_strategy": "anchor", "planned_target_size": "call"}
    assert codes(demo, _history(GIFT, **anchor_plan)) == []  # OR701 is waived for an anchor
    assert codes(CALL, _history(GIFT, **anchor_plan)) == ["OR703"]
    contract = "Shall I send the contract so we can start next month?"
    (far,) = loop_hits("", contract, stage="ask", history=_history(GIFT, **anchor_plan))
    assert far.code == "OR704"
    assert "3 rungs above" in far.message
    assert far.suggestion == "open with a meeting with their team"


def test_sham_anchor_needs_no_history() -> None:
    body = "I know you'll say no, but would you commit to a pilot?"
    (hit,) = loop_hits("", body, stage="ask", history=None)
    assert hit.code == "OR705"
    assert body[hit.offset : hit.offset + hit.length] == "I know you'll say no"
    assert codes("Would a two-week pilot on one dock be worth trying?", None) == []


def test_quoted_replies_and_signature_are_not_the_senders_words() -> None:
    body = "Thanks, Priya.\n\nOn Mon, Priya wrote:\n> I know you'll say no to a pilot\n"
    assert codes(body, None) == []
    assert codes("Thanks.\n-- \nI know you'll say no\n", None) == []
