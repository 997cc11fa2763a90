"""Inputs that are not what lint expects: one clear line, never a hang or silence."""

from __future__ import annotations

import itertools
import os
from pathlib import Path

from click.testing import CliRunner

from outreach.cli import cli

CLEAN = "Hi Ana,\n\nHere is the benchmark of dock no-shows we put together.\n\nDana\n"


def lint(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["lint", "--no-cache", *args])
    return result.exit_code, result.stdout, result.stderr


def test_a_named_pipe_is_reported_not_read(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)  # reading it would block forever
    code, _, err = lint(str(fifo))
    assert code == 2
    assert f"{fifo}: not a regular file (a pipe, socket or device), not linted" in err


def test_a_named_pipe_inside_a_folder_is_skipped(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "ok.txt").write_text(CLEAN)
    code, _, err = lint(str(tmp_path))
    assert code == 0, err
    assert "1 email checked" in err


def test_an_unclosed_quote_in_a_csv_is_an_error(tmp_path: Path) -> None:
    table = tmp_path / "t.csv"
    table.write_text('name,company\n"Ana,Acme\n')
    code, _, err = lint(str(table), "--column", "name")
    assert code == 2
    assert "t.csv: invalid CSV at line 2: unexpected end of data" in err


def test_an_empty_csv_names_the_missing_column(tmp_path: Path) -> None:
    table = tmp_path / "t.csv"
    table.write_text("")
    code, _, err = lint(str(table), "--column", "body")
    assert code == 2
    assert "t.csv: empty CSV: no header row, so no column 'body'" in err


def test_a_ragged_row_is_noted(tmp_path: Path) -> None:
    table = tmp_path / "t.csv"
    table.write_text("body,owner\n" + '"' + CLEAN + '",sam,extra\n')
    code, _, err = lint(str(table), "--column", "body")
    assert code == 0, err
    assert "row 1 (line 2) has 3 cells, the header 2; check its quoting" in err


def test_column_on_a_text_file_is_noted(tmp_path: Path) -> None:
    text = tmp_path / "e.txt"
    text.write_text(CLEAN)
    code, _, err = lint(str(text), "--column", "body")
    assert code == 0, err
    assert "e.txt: --column applies to .csv and .jsonl; linted as a whole" in err


def test_a_bad_flag_selector_names_the_flag(tmp_path: Path) -> None:
    text = tmp_path / "e.txt"
    text.write_text(CLEAN)
    code, _, err = lint(str(text), "--select", "ZZ999")
    assert code == 2
    assert "Invalid value for --select: 'ZZ999' is not a rule code" in err
    assert "[lint]" not in err


def test_a_bad_config_selector_names_the_file(tmp_path: Path) -> None:
    text = tmp_path / "e.txt"
    text.write_text(CLEAN)
    config = tmp_path / "c.toml"
    config.write_text('[lint]\nignore = ["QQ1"]\n')
    code, _, err = lint(str(text), "--config", str(config))
    assert code == 2
    assert f"{config}: [lint] ignore: 'QQ1' is not a rule code" in err


def test_severity_keys_match_as_validation_accepts_them(tmp_path: Path) -> None:
    text = tmp_path / "e.txt"
    text.write_text("Hi Ana,\n\nI hope this email finds you well.\n\nDana\n")
    for key in ("OR302", "or302", "OR30", "GENERIC", "stock-opener", "*"):
        config = tmp_path / "c.toml"
        config.write_text(f'[lint]\nseverity = {{ "{key}" = "error" }}\n')
        code, out, _ = lint(str(text), "--config", str(config))
        assert "OR302 [error]" in out, key
        assert code == 1, key


def test_select_and_ignore_keys_match_as_severity_keys_do(tmp_path: Path) -> None:
    text = tmp_path / "e.txt"
    text.write_text("Hi Ana,\n\nI hope this email finds you well.\n\nDana\n")
    for key in ("OR302", "or302", "OR30", "GENERIC", "stock-opener", "*"):
        code, out, err = lint(str(text), "--select", key)
        assert code == 0, err
        assert "OR302 [warning]" in out, key
        code, out, err = lint(str(text), "--ignore", key)
        assert code == 0, err
        assert "OR302" not in out, key
    assert "OR302" not in lint(str(text), "--select", "OR1")[1]


def test_the_most_specific_severity_key_wins(tmp_path: Path) -> None:
    text = tmp_path / "e.txt"
    text.write_text("Hi Ana,\n\nI hope this email finds you well.\n\nDana\n")
    config = tmp_path / "c.toml"
    config.write_text('[lint]\nseverity = { generic = "error", OR302 = "info" }\n')
    code, out, _ = lint(str(text), "--config", str(config))
    assert "OR302 [info]" in out
    assert code == 0


def test_text_without_punctuation_is_cut_into_bounded_sentences() -> None:
    from outreach.checker.text import MAX_SENTENCE, build_document

    text = "Hi Ana " + "here is a little something for your trouble " * 900
    spans = build_document(text, "long.txt").sentences
    assert max(end - start for start, end in spans) <= MAX_SENTENCE
    assert spans[0][0] == 0 and spans[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in itertools.pairwise(spans))  # no gaps


def test_folder_paths_are_written_as_pathlib_writes_them() -> None:
    import itertools
    from pathlib import PurePosixPath

    from outreach.checker.inputs import as_posix

    pieces = ("a", ".", "..", "/", "//", "...", ".a", " ")
    for count in range(5):
        for combo in itertools.product(pieces, repeat=count):
            path = "".join(combo)
            assert as_posix(path) == PurePosixPath(path).as_posix(), path
