"""The ledger: what was given to whom, when, and what was asked since.

One SQLite file (stdlib ``sqlite3``) records, per prospect (``Prospect.key``:
the email, else name and company), every gift, ask, reply and thank-you.
The tool creates and migrates the schema itself (the ``schema_version``
table says how far it got). Every write is one ``BEGIN IMMEDIATE``
transaction in WAL mode with a busy timeout and ``synchronous=FULL``, so two
processes writing at once wait for each other instead of losing an event,
and a committed event survives a crash.

Path, first match wins: ``--ledger PATH``, ``$OUTREACH_LEDGER``,
``[ledger] path`` in the config, ``ledger.sqlite3`` in
``platformdirs.user_data_dir("outreach")``.

Time comes from a clock passed in (``clock=``), never from the system deep
in the code, so tests and back-dated entries say exactly when things happened.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from outreach.config import LedgerSettings, ProportionSettings, Settings, TimingSettings
from outreach.errors import ConfigError, InputError
from outreach.models import VALUE_TIERS, Prospect
from outreach.records import field, record, replace

if TYPE_CHECKING:
    from outreach.timing import AskWindow

LEDGER_ENV = "OUTREACH_LEDGER"
LEDGER_NAME = "ledger.sqlite3"

KINDS = ("gift", "ask", "reply", "thanks")
OUTCOMES = ("yes", "no", "none")
# direct: a plain ask; anchor: the larger request of rejection-then-retreat;
# retreat: the smaller, real request sent after the anchor's "no".
STRATEGIES = ("direct", "anchor", "retreat")

Clock = Callable[[], dt.datetime]


def system_clock() -> dt.datetime:
    """Now, aware, in the machine's local time zone."""
    return dt.datetime.now(dt.UTC).astimezone()


# Each entry upgrades the schema by one version; never edit a released entry,
# append a new one. The ledger records how many it has applied.
MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE prospects (
        key        TEXT PRIMARY KEY,
        name       TEXT NOT NULL,
        company    TEXT NOT NULL DEFAULT '',
        email      TEXT NOT NULL DEFAULT '',
        first_seen TEXT NOT NULL
    );
    CREATE TABLE events (
        id           INTEGER PRIMARY KEY AUTOINCREMENT,
        prospect_key TEXT NOT NULL REFERENCES prospects(key),
        kind         TEXT NOT NULL CHECK (kind IN ('gift', 'ask', 'reply', 'thanks')),
        at           TEXT NOT NULL,
        what         TEXT NOT NULL DEFAULT '',
        value_tier   TEXT NOT NULL DEFAULT '',
        size         TEXT NOT NULL DEFAULT '',
        strategy     TEXT NOT NULL DEFAULT '',
        outcome      TEXT NOT NULL DEFAULT '',
        subject      TEXT NOT NULL DEFAULT '',
        message      TEXT NOT NULL DEFAULT '',
        recorded_at  TEXT NOT NULL
    );
    CREATE INDEX events_by_prospect ON events (prospect_key, at, id);
    """,
    """
    ALTER TABLE events ADD COLUMN channel TEXT NOT NULL DEFAULT '';
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)


def default_ledger_path() -> Path:
    import platformdirs

    return Path(platformdirs.user_data_dir("outreach")) / LEDGER_NAME


def resolve_ledger_path(
    explicit: str | os.PathLike[str] | None = None, settings: LedgerSettings | None = None
) -> Path:
    """The ledger file to use: --ledger, $OUTREACH_LEDGER, [ledger] path, the data dir."""
    if explicit:
        return Path(explicit).expanduser()
    from_env = os.environ.get(LEDGER_ENV)
    if from_env:
        return Path(from_env).expanduser()
    if settings is not None and settings.path:
        return Path(settings.path).expanduser()
    return default_ledger_path()


@record(frozen=True)
class Event:
    """One line of a prospect's timeline."""

    id: int
    prospect_key: str
    kind: str  # gift | ask | reply | thanks
    at: dt.datetime  # aware
    what: str = ""  # the gift, the request, what they did (thanks) or a note (reply)
    value_tier: str = ""  # gift: token | modest | substantial
    channel: str = ""  # gift: email, mail, call, meeting...
    size: str = ""  # ask: a rung of the request ladder (reply, call, meeting...)
    strategy: str = ""  # ask: direct | anchor | retreat
    outcome: str = ""  # reply: yes | no | none
    subject: str = ""
    message: str = ""

    def ask_window(self, *, context: str, settings: TimingSettings | None) -> AskWindow:
        """For a gift: the window in which to ask, from when, what and how it was given."""
        from outreach.timing import ask_window

        return ask_window(
            self.at,
            context=context,
            value_tier=self.value_tier,
            channel=self.channel,
            settings=settings,
        )

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "kind": self.kind, "at": self.at.isoformat()}
        # Only the fields this kind of event has (the rest are empty).
        for name in _OPTIONAL_FIELDS:
            value = getattr(self, name)
            if value:
                data[name] = value
        return data


