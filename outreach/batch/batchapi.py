"""`--via batch-api`: the same rows through the OpenAI Batch API (and compatible providers).

A step may need several model calls per row (draft: the gift ideas, then the
email, then maybe a revision), and each call depends on the answer before it.
So a job runs in rounds. The drafting functions are replayed against the answers
collected so far through `ReplayClient`; where they ask for an answer that is not
there yet, the request is captured instead of sent, and goes into the next
round's batch. Replaying is deterministic (same answers, same next request), so
the job keeps only the answers, never the drafting state.

    submit    rows due -> round 1 requests (JSONL with custom_id) -> files.create
              (purpose=batch) -> batches.create; files split at 50,000 requests / 200 MB
    status    batches.retrieve for each batch of the job
    collect   output and error files -> answers joined by custom_id -> replay every
              row: finished rows are appended to the results file, rows needing
              another call (or whose call failed) go into the next round

Job state lives in `<user data dir>/batches/<job id>/`: `job.json` (what to
run and the provider's batch ids), the request files sent, and
`answers.sqlite3` (every answer and failure). The API key is never written there.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import os
import secrets
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, TypeVar

from outreach import records
from outreach.batch import inputs, results, runner, steps
from outreach.config import Settings
from outreach.errors import EndpointError, InputError, ModelOutputError
from outreach.models import Usage
from outreach.records import field, record

if TYPE_CHECKING:
    import openai

    from outreach.prompts import PromptLibrary

T = TypeVar("T")

# The provider's limits for one batch input file (OpenAI: 50,000 requests, 200 MB).
MAX_REQUESTS_PER_FILE = 50_000
MAX_BYTES_PER_FILE = 200 * 1000 * 1000
ENDPOINT = "/v1/chat/completions"
COMPLETION_WINDOW = "24h"
FINISHED = ("completed", "failed", "expired", "cancelled")


class NeedsAnswer(Exception):
    """Replay reached a call with no answer yet: this is the request to send."""

    def __init__(self, index: int, body: dict[str, Any]) -> None:
        super().__init__(f"call {index} needs an answer")
        self.index = index
        self.body = body


class ReplayClient:
    """Stands in for ModelClient: answers from collected answers, captures the next request."""

    mode = "json_schema"

    def __init__(self, settings: Settings, answers: dict[int, tuple[str, Usage]]) -> None:
        self.settings = settings
        self.answers = answers
        self.calls = 0
        self.usage = Usage()
        self.rejected: tuple[int, str] | None = None  # (call, reason) of an unusable answer

    async def complete_json(
        self,
        messages: list[dict[str, str]],
        *,
        schema: dict[str, Any],
        schema_name: str,
        validate: Callable[[Any], T],
        max_tokens: int | None = None,
    ) -> tuple[T, Usage]:
        from outreach.client import parse_json

        index = self.calls
        self.calls += 1
        if index in self.answers:
            text, usage = self.answers[index]
            self.usage += usage
            try:
                return validate(parse_json(text)), usage
            except ValueError as exc:
                self.rejected = (index, str(exc))  # an answer the step cannot use: ask again
        limit = max_tokens or self.settings.llm.max_tokens
        raise NeedsAnswer(index, request_body(self.settings, messages, schema, schema_name, limit))

    async def aclose(self) -> None:
        return None


def request_body(
    settings: Settings,
    messages: list[dict[str, str]],
    schema: dict[str, Any],
    name: str,
    max_tokens: int,
) -> dict[str, Any]:
    """The chat-completions body the model client would send in json_schema mode."""
    from outreach.client import json_schema_format
    from outreach.providers import profile_for

    return {
        "model": settings.llm.model,
        "messages": messages,
        "temperature": settings.llm.temperature,
        profile_for(settings.llm).max_tokens_field: max_tokens,
        "response_format": json_schema_format(schema, name),
    }


# ---------------------------------------------------------------- job state


@record
class Job:
    """A Batch API job: what to run, and the provider batches sent so far."""

    id: str
    source: str
    column_map: dict[str, str]
    step: str
    out: str
    config_path: str | None
    options: dict[str, Any]  # --base-url, --model, --provider, --prompts-dir as given
    shard: str | None
    today: str
    ask: dict[str, str] = field(default_factory=dict)  # --step ask: steps.AskOptions
    round: int = 0
    batches: list[dict[str, Any]] = field(default_factory=list)

    @property
    def folder(self) -> Path:
        return jobs_dir() / self.id

    def save(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        tmp = self.folder / "job.json.tmp"
        tmp.write_text(json.dumps(records.asdict(self), indent=2, sort_keys=True) + "\n")
        os.replace(tmp, self.folder / "job.json")

    @classmethod
    def load(cls, job_id: str) -> Job:
        path = jobs_dir() / job_id / "job.json"
        if not job_id.replace("-", "").isalnum() or not path.is_file():
            raise InputError(
                f"no batch job {job_id!r} in {jobs_dir()}; use the ID printed by"
                " `outreach batch ... --via batch-api`"
            )
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return cls(**data)
        except (ValueError, TypeError) as exc:  # JSON, UTF-8 or fields: the file was damaged
            raise InputError(
                f"{path}: the job file is damaged ({type(exc).__name__}); restore it, or run"
                " the batch again without --via batch-api to finish it directly"
            ) from None

    def describe(self) -> str:
        current = [b for b in self.batches if b["round"] == self.round]
        requests = sum(b["requests"] for b in current)
        ids = ", ".join(b["id"] for b in current) or "none"
        return (
            f"batch job {self.id}: round {self.round}, {requests} requests in"
            f" {len(current)} batch{'es' if len(current) != 1 else ''} ({ids})"
        )


def jobs_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_data_dir("outreach")) / "batches"


# ---------------------------------------------------------------- the SDK


def sdk_client(settings: Settings) -> openai.OpenAI:
    """A synchronous openai client for the files and batches endpoints."""
    import openai

    from outreach.client import resolve_endpoint
    from outreach.providers import profile_for

    endpoint = resolve_endpoint(settings.llm, profile_for(settings.llm))
    return openai.OpenAI(
        api_key=endpoint.api_key,
        base_url=endpoint.base_url,
        timeout=max(settings.llm.read_timeout, 60.0),
        max_retries=2,
    )


def _sdk_errors() -> tuple[type[BaseException], ...]:
    """What the SDK raises for a failed call (HTTP errors, connection, timeouts)."""
    import openai

    return (openai.OpenAIError, OSError)


def _api_error(action: str, exc: BaseException) -> EndpointError:
    import openai

    if isinstance(exc, openai.APIStatusError):
        # The server's own words; the SDK's message repeats the status ("Error code: 404 - ...").
        body = exc.body
        said = body.get("message") if isinstance(body, dict) else None
        reason = " ".join(str(said or exc.message).split())
        return EndpointError(f"Batch API {action} failed (HTTP {exc.status_code}): {reason}")
    return EndpointError(f"Batch API {action} failed: {' '.join(str(exc).split())}")


# ---------------------------------------------------------------- submit


def submit(
    *,
    source: Path,
    column_map: dict[str, str],
    step: str,
    out: Path,
    settings: Settings,
    config_path: str | None,
    options: dict[str, Any],
    shard: runner.Shard | None,
    today: dt.date,
    done: frozenset[str],
    ask: steps.AskOptions | None = None,
) -> Job:
    """Write round 1's requests for every row due, upload them and create the batches."""
    from outreach.client import password_in

    if password_in(str(options.get("base_url") or "")):
        # The job file keeps the flags so that `collect` can reach the same endpoint.
        raise InputError(
            "--via batch-api writes --base-url to its job file, so it takes no password in"
            " the URL; put the credential in the API key variable ([llm] api_key_env)"
        )
    job = Job(
        id=f"job-{dt.datetime.now(dt.UTC):%Y%m%d}-{secrets.token_hex(4)}",
        source=str(source.resolve()),
        column_map=column_map,
        step=step,
        out=str(out.resolve()),
        config_path=str(Path(config_path).resolve()) if config_path else None,
        options={k: v for k, v in options.items() if v is not None},
        shard=str(shard) if shard else None,
        today=today.isoformat(),
        ask=ask.to_dict() if ask is not None and step == "ask" else {},
    )
    job.folder.mkdir(parents=True, exist_ok=True)
    outcome = asyncio.run(_replay_all(job, settings, None, done))
    if not outcome.requests:
        raise InputError(f"{source}: no rows to send; every row is done, invalid or elsewhere")
    _send_round(job, outcome.files, sdk_client(settings))
    return job


