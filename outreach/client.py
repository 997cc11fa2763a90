"""The one place that talks to the model: endpoint, key, retries, structured output.

`ModelClient.complete_json` sends chat messages to any OpenAI-compatible endpoint
and returns the caller's validated object plus the tokens it cost. Everything that
can go wrong on the way becomes one `outreach.errors` line:

    no key and no base URL        CredentialsError (names the variable, --base-url, --dry-run)
    unreachable, 5xx, 429, slow   retried by tenacity, then EndpointError (names the host)
    401/403/404/other 4xx         EndpointError at once, never retried
    truncated, refused, not JSON  ModelOutputError (a bad answer is re-asked once first)

Structured output is asked for in the best way the server accepts: `json_schema`,
then `json_object` with the schema (llama.cpp's server turns it into a grammar),
then the schema described in the system message. The mode that worked is kept on
the client (`client.mode`) for the rest of the run.

`Usage.requests` counts the responses that carried a completion (HTTP 2xx), the
re-asked ones included: they are what the endpoint bills. Failed attempts (429,
5xx, timeouts) spend no tokens and are not counted.

The API key is read from the environment variable `[llm] api_key_env` names and
is never printed, logged, put in a message or shown by `repr`.

openai, httpx2 and tenacity are imported inside functions so that importing this
module (for its types) stays cheap.
"""

from __future__ import annotations

import asyncio
import email.utils
import json
import math
import os
import random
import re
import time
from collections.abc import Awaitable, Callable, Mapping
from typing import TYPE_CHECKING, Any, Protocol, TypeVar
from urllib.parse import urlsplit

from outreach.config import LLMSettings
from outreach.errors import (
    ConfigError,
    CredentialsError,
    EndpointError,
    ModelError,
    ModelOutputError,
    register_secret,
)
from outreach.models import Usage
from outreach.providers import STRUCTURED_MODES, Profile, profile_for
from outreach.records import field, record

if TYPE_CHECKING:
    import httpx2
    import openai
    from tenacity import RetryCallState

T = TypeVar("T")

# What the SDK talks to when neither [llm] base_url nor $OPENAI_BASE_URL is set.
DEFAULT_BASE_URL = "https://api.openai.com/v1"
BASE_URL_ENV = "OPENAI_BASE_URL"
# Sent to servers that check no key (llama.cpp, vLLM, Ollama); the SDK insists on one.
PLACEHOLDER_API_KEY = "no-key-needed"

# HTTP statuses worth another attempt: request timeout, lock conflict, rate limit.
# Every 5xx is retried as well.
RETRY_STATUSES = frozenset({408, 409, 429})
# The first backoff wait (seconds) when the server gives no Retry-After; doubles per attempt.
BACKOFF_BASE = 0.5

# Protocol text the client adds when the server cannot enforce the schema itself.
# The craft of each step lives in prompts/; these lines only say how to answer.
SCHEMA_INSTRUCTION = (
    "Answer with one JSON object and nothing else: no prose before or after it, "
    "no code fences. The object must match this JSON Schema ({name}):\n{schema}"
)
REPAIR_REQUEST = (
    "That answer could not be used: {problem}. Reply again with only the JSON object, "
    "matching the schema, with every required field."
)


class RateGate(Protocol):
    """A limit shared by concurrent requests (the batch runner's); None means no limit."""

    async def acquire(self, tokens: int) -> None:
        """Wait until one more request of about `tokens` tokens may go out."""

    def pause(self, seconds: float) -> None:
        """Hold every request back for `seconds` after the server said 429."""


@record(frozen=True)
class Endpoint:
    """Where requests go and the key they carry (never shown by repr)."""

    base_url: str
    api_key: str = field(repr=False)
    key_env: str
    key_is_placeholder: bool = False

    @property
    def host(self) -> str:
        parts = urlsplit(self.base_url)
        if not parts.hostname:
            return self.shown_url
        return parts.netloc.rpartition("@")[2]  # host[:port], never a user or password

    @property
    def shown_url(self) -> str:
        """The base URL for messages: a password in it or a query string is masked."""
        parts = urlsplit(self.base_url)
        netloc = parts.netloc
        if parts.password:
            user, _, host = netloc.rpartition("@")
            netloc = f"{user.partition(':')[0]}:***@{host}"
        return parts._replace(netloc=netloc, query="***" if parts.query else "").geturl()


