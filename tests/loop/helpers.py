"""Building blocks for the loop and drafting tests: a settable clock, prospects, model answers."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

import httpx

from outreach.models import Prospect

T0 = dt.datetime(2030, 3, 4, 9, 0, tzinfo=dt.UTC)  # an arbitrary fixed moment

PRIYA = Prospect(
    name="Priya Raman",
    company="Northwind Logistics",
    email="Priya.Raman@northwind.example",
    facts=("Wrote that missed dock appointments cost her team most of their overtime",),
)
NO_EMAIL = Prospect(name="Sam Okafor", company="Brightline")


@dataclass
class FakeClock:
    """A clock the test moves by hand."""

    now: dt.datetime = T0

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **delta: float) -> dt.datetime:
        self.now += dt.timedelta(**delta)
        return self.now


def completion(
    payload: dict[str, Any] | str,
    *,
    finish: str = "stop",
    prompt_tokens: int = 100,
    completion_tokens: int = 50,
    refusal: str | None = None,
) -> httpx.Response:
    """A chat completion answering `payload` (JSON-encoded unless it is already text), or
    refusing with `refusal`."""
    content = payload if isinstance(payload, str) else json.dumps(payload)
    message: dict[str, Any] = {"role": "assistant", "content": content}
    if refusal is not None:
        message = {"role": "assistant", "content": None, "refusal": refusal}
    return httpx.Response(
        200,
        json={
            "id": "chatcmpl-1",
            "object": "chat.completion",
            "created": 0,
            "model": "test-model",
            "choices": [{"index": 0, "message": message, "finish_reason": finish}],
            "usage": {
                "prompt_tokens": prompt_tokens,
                "completion_tokens": completion_tokens,
                "total_tokens": prompt_tokens + completion_tokens,
            },
        },
    )
