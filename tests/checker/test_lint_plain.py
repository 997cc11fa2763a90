"""`outreach lint` without Click (outreach.cli.linting) reads and ends as the Click command.

run_plain takes only the command lines Click reads in one way and hands the rest
to Click; for those it takes, the parameters, the output and the exit status are
the Click command's.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from outreach.cli import linting
from outreach.cli.lint import lint
from outreach.cli.linting import parse_plain, run_plain

ROOT = Path(__file__).resolve().parents[2]
GIFT = "Hi Priya,\n\nBook a call and I'll send you a $100 Amazon gift card.\n\nBest,\nSam\n"
CLEAN = "Hi Sam,\n\nI wrote up the no-show benchmark for Joliet; it's attached.\n\nBest,\nAna\n"


def _click_params(args: list[str]) -> dict[str, object]:
    with lint.make_context("lint", list(args)) as ctx:
        return dict(ctx.params)


@pytest.mark.parametrize(
    "args",
    [
        ["mail"],
        ["-"],
        ["a.txt", "b.txt", "--no-cache"],  # options after the paths, as Click allows
        ["--format", "json", "--stage", "ask", "mail"],
        ["--format=sarif", "--region=eu", "--fail-on", "warning", "mail"],
        ["--select", "OR101,bribe", "--select", "OR2", "--ignore", "generic", "mail"],
        ["--column", "body", "--jobs", "3", "--exit-zero", "t.csv"],
        ["--prospect", "p.toml", "--ledger", "l.db", "--config", "c.toml", "mail"],
        ["--stage", "thank", "--stage", "ask", "mail"],  # the last one counts
        ["--column", "", "mail"],
        ["--", "--not-an-option", "-"],
    ],
)
def test_what_it_takes_it_reads_as_click_does(args: list[str]) -> None:
    parsed = parse_plain(args)
    assert parsed is not None
    assert parsed == _click_params(args)


@pytest.mark.parametrize(
    "args",
    [
        [],  # no path: Click says so
        ["--no-cache"],
        ["--help", "mail"],
        ["-h"],
        ["--formt", "json", "mail"],  # a typo
        ["-x", "mail"],
        ["--format", "yaml", "mail"],  # not a choice
        ["--stage", "First-Touch", "mail"],  # choices are exact
        ["--jobs", "0", "mail"],
        ["--jobs", "two", "mail"],
        ["--jobs", "²", "mail"],
        ["--exit-zero=yes", "mail"],  # a switch takes no value
        ["mail", "--column"],  # no value
        ["--column", "-body", "mail"],  # a value that looks like an option
        ["--prospect", "", "mail"],
        ["--prospect", ".", "mail"],  # a folder where a file is wanted
        ["--jobs", "9" * 5000, "mail"],  # more digits than int() takes
    ],
)
def test_what_it_leaves_to_click(args: list[str]) -> None:
    assert parse_plain(args) is None


def test_a_file_it_cannot_read_is_left_to_click(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    ledger = tmp_path / "ledger.db"
    ledger.write_text("", encoding="utf-8")
    assert parse_plain(["--ledger", str(ledger), "mail"]) is not None
    monkeypatch.setattr(os, "access", lambda path, mode: False)  # as for a mode-000 file
    assert parse_plain(["--ledger", str(ledger), "mail"]) is None  # Click: "is not readable"


def test_the_click_command_is_made_from_the_same_options() -> None:
    params = {p.name: p for p in lint.params}
    assert set(params) == {"paths"} | {o.dest for o in linting.LINT_OPTIONS}
    for option in linting.LINT_OPTIONS:
        param = params[option.dest]
        assert param.opts == [option.flag]
        assert param.multiple == option.multiple
        assert getattr(param, "is_flag", False) == (option.kind == "switch")


def _run(program: str, args: list[str], cwd: Path, stdin: str = "") -> tuple[int, str, str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT), OUTREACH_CACHE_DIR=str(cwd / "cache"))
    env.pop("OUTREACH_CONFIG", None)
    done = subprocess.run(
        [sys.executable, "-c", program, *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        input=stdin,
    )
    return done.returncode, done.stdout, done.stderr


PLAIN = (
    "import sys\n"
    "from outreach.cli import main\n"
    "sys.argv = ['outreach', 'lint', *sys.argv[1:]]\n"
    "try:\n"
    "    main()\n"
    "finally:\n"
    "    print('click imported' if 'click' in sys.modules else '', file=sys.stderr)\n"
)
WITH_CLICK = (
    "import sys\n"
    "from outreach.cli.app import cli\n"
    "cli.main(['lint', *sys.argv[1:]], prog_name='outreach')\n"
)


@pytest.mark.parametrize(
    "args",
    [
        ["mail"],
        ["--no-cache", "--format", "json", "mail"],
        ["--format", "github", "--exit-zero", "mail"],
        ["--format", "sarif", "--fail-on", "never", "mail/clean.txt"],
        ["--select", "bribe", "mail"],
        ["--config", "broken.toml", "mail"],  # a config error: "Error: ..." and exit 2
        ["--prospect", "missing.toml", "mail"],
        ["mail/none.txt"],  # a path that does not exist
        ["-"],
        ["mail/escape.txt"],  # terminal escape codes in the quoted source lines: stripped
        ["--config", "bad\x1b[31m.toml", "mail"],  # and in an error message
    ],
)
def test_it_prints_and_exits_as_the_click_command(tmp_path: Path, args: list[str]) -> None:
    mail = tmp_path / "mail"
    mail.mkdir()
    (mail / "gift.txt").write_text(GIFT, encoding="utf-8")
    (mail / "clean.txt").write_text(CLEAN, encoding="utf-8")
    (tmp_path / "broken.toml").write_text("[lint\n", encoding="utf-8")
    (tmp_path / "bad\x1b[31m.toml").write_text("[lint\n", encoding="utf-8")
    (mail / "escape.txt").write_text(GIFT.replace("gift card", "\x1b[31mgift card\x1b[0m"))
    plain = _run(PLAIN, args, tmp_path, stdin=GIFT)
    clicked = _run(WITH_CLICK, args, tmp_path, stdin=GIFT)
    code, out, err = plain
    # The same stderr, so no "click imported" either: the run was Click's in all but Click.
    assert (code, out, err.rstrip()) == (clicked[0], clicked[1], clicked[2].rstrip())
    assert "Traceback" not in err and out + err


def test_a_command_line_it_leaves_to_click_gets_clicks_answer(tmp_path: Path) -> None:
    code, out, err = _run(PLAIN, ["--select", "OR999", "mail"], tmp_path)
    assert code == 2
    assert "Invalid value for --select: 'OR999'" in err
    assert "click imported" in err
    code, out, err = _run(PLAIN, ["--help"], tmp_path)
    assert code == 0 and "--no-cache" in out and "--jobs" in out


def test_an_interrupted_run_ends_as_click_ends_it(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    def interrupted(**_: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(linting, "run_lint", interrupted)
    with pytest.raises(SystemExit) as exited:
        run_plain(["lint", str(tmp_path)])
    assert exited.value.code == 1
    assert capsys.readouterr().err == "\nAborted!\n"


def test_a_reader_that_goes_away_ends_it_quietly(tmp_path: Path) -> None:
    mail = tmp_path / "mail"
    mail.mkdir()
    for n in range(300):
        (mail / f"{n:03d}.txt").write_text(GIFT, encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(ROOT), OUTREACH_CACHE_DIR=str(tmp_path / "cache"))
    shell = f"{sys.executable} -m outreach lint --no-cache {mail} | head -c 10 >/dev/null"
    done = subprocess.run(
        ["bash", "-o", "pipefail", "-c", shell], capture_output=True, text=True, env=env
    )
    assert "Traceback" not in done.stderr and "Error" not in done.stderr
    assert done.returncode in (0, 1)  # 1: as Click ends when stdout is closed


@pytest.mark.parametrize(
    "shell",
    [
        "{program} >&-",  # stdout closed: the summary still goes to stderr
        "PYTHONIOENCODING=ascii {program}",  # an ASCII stdout: Click writes UTF-8 to it
    ],
)
def test_odd_output_streams_end_as_with_click(tmp_path: Path, shell: str) -> None:
    (tmp_path / "euro.txt").write_text("Hi Sam,\n\nHere is a €50 gift card.\n", "utf-8")
    env = dict(os.environ, PYTHONPATH=str(ROOT), OUTREACH_CACHE_DIR=str(tmp_path / "cache"))
    answers = []
    for name, program in (("plain.py", PLAIN), ("with_click.py", WITH_CLICK)):
        (tmp_path / name).write_text(program, encoding="utf-8")
        command = shell.format(program=f"{sys.executable} {name} euro.txt")
        done = subprocess.run(["bash", "-c", command], capture_output=True, env=env, cwd=tmp_path)
        err = done.stderr.rstrip().removesuffix(b"click imported").rstrip()
        answers.append((done.returncode, done.stdout, err))
    assert answers[0] == answers[1]  # (these two are left to Click: it writes through them)
    assert b"Traceback" not in answers[0][2] and answers[0][0] == 1
