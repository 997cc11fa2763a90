"""Read what `outreach lint` is given: files, folders, stdin, CSV and JSONL rows.

A path that does not exist is an error before anything is linted. A file
that cannot be read as text (binary, permission denied) is reported as a
problem and makes the run exit 2, while the other inputs are still linted.
Invalid UTF-8 is decoded with replacement characters and noted.
"""

from __future__ import annotations

import io
import itertools
import os
import stat
import sys
from collections.abc import Callable, Iterator, Sequence

from outreach.checker.cache import FileResult, LintCache
from outreach.checker.engine import check_document, save_compiled
from outreach.checker.model import SEVERITIES, CheckContext, Finding
from outreach.checker.report import severity_counts
from outreach.checker.scan import prepare_prefilter
from outreach.checker.text import Document, build_document, normalise
from outreach.config import LintSettings
from outreach.errors import InputError, OutreachError
from outreach.records import field, record

TYPE_CHECKING = False  # typing is not imported at run time (see outreach.records)
if TYPE_CHECKING:
    from typing import BinaryIO

TEXT_SUFFIXES = (".txt", ".md", ".markdown", ".eml", ".html", ".htm", ".text")
TABLE_SUFFIXES = (".csv", ".jsonl", ".ndjson")
_SKIP_DIRS = {".git", ".hg", ".svn", "node_modules", "__pycache__", ".venv", "venv", ".tox"}
_CSV_FIELD_LIMIT = 64 * 1024 * 1024


@record
class LintResult:
    """What a lint run found, how many emails it read, and what it could not read."""

    findings: list[Finding] = field(default_factory=list)
    emails: int = 0
    problems: list[str] = field(default_factory=list)  # one line each: "path: what went wrong"
    notes: list[str] = field(default_factory=list)  # warnings that do not change the exit code
    # Findings per severity, most severe first; and, when lint_paths was given a
    # `render`, the findings rendered (in sorted order) instead of `findings`, left empty.
    counts: dict[str, int] = field(default_factory=dict)
    rendered: str | None = None


@record(frozen=True)
class _Rendered:
    """A slice of the files, linted, with its findings sorted and rendered where it was linted.

    What a worker sends back when the output is one piece per finding: a string
    costs far less to send and to receive than the findings themselves.
    """

    rendered: str
    counts: dict[str, int]
    emails: int
    problems: tuple[str, ...]
    notes: tuple[str, ...]


def expand_paths(paths: Sequence[str], *, tables: bool) -> list[str]:
    """Files to read, folders walked recursively in sorted order; '-' stays as is."""
    missing = [p for p in paths if p != "-" and not os.path.exists(p)]
    if missing:
        raise InputError(f"{missing[0]}: no such file or directory")
    suffixes = TEXT_SUFFIXES + (TABLE_SUFFIXES if tables else ())
    files: list[str] = []
    for given in paths:
        if given == "-" or not os.path.isdir(given):
            files.append(given)
            continue
        found: list[str] = []
        _walk(as_posix(given), suffixes, found)
        files.extend(sorted(found))
    return files


def as_posix(path: str) -> str:
    """``Path(path).as_posix()``, worked out without pathlib on POSIX systems (where
    `outreach lint` leaves it unimported): "." and empty parts dropped, ".." kept, and two
    leading slashes kept as they are, as POSIX allows them a meaning of their own."""
    if os.name != "posix":
        from pathlib import Path

        return Path(path).as_posix()
    root = "//" if path.startswith("//") and not path.startswith("///") else "/" * (path[:1] == "/")
    parts = [part for part in path.split("/") if part and part != "."]
    return root + "/".join(parts) if root or parts else "."


def _child(folder: str, name: str) -> str:
    """``Path(folder, name).as_posix()`` for a folder already in that form, without making a
    Path for each of thousands of files."""
    if folder == ".":
        return name
    if folder.endswith("/") or (os.name == "nt" and folder.endswith(":")):  # "/", "C:"
        return folder + name
    return f"{folder}/{name}"