@record(frozen=True)
class History:
    """The ledger's view of one prospect at a moment: what the timing and proportion rules read.

    ``now`` is when the copy being checked goes out. ``planned_*`` describe the
    ask being drafted or checked, when the caller knows it (``outreach ask``);
    otherwise the rules classify the ask from the copy itself.
    """

    prospect_key: str
    events: tuple[Event, ...] = ()
    now: dt.datetime | None = None
    planned_size: str = ""
    planned_strategy: str = ""  # direct | anchor | retreat
    planned_target_size: str = ""  # for an anchor: the real request it retreats to
    context: str = "sales"  # sales | relationship (the maturation policy)
    timing: TimingSettings | None = None  # None: the defaults
    proportion: ProportionSettings | None = None

    def of_kind(self, kind: str) -> tuple[Event, ...]:
        return tuple(e for e in self.events if e.kind == kind)

    @property
    def gifts(self) -> tuple[Event, ...]:
        return self.of_kind("gift")

    @property
    def asks(self) -> tuple[Event, ...]:
        return self.of_kind("ask")

    @property
    def replies(self) -> tuple[Event, ...]:
        return self.of_kind("reply")

    @property
    def thanks(self) -> tuple[Event, ...]:
        return self.of_kind("thanks")

    @property
    def last_gift(self) -> Event | None:
        gifts = self.gifts
        return gifts[-1] if gifts else None

    @property
    def last_ask(self) -> Event | None:
        asks = self.asks
        return asks[-1] if asks else None

    def reply_to(self, ask: Event) -> Event | None:
        """The first reply recorded after an ask and before the next ask."""
        after = False
        for event in self.events:
            if event.id == ask.id:
                after = True
            elif after and event.kind == "ask":
                return None
            elif after and event.kind == "reply":
                return event
        return None

    def gifts_since(self, event: Event) -> tuple[Event, ...]:
        index = self.events.index(event)
        return tuple(e for e in self.events[index + 1 :] if e.kind == "gift")

    @property
    def last_yes(self) -> tuple[Event, Event | None] | None:
        """The latest "yes" and the ask it answered (None when logged with no ask)."""
        ask: Event | None = None
        found: tuple[Event, Event | None] | None = None
        for event in self.events:
            if event.kind == "ask":
                ask = event
            elif event.kind == "reply" and event.outcome == "yes":
                found = (event, ask)
        return found

    @property
    def yes_size(self) -> str:
        """The ladder rung of the ask the latest "yes" answered ("" when none is known)."""
        found = self.last_yes
        return found[1].size if found and found[1] is not None else ""

    def with_plan(
        self,
        *,
        now: dt.datetime | None = None,
        size: str = "",
        strategy: str = "",
        target_size: str = "",
        context: str = "",
        settings: Settings | None = None,
    ) -> History:
        """This view with the ask being checked described, and the policy to judge it by."""
        return replace(
            self,
            now=now or self.now,
            planned_size=size,
            planned_strategy=strategy,
            planned_target_size=target_size,
            context=context or self.context,
            timing=settings.timing if settings else self.timing,
            proportion=settings.proportion if settings else self.proportion,
        )

    def to_dict(self) -> dict[str, Any]:
        return {"prospect": self.prospect_key, "events": [e.to_dict() for e in self.events]}


