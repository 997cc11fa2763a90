"""The one place a command gets a model client for the length of a run."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Generic, TypeVar

from outreach.config import Settings
from outreach.models import Usage

if TYPE_CHECKING:
    from outreach.client import ModelClient

T = TypeVar("T")


@contextlib.asynccontextmanager
async def model_session(settings: Settings) -> AsyncIterator[ModelClient]:
    """Build the client for the configured provider and close it after the run."""
    from outreach.client import build_client

    client = build_client(settings.llm)
    try:
        yield client
    finally:
        await client.aclose()


@dataclass(frozen=True)
class ModelRun(Generic[T]):
    """What a command's work returned, what it spent, and how JSON was obtained."""

    result: T
    usage: Usage
    mode: str  # the structured-output mode that worked


def run_with_model(settings: Settings, work: Callable[[ModelClient], Awaitable[T]]) -> ModelRun[T]:
    """Run `work(client)` to completion from synchronous code (a CLI command)."""

    async def run() -> ModelRun[T]:
        async with model_session(settings) as client:
            result = await work(client)
            return ModelRun(result, client.usage, client.mode)

    return asyncio.run(run())
