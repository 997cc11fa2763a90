"""A persistent cache of lint results, one entry per file, as ruff and mypy keep.

An entry's key is a SHA-256 of everything its findings depend on:

- the outreach version, the Python version, and a fingerprint of every file of
  the installed ``outreach`` package (rules, vocabulary, the gift-limits data
  file): any change to the code or data misses;
- the effective lint settings (select, ignore, severity, per-file ignores,
  company phrases, region) and the context (stage, region, prospect, sender),
  and the ``--column`` read from tables;
- the path as given (findings name it) and the file's bytes.

So an entry is never stale: what could change a finding is in its key. A run
whose context holds ledger history (``--stage ask``) is not cached, as the
ledger changes outside the file. The entries of one kind of run (same code,
settings and context) are one JSON file, written to a temporary file and
renamed into place, so two runs at once never see half a file (the later
writer keeps the entries it read plus its own); an entry that cannot be read
is a miss. A file past MAX_ENTRIES keeps only what its last run used; delete
the folder to reclaim the space.

Folder: ``$OUTREACH_CACHE_DIR``, else ``platformdirs.user_cache_dir("outreach")``;
entries live under ``lint-v1/`` in it. The compiled forms of the rules and the
parsed learned model kept beside them (``patterns-v1/``, ``prefilter-v1/``,
``learned-v1/``) are checksummed files written with :func:`write_stored`.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import sys
import zlib
from collections.abc import Iterator

from outreach import __version__
from outreach.checker.model import CheckContext, Finding
from outreach.config import LintSettings, user_folder
from outreach.records import record

TYPE_CHECKING = False  # typing is not imported at run time (see outreach.records)
if TYPE_CHECKING:
    from typing import Any

CACHE_ENV = "OUTREACH_CACHE_DIR"
_LAYOUT = "lint-v1"
_PACKAGE_ROOT = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))


def cache_folder() -> str:
    """Where the cache lives: $OUTREACH_CACHE_DIR, else the user cache dir. A string:
    a lint run that only reads the cache folder does not import pathlib (2.4 ms, with
    what it imports). OSError when there is no home folder to keep it in."""
    given = os.environ.get(CACHE_ENV)
    if given:
        return given
    return user_folder("cache")


def cache_folder_if_any() -> str | None:
    """``cache_folder()``, or None when there is no cache folder (no home folder): what is
    kept there (pattern code, the prefilter database, the parsed model) is then made anew."""
    try:
        return cache_folder()
    except OSError:
        return None


def stored_file(layout: str, name: str) -> str | None:
    """A file of compiled forms in the cache folder, or None when there is none."""
    folder = cache_folder_if_any()
    return os.path.join(folder, layout, name) if folder is not None else None


def source_fingerprint(root: str | os.PathLike[str] = _PACKAGE_ROOT) -> str:
    """A hash of every file of the package (code and data), by relative path and bytes."""
    import hashlib

    digest = hashlib.sha256()
    for folder, dirs, names in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(names):
            if name.endswith((".pyc", ".pyo")):
                continue
            path = os.path.join(folder, name)
            relative = os.path.relpath(path, root).replace(os.sep, "/")
            digest.update(relative.encode() + b"\0")
            try:
                with open(path, "rb") as file:
                    digest.update(file.read())
            except OSError:
                digest.update(b"\1unreadable")
            digest.update(b"\0")
    return digest.hexdigest()


@record(frozen=True)
class FileResult:
    """What linting one file gave: its findings, emails, problems and notes."""

    findings: tuple[Finding, ...]
    emails: int
    problems: tuple[str, ...]
    notes: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "findings": [dict(f.__dict__) for f in self.findings],
            "emails": self.emails,
            "problems": list(self.problems),
            "notes": list(self.notes),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> FileResult:
        return cls(
            findings=tuple(Finding(**item) for item in data["findings"]),
            emails=int(data["emails"]),
            problems=tuple(str(p) for p in data["problems"]),
            notes=tuple(str(n) for n in data["notes"]),
        )


def hash_parts(*parts: str | bytes) -> str:
    """The SHA-256 of the parts, each length-prefixed, so no two lists of parts share one."""
    import hashlib  # here: a --no-cache run of a few files hashes nothing

    digest = hashlib.sha256()
    for part in parts:
        # surrogatepass: a file name that is not UTF-8 reaches us with lone surrogates
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()


class LintCache:
    """The entries of one kind of run: same code, settings and context.

    A kind of run keeps its entries in one JSON file (``<run key>.json``),
    read once and written once per run: a thousand small files cost more to
    write than linting them.
    """

    def __init__(
        self, folder: str | os.PathLike[str], settings: LintSettings, fingerprint: str | None = None
    ):
        self.folder = os.path.join(folder, _LAYOUT)
        self.code_key = hash_parts(
            __version__,
            sys.version,
            fingerprint if fingerprint is not None else source_fingerprint(),
        )
        self.settings_key = hash_parts(self.code_key, repr(settings))
        self.run_key = ""
        self._entries: dict[str, Any] | None = None
        self._used: set[str] = set()
        self._new: dict[str, Any] = {}

    def settings_validated(self) -> bool:
        """Whether these settings passed validation under this code before."""
        return os.path.exists(os.path.join(self.folder, f"{self.settings_key}.valid"))

    def mark_settings_validated(self) -> None:
        write_atomic(os.path.join(self.folder, f"{self.settings_key}.valid"), "")

    def for_context(self, context: CheckContext, column: str | None) -> bool:
        """Key the entries by the context; False when it cannot be cached (ledger history)."""
        if context.history is not None:
            return False
        self.run_key = hash_parts(
            self.settings_key,
            context.stage,
            context.region,
            repr(context.prospect),
            repr(context.sender),
            repr(column),
        )
        return True

    def key(self, path: str, data: bytes) -> str:
        """The entry key of one file, as given on the command line, with these bytes."""
        assert self.run_key, "call for_context first"
        return hash_parts(self.run_key, path, data)

    @property
    def _pack(self) -> str:
        return os.path.join(self.folder, f"{self.run_key}.json")

    def _load(self) -> dict[str, Any]:
        import json  # only a run that keeps results reads or writes them

        try:
            with open(self._pack, encoding="utf-8") as file:
                entries = json.loads(file.read())
        except (OSError, ValueError):
            return {}  # no entries yet, or unreadable: lint again
        return entries if isinstance(entries, dict) else {}

    def get(self, key: str) -> FileResult | None:
        if self._entries is None:
            self._entries = self._load()
        entry = self._entries.get(key)
        if entry is None:
            return None
        try:
            result = FileResult.from_dict(entry)
        except (ValueError, KeyError, TypeError):
            return None
        self._used.add(key)
        return result

    def put(self, key: str, result: FileResult) -> None:
        self._new[key] = result.to_dict()

    def save(self) -> None:
        """Add this run's new entries to the file, keeping what another run added meanwhile."""
        if not self._new:
            return
        import json

        with _locked(self._pack):  # read, merge and replace as one step across processes
            entries = self._load()
            entries.update(self._new)
            if len(entries) > MAX_ENTRIES:  # keep what this run used and made
                keep = self._used | self._new.keys()
                entries = {k: v for k, v in entries.items() if k in keep}
            write_atomic(self._pack, json.dumps(entries, separators=(",", ":")))  # ASCII
        self._entries = entries
        self._new = {}


