"""The checker's timing (OR6xx) and proportion (OR7xx) rules: they read the ledger.

These rules judge an ask against what came before it: the gift and when it
went out (the maturation window), what it was worth (the request ladder), the
earlier asks and their answers (the escalation guard), and, for
rejection-then-retreat, whether the opening request is a real one. They run at
the ``ask`` stage and need ``CheckContext.history`` (an ``outreach.ledger.History``);
without it only the sham-anchor rule, which reads the copy alone, applies.

Each rule yields ``Hit``s; the checker turns them into its ``Finding``s.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from outreach.ledger import Event, History
from outreach.proportion import Ladder, Sizing
from outreach.timing import OPEN, TOO_SOON, ask_window, assess


@dataclass(frozen=True)
class LoopRule:
    """One rule's identity and documentation (What it does / Why / Example / Use instead)."""

    code: str
    name: str
    category: str  # timing | proportion
    severity: str  # error | warning | info
    confidence: float
    summary: str
    what: str
    why: str
    example: str
    use_instead: str
    flag: tuple[str, ...]  # copy that is flagged given `example_history`
    passes: tuple[str, ...]  # copy that is not


@dataclass(frozen=True)
class Hit:
    """One finding, before the checker gives it a path: where, what, and the fix."""

    code: str
    offset: int  # character offset in the body (-1: the subject, -2: the message as a whole)
    length: int
    message: str
    suggestion: str


@dataclass(frozen=True)
class Text:
    """The copy under check: subject, body, and the body cut to the sender's new words."""

    subject: str
    body: str
    own: str  # the body with quoted replies and the signature blanked out (same offsets)


RULES: dict[str, LoopRule] = {}


def _rule(rule: LoopRule) -> LoopRule:
    RULES[rule.code] = rule
    return rule


