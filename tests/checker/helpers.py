"""Helpers that more than one checker test module uses."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from outreach.checker import inputs
from outreach.checker.corpus import corpus_files, load_records

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