def check_base_url(base_url: str, source: str) -> str:
    """`base_url` if it is an http(s) URL with a host; else a ConfigError naming `source`.

    A password in the URL is registered as a secret, so no message shows it.
    """
    try:
        parts = urlsplit(base_url)
    except ValueError:
        parts = None
    password = password_in(base_url)
    if password:
        register_secret(password)  # before any message can quote the URL
    valid = parts is not None and parts.scheme in ("http", "https") and bool(parts.hostname)
    if valid and parts is not None:
        try:
            parts.port  # noqa: B018 - raises ValueError for a port that is not a number
        except ValueError:
            valid = False
    if not valid:
        shown = base_url.replace(password, "***") if password else base_url
        raise ConfigError(
            f"{source} {shown!r} is not an http:// or https:// URL with a host;"
            " give one like http://localhost:8000/v1"
        )
    return base_url


def password_in(url: str) -> str:
    """The password of a user:password@ part, found even where the URL does not parse."""
    netloc = url.partition("://")[2].partition("/")[0]
    userinfo, at, _ = netloc.rpartition("@")
    return userinfo.partition(":")[2] if at else ""


def resolve_endpoint(
    settings: LLMSettings, profile: Profile, environ: Mapping[str, str] | None = None
) -> Endpoint:
    """Pick the base URL (config or --base-url, $OPENAI_BASE_URL, profile, SDK default) and key.

    The key comes only from the variable `settings.api_key_env` names. A server at
    a base URL of its own may need no key, so a placeholder is sent there.
    """
    env = os.environ if environ is None else environ
    if settings.base_url.strip():
        base_url = check_base_url(settings.base_url.strip(), "--base-url / [llm] base_url")
    elif env.get(BASE_URL_ENV, "").strip():
        base_url = check_base_url(env[BASE_URL_ENV].strip(), f"${BASE_URL_ENV}")
    else:
        base_url = profile.default_base_url
    if not base_url and profile.embedded:
        from outreach import local

        base_url = local.shared_server().base_url  # started once, stopped at exit
    key = env.get(settings.api_key_env, "").strip()
    if key and base_url and not profile.needs_api_key:
        # A server of our own (the embedded model, `outreach serve`) checks no key:
        # the user's real key stays at home rather than travel to it.
        return Endpoint(base_url, PLACEHOLDER_API_KEY, settings.api_key_env, True)
    if key:
        register_secret(key)  # masked in any error message, whoever builds it
        return Endpoint(base_url or DEFAULT_BASE_URL, key, settings.api_key_env)
    if base_url:
        return Endpoint(base_url, PLACEHOLDER_API_KEY, settings.api_key_env, True)
    from outreach.local import offline_hint

    raise CredentialsError(
        f"no API key: set ${settings.api_key_env}, or pass --base-url for a server that"
        " needs none, or use --dry-run to see the prompts without a request,"
        f" or {offline_hint()}"
    )


def make_sdk_client(
    endpoint: Endpoint,
    settings: LLMSettings,
    profile: Profile,
    http_client: httpx2.AsyncClient | None = None,
) -> openai.AsyncOpenAI:
    """Build the openai client: explicit timeouts, no SDK retries (tenacity owns them)."""
    import httpx2
    import openai

    return openai.AsyncOpenAI(
        api_key=endpoint.api_key,
        base_url=endpoint.base_url,
        timeout=httpx2.Timeout(profile.read_timeout(settings), connect=settings.connect_timeout),
        max_retries=0,
        http_client=http_client,
    )


def build_client(
    settings: LLMSettings,
    *,
    http_client: httpx2.AsyncClient | None = None,
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    gate: RateGate | None = None,
    environ: Mapping[str, str] | None = None,
) -> ModelClient:
    """The model client for these settings (raises CredentialsError before any request)."""
    return ModelClient(settings, http_client=http_client, sleep=sleep, gate=gate, environ=environ)


class _FormatRefused(Exception):
    """The server would not take this request's response_format (never retried)."""

    def __init__(self, error: openai.APIStatusError) -> None:
        super().__init__(error.message)
        self.error = error


