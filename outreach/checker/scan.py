"""What a rule's check receives, and the helpers that keep phrase rules precise.

Most rules are phrase families: a compiled regex, plus conditions a match
must meet to count (not negated, an offer nearby, not followed by a
business noun). :func:`phrase_check` builds such a check from data.
"""

from __future__ import annotations

import re
import re._constants as _sre_constants
import re._parser as _sre_parse
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import cached_property

from outreach.checker import prefilter
from outreach.checker.model import CheckContext, CheckFn, Hit, Rule
from outreach.checker.patterns import (
    Pattern,
    Regex,
    compile_with_start_chars,
    compiled,
    stored_before,
)
from outreach.checker.text import Document
from outreach.config import LintSettings
from outreach.models import Prospect, Sender
from outreach.records import field, record

TYPE_CHECKING = False  # typing is not imported at run time (see outreach.records)
if TYPE_CHECKING:
    from typing import Any, TypeVar

    _T = TypeVar("_T")
    _V = TypeVar("_V")


_COUNTRY_REGION = {
    **dict.fromkeys(("us", "usa", "united states", "united states of america", "america"), "us"),
    **dict.fromkeys(("ca", "can", "canada"), "ca"),
    **dict.fromkeys(
        ("uk", "gb", "gbr", "united kingdom", "great britain", "england", "scotland", "wales",
         "northern ireland"),
        "uk",
    ),
    **dict.fromkeys(
        ("eu", "at", "austria", "be", "belgium", "bg", "bulgaria", "hr", "croatia", "cy",
         "cyprus", "cz", "czechia", "czech republic", "dk", "denmark", "ee", "estonia", "fi",
         "finland", "fr", "france", "de", "germany", "gr", "greece", "hu", "hungary", "ie",
         "ireland", "it", "italy", "lv", "latvia", "lt", "lithuania", "lu", "luxembourg", "mt",
         "malta", "nl", "netherlands", "pl", "poland", "pt", "portugal", "ro", "romania", "sk",
         "slovakia", "si", "slovenia", "es", "spain", "se", "sweden"),
        "eu",
    ),
}  # fmt: skip


def region_of(context: CheckContext, settings: LintSettings) -> str:
    """The law to check against: the context's, the config's, else the prospect's country."""
    if context.region:
        return context.region.lower()
    if settings.region:
        return settings.region
    if context.prospect and context.prospect.country:
        return _COUNTRY_REGION.get(context.prospect.country.strip().lower(), "")
    return ""


