"""Steps 3 to 5 as functions: plan and draft the ask, the retreat, the thanks, the sequence.

Each drafted message goes through ``drafting.write_message`` (signature,
checker, one revision on errors) with the ledger's view of the prospect, so
the timing and proportion rules see the gift, the window and the earlier asks.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from outreach.config import Settings
from outreach.errors import InputError
from outreach.ledger import Event, History, as_datetime, system_clock
from outreach.loop_rules import Hit, hits_in
from outreach.models import VALUE_TIERS, Gift, Prospect, Usage
from outreach.proportion import Judgement, Ladder
from outreach.records import field, record, replace
from outreach.timing import AskWindow, TimingVerdict, ask_window, assess, check_context

if TYPE_CHECKING:
    from outreach.checker import Finding
    from outreach.client import ModelClient
    from outreach.drafting import Drafted
    from outreach.prompts import PromptLibrary

STRATEGIES = ("direct", "retreat")


@record(frozen=True)
class AskPlan:
    """Everything decided before a word is drafted: the gift, the window, the sizes."""

    prospect: Prospect
    request: str
    size: str  # the request's rung on the ladder, "" when it cannot be placed
    strategy: str  # direct | retreat
    gift: Event | None  # the gift the ask follows (from the ledger or --given)
    window: AskWindow | None
    timing: TimingVerdict | None
    judgement: Judgement | None
    history: History  # the ledger's view, with the plan of the (first) message
    anchor: str = ""  # retreat: the larger, real request that opens
    anchor_size: str = ""
    ladder: Ladder | None = field(default=None, repr=False)
    warnings: tuple[Hit, ...] = ()  # what the timing and proportion rules say of the plan

    @property
    def label(self) -> str:
        return self.ladder.label(self.size) if self.ladder and self.size else ""

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "request": {"text": self.request, "size": self.size},
            "strategy": self.strategy,
            "gift": _gift_dict(self.gift),
            "window": self.window.to_dict() if self.window else None,
            "timing": (
                {"status": self.timing.status, "message": self.timing.message}
                if self.timing
                else None
            ),
            "proportion": (
                {
                    "size": self.judgement.size,
                    "allowed": self.judgement.allowed,
                    "fits": self.judgement.fits,
                    "reason": self.judgement.reason,
                    "suggestion": self.judgement.suggestion,
                }
                if self.judgement
                else None
            ),
        }
        if self.strategy == "retreat":
            data["anchor"] = {"text": self.anchor, "size": self.anchor_size}
        data["warnings"] = self.warnings_data()
        return data

    def warnings_data(self) -> list[dict[str, str]]:
        return [
            {"rule": w.code, "message": w.message, "suggestion": w.suggestion}
            for w in self.warnings
        ]


@record(frozen=True)
class LoopMessage:
    """One drafted message of the loop, with what the checker still finds in it."""

    role: str  # first-touch | ask | anchor | retreat | thanks
    subject: str
    body: str
    findings: tuple[Finding, ...] = ()
    revised: bool = False
    revision_error: str = ""  # why the revision the checker asked for could not be used

    @classmethod
    def of(cls, role: str, drafted: Drafted) -> LoopMessage:
        """A message `drafting.write_message` drafted, in its place in the loop."""
        from outreach.drafting import message_fields

        return cls(role, findings=drafted.findings, **message_fields(drafted))

    def to_dict(self) -> dict[str, Any]:
        from outreach.drafting import message_fields

        return {
            "role": self.role,
            **message_fields(self),
            "findings": [f.to_dict() for f in self.findings],
        }


@record(frozen=True)
class AskDraft:
    plan: AskPlan
    messages: tuple[LoopMessage, ...]
    usage: Usage


@record(frozen=True)
class ThanksPlan:
    prospect: Prospect
    reciprocated: str
    given: tuple[str, ...]
    next_value: tuple[str, ...]
    history: History


# ---------------------------------------------------------------- step 4: plan


def plan_ask(
    prospect: Prospect,
    request: str,
    *,
    history: History,
    settings: Settings,
    given: str | None = None,
    given_on: dt.date | dt.datetime | None = None,
    tier: str = "",
    channel: str = "",
    strategy: str = "direct",
    anchor: str = "",
    size: str = "",
    context: str = "sales",
) -> AskPlan:
    """Decide the ask before drafting it: which gift, which window, which sizes."""
    request = request.strip()
    if not request:
        raise InputError("--request is empty; say what you will ask for")
    if strategy not in STRATEGIES:
        raise InputError(f"--strategy {strategy!r} is not one of {', '.join(STRATEGIES)}")
    check_context(context)
    ladder = Ladder.from_settings(settings.proportion)
    size = ladder.checked(size, "--size") or ladder.size_of(request)
    gift, dated = _gift(prospect, history, given, given_on, tier, channel)
    if gift is not None and not any(e.id == gift.id for e in history.events):
        events = sorted((*history.events, gift), key=lambda e: (e.at, e.id))
        history = replace(history, events=tuple(events))
    window = verdict = None
    if gift is not None and dated:
        window = gift.ask_window(context=context, settings=settings.timing)
        if history.now is not None:
            verdict = assess(window, history.now)
    judgement = None
    if gift is not None and size:
        # What was given in all, as the checker's proportion rule weighs it (OR701).
        from outreach.loop_rules import highest_tier

        tier = highest_tier(history) or gift.value_tier
        judgement = ladder.judge(size, value_tier=tier, yes_to=history.yes_size)
    anchor_size = ""
    if strategy == "retreat":
        anchor = anchor.strip()
        if not anchor:
            above = ladder.anchor_above(size) if size else ""
            if not above:
                raise InputError(
                    "--strategy retreat needs a larger request to open with; give --anchor TEXT"
                    " (one you would really accept)"
                )
            anchor = ladder.label(above)
        anchor_size = ladder.size_of(anchor)
    first = (anchor_size, "anchor") if strategy == "retreat" else (size, "direct")
    viewed = history.with_plan(
        size=first[0],
        strategy=first[1],
        target_size=size if strategy == "retreat" else "",
        context=context,
        settings=settings,
    )
    if gift is not None and not dated:
        viewed = replace(viewed, now=None)  # --given with no --given-on: no window to judge
    warnings = hits_in(anchor if strategy == "retreat" else request, stage="ask", history=viewed)
    if strategy == "retreat":
        retreat = viewed.with_plan(size=size, strategy="retreat", settings=settings)
        seen = {w.code for w in warnings}
        warnings += [
            w for w in hits_in(request, stage="ask", history=retreat) if w.code not in seen
        ]
    return AskPlan(
        prospect,
        request,
        size,
        strategy,
        gift,
        window,
        verdict,
        judgement,
        viewed,
        anchor,
        anchor_size,
        ladder,
        tuple(warnings),
    )


def _gift(
    prospect: Prospect,
    history: History,
    given: str | None,
    given_on: dt.date | dt.datetime | None,
    tier: str,
    channel: str,
) -> tuple[Event | None, bool]:
    """The gift an ask follows, and whether we know when it went out."""
    last = history.last_gift
    if given is None and given_on is None and not tier and not channel:
        return last, last is not None
    if tier and tier not in VALUE_TIERS:
        raise InputError(f"--tier {tier!r} is not one of {', '.join(VALUE_TIERS)}")
    if given is not None and not given.strip():
        raise InputError("--given is empty; say what was given")
    now = history.now or system_clock()  # the default clock, as for an unclocked ledger
    base = last if given is None else None  # flags refine the ledger's gift, or replace it
    if given_on is not None:  # a time matters for a gift given live
        at, dated = as_datetime(given_on, now), True
    elif base is not None:
        at, dated = base.at, True
    else:
        at, dated = now, False
    gift = Event(
        id=0,
        prospect_key=prospect.key,
        kind="gift",
        at=at,
        what=(given or "").strip() or (base.what if base else "the gift"),
        value_tier=tier or (base.value_tier if base else ""),
        channel=channel or (base.channel if base else "email"),
    )
    return gift, dated


def _gift_dict(gift: Event | None) -> dict[str, Any] | None:
    if gift is None:
        return None
    return {
        "what": gift.what,
        "value_tier": gift.value_tier,
        "channel": gift.channel,
        "given_at": gift.at.isoformat(),
    }


# ---------------------------------------------------------------- step 4: draft


def ask_prompts(plan: AskPlan, settings: Settings) -> list[tuple[str, dict[str, Any]]]:
    """The (step, variables) of every message the plan needs, in sending order."""
    common = {
        "prospect": plan.prospect.to_dict(),
        "sender": settings.sender.to_dict(),
        "gift": _gift_dict(plan.gift) or {"what": "(nothing recorded)"},
    }
    history = [_history_line(e) for e in plan.history.events if e.id != 0]
    if plan.strategy == "direct":
        return [
            (
                "step4_make_request",
                common
                | {
                    "request": plan.request,
                    "request_label": plan.label,
                    "role": "direct",
                    "history": history,
                },
            )
        ]
    ladder = plan.ladder or Ladder.from_settings(settings.proportion)
    anchor_label = ladder.label(plan.anchor_size) if plan.anchor_size else ""
    return [
        (
            "step4_make_request",
            common
            | {
                "request": plan.anchor,
                "request_label": anchor_label,
                "role": "anchor",
                "history": history,
            },
        ),
        (
            "step4_retreat",
            common | {"anchor": plan.anchor, "request": plan.request, "request_label": plan.label},
        ),
    ]


def _history_line(event: Event) -> dict[str, str]:
    line = {"kind": event.kind, "date": event.at.date().isoformat(), "what": event.what}
    for name in ("size", "outcome"):
        if getattr(event, name):
            line[name] = getattr(event, name)
    return line


async def draft_ask(
    plan: AskPlan, *, settings: Settings, client: ModelClient, prompts: PromptLibrary
) -> AskDraft:
    """Step 4: the ask (or the anchor and its retreat), each checked and revised once."""
    before = client.usage
    roles = ("ask",) if plan.strategy == "direct" else ("anchor", "retreat")
    messages = []
    for role, (step, variables) in zip(roles, ask_prompts(plan, settings), strict=True):
        history = plan.history
        if role == "retreat":
            history = history.with_plan(size=plan.size, strategy="retreat", settings=settings)
        messages.append(
            await write_checked(
                step,
                variables,
                role=role,
                stage="ask",
                prospect=plan.prospect,
                history=history,
                settings=settings,
                client=client,
                prompts=prompts,
            )
        )
    return AskDraft(plan, tuple(messages), client.usage - before)


async def write_checked(
    step: str,
    variables: dict[str, Any],
    *,
    role: str,
    stage: str,
    prospect: Prospect,
    history: History | None,
    settings: Settings,
    client: ModelClient,
    prompts: PromptLibrary,
) -> LoopMessage:
    """write_message with the ledger's view of the prospect, as a message of the plan."""
    from outreach.drafting import write_message

    drafted = await write_message(
        step,
        variables,
        stage=stage,
        prospect=prospect,
        settings=settings,
        client=client,
        prompts=prompts,
        history=history,
    )
    return LoopMessage.of(role, drafted)