@record
class Ledger:
    """An open ledger file. Use as a context manager, or call ``close()``."""

    path: Path
    clock: Clock = system_clock
    busy_timeout: float = 30.0  # seconds a writer waits for another one
    _conn: sqlite3.Connection | None = field(default=None, repr=False)

    @classmethod
    def open(
        cls,
        path: str | os.PathLike[str],
        *,
        clock: Clock = system_clock,
        busy_timeout: float = 30.0,
    ) -> Ledger:
        ledger = cls(Path(path), clock=clock, busy_timeout=busy_timeout)
        ledger._connect()
        return ledger

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    # -- connection and schema -------------------------------------------------

    def _connect(self) -> None:
        path = self.path
        if path.exists() and path.is_dir():
            raise InputError(f"{path}: the ledger path is a folder; give a file path")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            # isolation_level=None: no implicit transactions; we open them ourselves.
            conn = sqlite3.connect(path, timeout=self.busy_timeout, isolation_level=None)
        except (OSError, sqlite3.Error) as exc:
            raise InputError(f"{path}: cannot open the ledger: {exc}") from None
        self._conn = conn
        try:
            conn.execute(f"PRAGMA busy_timeout = {int(self.busy_timeout * 1000)}")
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("PRAGMA synchronous = FULL")  # a commit is on disk before we return
            self._enable_wal(conn)
            self._migrate(conn)
        except sqlite3.DatabaseError as exc:
            self.close()
            raise InputError(f"{path}: not a usable ledger database: {exc}") from None
        except BaseException:
            self.close()
            raise

    def _enable_wal(self, conn: sqlite3.Connection) -> None:
        # Switching to WAL needs the file alone, and SQLite does not wait for that
        # (no busy handler): when a second process is creating the same new ledger,
        # wait here ourselves. Once switched, the file stays in WAL mode.
        deadline = time.monotonic() + self.busy_timeout
        pause = 0.005
        while True:
            try:
                mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or time.monotonic() > deadline:
                    raise
                time.sleep(pause)
                pause = min(pause * 2, 0.2)
                continue
            if str(mode).lower() == "wal":
                return
            raise InputError(f"{self.path}: cannot switch the ledger to WAL mode (got {mode})")

    def _migrate(self, conn: sqlite3.Connection) -> None:
        with self._transaction() as tx:
            tx.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
            version = _version(tx)
            if version > SCHEMA_VERSION:
                raise ConfigError(
                    f"{self.path}: ledger schema version {version} is newer than this outreach"
                    f" understands ({SCHEMA_VERSION}); upgrade outreach"
                )
            for number in range(version + 1, SCHEMA_VERSION + 1):
                for statement in _statements(MIGRATIONS[number - 1]):
                    tx.execute(statement)
                tx.execute("INSERT INTO schema_version (version) VALUES (?)", (number,))

    @property
    def schema_version(self) -> int:
        return _version(self._connection)

    @property
    def _connection(self) -> sqlite3.Connection:
        if self._conn is None:
            raise InputError(f"{self.path}: the ledger is closed")
        return self._conn

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: taken at once (BEGIN IMMEDIATE), committed or rolled back."""
        conn = self._connection
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    # -- writing ---------------------------------------------------------------

    def record_gift(
        self,
        prospect: Prospect,
        what: str,
        *,
        value_tier: str = "",
        channel: str = "email",
        subject: str = "",
        message: str = "",
        at: dt.datetime | dt.date | None = None,
    ) -> Event:
        """Record a gift given (the `draft --record` call lands here)."""
        if value_tier and value_tier not in VALUE_TIERS:
            raise InputError(f"value tier {value_tier!r} is not one of {', '.join(VALUE_TIERS)}")
        return self._record(
            prospect,
            "gift",
            at,
            what=_required(what, "what was given"),
            value_tier=value_tier,
            channel=channel,
            subject=subject,
            message=message,
        )

    def record_ask(
        self,
        prospect: Prospect,
        what: str,
        *,
        size: str = "",
        strategy: str = "direct",
        subject: str = "",
        message: str = "",
        at: dt.datetime | dt.date | None = None,
    ) -> Event:
        """Record a request made (what, its size on the ladder, the strategy)."""
        if strategy not in STRATEGIES:
            raise InputError(f"strategy {strategy!r} is not one of {', '.join(STRATEGIES)}")
        return self._record(
            prospect,
            "ask",
            at,
            what=_required(what, "what was asked"),
            size=size,
            strategy=strategy,
            subject=subject,
            message=message,
        )

    def record_reply(
        self,
        prospect: Prospect,
        outcome: str,
        *,
        note: str = "",
        at: dt.datetime | dt.date | None = None,
    ) -> Event:
        """Record the answer to the latest ask: yes, no, or none (no answer)."""
        if outcome not in OUTCOMES:
            raise InputError(f"reply {outcome!r} is not one of {', '.join(OUTCOMES)}")
        return self._record(prospect, "reply", at, outcome=outcome, what=note)

    def record_thanks(
        self,
        prospect: Prospect,
        *,
        reciprocated: str = "",
        subject: str = "",
        message: str = "",
        at: dt.datetime | dt.date | None = None,
    ) -> Event:
        """Record a thank-you sent, naming what they did."""
        return self._record(
            prospect, "thanks", at, what=reciprocated, subject=subject, message=message
        )

    def _record(
        self, prospect: Prospect, kind: str, at: dt.datetime | dt.date | None, **values: str
    ) -> Event:
        now = self.clock()
        when = as_datetime(at, now) if at is not None else now
        with self._transaction() as tx:
            tx.execute(
                "INSERT INTO prospects (key, name, company, email, first_seen)"
                " VALUES (?, ?, ?, ?, ?)"
                # A prospect named only by its key keeps the name the ledger already has.
                " ON CONFLICT (key) DO UPDATE SET"
                " name = coalesce(nullif(excluded.name, ''), name),"
                " company = coalesce(nullif(excluded.company, ''), company),"
                " email = coalesce(nullif(excluded.email, ''), email)",
                (prospect.key, prospect.name, prospect.company, prospect.email, _store(now)),
            )
            columns = ["prospect_key", "kind", "at", "recorded_at", *values]
            row: list[str] = [prospect.key, kind, _store(when), _store(now), *values.values()]
            cursor = tx.execute(
                f"INSERT INTO events ({', '.join(columns)})"
                f" VALUES ({', '.join('?' for _ in columns)})",
                row,
            )
            event_id = cursor.lastrowid
        assert event_id is not None
        return self.event(event_id)

    # -- reading ---------------------------------------------------------------

    def event(self, event_id: int) -> Event:
        cursor = self._connection.execute(
            f"SELECT {_COLUMNS} FROM events WHERE id = ?", (event_id,)
        )
        row = cursor.fetchone()
        if row is None:
            raise InputError(f"{self.path}: no event {event_id}")
        return _event(row, self.clock().tzinfo)

    def history(self, prospect: Prospect | str) -> History:
        """Every event for one prospect, oldest first, seen from the clock's now."""
        key = prospect.key if isinstance(prospect, Prospect) else prospect
        rows = self._connection.execute(
            f"SELECT {_COLUMNS} FROM events WHERE prospect_key = ?", (key,)
        ).fetchall()
        now = self.clock()
        events = sorted((_event(r, now.tzinfo) for r in rows), key=lambda e: (e.at, e.id))
        return History(prospect_key=key, events=tuple(events), now=now)

    def count(self, kind: str | None = None) -> int:
        if kind is None:
            row = self._connection.execute("SELECT count(*) FROM events").fetchone()
        else:
            row = self._connection.execute(
                "SELECT count(*) FROM events WHERE kind = ?", (kind,)
            ).fetchone()
        return int(row[0])


