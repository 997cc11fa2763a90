"""Helpers that more than one checker test module uses."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from outreach.checker import inputs
from outreach.checker.corpus import corpus_files, load_records
from outreach.checker.model import CheckFn, Finding, Rule

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def corpus_texts() -> list[str]:
    """The text of every email of the labelled corpus."""
    return [str(record["text"]) for record in load_records(corpus_files(CORPUS))]


def children_die(monkeypatch: pytest.MonkeyPatch) -> None:
    """From now on every forked lint worker dies before it answers; this process still lints."""
    parent = os.getpid()
    real = inputs._lint_slice

    def dying(*args: object, **kwargs: object) -> object:
        if os.getpid() != parent:
            os._exit(3)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(inputs, "_lint_slice", dying)


def finding(**changes: Any) -> Finding:
    """An OR101 finding at 3:10 of mail/a.txt, with ``changes`` applied."""
    base: dict[str, Any] = dict(
        path="mail/a.txt",
        line=3,
        column=10,
        rule="OR101",
        name="cash-equivalent",
        category="bribe",
        severity="error",
        confidence=0.95,
        message='cash is offered: "$50 gift card"',
        suggestion="Offer something useful instead.",
        end_line=3,
        end_column=30,
        source="Here's a $50 gift card \u2014 \t for you",
    )
    return Finding(**{**base, **changes})


def bare_rule(code: str, check: CheckFn) -> Rule:
    """A rule with ``check`` and placeholder documentation, and no examples."""
    return Rule(
        code=code,
        name="x",
        category="bribe",
        severity="error",
        confidence=1.0,
        message="{quote}",
        suggestion="s",
        what="w",
        why="y",
        example="e",
        instead="i",
        check=check,
    )