# ---------------------------------------------------------------- status and collect


def status(job_id: str, *, config_path: str | None = None) -> str:
    """One line per provider batch of the job: state and request counts."""
    job = Job.load(job_id)
    sdk = sdk_client(_job_settings(job, config_path))
    lines = [job.describe()]
    for entry in job.batches:
        remote = _retrieve(sdk, entry["id"])
        counts = remote.request_counts
        done = f"{counts.completed}/{counts.total} done, {counts.failed} failed" if counts else ""
        mark = " (collected)" if entry.get("collected") else ""
        lines.append(f"  round {entry['round']} {entry['id']}: {remote.status} {done}{mark}")
    return "\n".join(lines)


def collect(job_id: str, *, config_path: str | None = None, resubmit: bool = True) -> str:
    """Join finished batches' answers into the results file; send what remains as a new round."""
    job = Job.load(job_id)
    settings = _job_settings(job, config_path)
    sdk = sdk_client(settings)
    pending = [b for b in job.batches if not b.get("collected")]
    unfinished = []
    answered = errored = 0
    for entry in pending:
        remote = _retrieve(sdk, entry["id"])
        if remote.status not in FINISHED:
            unfinished.append(f"{entry['id']} is {remote.status}")
            continue
        seen: set[str] = set()
        with AnswerStore(job.folder) as store:
            for file_id in (remote.output_file_id, remote.error_file_id):
                if not file_id:
                    continue
                for line in _download_lines(sdk, file_id):
                    ok = _store_answer(store, line)
                    seen.add(line["custom_id"])
                    answered += ok
                    errored += not ok
            # A batch that failed, expired or was cancelled leaves requests with no line
            # at all: each counts as a failed attempt, so it is neither lost nor retried
            # for ever.
            for custom_id in _sent_ids(job, entry):
                if custom_id not in seen:
                    missing = {"custom_id": custom_id, "error": f"batch {remote.status}"}
                    _store_answer(store, missing)
                    errored += 1
        entry["collected"] = True
        job.save()
    if unfinished:
        return f"not finished yet: {'; '.join(unfinished)}; run collect again later"
    outcome = asyncio.run(_replay_all(job, settings, Path(job.out)))
    report = (
        f"collected {answered} answers and {errored} errors; wrote {outcome.ok} ok and"
        f" {outcome.failed} failed rows to {job.out}"
    )
    if outcome.requests and resubmit:
        _send_round(job, outcome.files, sdk)
        return f"{report}; {outcome.requests} rows need another call: {job.describe()}"
    if outcome.requests:
        return f"{report}; {outcome.requests} rows still need a call (not resubmitted)"
    return f"{report}; job complete"