@record
class Scan:
    """One document being checked, with its context and settings."""

    doc: Document
    context: CheckContext
    settings: LintSettings
    region: str = ""
    cache: dict[str, Any] = field(default_factory=dict)  # see once()

    @property
    def own(self) -> str:
        return self.doc.own

    @cached_property
    def hits(self) -> frozenset[int] | None:
        """Prefilter ids of the patterns that might match this email; None: any might."""
        lower = self.doc.lower
        return _PREFILTER.scan(lower) if _PREFILTER is not None and lower else None

    def live(self, checks: Sequence[_T], check_of: Callable[[_T], CheckFn]) -> list[_T]:
        """The items whose check may find something here, in order. A check is left out when
        every match it looks for must come from phrase patterns (see ``needs``) and the
        prefilter saw none of them in this email."""
        hits = self.hits
        if hits is None or _PREFILTER is None:
            return list(checks)
        gates = _PREFILTER.gates
        out = []
        for item in checks:
            check = check_of(item)
            ids = gates.get(check, _UNKNOWN)
            if ids is _UNKNOWN:
                ids = _gate(check, _PREFILTER)
            if ids is None or not ids.isdisjoint(hits):
                out.append(item)
        return out

    def once(self, key: str, make: Callable[[], _V]) -> _V:
        """``make()``, worked out once for this email and kept under ``key``: for what several
        checks or rules read (a rule's hits, whether the email gives, the learned screen)."""
        try:
            found: _V = self.cache[key]
        except KeyError:
            found = self.cache[key] = make()
        return found

    def found_by(self, rule: Rule) -> list[Hit]:
        """What ``rule`` finds in this email, worked out once: the engine reports it, and
        another rule may read it too (OR201 asks whether the email offers a bribe)."""
        return self.once(f"found by {rule.code}", lambda: list(rule.check(self)))

    @property
    def stage(self) -> str:
        return self.context.stage

    @property
    def prospect(self) -> Prospect | None:
        return self.context.prospect

    @property
    def sender(self) -> Sender | None:
        return self.context.sender

    def clause_before(self, start: int) -> str:
        """The part of the sentence before ``start``, from its last clause boundary.

        In lower case when the email has a lower-cased view (see ``Document.lower``).
        """
        s_start, _ = self.doc.sentence_at(start)
        lower = self.doc.lower
        boundary = lower_twin(_CLAUSE_BOUNDARY) if lower else None
        before = (lower or self.own)[s_start:start]
        cut = 0
        for match in (boundary or _CLAUSE_BOUNDARY).finditer(before):
            cut = match.end()
        return before[cut:]

    def negated(self, start: int) -> bool:
        """Whether the match at ``start`` sits in a negated or attributed clause."""
        clause = self.clause_before(start)
        if self.doc.lower:  # the clause is in lower case: the patterns need no IGNORECASE
            idioms, negation = lower_twin(_IDIOMS), lower_twin(_NEGATION)
            assert idioms is not None and negation is not None
            clause = idioms.sub(" ", clause)
            found = negation.search(clause)
        else:
            found = _NEGATION.search(_IDIOMS.sub(" ", clause))
        if found:
            return True
        # "Gift cards? We don't do those." : a question answered with a negation.
        s_start, s_end = self.doc.sentence_at(start)
        if self.own[s_start:s_end].rstrip().endswith("?"):
            nxt = self.own[s_end : s_end + 60].lstrip()
            if _ANSWER_NO.match(nxt):
                return True
        return False

    def near(
        self, start: int, end: int, pattern: Pattern | FastPattern, before: int, after: int
    ) -> bool:
        """Whether ``pattern`` occurs within the sentence, close before or after the match."""
        s_start, s_end = self.doc.sentence_at(start)
        return self.occurs(pattern, max(s_start, start - before), min(s_end, end + after))

    def sentence_has(self, start: int, pattern: Pattern | FastPattern) -> bool:
        s_start, s_end = self.doc.sentence_at(start)
        return self.occurs(pattern, s_start, s_end)

    def occurs(self, pattern: Pattern | FastPattern, pos: int, endpos: int) -> bool:
        """Whether ``pattern`` matches in ``own[pos:endpos]``, as ``search(own, pos, endpos)``.

        A case-insensitive pattern runs without IGNORECASE on the lower-cased view
        when it can (see FastPattern): the same matches, several times faster.
        """
        if isinstance(pattern, FastPattern):
            return next(pattern.within(self, pos, endpos), None) is not None
        lower = self.doc.lower
        if lower and isinstance(pattern, Regex):
            twin = lower_twin(pattern)
            if twin is not None:
                return twin.search(lower, pos, endpos) is not None
        return pattern.search(self.own, pos, endpos) is not None


def lower_twin(pattern: Regex) -> re.Pattern[str] | None:
    """``pattern`` for the lower-cased view, compiled without IGNORECASE, or None when it
    has upper-case letters or flags of its own (it then runs on the text as it is)."""
    try:
        return _TWINS[pattern]
    except KeyError:
        pass
    twin = None
    if _lower_case_only(pattern.pattern, pattern.flags):
        twin = compile_with_start_chars(pattern.pattern, pattern.flags & ~re.IGNORECASE)
    _TWINS[pattern] = twin
    return twin


_TWINS: dict[Regex, re.Pattern[str] | None] = {}


def _lower_case_only(pattern: str, flags: int) -> bool:
    """Whether ``pattern`` finds the same matches in lower-cased text without IGNORECASE:
    it is case-insensitive, names no upper-case letter and turns no flag off in a group."""
    plain = re.sub(r"\\.", "", pattern)
    return bool(flags & re.IGNORECASE) and "(?-" not in plain and not re.search("[A-Z]", plain)


class StartRegex(Regex):
    """A Regex compiled with the characters its matches start with filled in (see
    ``compile_with_start_chars``): the same matches, found faster in long text."""

    __slots__ = ()

    def _compile(self) -> re.Pattern[str]:
        return compile_with_start_chars(self.pattern, self.flags)


