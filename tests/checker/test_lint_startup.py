"""`outreach lint` at first-touch imports only what checking copy needs.

Every module a lint run imports is paid for before the first email; these tests pin
what a plain run leaves out (the ledger and the loop's planning modules, the TOML
parser when there is no config file, hashing when nothing is cached), and check that
each is still imported when a run does need it.
"""

from __future__ import annotations

import functools
import importlib.util
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EMAIL = "Hi Priya,\n\nI wrote up the no-show benchmark for Joliet; it's attached.\n\nBest,\nSam\n"

# Imported only by the ask stage, the ledger, config files, prospect files or the cache.
LOOP_ONLY = {"outreach.ledger", "outreach.proportion", "outreach.timing", "sqlite3"}


def _lint_modules(tmp_path: Path, *args: str, emails: int = 1) -> set[str]:
    """Run `outreach lint ARGS` on a folder of `emails` emails in a fresh interpreter; the
    modules it had loaded at exit."""
    folder = tmp_path / "mail"
    folder.mkdir(exist_ok=True)
    for n in range(emails):
        (folder / f"{n}.txt").write_text(EMAIL, encoding="utf-8")
    probe = (
        "import sys\n"
        "from outreach.cli import main\n"
        f"sys.argv = ['outreach', 'lint', '--exit-zero', *{list(args)!r}, {str(folder)!r}]\n"
        "try:\n"
        "    main()\n"
        "except SystemExit as exc:\n"
        "    assert exc.code == 0, exc.code\n"
        "print('\\n'.join(sorted(sys.modules)), file=sys.stderr)\n"
    )
    env = dict(os.environ, PYTHONPATH=str(ROOT), OUTREACH_CACHE_DIR=str(tmp_path / "cache"))
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env=env, check=True
    )
    assert f"{emails} email{'s' if emails > 1 else ''} checked" in out.stderr  # it really linted
    # What the interpreter loads before any of our code is not the command's doing: an
    # editable install's path hook (setuptools) imports pathlib, for one.
    return set(out.stderr.split()) - _at_startup()


@functools.cache
def _at_startup() -> frozenset[str]:
    """The modules an interpreter started as the probes are has loaded before any code."""
    probe = "import sys\nprint('\\n'.join(sorted(sys.modules)))\n"
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, env=env
    )
    found = frozenset(out.stdout.split()) - {"__main__"}
    # Left out by this subtraction, the checks below of these would pass whatever we import.
    assert not found & {"typing", "dataclasses", "click", "hashlib", "tomllib", "outreach"}
    return found


def test_first_touch_lint_leaves_out_the_loop_config_and_hashing(tmp_path: Path) -> None:
    loaded = _lint_modules(tmp_path, "--no-cache")
    assert "outreach.checker.rules.loop" in loaded  # the loop rules are declared ...
    assert not loaded & LOOP_ONLY  # ... without importing what only their checks need
    assert "tomllib" not in loaded  # no config file, no prospect file
    assert "difflib" not in loaded  # only for "did you mean" hints
    assert "csv" not in loaded  # only for --column tables
    assert "hashlib" not in loaded  # --no-cache on one file keys nothing
    assert "platformdirs" not in loaded  # the XDG folders are worked out directly
    assert "html" not in loaded  # entities are decoded in HTML input only
    assert "openai" not in loaded and "jinja2" not in loaded
    assert "dataclasses" not in loaded  # the data classes are records (outreach.records)
    assert "click" not in loaded  # a plain lint command line runs without it
    assert "typing" not in loaded  # for annotations only
    assert "pathlib" not in loaded  # paths as strings, with os.path


def test_a_no_cache_run_that_loads_the_prefilter_hashes_nothing(tmp_path: Path) -> None:
    from outreach.checker import scan

    loaded = _lint_modules(tmp_path, "--no-cache", emails=scan.LOAD_FROM)
    assert "hashlib" not in loaded  # the stored database is named by checksums
    assert "outreach.checker.prefilter" in loaded
    assert "hyperscan" not in loaded  # its extension module is loaded without the package
    assert "hyperscan._hs_ext" in loaded or importlib.util.find_spec("hyperscan") is None
    assert "typing" not in loaded  # which the hyperscan package imports


def test_what_is_left_out_still_loads_when_a_run_needs_it(tmp_path: Path) -> None:
    (tmp_path / "outreach.toml").write_text('[lint]\nfail_on = "warning"\n', encoding="utf-8")
    config = ["--config", str(tmp_path / "outreach.toml")]
    assert {"tomllib", "hashlib"} <= _lint_modules(tmp_path, *config)
    prospect = tmp_path / "priya.toml"
    prospect.write_text('name = "Priya Raman"\nemail = "priya@example.com"\n', encoding="utf-8")
    ledger = ["--stage", "ask", "--prospect", str(prospect), "--ledger", str(tmp_path / "l.db")]
    assert _lint_modules(tmp_path, "--no-cache", *ledger) >= LOOP_ONLY


def test_a_run_with_the_model_stored_reads_no_json(tmp_path: Path) -> None:
    first = _lint_modules(tmp_path)
    assert "json" in first  # the first run parses the model, keeps results
    assert "pathlib" not in first  # the result cache and the stored files: os.path too
    loaded = _lint_modules(tmp_path, "--no-cache")  # the parsed model is in the cache folder
    assert "json" not in loaded  # only JSON output, JSONL input, prospects and results
