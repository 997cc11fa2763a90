"""The one-pass prefilter and the compiled-pattern cache change speed, never findings."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from outreach.checker import all_rules, check_document, patterns, prefilter, scan
from outreach.checker.corpus import Record, context_of, corpus_files, document_of, load_records
from outreach.checker.model import CheckContext, CheckFn, Finding
from outreach.checker.scan import FastPattern, Scan
from outreach.checker.text import build_document
from outreach.config import LintSettings
from tests.checker.helpers import CORPUS

try:
    import hyperscan
except ImportError:  # no wheel for this platform: the compiled-pattern tests still run
    hyperscan = None
needs_hyperscan = pytest.mark.skipif(hyperscan is None, reason="Hyperscan is not installed")


def corpus_records() -> list[Record]:
    return load_records(corpus_files(CORPUS))


def lint_record(record: Record) -> list[Finding]:
    return check_document(document_of(record), context_of(record))


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[prefilter.Prefilter]:
    """The prefilter of the rules' patterns, in use for this module's tests, made the way a
    big run makes it (compiled in memory, from an empty cache folder, never stored)."""
    pytest.importorskip("hyperscan")
    all_rules()
    ids = [(p, p._prefilter_id) for p in scan._MADE]
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("OUTREACH_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
        for name in ("_PREFILTER", "_PREPARED", "_COMPILED", "_TOO_FEW"):
            patch.setattr(scan, name, getattr(scan, name))  # put back afterwards
        patch.setattr(prefilter, "_UNSAVED", None)
        scan.prepare_prefilter(scan.COMPILE_FROM)
        assert scan._PREFILTER is not None
        yield scan._PREFILTER
    for pattern, old in ids:
        pattern._prefilter_id = old


def rule_fast_patterns() -> list[FastPattern]:
    return [p for p in scan._MADE if p._prefilter_id >= 0]


def test_the_prefilter_holds_nearly_every_rule_pattern(database: prefilter.Prefilter) -> None:
    fast = [p for p in scan._MADE if p._can_be_fast()]
    assert len(rule_fast_patterns()) >= len(fast) - 2 > 20


def test_corpus_findings_are_identical_with_and_without_the_prefilter(
    database: prefilter.Prefilter, monkeypatch: pytest.MonkeyPatch
) -> None:
    records = corpus_records()
    assert len(records) > 700
    with_prefilter = [lint_record(record) for record in records]
    monkeypatch.setattr(scan, "_PREFILTER", None)
    without = [lint_record(record) for record in records]
    assert with_prefilter == without
    assert sum(map(len, without)) > 500  # the comparison saw findings


def tricky_texts() -> list[str]:
    """Corpus emails, and the same with characters that case and Unicode rules treat specially."""
    texts = [str(record["text"]) for record in corpus_records()]
    odd = [
        "\u212a",
        "\u017f",
        "\u0130",
        "\xa0",
        "\x1c",
        "\u2028",
        "\u00e9",
        "\u0660",
        "ß",
        "\u1e9e",
    ]
    mixed = []
    for index, text in enumerate(texts):
        char = odd[index % len(odd)]
        mixed.append(text.replace(" ", char, 3).replace("s", char, 2).replace("k", char, 1))
    return texts + mixed


def test_a_pattern_that_matches_an_email_is_always_reported(
    database: prefilter.Prefilter,
) -> None:
    checked = 0
    for text in tricky_texts():
        lower = build_document(text).lower
        if not lower:
            continue
        hits = database.scan(lower)
        assert hits is not None
        for pattern in rule_fast_patterns():
            fast = pattern.fast
            assert fast is not None
            if fast.search(lower):
                checked += 1
                assert pattern._prefilter_id in hits, (pattern.pattern[:60], text[:80])
    assert checked > 500


def test_matches_within_a_window_are_what_the_pattern_finds_there(
    database: prefilter.Prefilter,
) -> None:
    # FastPattern.within skips an email the prefilter saw no match in, and runs on the
    # lower-cased view. The skip never loses a match in any window, and on the corpus
    # the lower-cased view finds what re finds in the text itself. ("ſ" is where the two
    # views part: IGNORECASE matches it as "s", lower() keeps it; as for finditer.)
    from outreach.checker.rules.bribe import REWARD, STRONG_REWARD
    from outreach.checker.rules.generic import _SPECIFIC

    chosen = [REWARD, STRONG_REWARD, _SPECIFIC]
    assert all(pattern._prefilter_id >= 0 for pattern in chosen)
    plain = {str(record["text"]) for record in corpus_records()}
    found = 0
    for text in tricky_texts()[::3]:
        doc = build_document(text)
        one = Scan(doc=doc, context=CheckContext(), settings=LintSettings())
        view = doc.lower or doc.own  # no lower-cased view: the pattern runs on the text
        for pattern in chosen:
            runs = pattern.fast if doc.lower else pattern.regex
            assert runs is not None
            for start, end in doc.sentences:
                got = [m.span() for m in pattern.within(one, start, end)]
                assert got == [m.span() for m in runs.finditer(view, start, end)], text[:80]
                if text in plain:
                    want = [m.span() for m in pattern.regex.finditer(doc.own, start, end)]
                    assert got == want, text[:80]
                found += len(got)
    assert found > 100  # the comparison saw matches


def test_most_patterns_are_skipped_on_most_emails(database: prefilter.Prefilter) -> None:
    texts = [build_document(str(r["text"])).lower or "" for r in corpus_records()]
    reported = sum(len(database.scan(text) or ()) for text in texts)
    assert reported < len(texts) * len(rule_fast_patterns()) / 4


@needs_hyperscan
@pytest.mark.parametrize(
    ("pattern", "matches", "misses"),
    [
        (r"\bgift cards?\b", ["a gift card", "gift cards!"], ["a gift-card"]),
        (r"(?<!\w)[$£€]\d+(?:,\d{3})*", ["$50", "€1,000"], ["50$"]),
        (r"(?i:keep this) \w+", ["KEEP THIS X", "keep this é", "\u212aeep thi\u017f y"], ["this"]),
        (r"voucher[^.!?\n]{0,20}?now", ["voucher for you now", "voucher é now"], ["voucher.now"]),
        (r"(?=\d)\d\s+bucks|(?>no)\s*strings", ["5 bucks", "5\x1cbucks", "nostrings"], ["bucks"]),
        (r"(?s:a.b)|c.d", ["a\nb", "c d"], ["c\nd"]),
    ],
)
def test_relaxed_patterns_match_at_least_what_re_matches(
    pattern: str, matches: list[str], misses: list[str]
) -> None:
    compiled = prefilter.compile_database([(pattern, 0)])
    assert compiled is not None
    database, ids = compiled
    one = prefilter.Prefilter(database, ids)
    for text in matches:
        assert re.search(pattern, text), text  # the examples are right
        assert one.scan(text) == {0}, text
    for text in misses:
        assert not re.search(pattern, text), text
        assert one.scan(text) == frozenset(), text  # and it still filters


@needs_hyperscan
def test_patterns_hyperscan_rejects_or_cannot_take_are_left_out() -> None:
    keys = [("gift card", 0), (r"(?:\bgift\b)?", 0), (r"(\w)\1", 0)]
    with pytest.raises(prefilter.Untranslatable):
        prefilter.relax(r"(\w)\1")  # a backreference
    compiled = prefilter.compile_database(keys)
    assert compiled is not None
    assert compiled[1] == {("gift card", 0): 0}  # the empty-matching one is rejected


def scan_of(text: str, hits: frozenset[int] | None) -> Scan:
    one = Scan(doc=build_document(text), context=CheckContext(), settings=LintSettings())
    one.__dict__["hits"] = hits  # as if the prefilter had scanned it (Scan.hits is cached)
    return one


@pytest.fixture
def made_here(monkeypatch: pytest.MonkeyPatch) -> None:
    """Patterns and checks a test makes are forgotten after it, with the ids it gave them:
    they would otherwise join the rules' patterns in every later database."""
    monkeypatch.setattr(scan, "_MADE", list(scan._MADE))
    monkeypatch.setattr(scan, "_NEEDS", dict(scan._NEEDS))


