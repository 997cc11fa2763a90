"""The json and sarif formats write exactly what json.dumps(indent=2) would."""

from __future__ import annotations

import enum
import json
from typing import Any

import pytest

from outreach.checker.model import Finding
from outreach.checker.report import dumps_indented, render_json, render_sarif
from tests.checker.helpers import finding


class Level(enum.IntEnum):
    HIGH = 3


VALUES: list[Any] = [
    {"text": 'é\u2028\x00"\\\n\t…', "empty": [], "none": {}, "nested": {"a": [{"b": "ü"}]}},
    [1, 2.5, 1e-7, 1e16, -0.0, 0.1, True, False, None, (), (1, (2,)), [[]]],
    {"nan": float("nan"), "inf": float("inf"), "-inf": float("-inf")},
    {1: "int key", None: "none key"},
    {"subclass": Level.HIGH},
    "plain",
    3,
    None,
    [],
    {},
]


@pytest.mark.parametrize("value", VALUES)
def test_dumps_indented_is_json_dumps(value: Any) -> None:
    assert dumps_indented(value) == json.dumps(value, indent=2, ensure_ascii=False)


FINDINGS = [
    finding(),
    finding(path="b.csv", row=2, severity="warning", confidence=0.5),
    finding(path="<stdin>", message='ünïcode \u2028 and \\ and "', end_line=0, end_column=0),
]


@pytest.mark.parametrize("findings", [FINDINGS, []])
def test_json_and_sarif_are_what_json_dumps_writes(
    findings: list[Finding], monkeypatch: pytest.MonkeyPatch
) -> None:
    from outreach.checker import report

    fast_json, fast_sarif = render_json(findings, 3), render_sarif(findings)
    monkeypatch.setattr(
        report, "dumps_indented", lambda data: json.dumps(data, indent=2, ensure_ascii=False)
    )
    assert fast_json == render_json(findings, 3)
    assert fast_sarif == render_sarif(findings)
