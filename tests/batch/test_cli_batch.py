"""`outreach batch` end to end, against the local stub server (tests/stub_server.py)."""

from __future__ import annotations

import asyncio
import csv
import datetime as dt
import io
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from stub_server import StubServer

from outreach.batch.inputs import iter_rows
from outreach.batch.progress import Progress
from outreach.batch.ratelimit import RateLimiter
from outreach.batch.results import ResultsWriter, read_records
from outreach.batch.runner import RunOptions, run_rows
from outreach.batch.steps import make_step, step_fingerprint
from outreach.cli import cli
from outreach.config import load_settings
from outreach.records import replace

ROOT = Path(__file__).resolve().parents[2]

CONFIG = """\
[sender]
name = "Dana Reyes"
company = "Fieldnote Analytics"
email = "dana@fieldnote.example"
signature = "Dana Reyes\\nFounder, Fieldnote Analytics"
postal_address = "500 Market St, Suite 200, Chicago, IL 60606"
opt_out = "Reply no and I will not write again."

[llm]
model = "stub-model"
max_attempts = 4
max_retry_wait = 0.0     # retries go at once against the stub
read_timeout = 0.5
"""


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    work = Path.cwd()  # conftest made a fresh temp cwd
    (work / "outreach.toml").write_text(CONFIG, encoding="utf-8")
    return work


def leads(path: Path, n: int, *, bad: tuple[int, ...] = ()) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Name", "Company", "Email", "Facts", "Owner"])
        for i in range(n):
            name = "" if i in bad else f"Prospect {i:04d}"
            writer.writerow([name, f"Co {i}", f"p{i}@example.com", "Posted on docks; Spoke", "x"])
    return path


def invoke(*args: str) -> Any:
    return CliRunner().invoke(cli, list(args))


def records(path: Path) -> list[dict[str, Any]]:
    return list(read_records(path))


def test_draft_every_row_once_with_summary(workdir: Path) -> None:
    source = leads(workdir / "leads.csv", 6)
    with StubServer() as stub:
        result = invoke(
            "batch", str(source), "--step", "draft", "--out", "r.jsonl",
            "--base-url", stub.base_url, "--concurrency", "3",
        )  # fmt: skip
    assert result.exit_code == 0, result.output
    rows = records(workdir / "r.jsonl")
    assert sorted(r["row"] for r in rows) == [2, 3, 4, 5, 6, 7]
    first = rows[0]
    assert first["status"] == "ok" and first["error"] is None
    assert first["draft"]["subject"] == "The dock no-show figures you mentioned"
    assert first["draft"]["body"].rstrip().endswith("Reply no and I will not write again.")
    assert set(first["follow_up"]) == {"earliest", "latest"}
    assert first["gift"]["what"].startswith("A one-page summary")
    assert first["usage"]["requests"] >= 2
    assert isinstance(first["findings"], list)
    assert stub.count("200") >= 12
    assert "batch: 6 to do" in result.stderr
    assert "batch: 6 ok, 0 failed, 0 skipped" in result.stderr
    assert "tokens: " in result.stderr and "wall time" in result.stderr
    assert "cost:" not in result.stderr  # no price configured


def test_rerun_skips_done_rows_and_prints_cost_when_priced(workdir: Path) -> None:
    source = leads(workdir / "leads.csv", 3)
    with StubServer() as stub:
        args = ["batch", str(source), "--step", "gifts", "--out", "r.jsonl"]
        args += ["--base-url", stub.base_url]
        assert invoke(*args).exit_code == 0
        served = stub.count("200")
        with (workdir / "outreach.toml").open("a") as config:
            config.write("\n[batch]\nprice_per_million_input = 0.15\n")
        again = invoke(*args)
        assert stub.count("200") == served  # nothing asked twice
    assert again.exit_code == 0
    assert "batch: 0 to do, 3 done earlier" in again.stderr
    assert "batch: 0 ok, 0 failed, 3 skipped (3 done earlier" in again.stderr
    assert len(records(workdir / "r.jsonl")) == 3


