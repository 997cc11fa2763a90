"""Exports: a mail-merge CSV with formulas neutralised, and safe .eml file names."""

from __future__ import annotations

import csv
import email
import email.policy
import io
from pathlib import Path
from typing import Any

import pytest

from outreach.batch.export import export_csv, export_eml, neutralise, safe_stem
from outreach.batch.results import ResultsWriter
from outreach.errors import InputError
from outreach.models import Sender


def draft_record(key: str, name: str, subject: str, body: str, **extra: Any) -> dict[str, Any]:
    return {
        "id": f"id-{key}",
        "key": key,
        "step": "draft",
        "status": "ok",
        "prospect": {"name": name, "email": f"{key}@example.com", "company": "Acme"},
        "draft": {"subject": subject, "body": body, "revised": False},
        **extra,
    }


@pytest.fixture
def results(tmp_path: Path) -> Path:
    path = tmp_path / "r.jsonl"
    with ResultsWriter(path) as writer:
        writer.write(draft_record("ana", "Ana Souza", '=HYPERLINK("x")', "Hi Ana,\nthe report"))
        writer.write(draft_record("bo", "Bo Li", "old subject", "old"))
        writer.write({"id": "f", "key": "cy", "step": "draft", "status": "failed", "error": "x"})
        writer.write(draft_record("bo", "Bo Li", "+1 idea", "-dash first\n@you"))  # newer wins
    return path


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("=1+2", "'=1+2"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("plain = text", "plain = text"),
        ("", ""),
    ],
)
def test_neutralise(cell: str, expected: str) -> None:
    assert neutralise(cell) == expected


def test_csv_export_is_mail_merge_ready(results: Path) -> None:
    out = io.StringIO()
    assert export_csv(results, out) == 2
    table = list(csv.reader(io.StringIO(out.getvalue())))
    assert table == [
        ["email", "name", "company", "subject", "body", "key"],
        ["ana@example.com", "Ana Souza", "Acme", '\'=HYPERLINK("x")', "Hi Ana,\nthe report", "ana"],
        ["bo@example.com", "Bo Li", "Acme", "'+1 idea", "'-dash first\n@you", "bo"],
    ]


@pytest.mark.parametrize(
    ("name", "stem"),
    [
        ("Ana Souza", "ana-souza"),
        ("José Núñez-Ávila", "jose-nunez-avila"),
        ("../../etc/passwd", "etc-passwd"),
        (".hidden", "hidden"),
        ("CON", "con"),
        ("王小明", "prospect"),
        ("", "prospect"),
        ("a" * 300, "a" * 60),
        ('x/y\\z:*?"<>|\0', "x-y-z"),
    ],
)
def test_safe_stem(name: str, stem: str) -> None:
    assert safe_stem(name) == stem


def test_eml_export_one_message_per_row_with_safe_names(results: Path, tmp_path: Path) -> None:
    folder = tmp_path / "eml"
    sender = Sender(name="Dana Reyes", email="dana@fieldnote.example")
    assert export_eml(results, folder, sender) == 2
    names = sorted(p.name for p in folder.iterdir())
    assert names == ["ana-souza-ana.eml", "bo-li-bo.eml"]
    message = email.message_from_bytes(
        (folder / "bo-li-bo.eml").read_bytes(), policy=email.policy.default
    )
    assert message["To"] == "Bo Li <bo@example.com>"
    assert message["From"] == "Dana Reyes <dana@fieldnote.example>"
    assert message["Subject"] == "+1 idea"
    assert message.get_content() == "-dash first\n@you\n"


def test_export_without_results_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="results file not found; run the batch first"):
        export_csv(tmp_path / "none.jsonl", io.StringIO())


def test_export_follows_the_input_rows_not_the_finishing_order(tmp_path: Path) -> None:
    path = tmp_path / "r.jsonl"
    with ResultsWriter(path) as writer:  # concurrent rows finish out of order
        writer.write(draft_record("c", "Cy", "s", "b", row=3))
        writer.write(draft_record("a", "Ann", "s", "b", row=1))
        writer.write(draft_record("z", "Zed", "s", "b"))  # no row number: last
        writer.write(draft_record("b", "Bo", "s", "b", row=2))
    out = io.StringIO()
    assert export_csv(path, out) == 4
    keys = [row["key"] for row in csv.DictReader(io.StringIO(out.getvalue()))]
    assert keys == ["a", "b", "c", "z"]
