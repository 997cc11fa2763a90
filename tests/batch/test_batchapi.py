"""`--via batch-api`, `batch status` and `batch collect`, with /files and /batches mocked."""

from __future__ import annotations

import asyncio
import csv
import json
from pathlib import Path
from typing import Any

import httpx
import pytest
import respx
from click.testing import CliRunner
from stub_server import EMAIL, answer_for, completion  # the stub's: both paths draft alike

from outreach.batch import batchapi
from outreach.batch.results import read_records
from outreach.cli import cli
from outreach.client import json_schema_format
from outreach.config import LLMSettings, Settings
from outreach.models import Usage

BASE = "https://api.example.test/v1"
KEY = "sk-test-batch-0123456789"


class FakeBatchAPI:
    """The provider's /files and /batches, answering every request it was sent."""

    def __init__(self, router: respx.Router) -> None:
        self.uploads: list[list[dict[str, Any]]] = []  # request lines per uploaded file
        self.created: list[dict[str, Any]] = []  # batches.create bodies
        self.fail_ids: set[str] = set()  # custom_ids answered with an error line
        self.status = "completed"
        self.files = router.post(f"{BASE}/files").mock(side_effect=self._upload)
        self.batches = router.post(f"{BASE}/batches").mock(side_effect=self._create)
        self.retrieve = router.get(url__regex=rf"{BASE}/batches/batch_\d+$").mock(
            side_effect=self._retrieve
        )
        self.content = router.get(url__regex=rf"{BASE}/files/file-(out|err)-\d+/content").mock(
            side_effect=self._content
        )

    def _upload(self, request: httpx.Request) -> httpx.Response:
        body = request.read()
        assert b'name="purpose"\r\n\r\nbatch' in body
        lines = [json.loads(raw) for raw in body.split(b"\n") if raw.startswith(b'{"custom_id"')]
        self.uploads.append(lines)
        number = len(self.uploads)
        return httpx.Response(200, json=_file(f"file-in-{number}", len(body)))

    def _create(self, request: httpx.Request) -> httpx.Response:
        body = json.loads(request.read())
        self.created.append(body)
        return httpx.Response(200, json=self._batch(len(self.created), "validating"))

    def _retrieve(self, request: httpx.Request) -> httpx.Response:
        number = int(request.url.path.rsplit("_", 1)[1])
        return httpx.Response(200, json=self._batch(number, self.status))

    def _batch(self, number: int, status: str) -> dict[str, Any]:
        lines = self.uploads[number - 1]
        failed = sum(1 for line in lines if line["custom_id"] in self.fail_ids)
        return {
            "id": f"batch_{number}",
            "object": "batch",
            "endpoint": "/v1/chat/completions",
            "input_file_id": f"file-in-{number}",
            "completion_window": "24h",
            "status": status,
            "created_at": 0,
            "output_file_id": f"file-out-{number}" if status == "completed" else None,
            "error_file_id": f"file-err-{number}" if status == "completed" and failed else None,
            "request_counts": {
                "total": len(lines),
                "completed": len(lines) - failed,
                "failed": failed,
            },
        }

    def _content(self, request: httpx.Request) -> httpx.Response:
        kind, number = request.url.path.split("/")[-2].split("-")[1:]
        out = []
        for line in self.uploads[int(number) - 1]:
            failed = line["custom_id"] in self.fail_ids
            if failed != (kind == "err"):
                continue
            if failed:
                response = {"status_code": 500, "body": {"error": {"message": "server error"}}}
            else:
                answer = json.dumps(answer_for(line["body"]))
                response = {"status_code": 200, "body": completion(line["body"], answer)}
            out.append({"id": "r", "custom_id": line["custom_id"], "response": response})
        return httpx.Response(200, content="\n".join(json.dumps(o) for o in out).encode())


def _file(file_id: str, size: int) -> dict[str, Any]:
    return {
        "id": file_id,
        "object": "file",
        "bytes": size,
        "created_at": 0,
        "filename": "requests.jsonl",
        "purpose": "batch",
        "status": "processed",
    }


@pytest.fixture
def api(httpx2_mock: respx.Router, monkeypatch: pytest.MonkeyPatch) -> FakeBatchAPI:
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    monkeypatch.setenv("OPENAI_BASE_URL", BASE)
    return FakeBatchAPI(httpx2_mock)


