"""The timing and proportion rules inside the checker: examples, docs, policy, positions."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from outreach.checker import CATEGORIES, CheckContext, Example, Rule, build_document, check_document
from outreach.checker.rules.loop import RULES, HistoryExample
from outreach.config import LintSettings, Settings
from outreach.drafting import check_draft
from outreach.ledger import Event, History
from tests.loop.helpers import PRIYA, T0


def _run(example: Example, settings: LintSettings | None = None) -> list[str]:
    """The codes of the loop rules that fire on an example, read with its history."""
    history = example.history if isinstance(example, HistoryExample) else None
    context = CheckContext(stage=example.stage, history=history)
    settings = settings or LintSettings(select=("timing", "proportion"))
    return [f.rule for f in check_document(build_document(example.text), context, settings)]


def _cases(kind: str) -> list[tuple[Rule, Example]]:
    return [(rule, ex) for rule in RULES for ex in rule.examples(kind)]


@pytest.mark.parametrize(("rule", "example"), _cases("flag"), ids=lambda v: getattr(v, "code", ""))
def test_flag_example_is_flagged(rule: Rule, example: Example) -> None:
    assert rule.code in _run(example), example.text


@pytest.mark.parametrize(("rule", "example"), _cases("pass"), ids=lambda v: getattr(v, "code", ""))
def test_pass_example_is_not_flagged(rule: Rule, example: Example) -> None:
    assert rule.code not in _run(example), example.text


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_rule_is_documented_and_in_its_category(rule: Rule) -> None:
    assert rule.flag and rule.passes
    assert re.fullmatch(r"OR[67]\d\d", rule.code)
    assert rule.code[2] == str(CATEGORIES.index(rule.category) + 1)
    # The ledger rules read the ask; OR605 reads a first touch on its own (no ledger).
    assert rule.stages == (("first-touch",) if rule.code == "OR605" else ("ask",))
    for text in (rule.what, rule.why, rule.example, rule.instead, rule.suggestion):
        assert text.strip()


def test_an_ask_inside_a_thank_you_is_flagged() -> None:
    text = "Thanks for the call! Could we set up a demo with your team?"
    only = LintSettings(select=("OR208",))
    assert _run(Example(text, stage="thank"), only) == ["OR208"]
    assert _run(Example(text, stage="ask"), only) == []


def test_other_stages_are_not_judged() -> None:
    example = RULES[-1].examples("flag")[0]
    assert _run(Example(example.text, stage="thank")) == []


def test_select_ignore_and_severity_apply() -> None:
    example = next(e for e in RULES[0].examples("flag"))
    assert _run(example, LintSettings(ignore=("timing",))) == []
    assert _run(example, LintSettings(select=("proportion",))) == []
    assert _run(example, LintSettings(select=("OR601",))) == ["OR601"]


def test_findings_point_at_the_ask_and_name_the_fix() -> None:
    gift = Event(1, PRIYA.key, "gift", T0, "a benchmark", "token", "email")
    history = History(PRIYA.key, (gift,), now=T0 + dt.timedelta(days=3))
    findings = check_draft(
        "Next step",
        "Hi Priya,\n\nCould we start a two-week pilot at Joliet?\n",
        stage="ask",
        prospect=PRIYA,
        history=history,
        settings=Settings(),
    )
    (finding,) = [f for f in findings if f.rule == "OR701"]
    assert (finding.line, finding.column) == (5, 18)  # "Subject:" line, blank, greeting, blank
    assert finding.category == "proportion"
    assert finding.message == (
        "this asks for a trial ('two-week pilot'), but a token gift supports up to a"
        " 15-minute call; ask for a 15-minute call instead"
    )
