"""What differs between model servers, as data: one `Profile` per kind of server.

`[llm] provider` picks the row. Every per-server difference lives in `PROFILES`
(how to ask for JSON, how many requests at once, how long an answer may take,
where the server listens, whether it needs a key) so the client and the batch
runner read fields instead of growing `if provider == ...` chains. To support
another server, add a row here.
"""

from __future__ import annotations

import copy
import os
from collections.abc import Mapping
from typing import Any

from outreach import local
from outreach.config import LLMSettings
from outreach.errors import ConfigError
from outreach.records import record

# Set (to anything) to never fall back to the embedded model when no key is configured:
# a missing key is then an error, as it is without the local extra.
NO_LOCAL_DEFAULT_ENV = "OUTREACH_NO_LOCAL_DEFAULT"

# How the client asks for structured output, most to least constrained. The client
# starts at a profile's mode and moves right when a server refuses one.
STRUCTURED_MODES = ("json_schema", "json_object", "prompt")


@record(frozen=True)
class SchemaBounds:
    """Limits added to a JSON schema for a server that compiles it into a grammar.

    Under a grammar a small model can loop inside one string until max_tokens, or
    answer with empty strings and lists; bounds make the grammar end every string,
    fill it, and require at least one record. Limits the schema sets win.
    """

    min_string_length: int = 1  # an empty field is never an answer
    max_string_length: int = 700  # characters; an email body fits, a loop ends
    max_items: int = 3
    records_required: bool = True  # a required list of objects holds one at least

    def apply(self, schema: dict[str, Any]) -> dict[str, Any]:
        bounded = copy.deepcopy(schema)
        self._bound(bounded, required=False)
        return bounded

    def _bound(self, node: Any, *, required: bool) -> None:
        if isinstance(node, list):
            for item in node:
                self._bound(item, required=False)
            return
        if not isinstance(node, dict):
            return
        if node.get("type") == "string" and "enum" not in node:
            node.setdefault("minLength", self.min_string_length)
            node.setdefault("maxLength", self.max_string_length)
        if node.get("type") == "array":
            node.setdefault("maxItems", self.max_items)
            items = node.get("items")
            records = isinstance(items, dict) and items.get("type") == "object"
            if self.records_required and required and records:
                node.setdefault("minItems", 1)
        properties = node.get("properties")
        if isinstance(properties, dict):
            needed = set(node.get("required", ()))
            for name, child in properties.items():
                self._bound(child, required=name in needed)
        for key, child in node.items():
            if key != "properties":
                self._bound(child, required=False)


@record(frozen=True)
class Profile:
    """How to talk to one kind of OpenAI-compatible server."""

    name: str
    description: str
    # The first structured-output mode to try (one of STRUCTURED_MODES).
    structured_output: str = "json_schema"
    # The most requests worth sending at once; None: no limit beyond [batch] concurrency.
    concurrency: int | None = None
    # The shortest read timeout worth using (seconds); a larger [llm] read_timeout wins.
    min_read_timeout: float = 0.0
    # Where the server listens when neither [llm] base_url nor $OPENAI_BASE_URL says.
    # Empty: the SDK's default (the OpenAI API).
    default_base_url: str = ""
    # Whether the server checks an API key. Servers that do not get a placeholder.
    needs_api_key: bool = True
    # The request field that limits the answer's length. OpenAI's newest models want
    # "max_completion_tokens"; every server here still takes "max_tokens".
    max_tokens_field: str = "max_tokens"
    # Without a base URL, run the embedded model (outreach.local) and send requests there.
    embedded: bool = False
    # Said once on stderr when this profile is used: what to expect from the model.
    note: str = ""
    # Added to the schema sent with json_object, for servers that enforce it as a grammar.
    schema_bounds: SchemaBounds | None = None

    def read_timeout(self, settings: LLMSettings) -> float:
        """The read timeout to use: the configured one, raised to this server's floor."""
        return max(settings.read_timeout, self.min_read_timeout)

    def grammar_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        """The schema to send with json_object: bounded where this server needs it."""
        return self.schema_bounds.apply(schema) if self.schema_bounds else schema

    def limit_concurrency(self, wanted: int) -> int:
        """Cap a wanted number of parallel requests at what this server can take."""
        if self.concurrency is None:
            return max(1, wanted)
        return max(1, min(wanted, self.concurrency))


PROFILES: dict[str, Profile] = {
    "openai": Profile(
        name="openai",
        description="OpenAI or any OpenAI-compatible endpoint (vLLM, Ollama, gateways)",
        structured_output="json_schema",
    ),
    "local": Profile(
        name="local",
        description="the embedded SmolLM2 model, or a llama.cpp server (one slot, slow CPU)",
        # llama.cpp's server takes {"type": "json_object", "schema": ...} and turns
        # the schema into a grammar; asking for json_schema first only wastes a request.
        structured_output="json_object",
        concurrency=1,
        min_read_timeout=600.0,
        # No fixed address: the embedded server gets a free port (or --base-url points
        # at one that `outreach serve` keeps running).
        needs_api_key=False,
        embedded=True,
        note=local.TINY_MODEL_NOTE,
        # Measured on the gift ideas step: unbounded, 5 of 8 runs looped to max_tokens
        # or gave no idea twice; bounded, none of 8 did.
        schema_bounds=SchemaBounds(),
    ),
}


def profile_for(settings: LLMSettings, environ: Mapping[str, str] | None = None) -> Profile:
    """The profile named by `[llm] provider`, noted once on stderr when it has a note.

    The default provider falls back to the embedded model ("local") when no API key
    and no base URL are configured and the local extra is installed; one stderr
    line says so and how to use a real model.
    """
    try:
        profile = PROFILES[settings.provider]
    except KeyError:
        known = ", ".join(sorted(PROFILES))
        raise ConfigError(
            f"[llm] provider: unknown provider {settings.provider!r}; use one of {known}"
        ) from None
    env = os.environ if environ is None else environ
    if settings.provider == LLMSettings.provider and _nothing_configured(settings, env):
        local.notice(local.LOCAL_DEFAULT_NOTE, key="local")
        return PROFILES["local"]
    if profile.embedded and not _base_url_given(settings, env):
        local.require_model()  # without the extra, say how to get it before any note
    if profile.note:
        local.notice(profile.note, key=profile.name)
    return profile


def _base_url_given(settings: LLMSettings, env: Mapping[str, str]) -> bool:
    from outreach.client import BASE_URL_ENV

    return bool(settings.base_url.strip() or env.get(BASE_URL_ENV, "").strip())


def _nothing_configured(settings: LLMSettings, env: Mapping[str, str]) -> bool:
    """No key, no base URL, the local extra installed, and the fallback not turned off."""
    return (
        not env.get(settings.api_key_env, "").strip()
        and not _base_url_given(settings, env)
        and not env.get(NO_LOCAL_DEFAULT_ENV)
        and local.is_available()
    )
