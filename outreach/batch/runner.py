"""The batch loop: stream rows in, run the step on each with bounded concurrency, write lines.

Rows are read lazily and at most `concurrency` are in flight, so memory does not
grow with the input. Each row runs under its own deadline; a row that fails
(the model, the endpoint, the deadline) becomes a `failed` line and the others
go on. Errors that would fail every row the same way (no key, a broken prompt
template) stop the run at once instead of being written 10,000 times, and so
does a long streak of failures in a row (an endpoint that went away).
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import time
from collections.abc import Awaitable, Callable, Iterable, Iterator
from typing import Any

from outreach.batch.inputs import Row, row_key
from outreach.batch.progress import Progress
from outreach.batch.results import FAILED, OK, ResultsWriter
from outreach.errors import InputError, ModelError, OutreachError
from outreach.models import Prospect, Usage
from outreach.records import field, record

MAX_LISTED_ERRORS = 20  # invalid rows listed one by one; the rest are counted

# What happens to a row, decided before any request.
TODO = "todo"
INVALID = "invalid"
DUPLICATE = "duplicate"
DONE = "done"
OTHER_SHARD = "other-shard"


class RowError(OutreachError):
    """A problem with one row's data that fails that row only (the rest go on)."""


@record(frozen=True)
class RowOutcome:
    """What a step produced for one row: fields for the record, and the findings."""

    output: dict[str, Any]
    findings: tuple[dict[str, Any], ...] = ()


class Meter:
    """Tokens one row spent so far, kept even when the row then fails."""

    def __init__(self) -> None:
        self.usage = Usage()

    def add(self, usage: Usage) -> None:
        self.usage += usage


StepFn = Callable[[Prospect, Meter], Awaitable[RowOutcome]]


@record(frozen=True)
class Shard:
    """`--shard i/n`: this machine takes the rows whose key hashes to i (1-based) of n."""

    index: int
    count: int

    @classmethod
    def parse(cls, text: str) -> Shard:
        index, sep, count = text.partition("/")
        try:
            shard = cls(int(index), int(count))
        except ValueError:
            shard = cls(0, 0)
        if not sep or not 1 <= shard.index <= shard.count:
            raise InputError(f"--shard {text!r}: expected I/N with 1 <= I <= N, like --shard 2/4")
        return shard

    def owns(self, key: str) -> bool:
        digest = hashlib.sha256(key.encode("ascii")).digest()
        return int.from_bytes(digest[:8], "big") % self.count == self.index - 1

    def __str__(self) -> str:
        return f"{self.index}/{self.count}"


def row_id(fingerprint: str, key: str) -> str:
    """The resume id: the row's content key under one step/prompts/model fingerprint."""
    return hashlib.sha256(f"{fingerprint}\n{key}".encode()).hexdigest()[:32]


