"""What differs between model servers, as data: one `Profile` per kind of server.

`[llm] provider` picks the row. Every per-server difference lives in `PROFILES`
(how to ask for JSON, how many requests at once, how long an answer may take,
where the server listens, whether it needs a key) so the client and the batch
runner read fields instead of growing `if provider == ...` chains. To support
another server, add a row here.
"""

from __future__ import annotations

from dataclasses import dataclass

from outreach.config import LLMSettings
from outreach.errors import ConfigError

# How the client asks for structured output, most to least constrained. The client
# starts at a profile's mode and moves right when a server refuses one.
STRUCTURED_MODES = ("json_schema", "json_object", "prompt")


@dataclass(frozen=True)
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

    def read_timeout(self, settings: LLMSettings) -> float:
        """The read timeout to use: the configured one, raised to this server's floor."""
        return max(settings.read_timeout, self.min_read_timeout)

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
        description="a llama.cpp server on this machine (one slot, slow CPU answers)",
        # llama.cpp's server takes {"type": "json_object", "schema": ...} and turns
        # the schema into a grammar; asking for json_schema first only wastes a request.
        structured_output="json_object",
        concurrency=1,
        min_read_timeout=600.0,
        default_base_url="http://127.0.0.1:8080/v1",
        needs_api_key=False,
    ),
}


def profile_for(settings: LLMSettings) -> Profile:
    """The profile named by `[llm] provider`."""
    try:
        return PROFILES[settings.provider]
    except KeyError:
        known = ", ".join(sorted(PROFILES))
        raise ConfigError(
            f"[llm] provider: unknown provider {settings.provider!r}; use one of {known}"
        ) from None
