"""Building blocks for tests that talk to a mocked model endpoint."""

from __future__ import annotations

import json
from typing import Any

import httpx


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
