"""The fast paths give the same findings as the plain ones: prefilters, lazy patterns, workers."""

from __future__ import annotations

import gc
import json
import os
import re
from pathlib import Path

import pytest

from outreach.checker import all_rules
from outreach.checker import inputs as inputs_module
from outreach.checker.inputs import lint_paths
from outreach.checker.model import CheckContext
from outreach.checker.scan import FastPattern, required_literals
from outreach.checker.text import build_document
from outreach.config import LintSettings
from outreach.errors import InputError

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def corpus_texts() -> list[str]:
    texts = []
    for file in sorted(CORPUS.glob("*.jsonl")):
        for line in file.read_text(encoding="utf-8").splitlines():
            if line.strip():
                texts.append(json.loads(line)["text"])
    return texts


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (r"abc", ("abc",)),
        (r"\bgift[- ]?cards?\b", ("gift card", "gift-card", "giftcard")),
        (r"(?:venmo|zelle)\s+you", ("venmo", "zelle")),
        (r"foo|ba?r", ("bar", "br", "foo")),
        (r"x\d+(?:dollars|usd)", ("dollars", "usd")),
        (r"(?:pay|send)s?\b", ("pay", "send")),
        (r"(?<=\d)\s+amex", ("amex",)),
    ],
)
def test_required_literals_of_simple_patterns(pattern: str, expected: tuple[str, ...]) -> None:
    assert required_literals(pattern) == expected


@pytest.mark.parametrize(
    "pattern",
    [r"\w+", r"a*", r"(?i)gift", r"(?i:gift) card|x", r"[a-z]{3}", r"(a)\1|b.c", r"gift|\d"],
)
def test_no_literals_when_nothing_is_required(pattern: str) -> None:
    found = required_literals(pattern)
    if found is not None:  # whatever it claims must hold on text the pattern matches
        sample = {"(?i:gift) card|x": "GIFT card"}.get(pattern, "")
        assert not sample or any(lit in sample for lit in found)
    assert required_literals(pattern, re.IGNORECASE) is None


def test_required_literals_hold_for_every_match() -> None:
    """Any text a pattern matches contains one of its literals (random texts from pieces)."""
    patterns = [
        r"\b(?:send|give)\s+(?:you|your team)\s+(?:a\s+)?\$\d+",
        r"(?:a|an|one)\s+(?:[\w-]+\s+){0,2}?(?:call|chat|demo)\b[^.!?\n]{0,30}\?",
        r"\b(?:gold|platinum) status|lounge access|air(?:line)? miles",
        r"(?:cover|pay for|fund)\s+(?:your|the)\s+(?:kids?|family)(?:'s)?\b",
        r"\d+\s?% of (?:whatever|the|any)\b[^.!?\n]{0,40}?\b(?:spend|deal)s?\b",
    ]
    pieces = ["send", "give", "you", "your team", "a", "$40", "an", "one", "quick", "call", "chat",
              "demo", "?", "gold", "platinum", "status", "lounge", "access", "airline", "air",
              "miles", "cover", "pay for", "fund", "the", "kids", "family's", "10% of the", "any",
              "spend", "deal", ".", "x"]  # fmt: skip
    import random

    rng = random.Random(3)
    for pattern in patterns:
        literals = required_literals(pattern)
        assert literals, pattern
        compiled = re.compile(pattern)
        matched = 0
        for _ in range(20000):
            text = " ".join(rng.choice(pieces) for _ in range(rng.randint(2, 9)))
            if compiled.search(text):
                matched += 1
                assert any(lit in text for lit in literals), (pattern, text, literals)
        assert matched >= 3, pattern  # the property was exercised, not vacuously true


def rule_patterns() -> list[FastPattern]:
    all_rules()
    return [obj for obj in gc.get_objects() if isinstance(obj, FastPattern)]