def _retrieve(sdk: Any, batch_id: str) -> Any:
    """The provider's view of one batch: its status, request counts and files."""
    try:
        return sdk.batches.retrieve(batch_id)
    except _sdk_errors() as exc:
        raise _api_error(f"retrieve {batch_id}", exc) from None


def _sent_ids(job: Job, entry: dict[str, Any]) -> Iterator[str]:
    """The custom_ids of the requests a batch was sent (from our copy of its file)."""
    path = job.folder / str(entry.get("sent", ""))
    if not entry.get("sent") or not path.is_file():
        return
    with path.open(encoding="utf-8") as handle:
        for raw in handle:
            yield str(json.loads(raw)["custom_id"])


def _job_settings(job: Job, config_path: str | None) -> Settings:
    from outreach.cli.common import load_context  # the same overrides the run command applied

    return load_context(config_path or job.config_path, **job.options)


def _download_lines(sdk: Any, file_id: str) -> Iterator[dict[str, Any]]:
    try:
        content = sdk.files.content(file_id)
    except _sdk_errors() as exc:
        raise _api_error(f"download {file_id}", exc) from None
    for raw in content.text.splitlines():
        if raw.strip():
            try:
                line = json.loads(raw)
            except json.JSONDecodeError:
                continue
            if isinstance(line, dict) and isinstance(line.get("custom_id"), str):
                yield line