def _walk(folder: str, suffixes: tuple[str, ...], found: list[str]) -> None:
    """Add the files under ``folder`` (a path as ``Path.as_posix`` gives it) to ``found``,
    as os.walk would list them, in the same form.

    Its directory entries say what is a file without a stat call per file. As
    with os.walk, a folder that cannot be read is skipped, and links to folders
    are not followed.
    """
    try:
        with os.scandir(folder) as entries:
            listed = list(entries)
    except OSError:
        return
    for entry in listed:
        name = entry.name
        try:
            if entry.is_dir():
                if name not in _SKIP_DIRS and not name.startswith(".") and not entry.is_symlink():
                    _walk(_child(folder, name), suffixes, found)
            elif name.lower().endswith(suffixes) and not name.startswith(".") and entry.is_file():
                # not a FIFO, socket or device: reading one could hang
                found.append(_child(folder, name))
        except OSError:
            continue


def lint_paths(
    paths: Sequence[str],
    context: CheckContext,
    settings: LintSettings,
    *,
    column: str | None = None,
    stdin: BinaryIO | None = None,
    jobs: int | None = None,
    cache: LintCache | None = None,
    render: Callable[[Sequence[Finding]], str] | None = None,
) -> LintResult:
    """Lint every email in the given paths; findings come back sorted.

    ``jobs`` is how many processes share the files (None: one per CPU core
    when there are enough files to be worth it, 1: none). With a ``cache``
    (keyed by :meth:`LintCache.for_context`), files whose entry exists are not
    linted again, and fresh results are stored. The result is the same
    whichever is used.

    With ``render`` (a renderer whose output for a list of findings is its
    outputs for the parts of the list one after another, such as
    :func:`outreach.checker.report.part_renderer` gives), the result holds the
    sorted findings rendered in ``rendered`` and ``findings`` is empty; workers
    then send their slices back rendered when the files are in sorted order.
    """
    files = expand_paths(paths, tables=column is not None)
    results: list[FileResult | None] = [None] * len(files)
    keys: list[str | None] = [None] * len(files)
    given: dict[str, bytes] = {}  # bytes read for the cache key, linted as they were read
    if cache is not None:
        for index, path in enumerate(files):
            if path == "-" or path in given:
                continue  # stdin is read once
            try:
                data = _read_regular(path)
            except OSError:
                continue  # linting reports it
            if data is None:
                continue  # a pipe or device is reported, never read
            given[path] = data
            key = keys[index] = cache.key(path, data)
            results[index] = cache.get(key)
    todo = [path for path, got in zip(files, results, strict=True) if got is None]
    prepare_prefilter(_emails_in(todo), will_store=cache is not None)  # before any fork
    workers = _workers(todo, jobs)
    # Slices can come back rendered when their findings follow each other in sorted order:
    # every finding of a file carries its path, so when each file sorts before the next.
    by_part = render if cache is None and _ascending(todo) else None
    children: list[int] = []  # worker processes that have answered, reaped at the end
    try:
        if workers > 1:
            parts = _lint_forked(todo, context, settings, column, given, workers, children, by_part)
        else:
            parts = [_lint_each(todo, context, settings, column, stdin, given)]
        if by_part is not None:
            return _joined([_render_part(part, by_part) for part in parts])
        fresh = [got for part in parts if isinstance(part, list) for got in part]
        result = _gather(results, keys, fresh, cache)
        if render is not None:
            result.rendered = render(result.findings)
            result.findings = []
        return result
    finally:
        for pid in children:  # they have been exiting while their answers were merged
            os.waitpid(pid, 0)


