"""The results file: whole lines, resume after a torn line, failed rows retried, merge."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from outreach.batch.results import ResultsWriter, merge, prepare, read_records


def record(rid: str, status: str = "ok", key: str = "", **extra: Any) -> dict[str, Any]:
    return {"id": rid, "key": key or f"k-{rid}", "step": "draft", "status": status, **extra}


def lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def test_writer_appends_one_sorted_json_line_per_record(tmp_path: Path) -> None:
    out = tmp_path / "r.jsonl"
    with ResultsWriter(out) as writer:
        writer.write(record("a", note="é"))
    with ResultsWriter(out) as writer:  # a second run appends
        writer.write(record("b"))
    assert [json.loads(line)["id"] for line in lines(out)] == ["a", "b"]
    assert lines(out)[0].startswith('{"id": "a", "key": "k-a", "note": "é"')


def test_prepare_on_a_clean_file_keeps_it_untouched(tmp_path: Path) -> None:
    out = tmp_path / "r.jsonl"
    with ResultsWriter(out) as writer:
        writer.write(record("a"))
        writer.write(record("b"))
    before = out.stat().st_ino
    state = prepare(out)
    assert state.done == {"a", "b"} and state.kept == 2
    assert (state.dropped_failed, state.dropped_torn) == (0, 0)
    assert out.stat().st_ino == before  # not rewritten


def test_a_torn_last_line_is_dropped_and_the_file_rewritten_cleanly(tmp_path: Path) -> None:
    out = tmp_path / "r.jsonl"
    with ResultsWriter(out) as writer:
        writer.write(record("a"))
    with out.open("ab") as handle:
        handle.write(b'{"id": "b", "key": "k-b", "sta')  # what kill -9 inside a write leaves
    state = prepare(out)
    assert state.done == {"a"} and state.dropped_torn == 1
    assert lines(out) == [json.dumps(record("a"), sort_keys=True)]
    assert out.read_bytes().endswith(b"\n")
    assert not (tmp_path / "r.jsonl.tmp").exists()


def test_failed_rows_are_dropped_so_they_run_again(tmp_path: Path) -> None:
    out = tmp_path / "r.jsonl"
    with ResultsWriter(out) as writer:
        writer.write(record("a", "failed", error="timeout"))
        writer.write(record("b"))
    state = prepare(out)
    assert state.done == {"b"} and state.dropped_failed == 1
    assert [r["id"] for r in read_records(out)] == ["b"]


def test_dry_run_prepare_only_reads(tmp_path: Path) -> None:
    out = tmp_path / "r.jsonl"
    out.write_text(json.dumps(record("a", "failed")) + "\n{torn", encoding="utf-8")
    before = out.read_bytes()
    state = prepare(out, rewrite=False)
    assert (state.dropped_failed, state.dropped_torn) == (1, 1)
    assert out.read_bytes() == before


def test_prepare_without_a_file(tmp_path: Path) -> None:
    state = prepare(tmp_path / "new.jsonl")
    assert state.done == frozenset() and not (tmp_path / "new.jsonl").exists()


def test_merge_keeps_one_line_per_row_key_and_ok_beats_failed(tmp_path: Path) -> None:
    one, two, out = tmp_path / "1.jsonl", tmp_path / "2.jsonl", tmp_path / "all.jsonl"
    with ResultsWriter(one) as writer:
        writer.write(record("x1", key="ana"))
        writer.write(record("x2", "failed", key="bo"))
        writer.write(record("x3", key="cy"))
    with ResultsWriter(two) as writer:
        writer.write(record("y1", "failed", key="ana"))  # does not replace an ok row
        writer.write(record("y2", key="bo"))  # replaces the failed one
        writer.write(record("y3", key="cy"))  # a later ok row wins
    written, dropped = merge([one, two], out)
    assert (written, dropped) == (3, 3)
    assert sorted(r["id"] for r in read_records(out)) == ["x1", "y2", "y3"]
