"""Read the prospects of a batch one row at a time: CSV, JSONL, or a folder of files.

Nothing here holds the whole input: `iter_rows` is a generator, so a 100,000-row
file costs the memory of one row. Each row comes back validated, with either a
`Prospect` or the error that names its row number and field; the caller decides
whether an invalid row is skipped or stops the run.

CSV columns map to prospect fields by header name (case and spaces ignored),
or by `--map column=field`. `facts` cells split on ";", and several columns
named `fact` (or mapped to it) each add one fact. Unknown columns are ignored.
"""

from __future__ import annotations

import csv
import difflib
import hashlib
import itertools
import json
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from outreach.errors import InputError
from outreach.models import Prospect
from outreach.prospects import FIELDS, load_prospect, prospect_from_mapping
from outreach.records import record

FACT_SEPARATOR = ";"
FACT_TARGETS = ("fact", "facts")  # `fact`: one fact per column; `facts`: split on ";"
PROSPECT_SUFFIXES = (".toml", ".json")


@record(frozen=True)
class Row:
    """One input row: its number, where it came from, and a prospect or an error."""

    number: int  # CSV: the spreadsheet row (the header is row 1); JSONL: the line; folder: Nth file
    where: str  # e.g. "leads.csv row 7", used in every message about the row
    prospect: Prospect | None
    error: str = ""


def row_key(prospect: Prospect) -> str:
    """A short hash of everything the row says: same content, same key, on any machine."""
    canonical = json.dumps(prospect.to_dict(), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:20]


def parse_mapping(pairs: tuple[str, ...] | list[str]) -> dict[str, str]:
    """`--map col=field` values -> {column header: prospect field}."""
    mapping: dict[str, str] = {}
    targets = (*FIELDS, "fact")
    for pair in pairs:
        column, sep, target = pair.partition("=")
        column, target = column.strip(), target.strip().lower()
        if not sep or not column or not target:
            raise InputError(f"--map {pair!r}: expected COLUMN=FIELD, like --map 'Full Name=name'")
        if target not in targets:
            close = difflib.get_close_matches(target, targets, n=1)
            hint = f"did you mean {close[0]!r}?" if close else f"fields: {', '.join(targets)}"
            raise InputError(f"--map {pair!r}: unknown prospect field {target!r}; {hint}")
        mapping[column] = target
    return mapping


def iter_rows(source: str | Path, mapping: Mapping[str, str] | None = None) -> Iterator[Row]:
    """Yield every row of a CSV, a JSONL file or a folder of prospect files, in order."""
    path = Path(source)
    mapping = dict(mapping or {})
    if path.is_dir():
        yield from _folder_rows(path)
    elif not path.is_file():
        raise InputError(f"{path}: prospects file or folder not found")
    elif path.suffix.lower() in (".jsonl", ".ndjson"):
        yield from _jsonl_rows(path, mapping)
    elif path.suffix.lower() in (".csv", ".tsv", ".txt"):
        yield from _csv_rows(path, mapping)
    else:
        raise InputError(
            f"{path}: unknown prospects format {path.suffix!r}; use .csv, .jsonl or a folder"
        )


# ---------------------------------------------------------------- CSV


def _csv_rows(path: Path, mapping: dict[str, str]) -> Iterator[Row]:
    with path.open("rb") as handle:
        lines = _text_lines(path, handle)
        first = next(lines, "")
        dialect: type[csv.Dialect] = csv.excel
        if path.suffix.lower() == ".tsv":
            dialect = csv.excel_tab
        elif ";" in first and "," not in first:
            dialect = _Semicolon  # Excel's "CSV" where the decimal mark is a comma
        reader = csv.reader(itertools.chain([first] if first else [], lines), dialect, strict=True)
        try:
            header = next(reader, None)
            if header is None:
                raise InputError(
                    f"{path}: the file is empty; expected a header row (name,company,...)"
                    " and one row per prospect"
                )
            targets = _column_targets(path, header, mapping)
            # Numbered as a spreadsheet numbers rows: the header is row 1. A record
            # may span lines (a quoted cell with newlines), so count records, not lines.
            for number, record in enumerate(reader, 2):
                if not any(cell.strip() for cell in record):
                    continue  # blank lines are not rows
                yield _csv_row(path, number, header, targets, record)
        except csv.Error as exc:
            if "field larger than field limit" in str(exc):
                raise InputError(
                    f"{path}: line {reader.line_num} has a cell longer than"
                    f" {csv.field_size_limit():,} characters; shorten it (a prospect's notes"
                    " and facts are a few sentences), or look for an unclosed quote"
                ) from None
            raise InputError(f"{path}: malformed CSV at line {reader.line_num}: {exc}") from None


