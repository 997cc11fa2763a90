"""Requests of the reader that make a first-touch gift transactional (OR201)."""

from __future__ import annotations

import pytest

from outreach.checker import CheckContext
from outreach.checker.engine import check_document
from outreach.checker.text import build_document

GIFT = "Hi Claire,\n\nI mapped the 84 funded companies in your space; the sheet is attached. "


def rules(sentence: str, stage: str = "first-touch") -> list[str]:
    doc = build_document(GIFT + sentence + "\n\nOmar")
    return [f.rule for f in check_document(doc, CheckContext(stage=stage))]


@pytest.mark.parametrize(
    "sentence",
    [
        "Could you reply with your typical first-check size?",
        "Would you leave us a short review on G2?",
        "Could you send me your monthly cancellation numbers for 2024?",
        "All I'd ask is that you share it with the public works committee.",
        "Can you fill in our two-minute survey about your budget?",
        "Please kindly confirm whether you lead seed rounds.",
        "Just reply with how many vans you run.",
        "Book your personalized demo here to activate it.",
        "If you find it useful, our team plan is $29 a month and you can start on the link below.",
        "We'd only ask that you send us the brief for the spring campaign.",
        "Quick question: who on your team owns supplier onboarding, and how many do you add?",
    ],
)
def test_a_request_of_the_reader_is_an_ask(sentence: str) -> None:
    assert "OR201" in rules(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "Just reply with your home address and I'll post the printed copy.",
        "Can you reply from your work email if the link is blocked?",
        "Would you like me to send the raw CSV as well?",
        "Feel free to share it with your team.",
        "We never ask you to fill in a survey.",
    ],
)
def test_logistics_offers_and_permissions_are_not_asks(sentence: str) -> None:
    assert rules(sentence) == []


def test_the_same_request_at_the_ask_stage_is_fine() -> None:
    assert rules("Could you reply with your typical first-check size?", stage="ask") == []


def test_a_quick_question_about_the_readers_setup_is_an_ask() -> None:
    assert "OR201" in rules("Quick question while I have you: which helpdesk tool is your team on?")
