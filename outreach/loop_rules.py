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

from outreach.checker.patterns import Regex
from outreach.records import record

TYPE_CHECKING = False  # typing is not imported at run time (see outreach.records)

if TYPE_CHECKING:  # imported where used: `outreach lint` at first-touch never needs them
    from outreach.ledger import Event, History
    from outreach.proportion import Ladder, Sizing


@record(frozen=True)
class Hit:
    """One finding, before the checker gives it a path: where, what, and the fix."""

    code: str
    offset: int  # character offset in the body (-1: the subject, -2: the message as a whole)
    length: int
    message: str
    suggestion: str


# The codes, declared with their documentation in outreach/checker/rules/loop.py.
ASK_TOO_SOON = "OR601"
ASK_TOO_LATE = "OR602"
ASK_BEFORE_GIFT = "OR603"
ASK_WITHOUT_NEW_VALUE = "OR604"
DISPROPORTIONATE_ASK = "OR701"
ESCALATION_AFTER_NO = "OR702"
ANCHOR_NOT_LARGER = "OR703"
ANCHOR_TOO_FAR = "OR704"
SHAM_ANCHOR = "OR705"
# The fix for rules whose fix does not depend on the case; the others name it in the hit.
FIXES = {
    ASK_TOO_SOON: "wait until the maturation window opens; `outreach ask` prints its dates",
    ASK_TOO_LATE: "give something new and useful first, then ask inside its window",
    ASK_BEFORE_GIFT: "give first (`outreach draft --record`), then ask inside the window",
    ASK_WITHOUT_NEW_VALUE: "give something new (a finding, an introduction) before asking again",
    SHAM_ANCHOR: "ask only for what you would accept, and mean it",
}


