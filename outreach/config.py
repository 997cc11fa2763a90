"""Configuration: find the TOML file, validate every key, freeze the result.

Search order (the first that exists wins):

1. ``--config PATH``
2. ``$OUTREACH_CONFIG``
3. ``./outreach.toml``
4. the user config dir (``outreach.toml`` in ``platformdirs.user_config_dir("outreach")``)

No file at all is fine: every key has a default. A file that exists is
parsed strictly: an unknown section or key is an error with a suggestion,
and a value of the wrong type names the key and the expected type.
Secrets never live here: ``[llm] api_key_env`` names the environment
variable that holds the key.
"""

from __future__ import annotations

import math
import os
import sys

from outreach import records
from outreach.errors import ConfigError
from outreach.models import Sender, looks_like_email
from outreach.records import field, record

TYPE_CHECKING = False  # typing is not imported at run time (see outreach.records)
if TYPE_CHECKING:
    from collections.abc import Iterable
    from pathlib import Path
    from typing import Any

CONFIG_ENV = "OUTREACH_CONFIG"
CONFIG_NAME = "outreach.toml"


@record(frozen=True)
class LLMSettings:
    """Where the model lives and how patiently we talk to it."""

    provider: str = "openai"  # "openai" (any OpenAI-compatible endpoint) or "local"
    model: str = "gpt-4o-mini"
    base_url: str = ""  # empty: $OPENAI_BASE_URL, else the OpenAI API
    api_key_env: str = "OPENAI_API_KEY"
    temperature: float = 0.7
    max_tokens: int = 1200
    connect_timeout: float = 10.0
    read_timeout: float = 120.0
    max_attempts: int = 4  # tries per request, the first included
    max_retry_seconds: float = 90.0  # total time a request may spend retrying
    max_retry_wait: float = 30.0  # the longest single wait, Retry-After included
    structured_output: str = "auto"  # auto | json_schema | json_object | prompt


@record(frozen=True)
class PromptSettings:
    dir: str = ""  # a folder whose templates override the shipped ones


@record(frozen=True)
class LintSettings:
    """The checker's policy: which rules, how severe, and a company's own phrases."""

    select: tuple[str, ...] = ()  # codes or categories; empty means all
    ignore: tuple[str, ...] = ()
    severity: dict[str, str] = field(default_factory=dict)  # code -> error|warning|info
    per_file_ignores: dict[str, list[str]] = field(default_factory=dict)  # glob -> codes
    phrases: dict[str, list[str]] = field(default_factory=dict)  # category -> phrases
    fail_on: str = "error"
    region: str = ""  # us | eu | uk | ca; empty: from the prospect's country


@record(frozen=True)
class TimingSettings:
    """The maturation window (step 3), in days after the gift went out."""

    sales_min_days: int = 2
    sales_max_days: int = 9
    relationship_min_days: int = 5
    relationship_max_days: int = 21
    # A larger gift is remembered longer: days added to (or taken from) the window's close.
    tier_extra_days: dict[str, int] = field(
        default_factory=lambda: {"token": -3, "modest": 0, "substantial": 5}
    )
    # Days a channel takes to put the gift in their hands; the window moves that much later.
    channel_delay_days: dict[str, int] = field(default_factory=lambda: {"mail": 3})
    # Gifts given live: in a sales context the ask belongs to the same conversation.
    live_channels: tuple[str, ...] = ("call", "meeting")
    live_min_minutes: int = 5
    live_max_minutes: int = 60
    retreat_after_days: int = 2  # sequence: the retreat goes out this long after the anchor
    thank_within_days: int = 1  # sequence: the thank-you goes out this long after the yes


@record(frozen=True)
class ProportionSettings:
    """The request ladder (step 4): ask sizes, smallest first, and what a gift supports."""

    ladder: tuple[str, ...] = ("reply", "call", "meeting", "trial", "purchase")
    labels: dict[str, str] = field(default_factory=dict)  # rung -> how to say it in a suggestion
    patterns: dict[str, list[str]] = field(default_factory=dict)  # rung -> extra regexes
    fits: dict[str, str] = field(  # gift value tier -> the largest rung it supports
        default_factory=lambda: {"token": "call", "modest": "meeting", "substantial": "trial"}
    )
    max_anchor_steps: int = 2  # retreat: how many rungs above the real request the anchor may be


