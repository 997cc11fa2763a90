"""The batch loop with stand-in steps: concurrency, failures, deadlines, resume, shards."""

from __future__ import annotations

import asyncio
import io
import json
from pathlib import Path
from typing import Any

import pytest

from outreach.batch.inputs import Row, row_key
from outreach.batch.progress import Progress
from outreach.batch.results import ResultsWriter, prepare, read_records
from outreach.batch.runner import (
    DONE,
    DUPLICATE,
    INVALID,
    OTHER_SHARD,
    TODO,
    Meter,
    RowOutcome,
    RunOptions,
    Shard,
    Tally,
    classify,
    cost,
    plan,
    row_id,
    run_rows,
)
from outreach.errors import CredentialsError, EndpointError, InputError, ModelError
from outreach.models import Prospect, Usage

FP = "fingerprint"


def rows(n: int) -> list[Row]:
    return [Row(i, f"leads.csv row {i}", Prospect(name=f"P{i}")) for i in range(2, n + 2)]


def options(**changes: Any) -> RunOptions:
    return RunOptions(**{"step": "gifts", "model": "m", "fingerprint": FP, **changes})


def run(tmp_path: Path, source: list[Row], step: Any, **kwargs: Any) -> tuple[Tally, list[dict]]:
    out = tmp_path / "r.jsonl"
    done = prepare(out).done

    async def go() -> Tally:
        with ResultsWriter(out) as writer:
            return await run_rows(
                source,
                step,
                options=kwargs.pop("opts", options()),
                writer=writer,
                done=done,
                **kwargs,
            )

    tally = asyncio.run(go())
    return tally, list(read_records(out))


async def ok_step(prospect: Prospect, meter: Meter) -> RowOutcome:
    meter.add(Usage(10, 5, 1))
    return RowOutcome({"gifts": [prospect.name]}, ({"rule": "OR1"},))


