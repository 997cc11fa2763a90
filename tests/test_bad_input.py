"""Bad input on every command: one clear line, the right exit code, nothing lost, no secret.

Each test is a case found by running the real CLI with broken files, flags and
endpoints; it pins the message (what and where), the exit code, and that no
traceback and no key reach the user.
"""

from __future__ import annotations

import csv
from pathlib import Path

import httpx
import pytest
import respx
from click.testing import CliRunner, Result

from outreach.cli import cli
from outreach.errors import InputError
from tests.helpers import completion

KEY = "sk-test-bad-input-0123456789"
BASE = "https://api.example.test/v1"


def run(*args: str, **env: str) -> Result:
    result = CliRunner().invoke(cli, list(args), env=env or None)
    # An expected failure exits through SystemExit; anything else is a traceback.
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result


def prospect_file(name: str = "p.toml") -> Path:
    path = Path(name)
    path.write_text('name = "Priya Raman"\nemail = "priya@example.com"\nfacts = ["a"]\n')
    return path


def leads(n: int = 2) -> Path:
    path = Path("leads.csv")
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["name", "company"])
        for i in range(n):
            writer.writerow([f"Prospect {i}", f"Co {i}"])
    return path


# ---------------------------------------------------------------- secrets


def test_batch_api_error_quoting_the_key_does_not_print_it(
    httpx2_mock: respx.Router, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    echo = {"error": {"message": f"Incorrect API key provided: Bearer {KEY}"}}
    route = httpx2_mock.post(f"{BASE}/files").mock(return_value=httpx.Response(401, json=echo))
    result = run("batch", str(leads()), "--out", "r.jsonl", "--via", "batch-api",
                 "--base-url", BASE)  # fmt: skip
    assert route.called
    assert result.exit_code == 1
    assert "Batch API upload failed (HTTP 401)" in result.output
    assert KEY not in result.output
    assert "Bearer ***" in result.output


# ---------------------------------------------------------------- nothing lost


@pytest.mark.parametrize("other", ["notes.jsonl", "leads.csv"])
def test_batch_out_naming_another_file_leaves_it_alone(other: str) -> None:
    source = leads()
    target = Path(other)
    if not target.exists():
        target.write_text('{"name": "Ana", "company": "Acme"}\n{"todo": "call Bob"}\n')
    before = target.read_bytes()
    result = run("batch", str(source), "--out", other, "--dry-run")
    assert result.exit_code == 2
    assert f"{other}: line 1 is not a result of `outreach batch`" in result.output
    assert target.read_bytes() == before
    result = run("batch", str(source), "--out", other, "--base-url", "http://127.0.0.1:9/v1")
    assert result.exit_code == 2
    assert target.read_bytes() == before


# ---------------------------------------------------------------- dates


@pytest.mark.parametrize(
    "args",
    [
        ("draft", "p.toml", "--gift", "a report", "--send-date", "9999-12-31"),
        ("sequence", "p.toml", "--request", "a call", "--gift", "x", "--start", "9999-12-31"),
        ("ask", "p.toml", "--request", "a call", "--given", "x", "--given-on", "9999-12-31"),
        ("log", "give", "p.toml", "a report", "--on", "0001-01-01"),
        ("batch", "leads.csv", "--out", "r.jsonl", "--today", "9999-12-31"),
    ],
)
def test_a_date_outside_the_calendar_is_a_usage_error(args: tuple[str, ...]) -> None:
    prospect_file()
    leads()
    result = run(*args, "--base-url", "http://127.0.0.1:9/v1") if args[0] != "log" else run(*args)
    assert result.exit_code == 2, result.output
    assert "the year must be between 1970 and 2999" in result.output
    assert not Path("ledger.sqlite3").exists()


def test_a_gift_recorded_far_off_before_dates_were_checked_does_not_break_history() -> None:
    import datetime as dt

    from outreach.ledger import Ledger
    from outreach.prospects import load_prospect

    with Ledger.open("l.sqlite3") as ledger:
        ledger.record_gift(load_prospect(prospect_file()), "a report", at=dt.date(9999, 12, 31))
    result = run("history", "p.toml", "--ledger", "l.sqlite3")
    assert result.exit_code == 2
    assert "the gift dated 9999-12-31 is too far off to count a window from" in result.output


# ---------------------------------------------------------------- prompts


def test_a_config_prompts_dir_that_does_not_exist_is_not_silently_ignored() -> None:
    prospect_file()
    Path("c.toml").write_text('[prompts]\ndir = "my-prompts"\n')
    result = run("gifts", "p.toml", "--dry-run", "--config", "c.toml")
    assert result.exit_code == 2
    assert "my-prompts: the prompts folder ([prompts] dir or --prompts-dir) is not a folder" in (
        result.output
    )


@pytest.mark.httpx2(assert_all_called=False)
@pytest.mark.parametrize(
    "args",
    [
        ("draft", "p.toml", "--gift", "a report"),
        ("ask", "p.toml", "--request", "a 15-minute call", "--given", "a report"),
        ("thank", "p.toml", "--reciprocated", "took the call"),
    ],
)
def test_record_to_an_unusable_ledger_fails_before_any_model_call(
    args: tuple[str, ...], httpx2_mock: respx.Router, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    route = httpx2_mock.post(f"{BASE}/chat/completions").mock(
        return_value=httpx.Response(500, json={"error": {"message": "unreachable in this test"}})
    )
    prospect_file()
    Path("notes.txt").write_text("a file, so no folder can be made under it\n")
    result = run(*args, "--record", "--ledger", "notes.txt/ledger.db", "--base-url", BASE)
    assert result.exit_code == 2
    assert "notes.txt/ledger.db: cannot open the ledger" in result.output
    assert not route.called  # nothing drafted (and paid for) that the ledger then loses


# ---------------------------------------------------------------- files


def test_log_give_message_file_not_utf8_is_one_line() -> None:
    prospect_file()
    Path("mail.txt").write_bytes("Merci, Jos\u00e9".encode("latin-1"))
    result = run("log", "give", "p.toml", "a report", "--message-file", "mail.txt",
                 "--ledger", "l.db")  # fmt: skip
    assert result.exit_code == 2
    assert "mail.txt: --message-file is not UTF-8 text (bad byte at offset 10)" in result.output


# ---------------------------------------------------------------- flags


@pytest.mark.parametrize("pick", ["0", "-1"])
@pytest.mark.parametrize("command", [("draft",), ("sequence", "--request", "a call")])
def test_pick_below_one_is_a_usage_error_before_any_request(
    command: tuple[str, ...], pick: str
) -> None:
    prospect_file()
    result = run(*command, "p.toml", "--pick", pick, "--base-url", "http://127.0.0.1:9/v1")
    assert result.exit_code == 2
    assert f"Invalid value for '--pick': {pick} is not in the range x>=1" in result.output


# ---------------------------------------------------------------- endpoints


@pytest.mark.parametrize("url", ["not a url", "http://[::1", "ftp://host/v1", "localhost:8000/v1"])
def test_a_malformed_base_url_is_a_usage_error_not_four_retries(url: str) -> None:
    prospect_file()
    result = run("gifts", "p.toml", "--base-url", url, OPENAI_API_KEY=KEY)
    assert result.exit_code == 2
    assert f"--base-url / [llm] base_url {url!r} is not an http:// or https:// URL" in (
        result.output
    )


def test_a_password_in_the_base_url_is_never_shown() -> None:
    prospect_file()
    Path("c.toml").write_text("[llm]\nmax_attempts = 1\n")  # one refused connection, no waits
    url = "http://user:hunter2-password@127.0.0.1:9/v1?key=query-secret-1"
    result = run("gifts", "p.toml", "--base-url", url, "--config", "c.toml", OPENAI_API_KEY=KEY)
    assert result.exit_code == 1
    assert "cannot reach http://user:***@127.0.0.1:9/v1?*** (1 attempt" in result.output
    assert "hunter2" not in result.output and "query-secret" not in result.output


def test_batch_merge_to_an_unwritable_place_or_from_a_folder_is_one_line() -> None:
    Path("r.jsonl").write_text('{"id": "a", "key": "a", "step": "draft", "status": "ok"}\n')
    Path("a-file").write_text("")
    result = run("batch", "merge", "r.jsonl", "--out", "a-file/all.jsonl")
    assert result.exit_code == 2
    assert "a-file/all.jsonl: cannot write the merged results:" in result.output
    Path("shards").mkdir()
    result = run("batch", "merge", "shards", "--out", "all.jsonl")
    assert result.exit_code == 2
    assert "shards: is a folder; give the results files (.jsonl) to merge" in result.output


@pytest.mark.parametrize(
    ("flags", "message"),
    [
        (("--export", "eml"), "--export eml needs a folder: --export eml DIR"),
        (("--export-to", "mail.csv"), "--export-to goes with --export csv or --export eml"),
    ],
)
def test_batch_export_flags_are_checked_before_the_run(
    flags: tuple[str, ...], message: str
) -> None:
    result = run("batch", str(leads()), "--out", "r.jsonl", *flags,
                 "--base-url", "http://127.0.0.1:9/v1", OPENAI_API_KEY=KEY)  # fmt: skip
    assert result.exit_code == 2
    assert message in result.output
    assert not Path("r.jsonl").exists()  # refused before any row ran


# ---------------------------------------------------------------- config


@pytest.mark.parametrize(
    ("lint", "message"),
    [
        ('severity = { OR101 = "fatal" }', "[lint] severity.OR101: 'fatal' is not one of"),
        ('severity = { X = "error" }', "[lint] severity: 'X' is not a rule code"),
        ('phrases = { bogus = ["a"] }', "[lint] phrases.bogus: not a category"),
    ],
)
@pytest.mark.parametrize(
    "command", [("draft", "p.toml"), ("ask", "p.toml", "--request", "a call", "--given", "x")]
)
def test_a_bad_lint_policy_is_refused_by_the_commands_that_check_drafts(
    command: tuple[str, ...], lint: str, message: str
) -> None:
    prospect_file()
    Path("c.toml").write_text(f"[lint]\n{lint}\n")
    result = run(*command, "--dry-run", "--config", "c.toml")
    assert result.exit_code == 2
    assert f"c.toml: {message}" in result.output


@pytest.mark.httpx2(assert_all_called=False)
def test_a_line_break_in_the_email_is_refused_before_the_draft_not_at_the_eml_header(
    httpx2_mock: respx.Router,
) -> None:
    route = httpx2_mock.post(f"{BASE}/chat/completions").mock(return_value=httpx.Response(500))
    Path("p.toml").write_text('name = "Ana"\nemail = "ana@example.com\\nBcc: x@example.com"\n')
    result = run("draft", "p.toml", "--gift", "a report", "--format", "eml", "--base-url", BASE,
                 OPENAI_API_KEY=KEY)  # fmt: skip
    assert result.exit_code == 2
    assert "p.toml: field 'email' 'ana@example.com Bcc: x@example.com' is not an email" in (
        result.output
    )
    assert not route.called


def test_batch_ask_with_an_unusable_ledger_stops_before_the_rows() -> None:
    Path("notes.db").write_text("not a database\n")
    result = run("batch", str(leads()), "--out", "r.jsonl", "--step", "ask", "--request",
                 "a 15-minute call", "--ledger", "notes.db", "--base-url",
                 "http://127.0.0.1:9/v1", OPENAI_API_KEY=KEY)  # fmt: skip
    assert result.exit_code == 2
    assert "notes.db: not a usable ledger database" in result.output
    assert not Path("r.jsonl").exists()


@pytest.mark.parametrize("content", [b"{bad", b'{"id": "job-1"}', b"\xff", b"[1]"])
@pytest.mark.parametrize("command", ["status", "collect"])
def test_a_damaged_batch_job_file_is_one_line(command: str, content: bytes) -> None:
    from outreach.batch.batchapi import jobs_dir

    folder = jobs_dir() / "job-1"
    folder.mkdir(parents=True)
    (folder / "job.json").write_bytes(content)
    result = run("batch", command, "job-1")
    assert result.exit_code == 2
    assert "job-1/job.json: the job file is damaged" in result.output


def test_batch_api_with_the_embedded_model_is_a_usage_error() -> None:
    result = run("batch", str(leads()), "--out", "r.jsonl", "--via", "batch-api", "--provider",
                 "local", "--base-url", "http://127.0.0.1:9/v1")  # fmt: skip
    assert result.exit_code == 2
    assert "the embedded local model has no Batch API; use --via direct" in result.output


# ---------------------------------------------------------------- output


def test_stdout_on_a_full_disk_is_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import errno
    import io
    import sys

    from outreach.cli import main

    class FullDisk(io.StringIO):
        def write(self, text: str) -> int:
            raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(sys, "argv", ["outreach", "rules"])
    monkeypatch.setattr(sys, "stdout", FullDisk())
    with pytest.raises(SystemExit) as exited:
        main()
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert err == "Error: a write failed: No space left on device; free some space and run again\n"


def test_log_reply_with_no_ask_to_answer_records_nothing() -> None:
    from outreach.ledger import Ledger

    result = run("log", "reply", "pria@example.com", "yes", "--ledger", "l.db")
    assert result.exit_code == 2
    assert "no ask recorded for pria@example.com, so there is nothing to reply to" in (
        result.output
    )
    with Ledger.open("l.db") as ledger:
        assert ledger.count() == 0
    assert run("log", "ask", "pria@example.com", "a call", "--ledger", "l.db").exit_code == 0
    assert run("log", "reply", "pria@example.com", "yes", "--ledger", "l.db").exit_code == 0


@pytest.mark.httpx2(assert_all_called=False)
@pytest.mark.parametrize(
    ("flags", "message"),
    [
        (("--request", "  "), "--request is empty; say what you will ask for"),
        (("--request", "frobnicate", "--strategy", "retreat"),
         "--strategy retreat needs a larger request to open with"),
        (("--request", "a call", "--strategy", "retreat", "--anchor", " "), "--anchor is empty"),
    ],
)  # fmt: skip
def test_sequence_checks_the_ask_before_paying_for_steps_1_and_2(
    flags: tuple[str, ...], message: str, httpx2_mock: respx.Router
) -> None:
    route = httpx2_mock.post(f"{BASE}/chat/completions").mock(return_value=httpx.Response(500))
    prospect_file()
    result = run("sequence", "p.toml", *flags, "--base-url", BASE, OPENAI_API_KEY=KEY)
    assert result.exit_code == 2
    assert message in result.output
    assert not route.called


def test_a_ledger_failing_after_the_draft_still_shows_the_draft(
    httpx2_mock: respx.Router, monkeypatch: pytest.MonkeyPatch
) -> None:
    import outreach.ledger

    def locked(*args: object, **kwargs: object) -> None:
        raise InputError("l.db: the ledger is locked by another process")

    email = {"subject": "The figures you mentioned", "body": "Hi,\n\nA summary, yours to keep."}
    route = httpx2_mock.post(f"{BASE}/chat/completions").mock(return_value=completion(email))
    monkeypatch.setattr(outreach.ledger, "record_gift", locked)
    prospect_file()
    result = run("draft", "p.toml", "--gift", "a summary", "--record", "--ledger", "l.db",
                 "--base-url", BASE, OPENAI_API_KEY=KEY)  # fmt: skip
    assert route.called
    assert result.exit_code == 2
    assert "Subject: The figures you mentioned" in result.output
    assert "the ledger is locked by another process" in result.output


def test_log_thanks_without_what_prints_no_dangling_colon() -> None:
    result = run("log", "thanks", "pria@example.com", "--ledger", "l.db")
    assert result.exit_code == 0
    assert result.output.startswith("recorded thanks #1 for pria@example.com at ")
    assert not result.output.rstrip("\n").endswith(":")


@pytest.mark.parametrize("command", ["draft", "gifts"])
def test_a_bad_proportion_ladder_names_the_config_file(command: str) -> None:
    prospect_file()
    Path("c.toml").write_text('[proportion]\nfits = { token = "yacht" }\n')
    result = run(command, "p.toml", "--dry-run", "--config", "c.toml")
    assert result.exit_code == 2
    assert "c.toml: [proportion] fits.token: 'yacht' is not a rung of the ladder" in result.output