# ---------------------------------------------------------------- step 5


def plan_thanks(
    prospect: Prospect,
    *,
    history: History,
    settings: Settings,
    reciprocated: str | None = None,
) -> ThanksPlan:
    """What they did (the ledger's last yes, or --reciprocated) and what to give next."""
    if reciprocated is not None:
        did = reciprocated.strip()
        if not did:
            raise InputError("--reciprocated is empty; say what they did")
    else:
        found = history.last_yes
        if found is None:
            raise InputError(
                f"the ledger has no yes from {prospect.key}; record it with"
                " `outreach log reply PROSPECT yes`, or say what they did with --reciprocated TEXT"
            )
        reply, ask = found
        did = f"said yes to {ask.what}" if ask is not None else (reply.what or "said yes")
        if reply.what and ask is not None:
            did += f" ({reply.what})"
    given = tuple(dict.fromkeys(g.what for g in history.gifts))
    given_lower = {g.lower() for g in given}
    next_value = tuple(a for a in settings.sender.assets if a.lower() not in given_lower)
    return ThanksPlan(prospect, did, given, next_value, history)


def thanks_prompt(plan: ThanksPlan, settings: Settings) -> tuple[str, dict[str, Any]]:
    return (
        "step5_reinforce",
        {
            "prospect": plan.prospect.to_dict(),
            "sender": settings.sender.to_dict(),
            "reciprocated": plan.reciprocated,
            "given": list(plan.given),
            "next_value": list(plan.next_value),
        },
    )