_CLAUSE_BOUNDARY = Regex(
    r"[;:—–]|\s-\s|\.\.\.|…|,\s*(?=(?:but|however|though|although|yet|so|and then|instead|i|we|"
    r"i'll|we'll|here|actually)\b)|\b(?:but|however|though|although|yet|instead|actually)\b",
    re.IGNORECASE,
)
_IDIOMS = Regex(
    r"\bno\s+(?:worries|rush|pressure|problem|big deal|doubt|kidding|joke|matter|wonder)\b|"
    r"\bnot\s+(?:only|just|sure|to mention|long ago)\b|\bno one\b|\bnothing\s+(?:fancy|big)\b|"
    r"\bif not\b|\bno-?brainer\b|\bwhether or not\b|\bfor nothing\b|"
    # a condition, not a denial: "if you don't grab a time by Friday, ..."
    r"\bif (?:you|we|i|they|it|your \w+) "
    r"(?:don'?t|do not|didn'?t|haven'?t|can'?t|won'?t|doesn'?t)\b",
    re.IGNORECASE,
)
_NEGATION = Regex(
    r"\b(?:no|not|never|nor|neither|none|nothing|nobody|without|instead of|rather than|unlike|"
    r"avoid(?:s|ing)?|"
    r"refuse[sd]?|prohibit\w*|ban(?:s|ned)?|forbid\w*|against|don'?t|do not|doesn'?t|does not|"
    r"won'?t|will not|wouldn'?t|would not|can'?t|cannot|can not|isn'?t|aren'?t|wasn'?t|"
    r"weren'?t|didn'?t|did not|haven'?t|hasn'?t|shouldn'?t|stop(?:ped)? (?:sending|offering)|"
    r"(?:other|some|many|most) (?:vendors|companies|reps|sellers|firms|people|salespeople|"
    r"sales reps|competitors|agencies|tools)|tired of|sick of|skip(?:ped|ping)? the|"
    r"(?:ask|asked|asking|wonder(?:ed|ing)?) (?:if|whether))\b",
    re.IGNORECASE,
)
_ANSWER_NO = Regex(
    r"(?:no\b|nope|not\b|never\b|(?:we|i)\s+(?:don'?t|do not|never|won'?t|can'?t))", re.I
)


class FastPattern:
    """A case-insensitive pattern that runs on the lower-cased view when it can.

    Case-insensitive matching is several times slower than matching lower-cased
    text, so a pattern with no upper-case letters of its own is also compiled
    without IGNORECASE and run on ``Document.lower``. On that path a cheap
    prefilter runs first: literal strings one of which every match must contain
    (see :func:`required_literals`); an email holding none of them cannot match,
    so the regex does not run. Working the prefilter out costs about 2 ms a
    pattern and saves about a microsecond an email, so it starts only after the
    pattern has run on enough emails to repay it. With Hyperscan, one scan of
    the email replaces both (see
    :mod:`outreach.checker.prefilter` and :func:`prepare_prefilter`). Patterns
    are compiled on first use, so a rule that never runs (not selected, wrong
    stage) costs nothing.
    """

    __slots__ = (
        "_fast", "_fast_ok", "_literals", "_prefilter_id", "_regex", "_runs", "flags", "pattern",
    )  # fmt: skip

    def __init__(self, pattern: str, flags: int = re.IGNORECASE) -> None:
        if pattern.startswith(r"\b"):
            # Same start as \b before a word (or a currency sign), but lets the
            # engine skip ahead faster than a leading \b does.
            pattern = r"(?=[\w$£€])(?<!\w)" + pattern[2:]
        self.pattern = pattern
        self.flags = flags
        self._regex: re.Pattern[str] | None = None
        self._fast: re.Pattern[str] | None = None
        self._literals: tuple[str, ...] | None = None
        self._fast_ok: bool | None = None
        self._runs = 0
        self._prefilter_id = -1  # its id in the prefilter database; -1: not in it
        _MADE.append(self)

    @property
    def regex(self) -> re.Pattern[str]:
        """The pattern with its own flags, for the original-case text."""
        if self._regex is None:
            self._regex = compiled(self.pattern, self.flags)
        return self._regex

    @property
    def fast(self) -> re.Pattern[str] | None:
        """The pattern without IGNORECASE for the lower-cased text, or None if it cannot be."""
        if not self._can_be_fast():
            return None
        if self._fast is None:
            self._fast = compile_with_start_chars(self.pattern, self.flags & ~re.IGNORECASE)
        return self._fast

    def _can_be_fast(self) -> bool:
        if self._fast_ok is None:
            self._fast_ok = _lower_case_only(self.pattern, self.flags)
        return self._fast_ok

    @property
    def lower_key(self) -> tuple[str, int]:
        """The pattern and flags it runs with on lower-cased text: its key in the prefilter."""
        return self.pattern, int(self.flags & ~re.IGNORECASE)

    @property
    def literals(self) -> tuple[str, ...]:
        """The prefilter of the fast pattern: () when there is none worth testing."""
        if self._literals is None:
            found = required_literals(self.pattern, self.flags & ~re.IGNORECASE)
            self._literals = _worth_testing(found)
        return self._literals

    def within(self, scan: Scan, pos: int, endpos: int) -> Iterator[re.Match[str]]:
        """Matches in ``scan.own[pos:endpos]``, as ``regex.finditer(own, pos, endpos)`` finds them.

        On the lower-cased view when the pattern can run there (a match's text is then
        lower case), and nothing at all when the prefilter saw no match anywhere in the
        email: its patterns drop anchors and lookarounds, so a match that only exists
        within a window is a match of theirs too.
        """
        lower = scan.doc.lower if self._can_be_fast() else None
        if lower:
            if self._prefilter_id >= 0:
                hits = scan.hits
                if hits is not None and self._prefilter_id not in hits:
                    return iter(())
            fast = self.fast
            assert fast is not None
            return fast.finditer(lower, pos, endpos)
        return self.regex.finditer(scan.own, pos, endpos)

    def finditer(self, scan: Scan) -> Iterator[re.Match[str]]:
        lower = scan.doc.lower if self._can_be_fast() else None
        if lower:
            hits = scan.hits if self._prefilter_id >= 0 else None
            if hits is not None:
                if self._prefilter_id not in hits:
                    return iter(())
            elif self._literals is not None or self._runs >= _PREFILTER_AFTER:
                literals = self.literals
                if literals and not any(map(lower.__contains__, literals)):
                    return iter(())
            else:
                self._runs += 1  # working out the prefilter pays off only on many emails
            fast = self.fast
            assert fast is not None
            return fast.finditer(lower)
        return self.regex.finditer(scan.own)