def _store_answer(store: AnswerStore, line: dict[str, Any]) -> bool:
    """Keep one output line as an answer (True) or count it as a failure (False).

    The completion body is read as the model client reads one (`content_text`,
    `usage_of`), so odd content or counts from a provider cannot stop `collect`.
    """
    from outreach.client import content_text, usage_of

    rid, _, index = line["custom_id"].rpartition("-")
    number = int(index) if index.isdigit() else -1
    response = line.get("response")
    response = response if isinstance(response, dict) else {}
    body = response.get("body")
    if isinstance(body, dict) and response.get("status_code") == 200:
        choices = body.get("choices")
        choice = choices[0] if isinstance(choices, list) and choices else None
        if isinstance(choice, dict) and choice.get("finish_reason") != "length":
            message = choice.get("message")
            content = message.get("content") if isinstance(message, dict) else None
            store.answer(rid, number, content_text(content), usage_of(body))
            return True
    store.fail(rid, number)
    return False


class AnswerStore:
    """Every answer and failure of a job, in SQLite beside job.json, read a row at a time.

    Keeping answers on disk rather than in a dict keeps `collect` flat in memory
    however many rows a job has; each download is one transaction.
    """

    def __init__(self, folder: Path) -> None:
        import sqlite3

        self._db = sqlite3.connect(folder / "answers.sqlite3")
        self._db.executescript(
            "CREATE TABLE IF NOT EXISTS answers (rid TEXT, n INTEGER, content TEXT,"
            " prompt INTEGER, completion INTEGER, PRIMARY KEY (rid, n));"
            "CREATE TABLE IF NOT EXISTS failures (rid TEXT, n INTEGER, count INTEGER,"
            " PRIMARY KEY (rid, n));"
        )

    def answer(self, rid: str, n: int, content: str, usage: Usage) -> None:
        self._db.execute(
            "INSERT OR REPLACE INTO answers VALUES (?, ?, ?, ?, ?)",
            (rid, n, content, usage.prompt_tokens, usage.completion_tokens),
        )

    def fail(self, rid: str, n: int) -> None:
        """Count a failed attempt at call n, and forget an answer it may have had."""
        self._db.execute("DELETE FROM answers WHERE rid = ? AND n = ?", (rid, n))
        self._db.execute(
            "INSERT INTO failures VALUES (?, ?, 1)"
            " ON CONFLICT (rid, n) DO UPDATE SET count = count + 1",
            (rid, n),
        )

    def answers(self, rid: str) -> dict[int, tuple[str, Usage]]:
        rows = self._db.execute(
            "SELECT n, content, prompt, completion FROM answers WHERE rid = ?", (rid,)
        )
        return {n: (text, Usage(p, c, 1)) for n, text, p, c in rows}

    def failures(self, rid: str, n: int) -> int:
        row = self._db.execute(
            "SELECT count FROM failures WHERE rid = ? AND n = ?", (rid, n)
        ).fetchone()
        return int(row[0]) if row else 0

    def close(self) -> None:
        self._db.commit()
        self._db.close()

    def __enter__(self) -> AnswerStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


# ---------------------------------------------------------------- replay


@record
class ReplayOutcome:
    ok: int = 0
    failed: int = 0
    requests: int = 0  # rows that need another call: lines in `files`
    files: list[tuple[Path, int]] = field(default_factory=list)  # the next round's (file, lines)


async def _replay_all(
    job: Job, settings: Settings, out: Path | None, done: frozenset[str] | None = None
) -> ReplayOutcome:
    """Replay every row due against its answers; write finished rows when `out` is given.

    `done` is the resume index when the caller has just read the results file.
    """
    from outreach.prompts import PromptLibrary

    prompts = PromptLibrary(settings.prompts.dir or None)
    ask = steps.AskOptions(**job.ask) if job.ask else None
    fingerprint = steps.step_fingerprint(job.step, settings, prompts, ask)
    if done is None:
        done = results.prepare(job.out).done
    shard = runner.Shard.parse(job.shard) if job.shard else None
    options = runner.RunOptions(step=job.step, model=settings.llm.model, fingerprint=fingerprint)
    outcome = ReplayOutcome()
    rows = inputs.iter_rows(job.source, job.column_map)
    writer = results.ResultsWriter(out) if out is not None else None
    store = AnswerStore(job.folder)
    # Request lines go straight to the next round's files: never all in memory.
    next_round = RequestFiles(job.folder, job.round + 1)
    try:
        for row, fate, rid in runner.classify(
            rows, fingerprint=fingerprint, done=done, shard=shard
        ):
            if fate != runner.TODO:
                continue
            record, request = await _replay_row(
                row,
                rid,
                job,
                settings,
                prompts,
                options,
                store,
                ask,
            )
            if request is not None:
                next_round.add(request)
                outcome.requests += 1
            elif record is not None and writer is not None:
                writer.write(record)
                if record["status"] == results.OK:
                    outcome.ok += 1
                else:
                    outcome.failed += 1
    finally:
        outcome.files = next_round.close()
        store.close()
        if writer is not None:
            writer.close()
    return outcome