def _gather(
    results: list[FileResult | None],
    keys: list[str | None],
    fresh: list[FileResult],
    cache: LintCache | None,
) -> LintResult:
    """One result from the cached and the fresh results, in file order; findings sorted."""
    fresh_iter = iter(fresh)
    result = LintResult()
    for index, got in enumerate(results):
        if got is None:
            got = next(fresh_iter)
            key = keys[index]
            if cache is not None and key is not None:
                cache.put(key, got)
        result.findings.extend(got.findings)
        result.emails += got.emails
        result.problems.extend(got.problems)
        result.notes.extend(got.notes)
    if cache is not None:
        cache.save()
        save_compiled()  # patterns, prefilter and model go where the results go, when they may
    result.findings.sort(key=Finding.sort_key)
    result.counts = severity_counts(result.findings)
    return result


def _ascending(files: Sequence[str]) -> bool:
    """Whether each file sorts after the one before it (so none is there twice)."""
    return all(a < b for a, b in itertools.pairwise(files))


def _render_part(
    part: list[FileResult] | _Rendered, render: Callable[[Sequence[Finding]], str]
) -> _Rendered:
    """A slice of the files, its findings sorted and rendered (as it is, if it already is)."""
    if isinstance(part, _Rendered):
        return part
    findings = sorted((f for got in part for f in got.findings), key=Finding.sort_key)
    return _Rendered(
        render(findings),
        severity_counts(findings),
        sum(got.emails for got in part),
        tuple(problem for got in part for problem in got.problems),
        tuple(note for got in part for note in got.notes),
    )


def _joined(parts: Sequence[_Rendered]) -> LintResult:
    """The result of slices in file order whose findings, in that order, are sorted."""
    result = LintResult(rendered="".join(part.rendered for part in parts))
    result.counts = dict.fromkeys(SEVERITIES, 0)
    for part in parts:
        result.emails += part.emails
        result.problems.extend(part.problems)
        result.notes.extend(part.notes)
        for severity, count in part.counts.items():
            result.counts[severity] += count
    return result


