"""The README is the manual: keep its tables true to the code."""

from __future__ import annotations

import re
from pathlib import Path

from outreach import records
from outreach.checker.rules import all_rules
from outreach.cli import COMMANDS
from outreach.config import Settings

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_rule_is_in_the_rules_table() -> None:
    table = dict(re.findall(r"^\| (OR\d{3}) \| `([a-z-]+)` \|", README, re.MULTILINE))
    rules = {rule.code: rule.name for rule in all_rules()}
    assert table == rules


def test_every_command_is_documented() -> None:
    for name in COMMANDS:
        assert f"`outreach {name}" in README, name


def test_every_config_section_is_documented() -> None:
    sections = {f.name for f in records.fields(Settings)} - {"source"}
    documented = set(re.findall(r"^\| `\[(\w+)\]` \|", README, re.MULTILINE))
    assert documented == sections


def test_ci_runs_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert ".venv/bin/pip install -e '.[test,local]'" in README
    assert ".venv/bin/pip install -q -e '.[test,local]'" in ci
    assert re.search(r"^\.venv/bin/pytest\b", ci, re.MULTILINE)