ASK_TOO_SOON = _rule(
    LoopRule(
        "OR601",
        "ask-too-soon",
        "timing",
        "warning",
        0.9,
        "The ask goes out before the maturation window opens.",
        "Compares the time the ask goes out with the window computed from the last gift"
        " (context, value tier, channel; [timing] in the config).",
        "An ask that follows the gift at once makes the gift look like a setup: the"
        " obligation has not had time to form, and the generosity reads as a tactic.",
        "The gift went out 2 hours ago and the copy asks for a 15-minute call.",
        "Wait until the window opens; `outreach ask` prints its dates.",
        ("Would a 15-minute call on Thursday work?",),
        ("Would a 15-minute call on Thursday work?",),
    )
)
ASK_TOO_LATE = _rule(
    LoopRule(
        "OR602",
        "ask-too-late",
        "timing",
        "warning",
        0.85,
        "The ask goes out after the maturation window closed.",
        "Compares the time the ask goes out with the close of the window of the last gift.",
        "The felt obligation fades; weeks later the link between the gift and the ask is"
        " gone and the ask arrives cold.",
        "The gift went out five weeks ago and nothing was given since.",
        "Give something new and useful first, then ask inside its window.",
        ("Would a 15-minute call on Thursday work?",),
        ("Would a 15-minute call on Thursday work?",),
    )
)
ASK_BEFORE_GIFT = _rule(
    LoopRule(
        "OR603",
        "ask-before-gift",
        "timing",
        "warning",
        0.8,
        "The ledger holds no gift for this prospect: the ask comes first.",
        "Looks for any gift recorded for the prospect before an ask.",
        "Reciprocity starts with giving; an ask with nothing given before it is a cold pitch.",
        "A first email that asks for a meeting.",
        "Give first (`outreach draft --record`), then ask inside the window.",
        ("Could we meet with your team next week?",),
        ("Could we meet with your team next week?",),
    )
)
ASK_WITHOUT_NEW_VALUE = _rule(
    LoopRule(
        "OR604",
        "ask-without-new-value",
        "timing",
        "warning",
        0.85,
        "A new ask with no new value given since the previous ask.",
        "Looks for a gift recorded between the previous ask and this one. The retreat"
        " after an opening request's 'no' is exempt: it is the concession itself.",
        "Asking again without giving again makes the pattern visible ('just checking in'):"
        " people disengage once they see each gift is a lever.",
        "A second 'any thoughts on a call?' a week after the first, with nothing new.",
        "Give something new (a finding, an introduction) before asking again.",
        ("Just checking in: would a 15-minute call work?",),
        ("Just checking in: would a 15-minute call work?",),
    )
)
DISPROPORTIONATE_ASK = _rule(
    LoopRule(
        "OR701",
        "disproportionate-ask",
        "proportion",
        "warning",
        0.8,
        "The ask is larger than what was given supports.",
        "Classifies the ask on the request ladder ([proportion] ladder) and compares it"
        " with the largest ask the gift's value tier supports ([proportion] fits), one"
        " rung higher after an earlier yes.",
        "Reciprocity follows perceived value: a token gift followed by a request for a"
        " contract reads as a bait, and the recipient refuses the gift's debt altogether.",
        "After a short benchmark note: 'Could we set up a pilot with your team?'",
        "The smaller ask that fits, named in the finding (e.g. a 15-minute call).",
        ("Could we start a two-week pilot at your Joliet site?",),
        ("Would a 15-minute call next week be useful?",),
    )
)
ESCALATION_AFTER_NO = _rule(
    LoopRule(
        "OR702",
        "escalation-after-no",
        "proportion",
        "error",
        0.9,
        "The ask is larger than the previous one, which was refused.",
        "Compares the ask's rung with the previous ask's when the ledger records a 'no' to it.",
        "After a refusal the only persuasive move is a real concession (a smaller ask);"
        " a bigger one is pressure, and it ends the exchange.",
        "They declined a call; the next email proposes a trial.",
        "Step down: ask for something smaller than what they refused, or give first.",
        ("Could we set up a meeting with your team instead?",),
        ("Would a short reply with the one metric you track be possible?",),
    )
)
ANCHOR_NOT_LARGER = _rule(
    LoopRule(
        "OR703",
        "anchor-not-larger",
        "proportion",
        "error",
        0.9,
        "The opening request of a retreat is not larger than the real request.",
        "With --strategy retreat, compares the opening request's rung with the real one's.",
        "Rejection-then-retreat works through a visible concession; with no step down,"
        " there is nothing to concede and the second message is just a second ask.",
        "Opening with a 15-minute call to retreat to a 15-minute call.",
        "Open with a genuinely larger request you would accept (e.g. a meeting with the team).",
        ("Would a 15-minute call next week be useful?",),
        ("Could we set up a meeting with your team next week?",),
    )
)
ANCHOR_TOO_FAR = _rule(
    LoopRule(
        "OR704",
        "absurd-anchor",
        "proportion",
        "error",
        0.85,
        "The opening request is so far above the real one that it reads as a sham.",
        "With --strategy retreat, counts the rungs between the opening request and the real"
        " one; more than [proportion] max_anchor_steps is flagged.",
        "The retreat persuades only when the first request is real, one the sender would"
        " accept; an absurd opener is seen through and taints the real request.",
        "Opening with a signed contract to retreat to a reply.",
        "Open one or two rungs above the real request, with something you would accept.",
        ("Shall I send the contract so we can start next month?",),
        ("Would a 15-minute call next week be useful?",),
    )
)
SHAM_ANCHOR = _rule(
    LoopRule(
        "OR705",
        "sham-anchor",
        "proportion",
        "error",
        0.9,
        "The copy admits the request is not meant ('I know you'll say no').",
        "Looks for admissions that the request is expected to fail or is not serious,"
        " and for copy that names the door-in-the-face technique.",
        "A request the sender does not mean is a trick; when the copy admits it, the"
        " concession that follows is no concession, and trust goes with it.",
        "'I know you'll say no, but would you sign a year's contract?'",
        "Ask only for what you would accept, and mean it.",
        ("I know you'll say no, but would you commit to a pilot?",),
        ("Would a two-week pilot on one dock be worth trying?",),
    )
)