@pytest.mark.usefixtures("made_here")
def test_a_pattern_outside_the_database_still_runs() -> None:
    outside = FastPattern(r"\bgift card\b")
    assert outside._prefilter_id == -1
    assert [m.group() for m in outside.finditer(scan_of("A gift card.", frozenset()))] == [
        "gift card"
    ]
    inside = FastPattern(r"\bgift card\b")
    inside._prefilter_id = 7
    assert list(inside.finditer(scan_of("A gift card.", frozenset({1, 2})))) == []  # not reported
    assert len(list(inside.finditer(scan_of("A gift card.", frozenset({7}))))) == 1
    assert len(list(inside.finditer(scan_of("A gift card.", None)))) == 1  # cannot tell: runs


def rule_keys() -> list[tuple[str, int]]:
    all_rules()
    return [p.lower_key for p in scan._MADE if p._can_be_fast()][:6]


@needs_hyperscan
def test_the_database_is_stored_and_a_missing_or_damaged_one_is_rebuilt(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(prefilter, "_UNSAVED", None)
    keys = rule_keys()
    compiles = []
    real_compile = prefilter.compile_database

    def counting(chosen: list[tuple[str, int]]) -> object:
        compiles.append(len(chosen))
        return real_compile(chosen)

    monkeypatch.setattr(prefilter, "compile_database", counting)
    first = prefilter.load_or_build(keys, tmp_path)
    assert first is not None and compiles == [len(keys)]
    prefilter.save()
    stored = list((tmp_path / "prefilter-v1").glob("*.bin"))
    assert len(stored) == 1
    again = prefilter.load_or_build(keys, tmp_path)
    assert again is not None and compiles == [len(keys)]  # loaded, not compiled
    assert again.ids == first.ids
    text = "we'll pay you for your time with a gift card"
    assert again.scan(text) == first.scan(text)

    blob = stored[0].with_suffix(".hsdb")
    assert blob.exists()
    rebuilds = 1
    for damaged_file in (stored[0], blob):
        data = damaged_file.read_bytes()
        middle = len(data) // 2
        for damaged in (
            data[:middle],
            data[:middle] + bytes([data[middle] ^ 1]) + data[middle + 1 :],
        ):
            damaged_file.write_bytes(damaged)
            rebuilt = prefilter.load_or_build(keys, tmp_path)
            assert rebuilt is not None and rebuilt.scan(text) == first.scan(text)
            rebuilds += 1
            assert compiles == [len(keys)] * rebuilds
        damaged_file.write_bytes(data)
    assert prefilter.load_or_build(keys, tmp_path) is not None and len(compiles) == rebuilds
    blob.unlink()
    assert prefilter.load_or_build(keys, tmp_path) is not None and len(compiles) == rebuilds + 1


@needs_hyperscan
def test_an_unwritable_cache_folder_only_costs_the_compile(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(prefilter, "_UNSAVED", None)
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    built = prefilter.load_or_build(rule_keys(), blocked)
    assert built is not None
    prefilter.save()  # silently nothing
    assert blocked.read_text() == "not a folder"


def test_without_hyperscan_nothing_is_prefiltered(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "hyperscan", None)  # import hyperscan now fails
    monkeypatch.setattr(prefilter, "_BINDING", [])  # looked for again
    assert prefilter.hyperscan_version() is None
    assert prefilter.load_or_build(rule_keys(), None) is None


def test_lint_without_hyperscan_finds_the_same(
    database: prefilter.Prefilter, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    records = corpus_records()[::5]
    with_prefilter = [lint_record(record) for record in records]
    monkeypatch.setitem(sys.modules, "hyperscan", None)
    monkeypatch.setattr(prefilter, "_BINDING", [])
    for name, value in (("_PREPARED", False), ("_PREFILTER", None), ("_TOO_FEW", False)):
        monkeypatch.setattr(scan, name, value)
    monkeypatch.setenv("OUTREACH_CACHE_DIR", str(tmp_path))
    assert [lint_record(record) for record in records] == with_prefilter
    assert scan._PREPARED and scan._PREFILTER is None


# The compiled-pattern cache.


@pytest.fixture
def fresh_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("OUTREACH_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(patterns, "_STORE", None)
    return tmp_path


@pytest.mark.skipif(
    not patterns.SUPPORTED, reason="stored code is for the Pythons it was checked on"
)
def test_a_folder_an_earlier_run_stored_into_counts_as_kept(fresh_store: Path) -> None:
    assert not patterns.stored_before()  # an empty folder: maybe a fresh container
    patterns.compiled(r"gift cards?", 0)
    patterns.save()
    assert not patterns.stored_before()  # what this run stored says nothing yet
    patterns._STORE = None  # the next run
    assert patterns.stored_before()


@pytest.mark.skipif(
    not patterns.SUPPORTED, reason="stored code is for the Pythons it was checked on"
)
def test_compiled_code_is_stored_and_reused(
    fresh_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pattern = r"(?P<what>gift|voucher)s?\b[^.]{0,20}(?P=what)?"
    made = patterns.compiled(pattern, re.IGNORECASE)
    assert made == re.compile(pattern, re.IGNORECASE)  # same pattern, flags and code
    start = patterns.compile_with_start_chars(r"\b(?:gift|cash)\w*", 0)
    patterns.save()
    assert len(list((fresh_store / "patterns-v1").glob("*.bin"))) == 1

    monkeypatch.setattr(patterns, "_STORE", None)
    monkeypatch.setattr(patterns, "_spec", _fail)
    monkeypatch.setattr(patterns, "_start_chars_spec", _fail)
    again = patterns.compiled(pattern, re.IGNORECASE)  # from the stored code, nothing compiled
    assert again == made and again.groupindex == made.groupindex
    found = again.search("Gifts for all, gift")
    assert found is not None and found.group("what") == "Gift"
    assert patterns.compile_with_start_chars(r"\b(?:gift|cash)\w*", 0) == start


@pytest.mark.skipif(
    not patterns.SUPPORTED, reason="stored code is for the Pythons it was checked on"
)
def test_a_damaged_code_file_is_ignored(fresh_store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    patterns.compiled(r"gift cards?", 0)
    patterns.save()
    (stored,) = (fresh_store / "patterns-v1").glob("*.bin")
    data = stored.read_bytes()
    for damaged in (data[:-3], data[:12] + b"\xff" + data[13:], b"junk"):
        stored.write_bytes(damaged)
        monkeypatch.setattr(patterns, "_STORE", None)
        assert patterns.compiled(r"gift cards?", 0) == re.compile(r"gift cards?")


def test_regex_compiles_on_first_use(fresh_store: Path) -> None:
    lazy = patterns.Regex(r"\bgift\b", re.IGNORECASE)
    assert lazy._compiled is None
    assert lazy.search("A GIFT.") is not None and lazy._compiled is not None
    assert [m.span() for m in lazy.finditer("gift, gift")] == [(0, 4), (6, 10)]
    assert lazy.sub("x", "gift!") == "x!" and lazy.fullmatch("gift") is not None
    assert lazy.match(" gift") is None and lazy.findall("gift gift") == ["gift", "gift"]


def test_an_unwritable_cache_folder_never_breaks_compiling(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("x")
    monkeypatch.setenv("OUTREACH_CACHE_DIR", str(blocked))
    monkeypatch.setattr(patterns, "_STORE", None)
    assert patterns.compiled(r"cash\s+app", 0).search("cash  app")
    patterns.save()
    assert blocked.read_text() == "x"


def test_lint_stores_compiled_patterns_only_with_the_result_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from outreach.checker.cache import LintCache
    from outreach.checker.inputs import lint_paths

    saves: list[str] = []
    monkeypatch.setattr(patterns, "save", lambda: saves.append("patterns"))
    monkeypatch.setattr(prefilter, "save", lambda: saves.append("prefilter"))
    email = tmp_path / "a.txt"
    email.write_text("Book a call and I'll send you a $50 Amazon gift card.\n")
    context, settings = CheckContext(), LintSettings()
    uncached = lint_paths([str(email)], context, settings, jobs=1)
    assert saves == []  # --no-cache writes nothing
    cache = LintCache(tmp_path / "cache", settings)
    assert cache.for_context(context, None)
    cached = lint_paths([str(email)], context, settings, jobs=1, cache=cache)
    assert cached.findings == uncached.findings
    assert saves == ["patterns", "prefilter"]


def _fail(*args: object) -> None:
    raise AssertionError("compiled although the code was stored")


@pytest.mark.usefixtures("made_here")
def test_a_rule_whose_phrases_are_all_absent_is_skipped(database: prefilter.Prefilter) -> None:
    from outreach.checker.scan import any_of, phrase_check

    check = phrase_check(r"\bgift card\b")
    both = any_of(check, phrase_check(r"\bvoucher\b"))
    custom = any_of(check, lambda scan: iter(()))
    (pattern,) = scan._NEEDS[check]
    pattern._prefilter_id = 0
    for one in scan._NEEDS[both]:
        one._prefilter_id = 1 if one is not pattern else 0

    def may_find(one: Scan, check: CheckFn) -> bool:
        return one.live((check,), lambda item: item) == [check]

    assert not may_find(scan_of("A gift card.", frozenset({5})), check)
    assert may_find(scan_of("A gift card.", frozenset({0})), check)
    assert not may_find(scan_of("A gift card.", frozenset({2})), both)
    assert may_find(scan_of("A voucher.", frozenset({1})), both)
    assert may_find(scan_of("A gift card.", None), check)  # cannot tell: runs
    assert may_find(scan_of("A gift card.", frozenset()), custom)  # not only phrases: runs
    live = scan_of("A voucher.", frozenset({1})).live([both, check, custom], lambda item: item)
    assert live == [both, custom]  # in order, and only those that may find something
    assert list(both(scan_of("A gift card and a voucher.", frozenset({1})))) == [(18, 25, "")]


def test_the_active_rules_follow_the_settings_and_context() -> None:
    from outreach.checker.engine import active_rules

    plain, only_bribes = LintSettings(), LintSettings(select=("bribe",))
    first = active_rules(plain, CheckContext())
    assert active_rules(plain, CheckContext()) is first  # the same run: remembered
    assert {r.category for r in active_rules(only_bribes, CheckContext())} == {"bribe"}
    assert active_rules(plain, CheckContext(stage="ask")) != first
    assert active_rules(plain, CheckContext()) == first
    # The law rules run only with a region: given, configured, or the prospect's country.
    assert not {r.category for r in first} & {"compliance", "grounding"}
    in_us = active_rules(plain, CheckContext(region="us"))
    assert {r.code for r in in_us} - {r.code for r in first} == {"OR501", "OR502", "OR503", "OR504"}
    # Which law does not change the rules, only whether there is one: still remembered.
    assert active_rules(plain, CheckContext(region="uk")) is in_us
    assert active_rules(plain, CheckContext(), region="eu") is in_us  # the caller's region
    assert active_rules(LintSettings(region="eu"), CheckContext()) != first
    from outreach.models import Prospect

    german = Prospect(name="Lena", company="Klarwerk", country="Germany")
    assert "OR503" in {r.code for r in active_rules(plain, CheckContext(prospect=german))}
    assert active_rules(plain, CheckContext()) == first


@pytest.fixture
def compile_calls(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """A fresh prefilter state; each load_or_build call records whether it may compile."""
    calls: list[bool] = []

    def record(keys: object, folder: object, *, compile_missing: bool = True) -> None:
        calls.append(compile_missing)

    monkeypatch.setattr(prefilter, "load_or_build", record)
    for name, value in (
        ("_PREFILTER", None),
        ("_PREPARED", False),
        ("_COMPILED", False),
        ("_TOO_FEW", False),
    ):
        monkeypatch.setattr(scan, name, value)
    return calls


def test_a_handful_of_emails_never_loads_the_database(compile_calls: list[bool]) -> None:
    calls = compile_calls
    scan.prepare_prefilter(3, will_store=True)
    assert calls == []  # a handful of emails: not even loaded
    scan.prepare_prefilter()
    assert calls == []  # nor by the checks of those emails, which cannot say how many
    scan.prepare_prefilter(scan.LOAD_FROM)
    scan.prepare_prefilter()
    assert calls == [False]  # a bigger run later in the process loads it, once


def test_the_database_is_compiled_only_where_it_pays(
    compile_calls: list[bool], monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = compile_calls
    kept = False  # whether an earlier run stored into the cache folder
    monkeypatch.setattr(scan, "stored_before", lambda: kept)
    scan.prepare_prefilter()
    scan.prepare_prefilter()
    assert calls == [False]  # one drafted message: a stored one only, looked for once
    scan.prepare_prefilter(100, will_store=True)
    scan.prepare_prefilter(scan.COMPILE_TO_STORE_FROM)
    assert calls == [False]  # too few to repay a compile, or not stored afterwards
    scan.prepare_prefilter(scan.COMPILE_TO_STORE_FROM, will_store=True)
    assert calls == [False]  # a folder no earlier run stored into may be thrown away (CI)
    kept = True
    scan.prepare_prefilter(scan.COMPILE_TO_STORE_FROM, will_store=True)
    assert calls == [False, True]
    scan.prepare_prefilter(scan.COMPILE_FROM)
    assert calls == [False, True]  # compiled (or found impossible) once per process


def test_a_big_run_compiles_even_when_nothing_is_stored(compile_calls: list[bool]) -> None:
    scan.prepare_prefilter(scan.COMPILE_FROM)
    assert compile_calls == [True]


@pytest.mark.skipif(not patterns.SUPPORTED, reason="stored code: only the Pythons checked")
def test_the_code_file_keeps_what_recent_runs_used(
    fresh_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(patterns, "MAX_STORED", 3)
    for word in ("alpha", "beta", "gamma"):
        patterns.compiled(word, 0)
    patterns.save()
    monkeypatch.setattr(patterns, "_STORE", None)
    patterns.compiled("gamma", 0)
    patterns.compiled("delta", 0)
    patterns.save()  # four would be too many: only this run's two stay
    monkeypatch.setattr(patterns, "_STORE", None)
    assert {key[0] for key in patterns._store().specs} == {"gamma", "delta"}


@needs_hyperscan
def test_old_databases_are_pruned(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    folder = tmp_path / "prefilter-v1"
    folder.mkdir()
    for age, name in enumerate(["a", "b", "c", "d"]):
        for suffix in (".bin", ".hsdb"):
            (folder / f"{name}{suffix}").write_bytes(b"x")
            os.utime(folder / f"{name}{suffix}", (1000 - age, 1000 - age))  # a is the newest
    monkeypatch.setattr(prefilter, "_UNSAVED", None)
    assert prefilter.load_or_build(rule_keys(), tmp_path) is not None
    prefilter.save()
    left = sorted(p.name for p in folder.iterdir())
    assert len(left) == 2 * prefilter.KEEP_STORED and "a.hsdb" in left and "a.bin" in left
    assert "d.hsdb" not in left and "d.bin" not in left and "c.hsdb" not in left


def test_threads_scan_at_once(database: prefilter.Prefilter) -> None:
    from concurrent.futures import ThreadPoolExecutor

    emails = [str(r["text"]).lower() for r in corpus_records()]
    texts = ["\n\n".join(emails[i::8]) for i in range(8)]  # long: scans overlap in time
    alone = [database.scan(text) for text in texts]
    with ThreadPoolExecutor(4) as pool:  # Hyperscan scans without the GIL
        for _ in range(5):
            assert list(pool.map(database.scan, texts)) == alone


def test_text_that_is_not_utf8_runs_every_pattern(database: prefilter.Prefilter) -> None:
    text = "here's a $50 amazon gift card \ud800 for your time"  # a lone surrogate, as JSON allows
    assert database.scan(text) is None
    record = {"id": "surrogate", "text": "Here's a $50 Amazon gift card \ud800 for your time."}
    assert [f.rule for f in lint_record(record)] == ["OR101"]


def test_a_failing_scan_runs_every_pattern(database: prefilter.Prefilter) -> None:
    class Broken:
        def scan(self, *args: object, **kwargs: object) -> None:
            raise hyperscan.ScratchInUseError("error code -10")

    broken = prefilter.Prefilter.__new__(prefilter.Prefilter)
    broken.__dict__.update(database.__dict__, database=Broken())
    assert broken.scan("a gift card") is None


def test_case_insensitive_patterns_find_the_same_on_the_lower_cased_view() -> None:
    # Scan.occurs runs a case-insensitive Regex without IGNORECASE on the lower-cased view.
    from outreach.checker.rules import bribe, transactional

    chosen = [bribe._RESULT, bribe._PAID_FOR, transactional._REQUESTING, scan._NEGATION]
    assert all(scan.lower_twin(pattern) is not None for pattern in chosen)
    assert scan.lower_twin(patterns.Regex("[A-Z]{2}", re.IGNORECASE)) is None
    assert scan.lower_twin(patterns.Regex("(?-i:us)", re.IGNORECASE)) is None
    assert scan.lower_twin(patterns.Regex("gift")) is None  # case matters: runs as it is
    seen = 0
    for record in corpus_records()[::2]:
        doc = build_document(str(record["text"]))
        one = Scan(doc=doc, context=CheckContext(), settings=LintSettings())
        for pattern in chosen:
            for start, end in doc.sentences:
                want = pattern.search(doc.own, start, end) is not None
                assert one.occurs(pattern, start, end) == want, (pattern.pattern[:40], start)
                seen += want
    assert seen > 100


def test_start_characters_change_no_match() -> None:
    from outreach.checker.rules import generic

    for pattern in (generic._MERGE_TAG_RE, generic._FIELD_NAME_RE):
        assert isinstance(pattern, scan.StartRegex)
        plain = re.compile(pattern.pattern, pattern.flags)
        found = 0
        for text in tricky_texts():
            spans = [m.span() for m in pattern.finditer(text)]
            assert spans == [m.span() for m in plain.finditer(text)], text[:80]
            found += len(spans)
        assert found > 20


def _unload_hyperscan(monkeypatch: pytest.MonkeyPatch) -> None:
    """As in a process that has not loaded Hyperscan yet (undone after the test)."""
    monkeypatch.delitem(sys.modules, "hyperscan", raising=False)
    monkeypatch.delitem(sys.modules, "hyperscan._hs_ext", raising=False)
    monkeypatch.setattr(prefilter, "_BINDING", [])


@needs_hyperscan
def test_the_binding_is_its_extension_module_or_else_the_package(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import importlib

    _unload_hyperscan(monkeypatch)
    loaded = prefilter.binding()
    assert loaded.__name__ == "hyperscan._hs_ext" and "hyperscan" not in sys.modules
    package = importlib.import_module("hyperscan")  # later, the package takes the same module
    assert package.loadb is loaded.loadb and package.Database is loaded.Database

    def missing() -> None:
        raise ImportError("laid out otherwise")

    _unload_hyperscan(monkeypatch)
    monkeypatch.setattr(prefilter, "_extension", missing)
    assert prefilter.binding().__name__ == "hyperscan"  # the package, imported as usual


@needs_hyperscan
def test_the_database_is_keyed_alike_whoever_imported_hyperscan_first(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import importlib

    _unload_hyperscan(monkeypatch)
    alone = prefilter.hyperscan_version()
    importlib.import_module("hyperscan")
    monkeypatch.setattr(prefilter, "_BINDING", [])  # now the package is there first
    assert prefilter.hyperscan_version() == alone