def leads(n: int) -> Path:
    path = Path("leads.csv")
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["name", "company", "email", "facts"])
        for i in range(n):
            writer.writerow([f"Prospect {i}", f"Co {i}", f"p{i}@example.com", "Posted; Spoke"])
    return path


def invoke(*args: str) -> Any:
    result = CliRunner().invoke(cli, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result


def job_id(output: str) -> str:
    return output.split("batch job ", 1)[1].split(":", 1)[0]


def collect_until_complete(job: str, rounds: int = 4) -> str:
    """Collect (resubmitting what remains) until the job completes; the last report."""
    for _ in range(rounds):
        report = str(invoke("batch", "collect", job).stdout)
        if "job complete" in report:
            break
    return report


def test_submit_status_collect_through_every_round(api: FakeBatchAPI) -> None:
    source = leads(3)
    submitted = invoke("batch", str(source), "--step", "draft", "--out", "r.jsonl",
                       "--via", "batch-api")  # fmt: skip
    assert submitted.exit_code == 0, submitted.output
    job = job_id(submitted.stdout)
    assert f"outreach batch collect {job}" in submitted.stdout

    # Round 1: one gift-ideas request per row, uploaded for purpose=batch.
    assert api.files.call_count == 1 and api.batches.call_count == 1
    [lines] = api.uploads
    assert len(lines) == 3 and len({line["custom_id"] for line in lines}) == 3
    assert all(line["custom_id"].endswith("-0") for line in lines)
    first = lines[0]
    assert (first["method"], first["url"]) == ("POST", "/v1/chat/completions")
    assert first["body"]["model"] == "gpt-4o-mini"
    assert first["body"]["response_format"]["json_schema"]["name"] == "gift_ideas"
    assert api.created[0]["input_file_id"] == "file-in-1"
    assert api.created[0]["endpoint"] == "/v1/chat/completions"
    assert api.created[0]["completion_window"] == "24h"
    assert KEY not in json.dumps(api.uploads)  # the key never lands in a request file

    # Not finished yet: nothing is collected.
    api.status = "in_progress"
    waiting = invoke("batch", "collect", job)
    assert "not finished yet: batch_1 is in_progress" in waiting.stdout
    assert api.content.call_count == 0
    shown = invoke("batch", "status", job)
    assert "round 1 batch_1: in_progress 3/3 done, 0 failed" in shown.stdout

    # Round 1 done, one row's request failed: it goes again with the others' email requests.
    api.status = "completed"
    api.fail_ids = {lines[1]["custom_id"]}
    collected = invoke("batch", "collect", job)
    assert "collected 2 answers and 1 errors" in collected.stdout
    assert "3 rows need another call" in collected.stdout
    second = api.uploads[1]
    kinds = sorted(line["body"]["response_format"]["json_schema"]["name"] for line in second)
    assert kinds == ["email", "email", "gift_ideas"]
    assert lines[1]["custom_id"] in {line["custom_id"] for line in second}  # resubmitted

    # Rounds continue until every row is written to the results file.
    api.fail_ids = set()
    assert "job complete" in collect_until_complete(job)
    rows = list(read_records("r.jsonl"))
    assert sorted(r["row"] for r in rows) == [2, 3, 4]
    assert all(r["status"] == "ok" for r in rows)
    assert rows[0]["draft"]["subject"] == "The dock no-show figures you mentioned"
    assert rows[0]["usage"]["requests"] >= 2


@pytest.mark.httpx2(assert_all_called=False)  # nothing is collected here
def test_requests_split_at_the_provider_limits(
    api: FakeBatchAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(batchapi, "MAX_REQUESTS_PER_FILE", 2)
    source = leads(5)
    result = invoke("batch", str(source), "--step", "gifts", "--out", "r.jsonl",
                    "--via", "batch-api")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert [len(lines) for lines in api.uploads] == [2, 2, 1]
    assert api.batches.call_count == 3
    assert "5 requests in 3 batches (batch_1, batch_2, batch_3)" in result.stdout

    monkeypatch.setattr(batchapi, "MAX_REQUESTS_PER_FILE", 50_000)
    size = len(json.dumps(api.uploads[0][0])) + 1
    monkeypatch.setattr(batchapi, "MAX_BYTES_PER_FILE", size * 3)
    Path("r2.jsonl").unlink(missing_ok=True)
    again = invoke("batch", str(source), "--step", "gifts", "--out", "r2.jsonl",
                   "--via", "batch-api")  # fmt: skip
    assert again.exit_code == 0, again.output
    assert [len(lines) for lines in api.uploads[3:]] == [3, 2]


def test_a_row_that_keeps_failing_is_written_as_failed(api: FakeBatchAPI) -> None:
    source = leads(2)
    job = job_id(
        invoke(
            "batch", str(source), "--step", "gifts", "--out", "r.jsonl", "--via", "batch-api"
        ).stdout
    )
    doomed = api.uploads[0][0]["custom_id"]
    api.fail_ids = {doomed}
    for _ in range(4):  # [llm] max_attempts = 4
        report = invoke("batch", "collect", job).stdout
    assert "job complete" in report
    rows = {r["status"]: r for r in read_records("r.jsonl")}
    assert set(rows) == {"ok", "failed"}
    assert "call 1 failed 4 times in the Batch API" in rows["failed"]["error"]


def test_unknown_job_is_a_usage_error() -> None:
    result = CliRunner().invoke(cli, ["batch", "status", "job-nope"])
    assert result.exit_code == 2
    assert "no batch job 'job-nope'" in result.stderr


@pytest.mark.httpx2(assert_all_called=False)
def test_a_password_in_the_base_url_is_never_written_to_the_job(httpx2_mock: respx.Router) -> None:
    source = leads(1)
    url = "https://bob:s3cr3tpassw0rd@gateway.example/v1"
    result = CliRunner().invoke(
        cli, ["batch", str(source), "--step", "gifts", "--out", "r.jsonl", "--via", "batch-api",
              "--base-url", url],
    )  # fmt: skip
    assert result.exit_code == 2
    assert "takes no password in the URL" in result.stderr
    assert "s3cr3tpassw0rd" not in result.output
    assert not any(route.called for route in httpx2_mock.routes)


def test_the_ask_step_goes_through_the_batch_api_too(api: FakeBatchAPI) -> None:
    source = leads(2)
    submitted = invoke(
        "batch", str(source), "--step", "ask", "--request", "a 20-minute call",
        "--given", "a dock benchmark", "--given-on", "2026-11-20",
        "--out", "r.jsonl", "--via", "batch-api",
    )  # fmt: skip
    assert submitted.exit_code == 0, submitted.output
    job = job_id(submitted.stdout)
    [lines] = api.uploads
    assert all(line["body"]["response_format"]["json_schema"]["name"] == "email" for line in lines)
    assert "a 20-minute call" in json.dumps(lines[0]["body"]["messages"])
    assert "job complete" in collect_until_complete(job)
    rows = list(read_records("r.jsonl"))
    assert [r["status"] for r in rows] == ["ok", "ok"]
    assert rows[0]["ask"]["gift"]["what"] == "a dock benchmark"


@pytest.mark.httpx2(assert_all_called=False)  # a failed batch has no file to download
def test_a_failed_batch_counts_as_a_failed_attempt_for_each_of_its_requests(
    api: FakeBatchAPI,
) -> None:
    source = leads(2)
    job = job_id(
        invoke(
            "batch", str(source), "--step", "gifts", "--out", "r.jsonl", "--via", "batch-api"
        ).stdout
    )
    api.status = "failed"  # e.g. the input file failed validation: no output, no error file
    first = invoke("batch", "collect", job).stdout
    assert "collected 0 answers and 2 errors" in first
    assert "2 rows need another call" in first
    assert [len(lines) for lines in api.uploads] == [2, 2]  # both resubmitted
    for _ in range(3):  # [llm] max_attempts = 4 in all
        report = invoke("batch", "collect", job).stdout
    assert "wrote 0 ok and 2 failed rows" in report and "job complete" in report
    assert api.content.call_count == 0
    assert [r["status"] for r in read_records("r.jsonl")] == ["failed", "failed"]


def test_a_replayed_call_asks_for_what_the_model_client_would_send() -> None:
    settings = Settings(llm=LLMSettings(model="m", base_url=BASE, max_tokens=900))
    schema = {"type": "object", "properties": {"what": {"type": "string"}}, "required": ["what"]}
    messages = [{"role": "user", "content": "one gift"}]
    replay = batchapi.ReplayClient(settings, {0: ("not json", Usage(5, 1, 1))})

    async def ask(**limit: int) -> None:
        await replay.complete_json(
            messages, schema=schema, schema_name="gift ideas", validate=dict, **limit
        )

    with pytest.raises(batchapi.NeedsAnswer) as rejected:
        asyncio.run(ask())
    assert rejected.value.index == 0
    assert replay.rejected is not None and replay.rejected[0] == 0
    assert rejected.value.body == {
        "model": "m",
        "messages": messages,
        "temperature": settings.llm.temperature,
        "max_tokens": 900,
        "response_format": json_schema_format(schema, "gift ideas"),
    }
    assert rejected.value.body["response_format"]["json_schema"]["name"] == "gift_ideas"
    with pytest.raises(batchapi.NeedsAnswer) as unanswered:
        asyncio.run(ask(max_tokens=50))  # a step's own limit wins, as in ModelClient
    assert unanswered.value.index == 1
    assert unanswered.value.body["max_tokens"] == 50


def test_output_lines_are_read_like_any_completion(tmp_path: Path) -> None:
    """Null token counts or content in parts, as some providers send, are no crash."""
    odd = completion({}, json.dumps(EMAIL))
    odd["usage"] = {"prompt_tokens": None, "completion_tokens": 12}
    odd["choices"][0]["message"]["content"] = [{"type": "text", "text": json.dumps(EMAIL)}]
    cut = completion({}, json.dumps(EMAIL))
    cut["choices"][0]["finish_reason"] = "length"
    with batchapi.AnswerStore(tmp_path) as store:
        kept = batchapi._store_answer(
            store, {"custom_id": "row-a-0", "response": {"status_code": 200, "body": odd}}
        )
        truncated = batchapi._store_answer(
            store, {"custom_id": "row-b-0", "response": {"status_code": 200, "body": cut}}
        )
        lost = batchapi._store_answer(store, {"custom_id": "row-c-1", "response": None})
        assert (kept, truncated, lost) == (True, False, False)
        assert store.answers("row-a") == {0: (json.dumps(EMAIL), Usage(0, 12, 1))}
        assert store.answers("row-b") == {}
        assert (store.failures("row-b", 0), store.failures("row-c", 1)) == (1, 1)


def test_a_later_submit_sends_only_the_rows_not_done(api: FakeBatchAPI) -> None:
    args = ["batch", "leads.csv", "--step", "gifts", "--out", "r.jsonl", "--via", "batch-api"]
    leads(2)
    assert "job complete" in collect_until_complete(job_id(invoke(*args).stdout))
    leads(3)  # the same two rows and one more
    again = invoke(*args)
    assert again.exit_code == 0, again.output
    assert "batch: 1 to do, 2 done earlier" in again.stderr
    assert [len(lines) for lines in api.uploads] == [2, 1]
    leads(2)
    nothing = invoke(*args)
    assert nothing.exit_code == 2
    assert "leads.csv: no rows to send" in nothing.stderr
    assert api.files.call_count == 2


@pytest.mark.httpx2(assert_all_called=False)  # nothing is downloaded
def test_a_batch_the_provider_cannot_find_is_one_error_line(api: FakeBatchAPI) -> None:
    source = leads(1)
    submitted = invoke("batch", str(source), "--step", "gifts", "--out", "r.jsonl",
                       "--via", "batch-api")  # fmt: skip
    job = job_id(submitted.stdout)
    api.retrieve.mock(
        side_effect=None, return_value=httpx.Response(404, json={"error": {"message": "gone"}})
    )
    for command in ("status", "collect"):
        result = invoke("batch", command, job)
        assert result.exit_code == 1, result.output
        assert result.stderr == "Error: Batch API retrieve batch_1 failed (HTTP 404): gone\n"
    assert api.retrieve.call_count == 2  # a 404 is not retried
