"""The ledger: what it records, how it migrates, and that concurrent writers lose nothing."""

from __future__ import annotations

import datetime as dt
import multiprocessing
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from outreach import ledger as ledger_module
from outreach.config import LedgerSettings
from outreach.errors import ConfigError, InputError
from outreach.ledger import (
    SCHEMA_VERSION,
    Ledger,
    default_ledger_path,
    record_gift,
    resolve_ledger_path,
)
from tests.loop.helpers import NO_EMAIL, PRIYA, T0, FakeClock


def test_records_every_kind_with_its_fields(ledger: Ledger, clock: FakeClock) -> None:
    gift = ledger.record_gift(
        PRIYA, "no-show benchmark", value_tier="modest", channel="email", message="Hi Priya"
    )
    clock.advance(days=3)
    ask = ledger.record_ask(PRIYA, "a 15-minute call", size="call", strategy="direct")
    clock.advance(days=1)
    reply = ledger.record_reply(PRIYA, "yes", note="Thursday works")
    thanks = ledger.record_thanks(PRIYA, reciprocated="took the call", message="Thank you")

    history = ledger.history(PRIYA)
    assert [e.kind for e in history.events] == ["gift", "ask", "reply", "thanks"]
    assert history.events == (gift, ask, reply, thanks)
    assert (gift.what, gift.value_tier, gift.channel, gift.message) == (
        "no-show benchmark",
        "modest",
        "email",
        "Hi Priya",
    )
    assert gift.at == T0
    assert (ask.size, ask.strategy, ask.at) == ("call", "direct", T0 + dt.timedelta(days=3))
    assert (reply.outcome, reply.what) == ("yes", "Thursday works")
    assert thanks.what == "took the call"
    assert history.last_yes == (reply, ask)
    assert history.yes_size == "call"
    assert history.reply_to(ask) == reply
    assert history.now == clock.now


def test_prospect_key_is_email_else_name_and_company(ledger: Ledger) -> None:
    ledger.record_gift(PRIYA, "benchmark")
    ledger.record_gift(NO_EMAIL, "teardown")
    assert ledger.history("priya.raman@northwind.example").gifts[0].what == "benchmark"
    assert ledger.history("sam okafor|brightline").gifts[0].what == "teardown"
    assert ledger.history(PRIYA).prospect_key == "priya.raman@northwind.example"


def test_history_is_ordered_by_time_not_by_entry(ledger: Ledger) -> None:
    ledger.record_ask(PRIYA, "a call", at=T0 + dt.timedelta(days=5))
    ledger.record_gift(PRIYA, "benchmark", at=dt.date(2030, 3, 1))
    events = ledger.history(PRIYA).events
    assert [e.kind for e in events] == ["gift", "ask"]
    assert events[0].at == dt.datetime(2030, 3, 1, tzinfo=dt.UTC)


def test_values_are_validated(ledger: Ledger) -> None:
    with pytest.raises(InputError, match="value tier 'huge'"):
        ledger.record_gift(PRIYA, "x", value_tier="huge")
    with pytest.raises(InputError, match="reply 'maybe'"):
        ledger.record_reply(PRIYA, "maybe")
    with pytest.raises(InputError, match="strategy 'bait'"):
        ledger.record_ask(PRIYA, "x", strategy="bait")
    with pytest.raises(InputError, match="what was given"):
        ledger.record_gift(PRIYA, "  ")
    assert ledger.count() == 0


def test_a_failed_write_leaves_nothing_behind(ledger: Ledger) -> None:
    with pytest.raises(sqlite3.IntegrityError), ledger._transaction() as tx:
        tx.execute("INSERT INTO prospects (key, name, first_seen) VALUES ('k', 'K', 'now')")
        tx.execute("INSERT INTO prospects (key, name, first_seen) VALUES ('k', 'K', 'now')")
    assert ledger._connection.execute("SELECT count(*) FROM prospects").fetchone()[0] == 0
    ledger.record_gift(PRIYA, "benchmark")  # the connection is usable again
    assert ledger.count() == 1


def test_schema_is_created_at_the_current_version(ledger: Ledger, ledger_path: Path) -> None:
    assert ledger.schema_version == SCHEMA_VERSION
    conn = sqlite3.connect(ledger_path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    versions = [r[0] for r in conn.execute("SELECT version FROM schema_version ORDER BY 1")]
    assert versions == list(range(1, SCHEMA_VERSION + 1))


def test_an_older_ledger_is_migrated_and_keeps_its_events(
    ledger_path: Path, clock: FakeClock
) -> None:
    conn = sqlite3.connect(ledger_path, isolation_level=None)
    conn.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)")
    conn.executescript(ledger_module.MIGRATIONS[0])
    conn.execute("INSERT INTO schema_version VALUES (1)")
    conn.execute("INSERT INTO prospects VALUES ('k', 'K', '', '', '2030-01-01T00:00:00+00:00')")
    conn.execute(
        "INSERT INTO events (prospect_key, kind, at, what, recorded_at)"
        " VALUES ('k', 'gift', ?, 'old gift', ?)",
        ("2030-01-01T00:00:00+00:00", "2030-01-01T00:00:00+00:00"),
    )
    conn.close()
    with Ledger.open(ledger_path, clock=clock) as upgraded:
        assert upgraded.schema_version == SCHEMA_VERSION
        (event,) = upgraded.history("k").events
        assert (event.what, event.channel) == ("old gift", "")


