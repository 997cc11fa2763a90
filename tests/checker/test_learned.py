"""The learned model (outreach.checker.learned) and its fallback rules OR107 and OR207."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from outreach.checker import CheckContext
from outreach.checker.corpus import load_records
from outreach.checker.engine import check_document
from outreach.checker.learned import (
    MAX_CHARS,
    MODEL_FILE,
    SCORERS,
    Reading,
    counts_of,
    judge,
    load_model,
    logits,
    lowered,
    read,
    strongest_span,
    terms,
    tokens,
    vector_of,
    words,
)
from outreach.checker.text import build_document
from outreach.checker.train import CORPUS, corpus_digest
from outreach.errors import ConfigError, InputError

MODEL_DATA = json.loads(Path(MODEL_FILE).read_text(encoding="utf-8"))
GARMIN = (
    "As a small thank-you for reading, a brand-new Garmin watch is making its way to your home."
)


def findings(text: str, stage: str = "first-touch") -> list[str]:
    return [f.rule for f in check_document(build_document(text), CheckContext(stage=stage))]


def test_the_shipped_model_was_trained_on_the_corpus_as_it_is() -> None:
    assert load_model().corpus_digest == corpus_digest(sorted(CORPUS.glob("*.jsonl"))), (
        "tests/corpus changed: retrain with `python -m outreach.checker.train` "
        "(pip install -e '.[train]') and commit outreach/data/learned_model.json"
    )


def test_the_runtime_reading_agrees_with_training() -> None:
    checks = MODEL_DATA["checks"]
    assert {c["scorer"] for c in checks} == set(SCORERS)
    for check in checks:
        assert read(check["text"], check["scorer"]).score == pytest.approx(check["score"], abs=1e-4)


def test_the_screen_gives_the_log_odds_of_the_full_reading() -> None:
    # The rules skip the full reading when the one-pass log-odds are below the
    # threshold, so the two must agree on every corpus email, far inside the margin.
    model = load_model()
    records = load_records(sorted(CORPUS.glob("*.jsonl")))
    for record in records:
        toks = words(record["text"])
        odds = logits(counts_of(toks), model)
        vec = vector_of(record["text"])
        if not vec:
            continue
        for scorer in SCORERS:
            probability = read(record["text"], scorer).score
            assert 1.0 / (1.0 + math.exp(-odds[scorer])) == pytest.approx(probability, abs=1e-9)
    assert logits(counts_of(["zzqx", "qqzx"]), model) == {}  # no known term


def test_the_one_pass_tokens_are_those_of_the_walk(monkeypatch: pytest.MonkeyPatch) -> None:
    # words() takes the tokens in one pass when a text holds no negator; the walk that
    # marks negations must give the same tokens for such text, and for any other.
    from outreach.checker import learned
    from outreach.checker.learned import _walked

    walks: list[str] = []

    def counted(low: str) -> list[str]:
        walks.append(low)
        return _walked(low)

    monkeypatch.setattr(learned, "_walked", counted)
    texts = [str(r["text"]) for r in load_records(sorted(CORPUS.glob("*.jsonl")))]
    texts += ["It’s 1,200.5 units, $40 each; 12% off.", "I'll say it: NO. Won’t.", "İstanbul 3pm"]
    plain = one_pass = 0
    for text in texts:
        low = lowered(text).replace("’", "'")
        walked_before = len(walks)
        assert words(text) == _walked(low), text[:80]
        one_pass += len(walks) == walked_before
        plain += "n't" not in low and not any(w.startswith("not_") for w in words(text))
    assert plain > 500  # the one-pass path was taken
    assert one_pass > 500  # and words() did return without the walk for those


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
    message = learned[0].message
    assert any(w in message for w in ('"watch"', '"home"', '"your home"', '"its way"'))
    assert '"a"' not in message and '"of"' not in message  # content words, not function words
    assert learned[0].column == 1
    assert learned[0].line == 4


def test_strongest_span_picks_the_sentence_that_adds_most() -> None:
    text = "Here are the notes. A brand-new Garmin watch is on its way to your home."
    reading = read(text, "bribe")
    spans = [(0, 19), (20, len(text))]
    assert strongest_span(text, reading, spans) == (20, len(text))
    against = Reading(score=0.9, contributions={t: -1.0 for t in reading.contributions})
    assert strongest_span(text, against, spans) is None  # nothing pushes it up


def test_fallback_is_silent_when_a_phrase_rule_flagged_the_category() -> None:
    text = "Hi Ana,\n\nHere's a $100 Amazon gift card for your time, and tickets to the game.\n"
    rules = findings(text)
    assert "OR101" in rules
    assert "OR107" not in rules


def test_the_stage_picks_the_transactional_scorer(monkeypatch: pytest.MonkeyPatch) -> None:
    import outreach.checker.rules.learned as rules

    asked: list[str] = []
    # Every scorer passes the screen, so each one the stage picks is asked for a reading.
    monkeypatch.setattr(rules, "logits", lambda counts, model: dict.fromkeys(SCORERS, 99.0))
    monkeypatch.setattr(rules, "judge", lambda scorer, vec, model: asked.append(scorer))
    text = "Hi Claire,\n\nHere are the pilot numbers from the three sites, as promised last week.\n"
    for stage in ("first-touch", "ask", "thank"):
        findings(text, stage=stage)
    assert asked == ["bribe", "first-touch", "bribe", "later", "bribe", "later"]


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
    lopsided = tmp_path / "lopsided.json"
    weights = dict(MODEL_DATA["weights"], later=[1.0])
    lopsided.write_text(json.dumps(dict(MODEL_DATA, weights=weights)), encoding="utf-8")
    with pytest.raises(ConfigError, match="differ in length"):
        load_model(lopsided)
    nan = tmp_path / "nan.json"
    thresholds = dict(MODEL_DATA["thresholds"], bribe=float("nan"))
    nan.write_text(json.dumps(dict(MODEL_DATA, thresholds=thresholds)), encoding="utf-8")
    with pytest.raises(ConfigError, match="threshold bribe"):
        load_model(nan)
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    with pytest.raises(ConfigError, match=r"deep\.json"):
        load_model(deep)


def test_only_the_first_max_chars_are_read() -> None:
    offer = (
        "As a small thank-you for reading, a brand-new Garmin watch is making its way to your "
        "home.\n\n"
    )
    padding = " \n" * MAX_CHARS  # no words: nothing to dilute the reading
    assert "OR107" in findings("Hi Dana,\n\n" + offer + padding)
    assert "OR107" not in findings("Hi Dana,\n\n" + "x " * MAX_CHARS + offer)


def test_leading_markup_does_not_use_up_the_reading() -> None:
    style = "<style>" + "p { margin: 0 }\n" * 2000 + "</style>"
    html = f"<html><head>{style}</head><body><p>Hi Dana,</p><p>{GARMIN}</p></body></html>"
    found = check_document(build_document(html, markup="html"), CheckContext())
    assert [f.rule for f in found] == ["OR107"]


def test_the_finding_stays_on_its_line_after_a_greeting_without_a_blank_line() -> None:
    found = check_document(build_document(f"Hi Dana,\n{GARMIN}\nLiam\n"), CheckContext())
    assert [(f.rule, f.line, f.column) for f in found] == [("OR107", 2, 1)]


def test_characters_that_lower_to_two_do_not_shift_the_finding() -> None:
    text = f"Hi Dana from İstanbul {'İ' * 20},\n\n{GARMIN}\nThanks again.\n\nLiam\n"
    found = check_document(build_document(text), CheckContext())
    assert [(f.rule, f.line) for f in found] == [("OR107", 3)]
    assert lowered("İİ. Your gift card") == "ii. your gift card"


def test_idioms_with_no_negate_nothing() -> None:
    assert words("No worries if you are busy, a watch is coming")[2:5] == ["if", "you", "are"]
    assert words("Whether or not we talk, a watch")[-2:] == ["a", "watch"]
    assert words("No gift cards, ever")[1:3] == ["not_gift", "not_cards"]
    assert "OR107" in findings(f"Hi Dana,\n\nNo worries if you are busy. {GARMIN}\n\nLiam")


def test_an_approved_phrase_is_not_raised_again_by_the_fallback() -> None:
    text = (
        "Hi Ana,\n\nAs a thank-you for your time, here is a $100 Amazon gift card, and a $200 "
        "Visa gift card is on its way to your home. <!-- outreach: ignore[OR101] approved -->\n"
    )
    found = check_document(build_document(text, markup="markdown"), CheckContext())
    assert [f.rule for f in found] == []


def test_a_line_or_two_is_left_to_the_phrase_rules() -> None:
    assert vector_of("A desk plant and some synergy for you.") == {}
    assert findings("A desk plant and some synergy for you.") == []


def test_a_reading_that_rests_on_function_words_is_no_fault(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import outreach.checker.learned as learned

    vec = vector_of(GARMIN + " " + GARMIN)
    assert judge("bribe", vec) is not None
    only_function = Reading(score=0.99, contributions={"for you": 2.0, "it is": 1.0})
    assert only_function.top_terms() == []
    monkeypatch.setattr(learned, "score", lambda *args: only_function)
    assert judge("bribe", vec) is None


def test_located_tokens_line_up_with_the_text_on_the_whole_corpus() -> None:
    from outreach.checker.train import own_words

    for record in load_records(sorted(CORPUS.glob("*.jsonl"))):
        text = own_words(record) + " We won’t send 3 gift-cards. (No, never)"
        for token, start, end in tokens(text):
            shown = text[start:end].lower().replace("’", "'")
            assert token in (shown, "not_" + shown, "0", "not_0"), (record.get("id"), token)


def test_training_input_errors_are_one_line_with_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from outreach.checker.train import main

    assert main(["--corpus", str(tmp_path)]) == 2
    assert capsys.readouterr().err.strip().endswith("no .jsonl files to train on")
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "hi"}\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"bad\.jsonl:1: not a corpus record"):
        load_records([bad])
    assert main(["--holdout", str(tmp_path / "missing.jsonl")]) == 2
    assert "missing.jsonl: cannot be read" in capsys.readouterr().err
