"""The model client against a mocked endpoint: retries, fallbacks, parsing, errors, secrets."""

from __future__ import annotations

import asyncio
import json
import logging
import os
import subprocess
import sys
from collections.abc import Awaitable
from pathlib import Path
from typing import Any, TypeVar

import httpcore2
import httpx
import pytest
import respx

from outreach.client import (
    PLACEHOLDER_API_KEY,
    ModelClient,
    backoff_seconds,
    build_client,
    is_strict_schema,
    make_sdk_client,
    parse_json,
    resolve_endpoint,
    retry_after_seconds,
)
from outreach.config import LLMSettings
from outreach.errors import ConfigError, CredentialsError, EndpointError, ModelOutputError
from outreach.local import offline_hint
from outreach.models import Usage
from outreach.providers import PROFILES
from tests import helpers

BASE = "https://api.example.test/v1"
URL = f"{BASE}/chat/completions"
KEY = "sk-test-abc123-DO-NOT-SHOW"

SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {"what": {"type": "string"}, "why": {"type": "string"}},
    "required": ["what", "why"],
    "additionalProperties": False,
}
MESSAGES = [
    {"role": "system", "content": "You suggest one gift."},
    {"role": "user", "content": "Prospect: Ana, runs a bakery."},
]
GIFT = {"what": "a teardown of her checkout page", "why": "she posted about cart drop-off"}

T = TypeVar("T")


def run(coro: Awaitable[T]) -> T:
    async def main() -> T:
        return await coro

    return asyncio.run(main())


def validate_gift(value: Any) -> dict[str, str]:
    if not isinstance(value, dict) or not isinstance(value.get("what"), str):
        raise ValueError("the field 'what' is missing")
    return value


def completion(
    content: str | None = None, *, completion_tokens: int = 20, **changes: Any
) -> httpx.Response:
    """A chat completion answering `content` (GIFT when none is given)."""
    answer = GIFT if content is None else content
    return helpers.completion(answer, completion_tokens=completion_tokens, **changes)


def error(status: int, message: str, *, code: str | None = None, **headers: str) -> httpx.Response:
    body = {"error": {"message": message, "type": code or "error", "param": None, "code": code}}
    return httpx.Response(status, json=body, headers=headers)


