"""The steps a batch can run on each row, as functions of one prospect.

Each step calls the same drafting functions as `outreach gifts` and
`outreach draft` (one code path for one prospect and for ten thousand), through
a per-row view of the shared model client that counts that row's tokens, so
the results file carries each row's own usage even with many rows in flight.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar, cast

from outreach.batch.runner import Meter, RowOutcome, StepFn, fingerprint
from outreach.config import Settings
from outreach.errors import InputError
from outreach.models import Prospect, Usage

if TYPE_CHECKING:
    from outreach.client import ModelClient
    from outreach.prompts import PromptLibrary

T = TypeVar("T")

# Batch step -> the prompt templates whose text makes its results stale when it changes.
STEP_TEMPLATES: dict[str, tuple[str, ...]] = {
    "gifts": ("step1_identify_gift",),
    "draft": ("step1_identify_gift", "step2_deliver_value", "revise"),
}
# Requests one row usually makes (the revise request only happens on checker errors).
CALLS_PER_ROW = {"gifts": 1, "draft": 2}
STEPS = ("gifts", "draft", "ask")
ASK_NOT_AVAILABLE = (
    "--step ask is not available yet: the follow-up ask (step 4) has no drafting "
    "function to run; use --step gifts or --step draft"
)


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
        value, usage = await self._shared.complete_json(
            messages,
            schema=schema,
            schema_name=schema_name,
            validate=validate,
            max_tokens=max_tokens,
        )
        self._meter.add(usage)
        return value, usage


def check_step(step: str) -> None:
    """Refuse a step the batch cannot run (yet), before any file is read."""
    if step == "ask":
        raise InputError(ASK_NOT_AVAILABLE)
    if step not in STEP_TEMPLATES:
        raise InputError(f"--step {step!r}: use one of {', '.join(STEP_TEMPLATES)}")


def step_fingerprint(step: str, settings: Settings, prompts: PromptLibrary) -> str:
    """What makes a row's result stale: the step, its templates, the model and the sender."""
    return fingerprint(
        {
            "step": step,
            "prompts": {name: prompts.fingerprint(name) for name in STEP_TEMPLATES[step]},
            "model": settings.llm.model,
            "sender": settings.sender.to_dict(),
        }
    )


def make_step(
    step: str,
    *,
    settings: Settings,
    client: ModelClient,
    prompts: PromptLibrary,
    today: dt.date,
) -> StepFn:
    """The coroutine function the runner calls for each row of `step`."""
    from outreach import drafting

    check_step(step)

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
                "draft": {
                    "subject": message.subject,
                    "body": message.body,
                    "revised": message.revised,
                },
                "follow_up": first_touch.follow_up.to_dict(),
            },
            tuple(finding.to_dict() for finding in message.findings),
        )

    return {"gifts": gifts, "draft": draft}[step]
