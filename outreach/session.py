"""The one place a command gets a model client for the length of a run."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING

from outreach.config import Settings

if TYPE_CHECKING:
    from outreach.client import ModelClient


@contextlib.asynccontextmanager
async def model_session(settings: Settings) -> AsyncIterator[ModelClient]:
    """Build the client for the configured provider and close it after the run."""
    from outreach.client import build_client

    client = build_client(settings.llm)
    try:
        yield client
    finally:
        await client.aclose()