class ModelClient:
    """Ask an OpenAI-compatible chat endpoint for JSON, with retries and fallbacks."""

    mode: str  # the structured-output mode that works: json_schema | json_object | prompt
    usage: Usage  # everything this client spent so far

    def __init__(
        self,
        settings: LLMSettings,
        *,
        http_client: httpx2.AsyncClient | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        gate: RateGate | None = None,
        environ: Mapping[str, str] | None = None,
    ) -> None:
        self.settings = settings
        self.profile = profile_for(settings, environ)
        self.endpoint = resolve_endpoint(settings, self.profile, environ)
        self._sdk = make_sdk_client(self.endpoint, settings, self.profile, http_client)
        self._owns_http_client = http_client is None
        self._sleep = sleep
        self._gate = gate
        # A configured mode is used as is; "auto" starts where the profile says and falls back.
        self._may_fall_back = settings.structured_output == "auto"
        self.mode = (
            self.profile.structured_output if self._may_fall_back else (settings.structured_output)
        )
        self.usage = Usage()

    def __repr__(self) -> str:
        return (
            f"ModelClient(model={self.settings.model!r}, base_url={self.endpoint.shown_url!r},"
            f" mode={self.mode!r})"
        )

    async def __aenter__(self) -> ModelClient:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the HTTP connections, unless the caller passed (and owns) the http client."""
        if self._owns_http_client:
            await self._sdk.close()

    async def complete_json(
        self,
        messages: list[dict[str, str]],
        *,
        schema: dict[str, Any],
        schema_name: str,
        validate: Callable[[Any], T],
        max_tokens: int | None = None,
    ) -> tuple[T, Usage]:
        """Ask for one JSON object matching `schema`; return `validate(obj)` and its usage.

        An answer that is not JSON, or that `validate` rejects with ValueError, is
        sent back once with the reason; a second failure raises ModelOutputError.
        """
        limit = max_tokens or self.settings.max_tokens
        conversation = list(messages)
        # Every completion this call paid for, failures included: its own list, so that
        # concurrent calls sharing this client each know what they cost.
        spent: list[Usage] = []
        problem = ""
        try:
            for _ in range(2):
                text = await self._ask(conversation, schema, schema_name, limit, spent)
                try:
                    return validate(parse_json(text)), sum(spent, Usage())
                except ValueError as exc:
                    problem = _one_line(str(exc)) or type(exc).__name__
                conversation = [
                    *conversation,
                    {"role": "assistant", "content": text},
                    {"role": "user", "content": REPAIR_REQUEST.format(problem=problem)},
                ]
            unusable = ModelOutputError(
                f"the model's {schema_name} answer was unusable twice: {problem};"
                " try again, or a stronger model (--model)"
            )
            unusable.reason = problem
            raise unusable
        except ModelError as exc:
            exc.usage = sum(spent, Usage())  # what the failed call still cost
            raise

    async def _ask(
        self,
        conversation: list[dict[str, str]],
        schema: dict[str, Any],
        name: str,
        limit: int,
        spent: list[Usage],
    ) -> str:
        """One answer, moving down the structured-output modes while the server refuses."""
        while True:
            mode = self.mode
            try:
                return await self._request(conversation, schema, name, limit, mode, spent)
            except _FormatRefused as refused:
                index = STRUCTURED_MODES.index(mode)
                if not self._may_fall_back or index + 1 >= len(STRUCTURED_MODES):
                    raise EndpointError(
                        f"{self.endpoint.host} refused structured output ({mode}):"
                        f" {self._server_message(refused.error)}; set [llm] structured_output"
                        ' = "auto" or "prompt"'
                    ) from None
                if self.mode == mode:  # a concurrent request may have moved on already
                    self.mode = STRUCTURED_MODES[index + 1]

    async def _request(
        self,
        conversation: list[dict[str, str]],
        schema: dict[str, Any],
        name: str,
        limit: int,
        mode: str,
        spent: list[Usage],
    ) -> str:
        """One answer in `mode`, retried while the failure is transient."""
        import openai

        messages = (
            conversation if mode == "json_schema" else _with_schema(conversation, schema, name)
        )
        extra: dict[str, Any] = {}
        if mode == "json_schema":
            extra["response_format"] = json_schema_format(schema, name)
        elif mode == "json_object":
            extra["response_format"] = {
                "type": "json_object",
                "schema": self.profile.grammar_schema(schema),
            }
        estimate = sum(len(m.get("content", "")) for m in messages) // 4 + limit
        attempts = 0

        async def attempt() -> httpx2.Response:
            nonlocal attempts
            attempts += 1
            if self._gate is not None:
                await self._gate.acquire(estimate)
            try:
                raw = await self._sdk.chat.completions.with_raw_response.create(
                    model=self.settings.model,
                    messages=messages,  # type: ignore[arg-type]
                    temperature=self.settings.temperature,
                    extra_body={self.profile.max_tokens_field: limit, **extra},
                )
            except openai.APIStatusError as exc:
                if mode != "prompt" and _refuses_format(exc):
                    raise _FormatRefused(exc) from None
                raise
            return raw.http_response

        try:
            response = await self._retrying()(attempt)
        except openai.APIStatusError as exc:
            raise self._status_error(exc, attempts) from None
        except openai.APITimeoutError:
            raise EndpointError(
                f"{self.endpoint.host} did not answer within"
                f" {self.profile.read_timeout(self.settings):g}s ({_attempts(attempts)});"
                " raise [llm] read_timeout or check the server"
            ) from None
        except openai.APIConnectionError as exc:
            reason = self._redact(_one_line(str(exc.__cause__ or exc)))
            raise EndpointError(
                f"cannot reach {self.endpoint.shown_url} ({_attempts(attempts)}: {reason});"
                f" check --base-url / ${BASE_URL_ENV} and that the server is running"
            ) from None
        return self._read_completion(response, limit, spent)

    def _retrying(self) -> Any:
        """Tenacity's retry policy, built from [llm] settings."""
        from tenacity import AsyncRetrying, retry_if_exception

        settings = self.settings

        def stop(state: RetryCallState) -> bool:
            if state.attempt_number >= max(1, settings.max_attempts):
                return True
            # idle_for counts the waits even when an injected sleep takes no time.
            elapsed = max(state.seconds_since_start or 0.0, state.idle_for)
            return elapsed + state.upcoming_sleep > settings.max_retry_seconds

        async def sleep(seconds: float) -> None:
            await self._sleep(float(seconds))

        return AsyncRetrying(
            stop=stop,
            wait=self._wait,
            retry=retry_if_exception(is_transient),
            sleep=sleep,
            reraise=True,
        )

    def _wait(self, state: RetryCallState) -> float:
        """Seconds before the next attempt: the server's Retry-After, else backoff with jitter.

        A 429 also pauses the shared gate, so concurrent requests back off together.
        """
        import openai

        exc = state.outcome.exception() if state.outcome is not None else None
        cap = self.settings.max_retry_wait
        seconds = None
        if isinstance(exc, openai.APIStatusError):
            seconds = retry_after_seconds(exc.response.headers, now=time.time())
        if seconds is None:
            seconds = backoff_seconds(state.attempt_number, cap)
        seconds = min(max(seconds, 0.0), cap)
        if self._gate is not None and isinstance(exc, openai.RateLimitError):
            self._gate.pause(seconds)
        return seconds

    def _read_completion(self, response: httpx2.Response, limit: int, spent: list[Usage]) -> str:
        """The answer's text, or a clear error for anything unusable.

        What the completion cost is added to `spent` first: a truncated or refused
        answer is billed too.
        """
        try:
            data = json.loads(response.text)
        except ValueError:
            data = None
        if not isinstance(data, dict):
            kind = response.headers.get("content-type", "unknown type").split(";")[0]
            raise EndpointError(
                f"{self.endpoint.host} answered with something that is not a chat completion"
                f" ({kind}); check that the base URL {self.endpoint.shown_url} is an"
                " OpenAI-compatible API (it usually ends in /v1)"
            )
        usage = usage_of(data)
        self.usage += usage
        spent.append(usage)
        choices = data.get("choices")
        failure = data.get("error")
        if not choices and isinstance(failure, dict):  # some gateways report errors with 200
            text = self._redact(_short(_one_line(str(failure.get("message") or failure))))
            raise EndpointError(f"{self.endpoint.host} answered with an error: {text}")
        choice = choices[0] if isinstance(choices, list) and choices else None
        if not isinstance(choice, dict):
            raise ModelOutputError(
                f"{self.endpoint.host} answered with no choices for model"
                f" {self.settings.model!r}; check that the model serves chat completions"
            )
        raw_message = choice.get("message")
        message: dict[str, Any] = raw_message if isinstance(raw_message, dict) else {}
        finish = choice.get("finish_reason")
        refusal = message.get("refusal")
        if refusal:
            raise ModelOutputError(
                f"the model refused to answer: {_short(str(refusal))}; check the prospect's"
                " facts for anything it will not write about"
            )
        if finish == "content_filter":
            raise ModelOutputError(
                f"{self.endpoint.host}'s content filter withheld the answer; check the"
                " prospect's facts and notes for text that trips it"
            )
        if finish == "length":
            raise ModelOutputError(
                f"the answer was cut off at max_tokens = {limit}; raise [llm] max_tokens"
                " in the config"
            )
        return content_text(message.get("content"))

    def _status_error(self, exc: openai.APIStatusError, attempts: int) -> EndpointError:
        """One actionable line for an HTTP error that ended the request."""
        host = self.endpoint.host
        status = exc.status_code
        var = f"${self.endpoint.key_env}"
        if status == 401:
            if self.endpoint.key_is_placeholder:
                return EndpointError(f"{host} wants an API key (HTTP 401); set {var}")
            return EndpointError(
                f"{host} rejected the API key in {var} (HTTP 401); check that it holds a valid"
                " key for this endpoint"
            )
        if status == 403:
            return EndpointError(
                f"{host} denied access to model {self.settings.model!r} (HTTP 403):"
                f" {self._server_message(exc)}; check what the key in {var} may use"
            )
        if status == 404:
            return EndpointError(
                f"model {self.settings.model!r} or its endpoint was not found at"
                f" {self.endpoint.shown_url} (HTTP 404); check [llm] model (--model) and that"
                " the base URL ends in /v1"
            )
        if is_quota_error(exc):
            return EndpointError(
                f"the account behind {var} has no quota left at {host} (insufficient_quota);"
                " add credit or use another key"
            )
        if status == 429:
            return EndpointError(
                f"{host} kept rate-limiting (HTTP 429, {_attempts(attempts)}); wait a minute,"
                " or lower [batch] concurrency or rpm"
            )
        if is_transient(exc):
            return EndpointError(
                f"{host} kept failing (HTTP {status}, {_attempts(attempts)}):"
                f" {self._server_message(exc)}; try again later"
            )
        return EndpointError(
            f"{host} rejected the request (HTTP {status}): {self._server_message(exc)}"
        )

    def _server_message(self, exc: openai.APIStatusError) -> str:
        body = exc.body
        text = body.get("message") if isinstance(body, dict) else body
        return self._redact(_short(_one_line(str(text or exc.message))))

    def _redact(self, text: str) -> str:
        key = self.endpoint.api_key
        if key and not self.endpoint.key_is_placeholder:
            text = text.replace(key, "***")
        return text


