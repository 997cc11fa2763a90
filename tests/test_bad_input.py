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
