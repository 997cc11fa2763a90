"""The fast paths give the same findings as the plain ones: prefilters, lazy patterns, workers."""

from __future__ import annotations

import gc
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

import pytest

from outreach.checker import all_rules
from outreach.checker import inputs as inputs_module
from outreach.checker.cache import LintCache
from outreach.checker.inputs import lint_paths
from outreach.checker.model import CheckContext, Hit
from outreach.checker.patterns import start_set
from outreach.checker.rules.bribe import CASH
from outreach.checker.rules.transactional import gives
from outreach.checker.scan import FastPattern, Scan, required_literals
from outreach.checker.text import Document, build_document
from outreach.config import LintSettings
from outreach.errors import InputError
from tests.checker.helpers import bare_rule, children_die, corpus_texts, finding


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
    ("pattern", "sample"),
    [
        (r"\w+", "word"),
        (r"a*", "b"),
        (r"(?i)gift", "GIFT"),
        (r"(?i:gift) card|x", "GIFT card"),
        (r"[a-z]{3}", "abc"),
        (r"(a)\1|b.c", "aa"),
        (r"gift|\d", "7"),
    ],
)
def test_no_literals_when_nothing_is_required(pattern: str, sample: str) -> None:
    assert re.search(pattern, sample)
    found = required_literals(pattern)
    if found is not None:  # whatever it claims must hold on text the pattern matches
        assert any(lit in sample for lit in found)
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


def test_a_pattern_that_turns_ignorecase_off_runs_on_the_text_as_it_is() -> None:
    from outreach.checker.scan import Scan

    def found(pattern: FastPattern, text: str) -> list[str]:
        scan = Scan(doc=build_document(text), context=CheckContext(), settings=LintSettings())
        within = pattern.within(scan, 0, len(text))
        return [m.group() for m in (*pattern.finditer(scan), *within)]

    # On the lower-cased view "US" would read as "us", which (?-i:us) must not match.
    pattern = FastPattern(r"\bwork with (?-i:us)\b")
    assert found(pattern, "Come work with US.") == []
    assert found(pattern, "Come work with us.") == ["work with us", "work with us"]
    assert found(pattern, "Come WORK with us.") == ["WORK with us", "WORK with us"]


def write_emails(folder: Path, count: int) -> None:
    texts = corpus_texts()
    folder.mkdir()
    for index in range(count):
        (folder / f"m{index:03d}.txt").write_text(texts[index % len(texts)], encoding="utf-8")
    (folder / "m005.txt").write_bytes(b"\x00\x01binary")
    (folder / "m017.txt").write_bytes(b"Caf\xe9: we'll send you a $50 gift card for a call.")


def summary(result: inputs_module.LintResult) -> tuple[object, ...]:
    return (result.findings, result.emails, result.problems, result.notes)


@pytest.mark.parametrize(("jobs", "warm_up"), [(2, 0), (3, 4), (7, 4), (2, 100)])
def test_workers_give_the_serial_result(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: int, warm_up: int
) -> None:
    monkeypatch.setattr(inputs_module, "_WARM_UP", warm_up)
    write_emails(tmp_path / "mail", 40)
    context = CheckContext(region="us")
    serial = lint_paths([str(tmp_path / "mail")], context, LintSettings(), jobs=1)
    forked = lint_paths([str(tmp_path / "mail")], context, LintSettings(), jobs=jobs)
    assert serial.findings and serial.problems and serial.notes
    assert summary(forked) == summary(serial)


def test_a_worker_that_dies_has_its_files_linted_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(inputs_module, "_WARM_UP", 3)
    write_emails(tmp_path / "mail", 30)
    serial = lint_paths([str(tmp_path / "mail")], CheckContext(), LintSettings(), jobs=1)
    children_die(monkeypatch)
    forked = lint_paths([str(tmp_path / "mail")], CheckContext(), LintSettings(), jobs=3)
    assert summary(forked) == summary(serial)


def test_a_worker_that_dies_mid_answer_has_its_files_linted_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(inputs_module, "_WARM_UP", 3)
    write_emails(tmp_path / "mail", 30)
    packed = inputs_module._packed

    def half_written(pipe: BinaryIO, reply: list[inputs_module.FileResult]) -> None:
        pipe.write(packed(reply)[:10])
        raise RuntimeError("cannot send")

    serial = lint_paths([str(tmp_path / "mail")], CheckContext(), LintSettings(), jobs=1)
    monkeypatch.setattr(inputs_module, "_send", half_written)  # only the children answer
    forked = lint_paths([str(tmp_path / "mail")], CheckContext(), LintSettings(), jobs=2)
    assert summary(forked) == summary(serial)


