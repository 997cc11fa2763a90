"""Render findings: text with a caret, JSON, SARIF 2.1.0, GitHub workflow annotations."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence

from outreach import __version__
from outreach.checker.model import SEVERITIES, SEVERITY_RANK, Finding, Rule
from outreach.checker.rules import all_rules

TYPE_CHECKING = False  # typing is not imported at run time (see outreach.records)
if TYPE_CHECKING:
    from typing import Any

_SOURCE_WIDTH = 120
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_SARIF_LEVEL = {"error": "error", "warning": "warning", "info": "note"}
_GITHUB_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def fails(counts: Mapping[str, int], fail_on: str) -> bool:
    """Whether findings counted per severity reach the --fail-on severity."""
    if fail_on == "never":
        return False
    threshold = SEVERITY_RANK[fail_on]
    return any(n and SEVERITY_RANK[s] >= threshold for s, n in counts.items())


def severity_counts(findings: Iterable[Finding]) -> dict[str, int]:
    """Findings per severity, most severe first (every severity, 0 when none)."""
    counts = dict.fromkeys(SEVERITIES, 0)
    for f in findings:
        counts[f.severity] += 1
    return counts


def summary_of(counts: Mapping[str, int], emails: int) -> str:
    """The summary line for findings counted per severity (most severe first)."""
    checked = f"{emails} email{'s' if emails != 1 else ''} checked"
    total = sum(counts.values())
    if not total:
        return f"No findings; {checked}."
    parts = ", ".join(f"{n} {s}{'s' if n != 1 else ''}" for s, n in counts.items() if n)
    return f"{total} finding{'s' if total != 1 else ''} ({parts}); {checked}."


def part_renderer(fmt: str) -> Callable[[Sequence[Finding]], str] | None:
    """The renderer of a format whose output is one piece per finding (text, github).

    Its output for a list of findings is its outputs for any split of the list,
    one after another, so parts of a run can be rendered where they were linted.
    None for the formats that wrap every finding in one document (json, sarif).
    """
    return {"text": render_text, "github": render_github}.get(fmt)


def render_text(findings: Sequence[Finding]) -> str:
    """`path:line:col: CODE [severity] message`, the source line, a caret, the suggestion."""
    lines: list[str] = []
    for f in findings:
        where = f"{f.path}:{f.line}:{f.column}"
        row = f" (row {f.row})" if f.row else ""
        lines.append(f"{where}: {f.rule} [{f.severity}] {f.message}{row}")
        if f.source.strip():
            source, caret_at = _window(f.source, f.column - 1)
            width = (
                f.end_column - f.column if f.end_line == f.line and f.end_column > f.column else 1
            )
            width = max(1, min(width, len(source) - caret_at))
            pad = source[:caret_at]  # tabs kept, so the caret lines up under them
            pad = re.sub(r"[^\t]", " ", pad) if "\t" in pad else " " * len(pad)
            lines.append(f"  {source}")
            lines.append(f"  {pad}{'^' * width}")
        lines.append(f"  help: {f.suggestion}")
    return "\n".join(lines) + ("\n" if lines else "")


def _window(source: str, column: int) -> tuple[str, int]:
    """A readable slice of a very long line, and where the column falls in it."""
    source = source.rstrip("\n")
    if len(source) <= _SOURCE_WIDTH:
        return source, min(column, len(source))
    start = max(0, column - _SOURCE_WIDTH // 3)
    piece = source[start : start + _SOURCE_WIDTH]
    prefix = "…" if start else ""
    suffix = "…" if start + _SOURCE_WIDTH < len(source) else ""
    return prefix + piece + suffix, column - start + len(prefix)


def render_json(findings: Sequence[Finding], emails: int) -> str:
    counts = severity_counts(findings)
    data = {
        "version": 1,
        "findings": [f.to_dict() for f in findings],
        "summary": {"emails": emails, "findings": len(findings), **counts},
    }
    return dumps_indented(data) + "\n"


def _sarif_rule(rule: Rule) -> dict[str, Any]:
    help_text = (
        f"What it does: {rule.what}\n\nWhy it matters: {rule.why}\n\n"
        f"Example: {rule.example}\n\nUse instead: {rule.instead}"
    )
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.what},
        "fullDescription": {"text": rule.why},
        "help": {"text": help_text},
        "defaultConfiguration": {"level": _SARIF_LEVEL[rule.severity]},
        "properties": {"category": rule.category, "tags": [rule.category]},
    }


def render_sarif(findings: Sequence[Finding]) -> str:
    """One SARIF 2.1.0 run; rules carry their docs, results point at file regions."""
    rules = list(all_rules())
    index = {rule.code: i for i, rule in enumerate(rules)}
    results = []
    for f in findings:
        region: dict[str, Any] = {"startLine": f.line, "startColumn": f.column}
        if f.end_line >= f.line and f.end_column > 0:
            region["endLine"] = f.end_line
            region["endColumn"] = (
                max(f.end_column, f.column + 1) if f.end_line == f.line else f.end_column
            )
        result: dict[str, Any] = {
            "ruleId": f.rule,
            "ruleIndex": index.get(f.rule, 0),
            "level": _SARIF_LEVEL[f.severity],
            "message": {"text": f"{f.message}. Suggestion: {f.suggestion}"},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": _uri(f.path)},
                        "region": region,
                    }
                }
            ],
            "properties": {"category": f.category, "confidence": f.confidence},
        }
        if f.row:
            result["properties"]["row"] = f.row
        results.append(result)
    sarif = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "outreach",
                        "version": __version__,
                        "informationUri": "https://github.com/outreach-cli/outreach",
                        "rules": [_sarif_rule(rule) for rule in rules],
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }
    return dumps_indented(sarif) + "\n"


class _NotPlain(Exception):
    """A value dumps_indented leaves to the json module."""


def dumps_indented(data: Any) -> str:
    """``json.dumps(data, indent=2, ensure_ascii=False)``, in about half the time.

    With an indent, the json module encodes in Python through nested generators;
    this appends to one list instead. It takes dicts with string keys, lists,
    tuples, strings, numbers, booleans and None, and hands anything else to
    json.dumps, so the text is always the same.
    """
    import json  # json and sarif output only
    from json.encoder import encode_basestring

    out: list[str] = []
    try:
        _dump(data, "\n", out.append, encode_basestring)
    except _NotPlain:
        return json.dumps(data, indent=2, ensure_ascii=False)
    return "".join(out)


_INFINITY = float("inf")


def _dump(
    value: Any, newline: str, append: Callable[[str], object], encode: Callable[[str], str]
) -> None:
    """Append ``value`` as JSON; ``newline`` is a newline and the indent of its line;
    ``encode`` quotes a string as json does."""
    kind = type(value)
    if kind is str:
        append(encode(value))
    elif kind is dict:
        if not value:
            append("{}")
            return
        inner = newline + "  "
        separator = "," + inner
        lead = "{" + inner  # what comes before an item: the bracket, then a comma
        for key, item in value.items():
            if type(key) is not str:
                raise _NotPlain
            append(lead + encode(key) + ": ")
            lead = separator
            _dump(item, inner, append, encode)
        append(newline + "}")
    elif kind is list or kind is tuple:
        if not value:
            append("[]")
            return
        inner = newline + "  "
        separator = "," + inner
        lead = "[" + inner
        for item in value:
            append(lead)
            lead = separator
            _dump(item, inner, append, encode)
        append(newline + "]")
    elif value is None:
        append("null")
    elif value is True:
        append("true")
    elif value is False:
        append("false")
    elif kind is int:
        append(int.__repr__(value))
    elif kind is float and value == value and value not in (_INFINITY, -_INFINITY):
        append(float.__repr__(value))
    else:
        raise _NotPlain  # NaN, infinities, subclasses, other types: as json.dumps writes them


def _uri(path: str) -> str:
    if path in ("<stdin>", "-"):
        return "stdin"
    return path.replace("\\", "/").removeprefix("./")


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def render_github(findings: Sequence[Finding]) -> str:
    """`::error file=...,line=...::message` lines for GitHub Actions."""
    out = []
    for f in findings:
        props = (
            f"file={_escape_property(f.path)},line={f.line},col={f.column},"
            f"endLine={f.end_line},endColumn={f.end_column},"
            f"title={_escape_property(f'{f.rule} {f.name}')}"
        )
        out.append(f"::{_GITHUB_LEVEL[f.severity]} {props}::{_escape_data(f.message)}")
    return "\n".join(out) + ("\n" if out else "")


def render(fmt: str, findings: Sequence[Finding], emails: int) -> str:
    if fmt == "json":
        return render_json(findings, emails)
    if fmt == "sarif":
        return render_sarif(findings)
    if fmt == "github":
        return render_github(findings)
    return render_text(findings)


def explain(rule: Rule) -> str:
    """The long form of one rule, as `outreach rules CODE` prints it."""
    stages = ", ".join(rule.stages)
    needs = f"; needs a {rule.needs}" if rule.needs else ""
    return (
        f"{rule.code} {rule.name} ({rule.category}, {rule.severity}, "
        f"confidence {rule.confidence:.2f}; stages: {stages}{needs})\n\n"
        f"What it does\n  {rule.what}\n\n"
        f"Why it matters\n  {rule.why}\n\n"
        f"Example\n  {_indent(rule.example)}\n\n"
        f"Use instead\n  {_indent(rule.instead)}\n\n"
        f"Message\n  {rule.message.format(quote='<text>', detail='<detail>')}\n"
    )


def _short(text: str, limit: int = 72) -> str:
    first = text.split(". ")[0].rstrip(".")
    return first if len(first) <= limit else first[: limit - 1].rstrip(" ,:") + "…"


def _indent(text: str) -> str:
    return text.replace("\n", "\n  ")


def list_rules(rules: Sequence[Rule]) -> str:
    width = max(len(rule.name) for rule in rules)
    lines = [
        f"{rule.code}  {rule.name:<{width}}  {rule.category:<13}  {rule.severity:<7}  "
        f"{_short(rule.what)}"
        for rule in rules
    ]
    return "\n".join(lines) + "\n"