def is_transient(exc: BaseException) -> bool:
    """Whether another attempt may succeed: connection trouble, timeouts, 408/409/429/5xx."""
    import openai

    if isinstance(exc, openai.APIConnectionError):  # timeouts included
        return True
    if isinstance(exc, openai.APIStatusError):
        if is_quota_error(exc):
            return False
        return exc.status_code in RETRY_STATUSES or exc.status_code >= 500
    return False


def is_quota_error(exc: openai.APIStatusError) -> bool:
    """A 429 that waiting will not fix: the account is out of credit."""
    return exc.status_code == 429 and "insufficient_quota" in (exc.code, exc.type)


def _refuses_format(exc: openai.APIStatusError) -> bool:
    """Whether an error means 'not this response_format' rather than 'not this request'."""
    text = json.dumps(exc.body, default=str).lower() + " " + exc.message.lower()
    if exc.code == "context_length_exceeded" or "context length" in text:
        return False
    mentions = any(word in text for word in ("response_format", "json_schema", "json_object"))
    return exc.status_code == 400 or (exc.status_code in (422, 500) and mentions)


def retry_after_seconds(headers: Mapping[str, str], *, now: float) -> float | None:
    """Seconds the server asked us to wait: retry-after-ms, Retry-After seconds or HTTP date."""
    millis = headers.get("retry-after-ms")
    if millis is not None:
        try:
            value = float(millis) / 1000
        except ValueError:
            value = math.nan
        if math.isfinite(value):
            return max(value, 0.0)
    raw = headers.get("retry-after")
    if raw is None:
        return None
    try:
        value = float(raw)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(raw)
        except (TypeError, ValueError, IndexError):
            return None
        return max(when.timestamp() - now, 0.0)
    return max(value, 0.0) if math.isfinite(value) else None


