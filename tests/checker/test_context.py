"""What is and is not the sender's new words, and what context changes."""

from __future__ import annotations

import json

import pytest

from outreach.checker import CATEGORIES, CheckContext, check_message
from outreach.checker.corpus import predicted
from outreach.checker.gifts import load_gift_rules, rule_for_sector
from outreach.config import LintSettings
from outreach.models import Prospect, Sender
from outreach.prospects import prospect_from_mapping
from tests.checker.helpers import CORPUS


def rules(body: str, subject: str = "", **context: object) -> list[str]:
    return [f.rule for f in check_message(subject, body, CheckContext(**context))]  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "body",
    [
        "We never send gift cards; the memo is attached instead.",
        "We don't do gift cards, dinners or tickets.",
        "Gift cards? We don't do those. Here is the memo.",
        "Unlike other vendors, we won't offer you a gift card for your time.",
    ],
)
def test_negation_is_not_a_gift(body: str) -> None:
    assert rules(body) == []


def test_quoted_reply_lines_are_not_checked() -> None:
    body = (
        "Sure, pricing is attached.\n\n> Can you send me a gift card for my time?\n> Dinner on you?"
    )
    assert rules(body, stage="thank") == []


def test_everything_after_on_wrote_is_a_quote_even_when_wrapped() -> None:
    body = (
        "The plan is attached.\n\nOn Mon, Feb 2, 2026 at 4:40 PM Caleb <caleb@example.com>\n"
        "wrote:\n\nHere's a $50 gift card if you book a call."
    )
    assert rules(body, stage="thank") == []


def test_outlook_original_message_is_a_quote() -> None:
    body = "Notes attached.\n\n-----Original Message-----\nFrom: Sam\nA gift card for you!"
    assert rules(body, stage="thank") == []


def test_signature_is_not_new_words_but_counts_for_compliance() -> None:
    body = (
        "Here's the staffing model.\n\n-- \nPeter Lang, Shiftwise\n"
        "12 Elm Street, Springfield, IL 62701\nAsk about our $500 credit for every referral!\n"
        "Reply STOP to opt out."
    )
    assert rules(body, stage="thank", region="us") == []
    unsigned = "Here's the staffing model.\n\n-- \nPeter Lang, Shiftwise\n"
    assert rules(unsigned, stage="thank", region="us") == ["OR501", "OR502"]


@pytest.mark.parametrize(
    "body",
    [
        "We helped a grocer cut overtime by $1.2M last year.",
        "If you switch this quarter, you'd save about $40k a year.",
        "Customers see a 4x return in the first year.",
    ],
)
def test_money_as_a_result_is_not_a_gift(body: str) -> None:
    assert rules(body) == []


def test_stage_decides_whether_an_ask_is_transactional() -> None:
    body = "The teardown is attached. Would you be open to a 20-minute call next week?"
    assert rules(body) == ["OR201"]
    assert rules(body, stage="ask") == []


def test_an_ask_with_no_gift_is_advice_not_a_transactional_fault() -> None:
    pitch = "We automate dock scheduling. Would you be open to a 20-minute call next week?"
    assert rules(pitch) == ["OR605"]
    assert rules(pitch, stage="ask") == []
    # Each kind of giving makes it a gift message: a file, work done, an offer, money.
    for gift in (
        "The benchmark is attached.",
        "I ran your checkout through our crawler and noted the broken links.",
        "Happy to send the slides from the panel.",
        "We'll cover a $100 dinner for your team.",
    ):
        assert "OR201" in rules(f"{gift} {pitch}"), gift
    # A gift that is denied is none.
    assert rules(f"No gift, no freebie here. {pitch}") == ["OR605"]


def test_subject_is_checked_on_line_one() -> None:
    findings = check_message("Hi {{first_name}}", "The memo is attached.", CheckContext())
    assert [(f.rule, f.line, f.column) for f in findings] == [("OR301", 1, 13)]


def test_sender_claims_are_not_grounding_claims() -> None:
    prospect = Prospect(
        name="Priya Raman", company="Northwind", facts=("wrote a post on overtime",)
    )
    body = "Hi Priya,\n\nWe cut overtime by 31% for 14 warehouses in Ohio."
    assert rules(body, prospect=prospect) == []
    body = "Hi Priya,\n\nYour team cut overtime by 31% in Ohio, congrats!"
    assert rules(body, prospect=prospect) == ["OR401"]