# The event fields a kind may leave empty, in column order.
_OPTIONAL_FIELDS = (
    "what",
    "value_tier",
    "channel",
    "size",
    "strategy",
    "outcome",
    "subject",
    "message",
)
_FIELDS = ("id", "prospect_key", "kind", "at", *_OPTIONAL_FIELDS)
_COLUMNS = ", ".join(_FIELDS)


def _event(row: tuple[Any, ...], tz: dt.tzinfo | None) -> Event:
    """An events row, its time shown in `tz` (the clock's zone)."""
    values = dict(zip(_FIELDS, row, strict=True))
    values["at"] = _load(values["at"], tz)
    return Event(**values)


def open_ledger(
    explicit: str | os.PathLike[str] | None = None,
    settings: LedgerSettings | None = None,
    *,
    clock: Clock = system_clock,
) -> Ledger:
    """Open (creating and migrating if needed) the ledger the options and config name."""
    return Ledger.open(resolve_ledger_path(explicit, settings), clock=clock)


def record_gift(
    prospect: Prospect,
    what: str,
    *,
    value_tier: str = "",
    channel: str = "email",
    subject: str = "",
    message: str = "",
    ledger_path: str | os.PathLike[str] | None = None,
    settings: LedgerSettings | None = None,
    clock: Clock = system_clock,
    at: dt.datetime | dt.date | None = None,
) -> Event:
    """Open the ledger, record one gift, close it: what ``outreach draft --record`` calls."""
    with open_ledger(ledger_path, settings, clock=clock) as ledger:
        return ledger.record_gift(
            prospect,
            what,
            value_tier=value_tier,
            channel=channel,
            subject=subject,
            message=message,
            at=at,
        )


def _required(value: str, what: str) -> str:
    if not value.strip():
        raise InputError(f"say {what}: the text is empty")
    return value.strip()


def _version(conn: sqlite3.Connection) -> int:
    """How many MIGRATIONS the ledger has applied (0 for a new file)."""
    row = conn.execute("SELECT max(version) FROM schema_version").fetchone()
    return int(row[0] or 0)


def _statements(script: str) -> list[str]:
    return [s.strip() for s in script.split(";") if s.strip()]


def as_datetime(at: dt.datetime | dt.date, now: dt.datetime) -> dt.datetime:
    """`at` made aware in `now`'s zone; a date means the start of that day."""
    if isinstance(at, dt.datetime):
        return at if at.tzinfo is not None else at.replace(tzinfo=now.tzinfo)
    return dt.datetime.combine(at, dt.time(0, 0), tzinfo=now.tzinfo)


def _store(moment: dt.datetime) -> str:
    # Stored in UTC so that text order is time order whatever zone wrote it.
    return moment.astimezone(dt.UTC).isoformat(timespec="seconds")


def _load(text: str, tz: dt.tzinfo | None) -> dt.datetime:
    return dt.datetime.fromisoformat(text).astimezone(tz)
