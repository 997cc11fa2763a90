"""Step 4's sense of measure: how big an ask is, and how big an ask a gift supports.

The request ladder runs from the smallest ask to the largest (by default
reply < call < meeting < trial < purchase; ``[proportion] ladder``). An ask is
classified from its text to the largest rung it mentions, ignoring rungs that
are negated ("no need for a call"). A gift's value tier supports asks up to a
rung (``[proportion] fits``); a "yes" to an earlier ask makes the next rung up
a natural next step too. An ask above that is disproportionate, and the
suggestion names the smaller ask that fits.
"""

from __future__ import annotations

import re

from outreach.config import ProportionSettings
from outreach.errors import ConfigError, InputError
from outreach.models import VALUE_TIERS
from outreach.records import field, record

# Built-in patterns for the default rungs; `[proportion] patterns` adds to them.
DEFAULT_PATTERNS: dict[str, tuple[str, ...]] = {
    "reply": (
        r"\b(reply|respond|write back|drop me a (line|note)|let me know)\b",
        r"\ba quick (yes|no|note|word)\b",
        r"\bpoint me (to|toward)\b",
        r"\bwould (it|this|that) (help|be useful)\b",
        r"\bforward (this|it) to\b",
    ),
    "call": (
        r"\b(phone|video|zoom|teams|quick|short|brief)\s+(call|chat)\b",
        r"\b(\d{1,2}|five|ten|fifteen|twenty)[- ]?min(ute)?s?\b[^.?!\n]{0,30}"
        r"\b(call|chat|conversation|talk)\b",
        r"\b(a|the|our) call\b",
        r"\b(hop|jump|get) on (a|the) (call|phone)\b",
        r"\bcompare notes\b",
    ),
    "meeting": (
        r"\bmeeting\b",
        r"\b(meet|sit down|session|call) with (you and )?(your|the) (whole |wider )?team\b",
        r"\b(demo|demonstration|walk-?through|workshop|working session|presentation)\b",
        r"\b(on-?site|in-person) (visit|session)\b",
        r"\b(30|45|60|90|thirty|forty-five|sixty|ninety)[- ]?min(ute)?s?\b",
        r"\b(an|one|a full) hour\b",
    ),
    "trial": (
        r"\b(free |two-week |30-day |14-day )?(trial|pilot)\b",
        r"\bproof[- ]of[- ]concept\b",
        r"\bPoC\b",
        r"\bsandbox\b",
        r"\btest[- ]drive\b",
        r"\btry it out\b",
    ),
    "purchase": (
        r"\b(purchase|buy|buying)\b",
        r"\b(purchase order|order form|PO)\b",
        r"\bcontract\b",
        r"\bsign(ed|ing)? (the |an |our |a )?(agreement|deal|order|contract)\b",
        r"\b(subscription|subscribe|licen[cs]e|procurement|annual plan)\b",
        r"\b(a |the )?(quote|pricing proposal|invoice)\b",
        r"\bclose the deal\b",
    ),
}

DEFAULT_LABELS: dict[str, str] = {
    "reply": "a short reply",
    "call": "a 15-minute call",
    "meeting": "a meeting with their team",
    "trial": "a trial",
    "purchase": "a purchase or contract",
}

# A rung mentioned right after one of these is not being asked for.
_NEGATION = re.compile(
    r"\b(no need (for|to)|not (asking|looking) for|without|instead of|rather than|not|no|never)"
    r"(\s+\S+){0,3}\s*$",
    re.IGNORECASE,
)
_NEGATION_REACH = 40  # characters before a match that may hold its negation


@record(frozen=True)
class Sizing:
    """What an ask's text asks for: the rung, and the words that say so."""

    rung: str
    rank: int
    start: int  # offset of the words in the text
    end: int

    def quote(self, text: str) -> str:
        return text[self.start : self.end]


@record(frozen=True)
class Judgement:
    """An ask's size against what was given, and the smaller ask when it does not fit."""

    size: str
    allowed: str
    fits: bool
    reason: str  # why the allowed size is what it is
    suggestion: str  # empty when the ask fits