@record(frozen=True)
class LedgerSettings:
    path: str = ""  # empty: ledger.sqlite3 in the user data dir


@record(frozen=True)
class BatchSettings:
    concurrency: int = 4
    rpm: int = 0  # requests per minute; 0 means no limit
    tpm: int = 0  # tokens per minute; 0 means no limit
    row_timeout: float = 300.0
    price_per_million_input: float = 0.0
    price_per_million_output: float = 0.0


@record(frozen=True)
class Settings:
    """Everything the commands need, validated and frozen."""

    sender: Sender = field(default_factory=Sender)
    llm: LLMSettings = field(default_factory=LLMSettings)
    prompts: PromptSettings = field(default_factory=PromptSettings)
    lint: LintSettings = field(default_factory=LintSettings)
    timing: TimingSettings = field(default_factory=TimingSettings)
    proportion: ProportionSettings = field(default_factory=ProportionSettings)
    ledger: LedgerSettings = field(default_factory=LedgerSettings)
    batch: BatchSettings = field(default_factory=BatchSettings)
    source: Path | None = None  # the file these came from, if any


_SECTIONS: dict[str, type[Any]] = {
    "sender": Sender,
    "llm": LLMSettings,
    "prompts": PromptSettings,
    "lint": LintSettings,
    "timing": TimingSettings,
    "proportion": ProportionSettings,
    "ledger": LedgerSettings,
    "batch": BatchSettings,
}


# Keys whose value must be one of a few words.
_CHOICES: dict[tuple[type[Any], str], tuple[str, ...]] = {
    (LLMSettings, "provider"): ("openai", "local"),
    (LLMSettings, "structured_output"): ("auto", "json_schema", "json_object", "prompt"),
    (LintSettings, "fail_on"): ("error", "warning", "info", "never"),
    (LintSettings, "region"): ("", "us", "eu", "uk", "ca"),
}


# Numbers with a sensible range: (lowest, highest); a highest of None leaves it open.
# Ten years of days bounds the timing windows so that no date arithmetic overflows.
_DAYS = (0, 3650)
_RANGES: dict[tuple[type[Any], str], tuple[float, float | None]] = {
    (LLMSettings, "temperature"): (0, 2),
    (LLMSettings, "max_tokens"): (1, None),
    (LLMSettings, "connect_timeout"): (0.1, None),
    (LLMSettings, "read_timeout"): (0.1, None),
    (LLMSettings, "max_attempts"): (1, 100),
    (LLMSettings, "max_retry_seconds"): (0, None),
    (LLMSettings, "max_retry_wait"): (0, None),
    (TimingSettings, "sales_min_days"): _DAYS,
    (TimingSettings, "sales_max_days"): _DAYS,
    (TimingSettings, "relationship_min_days"): _DAYS,
    (TimingSettings, "relationship_max_days"): _DAYS,
    (TimingSettings, "tier_extra_days"): (-3650, 3650),
    (TimingSettings, "channel_delay_days"): _DAYS,
    (TimingSettings, "live_min_minutes"): (0, 24 * 60),
    (TimingSettings, "live_max_minutes"): (1, 24 * 60),
    (TimingSettings, "retreat_after_days"): _DAYS,
    (TimingSettings, "thank_within_days"): _DAYS,
    (ProportionSettings, "max_anchor_steps"): (1, None),
    (BatchSettings, "concurrency"): (1, 512),
    (BatchSettings, "rpm"): (0, None),
    (BatchSettings, "tpm"): (0, None),
    (BatchSettings, "row_timeout"): (0.1, None),
    (BatchSettings, "price_per_million_input"): (0, None),
    (BatchSettings, "price_per_million_output"): (0, None),
}

