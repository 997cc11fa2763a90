"""How `outreach` leaves the collector when a command ends (main() runs in tests too)."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
from pathlib import Path

import pytest

from outreach.cli import main


def test_main_restores_the_collector_with_what_it_made_in_the_oldest_generation(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(sys, "argv", ["outreach", "rules"])
    before = gc.get_threshold()
    # No collection between making it and looking: one could move it on to generation 1.
    gc.disable()
    try:
        young = ["made just before the command"]  # tracked, in the youngest generation
        assert any(obj is young for obj in gc.get_objects(generation=0))
    finally:
        gc.enable()
    with pytest.raises(SystemExit) as exited:
        main()
    assert exited.value.code in (0, None)
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0  # nothing left out of later collections
    # Moved without a collection walking it: the next young collection has nothing to do.
    assert any(obj is young for obj in gc.get_objects(generation=2))


def test_main_leaves_what_its_caller_froze_frozen(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "argv", ["outreach", "rules"])
    kept = ["frozen by the program"]
    gc.freeze()  # a program that froze its objects (before forking workers, say)
    try:
        assert not any(obj is kept for obj in gc.get_objects())  # frozen: in no generation
        with pytest.raises(SystemExit):
            main()
        assert gc.get_freeze_count() > 0
        assert not any(obj is kept for obj in gc.get_objects())
    finally:
        gc.unfreeze()


def test_main_called_again_and_again_adds_one_exit_handler(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import atexit

    registered: list[object] = []
    monkeypatch.setattr(atexit, "register", registered.append)
    monkeypatch.setattr(
        atexit, "unregister", lambda f: registered.remove(f) if f in registered else None
    )
    monkeypatch.setattr(sys, "argv", ["outreach", "rules"])
    for _ in range(3):
        with pytest.raises(SystemExit):
            main()
    assert registered == [gc.freeze]


ROOT = Path(__file__).resolve().parents[1]
# Loaded by the interpreter at start-up, before outreach: an object that only the
# teardown frees, and an exit handler.
PROBE = """\
import atexit, os, sys, types

class Kept:
    def __del__(self, write=os.write):
        write(2, b"torn down\\n")