def test_a_resumed_run_counts_the_rows_done_earlier_in_its_summary(workdir: Path) -> None:
    with StubServer() as stub:
        args = ["batch", "leads.csv", "--step", "gifts", "--out", "r.jsonl"]
        args += ["--base-url", stub.base_url]
        leads(workdir / "leads.csv", 2)
        assert invoke(*args).exit_code == 0
        leads(workdir / "leads.csv", 3)  # the same two rows and one more
        again = invoke(*args)
    assert again.exit_code == 0, again.output
    assert "batch: 1 to do, 2 done earlier" in again.stderr
    assert "batch: 1 ok, 0 failed, 2 skipped (2 done earlier, 0 invalid" in again.stderr
    assert len(records(workdir / "r.jsonl")) == 3


def test_faults_are_retried_and_a_hopeless_row_fails_alone(workdir: Path) -> None:
    source = leads(workdir / "leads.csv", 4)
    # One row at a time, so the faults land in order:
    # row 2: 429, 500, a read timeout, then an answer that is not JSON: retried, re-asked, ok;
    # row 3: a body that is no chat completion: failed; row 4: 503 four times: failed; row 5: ok.
    faults = ["429:0", "500", "timeout:2", "badjson", "ok", "garbage", "503", "503", "503", "503"]
    with StubServer(faults=faults) as stub:
        result = invoke(
            "batch", str(source), "--step", "gifts", "--out", "r.jsonl",
            "--base-url", stub.base_url, "--concurrency", "1",
        )  # fmt: skip
        kinds = ("429", "500", "timeout", "badjson", "garbage", "503")
        assert [stub.count(k) for k in kinds] == [1, 1, 1, 1, 1, 4]
    rows = {r["row"]: r for r in records(workdir / "r.jsonl")}
    assert {n: r["status"] for n, r in rows.items()} == {
        2: "ok",
        3: "failed",
        4: "failed",
        5: "ok",
    }
    assert rows[2]["usage"]["requests"] == 2  # the unusable answer and the repaired one
    assert "is not a chat completion" in rows[3]["error"]
    assert rows[4]["error"].startswith("leads.csv row 4: ")
    assert "kept failing (HTTP 503, 4 attempts)" in rows[4]["error"]
    assert result.exit_code == 1  # some rows failed
    assert "batch: 2 ok, 2 failed" in result.stderr


def test_a_failed_row_still_counts_the_answers_it_paid_for(workdir: Path) -> None:
    source = leads(workdir / "leads.csv", 1)
    with StubServer(faults=["badjson", "badjson"]) as stub:
        result = invoke(
            "batch", str(source), "--step", "gifts", "--out", "r.jsonl",
            "--base-url", stub.base_url,
        )  # fmt: skip
        assert stub.count("badjson") == 2
    (row,) = records(workdir / "r.jsonl")
    assert row["status"] == "failed"
    assert "unusable twice" in row["error"]
    assert row["usage"]["requests"] == 2
    assert row["usage"]["prompt_tokens"] > 0
    assert "in 2 requests" in result.stderr


def test_a_429_pauses_the_whole_batch_for_its_retry_after(workdir: Path) -> None:
    """The client tells the shared gate; every row waits, on an injected clock."""
    from outreach.client import build_client
    from outreach.prompts import PromptLibrary

    now = [0.0]
    waits: list[float] = []

    async def sleep(seconds: float) -> None:
        waits.append(seconds)
        now[0] += seconds

    source = leads(workdir / "leads.csv", 3)
    settings = load_settings()
    with StubServer(faults=["429:7"]) as stub:
        llm = replace(settings.llm, base_url=stub.base_url, max_retry_wait=30.0)
        settings = replace(settings, llm=llm)
        gate = RateLimiter(clock=lambda: now[0], sleep=sleep)
        prompts = PromptLibrary()

        async def go() -> None:
            async with build_client(settings.llm, gate=gate, sleep=sleep) as client:
                step = make_step(
                    "gifts", settings=settings, client=client, prompts=prompts, today=_today()
                )
                options = RunOptions(
                    step="gifts",
                    model="stub-model",
                    fingerprint=step_fingerprint("gifts", settings, prompts),
                    concurrency=1,
                )
                with ResultsWriter(workdir / "r.jsonl") as writer:
                    await run_rows(
                        iter_rows(source), step, options=options, writer=writer,
                        done=frozenset(), progress=Progress(io.StringIO(), 3, live=False),
                    )  # fmt: skip

        asyncio.run(go())
    assert gate.pauses == 1
    assert 7.0 in waits  # Retry-After: 7, honoured by the gate (and the retry)
    assert [r["status"] for r in records(workdir / "r.jsonl")] == ["ok"] * 3