# Pairs of keys where the first may not exceed the second.
_ORDERED: dict[type[Any], tuple[tuple[str, str], ...]] = {
    TimingSettings: (
        ("sales_min_days", "sales_max_days"),
        ("relationship_min_days", "relationship_max_days"),
        ("live_min_minutes", "live_max_minutes"),
    ),
}


# Keys that become mail headers (From:) or one line of the signature: no line breaks.
_ONE_LINE: frozenset[tuple[type[Any], str]] = frozenset(
    (Sender, key) for key in ("name", "company", "role", "email")
)


# kind -> (the XDG variable, the folder under $HOME when it is unset)
_XDG = {"config": ("XDG_CONFIG_HOME", ".config"), "cache": ("XDG_CACHE_HOME", ".cache")}


def user_folder(kind: str) -> str:
    """platformdirs' user config or cache folder for outreach (`kind`: "config" or "cache"),
    as a string (`outreach lint` does not import pathlib).

    On Linux, when the XDG variable is an absolute path or unset and $HOME is absolute,
    the answer is the XDG rule, worked out here: importing platformdirs (which imports
    tempfile) costs a lint run about 4 ms. Anything else asks platformdirs.
    tests/test_user_dirs.py checks that both give the same folder.
    """
    variable, under_home = _XDG[kind]
    android = hasattr(sys, "getandroidapilevel") or os.environ.get("ANDROID_DATA")
    if sys.platform == "linux" and not android:
        base, home = os.environ.get(variable, ""), os.environ.get("HOME", "")
        if os.path.isabs(base):
            return os.path.join(base, "outreach")
        if not base and os.path.isabs(home):
            return os.path.join(home, under_home, "outreach")
    import platformdirs

    found = platformdirs.user_config_dir if kind == "config" else platformdirs.user_cache_dir
    try:
        return str(found("outreach"))
    except RuntimeError as exc:  # no home folder (no $HOME, no passwd entry): an OSError
        raise OSError(f"no user {kind} folder ({exc}); set $HOME or ${variable}") from None


def find_config(explicit: str | os.PathLike[str] | None = None) -> Path | None:
    """Return the config file to use, following the documented search order."""
    found = _config_path(explicit)
    if found is None:
        return None
    from pathlib import Path

    return Path(found)


def _config_path(explicit: str | os.PathLike[str] | None) -> str | None:
    """``find_config`` as a string, looked for with os.path: most lint runs find no file,
    and then never import pathlib."""
    if explicit:
        return _config_file(os.fspath(explicit), "given with --config")
    from_env = os.environ.get(CONFIG_ENV)
    if from_env:
        return _config_file(from_env, f"named by ${CONFIG_ENV}")
    return _default_config()


def _default_config() -> str | None:
    """./outreach.toml, else the one in the user config folder, when it is a file."""
    try:
        here = os.path.join(os.getcwd(), CONFIG_NAME)
    except OSError:
        here = ""  # the working folder is gone: no ./outreach.toml
    if here and os.path.isfile(here):
        return here
    try:
        mine = os.path.join(user_folder("config"), CONFIG_NAME)
    except OSError:
        return None  # no home folder: no user config file either
    return mine if os.path.isfile(mine) else None


def _config_file(path: str, how: str) -> str:
    if os.path.isdir(path):
        raise ConfigError(f"{path}: is a folder, not a config file ({how}); name the .toml file")
    if not os.path.isfile(path):
        raise ConfigError(f"{path}: config file not found ({how})")
    return path


def load_settings(explicit: str | os.PathLike[str] | None = None) -> Settings:
    """Find, parse and validate the configuration."""
    path = find_config(explicit)
    if path is None:
        return Settings()
    import tomllib  # only when there is a file: most lint runs have none

    try:
        # utf-8-sig: Windows editors save UTF-8 with a byte-order mark, which TOML rejects.
        raw = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not UTF-8 text; save the config as UTF-8") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read config: {exc.strerror}") from None
    return settings_from_dict(raw, source=path)


