"""Worker processes give `outreach lint` the output of one process, byte for byte.

Workers send their slices back rendered (text, github) or as findings (json,
sarif, files out of order); either way the merge must not change a byte of
stdout or stderr, nor the exit status.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

import pytest
from click.testing import CliRunner

from outreach.checker import inputs as inputs_module
from outreach.checker.inputs import lint_paths
from outreach.checker.model import CheckContext
from outreach.checker.report import part_renderer, render, render_github, render_text
from outreach.cli import cli
from outreach.config import LintSettings
from tests.checker.helpers import children_die, corpus_texts, finding

FORMATS = ("text", "json", "sarif", "github")


def write_mail(folder: Path, count: int, start: int = 0) -> None:
    texts = corpus_texts()
    folder.mkdir()
    for index in range(start, start + count):
        name = folder / f"m{index:03d}.txt"
        name.write_text(texts[(index * 7) % len(texts)], encoding="utf-8")


@pytest.fixture
def mail(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Two folders of emails, a binary file, invalid UTF-8 and a CSV table."""
    monkeypatch.setattr(inputs_module, "_WARM_UP", 2)
    write_mail(tmp_path / "a", 14)
    write_mail(tmp_path / "b", 14, start=14)
    (tmp_path / "a" / "m005.txt").write_bytes(b"\x00\x01binary")
    (tmp_path / "b" / "m020.txt").write_bytes(b"Caf\xe9: we'll send you a $50 gift card.")
    (tmp_path / "b" / "t.csv").write_text(
        'id,body\n1,"Here is a $50 gift card for a call"\n2,"Thanks for the memo"\n',
        encoding="utf-8",
    )
    return tmp_path


