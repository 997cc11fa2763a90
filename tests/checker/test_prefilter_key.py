"""A stored prefilter database is used only for the patterns it was compiled from.

Its file name is a checksum, not a cryptographic hash: what makes loading safe is the
index, which holds what the database was compiled from and is compared in full.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from outreach.checker import prefilter

pytest.importorskip("hyperscan")

GIFTS = [(r"gift cards?", 0), (r"pay you for your time", 0)]
DINNERS = [(r"dinner(?:s)? on us", 0), (r"pay you for your time", 0)]


def test_patterns_that_share_a_name_never_share_a_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(prefilter, "_UNSAVED", None)
    monkeypatch.setattr(prefilter, "database_key", lambda patterns, version: "same")
    gifts = prefilter.load_or_build(GIFTS, tmp_path)
    assert gifts is not None
    prefilter.save()
    assert [p.name for p in (tmp_path / "prefilter-v1").glob("*.bin")] == ["same.bin"]

    assert prefilter.load_or_build(DINNERS, tmp_path, compile_missing=False) is None
    again = prefilter.load_or_build(GIFTS, tmp_path, compile_missing=False)
    assert again is not None and again.ids == gifts.ids


def test_the_name_follows_the_patterns_and_their_order() -> None:
    name = prefilter.database_key(GIFTS, "5.4.2")
    assert name == prefilter.database_key(list(GIFTS), "5.4.2")  # the same on every run
    assert name != prefilter.database_key(DINNERS, "5.4.2")
    assert name != prefilter.database_key(GIFTS[::-1], "5.4.2")
    assert name != prefilter.database_key(GIFTS, "5.4.3")