def _today() -> dt.date:
    return dt.date(2026, 12, 1)


def test_invalid_rows_are_listed_and_skipped_or_stop_with_strict(workdir: Path) -> None:
    source = leads(workdir / "leads.csv", 4, bad=(1, 2))
    with StubServer() as stub:
        args = ["batch", str(source), "--step", "gifts", "--out", "r.jsonl"]
        args += ["--base-url", stub.base_url]
        strict = invoke(*args, "--strict")
        assert strict.exit_code == 2
        assert stub.requests == 0  # validated before spending a token
        assert "Error: " in strict.stderr and "2 invalid rows" in strict.stderr
        loose = invoke(*args)
    for output in (strict.stderr, loose.stderr):
        assert "invalid: leads.csv row 3: field 'name' is required" in output
        assert "invalid: leads.csv row 4: field 'name' is required" in output
    assert loose.exit_code == 0
    assert "2 ok, 0 failed, 2 skipped (0 done earlier, 2 invalid" in loose.stderr
    assert len(records(workdir / "r.jsonl")) == 2  # the strict run wrote nothing


def test_bad_encoding_is_one_line_and_exit_2(workdir: Path) -> None:
    (workdir / "latin.csv").write_bytes("name\nJosé\n".encode("latin-1"))
    result = invoke("batch", "latin.csv", "--out", "r.jsonl", "--dry-run")
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: latin.csv: not UTF-8 text (line 2 has the byte")
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.output


def test_step_ask_needs_a_request(workdir: Path) -> None:
    result = invoke("batch", "leads.csv", "--step", "ask", "--out", "r.jsonl")
    assert result.exit_code == 2
    assert "--step ask needs --request TEXT" in result.stderr
    wrong = invoke("batch", "leads.csv", "--step", "draft", "--request", "a call", "--out", "r")
    assert wrong.exit_code == 2
    assert "go with --step ask" in wrong.stderr


def test_step_ask_drafts_each_row_from_its_gift_in_the_ledger(workdir: Path) -> None:
    from outreach.batch.inputs import iter_rows as rows_of
    from outreach.ledger import Ledger

    source = leads(workdir / "leads.csv", 3)
    prospects = [row.prospect for row in rows_of(source)]
    with Ledger.open(workdir / "ledger.sqlite3") as ledger:
        for prospect in prospects[:2]:  # the third has no gift on record
            assert prospect is not None
            ledger.record_gift(prospect, "a dock no-show benchmark", value_tier="modest")
    with StubServer() as stub:
        result = invoke(
            "batch", str(source), "--step", "ask", "--request", "a 20-minute call",
            "--ledger", "ledger.sqlite3", "--out", "r.jsonl", "--base-url", stub.base_url,
        )  # fmt: skip
    assert result.exit_code == 0, result.output
    rows = {r["row"]: r for r in records(workdir / "r.jsonl")}
    assert sorted(rows) == [2, 3, 4]
    first = rows[2]
    assert first["step"] == "ask" and first["status"] == "ok"
    assert first["ask"]["request"]["text"] == "a 20-minute call"
    assert first["ask"]["gift"]["what"] == "a dock no-show benchmark"
    assert rows[4]["ask"]["gift"] is None  # nothing in the ledger for this one
    assert first["draft"]["subject"] == first["messages"][0]["subject"]
    assert [m["role"] for m in first["messages"]] == ["ask"]


def test_dry_run_needs_no_key_and_touches_nothing(workdir: Path) -> None:
    source = leads(workdir / "leads.csv", 5, bad=(0,))
    result = invoke("batch", str(source), "--out", "r.jsonl", "--dry-run")
    assert result.exit_code == 0, result.output
    assert "batch: 4 to do, 1 invalid" in result.stderr
    assert not (workdir / "r.jsonl").exists()


def test_exports_csv_and_eml_after_the_run(workdir: Path) -> None:
    source = leads(workdir / "leads.csv", 2)
    with StubServer() as stub:
        common = ["batch", str(source), "--out", "r.jsonl", "--base-url", stub.base_url]
        as_csv = invoke(*common, "--export", "csv")
        as_eml = invoke(*common, "--export", "eml", "mail")
    assert as_csv.exit_code == 0 and as_eml.exit_code == 0, as_csv.output + as_eml.output
    table = list(csv.DictReader((workdir / "r.csv").open(encoding="utf-8", newline="")))
    assert [row["email"] for row in table] == ["p0@example.com", "p1@example.com"]
    assert table[0]["subject"] == "The dock no-show figures you mentioned"
    names = sorted(p.name for p in (workdir / "mail").iterdir())
    assert len(names) == 2 and names[0].startswith("prospect-0000-")
    assert "exported 2 rows to mail" in as_eml.stderr


def test_shards_then_merge_cover_every_row_once(workdir: Path) -> None:
    source = leads(workdir / "leads.csv", 9)
    with StubServer() as stub:
        for i in (1, 2, 3):
            result = invoke(
                "batch", str(source), "--step", "gifts", "--out", f"s{i}.jsonl",
                "--shard", f"{i}/3", "--base-url", stub.base_url,
            )  # fmt: skip
            assert result.exit_code == 0, result.output
            assert f"(this is shard {i}/3)" in result.stderr
    # A shard re-run on a second machine: merge keeps one line per row.
    (workdir / "s1-again.jsonl").write_bytes((workdir / "s1.jsonl").read_bytes())
    merged = invoke(
        "batch", "merge", "s1.jsonl", "s2.jsonl", "s3.jsonl", "s1-again.jsonl", "--out", "all.jsonl"
    )
    assert merged.exit_code == 0, merged.output
    rows = records(workdir / "all.jsonl")
    assert sorted(r["row"] for r in rows) == list(range(2, 11))
    shard_sizes = [len(records(workdir / f"s{i}.jsonl")) for i in (1, 2, 3)]
    assert sum(shard_sizes) == 9
    assert f"{9} rows, {shard_sizes[0]} duplicates dropped" in merged.stderr


def test_kill_9_mid_run_then_resume_gives_every_row_exactly_once(workdir: Path) -> None:
    # 200 rows, 4 at a time, 50 ms each: the kill lands with seconds of work left.
    n = 200
    source = leads(workdir / "leads.csv", n)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    with StubServer(latency=0.05) as stub:
        args = [sys.executable, "-m", "outreach", "batch", str(source), "--step", "gifts"]
        args += ["--out", "r.jsonl", "--base-url", stub.base_url, "--concurrency", "4"]
        process = subprocess.Popen(
            args, cwd=workdir, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        try:
            assert stub.wait_for_requests(20, timeout=60), "the batch never got going"
            process.send_signal(signal.SIGKILL)
        finally:
            process.wait(30)
        assert process.returncode == -signal.SIGKILL
        written = len((workdir / "r.jsonl").read_bytes().splitlines())
        assert 0 < written < n  # killed in the middle
        resumed = subprocess.run(args, cwd=workdir, env=env, capture_output=True, text=True)
    assert resumed.returncode == 0, resumed.stderr
    assert f"{n - written} to do, {written} done earlier" in resumed.stderr or (
        "dropped 1 torn line" in resumed.stderr
    )
    rows = records(workdir / "r.jsonl")
    assert sorted(r["row"] for r in rows) == list(range(2, n + 2))  # every row exactly once
    assert all(r["status"] == "ok" for r in rows)
    raw = (workdir / "r.jsonl").read_bytes()
    assert raw.endswith(b"\n") and len(raw.splitlines()) == n  # no torn or extra line
