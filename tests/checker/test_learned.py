"""The learned model (outreach.checker.learned) and its fallback rules OR107 and OR207."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from outreach.checker import CheckContext
from outreach.checker.engine import check_document
from outreach.checker.learned import (
    MODEL_FILE,
    SCORERS,
    load_model,
    read,
    strongest_span,
    terms,
    tokens,
)
from outreach.checker.text import build_document
from outreach.checker.train import CORPUS, corpus_digest, corpus_files
from outreach.errors import ConfigError

MODEL_DATA = json.loads(MODEL_FILE.read_text(encoding="utf-8"))


def findings(text: str, stage: str = "first-touch") -> list[str]:
    return [f.rule for f in check_document(build_document(text), CheckContext(stage=stage))]


def test_the_shipped_model_was_trained_on_the_corpus_as_it_is() -> None:
    assert load_model().corpus_digest == corpus_digest(corpus_files(CORPUS)), (
        "tests/corpus changed: retrain with `python -m outreach.checker.train` "
        "(pip install -e '.[train]') and commit outreach/data/learned_model.json"
    )


def test_the_runtime_reading_agrees_with_training() -> None:
    checks = MODEL_DATA["checks"]
    assert {c["scorer"] for c in checks} == set(SCORERS)
    for check in checks:
        assert read(check["text"], check["scorer"]).score == pytest.approx(check["score"], abs=1e-4)


def test_numbers_fold_and_bigrams_keep_their_offsets() -> None:
    assert [t for t, _, _ in tokens("A $1,200 Visa card, 3rd time")] == [
        "a", "$", "0", "visa", "card", "0", "rd", "time",
    ]  # fmt: skip
    text = "Your gift card"
    spans = {term: text[start:end] for term, start, end in terms(text)}
    assert spans["gift card"] == "gift card"
    assert spans["your"] == "Your"


def test_negation_marks_the_rest_of_the_clause() -> None:
    words = [t for t, _, _ in tokens("We never send gift cards. But here's the memo; no ask.")]
    assert words == [
        "we", "never", "not_send", "not_gift", "not_cards", "but", "here's", "the", "memo",
        "no", "not_ask",
    ]  # fmt: skip
    assert [t for t, _, _ in tokens("We won’t offer a voucher")][1:] == [
        "won't", "not_offer", "not_a", "not_voucher",
    ]  # fmt: skip


def test_scores_separate_an_inducement_from_a_plain_gift() -> None:
    bribe = read(
        "I'll make sure something nice comes your way personally once the contract is signed.",
        "bribe",
    )
    clean = read(
        "I wrote up the three slotting fixes from your talk; the sheet is attached.", "bribe"
    )
    assert bribe.score > 0.6 > clean.score
    assert bribe.top_terms() and all(bribe.contributions[t] > 0 for t in bribe.top_terms())


def test_the_finding_points_at_the_sentence_that_weighs_most_and_names_words() -> None:
    text = (
        "Hi Dana,\n\nGood to meet you at the expo.\nAs a small thank-you for reading, a "
        "brand-new Garmin watch is making its way to your home.\n\nLiam"
    )
    found = check_document(build_document(text), CheckContext())
    learned = [f for f in found if f.rule == "OR107"]
    assert len(learned) == 1
    assert learned[0].severity == "warning"
    assert "weighed most" in learned[0].message and "score 0." in learned[0].message
    assert '"home"' in learned[0].message  # content words, not "a" or "of"
    assert learned[0].column == 1
    assert learned[0].line == 4


def test_strongest_span_is_none_without_positive_weight() -> None:
    reading = read("Thanks for the notes.", "bribe")
    assert strongest_span("", reading, []) is None


def test_fallback_is_silent_when_a_phrase_rule_flagged_the_category() -> None:
    text = "Hi Ana,\n\nHere's a $100 Amazon gift card for your time, and tickets to the game.\n"
    rules = findings(text)
    assert "OR101" in rules
    assert "OR107" not in rules


def test_the_stage_picks_the_transactional_scorer() -> None:
    text = (
        "Hi Claire,\n\nThanks again for the intro to Dana. Would you be open to a 20-minute call "
        "next week to look at the pilot numbers together?\n\nOmar"
    )
    assert "OR207" not in findings(text, stage="ask")
    assert {"OR201", "OR207"} & set(findings(text, stage="first-touch"))


def test_empty_text_is_not_judged() -> None:
    assert findings("\n\n") == []


def test_a_broken_model_file_is_a_config_error_naming_it(tmp_path: Path) -> None:
    broken = tmp_path / "model.json"
    broken.write_text('{"format": 1, "terms": ["a"]', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"model\.json: the learned model cannot be read"):
        load_model(broken)
    wrong = tmp_path / "wrong.json"
    wrong.write_text(json.dumps(dict(MODEL_DATA, format=99)), encoding="utf-8")
    with pytest.raises(ConfigError, match="format 99"):
        load_model(wrong)
    short = tmp_path / "short.json"
    short.write_text(json.dumps(dict(MODEL_DATA, idf=[1.0])), encoding="utf-8")
    with pytest.raises(ConfigError, match="differ in length"):
        load_model(short)


def test_only_the_first_max_chars_are_read() -> None:
    from outreach.checker.rules.learned import MAX_CHARS

    offer = (
        "As a small thank-you for reading, a brand-new Garmin watch is making its way to your "
        "home.\n\n"
    )
    padding = " \n" * MAX_CHARS  # no words: nothing to dilute the reading
    assert "OR107" in findings("Hi Dana,\n\n" + offer + padding)
    assert "OR107" not in findings("Hi Dana,\n\n" + padding + offer)


def test_a_line_or_two_is_left_to_the_phrase_rules() -> None:
    assert read("Some synergy for you.", "first-touch").top_terms() == []
    assert findings("Some synergy for you.") == []
    assert findings("A desk plant and some synergy for you.") == []


def test_located_tokens_line_up_with_the_text_on_the_whole_corpus() -> None:
    from outreach.checker.train import load, own_words

    for record in load(corpus_files(CORPUS)):
        text = own_words(record) + " We won’t send 3 gift-cards. (No, never)"
        for token, start, end in tokens(text):
            shown = text[start:end].lower().replace("’", "'")
            assert token in (shown, "not_" + shown, "0", "not_0"), (record.get("id"), token)
