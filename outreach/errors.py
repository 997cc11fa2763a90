"""Errors a user can act on, converted to one line and an exit code in one place.

    OutreachError            anything expected; exit_code says how the CLI exits
    ├── InputError           a prospect, copy or data file is missing or malformed (2)
    ├── ConfigError          the config file is malformed or has unknown keys (2)
    ├── PromptError          a template is missing or needs a variable it was not given (2)
    ├── CredentialsError     no API key in the environment (2)
    └── ModelError           the endpoint failed or answered something unusable (1)
        ├── EndpointError        unreachable, timed out, or HTTP errors after retries
        └── ModelOutputError     truncated, refused, or invalid structured output

`outreach.cli` catches OutreachError and prints `error: <message>`; nothing
else is caught there, so an unexpected failure is a bug that shows itself.

Secrets never reach a message: the model client registers the API key it reads
(`register_secret`), and every OutreachError masks registered secrets in its
message, whatever a server quoted back to us or wherever the message is shown
or stored (stderr, a results file, JSON output).
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing is not imported at run time (see outreach.records)
if TYPE_CHECKING:
    from typing import Any


# Values to mask in every message; filled by the code that reads them from the environment.
_SECRETS: set[str] = set()
_MIN_SECRET = 6  # shorter values would mask ordinary words; no real key is that short


class ExitCode:
    """Named process exit codes, used everywhere the CLI exits."""

    OK = 0
    FINDINGS = 1  # lint found something at or above --fail-on
    FAILURE = 1  # the model or endpoint failed
    USAGE = 2  # bad flags, input, config or credentials


def register_secret(value: str) -> None:
    """Mask `value` (an API key) in every error message from now on."""
    if len(value) >= _MIN_SECRET:
        _SECRETS.add(value)


def redact(text: str) -> str:
    """`text` with every registered secret replaced by ***."""
    for secret in sorted(_SECRETS, key=len, reverse=True):
        text = text.replace(secret, "***")
    return text


class OutreachError(Exception):
    """Base class for every error the user is meant to see as one line."""

    exit_code: int = ExitCode.USAGE

    def __init__(self, message: str) -> None:
        message = redact(message)
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class InputError(OutreachError):
    """A prospect, copy or data file cannot be used as given."""


class ConfigError(OutreachError):
    """The configuration cannot be used as given."""


class PromptError(OutreachError):
    """A prompt template is missing or cannot be rendered."""


class CredentialsError(OutreachError):
    """No API key where the configuration says it lives."""


class ModelError(OutreachError):
    """The model endpoint failed or its answer cannot be used."""

    exit_code = ExitCode.FAILURE
    # Tokens the failed call was still billed for (an outreach.models.Usage), when known.
    usage: Any = None


class EndpointError(ModelError):
    """The endpoint could not be reached or kept failing after retries."""


class ModelOutputError(ModelError):
    """The model answered, but the answer is truncated, refused or invalid."""

    # What was wrong with the answer, without the advice the message adds ("`body` has no
    # words"), when the answer was read: for a report on a run that went on regardless.
    reason = ""