async def _replay_row(
    row: inputs.Row,
    rid: str,
    job: Job,
    settings: Settings,
    prompts: PromptLibrary,
    options: runner.RunOptions,
    store: AnswerStore,
    ask: steps.AskOptions | None,
) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    """(finished record, None) or (None, the request line for the next call)."""
    replay = ReplayClient(settings, store.answers(rid))
    step_fn = steps.make_step(
        job.step,
        settings=settings,
        client=replay,  # type: ignore[arg-type]
        prompts=prompts,
        today=dt.date.fromisoformat(job.today),
        ask=ask,
    )
    try:
        record = await runner.attempt_row(row, rid, step_fn, options)
    except NeedsAnswer as need:
        if replay.rejected is not None:  # an answer the step could not use: ask again
            store.fail(rid, replay.rejected[0])
        tries = store.failures(rid, need.index)
        if tries >= max(1, settings.llm.max_attempts):
            error = ModelOutputError(
                f"{row.where}: call {need.index + 1} failed {tries} times in the Batch API"
            )
            return runner.failed_record(row, rid, options, error.message, replay.usage), None
        line = {
            "custom_id": f"{rid}-{need.index}",
            "method": "POST",
            "url": ENDPOINT,
            "body": need.body,
        }
        return None, line
    return record, None


# ---------------------------------------------------------------- upload


def _send_round(job: Job, files: list[tuple[Path, int]], sdk: Any) -> None:
    """Upload a round's request files and create one batch per file."""
    job.round += 1
    for number, (path, count) in enumerate(files, 1):
        try:
            with path.open("rb") as handle:
                uploaded = sdk.files.create(file=(path.name, handle), purpose="batch")
            created = sdk.batches.create(
                input_file_id=uploaded.id,
                endpoint=ENDPOINT,
                completion_window=COMPLETION_WINDOW,
                metadata={"outreach_job": job.id, "round": str(job.round), "part": str(number)},
            )
        except _sdk_errors() as exc:
            job.save()
            raise _api_error("upload", exc) from None
        job.batches.append(
            {
                "id": created.id,
                "file": uploaded.id,
                "round": job.round,
                "requests": count,
                "sent": path.name,
            }
        )
        job.save()


class RequestFiles:
    """A round's request lines, split into files within the provider's limits as written."""

    def __init__(self, folder: Path, round_number: int) -> None:
        self.folder = folder
        self.round = round_number
        self.done: list[tuple[Path, int]] = []
        self._handle: IO[bytes] | None = None
        self._path = folder
        self._count = self._size = 0

    def add(self, request: dict[str, Any]) -> None:
        line = (json.dumps(request, ensure_ascii=False) + "\n").encode("utf-8")
        full = self._count >= MAX_REQUESTS_PER_FILE or self._size + len(line) > MAX_BYTES_PER_FILE
        if self._handle is None or (self._count and full):
            self._finish()
            self._path = self.folder / f"round{self.round}-part{len(self.done) + 1}.jsonl"
            self._handle = self._path.open("wb")
        self._handle.write(line)
        self._count += 1
        self._size += len(line)

    def close(self) -> list[tuple[Path, int]]:
        self._finish()
        return self.done

    def _finish(self) -> None:
        if self._handle is not None:
            self._handle.close()
            self._handle = None
            if self._count:
                self.done.append((self._path, self._count))
        self._count = self._size = 0