class Sleeps:
    """An injected sleep that records what it was asked to wait and waits for nothing."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


class Gate:
    def __init__(self) -> None:
        self.acquired: list[int] = []
        self.paused: list[float] = []

    async def acquire(self, tokens: int) -> None:
        self.acquired.append(tokens)

    def pause(self, seconds: float) -> None:
        self.paused.append(seconds)


def settings(**changes: Any) -> LLMSettings:
    values: dict[str, Any] = {"model": "test-model", "base_url": BASE, "max_attempts": 3}
    values.update(changes)
    return LLMSettings(**values)


@pytest.fixture
def key(monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    return KEY


def sent(route: respx.Route, index: int = -1) -> dict[str, Any]:
    body = json.loads(route.calls[index].request.content)
    assert isinstance(body, dict)
    return body


def ask(client: ModelClient, **kwargs: Any) -> tuple[dict[str, str], Usage]:
    async def go() -> tuple[dict[str, str], Usage]:
        async with client:
            return await client.complete_json(
                MESSAGES, schema=SCHEMA, schema_name="gift", validate=validate_gift, **kwargs
            )

    return run(go())


def fails(client: ModelClient, error_type: type[Exception]) -> str:
    with pytest.raises(error_type) as caught:
        ask(client)
    return str(caught.value)


# --- success and the request we send -------------------------------------------------------


def test_success_sends_json_schema_and_returns_validated_answer(
    httpx2_mock: respx.Router, key: str
) -> None:
    route = httpx2_mock.post(URL).mock(return_value=completion())
    client = ModelClient(settings(max_tokens=321, temperature=0.2))

    value, usage = ask(client)

    assert value == GIFT
    assert route.call_count == 1
    request = route.calls[0].request
    assert request.headers["authorization"] == f"Bearer {key}"
    body = sent(route)
    assert body["model"] == "test-model"
    assert body["messages"] == MESSAGES
    assert body["max_tokens"] == 321
    assert body["temperature"] == 0.2
    assert body["response_format"] == {
        "type": "json_schema",
        "json_schema": {"name": "gift", "schema": SCHEMA, "strict": True},
    }
    assert usage == Usage(prompt_tokens=100, completion_tokens=20, requests=1)
    assert client.usage == usage
    assert client.mode == "json_schema"


def test_max_tokens_argument_overrides_the_setting(httpx2_mock: respx.Router, key: str) -> None:
    route = httpx2_mock.post(URL).mock(return_value=completion())
    ask(ModelClient(settings(max_tokens=321)), max_tokens=50)
    assert route.call_count == 1
    assert sent(route)["max_tokens"] == 50


def test_usage_is_summed_over_calls(httpx2_mock: respx.Router, key: str) -> None:
    route = httpx2_mock.post(URL).mock(
        side_effect=[completion(prompt_tokens=10, completion_tokens=3), completion(prompt_tokens=7)]
    )
    client = ModelClient(settings())

    async def twice() -> list[Usage]:
        usages = []
        async with client:
            for _ in range(2):
                _, usage = await client.complete_json(
                    MESSAGES, schema=SCHEMA, schema_name="gift", validate=validate_gift
                )
                usages.append(usage)
        return usages

    first, second = run(twice())
    assert route.call_count == 2
    assert first == Usage(10, 3, 1)
    assert second == Usage(7, 20, 1)
    assert client.usage == Usage(17, 23, 2)
    assert client.usage.total_tokens == 40


def test_concurrent_calls_on_one_client_each_return_their_own_usage(
    httpx2_mock: respx.Router, key: str
) -> None:
    bad_then_good = [completion("not json", prompt_tokens=1), completion(prompt_tokens=2)]
    route = httpx2_mock.post(URL).mock(side_effect=[completion(prompt_tokens=4), *bad_then_good])
    client = ModelClient(settings())

    async def both() -> list[Usage]:
        async with client:
            calls = [
                client.complete_json(
                    MESSAGES, schema=SCHEMA, schema_name="gift", validate=validate_gift
                )
                for _ in range(2)
            ]
            return [usage for _, usage in await asyncio.gather(*calls)]

    usages = run(both())
    assert route.call_count == 3
    # One call got a good answer at once; the other paid for its unusable answer and the re-ask.
    assert sorted(usages, key=lambda u: u.requests) == [Usage(4, 20, 1), Usage(1 + 2, 40, 2)]
    assert sum(usages, Usage()) == client.usage == Usage(7, 60, 3)


# --- retries -----------------------------------------------------------------------------------


def test_429_then_200_honours_retry_after(httpx2_mock: respx.Router, key: str) -> None:
    route = httpx2_mock.post(URL).mock(
        side_effect=[error(429, "slow down", **{"retry-after": "7"}), completion()]
    )
    sleeps, gate = Sleeps(), Gate()
    client = ModelClient(settings(), sleep=sleeps, gate=gate)

    value, usage = ask(client)

    assert value == GIFT
    assert route.call_count == 2
    assert sleeps.waits == [7.0]
    assert gate.paused == [7.0]
    assert len(gate.acquired) == 2  # before every attempt
    assert all(tokens > 1200 for tokens in gate.acquired)  # the prompt plus max_tokens
    assert sent(route, 0) == sent(route, 1)
    assert usage.requests == 1  # the 429 carried no completion


def test_retry_after_ms_wins_and_long_waits_are_capped(httpx2_mock: respx.Router, key: str) -> None:
    route = httpx2_mock.post(URL).mock(
        side_effect=[
            error(429, "slow down", **{"retry-after-ms": "1500", "retry-after": "2"}),
            error(503, "busy", **{"retry-after": "3600"}),
            completion(),
        ]
    )
    sleeps = Sleeps()
    client = ModelClient(
        settings(max_retry_wait=12.0, max_retry_seconds=60.0, max_attempts=3), sleep=sleeps
    )
    ask(client)
    assert route.call_count == 3
    assert sleeps.waits == [1.5, 12.0]


def test_backoff_without_retry_after_grows_with_jitter(httpx2_mock: respx.Router, key: str) -> None:
    route = httpx2_mock.post(URL).mock(
        side_effect=[error(502, "bad gateway"), error(502, "bad gateway"), completion()]
    )
    sleeps = Sleeps()
    ask(ModelClient(settings(), sleep=sleeps))
    assert route.call_count == 3
    first, second = sleeps.waits
    assert 0.375 <= first <= 0.5
    assert 0.75 <= second <= 1.0


def test_5xx_exhausted_raises_endpoint_error_after_max_attempts(
    httpx2_mock: respx.Router, key: str
) -> None:
    route = httpx2_mock.post(URL).mock(return_value=error(500, "internal trouble"))
    sleeps = Sleeps()
    message = fails(ModelClient(settings(max_attempts=4), sleep=sleeps), EndpointError)
    assert route.call_count == 4
    assert len(sleeps.waits) == 3
    assert message == (
        "api.example.test kept failing (HTTP 500, 4 attempts): internal trouble; try again later"
    )


def test_retry_time_budget_stops_before_a_wait_that_would_exceed_it(
    httpx2_mock: respx.Router, key: str
) -> None:
    route = httpx2_mock.post(URL).mock(return_value=error(429, "later", **{"retry-after": "20"}))
    sleeps = Sleeps()
    message = fails(
        ModelClient(settings(max_attempts=5, max_retry_seconds=10.0), sleep=sleeps), EndpointError
    )
    assert route.call_count == 1
    assert sleeps.waits == []
    assert "kept rate-limiting (HTTP 429, 1 attempt)" in message
    assert "[batch] concurrency" in message


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (401, "rejected the API key in $OPENAI_API_KEY (HTTP 401)"),
        (403, "denied access to model 'test-model' (HTTP 403)"),
        (404, f"model 'test-model' or its endpoint was not found at {BASE} (HTTP 404)"),
    ],
)
def test_auth_and_not_found_are_not_retried(
    httpx2_mock: respx.Router, key: str, status: int, expected: str
) -> None:
    route = httpx2_mock.post(URL).mock(return_value=error(status, "nope"))
    sleeps = Sleeps()
    message = fails(ModelClient(settings(), sleep=sleeps), EndpointError)
    assert route.call_count == 1
    assert sleeps.waits == []
    assert expected in message


def test_400_is_not_retried(httpx2_mock: respx.Router, key: str) -> None:
    route = httpx2_mock.post(URL).mock(return_value=error(400, "messages: too many"))
    sleeps = Sleeps()
    message = fails(ModelClient(settings(structured_output="prompt"), sleep=sleeps), EndpointError)
    assert route.call_count == 1
    assert sleeps.waits == []
    assert message == "api.example.test rejected the request (HTTP 400): messages: too many"


def test_insufficient_quota_is_not_retried(httpx2_mock: respx.Router, key: str) -> None:
    route = httpx2_mock.post(URL).mock(
        return_value=error(429, "You exceeded your current quota", code="insufficient_quota")
    )
    sleeps, gate = Sleeps(), Gate()
    message = fails(ModelClient(settings(), sleep=sleeps, gate=gate), EndpointError)
    assert route.call_count == 1
    assert sleeps.waits == []
    assert gate.paused == []
    assert message == (
        "the account behind $OPENAI_API_KEY has no quota left at api.example.test"
        " (insufficient_quota); add credit or use another key"
    )


def test_connection_error_is_retried(httpx2_mock: respx.Router, key: str) -> None:
    route = httpx2_mock.post(URL).mock(
        side_effect=[httpcore2.ConnectError("connection refused"), completion()]
    )
    sleeps = Sleeps()
    value, _ = ask(ModelClient(settings(), sleep=sleeps))
    assert value == GIFT
    assert route.call_count == 2
    assert len(sleeps.waits) == 1


def test_unreachable_endpoint_names_the_base_url(httpx2_mock: respx.Router, key: str) -> None:
    route = httpx2_mock.post(URL).mock(side_effect=httpcore2.ConnectError("connection refused"))
    message = fails(ModelClient(settings(max_attempts=2), sleep=Sleeps()), EndpointError)
    assert route.call_count == 2
    assert message == (
        f"cannot reach {BASE} (2 attempts: connection refused); check --base-url /"
        " $OPENAI_BASE_URL and that the server is running"
    )


def test_timeouts_are_retried_then_reported(httpx2_mock: respx.Router, key: str) -> None:
    route = httpx2_mock.post(URL).mock(side_effect=httpcore2.ReadTimeout("slow"))
    message = fails(
        ModelClient(settings(max_attempts=3, read_timeout=45.0), sleep=Sleeps()), EndpointError
    )
    assert route.call_count == 3
    assert message == (
        "api.example.test did not answer within 45s (3 attempts); raise [llm] read_timeout"
        " or check the server"
    )


# --- structured-output fallback -----------------------------------------------------------------


def test_json_schema_refused_falls_back_to_json_object_and_remembers_it(
    httpx2_mock: respx.Router, key: str
) -> None:
    refused = error(400, "Invalid parameter: 'response_format' of type 'json_schema'")
    route = httpx2_mock.post(URL).mock(side_effect=[refused, completion(), completion()])
    sleeps = Sleeps()
    client = ModelClient(settings(), sleep=sleeps)

    async def twice() -> None:
        async with client:
            for _ in range(2):
                await client.complete_json(
                    MESSAGES, schema=SCHEMA, schema_name="gift", validate=validate_gift
                )

    run(twice())
    assert route.call_count == 3
    assert sleeps.waits == []
    assert sent(route, 0)["response_format"]["type"] == "json_schema"
    for index in (1, 2):  # the second call starts with the mode that worked
        body = sent(route, index)
        assert body["response_format"] == {"type": "json_object", "schema": SCHEMA}
        assert body["messages"][0]["content"].startswith("You suggest one gift.")
        assert '"additionalProperties": false' in body["messages"][0]["content"]
        assert body["messages"][1] == MESSAGES[1]
    assert client.mode == "json_object"
    assert client.usage.requests == 2


def test_json_object_refused_too_falls_back_to_schema_in_prompt(
    httpx2_mock: respx.Router, key: str
) -> None:
    route = httpx2_mock.post(URL).mock(
        side_effect=[
            error(400, "response_format json_schema is not supported"),
            error(422, "unknown field: response_format.schema"),
            completion(),
        ]
    )
    client = ModelClient(settings(), sleep=Sleeps())
    value, _ = ask(client)
    assert value == GIFT
    assert route.call_count == 3
    last = sent(route)
    assert "response_format" not in last
    assert "Answer with one JSON object" in last["messages"][0]["content"]
    assert '"required": [' in last["messages"][0]["content"]
    assert client.mode == "prompt"


def test_server_error_about_response_format_falls_back_without_retrying(
    httpx2_mock: respx.Router, key: str
) -> None:
    route = httpx2_mock.post(URL).mock(
        side_effect=[error(500, "failed to parse json_schema: unsupported keyword"), completion()]
    )
    sleeps = Sleeps()
    client = ModelClient(settings(), sleep=sleeps)
    ask(client)
    assert route.call_count == 2
    assert sleeps.waits == []
    assert client.mode == "json_object"


def test_context_length_error_does_not_trigger_the_fallback(
    httpx2_mock: respx.Router, key: str
) -> None:
    too_long = error(
        400, "This model's maximum context length is 8192 tokens", code="context_length_exceeded"
    )
    route = httpx2_mock.post(URL).mock(return_value=too_long)
    client = ModelClient(settings())
    message = fails(client, EndpointError)
    assert route.call_count == 1
    assert client.mode == "json_schema"
    assert message.startswith("api.example.test rejected the request (HTTP 400): This model's")


def test_a_configured_mode_is_not_abandoned(httpx2_mock: respx.Router, key: str) -> None:
    route = httpx2_mock.post(URL).mock(return_value=error(400, "response_format unsupported"))
    message = fails(ModelClient(settings(structured_output="json_schema")), EndpointError)
    assert route.call_count == 1
    assert message == (
        "api.example.test refused structured output (json_schema): response_format"
        ' unsupported; set [llm] structured_output = "auto" or "prompt"'
    )


def test_configured_prompt_mode_sends_no_response_format(
    httpx2_mock: respx.Router, key: str
) -> None:
    route = httpx2_mock.post(URL).mock(return_value=completion())
    ask(ModelClient(settings(structured_output="prompt")))
    assert route.call_count == 1
    assert "response_format" not in sent(route)


def test_local_profile_starts_with_json_object_and_needs_no_key(
    httpx2_mock: respx.Router,
) -> None:
    route = httpx2_mock.post("http://127.0.0.1:8080/v1/chat/completions").mock(
        return_value=completion()
    )
    # The address `outreach serve` prints; without one the embedded server would start.
    client = ModelClient(LLMSettings(provider="local", base_url="http://127.0.0.1:8080/v1"))
    assert client.mode == "json_object"
    ask(client)
    assert route.call_count == 1
    assert route.calls[0].request.headers["authorization"] == f"Bearer {PLACEHOLDER_API_KEY}"
    assert sent(route)["response_format"]["type"] == "json_object"


def test_non_strict_schema_is_sent_with_strict_false(httpx2_mock: respx.Router, key: str) -> None:
    route = httpx2_mock.post(URL).mock(return_value=completion())
    loose = {"type": "object", "properties": {"what": {"type": "string"}}, "required": ["what"]}

    async def go() -> None:
        async with ModelClient(settings()) as client:
            await client.complete_json(
                MESSAGES, schema=loose, schema_name="gift ideas", validate=dict
            )

    run(go())
    assert route.call_count == 1
    assert sent(route)["response_format"]["json_schema"] == {
        "name": "gift_ideas",
        "schema": loose,
        "strict": False,
    }


# --- answers that cannot be used --------------------------------------------------------------


def test_invalid_json_is_repaired_on_the_re_ask(httpx2_mock: respx.Router, key: str) -> None:
    route = httpx2_mock.post(URL).mock(
        side_effect=[completion('{"what": "a teardown",'), completion()]
    )
    value, usage = ask(ModelClient(settings()))
    assert value == GIFT
    assert route.call_count == 2
    messages = sent(route, 1)["messages"]
    assert messages[:2] == MESSAGES
    assert messages[2] == {"role": "assistant", "content": '{"what": "a teardown",'}
    assert messages[3]["role"] == "user"
    assert "not valid JSON" in messages[3]["content"]
    assert usage == Usage(200, 40, 2)


def test_answer_rejected_by_validate_is_re_asked_with_the_reason(
    httpx2_mock: respx.Router, key: str
) -> None:
    route = httpx2_mock.post(URL).mock(side_effect=[completion('{"why": "x"}'), completion()])
    value, _ = ask(ModelClient(settings()))
    assert value == GIFT
    assert route.call_count == 2
    assert "the field 'what' is missing" in sent(route, 1)["messages"][3]["content"]


def test_invalid_twice_raises_model_output_error(httpx2_mock: respx.Router, key: str) -> None:
    route = httpx2_mock.post(URL).mock(return_value=completion("Sure! Here is a gift idea."))
    client = ModelClient(settings())
    message = fails(client, ModelOutputError)
    assert route.call_count == 2
    assert message.startswith("the model's gift answer was unusable twice: the answer is not valid")
    assert client.usage.requests == 2


def test_length_truncation_is_an_error_not_a_re_ask(httpx2_mock: respx.Router, key: str) -> None:
    route = httpx2_mock.post(URL).mock(
        return_value=completion('{"what": "a teard', finish="length")
    )
    client = ModelClient(settings(max_tokens=64))
    message = fails(client, ModelOutputError)
    assert route.call_count == 1
    assert message == (
        "the answer was cut off at max_tokens = 64; raise [llm] max_tokens in the config"
    )
    assert client.usage.completion_tokens == 20  # a truncated answer still costs


def test_refusal_is_a_clear_error(httpx2_mock: respx.Router, key: str) -> None:
    route = httpx2_mock.post(URL).mock(
        return_value=completion(refusal="I can't help with that request.")
    )
    message = fails(ModelClient(settings()), ModelOutputError)
    assert route.call_count == 1
    assert message.startswith("the model refused to answer: I can't help with that request.")


def test_content_filter_is_a_clear_error(httpx2_mock: respx.Router, key: str) -> None:
    route = httpx2_mock.post(URL).mock(return_value=completion("", finish="content_filter"))
    message = fails(ModelClient(settings()), ModelOutputError)
    assert route.call_count == 1
    assert "content filter withheld the answer" in message


def test_code_fenced_json_with_raw_newlines_is_parsed(httpx2_mock: respx.Router, key: str) -> None:
    fenced = '```json\n{"what": "a teardown\nof her checkout", "why": "cart drop-off"}\n```'
    route = httpx2_mock.post(URL).mock(return_value=completion(fenced))
    value, _ = ask(ModelClient(settings()))
    assert route.call_count == 1
    assert value == {"what": "a teardown\nof her checkout", "why": "cart drop-off"}


def test_garbage_body_is_an_endpoint_error(httpx2_mock: respx.Router, key: str) -> None:
    route = httpx2_mock.post(URL).mock(
        return_value=httpx.Response(
            200, text="<html>welcome</html>", headers={"content-type": "text/html"}
        )
    )
    message = fails(ModelClient(settings()), EndpointError)
    assert route.call_count == 1
    assert message == (
        "api.example.test answered with something that is not a chat completion (text/html);"
        f" check that the base URL {BASE} is an OpenAI-compatible API (it usually ends in /v1)"
    )


def test_empty_choices_are_a_clear_error(httpx2_mock: respx.Router, key: str) -> None:
    route = httpx2_mock.post(URL).mock(return_value=httpx.Response(200, json={"choices": []}))
    message = fails(ModelClient(settings()), ModelOutputError)
    assert route.call_count == 1
    assert "answered with no choices for model 'test-model'" in message


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"a": 1}', {"a": 1}),
        ('```json\n{"a": 1}\n```', {"a": 1}),
        ('```\n{"a": 1}\n```', {"a": 1}),
        ('```json\n{"a": 1}', {"a": 1}),  # fence never closed
        ('Here you go:\n{"a": {"b": 2}}\nHope that helps!', {"a": {"b": 2}}),
        ('{"a": "line one\nline two"}', {"a": "line one\nline two"}),
        ('<think>{"draft": 0}</think>\n{"a": 1}', {"a": 1}),
    ],
)
def test_parse_json_is_lenient(text: str, expected: Any) -> None:
    assert parse_json(text) == expected


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "the answer was empty"),
        ("```json\n```", "the answer was empty"),
        ("no json here", "the answer is not valid JSON (Expecting value at line 1 column 1)"),
        ('{"a": 1,', "the answer is not valid JSON"),
    ],
)
def test_parse_json_names_the_problem(text: str, reason: str) -> None:
    with pytest.raises(ValueError) as caught:
        parse_json(text)
    assert str(caught.value).startswith(reason)


# --- endpoint, key, and the SDK client ------------------------------------------------------------


def test_missing_key_names_the_variable_base_url_and_dry_run() -> None:
    with pytest.raises(CredentialsError) as caught:
        build_client(LLMSettings())
    assert str(caught.value) == (
        "no API key: set $OPENAI_API_KEY, or pass --base-url for a server that needs none,"
        " or use --dry-run to see the prompts without a request,"
        f" or {offline_hint()}"
    )


def test_missing_key_names_the_configured_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", KEY)  # not the one the config names
    with pytest.raises(CredentialsError, match=r"set \$ACME_LLM_KEY, or pass --base-url"):
        build_client(LLMSettings(api_key_env="ACME_LLM_KEY"))


def test_endpoint_resolution_order() -> None:
    profile = PROFILES["openai"]
    env = {"OPENAI_API_KEY": KEY, "OPENAI_BASE_URL": "http://env.example.test/v1"}
    assert resolve_endpoint(LLMSettings(), profile, {"OPENAI_API_KEY": KEY}).base_url == (
        "https://api.openai.com/v1"
    )
    assert resolve_endpoint(LLMSettings(), profile, env).base_url == "http://env.example.test/v1"
    chosen = resolve_endpoint(LLMSettings(base_url=BASE), profile, env)
    assert (chosen.base_url, chosen.api_key, chosen.key_is_placeholder) == (BASE, KEY, False)
    keyless = resolve_endpoint(LLMSettings(), profile, {"OPENAI_BASE_URL": BASE})
    assert (keyless.api_key, keyless.key_is_placeholder) == (PLACEHOLDER_API_KEY, True)


def test_a_server_of_our_own_never_receives_the_real_key(httpx2_mock: respx.Router) -> None:
    served = LLMSettings(provider="local", base_url="http://127.0.0.1:8765/v1")
    endpoint = resolve_endpoint(served, PROFILES["local"], {"OPENAI_API_KEY": KEY})
    assert (endpoint.api_key, endpoint.key_is_placeholder) == (PLACEHOLDER_API_KEY, True)
    route = httpx2_mock.post("http://127.0.0.1:8765/v1/chat/completions").mock(
        return_value=completion()
    )
    ask(ModelClient(served, environ={"OPENAI_API_KEY": KEY}))
    assert route.call_count == 1
    assert route.calls[0].request.headers["authorization"] == f"Bearer {PLACEHOLDER_API_KEY}"


@pytest.mark.parametrize(
    "url", ["ftp://bob:hunter2secret@example.com/v1", "http://bob:hunter2secret@example.com:80x/v1"]
)
def test_a_password_in_a_bad_base_url_is_never_shown(url: str) -> None:
    with pytest.raises(ConfigError) as caught:
        resolve_endpoint(LLMSettings(base_url=url), PROFILES["openai"], {})
    assert "hunter2secret" not in str(caught.value)
    assert "bob:***@example.com" in str(caught.value)


def test_openai_base_url_from_the_environment_is_used(
    httpx2_mock: respx.Router, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_BASE_URL", "http://llm.example.test:8000/v1")
    route = httpx2_mock.post("http://llm.example.test:8000/v1/chat/completions").mock(
        return_value=completion()
    )
    ask(ModelClient(LLMSettings()))
    assert route.call_count == 1


def test_keyless_server_asking_for_a_key_says_which_variable(
    httpx2_mock: respx.Router,
) -> None:
    route = httpx2_mock.post(URL).mock(return_value=error(401, "missing key"))
    message = fails(ModelClient(settings()), EndpointError)
    assert route.call_count == 1
    assert message == "api.example.test wants an API key (HTTP 401); set $OPENAI_API_KEY"


def test_sdk_client_has_explicit_timeouts_and_no_retries(key: str) -> None:
    client = make_sdk_client(
        resolve_endpoint(settings(), PROFILES["openai"]),
        settings(read_timeout=30.0, connect_timeout=4.0),
        PROFILES["openai"],
    )
    assert client.max_retries == 0
    assert (client.timeout.read, client.timeout.connect) == (30.0, 4.0)  # type: ignore[union-attr]
    assert str(client.base_url) == f"{BASE}/"
    served = LLMSettings(provider="local", base_url="http://127.0.0.1:8080/v1")
    local = make_sdk_client(
        resolve_endpoint(served, PROFILES["local"], {}),
        served,
        PROFILES["local"],
    )
    assert local.timeout.read == 600.0  # type: ignore[union-attr]
    run(client.close())
    run(local.close())


def test_the_key_never_appears_in_errors_reprs_or_logs(
    httpx2_mock: respx.Router, key: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    route = httpx2_mock.post(URL).mock(
        side_effect=[
            error(401, f"Incorrect API key provided: {key}"),
            error(400, f"bad request from {key}"),
            error(403, f"{key} may not use this model"),
        ]
    )
    client = ModelClient(settings(structured_output="prompt"))
    shown: list[str] = [repr(client), repr(client.endpoint), str(vars(client.endpoint).keys())]
    for _ in range(3):
        with pytest.raises(EndpointError) as caught:
            run(client.complete_json(MESSAGES, schema=SCHEMA, schema_name="g", validate=dict))
        shown += [str(caught.value), repr(caught.value), caught.value.message]
        assert caught.value.__cause__ is None
        assert caught.value.__suppress_context__
    run(client.aclose())
    assert route.call_count == 3
    assert route.calls[0].request.headers["authorization"] == f"Bearer {key}"  # it was sent
    assert "***" in shown[-1]
    for text in [*shown, caplog.text]:
        assert key not in text


# --- small pieces -------------------------------------------------------------------------------


def test_retry_after_forms() -> None:
    now = 1_800_000_000.0
    assert retry_after_seconds({"retry-after": "4"}, now=now) == 4.0
    assert retry_after_seconds({"retry-after": "2.5"}, now=now) == 2.5
    assert retry_after_seconds({"retry-after-ms": "250"}, now=now) == 0.25
    date = "Fri, 15 Jan 2027 08:00:10 GMT"  # 1_800_000_010
    assert retry_after_seconds({"retry-after": date}, now=now) == 10.0
    assert retry_after_seconds({"retry-after": date}, now=now + 60) == 0.0
    assert retry_after_seconds({"retry-after": "soon"}, now=now) is None
    assert retry_after_seconds({}, now=now) is None


def test_backoff_is_capped() -> None:
    assert 7.5 <= backoff_seconds(10, cap=10.0) <= 10.0


def test_strict_schema_detection() -> None:
    assert is_strict_schema(SCHEMA)
    assert not is_strict_schema({**SCHEMA, "additionalProperties": True})
    assert not is_strict_schema({**SCHEMA, "required": ["what"]})
    nested = {
        "type": "object",
        "properties": {"ideas": {"type": "array", "items": {"type": "object", "properties": {}}}},
        "required": ["ideas"],
        "additionalProperties": False,
    }
    assert not is_strict_schema(nested)


def test_error_inside_a_200_body_is_an_endpoint_error(httpx2_mock: respx.Router, key: str) -> None:
    route = httpx2_mock.post(URL).mock(
        return_value=httpx.Response(200, json={"error": {"message": "upstream model offline"}})
    )
    message = fails(ModelClient(settings()), EndpointError)
    assert route.call_count == 1
    assert message == "api.example.test answered with an error: upstream model offline"


def test_importing_the_client_does_not_import_the_sdk() -> None:
    code = (
        "import sys, outreach.client;"
        " print(sorted({'openai', 'httpx2', 'tenacity'} & set(sys.modules)))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])},
    )
    assert result.stdout.strip() == "[]"
