"""The labelled corpus (tests/corpus/*.jsonl): reading its records and checking them.

One record is one email with the categories it should trigger; the format is in
``tests/corpus/README.md``. The trainer, the accuracy benchmark and the tests all
read records and turn them into documents and contexts the same way, here.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from outreach.checker.engine import check_document
from outreach.checker.model import CheckContext
from outreach.checker.text import Document, build_document
from outreach.errors import InputError
from outreach.prospects import prospect_from_mapping

Record = dict[str, Any]


def corpus_files(path: Path) -> list[Path]:
    """The .jsonl files of a corpus folder (recursively), or the file itself."""
    return sorted(path.rglob("*.jsonl")) if path.is_dir() else [path]


def load_records(files: list[Path]) -> list[Record]:
    """Every record of the files, each with an ``id`` (default: file name and line).

    A file that cannot be read or a line that is not a record is an InputError
    naming the file and line.
    """
    records = []
    for file in files:
        try:
            lines = file.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"{file}: cannot be read ({exc})") from exc
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                if not isinstance(record, dict) or not isinstance(record["expected"], list):
                    raise ValueError("not an object with an 'expected' list")
                str(record["text"])
            except (ValueError, KeyError) as exc:
                raise InputError(f"{file}:{number}: not a corpus record ({exc})") from exc
            record.setdefault("id", f"{file.name}:{number}")
            records.append(record)
    return records


def document_of(record: Record) -> Document:
    """The record's email as the checker reads it; text starting with ``<`` is HTML."""
    text = str(record["text"])
    markup = "html" if text.lstrip().startswith("<") else "text"
    return build_document(text, str(record.get("id", "corpus")), markup=markup)


def context_of(record: Record) -> CheckContext:
    """The record's stage, prospect and region."""
    data = record.get("prospect")
    prospect = prospect_from_mapping(data, allow_unknown=True) if isinstance(data, dict) else None
    return CheckContext(
        stage=str(record.get("stage") or "first-touch"),
        prospect=prospect,
        region=str(record.get("region") or ""),
    )


def predicted(record: Record) -> set[str]:
    """The categories the checker finds in the record, counting errors and warnings."""
    findings = check_document(document_of(record), context_of(record))
    return {f.category for f in findings if f.severity in ("error", "warning")}