def test_every_row_becomes_one_line_with_key_output_findings_and_usage(tmp_path: Path) -> None:
    tally, records = run(tmp_path, rows(3), ok_step)
    assert (tally.ok, tally.failed) == (3, 0)
    assert tally.usage == Usage(30, 15, 3)
    first = records[0]
    prospect = Prospect(name="P2")
    assert first == {
        "id": row_id(FP, row_key(prospect)),
        "key": row_key(prospect),
        "row": 2,
        "step": "gifts",
        "model": "m",
        "prospect": {"name": "P2", "email": "", "company": ""},
        "status": "ok",
        "gifts": ["P2"],
        "findings": [{"rule": "OR1"}],
        "usage": {"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15, "requests": 1},
        "error": None,
    }


def test_concurrency_is_bounded_and_reached(tmp_path: Path) -> None:
    running = 0
    peak = 0

    async def step(prospect: Prospect, meter: Meter) -> RowOutcome:
        nonlocal running, peak
        running += 1
        peak = max(peak, running)
        await asyncio.sleep(0)
        await asyncio.sleep(0)
        running -= 1
        return RowOutcome({})

    tally, _ = run(tmp_path, rows(40), step, opts=options(concurrency=5))
    assert tally.ok == 40
    assert peak == 5


def test_a_failing_row_is_a_failed_line_and_never_stalls_the_others(tmp_path: Path) -> None:
    async def step(prospect: Prospect, meter: Meter) -> RowOutcome:
        if prospect.name == "P3":
            meter.add(Usage(7, 0, 1))
            raise EndpointError("api.example kept failing (HTTP 503, 4 attempts)")
        return RowOutcome({})

    tally, records = run(tmp_path, rows(4), step)
    assert (tally.ok, tally.failed) == (3, 1)
    [failed] = [r for r in records if r["status"] == "failed"]
    assert failed["error"] == "leads.csv row 3: api.example kept failing (HTTP 503, 4 attempts)"
    assert failed["usage"]["prompt_tokens"] == 7  # tokens spent before failing still count
    assert tally.usage.prompt_tokens == 7


def test_a_row_past_its_deadline_fails_alone(tmp_path: Path) -> None:
    never = asyncio.Event

    async def step(prospect: Prospect, meter: Meter) -> RowOutcome:
        if prospect.name == "P2":
            await never().wait()  # hangs for ever; only the deadline ends it
        return RowOutcome({})

    tally, records = run(tmp_path, rows(3), step, opts=options(row_timeout=0.01))
    assert (tally.ok, tally.failed) == (2, 1)
    assert records[-1]["error"] == "leads.csv row 2: no answer within the row deadline of 0.01s"


def test_an_error_every_row_would_share_stops_the_run(tmp_path: Path) -> None:
    calls = 0

    async def step(prospect: Prospect, meter: Meter) -> RowOutcome:
        nonlocal calls
        calls += 1
        raise CredentialsError("no API key: set $OPENAI_API_KEY")

    with pytest.raises(CredentialsError):
        run(tmp_path, rows(50), step, opts=options(concurrency=2))
    assert calls <= 4  # the rows already started, not the other 46
    assert (tmp_path / "r.jsonl").read_text() == ""


def test_a_long_failure_streak_stops_the_run_with_a_resume_hint(tmp_path: Path) -> None:
    async def step(prospect: Prospect, meter: Meter) -> RowOutcome:
        raise EndpointError("cannot reach http://127.0.0.1:9/v1")

    with pytest.raises(ModelError, match="stopped after 10 rows failed in a row") as info:
        run(tmp_path, rows(100), step, opts=options(concurrency=1))
    assert "run the same command again to resume" in str(info.value)
    assert len((tmp_path / "r.jsonl").read_text().splitlines()) == 10


def test_resume_skips_done_rows_and_retries_failed_ones(tmp_path: Path) -> None:
    attempts: list[str] = []

    async def flaky(prospect: Prospect, meter: Meter) -> RowOutcome:
        attempts.append(prospect.name)
        if prospect.name == "P3" and attempts.count("P3") == 1:
            raise EndpointError("503")
        return RowOutcome({})

    run(tmp_path, rows(4), flaky)
    tally, records = run(tmp_path, rows(4), flaky)
    assert attempts.count("P3") == 2 and attempts.count("P2") == 1
    assert tally.done_before == 3 and tally.ok == 1
    assert sorted(r["row"] for r in records) == [2, 3, 4, 5]  # each row exactly once
    assert all(r["status"] == "ok" for r in records)


def test_classify_fates(tmp_path: Path) -> None:
    ana, bo = Prospect(name="Ana"), Prospect(name="Bo")
    source = [
        Row(2, "r2", ana),
        Row(3, "r3", None, "r3: field 'name' is required"),
        Row(4, "r4", ana),
        Row(5, "r5", bo),
    ]
    done = frozenset({row_id(FP, row_key(bo))})
    fates = [f for _, f, _ in classify(source, fingerprint=FP, done=done, shard=None)]
    assert fates == [TODO, INVALID, DUPLICATE, DONE]
    tally = plan(source, fingerprint=FP, done=done, shard=None)
    assert (tally.todo, tally.invalid, tally.duplicate, tally.done_before) == (1, 1, 1, 1)
    assert tally.errors == ["r3: field 'name' is required"]


def test_shards_split_rows_deterministically_and_completely() -> None:
    source = rows(200)
    owners = []
    for row in source:
        key = row_key(row.prospect)  # type: ignore[arg-type]
        owners.append([i for i in (1, 2, 3) if Shard(i, 3).owns(key)])
    assert all(len(o) == 1 for o in owners)  # every row in exactly one shard
    counts = [sum(o == [i] for o in owners) for i in (1, 2, 3)]
    assert min(counts) > 40  # and the split is not lopsided
    two = Shard.parse("2/3")
    fates = [f for _, f, _ in classify(source, fingerprint=FP, done=frozenset(), shard=two)]
    assert fates.count(TODO) == counts[1] and fates.count(OTHER_SHARD) == 200 - counts[1]


@pytest.mark.parametrize("text", ["0/3", "4/3", "a/b", "3", "1/0"])
def test_bad_shard_specs(text: str) -> None:
    with pytest.raises(InputError, match="expected I/N"):
        Shard.parse(text)


def test_progress_plain_lines_when_not_a_terminal(tmp_path: Path) -> None:
    now = [0.0]
    stream = io.StringIO()
    progress = Progress(stream, 3, live=False, clock=lambda: now[0], every=10)

    async def step(prospect: Prospect, meter: Meter) -> RowOutcome:
        now[0] += 6.0
        return RowOutcome({})

    run(tmp_path, rows(3), step, progress=progress)
    assert stream.getvalue().splitlines() == [
        "batch: 1/3 done (1 ok, 0 failed), 2 remaining, 0.2 rows/s, ETA 12.0s",
        "batch: 3/3 done (3 ok, 0 failed), 0 remaining, 0.2 rows/s, ETA 0s",
    ]  # the last line is shown once, though close() also asks for it


def test_progress_live_bar_redraws_one_line() -> None:
    stream = io.StringIO()
    progress = Progress(stream, 4, live=True, clock=lambda: 2.0)
    progress.start = 0.0
    progress.row_done(True)
    progress.row_done(False)  # within the redraw interval: not drawn
    progress.close()
    text = stream.getvalue()
    assert text.startswith("\r[######..................] 1/4 done (1 ok, 0 failed)")
    assert "\r[############............] 2/4 done (1 ok, 1 failed), 2 remaining" in text
    assert text.endswith("\x1b[K\n")


def test_cost_only_when_a_price_is_configured() -> None:
    usage = Usage(2_000_000, 500_000, 10)
    assert cost(usage, per_million_input=0, per_million_output=0) is None
    assert cost(usage, per_million_input=0.15, per_million_output=0.6) == pytest.approx(0.6)


def test_records_are_json_lines(tmp_path: Path) -> None:
    run(tmp_path, rows(2), ok_step)
    for line in (tmp_path / "r.jsonl").read_text().splitlines():
        assert json.loads(line)["status"] == "ok"