_MADE: list[FastPattern] = []  # every FastPattern, in the order the rule modules made them
_PREFILTER: prefilter.Prefilter | None = None
_PREPARED = False  # looked for a stored database
_COMPILED = False  # compiled one, or found that none could be
_TOO_FEW = False  # the last run that counted its emails had fewer than LOAD_FROM

# Loading the stored database takes about 5 ms and saves about 0.2 ms an email;
# compiling it takes about a second. So a run loads it from LOAD_FROM emails, and
# compiles it only when it pays for itself within the run (COMPILE_FROM), or when
# it will be stored for later runs (COMPILE_TO_STORE_FROM) in a cache folder that
# is kept between runs: one that already held what an earlier run stored. A fresh
# CI container that keeps no cache never pays the second for nothing.
LOAD_FROM = 8
COMPILE_TO_STORE_FROM = 200
COMPILE_FROM = 5000


def prepare_prefilter(emails: int | None = None, *, will_store: bool = False) -> None:
    """Make the one-pass prefilter ready for every FastPattern of the rules, when it pays.

    ``emails`` is how many emails the caller is about to check; None (unknown, as
    for one drafted message, or each email of a run) uses a stored database but
    never compiles one, unless the last run that gave a count had too few emails.
    ``will_store``: the caller stores what was compiled (see ``engine.save_compiled``).
    A FastPattern made later is not in the database and runs as it would without it.
    """
    global _PREFILTER, _PREPARED, _COMPILED, _TOO_FEW
    if emails is not None:
        _TOO_FEW = emails < LOAD_FROM
    if _PREFILTER is not None or _TOO_FEW:
        return
    compile_now = emails is not None and (
        emails >= COMPILE_FROM
        or (will_store and emails >= COMPILE_TO_STORE_FROM and stored_before())
    )
    if _PREPARED and (_COMPILED or not compile_now):
        return  # done already, as far as this call would go
    _PREPARED = True
    _COMPILED = _COMPILED or compile_now
    from outreach.checker.cache import cache_folder_if_any
    from outreach.checker.rules import all_rules

    all_rules()  # the rule modules make the patterns
    fast = [p for p in _MADE if p._can_be_fast()]
    keys = [p.lower_key for p in fast]
    folder = cache_folder_if_any()
    _PREFILTER = prefilter.load_or_build(keys, folder, compile_missing=compile_now)
    if _PREFILTER is not None:
        for pattern, key in zip(fast, keys, strict=True):
            pattern._prefilter_id = _PREFILTER.ids.get(key, -1)