def lint(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["lint", "--no-cache", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result.exit_code, result.stdout, result.stderr


def totals(result: inputs_module.LintResult) -> tuple[object, ...]:
    """What a run reports besides its findings."""
    return (result.emails, result.problems, result.notes, result.counts)


def same_as_one_process(paths: Sequence[str], *flags: str) -> None:
    for fmt in FORMATS:
        alone = lint("--jobs", "1", "--format", fmt, *flags, *paths)
        assert alone[1], fmt  # something was found
        for jobs in ("2", "3"):
            assert lint("--jobs", jobs, "--format", fmt, *flags, *paths) == alone, (fmt, jobs)


def test_sorted_files_merge_like_one_process(mail: Path) -> None:
    same_as_one_process([str(mail / "a"), str(mail / "b")])


def test_paths_out_of_order_merge_like_one_process(mail: Path) -> None:
    paths = [str(mail / "b"), str(mail / "a" / "m009.txt"), str(mail / "a")]
    same_as_one_process(paths, "--fail-on", "warning")


def test_a_file_given_twice_and_a_table_merge_like_one_process(mail: Path) -> None:
    table = str(mail / "b" / "t.csv")
    paths = [str(mail / "a"), table, str(mail / "a" / "m003.txt"), str(mail / "a" / "m003.txt")]
    same_as_one_process(paths, "--column", "body")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs a FIFO")
def test_an_unreadable_input_merges_like_one_process(mail: Path) -> None:
    fifo = mail / "a" / "m010.txt"
    fifo.unlink()
    os.mkfifo(fifo)  # given by name, it is reported, never read
    paths = [str(mail / "a"), str(fifo), str(mail / "b" / "m015.txt")]
    code, _, err = lint("--jobs", "1", *paths)
    assert code == 2
    assert "not a regular file" in err
    same_as_one_process(paths)


def test_workers_send_their_slices_rendered_when_files_are_sorted(
    mail: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    joined: list[int] = []
    real = inputs_module._joined

    def spy(parts: Sequence[inputs_module._Rendered]) -> inputs_module.LintResult:
        joined.append(len(parts))
        return real(parts)

    monkeypatch.setattr(inputs_module, "_joined", spy)
    context, settings = CheckContext(), LintSettings()
    folders = [str(mail / "a"), str(mail / "b")]
    serial = lint_paths(folders, context, settings, jobs=1)
    forked = lint_paths(folders, context, settings, jobs=3, render=render_text)
    assert joined == [3]  # the warm-up files and the first slice, then two slices from workers
    assert forked.findings == []
    assert forked.rendered == render_text(serial.findings)
    assert totals(forked) == totals(serial)
    backwards = lint_paths(folders[::-1], context, settings, jobs=3, render=render_text)
    assert joined == [3]  # out of order: the findings came back and were sorted here
    assert backwards.rendered == render_text(serial.findings)


def test_a_worker_that_dies_has_its_slice_rendered_here(
    mail: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folders = [str(mail / "a"), str(mail / "b")]
    serial = lint_paths(folders, CheckContext(), LintSettings(), jobs=1)
    children_die(monkeypatch)
    forked = lint_paths(folders, CheckContext(), LintSettings(), jobs=3, render=render_github)
    assert forked.rendered == render_github(serial.findings)
    assert (forked.problems, forked.notes) == (serial.problems, serial.notes)


def test_part_renderers_render_a_list_as_its_parts_one_after_another(mail: Path) -> None:
    findings = lint_paths([str(mail / "a")], CheckContext(), LintSettings(), jobs=1).findings
    assert len(findings) > 3
    for fmt in FORMATS:
        renderer = part_renderer(fmt)
        if fmt in ("json", "sarif"):
            assert renderer is None
            continue
        assert renderer is not None
        whole = render(fmt, findings, 1)
        assert renderer(findings) == whole
        for cut in (0, 1, len(findings) // 2, len(findings)):
            assert renderer(findings[:cut]) + renderer(findings[cut:]) == whole


def test_caret_lines_keep_tabs_under_tabs() -> None:
    tabbed = finding(line=1, column=5, end_line=1, end_column=8, source="\tab\t$50 card")
    assert render_text([tabbed]).splitlines()[2] == "  \t  \t^^^"
    plain = finding(line=1, column=5, end_line=1, end_column=8, source="abcd$50 card")
    assert render_text([plain]).splitlines()[2] == "      ^^^"


def test_a_file_that_grows_after_its_size_is_read_is_read_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "grown.txt"
    path.write_bytes(b"x" * 5000)
    real = os.fstat

    class Smaller:
        def __init__(self, info: os.stat_result) -> None:
            self.st_mode = info.st_mode
            self.st_size = 10  # as if it held 10 bytes when its size was read

    monkeypatch.setattr(inputs_module.os, "fstat", lambda fd: Smaller(real(fd)))
    assert inputs_module._read_regular(str(path)) == b"x" * 5000


@pytest.mark.parametrize("short_of", ["process", "pipe"])
def test_a_worker_that_cannot_be_started_has_its_slice_linted_here(
    mail: Path, monkeypatch: pytest.MonkeyPatch, short_of: str
) -> None:
    import errno

    folders = [str(mail / "a"), str(mail / "b")]
    serial = lint_paths(folders, CheckContext(), LintSettings(), jobs=1)
    name = "fork" if short_of == "process" else "pipe"
    real = getattr(os, name)
    calls: list[str] = []

    def second_fails() -> object:  # the first child starts, the second cannot
        calls.append(name)
        if len(calls) == 2:
            raise OSError(errno.EAGAIN, "Resource temporarily unavailable")
        return real()

    monkeypatch.setattr(inputs_module.os, name, second_fails)
    reap = os.waitpid
    children: list[int] = []
    monkeypatch.setattr(inputs_module.os, "waitpid", lambda pid, flags: children.append(pid))
    for by_part in (None, render_text):
        calls.clear()
        forked = lint_paths(folders, CheckContext(), LintSettings(), jobs=3, render=by_part)
        assert calls == [name, name]
        if by_part is None:
            assert forked.findings == serial.findings
        else:
            assert forked.rendered == render_text(serial.findings)
        assert totals(forked) == totals(serial)
    assert len(children) == 2  # the one child each run started, reaped
    for pid in children:
        reap(pid, 0)


def test_a_read_that_stops_short_is_not_taken_for_the_end_of_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(b"x" * 5000)
    real = os.read
    # As a read of more than 2 GiB, or one from a network file system, may return.
    monkeypatch.setattr(inputs_module.os, "read", lambda fd, n: real(fd, min(n, 1000)))
    assert inputs_module._read_regular(str(path)) == b"x" * 5000