_SHAM = Regex(
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
    """Every timing and proportion finding for one message; offsets are into `body`."""
    return hits_in(own_words(body), stage=stage, history=history, ladder=ladder, subject=subject)


def hits_in(
    own: str,
    *,
    stage: str,
    history: History | None,
    ladder: Ladder | None = None,
    subject: str = "",
) -> list[Hit]:
    """Every finding in the sender's own words (`own`); `subject` only helps size the ask."""
    if stage != "ask":
        return []
    hits: list[Hit] = list(_sham(own))
    if history is None:
        return hits
    from outreach.proportion import Ladder

    ladder = ladder or Ladder.from_settings(history.proportion)
    sizing = ladder.classify(own) or _subject_sizing(ladder, subject)
    size = history.planned_size or (sizing.rung if sizing else "")
    for check in _HISTORY_CHECKS:
        hits.extend(check(own, history, ladder, size, sizing))
    return hits


def _subject_sizing(ladder: Ladder, subject: str) -> Sizing | None:
    from outreach.proportion import Sizing

    found = ladder.classify(subject) if subject else None
    return Sizing(found.rung, found.rank, -1, 0) if found else None


def _at(sizing: Sizing | None) -> tuple[int, int]:
    if sizing is None:
        return -2, 0
    return sizing.start, sizing.end - sizing.start


def _sham(own: str) -> Iterator[Hit]:
    for match in _SHAM.compiled.finditer(own):
        yield Hit(
            SHAM_ANCHOR,
            match.start(),
            match.end() - match.start(),
            f"the copy admits the request is not meant: {match.group(0)!r}",
            FIXES[SHAM_ANCHOR],
        )


# A check reads the sender's own words (the body with quotes and signature blanked out).
Check = Callable[[str, "History", "Ladder", str, "Sizing | None"], Iterator[Hit]]


def _timing(
    own: str, history: History, ladder: Ladder, size: str, sizing: Sizing | None
) -> Iterator[Hit]:
    gift = history.last_gift
    if gift is None:
        if history.planned_strategy != "retreat":
            yield Hit(
                ASK_BEFORE_GIFT,
                *_at(sizing),
                f"nothing was given to {history.prospect_key} before this ask"
                " (the ledger holds no gift)",
                FIXES[ASK_BEFORE_GIFT],
            )
        return
    if history.now is None or history.planned_strategy == "retreat":
        return  # a retreat goes out after the opening request's "no", not on a fixed day
    from outreach.timing import OPEN, TOO_SOON, assess

    window = gift.ask_window(context=history.context, settings=history.timing)
    verdict = assess(window, history.now)
    if verdict.status == OPEN:
        return
    code = ASK_TOO_SOON if verdict.status == TOO_SOON else ASK_TOO_LATE
    yield Hit(code, *_at(sizing), f"{verdict.message} (gift: {gift.what!r})", FIXES[code])


def _new_value(
    own: str, history: History, ladder: Ladder, size: str, sizing: Sizing | None
) -> Iterator[Hit]:
    previous = history.last_ask
    if previous is None or history.gifts_since(previous):
        return
    if _is_retreat_after_no(history, previous, ladder, size):
        return
    when = previous.at.date().isoformat()
    yield Hit(
        ASK_WITHOUT_NEW_VALUE,
        *_at(sizing),
        f"nothing new was given since the previous ask on {when} ({previous.what!r})",
        FIXES[ASK_WITHOUT_NEW_VALUE],
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
    own: str, history: History, ladder: Ladder, size: str, sizing: Sizing | None
) -> Iterator[Hit]:
    previous = history.last_ask
    if previous is None or not size or ladder.rank(previous.size) < 0:
        return
    reply = history.reply_to(previous)
    if reply is None or reply.outcome != "no":
        return
    if ladder.rank(size) > ladder.rank(previous.size):
        yield Hit(
            ESCALATION_AFTER_NO,
            *_at(sizing),
            f"this asks for {ladder.label(size)} after a no to {ladder.label(previous.size)}"
            f" ({previous.what!r})",
            f"step down: ask for less than {ladder.label(previous.size)}, or give first",
        )


def _proportion(
    own: str, history: History, ladder: Ladder, size: str, sizing: Sizing | None
) -> Iterator[Hit]:
    if not size or not history.gifts or history.planned_strategy == "anchor":
        return
    tier = highest_tier(history)
    judgement = ladder.judge(size, value_tier=tier, yes_to=history.yes_size)
    if judgement.fits:
        return
    quoted = f" ({sizing.quote(own)!r})" if sizing and sizing.start >= 0 else ""
    yield Hit(
        DISPROPORTIONATE_ASK,
        *_at(sizing),
        f"this asks for {ladder.label(size)}{quoted}, but {judgement.reason}",
        judgement.suggestion,
    )


def _anchor(
    own: str, history: History, ladder: Ladder, size: str, sizing: Sizing | None
) -> Iterator[Hit]:
    target = history.planned_target_size
    if history.planned_strategy != "anchor" or not target or not size:
        return
    gap = ladder.rank(size) - ladder.rank(target)
    if gap <= 0:
        yield Hit(
            ANCHOR_NOT_LARGER,
            *_at(sizing),
            f"the opening request ({ladder.label(size)}) is not larger than the real one"
            f" ({ladder.label(target)}): there is nothing to concede",
            f"open with {ladder.label(ladder.anchor_above(target) or target)}",
        )
    elif gap > ladder.max_anchor_steps:
        yield Hit(
            ANCHOR_TOO_FAR,
            *_at(sizing),
            f"the opening request ({ladder.label(size)}) is {gap} rungs above the real one"
            f" ({ladder.label(target)}); more than {ladder.max_anchor_steps} reads as a sham",
            f"open with {ladder.label(ladder.anchor_above(target))}",
        )


def highest_tier(history: History) -> str:
    """The largest value tier among the gifts recorded for the prospect."""
    from outreach.models import VALUE_TIERS

    tiers = [g.value_tier for g in history.gifts if g.value_tier in VALUE_TIERS]
    return max(tiers, key=VALUE_TIERS.index) if tiers else ""


_HISTORY_CHECKS: tuple[Check, ...] = (_timing, _new_value, _escalation, _proportion, _anchor)
