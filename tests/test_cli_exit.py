"""How `outreach` leaves the collector when a command ends (main() runs in tests too)."""

from __future__ import annotations

import gc
import sys

import pytest

from outreach.cli import main


def test_main_restores_the_collector_with_what_it_made_in_the_oldest_generation(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(sys, "argv", ["outreach", "rules"])
    before = gc.get_threshold()
    young = ["made just before the command"]  # tracked, in the youngest generation
    assert any(obj is young for obj in gc.get_objects(generation=0))
    with pytest.raises(SystemExit) as exited:
        main()
    assert exited.value.code in (0, None)
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0  # nothing left out of later collections
    # Moved without a collection walking it: the next young collection has nothing to do.
    assert any(obj is young for obj in gc.get_objects(generation=2))