_SHAM = re.compile(
    "|".join(
        (
            r"\bI (already )?(know|expect|realize|assume|suspect) (that )?(you'?ll|you will"
            r"|you'?re going to|you'?d) (say no|decline|turn (this|it) down|refuse|pass)",
            r"\bI don'?t (really |actually )?expect (you to (say yes|agree|accept)|a yes)",
            r"\b(not|never) (really |seriously )?(expecting|meant|meaning) (a yes|it|this)\b",
            r"\b(just|only) (kidding|joking)\b",
            r"\bI know (this|that|it) (is|'s|sounds) (absurd|ridiculous|crazy|outrageous"
            r"|unrealistic|way too much)",
            r"\b(this|it) (is|was|'s) (just|only) (an opening|a starting|an anchor)"
            r" (offer|bid|request|position|ask)",
            r"\bdoor[- ]in[- ]the[- ]face\b",
            r"\bso (that )?the (smaller|real|next) (ask|request) (looks|seems|feels)",
        )
    ),
    re.IGNORECASE,
)


def own_words(body: str) -> str:
    """Blank out quoted replies (`>` lines, "On ... wrote:") and the signature after `-- `."""
    lines = body.splitlines(keepends=True)
    out: list[str] = []
    cut = False
    for line in lines:
        stripped = line.rstrip("\r\n")
        if stripped == "-- " or re.match(r"^On .{0,200} wrote:\s*$", stripped):
            cut = True
        if cut or stripped.lstrip().startswith(">"):
            out.append(re.sub(r"[^\r\n]", " ", line))
        else:
            out.append(line)
    return "".join(out)


def loop_hits(
    subject: str,
    body: str,
    *,
    stage: str,
    history: History | None,
    ladder: Ladder | None = None,
) -> list[Hit]:
    """Every timing and proportion finding for one message, in rule order."""
    if stage != "ask":
        return []
    text = Text(subject, body, own_words(body))
    hits: list[Hit] = list(_sham(text))
    if history is None:
        return hits
    ladder = ladder or Ladder.from_settings(history.proportion)
    sizing = ladder.classify(text.own) or _subject_sizing(ladder, subject)
    size = history.planned_size or (sizing.rung if sizing else "")
    for check in _HISTORY_CHECKS:
        hits.extend(check(text, history, ladder, size, sizing))
    return hits


def _subject_sizing(ladder: Ladder, subject: str) -> Sizing | None:
    found = ladder.classify(subject)
    return Sizing(found.rung, found.rank, -1, 0) if found else None


def _at(sizing: Sizing | None) -> tuple[int, int]:
    if sizing is None:
        return -2, 0
    return sizing.start, sizing.end - sizing.start


def _sham(text: Text) -> Iterator[Hit]:
    for match in _SHAM.finditer(text.own):
        yield Hit(
            SHAM_ANCHOR.code,
            match.start(),
            match.end() - match.start(),
            f"the copy admits the request is not meant: {match.group(0)!r}",
            SHAM_ANCHOR.use_instead,
        )


Check = Callable[[Text, History, Ladder, str, Sizing | None], Iterator[Hit]]


def _timing(
    text: Text, history: History, ladder: Ladder, size: str, sizing: Sizing | None
) -> Iterator[Hit]:
    gift = history.last_gift
    if gift is None:
        if history.planned_strategy != "retreat":
            yield Hit(
                ASK_BEFORE_GIFT.code,
                *_at(sizing),
                f"nothing was given to {history.prospect_key} before this ask"
                " (the ledger holds no gift)",
                ASK_BEFORE_GIFT.use_instead,
            )
        return
    if history.now is None or history.planned_strategy == "retreat":
        return  # a retreat goes out after the opening request's "no", not on a fixed day
    window = ask_window(
        gift.at,
        context=history.context,
        value_tier=gift.value_tier,
        channel=gift.channel,
        settings=history.timing,
    )
    verdict = assess(window, history.now)
    if verdict.status == OPEN:
        return
    rule = ASK_TOO_SOON if verdict.status == TOO_SOON else ASK_TOO_LATE
    yield Hit(rule.code, *_at(sizing), f"{verdict.message} (gift: {gift.what!r})", rule.use_instead)


