"""Folders are listed with the paths Path(...).as_posix() gives, however the folder is spelt."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from outreach.checker.inputs import expand_paths


def _as_path_gives(folder: str) -> list[str]:
    """What each file is called when every path goes through Path(...).as_posix()."""
    found = []
    for root, dirs, names in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        found += [Path(root, n).as_posix() for n in names if n.endswith(".txt")]
    return sorted(found)


@pytest.mark.parametrize(
    "spelling", [".", "./mail", "mail", "mail/", "mail//deep", "./mail/../mail", "ABSOLUTE"]
)
def test_files_are_named_as_path_names_them(
    spelling: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    for name in ("mail/a.txt", "mail/deep/b.txt", "mail/deep/er/c.txt", "top.txt"):
        Path(name).parent.mkdir(parents=True, exist_ok=True)
        Path(name).write_text("hello\n", encoding="utf-8")
    folder = str(tmp_path / "mail") if spelling == "ABSOLUTE" else spelling
    listed = expand_paths([folder], tables=False)
    assert listed == _as_path_gives(folder)
    assert listed and all("//" not in p and not p.startswith("./") for p in listed)


@pytest.mark.skipif(os.name == "nt", reason="a name ending in ':' is a drive on Windows")
def test_a_folder_whose_name_ends_in_a_colon_keeps_its_slash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("mail:").mkdir()
    Path("mail:/x.txt").write_text("hello\n", encoding="utf-8")
    assert expand_paths(["mail:"], tables=False) == ["mail:/x.txt"] == _as_path_gives("mail:")