def fingerprint(parts: dict[str, Any]) -> str:
    """Hash what makes a result stale when it changes (step, prompts, model, sender)."""
    canonical = json.dumps(parts, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


@record
class Tally:
    """Rows by fate, tokens and time: the summary printed at the end of a run."""

    ok: int = 0
    failed: int = 0
    done_before: int = 0
    invalid: int = 0
    duplicate: int = 0
    other_shard: int = 0
    usage: Usage = field(default_factory=Usage)
    seconds: float = 0.0
    todo: int = 0  # rows a run will try (filled by `plan`)
    errors: list[str] = field(default_factory=list)  # the first invalid rows, listed

    @property
    def skipped(self) -> int:
        return self.done_before + self.invalid + self.duplicate

    def count(self, fate: str, row: Row) -> None:
        if fate == INVALID:
            self.invalid += 1
            if len(self.errors) < MAX_LISTED_ERRORS:
                self.errors.append(row.error)
        elif fate == DUPLICATE:
            self.duplicate += 1
        elif fate == DONE:
            self.done_before += 1
        elif fate == OTHER_SHARD:
            self.other_shard += 1


def classify(
    rows: Iterable[Row], *, fingerprint: str, done: frozenset[str], shard: Shard | None
) -> Iterator[tuple[Row, str, str]]:
    """(row, fate, resume id) for every row; only hashes are remembered between rows."""
    seen: set[str] = set()
    for row in rows:
        if row.prospect is None:
            yield row, INVALID, ""
            continue
        key = row_key(row.prospect)
        if shard is not None and not shard.owns(key):
            yield row, OTHER_SHARD, ""
            continue
        rid = row_id(fingerprint, key)
        if rid in seen:
            yield row, DUPLICATE, rid
            continue
        seen.add(rid)
        yield row, (DONE if rid in done else TODO), rid


def plan(
    rows: Iterable[Row], *, fingerprint: str, done: frozenset[str], shard: Shard | None
) -> Tally:
    """Read every row once, before any request: count fates and list invalid rows."""
    tally = Tally()
    for row, fate, _ in classify(rows, fingerprint=fingerprint, done=done, shard=shard):
        if fate == TODO:
            tally.todo += 1
        else:
            tally.count(fate, row)
    return tally


@record(frozen=True)
class RunOptions:
    step: str
    model: str
    fingerprint: str
    concurrency: int = 4
    row_timeout: float = 300.0
    shard: Shard | None = None
    max_failure_streak: int = 0  # 0: max(10, 2 x concurrency)


async def run_rows(
    rows: Iterable[Row],
    step_fn: StepFn,
    *,
    options: RunOptions,
    writer: ResultsWriter,
    done: frozenset[str],
    progress: Progress | None = None,
    clock: Callable[[], float] = time.monotonic,
) -> Tally:
    """Run `step_fn` on every row due, at most `options.concurrency` at a time."""
    start = clock()
    tally = Tally()
    slots = asyncio.Semaphore(max(1, options.concurrency))
    tasks: set[asyncio.Task[None]] = set()
    stop: list[BaseException] = []
    streak_limit = options.max_failure_streak or max(10, 2 * options.concurrency)
    streak = 0

    async def run_one(row: Row, rid: str) -> None:
        nonlocal streak
        try:
            record = await attempt_row(row, rid, step_fn, options)
        finally:
            slots.release()
        writer.write(record)
        ok = record["status"] == OK
        if ok:
            tally.ok += 1
            streak = 0
        else:
            tally.failed += 1
            streak += 1
            if streak >= streak_limit and not stop:
                stop.append(
                    ModelError(
                        f"stopped after {streak} rows failed in a row (last: {record['error']}); "
                        "fix the cause and run the same command again to resume"
                    )
                )
        tally.usage += Usage(**_usage_fields(record["usage"]))
        if progress is not None:
            progress.row_done(ok)

    def finished(task: asyncio.Task[None]) -> None:
        tasks.discard(task)
        if not task.cancelled() and task.exception() is not None and not stop:
            stop.append(task.exception())  # type: ignore[arg-type]

    try:
        fates = classify(rows, fingerprint=options.fingerprint, done=done, shard=options.shard)
        for row, fate, rid in fates:
            if fate != TODO:
                tally.count(fate, row)
                continue
            await slots.acquire()
            if stop:
                slots.release()
                break
            task = asyncio.create_task(run_one(row, rid))
            tasks.add(task)
            task.add_done_callback(finished)
        while tasks and not stop:
            await asyncio.wait(set(tasks), return_when=asyncio.FIRST_COMPLETED)
    finally:
        # Ctrl-C, a fatal error, or a failure streak: drop the rows in flight. Lines
        # already written are whole; those rows are simply due again next time.
        for task in tasks:
            task.cancel()
        if tasks:
            await asyncio.gather(*tasks, return_exceptions=True)
        tally.seconds = clock() - start
        if progress is not None:
            progress.close()
    if stop:
        raise stop[0]
    return tally


async def attempt_row(row: Row, rid: str, step_fn: StepFn, options: RunOptions) -> dict[str, Any]:
    """Run the step on one row under its deadline; the record to write, ok or failed."""
    meter = Meter()
    try:
        async with asyncio.timeout(options.row_timeout):
            outcome = await step_fn(_prospect(row), meter)
    except TimeoutError:
        error = f"{row.where}: no answer within the row deadline of {options.row_timeout:g}s"
        return failed_record(row, rid, options, error, meter.usage)
    except (ModelError, RowError) as exc:
        return failed_record(row, rid, options, f"{row.where}: {exc.message}", meter.usage)
    except OutreachError:
        raise  # no key, a broken template...: every row would fail the same way
    return base_record(row, rid, options) | {
        "status": OK,
        **outcome.output,
        "findings": list(outcome.findings),
        "usage": meter.usage.to_dict(),
        "error": None,
    }


def base_record(row: Row, rid: str, options: RunOptions) -> dict[str, Any]:
    """The fields every line has: ids, where the row came from, step and model."""
    prospect = _prospect(row)
    return {
        "id": rid,
        "key": row_key(prospect),
        "row": row.number,
        "step": options.step,
        "model": options.model,
        "prospect": {"name": prospect.name, "email": prospect.email, "company": prospect.company},
    }


def failed_record(
    row: Row, rid: str, options: RunOptions, error: str, usage: Usage
) -> dict[str, Any]:
    return base_record(row, rid, options) | {
        "status": FAILED,
        "findings": [],
        "usage": usage.to_dict(),
        "error": error,
    }


def _prospect(row: Row) -> Prospect:
    assert row.prospect is not None, "only valid rows are run"
    return row.prospect


def _usage_fields(data: dict[str, int]) -> dict[str, int]:
    return {k: int(data.get(k, 0)) for k in ("prompt_tokens", "completion_tokens", "requests")}


def cost(usage: Usage, *, per_million_input: float, per_million_output: float) -> float | None:
    """Dollars spent, or None when no price is configured."""
    if per_million_input <= 0 and per_million_output <= 0:
        return None
    return (
        usage.prompt_tokens * per_million_input + usage.completion_tokens * per_million_output
    ) / 1_000_000