def _emails_in(files: Sequence[str]) -> int:
    """About how many emails the files hold: one per file, a table's by its size."""
    count = 0
    for path in files:
        if path.lower().endswith(TABLE_SUFFIXES):
            try:
                count += max(1, os.path.getsize(path) // 500)
            except OSError:
                count += 1
        else:
            count += 1
    return count


def _lint_each(
    files: Sequence[str],
    context: CheckContext,
    settings: LintSettings,
    column: str | None,
    stdin: BinaryIO | None,
    given: dict[str, bytes],
) -> list[FileResult]:
    """Lint each file on its own, in order; an InputError stops the run as it is met."""
    out = []
    for path in files:
        one = LintResult()
        for doc in _documents(path, column, one, stdin, given.get(path)):
            one.emails += 1
            one.findings.extend(check_document(doc, context, settings))
        out.append(
            FileResult(tuple(one.findings), one.emails, tuple(one.problems), tuple(one.notes))
        )
    return out


# Below this many files per process, forking costs more than it saves (measured
# on two shared cores, 0.4-0.6 ms an email: 200 files gained nothing or lost,
# 400 gained 16%, 1,000 gained 28%; with the prefilter, 0.25 ms an email: 400
# files gained 0-10%, 1,000 files 25-35%, depending on what else the cores ran).
_FILES_PER_WORKER = 150
_WARM_UP = 10  # files linted before forking; compiled patterns come from the cache now
_OWN_EXTRA = 0.04  # this process lints 4% more files than each child


def _workers(files: Sequence[str], jobs: int | None) -> int:
    if jobs is not None:
        wanted = max(1, jobs)
    else:
        cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
        wanted = min(cores or 1, len(files) // _FILES_PER_WORKER)
    if wanted <= 1 or not hasattr(os, "fork") or "-" in files:
        return 1
    return min(wanted, len(files))


def _lint_forked(
    files: Sequence[str],
    context: CheckContext,
    settings: LintSettings,
    column: str | None,
    given: dict[str, bytes],
    workers: int,
    children: list[int],
    render: Callable[[Sequence[Finding]], str] | None = None,
) -> list[list[FileResult] | _Rendered]:
    """Lint contiguous slices of ``files`` in forked processes; return them in file order.

    Each child inherits the loaded rules and the context, lints its slice and
    sends back its results (or the InputError it met) through a pipe. This
    process lints the first slice itself. A child that dies without an answer
    has its slice linted here again, so a crash shows its real traceback; so has
    a child that could not be started (no process or pipe to spare). The
    children's ids go to ``children``, for the caller to reap: a child takes a
    while to exit once it has answered, and nothing here needs to wait for that.
    With ``render``, the slices come back rendered (see :func:`_render_part`): only
    for files in sorted order, where they can simply be put one after the other.
    """
    # Lint the first files here before forking: what they load once (the rules,
    # the prefilter database, stored pattern code) is then shared by every child.
    merged = _lint_each(files[:_WARM_UP], context, settings, column, None, given)
    rest = files[_WARM_UP:]
    if not rest:
        return [merged]
    # This process takes a little more than a child: a child's first writes to the memory
    # it shares with this one copy pages, and its slice ends last (by 2-4 ms of 65).
    size = max(1, int(len(rest) / (workers + _OWN_EXTRA)))
    first = max(0, len(rest) - size * (workers - 1))
    slices = [rest[:first]] + [rest[i : i + size] for i in range(first, len(rest), size)]
    pipes: list[int | None] = []  # the read end of each child's pipe; None: no child
    answers: list[list[FileResult] | _Rendered | OutreachError | None] = []
    try:  # whatever happens, each child's answer is read, so that it can end and be reaped
        for chunk in slices[1:]:
            try:
                read_fd, write_fd = os.pipe()
            except OSError:  # no descriptor to spare: the slice is linted here
                pipes.append(None)
                continue
            try:
                pid = os.fork()
            except OSError:  # no process to spare: the slice is linted here
                os.close(read_fd)
                os.close(write_fd)
                pipes.append(None)
                continue
            if pid == 0:  # the child: lint, answer, and leave without running exit handlers
                status = 1
                try:
                    os.close(read_fd)
                    reply = _lint_slice(chunk, context, settings, column, given, render)
                    with os.fdopen(write_fd, "wb") as pipe:
                        _send(pipe, reply)
                    status = 0
                finally:
                    os._exit(status)
            os.close(write_fd)
            children.append(pid)
            pipes.append(read_fd)
        own = _lint_slice(slices[0], context, settings, column, given)
        if render is not None and isinstance(own, list):
            # Rendered while the children may still be linting; the warm-up files come first.
            answers.append(_render_part(merged + own, render))
            merged = []
        else:
            answers.append(own)
    finally:
        for answering in pipes:
            if answering is None:
                answers.append(None)
                continue
            with os.fdopen(answering, "rb") as pipe:
                data = pipe.read()
            # An answer without its end mark is a child that died mid-answer.
            answers.append(_unpacked(data) if data.endswith(_ANSWERED) else None)
    out: list[list[FileResult] | _Rendered] = [merged] if merged else []
    for chunk, answer in zip(slices, answers, strict=True):
        # A child that died without answering: lint its slice here.
        got = answer if answer is not None else _lint_slice(chunk, context, settings, column, given)
        if isinstance(got, OutreachError):
            raise got  # the first error in file order, as a serial run would raise it
        out.append(got)
    return out


# Written after a child's answer (which marshal and pickle read up to, ignoring what follows).
_ANSWERED = b"\nanswered\n"


def _send(pipe: BinaryIO, reply: list[FileResult] | _Rendered | OutreachError) -> None:
    """Write a child's answer, then the mark that says it is whole."""
    pipe.write(_packed(reply))
    pipe.write(_ANSWERED)


def _packed(reply: list[FileResult] | _Rendered | OutreachError) -> bytes:
    """A child's answer as bytes: results and rendered slices as marshal data (built-in
    types only), an error with pickle, which a run imports only then (1.7 ms otherwise)."""
    import marshal

    if isinstance(reply, _Rendered):
        return b"R" + marshal.dumps(
            (reply.rendered, reply.counts, reply.emails, reply.problems, reply.notes)
        )
    if isinstance(reply, list):
        return b"F" + marshal.dumps([got.to_dict() for got in reply])
    import pickle

    return b"E" + pickle.dumps(reply, protocol=pickle.HIGHEST_PROTOCOL)


def _unpacked(data: bytes) -> list[FileResult] | _Rendered | OutreachError:
    """The answer :func:`_packed` made."""
    import marshal

    kind, body = data[:1], data[1:]
    if kind == b"R":
        rendered, counts, emails, problems, notes = marshal.loads(body)
        return _Rendered(rendered, counts, emails, problems, notes)
    if kind == b"F":
        return [FileResult.from_dict(item) for item in marshal.loads(body)]
    import pickle

    error = pickle.loads(body)
    if not isinstance(error, OutreachError):  # only _packed writes these answers
        raise TypeError(f"a worker answered with {type(error).__name__}")
    return error


def _lint_slice(
    files: Sequence[str],
    context: CheckContext,
    settings: LintSettings,
    column: str | None,
    given: dict[str, bytes],
    render: Callable[[Sequence[Finding]], str] | None = None,
) -> list[FileResult] | _Rendered | OutreachError:
    try:
        got = _lint_each(files, context, settings, column, None, given)
    except OutreachError as exc:
        return exc
    return got if render is None else _render_part(got, render)


def _documents(
    path: str,
    column: str | None,
    result: LintResult,
    stdin: BinaryIO | None,
    data: bytes | None = None,
) -> Iterator[Document]:
    if data is None:
        data = _read_bytes(path, result, stdin)
    if data is None:
        return
    shown = "<stdin>" if path == "-" else path
    if b"\x00" in data[:8192]:
        result.problems.append(f"{shown}: binary file, not linted")
        return
    # What Path(path).suffix would say where it matters (a name ending in "." gives "."
    # here, "" there: neither is a suffix read below), without a Path for each file.
    suffix = os.path.splitext(path)[1].lower() if path != "-" else ""
    if suffix in TABLE_SUFFIXES:
        if column is None:
            raise InputError(
                f"{shown}: {suffix[1:].upper()} input needs --column NAME "
                "(the column that holds the email text)"
            )
        text = _decode(data, shown, result)
        if suffix == ".csv":
            yield from _csv_rows(text, shown, column, result)
        else:
            yield from _jsonl_rows(text, shown, column)
        return
    if column is not None:
        result.notes.append(f"{shown}: --column applies to .csv and .jsonl; linted as a whole")
    if suffix == ".eml":
        yield _eml(data, shown, result)
        return
    text = _decode(data, shown, result)
    markup = "html" if suffix in (".html", ".htm") or _looks_html(text) else "text"
    yield build_document(text, shown, markup=markup)


def _read_bytes(path: str, result: LintResult, stdin: BinaryIO | None) -> bytes | None:
    if path == "-":
        stream = stdin if stdin is not None else sys.stdin.buffer
        return stream.read()
    try:
        data = _read_regular(path)
    except FileNotFoundError:
        data = None  # gone since it was listed
    except OSError as exc:
        result.problems.append(f"{path}: cannot read: {exc.strerror or exc}")
        return None
    if data is None:
        result.problems.append(f"{path}: not a regular file (a pipe, socket or device), not linted")
    return data


# Opening a FIFO for reading waits for a writer unless non-blocking; binary on Windows.
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)


def _read_regular(path: str) -> bytes | None:
    """The bytes of a regular file, or None for anything else (a pipe, socket or device).

    One open and one fstat, instead of a stat to check and an open to read.
    """
    fd = os.open(path, _OPEN_FLAGS)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return None
        size = info.st_size + 1  # the whole file in one read, unless it grew meanwhile
        data = os.read(fd, size)
        if len(data) == info.st_size:  # all the file held: no read to see its end
            return data
        # Not the end where a read stops short: one read gives at most 2 GiB on Linux
        # and macOS, and network file systems may give less.
        chunks = [data]
        while chunk := os.read(fd, 1 << 20):
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def _decode(data: bytes, path: str, result: LintResult) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        result.notes.append(
            f"{path}: not valid UTF-8 (bad byte at offset {exc.start}); "
            "linted with replacement characters"
        )
        return data.decode("utf-8", errors="replace")


def _looks_html(text: str) -> bool:
    head = text[:512].lstrip().lower()
    return head.startswith(("<!doctype html", "<html", "<body", "<div", "<p>", "<table"))


def _eml(data: bytes, path: str, result: LintResult) -> Document:
    """An .eml file: its Subject and its text body (the HTML body if there is no text one)."""
    from email import policy
    from email.message import EmailMessage
    from email.parser import BytesParser

    message = BytesParser(policy=policy.default).parsebytes(data)
    assert isinstance(message, EmailMessage)
    subject = str(message.get("subject", "") or "")
    part = message.get_body(preferencelist=("plain", "html"))
    content = ""
    markup = "text"
    if part is not None:
        payload = part.get_payload(decode=True)
        charset = part.get_content_charset() or "utf-8"
        if isinstance(payload, bytes):
            try:
                content = payload.decode(charset, errors="replace")
            except LookupError:
                content = payload.decode("utf-8", errors="replace")
        markup = "html" if part.get_content_type() == "text/html" else "text"
    raw = normalise(_decode(data, path, result))
    body = normalise(content)
    split = raw.find("\n\n")
    if (
        not message.is_multipart()
        and markup == "text"
        and split != -1
        and raw[split + 2 :].strip() == body.strip()
    ):
        # Plain, unencoded body: lint the file itself so lines match the file.
        return build_document(raw, path, headers=True)
    return build_document(f"Subject: {subject}\n\n{content}", path, markup=markup)


def _csv_rows(text: str, path: str, column: str, result: LintResult) -> Iterator[Document]:
    import csv  # here: most runs read no table

    csv.field_size_limit(_CSV_FIELD_LIMIT)
    # strict: an unclosed quote is an error, not one giant cell running to the end
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader)
    except StopIteration:
        raise InputError(f"{path}: empty CSV: no header row, so no column {column!r}") from None
    except csv.Error as exc:
        raise InputError(f"{path}: invalid CSV header: {exc}") from None
    if column not in header:
        raise InputError(
            f"{path}: no column {column!r}; columns are: {', '.join(header) or '(none)'}"
        )
    index = header.index(column)
    previous = reader.line_num
    number = 0
    while True:
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise InputError(f"{path}: invalid CSV at line {reader.line_num}: {exc}") from None
        start = previous + 1
        previous = reader.line_num
        number += 1
        if len(record) != len(header) and any(record):
            result.notes.append(
                f"{path}: row {number} (line {start}) has {len(record)} cells, the header"
                f" {len(header)}; check its quoting"
            )
        cell = record[index] if index < len(record) else ""
        yield build_document(cell, path, row=number, line_offset=start - 1)


def _jsonl_rows(text: str, path: str, column: str) -> Iterator[Document]:
    import json  # JSONL input only

    number = 0
    for line_no, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        number += 1
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{path}: line {line_no}: invalid JSON: {exc.msg}") from None
        if not isinstance(record, dict):
            raise InputError(
                f"{path}: line {line_no}: expected an object, got {type(record).__name__}"
            )
        if column not in record:
            raise InputError(f"{path}: line {line_no}: no field {column!r}")
        value = record[column]
        cell = value if isinstance(value, str) else "" if value is None else str(value)
        yield build_document(cell, path, row=number, line_offset=line_no - 1, flat=True)
