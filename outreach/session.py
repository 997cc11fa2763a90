"""The one place a command gets a model client for the length of a run."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Generic, TypeVar

from outreach.config import Settings
from outreach.models import Usage
from outreach.records import record

if TYPE_CHECKING:
    from outreach.client import ModelClient

T = TypeVar("T")


@record(frozen=True)
class ModelRun(Generic[T]):
    """What a command's work returned, what it spent, and how JSON was obtained."""

    result: T
    usage: Usage
    mode: str  # the structured-output mode that worked


def run_with_model(settings: Settings, work: Callable[[ModelClient], Awaitable[T]]) -> ModelRun[T]:
    """Run `work(client)` to completion from synchronous code (a CLI command).

    The client for the configured provider is closed after the run, however it ends.
    """
    from outreach.client import build_client

    async def run() -> ModelRun[T]:
        async with build_client(settings.llm) as client:
            result = await work(client)
            return ModelRun(result, client.usage, client.mode)

    return asyncio.run(run())