def settings_from_dict(raw: dict[str, Any], *, source: Path | None = None) -> Settings:
    """Validate a parsed config table; every error names the file and key."""
    where = str(source) if source else "config"
    sections: dict[str, Any] = {}
    for name, table in raw.items():
        if name not in _SECTIONS:
            raise ConfigError(f"{where}: unknown section [{name}]{_suggest(name, _SECTIONS)}")
        if not isinstance(table, dict):
            raise ConfigError(f"{where}: [{name}] must be a table, like [{name}] on its own line")
        sections[name] = _build(_SECTIONS[name], table, f"{where}: [{name}]")
    return Settings(**sections, source=source)


def _suggest(word: str, choices: Iterable[str]) -> str:
    import difflib

    close = difflib.get_close_matches(word, list(choices), n=1)
    return f"; did you mean {close[0]!r}?" if close else ""


def _build(cls: type[Any], table: dict[str, Any], where: str) -> Any:
    import typing  # only when a config file is read

    hints = typing.get_type_hints(cls)
    names = [f.name for f in records.fields(cls)]
    values: dict[str, Any] = {}
    for key, value in table.items():
        if key not in names:
            raise ConfigError(f"{where}: unknown key {key!r}{_suggest(key, names)}")
        values[key] = _coerce(value, hints[key], f"{where} {key}")
        choices = _CHOICES.get((cls, key))
        if choices is not None and values[key] not in choices:
            shown = ", ".join(repr(c) for c in choices if c)
            raise ConfigError(f"{where} {key}: {value!r} is not one of {shown}")
        if (cls, key) in _ONE_LINE and ("\n" in values[key] or "\r" in values[key]):
            raise ConfigError(f"{where} {key}: must be one line; remove the line break")
        if (cls, key) == (Sender, "email") and values[key] and not looks_like_email(values[key]):
            raise ConfigError(
                f"{where} {key}: {values[key]!r} is not an email address (like you@example.com)"
            )
        bounds = _RANGES.get((cls, key))
        if bounds is not None:
            numbers = values[key].items() if isinstance(values[key], dict) else [("", value)]
            for sub, number in numbers:
                _check_range(number, bounds, f"{where} {key}{'.' + sub if sub else ''}")
    built = cls(**values)
    for low_key, high_key in _ORDERED.get(cls, ()):
        low, high = getattr(built, low_key), getattr(built, high_key)
        if low > high:
            raise ConfigError(
                f"{where} {low_key} = {low} is more than {high_key} = {high}; the window"
                " would close before it opens"
            )
    return built


def _check_range(number: float, bounds: tuple[float, float | None], where: str) -> None:
    low, high = bounds
    if number < low or (high is not None and number > high):
        wanted = f"of {low:g} or more" if high is None else f"between {low:g} and {high:g}"
        raise ConfigError(f"{where}: {number!r} is out of range; use a number {wanted}")


def _coerce(value: Any, hint: Any, where: str) -> Any:
    """Check a TOML value against a field's type; lists become tuples where declared."""
    import typing

    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if hint is float:
        if not isinstance(value, int | float) or isinstance(value, bool):
            raise ConfigError(f"{where}: expected a number, got {value!r}")
        if not math.isfinite(value):
            raise ConfigError(f"{where}: expected a finite number, got {value!r}")
        return float(value)
    if hint in (str, int, bool):
        if isinstance(value, hint) and not (hint is int and isinstance(value, bool)):
            return value
        raise ConfigError(f"{where}: expected {_type_name(hint)}, got {value!r}")
    if origin in (tuple, list):
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ConfigError(f'{where}: expected a list of strings, like ["a", "b"]')
        return origin(value)
    if origin is dict:
        if not isinstance(value, dict):
            raise ConfigError(f"{where}: expected a table")
        value_type = args[1]
        return {k: _coerce(v, value_type, f"{where}.{k}") for k, v in value.items()}
    raise ConfigError(f"{where}: unsupported value {value!r}")


def _type_name(hint: Any) -> str:
    return {str: "a string", int: "a whole number", bool: "true or false"}.get(hint, str(hint))