def _new_value(
    text: Text, history: History, ladder: Ladder, size: str, sizing: Sizing | None
) -> Iterator[Hit]:
    previous = history.last_ask
    if previous is None or history.gifts_since(previous):
        return
    if _is_retreat_after_no(history, previous, ladder, size):
        return
    when = previous.at.date().isoformat()
    yield Hit(
        ASK_WITHOUT_NEW_VALUE.code,
        *_at(sizing),
        f"nothing new was given since the previous ask on {when} ({previous.what!r})",
        ASK_WITHOUT_NEW_VALUE.use_instead,
    )


def _is_retreat_after_no(history: History, previous: Event, ladder: Ladder, size: str) -> bool:
    if history.planned_strategy == "retreat":
        return True
    if previous.strategy != "anchor":
        return False
    reply = history.reply_to(previous)
    refused = reply is not None and reply.outcome == "no"
    return refused and ladder.rank(size) < ladder.rank(previous.size)


def _escalation(
    text: Text, history: History, ladder: Ladder, size: str, sizing: Sizing | None
) -> Iterator[Hit]:
    previous = history.last_ask
    if previous is None or not size or ladder.rank(previous.size) < 0:
        return
    reply = history.reply_to(previous)
    if reply is None or reply.outcome != "no":
        return
    if ladder.rank(size) > ladder.rank(previous.size):
        yield Hit(
            ESCALATION_AFTER_NO.code,
            *_at(sizing),
            f"this asks for {ladder.label(size)} after a no to {ladder.label(previous.size)}"
            f" ({previous.what!r})",
            f"step down: ask for less than {ladder.label(previous.size)}, or give first",
        )


def _proportion(
    text: Text, history: History, ladder: Ladder, size: str, sizing: Sizing | None
) -> Iterator[Hit]:
    if not size or not history.gifts or history.planned_strategy == "anchor":
        return
    tier = _highest_tier(history)
    last_yes = history.last_yes
    yes_to = last_yes[1].size if last_yes and last_yes[1] is not None else ""
    judgement = ladder.judge(size, value_tier=tier, yes_to=yes_to)
    if judgement.fits:
        return
    quoted = f" ({sizing.quote(text.own)!r})" if sizing and sizing.start >= 0 else ""
    yield Hit(
        DISPROPORTIONATE_ASK.code,
        *_at(sizing),
        f"this asks for {ladder.label(size)}{quoted}, but {judgement.reason}",
        judgement.suggestion,
    )


def _anchor(
    text: Text, history: History, ladder: Ladder, size: str, sizing: Sizing | None
) -> Iterator[Hit]:
    target = history.planned_target_size
    if history.planned_strategy != "anchor" or not target or not size:
        return
    gap = ladder.rank(size) - ladder.rank(target)
    if gap <= 0:
        yield Hit(
            ANCHOR_NOT_LARGER.code,
            *_at(sizing),
            f"the opening request ({ladder.label(size)}) is not larger than the real one"
            f" ({ladder.label(target)}): there is nothing to concede",
            f"open with {ladder.label(ladder.anchor_above(target) or target)}",
        )
    elif gap > ladder.max_anchor_steps:
        yield Hit(
            ANCHOR_TOO_FAR.code,
            *_at(sizing),
            f"the opening request ({ladder.label(size)}) is {gap} rungs above the real one"
            f" ({ladder.label(target)}); more than {ladder.max_anchor_steps} reads as a sham",
            f"open with {ladder.label(ladder.anchor_above(target))}",
        )


def _highest_tier(history: History) -> str:
    from outreach.models import VALUE_TIERS

    tiers = [g.value_tier for g in history.gifts if g.value_tier in VALUE_TIERS]
    return max(tiers, key=VALUE_TIERS.index) if tiers else ""


_HISTORY_CHECKS: tuple[Check, ...] = (_timing, _new_value, _escalation, _proportion, _anchor)