def test_a_newer_ledger_is_refused(ledger_path: Path) -> None:
    conn = sqlite3.connect(ledger_path)
    conn.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)")
    conn.execute("INSERT INTO schema_version VALUES (?)", (SCHEMA_VERSION + 1,))
    conn.commit()
    conn.close()
    with pytest.raises(ConfigError, match="newer than this outreach understands"):
        Ledger.open(ledger_path)


def test_a_file_that_is_not_a_database_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite3"
    path.write_text("these are my notes, not a database\n" * 100)
    with pytest.raises(InputError, match="not a usable ledger database"):
        Ledger.open(path)
    with pytest.raises(InputError, match="is a folder"):
        Ledger.open(tmp_path)


def test_path_resolution_order(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    configured = LedgerSettings(path=str(tmp_path / "from-config.sqlite3"))
    assert resolve_ledger_path(None, None) == default_ledger_path()
    assert default_ledger_path().name == "ledger.sqlite3"
    assert str(default_ledger_path()).startswith(str(tmp_path / "home"))
    assert resolve_ledger_path(None, configured) == tmp_path / "from-config.sqlite3"
    monkeypatch.setenv("OUTREACH_LEDGER", str(tmp_path / "from-env.sqlite3"))
    assert resolve_ledger_path(None, configured) == tmp_path / "from-env.sqlite3"
    assert resolve_ledger_path(tmp_path / "flag.sqlite3", configured) == tmp_path / "flag.sqlite3"


def test_record_gift_opens_records_and_closes(tmp_path: Path, clock: FakeClock) -> None:
    path = tmp_path / "sub" / "dir" / "ledger.sqlite3"
    event = record_gift(
        PRIYA,
        "benchmark",
        value_tier="token",
        subject="S",
        message="B",
        ledger_path=path,
        clock=clock,
    )
    assert (event.kind, event.subject, event.at) == ("gift", "S", T0)
    with Ledger.open(path, clock=clock) as reopened:
        assert reopened.history(PRIYA).gifts == (event,)


def _write_many(args: tuple[str, int, int]) -> int:
    path, count, worker = args
    prospect = NO_EMAIL if worker % 2 else PRIYA
    with Ledger.open(path) as ledger:
        for i in range(count):
            kind = i % 4
            if kind == 0:
                ledger.record_gift(prospect, f"gift {worker}-{i}")
            elif kind == 1:
                ledger.record_ask(prospect, f"ask {worker}-{i}", size="call")
            elif kind == 2:
                ledger.record_reply(prospect, "none")
            else:
                ledger.record_thanks(prospect, reciprocated=f"{worker}-{i}")
    return count


def test_concurrent_processes_lose_nothing(tmp_path: Path) -> None:
    path = str(tmp_path / "shared.sqlite3")  # created by the racing writers themselves
    workers, each = 4, 160
    context = multiprocessing.get_context("spawn")
    with context.Pool(workers) as pool:
        written = sum(pool.map(_write_many, [(path, each, w) for w in range(workers)]))
    with Ledger.open(path) as ledger:
        assert written == workers * each
        assert ledger.count() == written
        assert ledger.count("gift") == written // 4
        whats = {e.what for e in ledger.history(PRIYA).gifts + ledger.history(NO_EMAIL).gifts}
        assert whats == {f"gift {w}-{i}" for w in range(workers) for i in range(0, each, 4)}


SCRIPT = """
import sys
from outreach.ledger import Ledger
from outreach.models import Prospect
path, name, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
with Ledger.open(path) as ledger:
    for i in range(count):
        ledger.record_ask(Prospect(name=name), f"{name} {i}", size="reply")
"""


def test_two_separate_programs_writing_at_once_lose_nothing(tmp_path: Path) -> None:
    path = tmp_path / "two.sqlite3"
    root = Path(__file__).resolve().parents[2]
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", SCRIPT, str(path), name, "300"],
            cwd=root,
            env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"},
        )
        for name in ("first", "second")
    ]
    assert [p.wait(timeout=120) for p in procs] == [0, 0]
    with Ledger.open(path) as ledger:
        assert ledger.count("ask") == 600
        assert len(ledger.history("first|").asks) == 300
        assert len(ledger.history("second|").asks) == 300
