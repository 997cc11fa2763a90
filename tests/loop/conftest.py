from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from outreach.ledger import Ledger
from tests.loop.helpers import FakeClock


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def ledger_path(tmp_path: Path) -> Path:
    return tmp_path / "ledger.sqlite3"


@pytest.fixture
def ledger(ledger_path: Path, clock: FakeClock) -> Iterator[Ledger]:
    with Ledger.open(ledger_path, clock=clock) as opened:
        yield opened