def test_only_the_readers_figures_can_be_rounded() -> None:
    # "Suite 214" in the sender's address once let "210 stores" pass as a rounding of it.
    prospect = Prospect(name="Priya Raman", facts=("runs a grocery chain in Ohio",))
    sender = Sender(name="Dana Reyes", postal_address="500 Market St, Suite 214, Chicago")
    body = "Hi Priya,\n\nYour 210 stores in Ohio keep a lot of produce moving."
    assert rules(body, prospect=prospect, sender=sender) == ["OR401"]
    rounded = Prospect(name="Priya Raman", facts=("runs 214 grocery stores in Ohio",))
    assert rules(body, prospect=rounded, sender=sender) == []


def test_only_a_possessive_is_trimmed_from_a_known_word() -> None:
    # "boss" in the facts once made "Bo" known too: trailing s and ' were stripped, not "'s".
    prospect = Prospect(name="Priya Raman", facts=("spoke at ProMat with her boss",))
    assert rules("Loved your ProMat talk with Bo.", prospect=prospect) == ["OR401"]
    assert rules("Loved your ProMat talk with your boss's team.", prospect=prospect) == []


def test_sender_block_counts_as_identity_and_address() -> None:
    sender = Sender(name="Dana Reyes", postal_address="500 Market St, Chicago, IL 60606")
    body = (
        "The memo is attached.\n\nDana Reyes\n500 Market St, Chicago, IL 60606\n"
        "Reply no to opt out."
    )
    assert rules(body, region="us", sender=sender) == []


def test_region_from_prospect_country() -> None:
    prospect = Prospect(name="Jonas Weber", country="Germany")
    body = "Hi Jonas,\n\nthe analysis is attached.\n\nLena Vogel\nReply 'stop' to opt out."
    assert rules(body, prospect=prospect) == ["OR503"]


def test_policy_phrases_from_settings() -> None:
    settings = LintSettings(phrases={"bribe": ["desk plant"], "generic": ["synergy"]})
    findings = check_message("", "A desk plant and some synergy for you.", CheckContext(), settings)
    assert sorted(f.rule for f in findings) == ["OR199", "OR399"]


def test_gift_rules_data_file_is_versioned_and_sourced() -> None:
    data = load_gift_rules()
    assert data.version
    assert data.recipients
    for entry in data.recipients:
        assert entry.source and entry.rule and entry.sectors
    assert rule_for_sector("government") is not None
    assert rule_for_sector("healthcare").limit == 0  # type: ignore[union-attr]
    assert rule_for_sector("", role="Registered nurse") is not None


def _corpus() -> list[dict[str, object]]:
    records = []
    for file in sorted(CORPUS.glob("*.jsonl")):
        records += [json.loads(line) for line in file.read_text().splitlines() if line.strip()]
    return records


def test_corpus_format() -> None:
    records = _corpus()
    assert len(records) >= 150
    assert len({r["id"] for r in records}) == len(records)
    for record in records:
        assert isinstance(record["text"], str) and record["text"].strip()
        assert record.get("stage", "first-touch") in ("first-touch", "ask", "thank")
        assert set(record["expected"]) <= set(CATEGORIES)  # type: ignore[arg-type]
        if isinstance(record.get("prospect"), dict):  # no field the prospect files reject
            prospect_from_mapping(record["prospect"])  # type: ignore[arg-type]
    assert sum(1 for r in records if not r["expected"]) >= 50  # clean ones, tricky included


def test_corpus_meets_the_precision_and_recall_targets() -> None:
    """A regression guard on the labelled corpus (benchmarks/eval_checker.py prints the table)."""
    counts = {c: [0, 0, 0] for c in CATEGORIES}  # tp, fp, fn
    for record in _corpus():
        # As benchmarks/eval_checker.py counts: info findings (OR605's advice) predict nothing.
        found = predicted(record)
        expected = set(record["expected"])  # type: ignore[call-overload]
        for category in CATEGORIES:
            counts[category][0] += category in found and category in expected
            counts[category][1] += category in found and category not in expected
            counts[category][2] += category in expected and category not in found
    for category, (tp, fp, fn) in counts.items():
        if tp + fp:
            assert tp / (tp + fp) >= 0.95, category
        if tp + fn:
            assert tp / (tp + fn) >= 0.90, category
