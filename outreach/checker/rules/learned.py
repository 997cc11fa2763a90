"""OR107 and OR207: the whole email reads as a bribe, or as transactional.

Fallback rules: they run after the phrase rules and speak only when none of
those found anything of their category in the email. The judgement is the
learned model's (``outreach.checker.learned``); the finding points at the
sentence that weighs most and names the words that weighed most.
"""

from __future__ import annotations

import math
from collections.abc import Iterator

from outreach.checker.learned import (
    MIN_WORDS,
    Reading,
    counts_of,
    judge,
    load_model,
    logits,
    reading_text,
    strongest_span,
    tfidf,
    words,
)
from outreach.checker.model import Example, Hit, Rule
from outreach.checker.rules.transactional import gives
from outreach.checker.scan import Scan

TYPE_CHECKING = False  # typing is not imported at run time (see outreach.records)
if TYPE_CHECKING:
    from collections import Counter

    from outreach.checker.learned import Model


def _judge(scan: Scan, scorer: str) -> Iterator[Hit]:
    reading = _reading(scan, scorer)
    if reading is None:
        return
    text = reading_text(scan.own)
    span = strongest_span(text, reading, _lines_of_sentences(text, scan.doc.sentences))
    if span is None:
        return
    start, end = span
    shown = ", ".join(f'"{_shown(term)}"' for term in reading.top_terms())
    yield start, end, f"score {reading.score:.2f}; weighed most: {shown}"


def _reading(scan: Scan, scorer: str) -> Reading | None:
    """The scorer's reading of the email when it reads as a fault, else None.

    The terms and every scorer's log-odds are worked out once per email and
    shared by both rules. Most emails are far below every threshold: for them
    the log-odds say so, and the full reading (``judge``) is never built.
    """
    # OR207's gate and its judgement ask alike.
    return scan.once(f"learned reading {scorer}", lambda: _read(scan, scorer))


def _read(scan: Scan, scorer: str) -> Reading | None:
    model = load_model()
    counts, odds = scan.once("learned", lambda: _screen(scan.own, model))
    # The margin covers the rounding in which the screen and the reading may differ.
    if counts is None or odds.get(scorer, -math.inf) < model.logit_thresholds[scorer] - 1e-6:
        return None
    return judge(scorer, tfidf(counts, model.rows), model)


def _screen(own: str, model: Model) -> tuple[Counter[str] | None, dict[str, float]]:
    """The email's term counts (None when it is too short to judge) and every scorer's
    log-odds for them."""
    toks = words(reading_text(own))
    if len(toks) < MIN_WORDS:
        return None, {}
    counts = counts_of(toks)
    return counts, logits(counts, model)


def _lines_of_sentences(text: str, sentences: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The sentences cut at line breaks and trimmed: a finding stays on one line,
    even where a greeting or a markup line runs into the sentence after it."""
    spans = []
    for s_start, s_end in sentences:
        if s_start >= len(text):
            break
        offset = s_start
        for piece in text[s_start:s_end].split("\n"):
            stripped = piece.strip()
            if stripped:
                start = offset + piece.index(stripped)
                spans.append((start, start + len(stripped)))
            offset += len(piece) + 1
    return spans


def _shown(term: str) -> str:
    """A term as a reader can take it: numbers as <number>, negated words marked."""
    shown = []
    for word in term.split():
        negated = word.startswith("not_")
        word = word.removeprefix("not_")
        word = "<number>" if word == "0" else word
        shown.append(f"{word} (negated)" if negated else word)
    return " ".join(shown)


def _bribe(scan: Scan) -> Iterator[Hit]:
    return _judge(scan, "bribe")


def _transactional(scan: Scan) -> Iterator[Hit]:
    if scan.stage != "first-touch":
        return _judge(scan, "later")
    if _reading(scan, "first-touch") is None:
        return iter(())  # the shared screen says no: most emails end here, cheaply
    if not gives(scan) and _reading(scan, "bribe") is None:
        # At first touch only an ask bundled with a gift is transactional; an email that
        # reads as an inducement offers one, however it words it.
        return iter(())
    return _judge(scan, "first-touch")


READS_AS_BRIBE = Rule(
    code="OR107",
    name="reads-as-bribe",
    category="bribe",
    severity="warning",
    confidence=0.6,
    message="the email reads as an inducement ({detail}): {quote}",
    suggestion="give something useful and modest, for nothing; no money, luxuries or conditions",
    what="Scores the sender's own words with a model learned from the labelled corpus and "
    "flags an email that reads like its bribes when no other bribe rule caught it: "
    "the paraphrases no list of wordings foresees. Points at the sentence that weighs most.",
    why="Inducements are phrased in endless ways ('it'll be sitting on my desk with your name "
    "on it'); a reviewer reads the whole email, not a list of phrases, and so does this rule. "
    "It is a judgement, not a proof: a warning, with the words that weighed most.",
    example="As a small thank-you for reading, a brand-new Garmin watch is making its way to "
    "your home.",
    instead="As a thank-you for reading, here are the three route fixes from your ride logs.",
    check=_bribe,
    fallback=True,
    flag=(
        "Hi Dana,\n\nAs a small thank-you for reading, a brand-new Garmin watch is making its "
        "way to your home.\n\nLiam",
        "Hi Dana,\n\nTo mark your promotion, our team put together a little celebration for you: "
        "a weekend for two at a lakeside cabin, all arranged.\n\nLiam",
    ),
    passes=(
        "Hi Sam,\n\nI wrote up the three fixes from the conference talk on warehouse slotting; "
        "they're attached, with the spreadsheet.\n\nTyler",
    ),
)

READS_AS_TRANSACTIONAL = Rule(
    code="OR207",
    name="reads-as-transactional",
    category="transactional",
    severity="warning",
    confidence=0.6,
    message="the email reads as a trade ({detail}): {quote}",
    suggestion="at first touch give and ask nothing; later, ask plainly and proportionately, "
    "without tying it to what you gave",
    what="Scores the sender's own words with a model learned from the labelled corpus and "
    "flags an email that reads like its transactional ones when no other transactional rule "
    "caught it. At first touch any request in a message that gives something counts; at the "
    "ask and thank stages only quid-pro-quo, guilt and pressure do.",
    why="A request bundled with a gift turns it into a payment, and asks are phrased in "
    "endless ways; the rule reads the whole email the way the recipient will.",
    example="(stage ask) I've sent you the audit, the benchmark and the teardown. After all that, "
    "surely twenty minutes isn't too much to ask?",
    instead="(stage ask) Would twenty minutes next week be useful to go through the audit?",
    check=_transactional,
    fallback=True,
    flag=(
        Example(
            "Hi Dana,\n\nI've sent you the audit, the benchmark and the teardown this month. "
            "After all that, surely twenty minutes on the phone isn't too much to ask?\n\nLiam",
            stage="ask",
        ),
        Example(
            "Hi Dana,\n\nThe sandbox I built with your data gets deleted on Friday unless we get "
            "a call booked before then, so grab a slot today.\n\nLiam",
            stage="ask",
        ),
    ),
    passes=(
        "Hi Claire,\n\nI mapped every funded company in clinical-trial recruitment since 2021 "
        "and tagged which overlap your portfolio; the sheet is attached and yours to "
        "keep.\n\nOmar",
        Example(
            "Hi Claire,\n\nThanks again for the intro to Dana last month. Would you be open to "
            "a 20-minute call next week to look at the pilot numbers together?\n\nOmar",
            stage="ask",
        ),
    ),
)

RULES = (READS_AS_BRIBE, READS_AS_TRANSACTIONAL)