@record(frozen=True)
class Ladder:
    """The request ladder, validated from `[proportion]`."""

    rungs: tuple[str, ...]
    labels: dict[str, str]
    fits: dict[str, str]
    max_anchor_steps: int
    patterns: dict[str, tuple[re.Pattern[str], ...]] = field(repr=False)

    @classmethod
    def from_settings(cls, settings: ProportionSettings | None = None) -> Ladder:
        settings = settings or ProportionSettings()
        where = "[proportion]"
        rungs = tuple(r.strip().lower() for r in settings.ladder if r.strip())
        if len(rungs) < 2 or len(set(rungs)) != len(rungs):
            raise ConfigError(f"{where} ladder: give at least two distinct rungs, smallest first")
        for key, table in (("labels", settings.labels), ("patterns", settings.patterns)):
            for rung in table:
                if rung not in rungs:
                    raise ConfigError(f"{where} {key}: {rung!r} is not a rung of the ladder")
        compiled: dict[str, tuple[re.Pattern[str], ...]] = {}
        for rung in rungs:
            sources = (*DEFAULT_PATTERNS.get(rung, ()), *settings.patterns.get(rung, []))
            if not sources:
                raise ConfigError(
                    f"{where} patterns: rung {rung!r} has no patterns; add {rung} = [...]"
                )
            try:
                compiled[rung] = tuple(re.compile(p, re.IGNORECASE) for p in sources)
            except re.error as exc:
                raise ConfigError(f"{where} patterns.{rung}: invalid regex: {exc}") from None
        fits = {}
        for tier, rung in settings.fits.items():
            if tier not in VALUE_TIERS:
                raise ConfigError(
                    f"{where} fits: {tier!r} is not a value tier ({', '.join(VALUE_TIERS)})"
                )
            if rung not in rungs:
                raise ConfigError(f"{where} fits.{tier}: {rung!r} is not a rung of the ladder")
            fits[tier] = rung
        labels = {r: settings.labels.get(r) or DEFAULT_LABELS.get(r, f"a {r}") for r in rungs}
        return cls(rungs, labels, fits, max(settings.max_anchor_steps, 1), compiled)

    def rank(self, rung: str) -> int:
        try:
            return self.rungs.index(rung)
        except ValueError:
            return -1

    def checked(self, size: str, flag: str) -> str:
        """`size` as given with `flag` ("" for none), once it is known to be a rung."""
        if size and self.rank(size) < 0:
            raise InputError(
                f"{flag} {size!r} is not a rung of the ladder ({', '.join(self.rungs)})"
            )
        return size

    def label(self, rung: str) -> str:
        return self.labels.get(rung, rung)

    def classify(self, text: str) -> Sizing | None:
        """The largest rung the text asks for (negated mentions do not count)."""
        best: Sizing | None = None
        for rank, rung in enumerate(self.rungs):
            for pattern in self.patterns[rung]:
                for match in pattern.finditer(text):
                    before = text[max(0, match.start() - _NEGATION_REACH) : match.start()]
                    before = re.split(r"[.;:!?,\n]", before)[-1]
                    if _NEGATION.search(before):
                        continue
                    if best is None or rank > best.rank:
                        best = Sizing(rung, rank, match.start(), match.end())
                    break
        return best

    def size_of(self, text: str, default: str = "") -> str:
        sizing = self.classify(text)
        return sizing.rung if sizing else default

    def supported(self, value_tier: str, yes_to: str = "") -> tuple[str, str]:
        """The largest ask a gift of this tier supports, raised one rung past an earlier yes."""
        tier = value_tier if value_tier in VALUE_TIERS else "token"
        rung = self.fits.get(tier, self.rungs[0])
        reason = f"a {tier} gift supports up to {self.label(rung)}"
        if not value_tier:
            reason = f"a gift of unknown value (counted as token) supports up to {self.label(rung)}"
        if yes_to and self.rank(yes_to) >= 0:
            next_rung = self.rungs[min(self.rank(yes_to) + 1, len(self.rungs) - 1)]
            if self.rank(next_rung) > self.rank(rung):
                rung = next_rung
                reason = f"after a yes to {self.label(yes_to)}, the next step is {self.label(rung)}"
        return rung, reason

    def judge(self, size: str, *, value_tier: str, yes_to: str = "") -> Judgement:
        """Whether an ask of `size` fits what was given, and the smaller ask if not."""
        allowed, reason = self.supported(value_tier, yes_to)
        fits = self.rank(size) <= self.rank(allowed)
        suggestion = "" if fits else f"ask for {self.label(allowed)} instead"
        return Judgement(size, allowed, fits, reason, suggestion)

    def anchor_above(self, target: str) -> str:
        """The default opening request for a retreat: the rung above the real one."""
        rank = self.rank(target)
        if rank < 0 or rank + 1 >= len(self.rungs):
            return ""
        return self.rungs[rank + 1]
