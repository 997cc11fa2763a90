"""One pass over an email tells which phrase patterns could match it (Hyperscan).

Most emails match few of the checker's phrase families, yet each family is a
regex that has to scan the whole email to say so. With Hyperscan installed,
every :class:`~outreach.checker.scan.FastPattern` of the rules is compiled into
one database that scans an email once and reports which patterns might match;
the Python regex then runs only for those. Findings never change:

- Each pattern is rewritten from re's own parse of it into one that matches a
  superset of what it matches (:func:`relax`): lookarounds, anchors and word
  boundaries are dropped, and every class also takes every non-ASCII character,
  so Hyperscan's Unicode tables never matter. The database scans the same
  lower-cased text the Python pattern runs on, compiled with
  HS_FLAG_PREFILTER, which may only widen a pattern further.
- A pattern that cannot be rewritten or that Hyperscan rejects, an email that
  lowering changes in length, and a FastPattern made after the database was
  prepared: these simply run as before.
- Without Hyperscan (no wheel for the platform) everything runs as before.

Compiling the database takes a while, so it is stored in the cache folder,
keyed by the patterns, the rewriting and the Hyperscan version; the lint
command stores it when it may write the cache (see :func:`save`).
"""

from __future__ import annotations

import _thread
import os
import re
import re._constants as _c
import re._parser as _sre_parse
import sys
import zlib
from collections.abc import Iterable, Sequence

TYPE_CHECKING = False  # typing is not imported at run time (see outreach.records)
if TYPE_CHECKING:
    from typing import Any

_REWRITE_VERSION = "1"  # bump when relax() changes: stored databases then miss
_MAX_BOUND = 1  # counted repeats up to this stay counted
_LAYOUT = "prefilter-v1"

_NON_ASCII = r"\x{80}-\x{10FFFF}"  # no surrogates in valid UTF-8: they never occur
_ANY_CHAR = r"[\x00-\x{10FFFF}]"
# re's categories as code point ranges of ASCII, then whether non-ASCII characters may be in
# them. Outside ASCII, Python's Unicode tables decide; a superset takes every such character.
_ASCII_WORD = ((0x30, 0x39), (0x41, 0x5A), (0x5F, 0x5F), (0x61, 0x7A))
_ASCII_DIGIT = ((0x30, 0x39),)
_ASCII_SPACE = ((0x09, 0x0D), (0x1C, 0x20))  # str.isspace() in ASCII, as re's \s


