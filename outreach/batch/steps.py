"""The steps a batch can run on each row, as functions of one prospect.

Each step calls the same drafting functions as `outreach gifts`, `outreach draft`
and `outreach ask` (one code path for one prospect and for ten thousand), through
a per-row view of the shared model client that counts that row's tokens, so
the results file carries each row's own usage even with many rows in flight.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast

from outreach import records
from outreach.batch.runner import Meter, RowError, RowOutcome, StepFn, fingerprint
from outreach.config import Settings
from outreach.errors import InputError, ModelError
from outreach.models import Prospect, Usage
from outreach.records import record

if TYPE_CHECKING:
    from outreach.client import ModelClient
    from outreach.prompts import PromptLibrary

T = TypeVar("T")

# Batch step -> the prompt templates whose text makes its results stale when it changes.
STEP_TEMPLATES: dict[str, tuple[str, ...]] = {
    "gifts": ("step1_identify_gift",),
    "draft": ("step1_identify_gift", "step2_deliver_value", "revise"),
    "ask": ("step4_make_request", "step4_retreat", "revise"),
}
STEPS = tuple(STEP_TEMPLATES)


@record(frozen=True)
class AskOptions:
    """`--step ask`: the same request for every row; each row's gift from the ledger."""

    request: str = ""
    strategy: str = "direct"  # direct | retreat
    anchor: str = ""  # retreat: the larger request to open with ("" = the ladder's next rung)
    given: str = ""  # the gift every row got, when the ledger does not say
    given_on: str = ""  # ISO date it went out
    ledger: str = ""  # the ledger file to read each prospect's history from

    def to_dict(self) -> dict[str, str]:
        return records.asdict(self)


class RowClient:
    """The shared client seen by one row: same requests, this row's tokens counted."""

    def __init__(self, shared: ModelClient, meter: Meter) -> None:
        self._shared = shared
        self._meter = meter

    @property
    def mode(self) -> str:
        return self._shared.mode

    @property
    def usage(self) -> Usage:
        return self._meter.usage

    async def complete_json(
        self,
        messages: list[dict[str, str]],
        *,
        schema: dict[str, Any],
        schema_name: str,
        validate: Callable[[Any], T],
        max_tokens: int | None = None,
    ) -> tuple[T, Usage]:
        try:
            value, usage = await self._shared.complete_json(
                messages,
                schema=schema,
                schema_name=schema_name,
                validate=validate,
                max_tokens=max_tokens,
            )
        except ModelError as exc:
            if exc.usage is not None:
                self._meter.add(exc.usage)  # a failed row still paid for its answers
            raise
        self._meter.add(usage)
        return value, usage


def check_step(step: str, ask: AskOptions | None = None) -> None:
    """Refuse a step the batch cannot run as asked, before any file is read."""
    if step not in STEP_TEMPLATES:
        raise InputError(f"--step {step!r}: use one of {', '.join(STEP_TEMPLATES)}")
    if step == "ask" and (ask is None or not ask.request.strip()):
        raise InputError("--step ask needs --request TEXT: what you will ask every prospect for")
    if step != "ask" and ask is not None and ask != AskOptions():
        raise InputError(
            "--request, --strategy, --anchor, --given and --given-on go with --step ask"
        )


def step_fingerprint(
    step: str, settings: Settings, prompts: PromptLibrary, ask: AskOptions | None = None
) -> str:
    """What makes a row's result stale: the step, its templates, the model, the sender
    (and for the ask, what is asked)."""
    parts: dict[str, Any] = {
        "step": step,
        "prompts": {name: prompts.fingerprint(name) for name in STEP_TEMPLATES[step]},
        "model": settings.llm.model,
        "sender": settings.sender.to_dict(),
    }
    if step == "ask" and ask is not None:
        parts["ask"] = ask.to_dict()
    return fingerprint(parts)


def make_step(
    step: str,
    *,
    settings: Settings,
    client: ModelClient,
    prompts: PromptLibrary,
    today: dt.date,
    ask: AskOptions | None = None,
) -> StepFn:
    """The coroutine function the runner calls for each row of `step`."""
    from outreach import drafting

    check_step(step, ask)

    async def gifts(prospect: Prospect, meter: Meter) -> RowOutcome:
        row_client = cast("ModelClient", RowClient(client, meter))
        ideas = await drafting.suggest_gifts(
            prospect, settings=settings, client=row_client, prompts=prompts
        )
        return RowOutcome(
            {
                "gifts": [gift.to_dict() for gift in ideas.gifts],
                "missing": list(ideas.missing),
                "thin": ideas.thin,
                "rejected": list(ideas.rejected),
            }
        )

    async def draft(prospect: Prospect, meter: Meter) -> RowOutcome:
        row_client = cast("ModelClient", RowClient(client, meter))
        ideas = await drafting.suggest_gifts(
            prospect, settings=settings, client=row_client, prompts=prompts
        )
        gift = ideas.gifts[0]  # the top-ranked idea, as `outreach draft` without --pick
        first_touch = await drafting.draft_first_touch(
            prospect, gift, settings=settings, client=row_client, prompts=prompts, today=today
        )
        message = first_touch.message
        return RowOutcome(
            {
                "gift": gift.to_dict(),
                "draft": drafting.message_fields(message),
                "follow_up": first_touch.follow_up.to_dict(),
            },
            tuple(finding.to_dict() for finding in message.findings),
        )

    async def ask_step(prospect: Prospect, meter: Meter) -> RowOutcome:
        from outreach import loop

        assert ask is not None
        row_client = cast("ModelClient", RowClient(client, meter))
        try:
            plan = loop.plan_ask(
                prospect,
                ask.request,
                history=_history(prospect, ask.ledger),
                settings=settings,
                given=ask.given or None,
                given_on=dt.date.fromisoformat(ask.given_on) if ask.given_on else None,
                strategy=ask.strategy,
                anchor=ask.anchor,
            )
        except InputError as exc:  # this row's plan cannot be made: this row fails
            raise RowError(exc.message) from None
        drafted = await loop.draft_ask(plan, settings=settings, client=row_client, prompts=prompts)
        first = drafted.messages[0]
        return RowOutcome(
            {
                "ask": plan.to_dict(),
                "draft": drafting.message_fields(first),
                "messages": [m.to_dict() for m in drafted.messages],
            },
            tuple(f.to_dict() for m in drafted.messages for f in m.findings),
        )

    return {"gifts": gifts, "draft": draft, "ask": ask_step}[step]


def _history(prospect: Prospect, ledger: str) -> Any:
    """The prospect's history in the ledger; none yet (or no ledger file) is empty."""
    from outreach.ledger import History, Ledger, system_clock

    path = Path(ledger) if ledger else None
    if path is None or not path.exists():
        return History(prospect.key, (), now=system_clock())
    with Ledger.open(path) as book:
        return book.history(prospect)
