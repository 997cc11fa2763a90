"""Read a prospect from a TOML or JSON file, a mapping, or command-line flags."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from outreach.errors import InputError
from outreach.models import Prospect, looks_like_email
from outreach.records import replace

TYPE_CHECKING = False  # typing is not imported at run time (see outreach.records)
if TYPE_CHECKING:
    from pathlib import Path
    from typing import Any

TEXT_FIELDS = (
    "name",
    "company",
    "role",
    "email",
    "industry",
    "sector",
    "country",
    "locale",
    "notes",
)
FIELDS = (*TEXT_FIELDS, "facts")
# Fields that go into headers (To:), the ledger key and one-line output: no line breaks.
ONE_LINE_FIELDS = tuple(f for f in TEXT_FIELDS if f != "notes")


def load_prospect(path: str | Path) -> Prospect:
    """Load one prospect file (.toml or .json); errors name the file and field."""
    from pathlib import Path  # with a prospect file only: a lint run without one skips it

    path = Path(path)
    if path.is_dir():
        raise InputError(f"{path}: is a folder; give one prospect file (.toml or .json)")
    if not path.is_file():
        raise InputError(f"{path}: prospect file not found")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{path}: not UTF-8 text (bad byte at offset {exc.start}); save it as UTF-8"
        ) from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read prospect file: {exc.strerror}") from None
    suffix = path.suffix.lower()
    import json  # here, not at the top: `outreach lint` without --prospect never needs them
    import tomllib

    try:
        if suffix == ".json":
            data = json.loads(text)
        elif suffix == ".toml":
            data = tomllib.loads(text)
        else:
            raise InputError(f"{path}: unknown prospect format {suffix!r}; use .toml or .json")
    except json.JSONDecodeError as exc:
        raise InputError(f"{path}: invalid JSON at line {exc.lineno}: {exc.msg}") from None
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"{path}: invalid TOML: {exc}") from None
    if isinstance(data, dict) and set(data) == {"prospect"} and isinstance(data["prospect"], dict):
        data = data["prospect"]  # a [prospect] table is accepted as well as top-level keys
    if not isinstance(data, dict):
        raise InputError(
            f"{path}: expected an object of prospect fields, got {type(data).__name__}"
        )
    return prospect_from_mapping(data, where=str(path))


def prospect_from_mapping(
    data: Mapping[str, Any], *, where: str = "prospect", allow_unknown: bool = False
) -> Prospect:
    """Validate prospect fields from any mapping (a file, a CSV row, a JSON line)."""
    values: dict[str, Any] = {}
    for key, value in data.items():
        if key not in FIELDS:
            if allow_unknown:
                continue
            import difflib

            close = difflib.get_close_matches(key, FIELDS, n=1)
            hint = (
                f"; did you mean {close[0]!r}?" if close else f"; known fields: {', '.join(FIELDS)}"
            )
            raise InputError(f"{where}: unknown field {key!r}{hint}")
        if key == "facts":
            values["facts"] = _facts(value, where)
        elif value is None:
            continue
        elif isinstance(value, str):
            values[key] = _text(key, value, where)
        elif isinstance(value, int | float) and not isinstance(value, bool):
            # name = 3 is a slip (a missing quote, a shifted column), not a name.
            raise InputError(
                f"{where}: field {key!r} must be text, got the number {value!r};"
                " put it in quotes if it is meant"
            )
        else:
            raise InputError(f"{where}: field {key!r} must be text, got {type(value).__name__}")
    if not values.get("name"):
        raise InputError(f"{where}: field 'name' is required (the prospect's full name)")
    return Prospect(**values)


def prospect_from_flags(
    *,
    name: str | None,
    company: str | None = None,
    role: str | None = None,
    email: str | None = None,
    sector: str | None = None,
    facts: Iterable[str] = (),
) -> Prospect:
    """Build a quick one-off prospect from --name, --company, --role and --fact."""
    if not name:
        raise InputError("give a prospect file, or at least --name for a one-off prospect")
    fields = {"name": name, "company": company, "role": role, "email": email, "sector": sector}
    return prospect_from_mapping(
        {k: v for k, v in fields.items() if v} | {"facts": list(facts)}, where="flags"
    )


def merge_flags(prospect: Prospect, *, facts: Iterable[str] = (), **fields: str | None) -> Prospect:
    """Add --fact and override fields given as flags on top of a prospect file."""
    changes: dict[str, Any] = {k: _text(k, v, "flags") for k, v in fields.items() if v}
    extra = _facts(list(facts), "flags")
    if extra:
        changes["facts"] = prospect.facts + extra
    return replace(prospect, **changes) if changes else prospect


def _text(key: str, value: str, where: str) -> str:
    """A field's text, stripped, with one-line fields on one line (a spreadsheet cell may
    hold a line break); a malformed email is an error here rather than a broken To:
    header or ledger key after the draft was paid for."""
    text = value.strip()
    if key in ONE_LINE_FIELDS and ("\n" in text or "\r" in text):
        text = " ".join(text.split())
    if key == "email" and text and not looks_like_email(text):
        raise InputError(
            f"{where}: field 'email' {text!r} is not an email address (like name@example.com)"
        )
    return text


def _facts(value: Any, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        raise InputError(f"{where}: field 'facts' must be a list of strings")
    facts = []
    for i, item in enumerate(value, 1):
        if not isinstance(item, str):
            raise InputError(f"{where}: facts item {i} must be a string, got {type(item).__name__}")
        if item.strip():
            facts.append(item.strip())
    return tuple(facts)