@contextlib.contextmanager
def _locked(pack: str) -> Iterator[None]:
    """Hold an exclusive lock beside the pack; without one (no fcntl, no folder), go on."""
    try:
        import fcntl
    except ImportError:  # not POSIX: two runs at once may drop each other's new entries
        yield
        return
    try:
        os.makedirs(os.path.dirname(pack), exist_ok=True)
        handle = open(pack + ".lock", "a")  # noqa: SIM115
    except OSError:
        yield  # an unwritable cache is only slower
        return
    with handle:
        with contextlib.suppress(OSError):  # a file system without locks: go on
            fcntl.flock(handle, fcntl.LOCK_EX)
        yield


MAX_ENTRIES = 20000
_counter = 0


def write_atomic(path: str | os.PathLike[str], data: str | bytes) -> None:
    """Write to a temporary file and rename it into place; a cache that cannot be written
    is only slower, never an error."""
    global _counter
    _counter += 1
    folder, name = os.path.split(os.fspath(path))
    temp = os.path.join(folder, f".{name}.{os.getpid()}.{_counter}.tmp")
    try:
        if folder:
            os.makedirs(folder, exist_ok=True)
        if isinstance(data, str):
            with open(temp, "w", encoding="utf-8") as file:
                file.write(data)
        else:
            with open(temp, "wb") as file:
                file.write(data)
        os.replace(temp, path)
    except (OSError, ValueError):
        with contextlib.suppress(OSError):
            os.unlink(temp)


_MAGIC = b"ORPC1"  # files of compiled forms: pattern code, prefilter index, learned model


def read_stored(path: str | os.PathLike[str] | None) -> Any:
    """The value kept by :func:`write_stored`, or None: no file, cut short, damaged, or
    not one of ours."""
    if path is None:
        return None
    try:
        with open(path, "rb") as file:
            raw = file.read()
    except OSError:
        return None
    head = len(_MAGIC) + 4
    if not raw.startswith(_MAGIC) or len(raw) < head:
        return None
    payload = raw[head:]
    if zlib.crc32(payload).to_bytes(4, "big") != raw[len(_MAGIC) : head]:
        return None  # cut short or damaged
    try:
        return marshal.loads(payload)
    except (ValueError, EOFError, TypeError):
        return None


def write_stored(path: str | os.PathLike[str], value: Any) -> None:
    """Keep a marshal-able value with a checksum, atomically (see :func:`write_atomic`)."""
    payload = marshal.dumps(value)
    write_atomic(path, _MAGIC + zlib.crc32(payload).to_bytes(4, "big") + payload)
