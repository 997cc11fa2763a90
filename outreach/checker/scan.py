"""What a rule's check receives, and the helpers that keep phrase rules precise.

Most rules are phrase families: a compiled regex, plus conditions a match
must meet to count (not negated, an offer nearby, not followed by a
business noun). :func:`phrase_check` builds such a check from data.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

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
    without IGNORECASE and run on ``Document.lower``.
    """

    def __init__(self, pattern: str, flags: int = re.IGNORECASE) -> None:
        if pattern.startswith(r"\b"):
            # Same start as \b before a word (or a currency sign), but lets the
            # engine skip ahead faster than a leading \b does.
            pattern = r"(?=[\w$£€])(?<!\w)" + pattern[2:]
        self.regex = re.compile(pattern, flags)
        plain = re.sub(r"\\.", "", pattern)
        self.fast = (
            re.compile(pattern, flags & ~re.IGNORECASE)
            if flags & re.IGNORECASE and not re.search("[A-Z]", plain)
            else None
        )

    def finditer(self, scan: Scan) -> Iterator[re.Match[str]]:
        lower = scan.doc.lower if self.fast is not None else None
        if self.fast is not None and lower:
            return self.fast.finditer(lower)
        return self.regex.finditer(scan.own)


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