def backoff_seconds(attempt: int, cap: float) -> float:
    """Exponential backoff (0.5 s, 1 s, 2 s, ...) up to `cap`, less up to a quarter of jitter."""
    ceiling = min(cap, BACKOFF_BASE * 2.0 ** min(attempt - 1, 30))
    return ceiling * (1 - 0.25 * random.random())


def json_schema_format(schema: dict[str, Any], name: str) -> dict[str, Any]:
    """The json_schema response_format for `schema`, strict when OpenAI's strict mode takes it."""
    return {
        "type": "json_schema",
        "json_schema": {
            "name": _schema_name(name),
            "schema": schema,
            "strict": is_strict_schema(schema),
        },
    }


def is_strict_schema(schema: Any) -> bool:
    """Whether OpenAI's strict mode accepts the schema: every object closed, every key required."""
    if isinstance(schema, list):
        return all(is_strict_schema(item) for item in schema)
    if not isinstance(schema, dict):
        return True
    properties = schema.get("properties")
    if schema.get("type") == "object" or isinstance(properties, dict):
        if schema.get("additionalProperties") is not False:
            return False
        if isinstance(properties, dict) and set(schema.get("required", ())) != set(properties):
            return False
    return all(is_strict_schema(value) for value in schema.values())


_FENCE = re.compile(r"```[A-Za-z0-9_-]*[ \t]*\n?(.*?)(?:```|\Z)", re.DOTALL)
_THINKING = re.compile(r"<think>.*?</think>", re.DOTALL)


