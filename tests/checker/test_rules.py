"""Every rule's examples, and tests of the rule table itself."""

from __future__ import annotations

import re

import pytest

from outreach.checker import CATEGORIES, CheckContext, Example, Rule, all_rules, check_message
from outreach.checker.engine import check_document
from outreach.checker.text import build_document
from outreach.checker.vocab import value_of
from outreach.config import LintSettings
from outreach.prospects import prospect_from_mapping
from tests.checker.helpers import bare_rule

RULES = all_rules()


def _run(rule: Rule, example: Example) -> list[str]:
    prospect = prospect_from_mapping(example.prospect) if example.prospect else None
    context = CheckContext(
        stage=example.stage,
        prospect=prospect,
        region=example.region,
        history=getattr(example, "history", None),  # examples of rules that read the ledger
    )
    settings = LintSettings(phrases=example.phrases or {})
    findings = check_document(build_document(example.text), context, settings)
    return [f.rule for f in findings]


def _cases(kind: str) -> list[tuple[Rule, Example]]:
    return [(rule, ex) for rule in RULES for ex in rule.examples(kind)]


@pytest.mark.parametrize(
    ("rule", "example"), _cases("flag"), ids=lambda v: v.code if isinstance(v, Rule) else ""
)
def test_flag_example_is_flagged(rule: Rule, example: Example) -> None:
    assert rule.code in _run(rule, example), example.text


@pytest.mark.parametrize(
    ("rule", "example"), _cases("pass"), ids=lambda v: v.code if isinstance(v, Rule) else ""
)
def test_pass_example_is_not_flagged(rule: Rule, example: Example) -> None:
    assert rule.code not in _run(rule, example), example.text


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_rule_is_documented_and_has_examples(rule: Rule) -> None:
    assert rule.flag, f"{rule.code} has no flag examples"
    assert rule.passes, f"{rule.code} has no pass examples"
    assert re.fullmatch(r"OR[1-7]\d\d", rule.code)
    assert re.fullmatch(r"[a-z]+(?:-[a-z]+)*", rule.name)
    assert rule.category in CATEGORIES
    assert rule.code[2] == str(CATEGORIES.index(rule.category) + 1)
    assert rule.severity in ("error", "warning", "info")
    assert 0 < rule.confidence <= 1
    for text in (rule.what, rule.why, rule.example, rule.instead, rule.suggestion):
        assert text.strip()
    assert "{quote}" in rule.message or "{detail}" in rule.message


def test_codes_and_names_are_unique() -> None:
    assert len({r.code for r in RULES}) == len(RULES)
    assert len({r.name for r in RULES}) == len(RULES)


def test_a_rule_without_examples_fails_the_table_test() -> None:
    bare = bare_rule("OR199", lambda scan: iter(()))
    with pytest.raises(AssertionError, match="no flag examples"):
        test_rule_is_documented_and_has_examples(bare)


def test_check_message_locates_subject_and_body() -> None:
    findings = check_message(
        "A gift for {{first_name}}",
        "Hi Sam,\n\nHere's a $50 Amazon gift card for your time.",
        CheckContext(),
    )
    located = [(f.rule, f.line, f.column) for f in findings]
    assert located == [("OR301", 1, 21), ("OR101", 5, 10)]
    assert findings[0].path == "<draft>"
    assert findings[1].to_dict()["message"] == (
        'cash or a cash equivalent is offered: "$50 Amazon gift card"'
    )


@pytest.mark.parametrize(
    ("figure", "value"),
    [
        ("$1.2M", 1_200_000),
        ("30k", 30_000),
        ("EUR 2 bn", 2_000_000_000),
        ("usd 1,500", 1_500),
        ("$1.5 billion", 1_500_000_000),
        ("39%", 39),
        ("n/a", None),
    ],
)
def test_a_figure_is_read_with_its_scale(figure: str, value: float | None) -> None:
    assert value_of(figure) == value


@pytest.mark.parametrize(
    ("amount", "shown"), [("$1.5k", "$1,500 vs"), ("$1.5 billion", "$1,500,000,000 vs")]
)
def test_a_regulated_gift_shows_the_amount_with_its_scale(amount: str, shown: str) -> None:
    # "$1.5 billion" was once read as 1.5, under any limit: no finding at all.
    example = Example(
        f"We'd love to send you a {amount} bottle of wine.",
        prospect={"name": "Tom Hale", "sector": "government"},
    )
    prospect = prospect_from_mapping(example.prospect or {})
    findings = check_document(
        build_document(example.text), CheckContext(prospect=prospect), LintSettings()
    )
    details = [f.message for f in findings if f.rule == "OR106"]
    assert len(details) == 1 and shown in details[0]