async def draft_thanks(
    plan: ThanksPlan, *, settings: Settings, client: ModelClient, prompts: PromptLibrary
) -> LoopMessage:
    """Step 5: sincere thanks naming what they did, the next value, no new ask."""
    step, variables = thanks_prompt(plan, settings)
    return await write_checked(
        step,
        variables,
        role="thanks",
        stage="thank",
        prospect=plan.prospect,
        history=plan.history,
        settings=settings,
        client=client,
        prompts=prompts,
    )


# ---------------------------------------------------------------- the sequence


@record(frozen=True)
class Step:
    """One dated step of the plan, with its message when there is one."""

    kind: str  # gift | ask | anchor | retreat | thanks
    title: str
    on: dt.date  # the day to act
    until: dt.date | None = None  # the last day (the ask window)
    condition: str = ""  # "after a no", "after the yes"
    message: LoopMessage | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "title": self.title,
            "date": self.on.isoformat(),
            "until": self.until.isoformat() if self.until else None,
            "condition": self.condition,
            "message": self.message.to_dict() if self.message else None,
        }


@record(frozen=True)
class Sequence:
    prospect: Prospect
    gift: Gift
    start: dt.date
    window: AskWindow
    plan: AskPlan
    steps: tuple[Step, ...]
    usage: Usage

    def to_dict(self) -> dict[str, Any]:
        return {
            "prospect": self.prospect.to_dict(),
            "gift": self.gift.to_dict(),
            "start": self.start.isoformat(),
            "window": self.window.to_dict(),
            "request": {"text": self.plan.request, "size": self.plan.size},
            "strategy": self.plan.strategy,
            "warnings": self.plan.warnings_data(),
            "steps": [s.to_dict() for s in self.steps],
            "usage": self.usage.to_dict(),
        }