# Literal prefilters. A regex is parsed into its syntax tree and, for each part,
# two things are worked out: the finite set of strings it matches exactly (when
# small), and sets of strings one of which any match must contain. The best such
# set of the whole pattern is its prefilter. Anything not understood (classes,
# backreferences, scoped IGNORECASE) is treated as "could be anything", which only
# ever makes the prefilter weaker, never wrong.
_MAX_SET = 64
_MAX_TESTED = 64
# Emails a pattern runs on before its prefilter is worked out. Working out all of them
# costs about 70 ms of CPU and saves 10-25 ms per 1,000 emails (benchmark emails,
# without Hyperscan), so it pays only in runs of thousands; with Hyperscan, a run
# that long compiles the database and never gets here.
_PREFILTER_AFTER = 2000
_EMPTY: frozenset[str] = frozenset({""})
_Analysis = tuple["frozenset[str] | None", list["frozenset[str]"]]


def required_literals(pattern: str, flags: int = 0) -> tuple[str, ...] | None:
    """Strings one of which every match of ``pattern`` contains, or None if none are known.

    Only for case-sensitive matching: with IGNORECASE in effect this returns None.
    """
    if flags & re.IGNORECASE:
        return None
    try:
        parsed = _sre_parse.parse(pattern, flags)
    except re.error:
        return None
    if parsed.state.flags & re.IGNORECASE:
        return None
    exact, candidates = _sequence(parsed)
    if exact is not None:
        candidates.append(exact)
    best = _best([c for c in candidates if "" not in c])
    if not best:
        return None
    if len(best) > 4 * _MAX_TESTED:
        return tuple(sorted(best))
    # A string that contains another of the set adds nothing: drop it.
    return tuple(sorted(s for s in best if not any(t != s and t in s for t in best)))


def _worth_testing(literals: tuple[str, ...] | None) -> tuple[str, ...]:
    """The literals if a prefilter on them is cheaper than the regex it saves, else ()."""
    # Measured on the benchmark emails: each `in` test costs about a tenth of a
    # regex scan, and short words ("you", "for") pass nearly every email.
    if not literals or len(literals) > _MAX_TESTED or min(map(len, literals)) < 3:
        return ()
    return literals


def _best(candidates: list[frozenset[str]]) -> frozenset[str] | None:
    """The most selective set: shortest string long enough, then fewest strings."""
    if not candidates:
        return None
    return max(candidates, key=lambda c: min(5, min(map(len, c))) - len(c) / 16)


def _sequence(items: Any) -> _Analysis:
    candidates: list[frozenset[str]] = []
    run = _EMPTY  # strings the items since the last break match, each followed by `tail`
    tail = ""
    whole = True
    literal = _sre_constants.LITERAL
    for op, av in items:
        if op is literal:  # the common case, kept cheap
            tail += chr(av)
            continue
        exact, required = _item(op, av)
        if exact is not None and len(run) * len(exact) <= _MAX_SET:
            run = frozenset([a + tail + b for a in run for b in exact])
            tail = ""
            continue
        whole = False
        candidates.append(frozenset([a + tail for a in run]))
        candidates.extend(required)
        run = exact if exact is not None else _EMPTY
        tail = ""
    run = frozenset([a + tail for a in run]) if tail else run
    candidates.append(run)
    return (run if whole else None), [c for c in candidates if "" not in c]


def _item(op: Any, av: Any) -> _Analysis:
    c = _sre_constants
    if op is c.LITERAL:
        return frozenset({chr(av)}), []
    if op is c.IN:
        if len(av) <= 8 and all(kind is c.LITERAL for kind, _ in av):
            return frozenset(chr(value) for _, value in av), []
        return None, []
    if op in (c.AT, c.ASSERT, c.ASSERT_NOT):
        return _EMPTY, []  # zero width: the characters around it are still adjacent
    if op is c.SUBPATTERN:
        _group, add_flags, _del_flags, sub = av
        if add_flags & re.IGNORECASE:
            return None, []
        return _sequence(sub)
    if op is c.ATOMIC_GROUP:
        return _sequence(av)
    if op is c.BRANCH:
        results = [_sequence(branch) for branch in av[1]]
        exact: frozenset[str] | None = None
        if all(e is not None for e, _ in results):
            union = frozenset().union(*(e for e, _ in results if e is not None))
            exact = union if len(union) <= _MAX_SET else None
        picks = [
            _best(cands + ([e] if e is not None and "" not in e else [])) for e, cands in results
        ]
        if all(pick is not None for pick in picks):
            return exact, [frozenset().union(*(p for p in picks if p is not None))]
        return exact, []
    if op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
        low, high, sub = av
        exact, cands = _sequence(sub)
        if low == high == 1:
            return exact, cands
        if low == 0 and high == 1 and exact is not None:
            return exact | _EMPTY, []
        if low >= 1:
            return None, cands + ([exact] if exact is not None and "" not in exact else [])
        return None, []
    return None, []