def test_workers_raise_the_first_input_error_in_file_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(inputs_module, "_WARM_UP", 1)
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


# The result cache.


def make_cache(folder: Path, settings: LintSettings, context: CheckContext, **kw: str) -> LintCache:
    cache = LintCache(folder, settings, **kw)
    assert cache.for_context(context, None)
    return cache


def counting_checks(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record the path of every document actually checked."""
    seen: list[str] = []
    real = inputs_module.check_document

    def check(doc: Document, *args: object) -> object:
        seen.append(doc.path)
        return real(doc, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(inputs_module, "check_document", check)
    return seen


def test_cached_results_equal_fresh_ones_and_skip_linting(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_emails(tmp_path / "mail", 30)
    folder = [str(tmp_path / "mail")]
    context, settings = CheckContext(region="us"), LintSettings()
    fresh = lint_paths(folder, context, settings, jobs=1)
    seen = counting_checks(monkeypatch)
    cold = lint_paths(
        folder, context, settings, cache=make_cache(tmp_path / "c", settings, context)
    )
    assert len(seen) == fresh.emails
    seen.clear()
    warm = lint_paths(
        folder, context, settings, cache=make_cache(tmp_path / "c", settings, context)
    )
    assert seen == []
    assert summary(cold) == summary(warm) == summary(fresh)
    assert fresh.findings and fresh.problems and fresh.notes


def test_a_changed_file_setting_context_or_source_misses(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_emails(tmp_path / "mail", 12)
    folder = [str(tmp_path / "mail")]
    context, settings = CheckContext(), LintSettings()
    cache_dir = tmp_path / "c"
    lint_paths(folder, context, settings, cache=make_cache(cache_dir, settings, context))
    seen = counting_checks(monkeypatch)

    edited = tmp_path / "mail" / "m003.txt"
    edited.write_text("Here's a $50 Amazon gift card for your time.\n", encoding="utf-8")
    again = lint_paths(folder, context, settings, cache=make_cache(cache_dir, settings, context))
    assert seen == [str(edited.as_posix())]
    assert summary(again) == summary(lint_paths(folder, context, settings, jobs=1))

    for other_settings, other_context, kw in [
        (LintSettings(ignore=("OR101",)), context, {}),
        (LintSettings(phrases={"bribe": ["spa day"]}), context, {}),
        (settings, CheckContext(stage="thank"), {}),
        (settings, CheckContext(region="eu"), {}),
        (settings, context, {"fingerprint": "rules changed"}),
    ]:
        seen.clear()
        cache = make_cache(cache_dir, other_settings, other_context, **kw)
        result = lint_paths(folder, other_context, other_settings, cache=cache)
        assert len(seen) == result.emails > 0, (other_settings, other_context, kw)


def test_the_fingerprint_covers_code_and_data(tmp_path: Path) -> None:
    from outreach.checker.cache import source_fingerprint

    (tmp_path / "pkg" / "data").mkdir(parents=True)
    (tmp_path / "pkg" / "rules.py").write_text("A = 1\n", encoding="utf-8")
    (tmp_path / "pkg" / "data" / "limits.toml").write_text("x = 1\n", encoding="utf-8")
    before = source_fingerprint(tmp_path / "pkg")
    (tmp_path / "pkg" / "data" / "limits.toml").write_text("x = 2\n", encoding="utf-8")
    after = source_fingerprint(tmp_path / "pkg")
    (tmp_path / "pkg" / "rules.py").write_text("A = 2\n", encoding="utf-8")
    assert len({before, after, source_fingerprint(tmp_path / "pkg")}) == 3


def test_ledger_history_is_not_cached(tmp_path: Path) -> None:
    cache = LintCache(tmp_path, LintSettings())
    assert not cache.for_context(CheckContext(stage="ask", history=object()), None)


def test_a_broken_or_unwritable_cache_is_only_slower(tmp_path: Path) -> None:
    write_emails(tmp_path / "mail", 8)
    folder = [str(tmp_path / "mail")]
    context, settings = CheckContext(), LintSettings()
    fresh = lint_paths(folder, context, settings, jobs=1)
    cache = make_cache(tmp_path / "c", settings, context)
    lint_paths(folder, context, settings, cache=cache)
    packs = list((tmp_path / "c").rglob("*.json"))
    assert len(packs) == 1
    packs[0].write_text('{"truncated', encoding="utf-8")
    again = lint_paths(
        folder, context, settings, cache=make_cache(tmp_path / "c", settings, context)
    )
    assert summary(again) == summary(fresh)
    (tmp_path / "file").write_text("not a folder", encoding="utf-8")
    blocked = make_cache(tmp_path / "file", settings, context)  # cannot create folders in it
    assert summary(lint_paths(folder, context, settings, cache=blocked)) == summary(fresh)


def test_two_runs_at_once_keep_each_others_entries(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import contextlib
    import threading

    write_emails(tmp_path / "a", 4)
    write_emails(tmp_path / "b", 4)
    context, settings = CheckContext(), LintSettings()
    first = make_cache(tmp_path / "c", settings, context)
    second = make_cache(tmp_path / "c", settings, context)
    with monkeypatch.context() as patch:  # lint both, holding their new entries unsaved
        patch.setattr(LintCache, "save", lambda self: None)
        lint_paths([str(tmp_path / "a")], context, settings, cache=first)
        lint_paths([str(tmp_path / "b")], context, settings, cache=second)
    # Both saves read the pack at the same moment unless the lock keeps them apart;
    # with the lock the first waits out the barrier alone, then the second reads its entries.
    barrier = threading.Barrier(2, timeout=0.3)
    load = LintCache._load

    def load_together(self: LintCache) -> dict[str, object]:
        entries = load(self)
        with contextlib.suppress(threading.BrokenBarrierError):
            barrier.wait()
        return entries

    with monkeypatch.context() as patch:
        patch.setattr(LintCache, "_load", load_together)
        savers = [threading.Thread(target=cache.save) for cache in (first, second)]
        for saver in savers:
            saver.start()
        for saver in savers:
            saver.join()
    both = make_cache(tmp_path / "c", settings, context)
    for name in ("a", "b"):
        for path in sorted((tmp_path / name).iterdir()):
            key = both.key(path.as_posix(), path.read_bytes())
            assert both.get(key) is not None, path


def test_cli_cache_and_no_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    from outreach.cli import cli

    cache_dir = tmp_path / "cache"
    monkeypatch.setenv("OUTREACH_CACHE_DIR", str(cache_dir))
    write_emails(tmp_path / "mail", 10)

    def run(*args: str) -> tuple[int, str, str]:
        result = CliRunner().invoke(cli, ["lint", *args, str(tmp_path / "mail")])
        return result.exit_code, result.stdout, result.stderr

    uncached = run("--no-cache")
    assert not cache_dir.exists()
    cold = run()
    assert len(list(cache_dir.rglob("*.json"))) == 1
    warm = run()
    assert uncached == cold == warm
    assert uncached[0] == 2 and "binary file" in uncached[2]  # m005 is binary


def test_cli_still_rejects_bad_settings_with_a_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from click.testing import CliRunner

    from outreach.cli import cli

    monkeypatch.setenv("OUTREACH_CACHE_DIR", str(tmp_path / "cache"))
    config = tmp_path / "outreach.toml"
    config.write_text("[lint]\nselect = ['OR999']\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text("Hello.\n", encoding="utf-8")
    for _ in range(2):
        result = CliRunner().invoke(cli, ["lint", "--config", str(config), str(tmp_path / "a.txt")])
        assert result.exit_code == 2
        assert "'OR999' is not a rule code" in result.stderr


# Start characters in compiled patterns.


def test_start_sets_of_simple_patterns() -> None:
    import re._parser as sre_parse

    def starts(pattern: str) -> set[str] | None:
        found = start_set(sre_parse.parse(pattern, 0))
        return None if found is None else {repr(item) for item in found}

    assert starts(r"(?<!\w)(?:gift|voucher)s?") == {"(LITERAL, 103)", "(LITERAL, 118)"}
    assert starts(r"\b(?:a|an)\s+\d") == {"(LITERAL, 97)"}
    assert starts(r"(?:x?\d+|[ab])") == {"(LITERAL, 120)", "(CATEGORY, CATEGORY_DIGIT)",
                                          "(LITERAL, 97)", "(LITERAL, 98)"}  # fmt: skip
    assert starts(r"a?") is None  # can match ""
    assert starts(r"[^a]b") is None  # a negated class
    assert starts(r".b") is None


@pytest.mark.parametrize(
    "pattern",
    [
        r"(?=[\w$£€])(?<!\w)(?:(?:gift|voucher)s?|\d+ bucks|\$\d+)",
        r"(?:\b(?:would|could)\s+you|(?:(?<=[.!?]\s)|(?<!.))(?:so,? )?(?:a|an)\s+call\b"
        r"[^.?]{0,20}\?)",
        r"(?P<who>we|i)'?ll (?:send|ship) (?P=who)",
        r"(?m:^[ \t]*(?:hi|hey)\b)",
        r"(?:ab|a)(?:c|)",
    ],
)
def test_start_chars_never_change_matches(pattern: str) -> None:
    import random

    from outreach.checker.scan import compile_with_start_chars

    plain = re.compile(pattern)
    fast = compile_with_start_chars(pattern)
    assert (fast.pattern, fast.flags, fast.groups, fast.groupindex) == (
        plain.pattern, plain.flags, plain.groups, plain.groupindex,
    )  # fmt: skip
    pieces = ["gift", "vouchers", "12 bucks", "$40", "would", "could", "you", "we", "i", "'ll",
              "send", "ship", "so,", "a", "an", "call", "?", ".", "\n", "hi", "hey", " ", "x",
              "ab", "c", "\t", "we'll send we"]  # fmt: skip
    rng = random.Random(5)
    found = 0
    for _ in range(4000):
        text = "".join(rng.choice(pieces) + rng.choice(["", " ", " "]) for _ in range(12))
        spans = [m.span() for m in plain.finditer(text)]
        assert [m.span() for m in fast.finditer(text)] == spans, text
        found += len(spans)
    assert found > 0  # the comparison saw matches


def test_rule_patterns_match_the_same_with_start_chars() -> None:
    from outreach.checker.scan import compile_with_start_chars

    texts = [build_document(text).lower or "" for text in corpus_texts()]
    patterns = [p for p in rule_patterns() if p.fast is not None]
    assert len(patterns) > 10
    filled = found = 0
    for pattern in patterns:
        flags = pattern.flags & ~re.IGNORECASE
        plain = re.compile(pattern.pattern, flags)
        fast = compile_with_start_chars(pattern.pattern, flags)
        filled += fast != plain  # re's code compares equal unless a start set was filled in
        for text in texts:
            spans = [m.span() for m in plain.finditer(text)]
            assert [m.span() for m in fast.finditer(text)] == spans, pattern.pattern[:80]
            found += len(spans)
    assert filled > len(patterns) / 2  # most rule patterns get a start set
    assert found > 500  # the comparison saw matches


def test_start_chars_fall_back_to_re_compile() -> None:
    from outreach.checker.scan import compile_with_start_chars

    for pattern, flags in [("a?", 0), ("gift", re.IGNORECASE), ("(?i)gift", 0), ("[^x]y", 0)]:
        fast = compile_with_start_chars(pattern, flags)
        assert fast == re.compile(pattern, flags)  # re's own compiled pattern, from its cache


def test_a_file_name_that_is_not_utf8_is_cached(tmp_path: Path) -> None:
    folder = tmp_path / "mail"
    folder.mkdir()
    name = os.path.join(os.fsencode(folder), b"caf\xe9.txt")
    with open(name, "wb") as handle:
        handle.write(b"Here's a $50 Amazon gift card for your time.\n")
    context, settings = CheckContext(), LintSettings()
    fresh = lint_paths([str(folder)], context, settings, jobs=1)
    assert fresh.findings and "\udce9" in fresh.findings[0].path
    for _ in range(2):
        cache = make_cache(tmp_path / "c", settings, context)
        assert summary(lint_paths([str(folder)], context, settings, cache=cache)) == summary(fresh)
    assert cache.get(cache.key(fresh.findings[0].path, b"x")) is None
    assert len(cache._entries or {}) == 1


def test_a_rules_findings_are_worked_out_once_per_email() -> None:
    calls: list[str] = []

    def check(scan: Scan) -> Iterator[Hit]:
        calls.append(scan.own)
        yield 0, 4, ""

    rule = bare_rule("OR198", check)
    scan = Scan(doc=build_document("Here it is."), context=CheckContext(), settings=LintSettings())
    assert scan.found_by(rule) == [(0, 4, "")]
    assert scan.found_by(rule) == [(0, 4, "")]
    assert calls == ["Here it is."]


def test_an_ask_reads_the_bribe_rules_findings_instead_of_finding_them_again() -> None:
    # OR201's "does this email give anything?" takes what OR101 found in the same scan.
    def scan_of(text: str) -> Scan:
        return Scan(doc=build_document(text), context=CheckContext(), settings=LintSettings())

    text = "Could we talk on Tuesday?"
    assert gives(scan_of(text)) is False
    seeded = scan_of(text)
    seeded.cache[f"found by {CASH.code}"] = [(0, 5, "")]
    assert gives(seeded) is True


def test_answers_cross_the_pipe_whole() -> None:
    results = [inputs_module.FileResult((finding(row=2, confidence=0.9),), 1, ("p",), ("n",))]
    rendered = inputs_module._Rendered("a.txt:2:3: ...\n", {"error": 1}, 1, ("p",), ("n",))
    error = InputError("t3.csv: no column 'body'")
    for reply in (results, rendered):
        assert inputs_module._unpacked(inputs_module._packed(reply)) == reply
    back = inputs_module._unpacked(inputs_module._packed(error))
    assert isinstance(back, InputError) and back.message == error.message
