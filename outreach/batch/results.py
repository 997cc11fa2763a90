"""The results file: one JSON line per row, appended and flushed as each row finishes.

Safety comes from how lines are written, not from luck:

- The file is opened with O_APPEND and every record is one `os.write` of one
  complete line, so a process killed at any instant leaves at most one torn
  line, and only at the very end.
- On resume, `prepare` reads the file once: complete `ok` lines are the resume
  index (their ids, nothing else, so memory stays small), failed lines are
  dropped so the row is tried again, and a torn last line is dropped. When
  anything was dropped, the clean lines are copied to a temporary file that
  atomically replaces the old one; a crash during that copy leaves the old file.

A row's `id` hashes its content with the step, the prompt templates, the model
and the sender, so changing any of them makes the row due again; its `key`
hashes only the content and identifies the prospect row across machines.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from outreach import records
from outreach.errors import InputError

OK = "ok"
FAILED = "failed"


@records.record(frozen=True)
class ResumeState:
    """What an earlier run left: the ids of rows done, and what was cleaned up."""

    done: frozenset[str]
    kept: int  # complete lines kept (ok rows of this or other configurations)
    dropped_failed: int  # failed rows dropped so that they run again
    dropped_torn: int  # unreadable lines dropped (a torn last line after a kill)


def read_records(path: str | Path) -> Iterator[dict[str, Any]]:
    """Every complete, readable record of a results file, in file order."""
    for _, record in _lines(Path(path)):
        if record is not None:
            yield record


def _lines(path: Path) -> Iterator[tuple[bytes, dict[str, Any] | None]]:
    """(raw line, record or None when torn or unreadable), reading one line at a time."""
    try:
        with path.open("rb") as handle:
            for raw in handle:
                if not raw.endswith(b"\n"):
                    yield raw, None  # torn: the writer died inside its last write
                    continue
                try:
                    record = json.loads(raw)
                except (json.JSONDecodeError, UnicodeDecodeError):
                    yield raw, None
                    continue
                yield raw, record if isinstance(record, dict) and "id" in record else None
    except FileNotFoundError:
        return
    except OSError as exc:
        raise InputError(f"{path}: cannot read results file: {exc.strerror}") from None


def prepare(path: str | Path, *, rewrite: bool = True) -> ResumeState:
    """Read an existing results file for resuming, rewriting it cleanly if it needs it.

    With `rewrite=False` (a dry run) the file is only read.
    """
    path = Path(path)
    if not path.exists():
        return ResumeState(frozenset(), 0, 0, 0)
    done: set[str] = set()
    kept = failed = torn = 0
    for number, (raw, record) in enumerate(_lines(path), 1):
        if record is None and raw.endswith(b"\n") and raw.strip():
            # Only the last line can be torn (see above): a whole line that is not a
            # result means --out names some other file, which a rewrite would destroy.
            raise InputError(
                f"{path}: line {number} is not a result of `outreach batch`; --out must be"
                " a new file or an earlier results file (the file was left as it was)"
            )
        if record is None:
            torn += 1
        elif record.get("status") == OK:
            done.add(str(record["id"]))
            kept += 1
        else:
            failed += 1
    if (failed or torn) and rewrite:
        _rewrite_without_failures(path)
    return ResumeState(frozenset(done), kept, failed, torn)


def _rewrite_without_failures(path: Path) -> None:
    tmp = path.with_name(path.name + ".tmp")
    with tmp.open("wb") as out:
        for raw, record in _lines(path):
            if record is not None and record.get("status") == OK:
                out.write(raw)
        out.flush()
        os.fsync(out.fileno())
    os.replace(tmp, path)


class ResultsWriter:
    """Append records to the results file: one write of one whole line each."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        if self.path.parent and not self.path.parent.is_dir():
            raise InputError(f"{self.path}: the folder {self.path.parent} does not exist")
        try:
            self._fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
        except OSError as exc:
            raise InputError(f"{self.path}: cannot write results: {exc.strerror}") from None

    def write(self, record: dict[str, Any]) -> None:
        line = (json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8")
        # One write per line: with O_APPEND the kernel places it whole at the end.
        written = os.write(self._fd, line)
        while written < len(line):  # only on a full disk or a signal; finish the line
            written += os.write(self._fd, line[written:])

    def close(self) -> None:
        if self._fd >= 0:
            os.fsync(self._fd)
            os.close(self._fd)
            self._fd = -1

    def __enter__(self) -> ResultsWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def merge(sources: list[Path], out: Path) -> tuple[int, int]:
    """Merge results files into `out`, one line per (row key, step); ok beats failed.

    Returns (lines written, duplicates dropped). Two passes keep memory to an
    index of keys: the first finds which line wins for each key, the second
    copies those lines in input order.
    """
    winners: dict[tuple[str, str], tuple[int, int, bool]] = {}  # -> (file, line, ok)
    seen = 0
    for file_no, path in enumerate(sources):
        if path.is_dir():
            raise InputError(f"{path}: is a folder; give the results files (.jsonl) to merge")
        if not path.is_file():
            raise InputError(f"{path}: results file not found")
        for line_no, (_, record) in enumerate(_lines(path)):
            if record is None:
                continue
            seen += 1
            ident = (str(record.get("key", record["id"])), str(record.get("step", "")))
            ok = record.get("status") == OK
            best = winners.get(ident)
            if best is None or ok or not best[2]:
                winners[ident] = (file_no, line_no, ok)  # later ok wins; failed never beats ok
    chosen = {(f, n) for f, n, _ in winners.values()}
    tmp = out.with_name(out.name + ".tmp")
    written = 0
    try:
        with tmp.open("wb") as handle:
            for file_no, path in enumerate(sources):
                for line_no, (raw, record) in enumerate(_lines(path)):
                    if record is not None and (file_no, line_no) in chosen:
                        handle.write(raw)
                        written += 1
        os.replace(tmp, out)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        raise InputError(f"{out}: cannot write the merged results: {exc.strerror}") from None
    return written, seen - written