def _complement(ranges: Sequence[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    out = []
    low = 0
    for start, end in ranges:
        if start > low:
            out.append((low, start - 1))
        low = end + 1
    if low <= 0x7F:
        out.append((low, 0x7F))
    return tuple(out)


_CATEGORIES: dict[Any, tuple[tuple[int, int], ...]] = {
    _c.CATEGORY_WORD: _ASCII_WORD,
    _c.CATEGORY_NOT_WORD: _complement(_ASCII_WORD),
    _c.CATEGORY_DIGIT: _ASCII_DIGIT,
    _c.CATEGORY_NOT_DIGIT: _complement(_ASCII_DIGIT),
    _c.CATEGORY_SPACE: _ASCII_SPACE,
    _c.CATEGORY_NOT_SPACE: _complement(_ASCII_SPACE),
}


class Untranslatable(Exception):
    """A construct the rewriting does not handle: the pattern then always runs."""


def relax(pattern: str, flags: int = 0) -> str:
    """A Hyperscan pattern (UTF-8 mode) matching at least every text ``pattern`` matches."""
    try:
        tree = _sre_parse.parse(pattern, flags)
    except re.error as exc:
        raise Untranslatable(str(exc)) from None
    return _sequence(tree, bool((flags | tree.state.flags) & re.IGNORECASE),
                     bool((flags | tree.state.flags) & re.DOTALL))  # fmt: skip


def _char(code: int) -> str:
    if code < 0x80:
        char = chr(code)
        if char.isalnum():
            return char
        return f"\\{char}" if char.isprintable() and char != " " else f"\\x{code:02X}"
    if 0xD800 <= code <= 0xDFFF:
        raise Untranslatable("a surrogate code point")
    return f"\\x{{{code:X}}}"


def _span(low: int, high: int) -> str:
    if low <= 0xDFFF and high >= 0xD800:  # no surrogates in UTF-8 mode: split around them
        parts = []
        if low < 0xD800:
            parts.append(_span(low, 0xD7FF))
        if high > 0xDFFF:
            parts.append(_span(0xE000, high))
        return "".join(parts)
    return _char(low) if low == high else f"{_char(low)}-{_char(high)}"


def _cased(code: int) -> list[tuple[int, int]]:
    """A character and its other cases; any non-ASCII character may fold to an ASCII letter."""
    char = chr(code)
    found = {code}
    for other in (char.lower(), char.upper(), char.swapcase()):
        if len(other) == 1:
            found.add(ord(other))
    return [(c, c) for c in sorted(found)]


def _sequence(items: Any, caseless: bool, dotall: bool) -> str:
    return "".join(_item(op, av, caseless, dotall) for op, av in items)


def _item(op: Any, av: Any, caseless: bool, dotall: bool) -> str:
    if op is _c.LITERAL:
        if caseless and chr(av).isalpha():
            return _class(_cased(av), non_ascii=True)
        return _char(av)
    if op is _c.NOT_LITERAL:
        return f"[^{_char(av)}]"  # re may exclude more (other cases): a superset
    if op is _c.ANY:
        return _ANY_CHAR if dotall else r"[^\n]"
    if op is _c.IN:
        return _in(av, caseless)
    if op in (_c.AT, _c.ASSERT, _c.ASSERT_NOT):
        return ""  # zero width: dropping a condition only adds matches
    if op is _c.SUBPATTERN:
        _group, add_flags, del_flags, sub = av
        if add_flags & re.IGNORECASE:
            caseless = True
        if del_flags & re.IGNORECASE:
            caseless = False
        if add_flags & re.DOTALL:
            dotall = True
        if del_flags & re.DOTALL:
            dotall = False
        return _group_of(_sequence(sub, caseless, dotall))
    if op is _c.ATOMIC_GROUP:
        return _group_of(_sequence(av, caseless, dotall))  # without backtracking limits: wider
    if op is _c.BRANCH:
        return "(?:" + "|".join(_sequence(b, caseless, dotall) for b in av[1]) + ")"
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT):
        low, high, sub = av
        inner = _sequence(sub, caseless, dotall)
        if not inner:
            return ""
        if high is _c.MAXREPEAT:
            bound = "*" if low == 0 else "+" if low == 1 else f"{{{low},}}"
        elif high <= _MAX_BOUND:
            bound = "?" if low == 0 else ""
        else:  # unbounded is wider, and compiles and scans much faster than a long count
            bound = "*" if low == 0 else "+" if low == 1 else f"{{{low},}}"
        return f"(?:{inner}){bound}"
    raise Untranslatable(f"{op} is not rewritten")


def _group_of(inner: str) -> str:
    return f"(?:{inner})" if inner else ""


def _in(items: Any, caseless: bool) -> str:
    if items and items[0][0] is _c.NEGATE:
        # A text character the class excludes must be excluded here too, so only what re
        # certainly excludes is listed: the characters as given, and the ASCII part of
        # categories. Leaving a character out only widens the class.
        parts = []
        for kind, value in items[1:]:
            if kind is _c.LITERAL:
                parts.append(_char(value))
            elif kind is _c.RANGE:
                parts.append(_span(*value))
            elif kind is _c.CATEGORY and value in _CATEGORIES:
                parts.extend(_span(*r) for r in _CATEGORIES[value])
            else:
                raise Untranslatable(f"{kind} in a negated class")
        return f"[^{''.join(parts)}]" if parts else _ANY_CHAR
    spans: list[tuple[int, int]] = []
    non_ascii = False
    for kind, value in items:
        if kind is _c.LITERAL:
            if caseless and chr(value).isalpha():
                spans.extend(_cased(value))
                non_ascii = True
            else:
                spans.append((value, value))
        elif kind is _c.RANGE:
            low, high = value
            spans.append((low, high))
            if caseless:
                for code in range(max(low, 0x41), min(high, 0x7A) + 1):
                    spans.extend(_cased(code))
                non_ascii = True
        elif kind is _c.CATEGORY and value in _CATEGORIES:
            spans.extend(_CATEGORIES[value])
            non_ascii = True
        else:
            raise Untranslatable(f"{kind} in a class")
    return _class(spans, non_ascii)


def _class(spans: Iterable[tuple[int, int]], non_ascii: bool) -> str:
    body = "".join(_span(low, high) for low, high in sorted(set(spans)))
    return f"[{body}{_NON_ASCII if non_ascii else ''}]"


# The database.


class Prefilter:
    """A compiled database of relaxed patterns, and which pattern each of its ids stands for."""

    def __init__(self, database: Any, ids: dict[tuple[str, int], int]) -> None:
        hs = binding()
        self.database = database
        self.ids = ids  # (pattern, flags) -> id, for the patterns the database holds
        self.gates: dict[Any, frozenset[int] | None] = {}  # check -> ids it needs (scan.py)
        self._scratch = hs.Scratch(database)
        self._owner = _thread.get_ident()
        self._local: Any = None  # other threads' scratch: a scan in use cannot share its own
        self._error = hs.error

    def scan(self, text: str) -> frozenset[int] | None:
        """The ids of the patterns that might match ``text``; None when it cannot tell."""
        try:
            data = text.encode("utf-8")
        except UnicodeEncodeError:
            return None  # lone surrogates: not UTF-8, so not for the database
        scratch = self._scratch if _thread.get_ident() == self._owner else self._own_scratch()
        found: set[int] = set()
        try:
            self.database.scan(data, match_event_handler=_on_match, context=found, scratch=scratch)
        except self._error:
            return None  # whatever went wrong, every pattern runs: slower, never different
        return frozenset(found)

    def _own_scratch(self) -> Any:
        if self._local is None:
            import threading  # imported when a second thread scans, not by every run

            self._local = threading.local()
        scratch = getattr(self._local, "scratch", None)
        if scratch is None:
            scratch = self._local.scratch = self._scratch.clone()
        return scratch


def _on_match(pattern_id: int, start: int, end: int, flags: int, found: set[int]) -> None:
    found.add(pattern_id)


def hyperscan_version() -> str | None:
    """The version of the Hyperscan library the binding holds (what decides which stored
    databases it can load), or None when the binding is not installed."""
    hs = binding()
    if hs is None:
        return None
    # From the extension module, which the package imports too: the package's own
    # __version__ is the binding's, and a run must not key its database otherwise
    # because something imported the package first.
    extension = sys.modules.get("hyperscan._hs_ext", hs)
    return str(getattr(extension, "__version__", "unknown"))


_BINDING: list[Any] = []  # the binding once looked for: [module] or [None]


def binding() -> Any:
    """The Hyperscan binding's extension module (``hyperscan._hs_ext``), or None when the
    binding is not installed.

    The ``hyperscan`` package re-exports that module and adds a NamedTuple the checker
    does not use, for which it imports typing: 2.5 ms of a lint run. So the extension is
    loaded as the import system would load it, without the package's ``__init__``, and
    kept in ``sys.modules`` under its name, where a later ``import hyperscan`` finds it.
    If anything about the package is not as expected, the package is imported instead.
    """
    if not _BINDING:
        _BINDING.append(_find_binding())
    return _BINDING[0]


def _find_binding() -> Any:
    if "hyperscan" in sys.modules:  # imported already, or kept from importing (None)
        return sys.modules["hyperscan"]
    try:
        found = sys.modules.get("hyperscan._hs_ext") or _extension()
    except (ImportError, OSError, AttributeError, TypeError):
        found = None
    if found is not None:
        return found
    try:
        import hyperscan
    except ImportError:
        return None
    return hyperscan


def _extension() -> Any:
    """hyperscan._hs_ext, loaded without importing the hyperscan package; None: not found."""
    import importlib.machinery as machinery

    name = "hyperscan._hs_ext"
    package = machinery.PathFinder.find_spec("hyperscan")
    if package is None or not package.submodule_search_locations:
        return None
    spec = machinery.PathFinder.find_spec(name, list(package.submodule_search_locations))
    if spec is None or not isinstance(spec.loader, machinery.ExtensionFileLoader):
        return None
    module = spec.loader.create_module(spec)
    spec.loader.exec_module(module)
    if not hasattr(module, "loadb"):
        return None
    sys.modules[name] = module
    return module


# What a database is compiled from: the rewriting, Hyperscan's version, Python's, the patterns.
_Identity = tuple[str, str, str, tuple[tuple[str, int], ...]]


def _identity(patterns: Sequence[tuple[str, int]], version: str) -> _Identity:
    return _REWRITE_VERSION, version, f"{sys.version_info[:2]}", tuple(patterns)


def database_key(patterns: Sequence[tuple[str, int]], version: str) -> str:
    """The stored database's name: two checksums of what it is compiled from.

    Not a cryptographic hash, which would cost a --no-cache run 2 ms to import hashlib:
    the database's index holds what it was compiled from in full and :func:`_load`
    compares it, so two sets of patterns that share a name only make each other miss.
    """
    data = repr(_identity(patterns, version)).encode("utf-8", "surrogatepass")
    return f"{zlib.crc32(data):08x}{zlib.adler32(data):08x}{len(data):x}"


def load_or_build(
    patterns: Sequence[tuple[str, int]], folder: str | None, *, compile_missing: bool = True
) -> Prefilter | None:
    """The database for these patterns: stored when there is one, else compiled (unsaved,
    see :func:`save`) unless ``compile_missing`` is false."""
    version = hyperscan_version()
    if version is None or not patterns:
        return None
    hs = binding()

    key = database_key(patterns, version)
    path = os.path.join(folder, _LAYOUT, f"{key}.bin") if folder is not None else None
    identity = _identity(patterns, version)
    stored = _load(path, identity)
    if stored is not None or not compile_missing:
        return stored
    compiled = compile_database(patterns)
    if compiled is None:
        return None
    database, ids = compiled
    global _UNSAVED
    _UNSAVED = (path, hs.dumpb(database), ids, identity) if path is not None else None
    return Prefilter(database, ids)


def _load(path: str | None, identity: _Identity) -> Prefilter | None:
    """The stored database compiled from ``identity``: its index (the blob's checksum, ids,
    and what it was compiled from) and the blob beside it."""
    hs = binding()

    from outreach.checker.cache import read_stored

    index = read_stored(path)
    if index is None or path is None:
        return None
    try:
        checksum, ids, compiled_from = index
        if compiled_from != identity:
            return None  # another set of patterns under the same name
        with open(_blob_path(path), "rb") as file:
            blob = file.read()  # hyperscan takes bytes only: no copy
        if zlib.crc32(blob) != checksum:
            return None
        return Prefilter(hs.loadb(blob, hs.HS_MODE_BLOCK), ids)
    except (OSError, ValueError, EOFError, TypeError, AttributeError, hs.error):
        return None  # missing, damaged or from another build: compile again


def compile_database(
    patterns: Sequence[tuple[str, int]],
) -> tuple[Any, dict[tuple[str, int], int]] | None:
    """Compile every pattern that can be relaxed and that Hyperscan takes; None if none is."""
    hs = binding()

    flags = hs.HS_FLAG_UTF8 | hs.HS_FLAG_SINGLEMATCH | hs.HS_FLAG_PREFILTER
    relaxed: list[tuple[bytes, tuple[str, int]]] = []
    for pattern, pattern_flags in dict.fromkeys(patterns):
        try:
            expression = relax(pattern, pattern_flags).encode("ascii")
        except Untranslatable:
            continue
        relaxed.append((expression, (pattern, pattern_flags)))

    def build(chosen: list[tuple[bytes, tuple[str, int]]]) -> Any:
        database = hs.Database()
        database.compile(
            expressions=[expression for expression, _ in chosen],
            ids=list(range(len(chosen))),
            flags=[flags] * len(chosen),
        )
        return database

    try:
        database = build(relaxed) if relaxed else None
    except hs.error:  # Hyperscan rejects one: find which, one at a time, and leave it out
        relaxed = [one for one in relaxed if _accepted(build, one)]
        database = build(relaxed) if relaxed else None
    if database is None:
        return None
    return database, {key: index for index, (_, key) in enumerate(relaxed)}


def _accepted(build: Any, one: tuple[bytes, tuple[str, int]]) -> bool:
    hs = binding()

    try:
        build([one])
    except hs.error:
        return False
    return True


_UNSAVED: tuple[str, bytes, dict[tuple[str, int], int], _Identity] | None = None


def _blob_path(index: str) -> str:
    """Where the database whose index is at ``index`` (NAME.bin) keeps its blob: NAME.hsdb."""
    return os.path.splitext(index)[0] + ".hsdb"


def save() -> None:
    """Store a database compiled in this run, for the next runs: the blob, then its index."""
    global _UNSAVED
    if _UNSAVED is None:
        return
    path, blob, ids, identity = _UNSAVED
    from outreach.checker.cache import write_atomic, write_stored

    write_atomic(_blob_path(path), blob)
    write_stored(path, (zlib.crc32(blob), ids, identity))
    _UNSAVED = None
    _prune(os.path.dirname(path), keep=os.path.splitext(os.path.basename(path))[0])


KEEP_STORED = 3  # databases kept (2 MB each): edited rules or other versions leave old ones


def _prune(folder: str, keep: str) -> None:
    """Delete all but the newest stored databases, never the one just written."""
    from pathlib import Path  # only a run that stores a database

    try:
        stored = sorted(Path(folder).glob("*.hsdb"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in stored[KEEP_STORED:]:
            if old.stem != keep:
                old.with_suffix(".bin").unlink(missing_ok=True)
                old.unlink(missing_ok=True)
    except OSError:
        pass  # another run pruned it first, or the folder is read-only: only space is lost