def test_prefilters_never_hide_a_match_on_the_corpus() -> None:
    docs = [build_document(text) for text in corpus_texts()]
    patterns = rule_patterns()
    assert len(patterns) > 10
    skipped = 0
    for pattern in patterns:
        if pattern.fast is None:
            continue
        literals = pattern.literals
        for doc in docs:
            lower = doc.lower
            if lower and literals and not any(lit in lower for lit in literals):
                skipped += 1
                assert pattern.fast.search(lower) is None, (pattern.pattern[:80], literals)
    assert skipped > 1000  # the prefilters do skip work


def test_patterns_compile_on_first_use_and_prefilter_after_a_few_emails() -> None:
    from outreach.checker.scan import _PREFILTER_AFTER, Scan

    def scan_of(text: str) -> Scan:
        return Scan(doc=build_document(text), context=CheckContext(), settings=LintSettings())

    pattern = FastPattern(r"\bneverused\w+")
    assert pattern._regex is None and pattern._fast is None
    for _ in range(_PREFILTER_AFTER):
        assert list(pattern.finditer(scan_of("Nothing to see here."))) == []
    assert pattern._literals is None and pattern._fast is not None
    assert list(pattern.finditer(scan_of("Nothing to see here."))) == []
    assert pattern._literals == ("neverused",)
    assert [m.group() for m in pattern.finditer(scan_of("It neverusedit."))] == ["neverusedit"]
    assert pattern._regex is None  # the IGNORECASE variant is never needed on lower-case text

    never = FastPattern(r"\bnotthisone\w+")
    never._runs = _PREFILTER_AFTER
    assert list(never.finditer(scan_of("Nothing to see here."))) == []
    assert never._fast is None  # rejected by its prefilter without compiling


def write_emails(folder: Path, count: int) -> None:
    texts = corpus_texts()
    folder.mkdir()
    for index in range(count):
        (folder / f"m{index:03d}.txt").write_text(texts[index % len(texts)], encoding="utf-8")
    (folder / "m005.txt").write_bytes(b"\x00\x01binary")
    (folder / "m017.txt").write_bytes(b"Caf\xe9: we'll send you a $50 gift card for a call.")


def summary(result: inputs_module.LintResult) -> tuple[object, ...]:
    return (result.findings, result.emails, result.problems, result.notes)


@pytest.mark.parametrize("jobs", [2, 3, 7])
def test_workers_give_the_serial_result(tmp_path: Path, jobs: int) -> None:
    write_emails(tmp_path / "mail", 40)
    context = CheckContext(region="us")
    serial = lint_paths([str(tmp_path / "mail")], context, LintSettings(), jobs=1)
    forked = lint_paths([str(tmp_path / "mail")], context, LintSettings(), jobs=jobs)
    assert serial.findings and serial.problems and serial.notes
    assert summary(forked) == summary(serial)


def test_a_worker_that_dies_has_its_files_linted_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_emails(tmp_path / "mail", 30)
    parent = os.getpid()
    real = inputs_module._lint_slice

    def dying(*args: object, **kwargs: object) -> object:
        if os.getpid() != parent:
            os._exit(3)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    serial = lint_paths([str(tmp_path / "mail")], CheckContext(), LintSettings(), jobs=1)
    monkeypatch.setattr(inputs_module, "_lint_slice", dying)
    forked = lint_paths([str(tmp_path / "mail")], CheckContext(), LintSettings(), jobs=3)
    assert summary(forked) == summary(serial)


def test_workers_raise_the_first_input_error_in_file_order(tmp_path: Path) -> None:
    files = []
    for index in range(6):
        path = tmp_path / f"t{index}.csv"
        column = "body" if index in (0, 1, 2) else "other"
        path.write_text(f"{column}\nHello there\n", encoding="utf-8")
        files.append(str(path))
    for jobs in (1, 3):
        with pytest.raises(InputError, match=r"t3\.csv: no column 'body'"):
            lint_paths(files, CheckContext(), LintSettings(), column="body", jobs=jobs)


def test_small_inputs_stay_in_one_process() -> None:
    assert inputs_module._workers(["a.txt"] * 50, None) == 1
    assert inputs_module._workers(["a.txt"] * 5, 4) == 4
    assert inputs_module._workers(["-", "a.txt"], 4) == 1