def sequence_dates(
    start: dt.date, window: AskWindow, *, strategy: str, settings: Settings
) -> dict[str, dt.date]:
    """The day of each step: give on day 0, ask when the window opens, then retreat, thanks."""
    ask_on = window.window.earliest
    dates = {"gift": start, "ask": ask_on}
    last = ask_on
    if strategy == "retreat":
        last = ask_on + dt.timedelta(days=settings.timing.retreat_after_days)
        dates["retreat"] = last
    dates["thanks"] = last + dt.timedelta(days=settings.timing.thank_within_days)
    return dates


async def plan_sequence(
    prospect: Prospect,
    request: str,
    *,
    start: dt.date,
    now: dt.datetime,
    settings: Settings,
    client: ModelClient,
    prompts: PromptLibrary,
    gift: Gift | None = None,
    pick: int = 1,
    strategy: str = "direct",
    anchor: str = "",
    context: str = "sales",
) -> Sequence:
    """The whole loop in one go: gift, first touch, window, ask (and retreat), thanks."""
    from outreach import drafting

    # Plan the ask once with a stand-in gift before any model call: an empty --request,
    # an unknown --strategy or a retreat with no larger request is then an error that
    # costs nothing, instead of one found after steps 1 and 2 were paid for.
    stand_in = Event(0, prospect.key, "gift", now, "(the gift)", "", "email")
    plan_ask(
        prospect,
        request,
        history=History(prospect.key, (stand_in,), now=now),
        settings=settings,
        strategy=strategy,
        anchor=anchor,
        context=context,
    )
    before = client.usage
    if gift is None:
        ideas = await drafting.suggest_gifts(
            prospect, settings=settings, client=client, prompts=prompts
        )
        gift = drafting.pick_gift(ideas, pick)
    first = await drafting.draft_first_touch(
        prospect, gift, settings=settings, client=client, prompts=prompts, today=start
    )
    given_at = as_datetime(start, now)
    window = ask_window(
        given_at,
        context=context,
        value_tier=gift.value_tier,
        channel="email",
        settings=settings.timing,
    )
    planned_gift = Event(0, prospect.key, "gift", given_at, gift.what, gift.value_tier, "email")
    history = History(prospect.key, (planned_gift,), now=window.opens)
    plan = plan_ask(
        prospect,
        request,
        history=history,
        settings=settings,
        strategy=strategy,
        anchor=anchor,
        context=context,
    )
    asked = await draft_ask(plan, settings=settings, client=client, prompts=prompts)
    reciprocated = f"said yes to {plan.request}"
    thanks_plan = plan_thanks(
        prospect,
        history=history,
        settings=settings,
        reciprocated=reciprocated,
    )
    thanks = await draft_thanks(thanks_plan, settings=settings, client=client, prompts=prompts)
    dates = sequence_dates(start, window, strategy=strategy, settings=settings)
    steps = [
        Step(
            "gift",
            f"Give: send the first-touch email delivering {gift.what}",
            dates["gift"],
            message=LoopMessage.of("first-touch", first.message),
        )
    ]
    by_role = {m.role: m for m in asked.messages}
    if strategy == "retreat":
        steps.append(
            Step(
                "anchor",
                f"Ask (opening request): {plan.anchor}",
                dates["ask"],
                window.window.latest,
                message=by_role["anchor"],
            )
        )
        steps.append(
            Step(
                "retreat",
                f"Retreat to the real request: {plan.request}",
                dates["retreat"],
                condition="only after a no to the opening request",
                message=by_role["retreat"],
            )
        )
    else:
        steps.append(
            Step(
                "ask",
                f"Ask: {plan.request}",
                dates["ask"],
                window.window.latest,
                message=by_role["ask"],
            )
        )
    steps.append(
        Step(
            "thanks",
            "Thank them and give the next piece of value",
            dates["thanks"],
            condition="after the yes",
            message=thanks,
        )
    )
    return Sequence(prospect, gift, start, window, plan, tuple(steps), client.usage - before)
