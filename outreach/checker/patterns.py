"""Regular expressions compiled on first use, with the compiled code kept between runs.

Parsing and compiling the checker's patterns costs about 0.2 s of CPU: more than
linting a thousand emails. So a pattern is compiled only when a check first
needs it (:class:`Regex`), and what re's compiler produces for it (the code it
hands to ``_sre.compile``) is kept in the cache folder, as Python keeps .pyc
files: a later run turns the stored code back into a pattern object in
microseconds. The code belongs to one Python build, so the file is named by
it; the patterns are its keys, so an edited pattern simply misses.

Anything unexpected (another Python, a file that is damaged or from elsewhere,
a folder that cannot be written) falls back to ``re.compile``: slower, never
different. Stored code is only written by :func:`save`, which lint runs call
when they may use the cache folder.

This uses re's internal compiler, like the start-character sets below, so it is
limited to the Python versions it was checked on.
"""

from __future__ import annotations

import _sre
import re
import re._compiler as _sre_compiler
import re._constants as _sre_constants
import re._parser as _sre_parse
import sys
import zlib
from array import array
from collections.abc import Callable, Iterator

TYPE_CHECKING = False  # typing is not imported at run time (see outreach.records)
if TYPE_CHECKING:
    from typing import Any

_PYTHONS = ((3, 11), (3, 12), (3, 13))
# The array type whose items are re's code words: the code is stored as their bytes.
_CODE = next((t for t in "IL" if array(t).itemsize == _sre.CODESIZE), "")
SUPPORTED = (
    sys.implementation.name == "cpython" and sys.version_info[:2] in _PYTHONS and bool(_CODE)
)
_LAYOUT = "patterns-v1"
MAX_STORED = 1000  # patterns in the file; the rules have about 120

# (flags, code, groups, groupindex, indexgroup): the arguments of _sre.compile after the pattern
Spec = tuple[int, list[int], int, dict[str, int], tuple["str | None", ...]]
# A Spec as stored: the code as the bytes of an array of code words. Unmarshalling a
# dict of int lists (1.5 MB for the rules' 110 patterns) cost a run 3 ms; bytes load
# in a third of that, and only the patterns a run uses become lists.
Stored = tuple[int, bytes, int, dict[str, int], tuple["str | None", ...]]
_Key = tuple[str, int, str]  # pattern, flags, how it was compiled ("re" or "start")