def phrase_check(
    pattern: str,
    *,
    cue: Pattern | None = None,
    cue_before: int = 80,
    cue_after: int = 60,
    negatable: bool = True,
    not_followed: Pattern | None = None,
    not_preceded: Pattern | None = None,
    sentence_needs: Pattern | None = None,
    sentence_not: Pattern | None = None,
    view: str = "own",
    flags: int = re.IGNORECASE,
) -> CheckFn:
    """Build a check from a phrase family and the conditions a match must meet."""
    phrase = FastPattern(pattern, flags)

    def check(scan: Scan) -> Iterator[Hit]:
        text = scan.doc.signed if view == "signed" else scan.own
        matches = phrase.finditer(scan) if view == "own" else phrase.regex.finditer(text)
        for match in matches:
            start, end = match.span()
            if start == end:
                continue
            if not_followed is not None and not_followed.match(text, end):
                continue
            if not_preceded is not None and (
                scan.occurs(not_preceded, max(0, start - 40), start)
                if view == "own"
                else not_preceded.search(text, max(0, start - 40), start)
            ):
                continue
            if cue is not None and not scan.near(start, end, cue, cue_before, cue_after):
                continue
            if sentence_needs is not None and not scan.sentence_has(start, sentence_needs):
                continue
            if sentence_not is not None and scan.sentence_has(start, sentence_not):
                continue
            if negatable and scan.negated(start):
                continue
            yield start, end, ""

    if view == "own":
        _NEEDS[check] = (phrase,)
    return check


def any_of(*checks: CheckFn) -> CheckFn:
    """A check that yields what any of several checks yields."""

    def check(scan: Scan) -> Iterable[Hit]:
        for one in scan.live(checks, _itself):
            yield from one(scan)

    if all(one in _NEEDS for one in checks):
        _NEEDS[check] = tuple(p for one in checks for p in _NEEDS[one])
    return check


def once_per_email(key: str, check: CheckFn) -> CheckFn:
    """``check``, run once per email and kept in the scan's cache under ``key``: for a check
    that several rules report or read (OR103 and OR202 both report conditional gifts)."""

    def shared(scan: Scan) -> Iterator[Hit]:
        return iter(scan.once(key, lambda: list(check(scan))))

    return needs(*needed_by(check))(shared)


def _itself(check: CheckFn) -> CheckFn:
    return check


_UNKNOWN: Any = object()


def _gate(check: CheckFn, database: prefilter.Prefilter) -> frozenset[int] | None:
    """The prefilter ids of the patterns ``check`` needs, or None when it must always run;
    kept in the database's ``gates``."""
    needs = _NEEDS.get(check)
    ids = database.gates[check] = (
        frozenset(p._prefilter_id for p in needs)
        if needs and all(p._prefilter_id >= 0 for p in needs)
        else None
    )
    return ids


# The phrase patterns a check needs: it finds nothing in an email that matches none of them.
# Known for phrase_check (reading ``own``), any_of over such checks and checks marked with
# ``needs``; others always run.
_NEEDS: dict[CheckFn, tuple[FastPattern, ...]] = {}


def needs(*patterns: FastPattern) -> Callable[[CheckFn], CheckFn]:
    """Mark a check that finds nothing in an email where none of ``patterns`` matches
    (each hit it yields comes from a match of one of them, found with ``finditer(scan)``):
    where the prefilter sees none of them, the check is skipped. No patterns: no mark.
    """

    def mark(check: CheckFn) -> CheckFn:
        if patterns:
            _NEEDS[check] = patterns
        return check

    return mark


def needed_by(check: CheckFn) -> tuple[FastPattern, ...]:
    """The patterns ``check`` is known to need (see ``needs``), or () when none are known."""
    return _NEEDS.get(check, ())


def words(*alternatives: str) -> str:
    """A non-capturing alternation of regex fragments."""
    return "(?:" + "|".join(alternatives) + ")"
