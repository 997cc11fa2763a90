"""What a rule's check receives, and the helpers that keep phrase rules precise.

Most rules are phrase families: a compiled regex, plus conditions a match
must meet to count (not negated, an offer nearby, not followed by a
business noun). :func:`phrase_check` builds such a check from data.
"""

from __future__ import annotations

import _sre
import re
import re._compiler as _sre_compiler
import re._constants as _sre_constants
import re._parser as _sre_parse
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from outreach.checker.model import CheckContext, CheckFn, Hit
from outreach.checker.text import Document
from outreach.config import LintSettings
from outreach.models import Prospect, Sender

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


@dataclass
class Scan:
    """One document being checked, with its context and settings."""

    doc: Document
    context: CheckContext
    settings: LintSettings
    region: str = ""
    cache: dict[str, object] = field(default_factory=dict)

    @property
    def own(self) -> str:
        return self.doc.own

    @property
    def stage(self) -> str:
        return self.context.stage

    @property
    def prospect(self) -> Prospect | None:
        return self.context.prospect

    @property
    def sender(self) -> Sender | None:
        return self.context.sender

    def sentence(self, start: int, end: int | None = None) -> tuple[int, int]:
        return self.doc.sentence_at(start)

    def clause_before(self, start: int) -> str:
        """The part of the sentence before ``start``, from its last clause boundary."""
        s_start, _ = self.doc.sentence_at(start)
        before = self.own[s_start:start]
        cut = 0
        for match in _CLAUSE_BOUNDARY.finditer(before):
            cut = match.end()
        return before[cut:]

    def negated(self, start: int) -> bool:
        """Whether the match at ``start`` sits in a negated or attributed clause."""
        clause = _IDIOMS.sub(" ", self.clause_before(start))
        if _NEGATION.search(clause):
            return True
        # "Gift cards? We don't do those." : a question answered with a negation.
        s_start, s_end = self.doc.sentence_at(start)
        if self.own[s_start:s_end].rstrip().endswith("?"):
            nxt = self.own[s_end : s_end + 60].lstrip()
            if _ANSWER_NO.match(nxt):
                return True
        return False

    def near(self, start: int, end: int, pattern: re.Pattern[str], before: int, after: int) -> bool:
        """Whether ``pattern`` occurs within the sentence, close before or after the match."""
        s_start, s_end = self.doc.sentence_at(start)
        lo = max(s_start, start - before)
        hi = min(s_end, end + after)
        return bool(pattern.search(self.own, lo, hi))

    def sentence_has(self, start: int, pattern: re.Pattern[str]) -> bool:
        s_start, s_end = self.doc.sentence_at(start)
        return bool(pattern.search(self.own, s_start, s_end))