class _Semicolon(csv.excel):
    delimiter = ";"


def _text_lines(path: Path, handle: Iterable[bytes]) -> Iterator[str]:
    """Decode line by line, so a bad byte is reported with its real line number.

    (Decoding a whole buffer at once, as a text-mode file does, fails before the
    reader has counted the lines.)
    """
    for number, raw in enumerate(handle, 1):
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            bad = raw[exc.start : exc.start + 1]
            raise InputError(
                f"{path}: not UTF-8 text (line {number} has the byte {bad!r}); save it as"
                " 'CSV UTF-8' (or UTF-8 text) and run again"
            ) from None
        yield text.removeprefix("\ufeff") if number == 1 else text


def _column_targets(path: Path, header: list[str], mapping: dict[str, str]) -> list[str | None]:
    """For each column, the prospect field it feeds (None: ignored)."""
    normalised = {_norm(h): h for h in header}
    for column in mapping:
        if column not in header and _norm(column) not in normalised:
            shown = ", ".join(repr(h) for h in header)
            raise InputError(f"{path}: --map names column {column!r}, but the header has {shown}")
    targets: list[str | None] = []
    for name in header:
        target = mapping.get(name) or mapping.get(_norm(name))
        if target is None:
            guess = _norm(name).replace(" ", "_")
            target = guess if guess in (*FIELDS, "fact") else None
        targets.append(target)
    if "name" not in targets:
        shown = ", ".join(repr(h) for h in header)
        raise InputError(
            f"{path}: no column maps to 'name' (header: {shown}); "
            "add a `name` column or pass --map 'COLUMN=name'"
        )
    return targets


def _norm(text: str) -> str:
    return " ".join(text.strip().lower().split())


def _csv_row(
    path: Path, number: int, header: list[str], targets: list[str | None], record: list[str]
) -> Row:
    where = f"{path.name} row {number}"
    if len(record) > len(header):
        return Row(
            number,
            where,
            None,
            f"{where}: {len(record)} cells but the header has {len(header)} columns "
            "(an unquoted comma?)",
        )
    values: dict[str, Any] = {}
    facts: list[str] = []
    for target, cell in zip(targets, record, strict=False):
        cell = cell.strip()
        if target is None or not cell:
            continue
        if target == "facts":
            facts.extend(f.strip() for f in cell.split(FACT_SEPARATOR) if f.strip())
        elif target == "fact":
            facts.append(cell)
        else:
            values[target] = cell
    values["facts"] = facts
    return _validated(number, where, values)


# ---------------------------------------------------------------- JSONL


def _jsonl_rows(path: Path, mapping: dict[str, str]) -> Iterator[Row]:
    with path.open("rb") as handle:
        for number, line in enumerate(_text_lines(path, handle), 1):
            if not line.strip():
                continue
            where = f"{path.name} line {number}"
            try:
                data = json.loads(line)
            except json.JSONDecodeError as exc:
                yield Row(number, where, None, f"{where}: invalid JSON: {exc.msg}")
                continue
            if not isinstance(data, dict):
                kind = type(data).__name__
                yield Row(number, where, None, f"{where}: expected an object, got {kind}")
                continue
            renamed = {mapping.get(str(k), str(k)): v for k, v in data.items()}
            if "fact" in renamed:
                fact = renamed.pop("fact")
                extra = fact if isinstance(fact, list) else [fact]
                prior = renamed.get("facts") or []
                renamed["facts"] = (prior if isinstance(prior, list) else [prior]) + extra
            yield _validated(number, where, renamed)


# ---------------------------------------------------------------- a folder


def _folder_rows(folder: Path) -> Iterator[Row]:
    files = sorted(p for p in folder.iterdir() if p.suffix.lower() in PROSPECT_SUFFIXES)
    if not files:
        raise InputError(f"{folder}: no .toml or .json prospect files in this folder")
    for number, path in enumerate(files, 1):
        try:
            yield Row(number, path.name, load_prospect(path))
        except InputError as exc:
            yield Row(number, path.name, None, exc.message)


def _validated(number: int, where: str, values: Mapping[str, Any]) -> Row:
    try:
        return Row(number, where, prospect_from_mapping(values, where=where, allow_unknown=True))
    except InputError as exc:
        return Row(number, where, None, exc.message)
