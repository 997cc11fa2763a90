"""`outreach lint` and `outreach rules` end to end: exit codes and exact output."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from outreach.cli import cli

ROOT = Path(__file__).resolve().parents[2]

BRIBE = "Hi Sam,\n\nHere's a $50 Amazon gift card to say thanks.\n\nDana\n"
CLEAN = "Hi Sam,\n\nThe memo on your dock schedule is attached.\n\nDana\n"


def run(*args: str, input: str | bytes | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), input=input)
    return result.exit_code, result.stdout, result.stderr


def write(path: Path, text: str | bytes) -> str:
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return str(path)


def test_text_format_prints_location_source_caret_and_summary(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", BRIBE)
    code, out, err = run("lint", path)
    assert code == 1
    assert out == (
        f"{path}:3:10: OR101 [error] cash or a cash equivalent is offered: "
        '"$50 Amazon gift card"\n'
        "  Here's a $50 Amazon gift card to say thanks.\n"
        "           ^^^^^^^^^^^^^^^^^^^^\n"
        "  help: give something of use instead of money: a finding, a teardown, an introduction\n"
    )
    assert err == "1 finding (1 error); 1 email checked.\n"


def test_clean_file_exits_zero(tmp_path: Path) -> None:
    code, out, err = run("lint", write(tmp_path / "a.txt", CLEAN))
    assert (code, out, err) == (0, "", "No findings; 1 email checked.\n")


def test_exit_zero_and_fail_on(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", BRIBE)
    assert run("lint", "--exit-zero", path)[0] == 0
    assert run("lint", "--fail-on", "never", path)[0] == 0
    opener = write(tmp_path / "b.txt", "I hope this email finds you well.\n")
    assert run("lint", opener)[0] == 0  # a warning does not reach the default fail-on
    assert run("lint", "--fail-on", "warning", opener)[0] == 1


def test_json_is_one_sorted_object(tmp_path: Path) -> None:
    write(tmp_path / "b.txt", "Hi {{first_name}},\n\nHere's a gift card for you.\n")
    write(tmp_path / "a.txt", BRIBE)
    code, out, _ = run("lint", "--format", "json", str(tmp_path))
    assert code == 1
    data = json.loads(out)
    keys = [(f["path"], f["line"], f["column"], f["rule"]) for f in data["findings"]]
    assert keys == sorted(keys)
    assert [k[3] for k in keys] == ["OR101", "OR301", "OR101"]
    first = data["findings"][0]
    assert {"path", "line", "column", "rule", "category", "severity", "message"} <= set(first)
    assert first["category"] == "bribe" and first["severity"] == "error"
    assert data["summary"] == {"emails": 2, "findings": 3, "error": 3, "warning": 0, "info": 0}


def test_sarif_is_2_1_0_with_rules_and_regions(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", BRIBE)
    code, out, _ = run("lint", "--format", "sarif", path)
    sarif = json.loads(out)
    assert code == 1
    assert sarif["version"] == "2.1.0"
    assert sarif["$schema"].endswith("sarif-2.1.0.json")
    run_ = sarif["runs"][0]
    rules = run_["tool"]["driver"]["rules"]
    result = run_["results"][0]
    assert rules[result["ruleIndex"]]["id"] == result["ruleId"] == "OR101"
    assert result["level"] == "error"
    location = result["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == path
    assert location["region"] == {"startLine": 3, "startColumn": 10, "endLine": 3, "endColumn": 30}


def test_github_annotations(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", BRIBE)
    code, out, _ = run("lint", "--format", "github", path)
    assert code == 1
    assert out == (
        f"::error file={path},line=3,col=10,endLine=3,endColumn=30,"
        "title=OR101 cash-equivalent::cash or a cash equivalent is offered: "
        '"$50 Amazon gift card"\n'
    )


def test_missing_path_is_an_error_naming_it(tmp_path: Path) -> None:
    code, out, err = run("lint", str(tmp_path / "nope.txt"))
    assert code == 2
    assert out == ""
    assert err == f"Error: {tmp_path / 'nope.txt'}: no such file or directory\n"


def test_no_path_is_a_usage_error() -> None:
    code, _, err = run("lint")
    assert code == 2
    assert "give at least one PATH, or - to read stdin" in err


def test_stdin(tmp_path: Path) -> None:
    code, out, _ = run("lint", "-", input=BRIBE)
    assert code == 1
    assert out.startswith("<stdin>:3:10: OR101 [error]")


def test_stage_changes_what_an_ask_is(tmp_path: Path) -> None:
    path = write(
        tmp_path / "a.txt",
        "Hi Sam,\n\nThe benchmark is attached. Would Thursday work for a 20-minute call?\n",
    )
    assert run("lint", path)[0] == 1
    assert run("lint", "--stage", "ask", path)[0] == 0


def test_a_plain_pitch_gets_advice_not_a_failure(tmp_path: Path) -> None:
    # No gift, so the ask is bundled with nothing: OR605 (timing) at info fails no run by default.
    path = write(
        tmp_path / "a.txt",
        "Hi Sam,\n\nWe automate bank reconciliations. Would Thursday work for a 20-minute call?\n",
    )
    code, out, _ = run("lint", path)
    assert code == 0
    assert "OR605 [info] the first touch asks before it gives the reader anything" in out
    assert "OR201" not in out
    assert run("lint", "--fail-on", "info", path)[0] == 1
    code, out, _ = run("lint", "--stage", "ask", path)  # a polite ask is fine at stage ask
    assert (code, out) == (0, "")


def test_csv_rows_are_located(tmp_path: Path) -> None:
    path = write(
        tmp_path / "leads.csv",
        'name,body\nAna,"Hi Ana,\nthe memo is attached."\n'
        'Bo,"Hi Bo,\nhere\'s a gift card for you."\n',
    )
    code, out, _ = run("lint", "--column", "body", path)
    assert code == 1
    assert out.splitlines()[0] == (
        f'{path}:5:10: OR101 [error] cash or a cash equivalent is offered: "gift card" (row 2)'
    )


def test_csv_needs_an_existing_column(tmp_path: Path) -> None:
    path = write(tmp_path / "leads.csv", "name,body\nAna,hi\n")
    code, _, err = run("lint", path)
    assert code == 2
    assert "CSV input needs --column NAME" in err
    code, _, err = run("lint", "--column", "text", path)
    assert code == 2
    assert f"{path}: no column 'text'; columns are: name, body" in err


def test_jsonl_rows(tmp_path: Path) -> None:
    rows = [{"text": "All clear, the memo is attached."}, {"text": "Hi {{first_name}}!"}]
    path = write(tmp_path / "drafts.jsonl", "\n".join(json.dumps(r) for r in rows) + "\n")
    code, out, _ = run("lint", "--column", "text", "--format", "json", path)
    finding = json.loads(out)["findings"][0]
    assert code == 1
    assert (finding["line"], finding["row"], finding["rule"]) == (2, 2, "OR301")


def test_eml_subject_and_body_keep_file_lines(tmp_path: Path) -> None:
    path = write(
        tmp_path / "m.eml",
        "From: dana@example.com\nTo: sam@example.com\nSubject: Hi {{first_name}}\n"
        "Content-Type: text/plain\n\nHere's a gift card for you.\n",
    )
    code, out, _ = run("lint", "--format", "json", path)
    found = [(f["rule"], f["line"]) for f in json.loads(out)["findings"]]
    assert code == 1
    assert found == [("OR301", 3), ("OR101", 6)]


def test_html_tags_are_not_text_and_inline_ignore_works(tmp_path: Path) -> None:
    html = (
        "<p>Hi Sam,</p>\n<p>Here's a <b>gift card</b> for you."
        " <!-- outreach: ignore[OR101] approved by legal --></p>\n"
        "<p>Dinner is on us at the steakhouse.</p>\n"
    )
    code, out, _ = run("lint", "--format", "json", write(tmp_path / "m.html", html))
    assert code == 1
    assert [f["rule"] for f in json.loads(out)["findings"]] == ["OR102"]


def test_markdown_ignore_comment_on_its_own_line(tmp_path: Path) -> None:
    md = "<!-- outreach: ignore[bribe] quoting a competitor -->\nThey send a gift card for you.\n"
    assert run("lint", write(tmp_path / "a.md", md)) == (0, "", "No findings; 1 email checked.\n")


def test_config_select_ignore_severity_phrases(tmp_path: Path) -> None:
    config = tmp_path / "outreach.toml"
    config.write_text(
        "[lint]\nignore = ['OR101']\nseverity = { OR302 = 'error' }\n"
        "phrases = { bribe = ['vip upgrade'] }\nper_file_ignores = { 'legacy/*' = ['generic'] }\n",
        encoding="utf-8",
    )
    path = write(
        tmp_path / "a.txt",
        "I hope this email finds you well. Here's a gift card and a VIP upgrade for you.\n",
    )
    code, out, _ = run("lint", "--config", str(config), "--format", "json", path)
    found = [(f["rule"], f["severity"]) for f in json.loads(out)["findings"]]
    assert code == 1
    assert found == [("OR302", "error"), ("OR199", "error")]
    (tmp_path / "legacy").mkdir()
    legacy = write(tmp_path / "legacy" / "b.txt", "I hope this email finds you well.\n")
    assert run("lint", "--config", str(config), legacy)[0] == 0


def test_config_with_unknown_code_is_exit_2(tmp_path: Path) -> None:
    config = tmp_path / "outreach.toml"
    config.write_text("[lint]\nselect = ['OR999']\n", encoding="utf-8")
    code, _, err = run("lint", "--config", str(config), write(tmp_path / "a.txt", CLEAN))
    assert code == 2
    assert "[lint] select: 'OR999' is not a rule code" in err


def test_select_on_the_command_line(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", "Hi {{first_name}}, here's a gift card for you.\n")
    code, out, _ = run("lint", "--select", "generic", "--format", "json", path)
    assert code == 1
    assert [f["rule"] for f in json.loads(out)["findings"]] == ["OR301"]


def test_prospect_and_region(tmp_path: Path) -> None:
    prospect = tmp_path / "p.toml"
    prospect.write_text(
        'name = "Priya Raman"\ncompany = "Northwind"\ncountry = "US"\n'
        'facts = ["wrote a post about dock appointments"]\n',
        encoding="utf-8",
    )
    path = write(
        tmp_path / "a.txt", "Hi Priya,\n\nCongrats on your Series B! Here's the memo.\n\nDana\n"
    )
    code, out, _ = run("lint", "--prospect", str(prospect), "--format", "json", path)
    rules = [f["rule"] for f in json.loads(out)["findings"]]
    assert code == 1
    assert rules == ["OR401", "OR501", "OR502"]  # US from the prospect's country
    code, out, _ = run(
        "lint", "--prospect", str(prospect), "--region", "eu", "--format", "json", path
    )
    assert [f["rule"] for f in json.loads(out)["findings"]] == ["OR401", "OR502", "OR503"]


def test_robust_inputs(tmp_path: Path) -> None:
    empty = write(tmp_path / "empty.txt", "")
    assert run("lint", empty) == (0, "", "No findings; 1 email checked.\n")
    crlf = write(tmp_path / "crlf.txt", b"Hi Sam,\r\n\r\nHere's a gift card for you.")
    code, out, _ = run("lint", "--format", "json", crlf)
    assert (code, json.loads(out)["findings"][0]["line"]) == (1, 3)
    latin = write(tmp_path / "latin.txt", "Caf\xe9 voucher for you".encode("latin-1"))
    code, _, err = run("lint", latin)
    assert code == 1
    assert "not valid UTF-8 (bad byte at offset 3); linted with replacement characters" in err
    binary = write(tmp_path / "logo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    code, _, err = run("lint", binary, empty)
    assert code == 2
    assert f"error: {binary}: binary file, not linted" in err


def test_large_file_is_linted(tmp_path: Path) -> None:
    body = ("The memo on dock schedules is attached. " * 25 + "\n") * 5200  # about 5 MB
    path = write(tmp_path / "big.txt", body + "Here's a gift card for you.\n")
    code, out, _ = run("lint", "--format", "json", path)
    assert code == 1
    assert [f["line"] for f in json.loads(out)["findings"]] == [5201]


def test_rules_lists_and_explains() -> None:
    code, out, _ = run("rules")
    assert code == 0
    assert out.splitlines()[0].startswith("OR101  cash-equivalent")
    code, out, _ = run("rules", "OR103")
    assert code == 0
    for heading in ("What it does", "Why it matters", "Example", "Use instead"):
        assert f"\n{heading}\n" in out
    assert run("rules", "secrecy")[1].startswith("OR105 secrecy (bribe, error")


def test_rules_unknown_code_suggests() -> None:
    code, _, err = run("rules", "OR10")
    assert code == 2
    assert "no rule 'OR10'; did you mean" in err


@pytest.mark.parametrize("command", ["lint", "lint-ask", "rules"])
def test_lint_imports_neither_openai_nor_jinja2(tmp_path: Path, command: str) -> None:
    path = write(tmp_path / "a.txt", BRIBE)
    args = {
        "lint": ["lint", path],
        "lint-ask": ["lint", "--stage", "ask", "--ledger", str(tmp_path / "l.db"), path],
        "rules": ["rules"],
    }[command]
    script = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from outreach.cli import cli\n"
        f"result = CliRunner().invoke(cli, {args!r})\n"
        "assert result.exception is None or isinstance(result.exception, SystemExit)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('openai', 'jinja2')))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={"PYTHONPATH": str(ROOT), "PATH": ""},
        check=True,
    )
    assert done.stdout == "[]\n"


def test_rules_as_json() -> None:
    code, out, _ = run("rules", "--format", "json")
    listed = json.loads(out)
    assert code == 0
    assert [r["code"] for r in listed] == sorted(r["code"] for r in listed)
    assert (listed[0]["code"], listed[0]["name"], listed[0]["category"]) == (
        "OR101",
        "cash-equivalent",
        "bribe",
    )
    code, out, _ = run("rules", "--format", "json", "secrecy")
    one = json.loads(out)
    assert code == 0
    assert set(one) == {
        "code", "name", "category", "severity", "confidence", "stages",
        "what", "why", "example", "instead", "suggestion",
    }  # fmt: skip
    assert (one["code"], one["stages"]) == ("OR105", ["first-touch", "ask", "thank"])


def test_a_long_line_is_shown_around_the_finding(tmp_path: Path) -> None:
    line = (
        "The memo on dock schedules is attached. " * 6
        + "Here's a $50 Amazon gift card to say thanks."
        + " Thanks again for the tour." * 5
    )
    code, out, _ = run("lint", write(tmp_path / "a.txt", line + "\n"))
    source, caret = out.splitlines()[1:3]
    assert code == 1
    assert source.startswith("  …") and source.endswith("…")
    assert len(source) == len("  …") + 120 + len("…")
    assert caret.strip() == "^" * len("$50 Amazon gift card")
    assert source[caret.index("^") :].startswith("$50 Amazon gift card")