def parse_json(text: str) -> Any:
    """Read a model's JSON leniently: code fences, raw newlines in strings, prose around it.

    Raises ValueError with the reason when there is no JSON to be found.
    """
    cleaned = _THINKING.sub("", text).strip()
    fenced = _FENCE.search(cleaned)
    if fenced:
        cleaned = fenced.group(1).strip()
    if not cleaned:
        raise ValueError("the answer was empty")
    try:
        return json.loads(cleaned, strict=False)
    except json.JSONDecodeError as exc:
        first = exc
    start, end = cleaned.find("{"), cleaned.rfind("}")
    if 0 <= start < end:
        try:
            return json.loads(cleaned[start : end + 1], strict=False)
        except json.JSONDecodeError:
            pass
    raise ValueError(
        f"the answer is not valid JSON ({first.msg} at line {first.lineno} column {first.colno})"
    )


def _with_schema(
    conversation: list[dict[str, str]], schema: dict[str, Any], name: str
) -> list[dict[str, str]]:
    """The messages with the schema spelled out in the system message."""
    instruction = SCHEMA_INSTRUCTION.format(
        name=name, schema=json.dumps(schema, indent=1, sort_keys=True)
    )
    if conversation and conversation[0].get("role") == "system":
        system = dict(conversation[0])
        system["content"] = f"{system.get('content', '').rstrip()}\n\n{instruction}"
        return [system, *conversation[1:]]
    return [{"role": "system", "content": instruction}, *conversation]


def _schema_name(name: str) -> str:
    """A json_schema name OpenAI accepts: letters, digits, _ and -, at most 64."""
    return re.sub(r"[^A-Za-z0-9_-]", "_", name)[:64] or "answer"


def usage_of(data: dict[str, Any]) -> Usage:
    """The tokens a chat completion body reports; a missing or odd count is 0."""
    raw = data.get("usage")
    raw = raw if isinstance(raw, dict) else {}

    def count(key: str) -> int:
        value = raw.get(key)
        return value if isinstance(value, int) and not isinstance(value, bool) else 0

    return Usage(count("prompt_tokens"), count("completion_tokens"), 1)


def content_text(content: Any) -> str:
    """The message text; some servers send a list of parts instead of a string."""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "".join(str(part.get("text", "")) for part in content if isinstance(part, dict))
    return ""


def _attempts(count: int) -> str:
    return f"{count} attempt{'s' if count != 1 else ''}"


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _short(text: str, limit: int = 200) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