class Regex:
    """A pattern compiled on first use: a stand-in for ``re.compile(pattern, flags)``."""

    __slots__ = ("_compiled", "flags", "pattern")

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern = pattern
        self.flags = int(flags)
        self._compiled: re.Pattern[str] | None = None

    @property
    def compiled(self) -> re.Pattern[str]:
        found = self._compiled
        if found is None:
            found = self._compiled = self._compile()
        return found

    def _compile(self) -> re.Pattern[str]:
        return compiled(self.pattern, self.flags)

    def search(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self.compiled.search(string, pos, endpos)

    def match(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self.compiled.match(string, pos, endpos)

    def fullmatch(
        self, string: str, pos: int = 0, endpos: int = sys.maxsize
    ) -> re.Match[str] | None:
        return self.compiled.fullmatch(string, pos, endpos)

    def finditer(
        self, string: str, pos: int = 0, endpos: int = sys.maxsize
    ) -> Iterator[re.Match[str]]:
        return self.compiled.finditer(string, pos, endpos)

    def findall(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> list[Any]:
        return self.compiled.findall(string, pos, endpos)

    def sub(self, repl: str | Callable[[re.Match[str]], str], string: str, count: int = 0) -> str:
        return self.compiled.sub(repl, string, count)

    def __repr__(self) -> str:
        return f"Regex({self.pattern!r}, {self.flags})"


# What the checks accept wherever they take a pattern.
Pattern = re.Pattern[str] | Regex


def compiled(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(pattern, flags)``, from stored code when there is some."""
    return _cached(pattern, int(flags), "re", _spec)


def compile_with_start_chars(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(pattern, flags)``, with the start-character set filled in where re leaves
    it out; the matches are the same."""
    if flags & re.IGNORECASE:
        return compiled(pattern, flags)
    return _cached(pattern, int(flags), "start", _start_chars_spec)


def _cached(
    pattern: str, flags: int, kind: str, build: Callable[[str, int], Spec | None]
) -> re.Pattern[str]:
    if not SUPPORTED:
        return re.compile(pattern, flags)
    store = _store()
    key = (pattern, flags, kind)
    spec = store.specs.get(key)
    store.used.add(key)
    if spec is not None:
        try:
            spec_flags, code, groups, groupindex, indexgroup = spec
            return _from_spec(
                pattern, (spec_flags, array(_CODE, code).tolist(), groups, groupindex, indexgroup)
            )
        except (TypeError, ValueError, RuntimeError, OverflowError):
            del store.specs[key]  # damaged: compile it again below
    try:
        built = build(pattern, flags) or _spec(pattern, flags)
        made = _from_spec(pattern, built)
        spec_flags, code_list, groups, groupindex, indexgroup = built
        packed = array(_CODE, code_list).tobytes()
    except (AttributeError, TypeError, ValueError, IndexError, RuntimeError, OverflowError):
        return re.compile(pattern, flags)  # an internal that differs from what this was written for
    store.specs[key] = (spec_flags, packed, groups, groupindex, indexgroup)
    store.new = True
    return made


def _from_spec(pattern: str, spec: Spec) -> re.Pattern[str]:
    flags, code, groups, groupindex, indexgroup = spec
    made: re.Pattern[str] = _sre.compile(pattern, flags, code, groups, groupindex, indexgroup)
    return made


def _spec(pattern: str, flags: int) -> Spec:
    """What ``re._compiler.compile`` hands to ``_sre.compile``, as plain data."""
    tree = _sre_parse.parse(pattern, flags)
    return _spec_of(tree, flags, _sre_compiler._code(tree, flags))


def _spec_of(tree: Any, flags: int, code: list[int]) -> Spec:
    names = dict(tree.state.groupdict)
    index_names: list[str | None] = [None] * tree.state.groups
    for name, index in names.items():
        index_names[index] = name
    return (
        int(flags | tree.state.flags),
        [int(op) for op in code],  # re's opcodes are an int subclass marshal does not take
        tree.state.groups - 1,
        names,
        tuple(index_names),
    )


# The stored code: one file per Python build.


class _Store:
    def __init__(self, specs: dict[_Key, Stored]) -> None:
        self.specs = specs
        self.loaded = bool(specs)  # an earlier run stored code here
        self.used: set[_Key] = set()  # compiled or taken from the file in this run
        self.new = False


_STORE: _Store | None = None


def _store() -> _Store:
    global _STORE
    if _STORE is None:
        _STORE = _Store(_load(_path()))
    return _STORE


def stored_before() -> bool:
    """Whether an earlier run left compiled code in the cache folder: a sign that the
    folder is kept between runs, so what a run stores there will be used again. True on a
    Python whose code is never stored (nothing to tell by)."""
    return _store().loaded if SUPPORTED else True


def _path() -> str | None:
    from outreach.checker.cache import stored_file

    build = zlib.crc32(f"{sys.version}|{_sre.MAGIC}|{_sre.CODESIZE}|bytes".encode())
    return stored_file(_LAYOUT, f"{sys.implementation.cache_tag}-{build:08x}.bin")


def _load(path: str | None) -> dict[_Key, Stored]:
    from outreach.checker.cache import read_stored

    specs = read_stored(path)
    return specs if isinstance(specs, dict) else {}


def save() -> None:
    """Store the code of patterns compiled in this run, keeping what is stored already."""
    if _STORE is None or not _STORE.new:
        return
    from outreach.checker.cache import write_stored

    path = _path()
    if path is None:
        return
    merged = {**_load(path), **_STORE.specs}
    if len(merged) > MAX_STORED:  # edited rules leave old patterns behind: keep this run's
        merged = {key: spec for key, spec in merged.items() if key in _STORE.used}
    write_stored(path, merged)
    _STORE.new = False


# Start characters. When a pattern does not begin with a literal or a class,
# re tries a match at every position of the text. Most phrase families begin
# with a word-boundary check and then a group of alternatives, so re finds no
# start set of its own, although every match starts with one of a few letters.
# compile_with_start_chars works that set out and puts it in the compiled
# pattern's info block (where re puts the set it finds itself), so the search
# skips the positions no match can start at. Matches are unchanged: the set
# holds every character a match can start with, and only patterns that cannot
# match the empty string get one.
_MAX_START_CHARS = 40  # class items; past that the set filters little


def _start_chars_spec(pattern: str, flags: int) -> Spec | None:
    c = _sre_constants
    tree = _sre_parse.parse(pattern, flags)
    if (flags | tree.state.flags) & (re.IGNORECASE | re.LOCALE):
        return None
    starts = start_set(tree)
    if not starts or len(starts) > _MAX_START_CHARS:
        return None
    code = _sre_compiler._code(tree, flags)
    all_flags = flags | tree.state.flags
    mask, min_width = code[2], code[3]
    if code[0] != c.INFO or mask & (c.SRE_INFO_PREFIX | c.SRE_INFO_CHARSET) or min_width < 1:
        return None  # re found a start of its own, or the pattern can match ""
    charset, _ = _sre_compiler._optimize_charset(sorted(starts, key=repr))
    info = [c.INFO, 0, mask | c.SRE_INFO_CHARSET, min_width, code[4]]
    _sre_compiler._compile_charset(charset, all_flags, info)
    info[1] = len(info) - 1
    return _spec_of(tree, flags, info + code[code[1] + 1 :])


def start_set(tree: Any) -> frozenset[tuple[Any, Any]] | None:
    """The characters a non-empty match of the parsed pattern can start with, or None.

    As re's own class items: (LITERAL, code point), (RANGE, (low, high)) or
    (CATEGORY, category) such as digits or spaces.
    """
    found = _first(tree)
    if found is None or found[1]:
        return None  # unknown, or the pattern can match the empty string
    return frozenset(found[0])


_First = tuple[set[tuple[object, object]], bool]


def _first(items: Any) -> _First | None:
    """(class items the sequence can start with, whether it can match "") or None if unknown."""
    out: set[tuple[Any, Any]] = set()
    for op, av in items:
        found = _first_of(op, av)
        if found is None:
            return None
        chars, nullable = found
        out |= chars
        if not nullable:
            return out, False
    return out, True


def _first_of(op: Any, av: Any) -> _First | None:
    c = _sre_constants
    if op is c.LITERAL:
        return {(c.LITERAL, av)}, False
    if op is c.IN:
        if all(kind in (c.LITERAL, c.RANGE, c.CATEGORY) for kind, _ in av):
            return {(kind, value) for kind, value in av}, False
        return None  # a negated class
    if op in (c.AT, c.ASSERT, c.ASSERT_NOT):
        return set(), True  # zero width: the next item starts the match
    if op is c.SUBPATTERN:
        _group, add_flags, _del_flags, sub = av
        return None if add_flags & re.IGNORECASE else _first(sub)
    if op is c.ATOMIC_GROUP:
        return _first(av)
    if op is c.BRANCH:
        out: set[tuple[Any, Any]] = set()
        nullable = False
        for branch in av[1]:
            found = _first(branch)
            if found is None:
                return None
            out |= found[0]
            nullable = nullable or found[1]
        return out, nullable
    if op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
        low, _high, sub = av
        found = _first(sub)
        if found is None:
            return None
        return found[0], low == 0 or found[1]
    return None
