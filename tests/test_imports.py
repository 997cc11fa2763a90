"""The CLI's start-up stays lean: --help and lint never import the model client."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _modules_after(code: str) -> set[str]:
    probe = code + "\nimport sys; print('\\n'.join(sorted(sys.modules)))"
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, check=True
    )
    return set(out.stdout.split())


def test_help_does_not_import_openai_or_jinja2() -> None:
    loaded = _modules_after(
        "from click.testing import CliRunner\n"
        "from outreach.cli import cli\n"
        "r = CliRunner().invoke(cli, ['--help'])\n"
        "assert r.exit_code == 0, r.output\n"
        "assert 'draft' in r.output and 'gifts' in r.output, r.output\n"
    )
    assert "openai" not in loaded
    assert "jinja2" not in loaded
    assert "outreach.cli" in loaded  # the probe really ran


def test_draft_help_does_not_import_openai() -> None:
    loaded = _modules_after(
        "from click.testing import CliRunner\n"
        "from outreach.cli import cli\n"
        "r = CliRunner().invoke(cli, ['draft', '--help'])\n"
        "assert r.exit_code == 0, r.output\n"
    )
    assert "openai" not in loaded
    assert "outreach.cli.drafting" in loaded
