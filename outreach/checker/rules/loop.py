"""OR6xx timing and OR7xx proportion: the ask against the ledger's history.

These rules run at the ``ask`` stage, but for OR605, which reads a first-touch
message alone: an ask in a message that gives nothing. All but OR605 and OR705 need
``CheckContext.history`` (an ``outreach.ledger.History``: what was given and
asked, when, and how it was answered); ``outreach lint --prospect FILE
--stage ask`` reads it from the ledger, and ``outreach ask`` passes it for
its drafts. The logic lives in ``outreach.loop_rules``; this module declares
the rules. Examples that need a history are ``HistoryExample``s.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from outreach.checker.model import Example, Hit, Rule
from outreach.checker.rules.transactional import ask_without_gift
from outreach.checker.scan import Scan
from outreach.loop_rules import FIXES, hits_in
from outreach.records import record

TYPE_CHECKING = False  # typing is not imported at run time (see outreach.records)

if TYPE_CHECKING:  # the ledger is imported only when a history is read: lint at first-touch
    import datetime as dt

    from outreach.ledger import History  # never needs it

# An example event: (number, kind, days after the gift, its other fields), and an
# example history: (events, days after the gift it is read at, the size an anchor is for).
# Plain tuples: the History is built only when an example is read.
_EventSpec = tuple[int, str, float, tuple[tuple[str, str], ...]]
_HistorySpec = tuple[tuple[_EventSpec, ...], float, str]


@record(frozen=True)
class HistoryExample(Example):
    """An example read with a ledger history (the prospect's gifts, asks and replies)."""

    recipe: _HistorySpec | None = None

    @property
    def history(self) -> History | None:
        return _build_history(*self.recipe) if self.recipe is not None else None


def _check(code: str) -> Callable[[Scan], Iterator[Hit]]:
    def check(scan: Scan) -> Iterator[Hit]:
        hits = scan.cache.get("loop_hits")
        if not isinstance(hits, list):
            history = scan.context.history
            if history is not None:
                from outreach.ledger import History

                history = history if isinstance(history, History) else None
            hits = hits_in(scan.own, stage=scan.stage, history=history)
            scan.cache["loop_hits"] = hits
        for hit in hits:
            if hit.code != code:
                continue
            start = max(hit.offset, 0)
            end = start + hit.length if hit.offset >= 0 else start
            # A fix that depends on the case (the smaller ask) goes in the message;
            # the rule's own suggestion is shown beside it anyway.
            dynamic = hit.suggestion and hit.suggestion != FIXES.get(code)
            yield start, end, f"{hit.message}; {hit.suggestion}" if dynamic else hit.message

    return check


# Example histories: a gift on 2030-03-04 09:00 UTC, then what the rule needs.
_KEY = "priya.raman@northwind.example"


def _at(days: float) -> dt.datetime:
    import datetime as dt  # only when an example history is built

    return dt.datetime(2030, 3, 4, 9, 0, tzinfo=dt.UTC) + dt.timedelta(days=days)


def _event(n: int, kind: str, days: float, **fields: str) -> _EventSpec:
    return n, kind, days, tuple(fields.items())


_GIFT = _event(1, "gift", 0, what="a no-show benchmark", value_tier="token", channel="email")
_ASKED_CALL = _event(2, "ask", 3, what="a 15-minute call", size="call", strategy="direct")
_NO = _event(3, "reply", 4, outcome="no")
_NEW_GIFT = _event(4, "gift", 6, what="an introduction", value_tier="substantial")


def _history(*events: _EventSpec, now: float = 3, anchor_for: str = "") -> _HistorySpec:
    """A history at `now` days after the gift; `anchor_for`: the check is of an anchor."""
    return events, now, anchor_for


def _build_history(events: tuple[_EventSpec, ...], now: float, anchor_for: str) -> History:
    from outreach.ledger import Event, History

    strategy = "anchor" if anchor_for else ""
    return History(
        _KEY,
        tuple(Event(n, _KEY, kind, _at(days), **dict(fields)) for n, kind, days, fields in events),
        now=_at(now),
        planned_strategy=strategy,
        planned_target_size=anchor_for,
    )


def _ex(text: str, history: _HistorySpec | None) -> HistoryExample:
    return HistoryExample(text, stage="ask", recipe=history)


_CALL = "Would a 15-minute call on Thursday be useful?"

ASK_TOO_SOON = Rule(
    code="OR601",
    name="ask-too-soon",
    category="timing",
    severity="warning",
    confidence=0.9,
    message="{detail}",
    suggestion=FIXES["OR601"],
    what="Compares the moment the ask goes out with the maturation window of the last gift "
    "(context, value tier and channel; `[timing]` in the config).",
    why="An ask right after the gift makes the gift look like a setup: the obligation has not "
    "formed, and the generosity reads as a tactic.",
    example="The benchmark went out two hours ago; now: 'Would a 15-minute call work?'",
    instead="The same ask, sent once the window opens two days later.",
    check=_check("OR601"),
    flag=(_ex(_CALL, _history(_GIFT, now=1 / 12)),),
    passes=(_ex(_CALL, _history(_GIFT, now=3)), _ex(_CALL, None)),
    stages=("ask",),
)
ASK_TOO_LATE = Rule(
    code="OR602",
    name="ask-too-late",
    category="timing",
    severity="warning",
    confidence=0.85,
    message="{detail}",
    suggestion=FIXES["OR602"],
    what="Compares the moment the ask goes out with the close of the last gift's window.",
    why="The felt obligation fades: weeks later the link between gift and ask is gone and the "
    "ask arrives cold.",
    example="The benchmark went out five weeks ago; now: 'Would a 15-minute call work?'",
    instead="A new finding first, and the ask inside that gift's window.",
    check=_check("OR602"),
    flag=(_ex(_CALL, _history(_GIFT, now=35)),),
    passes=(_ex(_CALL, _history(_GIFT, now=5)),),
    stages=("ask",),
)
ASK_BEFORE_GIFT = Rule(
    code="OR603",
    name="ask-before-gift",
    category="timing",
    severity="warning",
    confidence=0.8,
    message="{detail}",
    suggestion=FIXES["OR603"],
    what="Looks in the ledger for any gift to the prospect before an ask.",
    why="Reciprocity starts with giving; an ask with nothing given before it is a cold pitch.",
    example="A first email to a new prospect: 'Could we meet with your team next week?'",
    instead="A first email that gives something useful and asks for nothing.",
    check=_check("OR603"),
    flag=(_ex("Could we meet with your team next week?", _history()),),
    passes=(_ex(_CALL, _history(_GIFT)),),
    stages=("ask",),
)
ASK_WITHOUT_NEW_VALUE = Rule(
    code="OR604",
    name="ask-without-new-value",
    category="timing",
    severity="warning",
    confidence=0.85,
    message="{detail}",
    suggestion=FIXES["OR604"],
    what="Looks for a gift recorded between the previous ask and this one. The retreat after "
    "the opening request's 'no' is exempt: it is the concession itself.",
    why="Asking again without giving again makes the pattern visible ('just checking in'): "
    "people disengage once each gift looks like a lever.",
    example="A week after the first ask, with nothing new: 'Just checking in on that call?'",
    instead="A new finding for them, and no ask in the same email.",
    check=_check("OR604"),
    flag=(_ex("Just checking in: would a quick call work?", _history(_GIFT, _ASKED_CALL, now=8)),),
    passes=(
        _ex(_CALL, _history(_GIFT, _ASKED_CALL, _event(3, "gift", 5, what="an intro"), now=8)),
    ),
    stages=("ask",),
)
PITCH_BEFORE_GIFT = Rule(
    code="OR605",
    name="pitch-before-gift",
    category="timing",
    severity="info",
    confidence=0.6,
    message="the first touch asks before it gives the reader anything: {quote}",
    suggestion="open with something useful to this reader (a finding, a resource, an "
    "introduction) and keep the request for a later message",
    what="At stage first-touch, flags a request for a call, a meeting, a demo, a trial, an "
    "introduction or a purchase in a message that gives or offers the reader nothing: a plain "
    "pitch. OR603 asks the same of the ledger at the ask stage. Advice at info severity, so it "
    "fails no run at the default --fail-on error.",
    why="A plain pitch is no exchange, so it is not transactional; but it asks too soon: the "
    "sequence that earns a yes starts with a gift, and an ask first spends attention the "
    "sender has not earned.",
    example="We automate bank reconciliations. Open to a 20-minute walkthrough?",
    instead="Your close checklist skips the card feeds; here is the five-step fix we use.",
    check=ask_without_gift,
    stages=("first-touch",),
    flag=(
        "We automate bank reconciliations. Open to a 20-minute walkthrough?",
        "Worth a 15-minute chat next week?",
        "Up for a coffee next time you're in Austin?",
        "Would you be the right person to loop in on this, or is it someone in IT?",
        "We automate bank reconciliations. Could we set something up for next week?",
    ),
    passes=(
        "Here's the benchmark. Are you free Thursday for a quick call?",
        Example("Would Thursday work for a 20-minute call?", stage="ask"),
        "We automate bank reconciliations for finance teams like yours.",
        "No call needed: everything is in the memo.",
    ),
)
DISPROPORTIONATE_ASK = Rule(
    code="OR701",
    name="disproportionate-ask",
    category="proportion",
    severity="warning",
    confidence=0.8,
    message="{detail}",
    suggestion="ask for the smaller request the finding names",
    what="Places the ask on the request ladder (`[proportion] ladder`: reply < call < meeting "
    "< trial < purchase) and compares it with the largest ask the gift's value tier supports "
    "(`[proportion] fits`), one rung higher after an earlier yes.",
    why="Reciprocity follows perceived value: a token gift followed by a request for a pilot "
    "reads as bait, and the reader refuses the gift's debt altogether.",
    example="After a one-page benchmark: 'Could we start a two-week pilot at your site?'",
    instead="After a one-page benchmark: 'Would a 15-minute call to compare notes help?'",
    check=_check("OR701"),
    flag=(_ex("Could we start a two-week pilot at your Joliet site?", _history(_GIFT)),),
    passes=(_ex(_CALL, _history(_GIFT)),),
    stages=("ask",),
)
ESCALATION_AFTER_NO = Rule(
    code="OR702",
    name="escalation-after-no",
    category="proportion",
    severity="error",
    confidence=0.9,
    message="{detail}",
    suggestion="step down: ask for less than what they refused, or give first",
    what="Compares the ask's rung with the previous ask's when the ledger records a 'no' to it.",
    why="After a refusal the only persuasive move is a real concession; a bigger ask is "
    "pressure, and it ends the exchange.",
    example="They declined a call; the next email proposes a demo for the whole team.",
    instead="'Would a one-line reply with the metric you track be easier?'",
    check=_check("OR702"),
    flag=(
        _ex(
            "Could we set up a demo for your team instead?",
            _history(_GIFT, _ASKED_CALL, _NO, _NEW_GIFT, now=8),
        ),
    ),
    passes=(
        _ex(
            "Would a short reply with the one metric you track be possible?",
            _history(_GIFT, _ASKED_CALL, _NO, _NEW_GIFT, now=8),
        ),
    ),
    stages=("ask",),
)
ANCHOR_NOT_LARGER = Rule(
    code="OR703",
    name="anchor-not-larger",
    category="proportion",
    severity="error",
    confidence=0.9,
    message="{detail}",
    suggestion="open with a genuinely larger request you would accept",
    what="With `--strategy retreat`, compares the opening request's rung with the real one's.",
    why="Rejection-then-retreat works through a visible concession; with no step down there "
    "is nothing to concede, and the second message is just a second ask.",
    example="Opening with a 15-minute call in order to retreat to a 15-minute call.",
    instead="Opening with a meeting with the team, retreating to a 15-minute call.",
    check=_check("OR703"),
    flag=(_ex(_CALL, _history(_GIFT, anchor_for="call")),),
    passes=(
        _ex(
            "Could we set up a meeting with your team next week?",
            _history(_GIFT, anchor_for="call"),
        ),
    ),
    stages=("ask",),
)
ANCHOR_TOO_FAR = Rule(
    code="OR704",
    name="absurd-anchor",
    category="proportion",
    severity="error",
    confidence=0.85,
    message="{detail}",
    suggestion="open one or two rungs above the real request, with something you would accept",
    what="With `--strategy retreat`, counts the rungs between the opening request and the real "
    "one; more than `[proportion] max_anchor_steps` is flagged.",
    why="The retreat persuades only when the first request is real, one the sender would "
    "accept; an absurd opener is seen through and taints the real request.",
    example="Opening with a signed contract in order to retreat to a 15-minute call.",
    instead="Opening with a meeting with the team, retreating to a 15-minute call.",
    check=_check("OR704"),
    flag=(
        _ex(
            "Shall I send the contract so we can start next month?",
            _history(_GIFT, anchor_for="call"),
        ),
    ),
    passes=(
        _ex(
            "Could we set up a meeting with your team next week?",
            _history(_GIFT, anchor_for="call"),
        ),
    ),
    stages=("ask",),
)
SHAM_ANCHOR = Rule(
    code="OR705",
    name="sham-anchor",
    category="proportion",
    severity="error",
    confidence=0.9,
    message="{detail}",
    suggestion=FIXES["OR705"],
    what="Flags copy that admits the request is not meant or expected to succeed ('I know "
    "you'll say no', 'just kidding'), or that names the door-in-the-face technique.",
    why="A request the sender does not mean is a trick: when the copy admits it, the concession "
    "that follows is no concession, and trust goes with it.",
    example="I know you'll say no, but would you sign a year's contract?",
    instead="Would a two-week pilot on one dock be worth trying?",
    check=_check("OR705"),
    flag=(
        Example("I know you'll say no, but would you commit to a pilot?", stage="ask"),
        Example("I don't really expect you to agree, but could we meet?", stage="ask"),
        Example("Just kidding about the contract! Would a call work?", stage="ask"),
    ),
    passes=(
        Example("Would a two-week pilot on one dock be worth trying?", stage="ask"),
        Example("If the answer is no, that's completely fine.", stage="ask"),
    ),
    stages=("ask",),
)

RULES = (
    ASK_TOO_SOON,
    ASK_TOO_LATE,
    ASK_BEFORE_GIFT,
    ASK_WITHOUT_NEW_VALUE,
    PITCH_BEFORE_GIFT,
    DISPROPORTIONATE_ASK,
    ESCALATION_AFTER_NO,
    ANCHOR_NOT_LARGER,
    ANCHOR_TOO_FAR,
    SHAM_ANCHOR,
)