_CLAUSE_BOUNDARY = re.compile(
    r"[;:—–]|\s-\s|\.\.\.|…|,\s*(?=(?:but|however|though|although|yet|so|and then|instead|i|we|"
    r"i'll|we'll|here|actually)\b)|\b(?:but|however|though|although|yet|instead|actually)\b",
    re.IGNORECASE,
)
_IDIOMS = re.compile(
    r"\bno\s+(?:worries|rush|pressure|problem|big deal|doubt|kidding|joke|matter|wonder)\b|"
    r"\bnot\s+(?:only|just|sure|to mention|long ago)\b|\bno one\b|\bnothing\s+(?:fancy|big)\b|"
    r"\bif not\b|\bno-?brainer\b|\bwhether or not\b",
    re.IGNORECASE,
)
_NEGATION = re.compile(
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
_ANSWER_NO = re.compile(
    r"(?:no\b|nope|not\b|never\b|(?:we|i)\s+(?:don'?t|do not|never|won'?t|can'?t))", re.I
)


class FastPattern:
    """A case-insensitive pattern that runs on the lower-cased view when it can.

    Case-insensitive matching is several times slower than matching lower-cased
    text, so a pattern with no upper-case letters of its own is also compiled
    without IGNORECASE and run on ``Document.lower``. On that path a cheap
    prefilter runs first: literal strings one of which every match must contain
    (see :func:`required_literals`); an email holding none of them cannot match,
    so the regex does not run. Working the prefilter out costs about as much as
    compiling the pattern, so it starts after the pattern has run on a few
    emails. Patterns are compiled on first use, so a rule that never runs (not
    selected, wrong stage) costs nothing.
    """

    __slots__ = ("_fast", "_fast_ok", "_literals", "_regex", "_runs", "flags", "pattern")

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

    @property
    def regex(self) -> re.Pattern[str]:
        """The pattern with its own flags, for the original-case text."""
        if self._regex is None:
            self._regex = re.compile(self.pattern, self.flags)
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
            plain = re.sub(r"\\.", "", self.pattern)
            self._fast_ok = bool(self.flags & re.IGNORECASE) and not re.search("[A-Z]", plain)
        return self._fast_ok

    @property
    def literals(self) -> tuple[str, ...]:
        """The prefilter of the fast pattern: () when there is none worth testing."""
        if self._literals is None:
            found = required_literals(self.pattern, self.flags & ~re.IGNORECASE)
            self._literals = _worth_testing(found)
        return self._literals

    def finditer(self, scan: Scan) -> Iterator[re.Match[str]]:
        lower = scan.doc.lower if self._can_be_fast() else None
        if lower:
            if self._literals is not None or self._runs >= _PREFILTER_AFTER:
                literals = self.literals
                if literals and not any(map(lower.__contains__, literals)):
                    return iter(())
            else:
                self._runs += 1  # working out the prefilter pays off only on many emails
            fast = self.fast
            assert fast is not None
            return fast.finditer(lower)
        return self.regex.finditer(scan.own)


# Literal prefilters. A regex is parsed into its syntax tree and, for each part,
# two things are worked out: the finite set of strings it matches exactly (when
# small), and sets of strings one of which any match must contain. The best such
# set of the whole pattern is its prefilter. Anything not understood (classes,
# backreferences, scoped IGNORECASE) is treated as "could be anything", which only
# ever makes the prefilter weaker, never wrong.
_MAX_SET = 64
_MAX_TESTED = 64
_PREFILTER_AFTER = 16  # emails a pattern runs on before its prefilter is worked out
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


# Start characters. When a pattern does not begin with a literal or a class,
# re tries a match at every position of the text. Most phrase families begin
# with a word-boundary check and then a group of alternatives, so re finds no
# start set of its own, although every match starts with one of a few letters.
# compile_with_start_chars works that set out and puts it in the compiled
# pattern's info block (where re puts the set it finds itself), so the search
# skips the positions no match can start at. Matches are unchanged: the set
# holds every character a match can start with, and only patterns that cannot
# match the empty string get one. This uses re's internal compiler, so it is
# limited to the Python versions it was checked on, and falls back to
# re.compile for anything it does not understand.
_START_CHARS_PYTHONS = ((3, 11), (3, 12), (3, 13))
_MAX_START_CHARS = 40  # class items; past that the set filters little


def compile_with_start_chars(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(pattern, flags)``, with the start-character set filled in where re leaves
    it out; the matches are the same."""
    if sys.version_info[:2] in _START_CHARS_PYTHONS and not flags & re.IGNORECASE:
        try:
            compiled = _compile_with_start_chars(pattern, flags)
        except (AttributeError, TypeError, ValueError, IndexError, RuntimeError, re.error):
            compiled = None  # an internal that differs from what this was written for
        if compiled is not None:
            return compiled
    return re.compile(pattern, flags)


def _compile_with_start_chars(pattern: str, flags: int) -> re.Pattern[str] | None:
    c = _sre_constants
    tree = _sre_parse.parse(pattern, flags)
    flags |= tree.state.flags
    if flags & (re.IGNORECASE | re.LOCALE):
        return None
    starts = start_set(tree)
    if not starts or len(starts) > _MAX_START_CHARS:
        return None
    code = _sre_compiler._code(tree, flags)
    mask, min_width = code[2], code[3]
    if code[0] != c.INFO or mask & (c.SRE_INFO_PREFIX | c.SRE_INFO_CHARSET) or min_width < 1:
        return None  # re found a start of its own, or the pattern can match ""
    charset, _ = _sre_compiler._optimize_charset(sorted(starts, key=repr))
    info = [c.INFO, 0, mask | c.SRE_INFO_CHARSET, min_width, code[4]]
    _sre_compiler._compile_charset(charset, flags, info)
    info[1] = len(info) - 1
    code = info + code[code[1] + 1 :]
    names = tree.state.groupdict
    index_names: list[str | None] = [None] * tree.state.groups
    for name, index in names.items():
        index_names[index] = name
    compiled: re.Pattern[str] = _sre.compile(
        pattern, flags, code, tree.state.groups - 1, names, tuple(index_names)
    )
    return compiled


def start_set(tree: Any) -> frozenset[tuple[Any, Any]] | None:
    """The characters a non-empty match of the parsed pattern can start with, or None.

    As re's own class items: (LITERAL, code point), (RANGE, (low, high)) or
    (CATEGORY, category) such as digits or spaces.
    """
    found = _first(tree)
    if found is None or found[1]:
        return None  # unknown, or the pattern can match the empty string
    return frozenset(found[0])


_First = tuple[set[tuple[Any, Any]], bool]


def _first(items: Any) -> _First | None:
    """(class items the sequence can start with, whether it can match "") or None if unknown."""
    out: set[tuple[Any, Any]] = set()
    for op, av in items:
        found = _first_of(op, av)
        if found is None:
            return None
        chars, nullable = found
        out |= chars
        if not nullable:
            return out, False
    return out, True


def _first_of(op: Any, av: Any) -> _First | None:
    c = _sre_constants
    if op is c.LITERAL:
        return {(c.LITERAL, av)}, False
    if op is c.IN:
        if all(kind in (c.LITERAL, c.RANGE, c.CATEGORY) for kind, _ in av):
            return {(kind, value) for kind, value in av}, False
        return None  # a negated class
    if op in (c.AT, c.ASSERT, c.ASSERT_NOT):
        return set(), True  # zero width: the next item starts the match
    if op is c.SUBPATTERN:
        _group, add_flags, _del_flags, sub = av
        return None if add_flags & re.IGNORECASE else _first(sub)
    if op is c.ATOMIC_GROUP:
        return _first(av)
    if op is c.BRANCH:
        out: set[tuple[Any, Any]] = set()
        nullable = False
        for branch in av[1]:
            found = _first(branch)
            if found is None:
                return None
            out |= found[0]
            nullable = nullable or found[1]
        return out, nullable
    if op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
        low, _high, sub = av
        found = _first(sub)
        if found is None:
            return None
        return found[0], low == 0 or found[1]
    return None


def phrase_check(
    pattern: str,
    *,
    cue: re.Pattern[str] | None = None,
    cue_before: int = 80,
    cue_after: int = 60,
    negatable: bool = True,
    not_followed: re.Pattern[str] | None = None,
    not_preceded: re.Pattern[str] | None = None,
    sentence_needs: re.Pattern[str] | None = None,
    sentence_not: re.Pattern[str] | None = None,
    view: str = "own",
    flags: int = re.IGNORECASE,
) -> CheckFn:
    """Build a check from a phrase family and the conditions a match must meet."""
    compiled = FastPattern(pattern, flags)

    def check(scan: Scan) -> Iterator[Hit]:
        text = scan.doc.signed if view == "signed" else scan.own
        matches = compiled.finditer(scan) if view == "own" else compiled.regex.finditer(text)
        for match in matches:
            start, end = match.span()
            if start == end:
                continue
            if not_followed is not None and not_followed.match(text, end):
                continue
            if not_preceded is not None and not_preceded.search(text, max(0, start - 40), start):
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

    return check


def any_of(*checks: CheckFn) -> CheckFn:
    """A check that yields what any of several checks yields."""

    def check(scan: Scan) -> Iterable[Hit]:
        for one in checks:
            yield from one(scan)

    return check


def words(*alternatives: str) -> str:
    """A non-capturing alternation of regex fragments."""
    return "(?:" + "|".join(alternatives) + ")"
