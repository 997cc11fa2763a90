"""`log`, `history`, `ask`, `thank` and `sequence` through the CLI, the model mocked."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest
import respx
from click.testing import CliRunner, Result

from outreach.cli import cli
from outreach.ledger import Ledger
from tests.helpers import completion
from tests.loop.helpers import FakeClock

ROOT = Path(__file__).resolve().parents[2]
PROSPECT = str(ROOT / "examples" / "prospect.toml")
KEY = "priya.raman@northwind.example"
BASE = "https://api.example.test/v1"
API_KEY = "sk-test-0123456789abcdef"

CONFIG = """
[sender]
name = "Dana Reyes"
company = "Fieldnote Analytics"
email = "dana@fieldnote.example"
assets = ["a benchmark of dock no-show rates", "a yard schedule teardown memo"]
signature = "Dana Reyes\\nFounder, Fieldnote Analytics"
postal_address = "500 Market St, Suite 200, Chicago, IL 60606"
opt_out = "If you'd rather not hear from me, reply no and I won't write again."
"""

ASK_CALL = {
    "subject": "Comparing notes on Joliet",
    "body": "Hi Priya,\n\nIf the benchmark was useful, would a 15-minute call on Thursday"
    " to compare notes on the Joliet cross-dock help? A one-line reply with a time works,"
    " and a no is fine too.",
}
ANCHOR_MEETING = {
    "subject": "A session with your team",
    "body": "Hi Priya,\n\nWould your planners be open to a 45-minute working session with"
    " your team next week to walk through the Joliet schedule together?",
}
RETREAT_CALL = {
    "subject": "Re: A session with your team",
    "body": "Hi Priya,\n\nFair enough, that was a lot to ask. Would a 15-minute call with"
    " just you be more reasonable?",
}
THANKS = {
    "subject": "Thank you for Thursday",
    "body": "Hi Priya,\n\nThank you for taking the call on Thursday. As promised, here is"
    " the yard schedule teardown memo for Joliet, yours to use.",
}
FIRST_TOUCH = {
    "subject": "No-show rates for Joliet",
    "body": "Hi Priya,\n\nYour post on missed dock appointments stayed with me. Here is a"
    " benchmark of no-show rates across warehouses like the Joliet cross-dock; use it"
    " however it helps your team.",
}
PUSHY = {
    "subject": "Quick call",
    "body": "Hi Priya,\n\nAfter everything I've sent over, can we talk this week?",
}


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """An endpoint and key in the environment, a config with a sender; the ledger path."""
    monkeypatch.setenv("OPENAI_API_KEY", API_KEY)
    monkeypatch.setenv("OPENAI_BASE_URL", BASE)
    Path("outreach.toml").write_text(CONFIG, encoding="utf-8")
    return tmp_path / "ledger.sqlite3"


@pytest.fixture
def model(httpx2_mock: respx.Router) -> Any:
    """Queue model answers in order: model(ASK_CALL, ...) returns the route."""

    def queue(*payloads: dict[str, Any]) -> respx.Route:
        return httpx2_mock.post(f"{BASE}/chat/completions").mock(
            side_effect=[completion(p) for p in payloads]
        )

    return queue


def run(clock: FakeClock, *args: str) -> Result:
    return CliRunner().invoke(cli, list(args), obj={"clock": clock})


def sent(route: respx.Route, call: int) -> str:
    body = json.loads(route.calls[call].request.content)
    return "\n".join(m["content"] for m in body["messages"])


def give(clock: FakeClock, ledger: Path, *extra: str) -> None:
    result = run(clock, "log", "give", PROSPECT, "a benchmark of dock no-show rates",
                 "--ledger", str(ledger), *extra)  # fmt: skip
    assert result.exit_code == 0, result.output


# ---------------------------------------------------------------- log and history


def test_log_every_kind_and_show_the_history(env: Path, clock: FakeClock, tmp_path: Path) -> None:
    ledger = str(env)
    message = tmp_path / "sent.txt"
    message.write_text("Hi Priya, here is the benchmark.\n", encoding="utf-8")
    result = run(clock, "log", "give", PROSPECT, "a benchmark", "--tier", "modest",
                 "--channel", "Email", "--subject", "Benchmark", "--message-file", str(message),
                 "--ledger", ledger)  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.output == f"recorded gift #1 for {KEY} at 2030-03-04 09:00: a benchmark\n"
    clock.advance(days=3)
    result = run(clock, "log", "ask", KEY, "a 15-minute call", "--ledger", ledger)
    assert result.output == f"recorded ask #2 for {KEY} at 2030-03-07 09:00: a 15-minute call\n"
    result = run(clock, "log", "reply", KEY, "yes", "--note", "Thursday", "--ledger", ledger,
                 "--on", "2030-03-08T10:30")  # fmt: skip
    assert result.output == f"recorded reply #3 for {KEY} at 2030-03-08 10:30: yes: Thursday\n"
    result = run(clock, "log", "thanks", KEY, "took the call", "--ledger", ledger,
                 "--format", "json")  # fmt: skip
    event = json.loads(result.output)["event"]
    assert (event["kind"], event["what"]) == ("thanks", "took the call")

    result = run(clock, "history", PROSPECT, "--ledger", ledger)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[1:] == [
        "2030-03-04 09:00  gift    a benchmark [modest, email]",
        "2030-03-07 09:00  ask     a 15-minute call [call, direct]",
        "2030-03-07 09:00  thanks  took the call",
        "2030-03-08 10:30  reply   yes: Thursday",
        "next: thank them",
    ]
    data = json.loads(run(clock, "history", KEY, "--ledger", ledger, "--format", "json").output)
    assert [e["kind"] for e in data["events"]] == ["gift", "ask", "thanks", "reply"]
    assert data["events"][0]["message"] == "Hi Priya, here is the benchmark.\n"
    assert data["events"][0]["subject"] == "Benchmark"


def test_log_ask_sizes_strategies_and_unplaceable_text(env: Path, clock: FakeClock) -> None:
    ledger = str(env)
    result = run(clock, "log", "ask", KEY, "the pilot", "--size", "trial", "--strategy",
                 "anchor", "--ledger", ledger, "--format", "json")  # fmt: skip
    event = json.loads(result.output)["event"]
    assert (event["size"], event["strategy"]) == ("trial", "anchor")
    result = run(clock, "log", "ask", KEY, "the thing we discussed", "--ledger", ledger)
    assert result.exit_code == 0
    assert "could not place 'the thing we discussed' on the ladder" in result.stderr
    result = run(clock, "log", "ask", KEY, "x", "--size", "lunch", "--ledger", ledger)
    assert result.exit_code == 2
    assert "--size 'lunch' is not a rung of the ladder" in result.stderr


@pytest.mark.parametrize(
    ("events", "next_line"),
    [
        ([], None),
        ([("give",)], "next: ask (the gift went out 24 hours ago; the window opens on 2030-03-06"),
        ([("give",), ("ask",)], "next: wait for a reply"),
        ([("give",), ("ask",), ("no",)], "next: give something new before any further ask"),
        ([("give",), ("anchor",), ("no",)], "next: retreat to the smaller, real request"),
        ([("give",), ("ask",), ("yes",), ("thanks",)], "next: give again"),
    ],
)
def test_history_says_what_comes_next(
    env: Path, clock: FakeClock, events: list[tuple[str]], next_line: str | None
) -> None:
    ledger = str(env)
    for (kind,) in events:
        args = {
            "give": ["give", KEY, "a benchmark"],
            "ask": ["ask", KEY, "a call"],
            "anchor": ["ask", KEY, "a meeting", "--strategy", "anchor"],
            "no": ["reply", KEY, "no"],
            "yes": ["reply", KEY, "yes"],
            "thanks": ["thanks", KEY],
        }[kind]
        assert run(clock, "log", *args, "--ledger", ledger).exit_code == 0
        clock.advance(days=1)
    result = run(clock, "history", KEY, "--ledger", ledger)
    assert result.exit_code == 0
    if next_line is None:
        assert result.output == f"no events for {KEY} in {ledger}\n"
        assert not env.exists()  # reading never creates a ledger
    else:
        assert result.output.splitlines()[-1].startswith(next_line)


def test_ledger_path_from_env_and_config(
    env: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    configured = tmp_path / "configured.sqlite3"
    Path("outreach.toml").write_text(CONFIG + f'\n[ledger]\npath = "{configured}"\n')
    assert run(clock, "log", "give", KEY, "from config").exit_code == 0
    from_env = tmp_path / "env.sqlite3"
    monkeypatch.setenv("OUTREACH_LEDGER", str(from_env))
    assert run(clock, "log", "give", KEY, "from env").exit_code == 0
    for path, what in ((configured, "from config"), (from_env, "from env")):
        with Ledger.open(path) as ledger:
            assert [g.what for g in ledger.history(KEY).gifts] == [what]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["log", "give", "nobody", "x"], "nobody: not a prospect file, an email address"),
        (["log", "give", KEY, "x", "--on", "next week"], "--on 'next week': expected a date"),
        (["log", "give", "missing.toml", "x"], "missing.toml: prospect file not found"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(
    env: Path, clock: FakeClock, args: list[str], message: str
) -> None:
    result = run(clock, *args, "--ledger", str(env))
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.output


# ---------------------------------------------------------------- ask


def test_ask_in_the_window_drafts_checks_and_records(
    env: Path, clock: FakeClock, model: Any
) -> None:
    give(clock, env, "--tier", "token")
    clock.advance(days=3)
    route = model(ASK_CALL)
    result = run(clock, "ask", PROSPECT, "--request", "a 15-minute call to compare notes",
                 "--record", "--ledger", str(env))  # fmt: skip
    assert result.exit_code == 0, result.output
    assert route.call_count == 1
    prompt = sent(route, 0)
    assert '<request>\n"a 15-minute call to compare notes"\n</request>' in prompt
    assert "its size: a 15-minute call" in prompt
    out = result.stdout
    assert out.startswith("Ask Priya Raman: a 15-minute call to compare notes (a 15-minute call)")
    assert "Window: 2030-03-06 to 2030-03-10" in out
    assert "Timing: the gift went out 3 days ago; the window is open until 2030-03-10" in out
    assert "Proportion: fits (a token gift supports up to a 15-minute call)" in out
    assert "Subject: Comparing notes on Joliet" in out
    assert "500 Market St" in out  # write_message appended the signature block
    assert "Checker: clean." in out
    assert "warning" not in result.stderr
    assert "recorded ask #2 (direct)" in result.stderr
    with Ledger.open(env) as ledger:
        asked = ledger.history(KEY).last_ask
    assert asked is not None
    assert (asked.what, asked.size, asked.subject) == (
        "a 15-minute call to compare notes",
        "call",
        "Comparing notes on Joliet",
    )


def test_ask_too_soon_warns_with_the_dates(env: Path, clock: FakeClock, model: Any) -> None:
    give(clock, env)
    clock.advance(hours=2)
    route = model(ASK_CALL)
    result = run(clock, "ask", PROSPECT, "--request", "a 15-minute call", "--format", "json",
                 "--ledger", str(env))  # fmt: skip
    assert result.exit_code == 0, result.output
    assert route.call_count == 1
    data = json.loads(result.stdout)
    assert data["timing"]["status"] == "too-soon"
    assert data["timing"]["message"].startswith(
        "the gift went out 2 hours ago; the window opens on 2030-03-06"
    )
    assert [w["rule"] for w in data["warnings"]] == ["OR601"]
    (message,) = data["messages"]
    assert "OR601" in [f["rule"] for f in message["findings"]]
    assert data["recorded"] == []
    assert data["usage"]["requests"] == 1


def test_an_unusable_revision_of_an_ask_is_reported_with_the_message(
    env: Path, clock: FakeClock, model: Any
) -> None:
    give(clock, env)
    clock.advance(days=3)
    garbage = {"subject": "Comparing notes", "body": "{"}
    pushy = {  # a quid-pro-quo: the checker asks for a revision
        "subject": "Comparing notes on Joliet",
        "body": "Hi Priya,\n\nI sent you the benchmark, so you owe me a 15-minute call on"
        " Thursday. Return the favor and book a time.",
    }
    route = model(pushy, garbage, garbage)
    result = run(clock, "ask", PROSPECT, "--request", "a 15-minute call", "--format", "json",
                 "--ledger", str(env))  # fmt: skip
    assert result.exit_code == 0, result.output
    assert route.call_count == 3  # the ask, its revision, the revision sent back once
    (message,) = json.loads(result.stdout)["messages"]
    assert message["body"].startswith(pushy["body"]) and message["revised"] is False
    assert message["revision_error"] == "`body` has no words"
    assert message["findings"]


def test_ask_without_a_ledger_uses_given_and_creates_nothing(
    env: Path, clock: FakeClock, model: Any
) -> None:
    route = model(ASK_CALL)
    result = run(clock, "ask", PROSPECT, "--request", "a pilot at Joliet", "--given",
                 "a teardown memo", "--given-on", "2030-02-01", "--tier", "modest",
                 "--channel", "mail", "--ledger", str(env), "--format", "json")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert route.call_count == 1
    data = json.loads(result.stdout)
    assert data["gift"]["what"] == "a teardown memo"
    assert data["gift"]["channel"] == "mail"
    assert data["window"]["earliest"] == "2030-02-06"  # two days, plus three in the post
    assert data["timing"]["status"] == "too-late"
    assert data["proportion"] == {
        "size": "trial",
        "allowed": "meeting",
        "fits": False,
        "reason": "a modest gift supports up to a meeting with their team",
        "suggestion": "ask for a meeting with their team instead",
    }
    assert sorted(w["rule"] for w in data["warnings"]) == ["OR602", "OR701"]
    assert not env.exists()


def test_relationship_context_widens_the_window(env: Path, clock: FakeClock, model: Any) -> None:
    give(clock, env)
    clock.advance(days=3)
    model(ASK_CALL)
    result = run(clock, "ask", "--name", "Priya Raman", "--email", KEY, "--request",
                 "a 15-minute call", "--context", "relationship", "--ledger", str(env),
                 "--format", "json")  # fmt: skip
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert (data["window"]["earliest"], data["window"]["latest"]) == ("2030-03-09", "2030-03-25")
    assert data["timing"]["status"] == "too-soon"


def test_escalation_after_a_no_is_flagged(env: Path, clock: FakeClock, model: Any) -> None:
    give(clock, env, "--tier", "substantial")
    for args in (["ask", KEY, "a 15-minute call"], ["reply", KEY, "no"]):
        clock.advance(days=3)
        assert run(clock, "log", *args, "--ledger", str(env)).exit_code == 0
    model(ANCHOR_MEETING)
    result = run(clock, "ask", PROSPECT, "--request", "a working session with your team",
                 "--ledger", str(env))  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "warning: OR702 this asks for a meeting with their team after a no to a" in (
        result.stderr
    )
    assert "warning: OR604 nothing new was given since the previous ask on 2030-03-07" in (
        result.stderr
    )
    assert "OR702 [error]" in result.stdout


def test_a_draft_with_errors_is_revised_once(env: Path, clock: FakeClock, model: Any) -> None:
    give(clock, env)
    clock.advance(days=3)
    route = model(PUSHY, ASK_CALL)
    result = run(clock, "ask", PROSPECT, "--request", "a 15-minute call", "--ledger", str(env),
                 "--format", "json")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert route.call_count == 2
    assert "After everything I've sent over" in sent(route, 1)  # the revise prompt
    (message,) = json.loads(result.stdout)["messages"]
    assert message["revised"] is True
    assert message["subject"] == ASK_CALL["subject"]


def test_retreat_drafts_the_anchor_and_the_concession(
    env: Path, clock: FakeClock, model: Any
) -> None:
    give(clock, env, "--tier", "token")
    clock.advance(days=3)
    route = model(ANCHOR_MEETING, RETREAT_CALL)
    result = run(clock, "ask", PROSPECT, "--request", "a 15-minute call", "--strategy",
                 "retreat", "--record", "--ledger", str(env), "--format", "markdown")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert route.call_count == 2
    assert '<request>\n"a meeting with their team"\n</request>' in sent(route, 0)
    assert "opening request of a negotiation" in sent(route, 0)
    assert '<anchor>\n"a meeting with their team"\n</anchor>' in sent(route, 1)
    assert "### 1. The opening request: a meeting with their team" in result.stdout
    assert "### 2. The retreat (send only after a no to the opening request)" in result.stdout
    assert "warning" not in result.stderr  # a one-rung anchor over a token gift is fine
    assert "outreach log ask" in result.stderr
    with Ledger.open(env) as ledger:
        asked = ledger.history(KEY).last_ask
    assert asked is not None
    assert (asked.strategy, asked.size, asked.what) == (
        "anchor",
        "meeting",
        "a meeting with their team",
    )


def test_an_absurd_anchor_is_flagged(env: Path, clock: FakeClock) -> None:
    give(clock, env)
    clock.advance(days=3)
    result = run(clock, "ask", PROSPECT, "--request", "a 15-minute call", "--strategy",
                 "retreat", "--anchor", "sign a three-year contract", "--dry-run",
                 "--ledger", str(env))  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "warning: OR704 the opening request (a purchase or contract) is 3 rungs above" in (
        result.stderr
    )
    assert "===== step4_make_request: system =====" in result.stdout
    assert "===== step4_retreat: user =====" in result.stdout


def test_ask_dry_run_needs_no_key(
    clock: FakeClock, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    result = run(clock, "ask", PROSPECT, "--request", "a reply", "--given", "a memo",
                 "--dry-run", "--format", "json", "--ledger", str(tmp_path / "l"))  # fmt: skip
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["dry_run"] is True
    assert [p["step"] for p in data["prompts"]] == ["step4_make_request"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--request", " "], "--request is empty"),
        (["--request", "a call", "--anchor", "a demo"], "--anchor goes with --strategy retreat"),
        (["--request", "a call", "--strategy", "retreat", "--anchor", " "], "--anchor is empty"),
        (["--request", "a contract", "--strategy", "retreat"], "give --anchor TEXT"),
        (["--request", "a call", "--size", "lunch"], "--size 'lunch' is not a rung"),
        (["--request", "a call", "--given-on", "soon"], "--given-on 'soon': expected a date"),
    ],
)
def test_ask_usage_errors(env: Path, clock: FakeClock, args: list[str], message: str) -> None:
    result = run(clock, "ask", PROSPECT, *args, "--dry-run", "--ledger", str(env))
    assert result.exit_code == 2
    assert message in result.stderr


# ---------------------------------------------------------------- thank


def test_thank_after_a_yes_from_the_ledger(env: Path, clock: FakeClock, model: Any) -> None:
    give(clock, env)
    for args in (["ask", KEY, "a 15-minute call"], ["reply", KEY, "yes", "--note", "Thursday"]):
        clock.advance(days=3)
        assert run(clock, "log", *args, "--ledger", str(env)).exit_code == 0
    route = model(THANKS)
    result = run(clock, "thank", PROSPECT, "--record", "--ledger", str(env))
    assert result.exit_code == 0, result.output
    assert route.call_count == 1
    prompt = sent(route, 0)
    assert '"said yes to a 15-minute call (Thursday)"' in prompt
    # The next value comes from the assets not given yet.
    assert '<next_value>\n[\n  "a yard schedule teardown memo"\n]' in prompt
    assert "No new ask of any kind" in prompt
    assert result.stdout.startswith("Thanks for: said yes to a 15-minute call (Thursday)")
    assert "recorded thanks #4" in result.stderr
    with Ledger.open(env) as ledger:
        (thanks,) = ledger.history(KEY).thanks
    assert thanks.subject == THANKS["subject"]


def test_thank_with_reciprocated_and_json(env: Path, clock: FakeClock, model: Any) -> None:
    model(THANKS)
    result = run(clock, "thank", PROSPECT, "--reciprocated", "introduced me to her COO",
                 "--format", "json", "--ledger", str(env))  # fmt: skip
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["reciprocated"] == "introduced me to her COO"
    assert data["recorded"] is None
    assert data["role"] == "thanks"


def test_thank_without_a_yes_says_what_to_do(env: Path, clock: FakeClock) -> None:
    result = run(clock, "thank", PROSPECT, "--ledger", str(env))
    assert result.exit_code == 2
    assert f"the ledger has no yes from {KEY}" in result.stderr
    assert "--reciprocated TEXT" in result.stderr


def test_thank_dry_run(clock: FakeClock, tmp_path: Path) -> None:
    result = run(clock, "thank", PROSPECT, "--reciprocated", "took the call", "--dry-run",
                 "--ledger", str(tmp_path / "l"))  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "===== step5_reinforce: system =====" in result.stdout


# ---------------------------------------------------------------- sequence


def test_sequence_markdown_with_a_given_gift(env: Path, clock: FakeClock, model: Any) -> None:
    route = model(FIRST_TOUCH, ASK_CALL, THANKS)
    result = run(clock, "sequence", PROSPECT, "--request", "a 15-minute call", "--gift",
                 "a benchmark of dock no-show rates", "--tier", "modest",
                 "--start", "2030-04-01")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert route.call_count == 3
    headings = [line for line in result.stdout.splitlines() if line.startswith("## ")]
    assert headings == [
        "## 1. 2030-04-01: Give: send the first-touch email delivering a benchmark of dock"
        " no-show rates",
        "## 2. 2030-04-03 to 2030-04-10: Ask: a 15-minute call",
        "## 3. 2030-04-04, after the yes: Thank them and give the next piece of value",
    ]
    assert "- Ask window: 2030-04-03 to 2030-04-10" in result.stdout
    assert "- Warning:" not in result.stdout
    assert "**Subject:** No-show rates for Joliet" in result.stdout


def test_sequence_json_runs_step_one_and_the_retreat(
    env: Path, clock: FakeClock, model: Any
) -> None:
    ideas = {
        "gifts": [
            {
                "what": "a yard schedule teardown memo for Joliet",
                "why": "she wrote about missed dock appointments",
                "effort": "hours",
                "value_tier": "substantial",
                "grounded_in": [],
                "needs_human": [],
            }
        ],
        "missing": [],
    }
    route = model(ideas, FIRST_TOUCH, ANCHOR_MEETING, RETREAT_CALL, THANKS)
    result = run(clock, "sequence", PROSPECT, "--request", "a 15-minute call", "--strategy",
                 "retreat", "--anchor", "a working session with your team", "--pick", "1",
                 "--format", "json")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert route.call_count == 5
    data = json.loads(result.stdout)
    assert data["start"] == "2030-03-04"  # today, from the clock
    assert [s["kind"] for s in data["steps"]] == ["gift", "anchor", "retreat", "thanks"]
    assert [s["date"] for s in data["steps"]] == [
        "2030-03-04",
        "2030-03-06",
        "2030-03-08",
        "2030-03-09",
    ]
    assert data["window"]["latest"] == "2030-03-18"  # substantial: five more days
    assert data["steps"][2]["condition"] == "only after a no to the opening request"
    assert data["steps"][1]["message"]["subject"] == ANCHOR_MEETING["subject"]
    assert data["warnings"] == []


def unfold(text: str) -> list[str]:
    return text.replace("\r\n ", "").split("\r\n")


def test_sequence_ics_is_a_valid_calendar(env: Path, clock: FakeClock, model: Any) -> None:
    model(FIRST_TOUCH, ASK_CALL, THANKS)
    result = run(clock, "sequence", PROSPECT, "--request", "a 15-minute call, no pressure; really",
                 "--gift", "a benchmark", "--start", "2030-04-01", "--format", "ics")  # fmt: skip
    assert result.exit_code == 0, result.output
    raw = result.stdout_bytes.decode("utf-8")
    assert raw.endswith("\r\n")
    assert "\n" not in raw.replace("\r\n", "")  # every line ends in CRLF
    assert all(len(line.encode()) <= 75 for line in raw.split("\r\n"))
    lines = unfold(raw)[:-1]
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
    assert "VERSION:2.0" in lines and any(line.startswith("PRODID:") for line in lines)
    stack: list[str] = []
    events: list[dict[str, str]] = []
    for line in lines:
        name, _, value = line.partition(":")
        assert re.fullmatch(r"[A-Z-]+(;[A-Z-]+=[^;:]+)*", name), line
        if name == "BEGIN":
            stack.append(value)
            if value == "VEVENT":
                events.append({})
        elif name == "END":
            assert stack.pop() == value
        elif stack[-1] == "VEVENT":
            events[-1][name] = value
    assert stack == []
    assert lines.count("BEGIN:VALARM") == len(events) == 3
    assert [e["DTSTART;VALUE=DATE"] for e in events] == ["20300401", "20300403", "20300404"]
    assert events[1]["DTEND;VALUE=DATE"] == "20300411"  # the ask spans its window
    assert len({e["UID"] for e in events}) == 3
    assert all(e["DTSTAMP"] == "20300304T090000Z" for e in events)
    assert "Ask: a 15-minute call\\, no pressure\\; really" in events[1]["SUMMARY"]
    assert "\\n\\nSubject: Comparing notes on Joliet\\n\\nHi Priya\\," in events[1]["DESCRIPTION"]


def test_sequence_usage_errors(clock: FakeClock) -> None:
    result = run(clock, "sequence", PROSPECT, "--request", "a call", "--tier", "token")
    assert result.exit_code == 2
    assert "--tier goes with --gift" in result.stderr
    result = run(clock, "sequence", PROSPECT, "--request", "a call", "--gift", "x", "--pick", "2")
    assert "give either --gift or --pick" in result.stderr


# ---------------------------------------------------------------- lint reads the ledger


def test_lint_at_the_ask_stage_reads_the_ledger(env: Path, clock: FakeClock) -> None:
    give(clock, env, "--tier", "token")
    clock.advance(hours=2)
    copy = Path("ask.txt")
    copy.write_text("Hi Priya,\n\nCould we start a two-week pilot at Joliet?\n", encoding="utf-8")
    args = ["lint", str(copy), "--stage", "ask", "--format", "json", "--ledger", str(env)]
    result = run(clock, *args, "--prospect", PROSPECT, "--select", "timing,proportion")
    assert result.exit_code == 0, result.output  # warnings only
    findings = json.loads(result.stdout)["findings"]
    assert [(f["rule"], f["line"], f["column"]) for f in findings] == [
        ("OR601", 3, 18),
        ("OR701", 3, 18),
    ]
    assert findings[0]["message"].startswith("the gift went out 2 hours ago; the window opens on")
    # Without a prospect there is no history to read; at first-touch the rules do not run.
    without = run(clock, *args, "--select", "timing,proportion")
    assert json.loads(without.stdout)["findings"] == []
    first_touch = run(clock, "lint", str(copy), "--prospect", PROSPECT, "--format", "json",
                      "--ledger", str(env), "--select", "timing,proportion")  # fmt: skip
    assert json.loads(first_touch.stdout)["findings"] == []


# ---------------------------------------------------------------- the remaining flags


def test_ask_with_endpoint_flags_config_and_an_explicit_size(
    clock: FakeClock, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, httpx2_mock: respx.Router
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", API_KEY)
    config = tmp_path / "team.toml"
    config.write_text(CONFIG, encoding="utf-8")
    other = "https://other.example.test/v1"
    route = httpx2_mock.post(f"{other}/chat/completions").mock(return_value=completion(ASK_CALL))
    result = run(clock, "ask", PROSPECT, "--request", "the thing we discussed", "--size", "call",
                 "--given", "a memo", "--base-url", other, "--model", "small-model",
                 "--config", str(config), "--ledger", str(tmp_path / "l"),
                 "--format", "json")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert route.call_count == 1
    assert json.loads(route.calls[0].request.content)["model"] == "small-model"
    data = json.loads(result.stdout)
    assert data["request"] == {"text": "the thing we discussed", "size": "call"}
    assert data["timing"] is None  # --given without --given-on: no date to judge
    assert data["warnings"] == []
    assert data["proportion"]["fits"] is True


def test_ask_that_cannot_be_placed_says_so(env: Path, clock: FakeClock) -> None:
    result = run(clock, "ask", PROSPECT, "--request", "the thing we discussed", "--dry-run",
                 "--ledger", str(env))  # fmt: skip
    assert result.exit_code == 0
    assert "could not place --request on the request ladder; give --size" in result.stderr
    assert "warning: OR603 nothing was given to" in result.stderr


def test_thank_markdown(env: Path, clock: FakeClock, model: Any) -> None:
    model(THANKS)
    result = run(clock, "thank", PROSPECT, "--reciprocated", "took the call", "--format",
                 "markdown", "--ledger", str(env))  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "### The thank-you" in result.stdout
    assert f"**Subject:** {THANKS['subject']}" in result.stdout


def test_sequence_and_history_in_a_relationship_context(
    env: Path, clock: FakeClock, model: Any
) -> None:
    model(FIRST_TOUCH, ASK_CALL, THANKS)
    result = run(clock, "sequence", PROSPECT, "--request", "a 15-minute call", "--gift", "a memo",
                 "--context", "relationship", "--format", "json")  # fmt: skip
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert (data["window"]["earliest"], data["window"]["latest"]) == ("2030-03-09", "2030-03-25")
    give(clock, env)
    clock.advance(days=3)
    sales = run(clock, "history", KEY, "--ledger", str(env)).output.splitlines()[-1]
    relationship = run(clock, "history", KEY, "--context", "relationship", "--ledger", str(env))
    assert "the window is open until 2030-03-13" in sales
    assert "the window opens on 2030-03-09" in relationship.output.splitlines()[-1]


def test_record_first_touch_is_what_draft_record_calls(env: Path, clock: FakeClock) -> None:
    import click

    from outreach.cli.loop import record_first_touch
    from outreach.config import Settings
    from outreach.drafting import Drafted, FirstTouch
    from outreach.models import Gift, Prospect, Usage, Window

    touch = FirstTouch(
        Gift("a benchmark", value_tier="modest"),
        Drafted("No-show rates", "Hi Priya, ...", (), False, Usage()),
        Window(dt.date(2030, 3, 6), dt.date(2030, 3, 13)),
    )
    prospect = Prospect(name="Priya Raman", email=KEY)
    with click.Context(click.Command("draft"), obj={"clock": clock}):
        event = record_first_touch(
            prospect, touch, settings=Settings(), ledger_path=str(env), sent_on=dt.date(2030, 3, 5)
        )
    assert (event.what, event.value_tier, event.subject) == (
        "a benchmark",
        "modest",
        "No-show rates",
    )
    assert event.at == dt.datetime(2030, 3, 5, tzinfo=dt.UTC)
    with Ledger.open(env, clock=clock) as ledger:
        assert ledger.history(KEY).gifts == (event,)


def test_a_given_gift_takes_its_place_in_time(env: Path, clock: FakeClock) -> None:
    give(clock, env)
    clock.advance(days=3)
    assert run(clock, "log", "ask", KEY, "a 15-minute call", "--ledger", str(env)).exit_code == 0
    clock.advance(days=2)
    # A gift dated before the last ask is not new value since it.
    before = run(clock, "ask", PROSPECT, "--request", "a 15-minute call", "--given", "a memo",
                 "--given-on", "2030-03-05", "--dry-run", "--ledger", str(env))  # fmt: skip
    assert "warning: OR604 nothing new was given since the previous ask" in before.stderr
    after = run(clock, "ask", PROSPECT, "--request", "a 15-minute call", "--given", "a memo",
                "--given-on", "2030-03-08", "--dry-run", "--ledger", str(env))  # fmt: skip
    assert "OR604" not in after.stderr


def test_sequence_shows_a_disproportionate_plan(env: Path, clock: FakeClock, model: Any) -> None:
    model(FIRST_TOUCH, ASK_CALL, THANKS)
    result = run(clock, "sequence", PROSPECT, "--request", "a two-week pilot", "--gift", "a memo",
                 "--tier", "token", "--start", "2030-04-01")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert (
        "- Warning: OR701 this asks for a trial ('two-week pilot'), but a token gift supports up"
        " to a 15-minute call; ask for a 15-minute call instead"
    ) in result.stdout


def test_a_gift_given_live_is_asked_on_in_the_same_conversation(
    env: Path, clock: FakeClock
) -> None:
    clock.advance(minutes=20)  # 09:20; the gift was handed over on a call
    args = ["ask", PROSPECT, "--request", "a 15-minute call", "--given", "a teardown",
            "--channel", "call", "--dry-run", "--ledger", str(env), "--given-on"]  # fmt: skip
    in_time = run(clock, *args, "2030-03-04T09:00")
    assert in_time.exit_code == 0, in_time.output
    assert "warning" not in in_time.stderr
    late = run(clock, *args, "2030-03-04T07:00")
    assert "warning: OR602 the gift went out 2 hours ago; the window closed at 08:00" in late.stderr


def test_the_plan_and_the_checker_weigh_the_gifts_alike(
    env: Path, clock: FakeClock, model: Any
) -> None:
    give(clock, env, "--tier", "substantial")
    clock.advance(days=16)
    give(clock, env, "--tier", "token")
    clock.advance(days=3)
    model(ASK_CALL)
    result = run(clock, "ask", PROSPECT, "--request", "a two-week trial", "--ledger", str(env),
                 "--format", "json")  # fmt: skip
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    flagged = any(w["rule"] == "OR701" for w in data["warnings"])
    assert data["proportion"]["fits"] is not flagged  # one verdict, not two