probe = types.ModuleType("probe")  # held by sys.modules alone, which the teardown empties
probe.kept = Kept()
sys.modules["probe"] = probe
del probe
atexit.register(lambda: print("exit handler ran", file=sys.stderr))
"""


def run_outreach(tmp_path: Path, *args: str, code: str = "") -> subprocess.CompletedProcess[str]:
    """`python -m outreach ARGS`, or `python -c CODE ARGS`, with the probe loaded."""
    (tmp_path / "probe").mkdir(exist_ok=True)
    (tmp_path / "probe" / "sitecustomize.py").write_text(PROBE, encoding="utf-8")
    env = {"PYTHONPATH": f"{ROOT}{os.pathsep}{tmp_path / 'probe'}", "PATH": ""}
    env.update(HOME=str(tmp_path), OUTREACH_CACHE_DIR=str(tmp_path / "cache"))
    how = ["-c", code] if code else ["-m", "outreach"]
    return subprocess.run(
        [sys.executable, *how, *args], capture_output=True, text=True, cwd=tmp_path, env=env
    )


def bribe_email(tmp_path: Path) -> Path:
    """An email with one OR101 finding, at 3:10 (linted with --select OR101, so that what the
    learned rules make of it does not matter here)."""
    email = tmp_path / "a.txt"
    email.write_text("Hi Sam,\n\nHere's a $50 Amazon gift card for your time.\n", encoding="utf-8")
    return email


def test_lint_as_the_program_ends_without_the_teardown_but_with_its_output(
    tmp_path: Path,
) -> None:
    email = bribe_email(tmp_path)
    done = run_outreach(tmp_path, "lint", "--no-cache", "--select", "OR101", str(email))
    assert done.returncode == 1
    assert done.stdout.startswith(f"{email}:3:10: OR101 [error]")
    # The exit handlers ran, the teardown did not.
    assert done.stderr == "1 finding (1 error); 1 email checked.\nexit handler ran\n"
    done = run_outreach(tmp_path, "lint", str(tmp_path / "missing.txt"))
    assert done.returncode == 2
    assert done.stderr.endswith("no such file or directory\nexit handler ran\n")


def test_the_installed_script_ends_as_python_m_does(tmp_path: Path) -> None:
    email = bribe_email(tmp_path)
    # What pip writes for [project.scripts] outreach = "outreach.cli:run".
    script = "import sys\nfrom outreach.cli import run\nsys.exit(run())\n"
    done = run_outreach(
        tmp_path, "lint", "--no-cache", "--select", "OR101", str(email), code=script
    )
    assert done.returncode == 1
    assert done.stdout.startswith(f"{email}:3:10: OR101 [error]")
    assert done.stderr == "1 finding (1 error); 1 email checked.\nexit handler ran\n"


def test_what_an_exit_handler_writes_to_stdout_is_not_lost(tmp_path: Path) -> None:
    email = bribe_email(tmp_path)
    # stdout is a pipe here, so what is written stays in its buffer until a flush.
    program = (
        "import atexit, sys\n"
        "from outreach.cli import run\n"
        "atexit.register(lambda: sys.stdout.write('written at exit'))\n"
        "run()\n"
    )
    done = run_outreach(
        tmp_path, "lint", "--no-cache", "--select", "OR101", str(email), code=program
    )
    assert done.returncode == 1
    assert done.stdout.startswith(f"{email}:3:10: OR101 [error]")
    assert done.stdout.endswith("written at exit")
    assert "torn down" not in done.stderr  # still the quick exit


def test_main_called_by_a_program_ends_with_the_usual_teardown(tmp_path: Path) -> None:
    email = bribe_email(tmp_path)
    program = "from outreach.cli import main\nmain()\n"
    done = run_outreach(
        tmp_path, "lint", "--no-cache", "--select", "OR101", str(email), code=program
    )
    assert done.returncode == 1
    assert done.stderr.endswith("1 email checked.\nexit handler ran\ntorn down\n")


def test_other_commands_end_with_the_usual_teardown(tmp_path: Path) -> None:
    done = run_outreach(tmp_path, "rules")
    assert done.returncode == 0
    assert "OR101" in done.stdout
    assert done.stderr == "exit handler ran\ntorn down\n"


def test_lint_run_by_a_caller_of_main_returns_to_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import outreach.cli

    monkeypatch.setattr(outreach.cli, "_quick_exit", False)
    email = tmp_path / "a.txt"
    email.write_text("Hi Sam,\n\nThe memo on your dock schedule is attached.\n", encoding="utf-8")
    monkeypatch.setattr(
        sys, "argv", ["outreach", "lint", "--no-cache", "--select", "OR101", str(email)]
    )
    with pytest.raises(SystemExit) as exited:
        main()  # still here: a test called it
    assert exited.value.code == 0
    assert outreach.cli._quick_exit
    assert capsys.readouterr().err == "No findings; 1 email checked.\n"


class _Ended(Exception):
    """Raised by the stand-in for os._exit."""


@pytest.fixture
def quick_exit(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """_end_now with the quick exit allowed, os._exit and the exit handlers stood in for."""
    import atexit

    import outreach.cli

    calls: list[str] = []

    def end(code: int) -> None:
        calls.append(f"os._exit({code})")
        raise _Ended

    monkeypatch.setattr(outreach.cli, "_quick_exit", True)
    monkeypatch.setattr(outreach.cli.os, "_exit", end)
    monkeypatch.setattr(atexit, "_run_exitfuncs", lambda: calls.append("exit handlers"))
    return calls


def test_the_quick_exit_without_a_stdout(
    quick_exit: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from outreach.cli import _end_now

    monkeypatch.setattr(sys, "stdout", None)  # pythonw on Windows: click writes nothing
    with pytest.raises(_Ended):
        _end_now(1)
    assert quick_exit == ["exit handlers", "os._exit(1)"]


def test_no_quick_exit_where_the_exit_handlers_cannot_be_run_early(
    quick_exit: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import atexit

    from outreach.cli import _end_now

    monkeypatch.delattr(atexit, "_run_exitfuncs")  # a private name: not every Python has it
    _end_now(1)  # returns: the usual exit follows
    assert quick_exit == []
