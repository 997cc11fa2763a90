"""The request ladder: classifying asks, what a gift supports, and configuration."""

from __future__ import annotations

import pytest

from outreach.config import ProportionSettings
from outreach.errors import ConfigError, InputError
from outreach.proportion import Ladder

LADDER = Ladder.from_settings()


@pytest.mark.parametrize(
    ("text", "rung", "quote"),
    [
        ("Would it help if you forwarded this to your ops lead? Let me know.", "reply", None),
        ("Would a 15-minute call next week be useful?", "call", "15-minute call"),
        ("Could you spare 20 minutes to compare notes?", "call", "compare notes"),
        ("Could we set up a demo with your team?", "meeting", "demo"),
        ("Would you be open to a 30-minute working session?", "meeting", None),
        ("Happy to start a two-week pilot on one dock.", "trial", "two-week pilot"),
        ("Shall I send the order form so we can get started?", "purchase", "order form"),
        ("No need for a call: just reply with the one metric you track.", "reply", "reply"),
        ("No meeting needed; a quick call is enough.", "call", "quick call"),
    ],
)
def test_classify_takes_the_largest_rung_asked_for(text: str, rung: str, quote: str | None) -> None:
    sizing = LADDER.classify(text)
    assert sizing is not None
    assert sizing.rung == rung
    if quote is not None:
        assert sizing.quote(text) == quote


@pytest.mark.parametrize(
    "text", ["Thanks for the note about Joliet.", "Use it with your team if it helps."]
)
def test_copy_with_no_ask_has_no_size(text: str) -> None:
    assert LADDER.classify(text) is None
    assert LADDER.size_of(text, "unknown") == "unknown"


@pytest.mark.parametrize(
    ("size", "tier", "yes_to", "fits", "allowed"),
    [
        ("call", "token", "", True, "call"),
        ("meeting", "token", "", False, "call"),
        ("meeting", "modest", "", True, "meeting"),
        ("trial", "modest", "", False, "meeting"),
        ("trial", "substantial", "", True, "trial"),
        ("purchase", "substantial", "", False, "trial"),
        ("meeting", "", "", False, "call"),  # an unknown tier counts as a token
        ("meeting", "token", "call", True, "meeting"),  # a yes makes the next rung natural
        ("purchase", "modest", "trial", True, "purchase"),
    ],
)
def test_judge_against_the_gift(
    size: str, tier: str, yes_to: str, fits: bool, allowed: str
) -> None:
    judgement = LADDER.judge(size, value_tier=tier, yes_to=yes_to)
    assert (judgement.fits, judgement.allowed) == (fits, allowed)
    assert bool(judgement.suggestion) is not fits


def test_the_suggestion_names_the_smaller_ask() -> None:
    judgement = LADDER.judge("trial", value_tier="token")
    assert judgement.reason == "a token gift supports up to a 15-minute call"
    assert judgement.suggestion == "ask for a 15-minute call instead"


def test_a_configured_ladder_renames_and_extends() -> None:
    ladder = Ladder.from_settings(
        ProportionSettings(
            ladder=("reply", "call", "workshop", "purchase"),
            labels={"call": "a 20-minute call"},
            patterns={"workshop": [r"\bworkshop\b"], "purchase": [r"\brenewal\b"]},
            fits={"token": "reply", "modest": "call", "substantial": "workshop"},
        )
    )
    assert ladder.size_of("Could we run a workshop with your planners?") == "workshop"
    assert ladder.size_of("Can we talk about the renewal?") == "purchase"
    assert ladder.judge("workshop", value_tier="modest").suggestion == (
        "ask for a 20-minute call instead"
    )
    assert ladder.anchor_above("call") == "workshop"
    assert ladder.anchor_above("purchase") == ""


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        (ProportionSettings(ladder=("reply",)), "at least two distinct rungs"),
        (ProportionSettings(ladder=("reply", "webinar")), "rung 'webinar' has no patterns"),
        (ProportionSettings(patterns={"lunch": ["x"]}), "'lunch' is not a rung"),
        (ProportionSettings(patterns={"call": ["(unclosed"]}), "patterns.call: invalid regex"),
        (ProportionSettings(fits={"huge": "call"}), "'huge' is not a value tier"),
        (ProportionSettings(fits={"token": "lunch"}), "fits.token: 'lunch' is not a rung"),
    ],
)
def test_bad_ladder_settings_are_config_errors(settings: ProportionSettings, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        Ladder.from_settings(settings)


def test_a_size_given_on_the_command_line_must_be_a_rung() -> None:
    assert LADDER.checked("call", "--size") == "call"
    assert LADDER.checked("", "--size") == ""
    with pytest.raises(
        InputError, match=r"^--size 'lunch' is not a rung of the ladder \(reply, call"
    ):
        LADDER.checked("lunch", "--size")
