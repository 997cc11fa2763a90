"""A non-editable install ships every package and every prompt template."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> zipfile.ZipFile:
    # Build from a fresh copy: an in-tree build leaves build/lib behind, and the next wheel
    # ships whatever is there, so a package dropped from pyproject.toml would still pass.
    source = tmp_path_factory.mktemp("source")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    for folder in ("outreach", "prompts"):
        shutil.copytree(
            ROOT / folder, source / folder, ignore=shutil.ignore_patterns("__pycache__")
        )
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(source)],
        check=True,
        capture_output=True,
    )
    (path,) = out.glob("outreach-*.whl")
    return zipfile.ZipFile(path)


def test_every_package_is_in_the_wheel(wheel: zipfile.ZipFile) -> None:
    names = set(wheel.namelist())
    for init in (ROOT / "outreach").rglob("__init__.py"):
        rel = init.relative_to(ROOT).as_posix()
        assert rel in names, f"{rel} missing: add its package to pyproject.toml"


def test_every_template_ships_as_package_data(wheel: zipfile.ZipFile) -> None:
    names = set(wheel.namelist())
    templates = list((ROOT / "prompts").rglob("*.j2"))
    assert templates
    for template in templates:
        rel = "outreach/_prompts/" + template.relative_to(ROOT / "prompts").as_posix()
        assert rel in names, f"{rel} missing from the wheel"


def test_data_files_ship(wheel: zipfile.ZipFile) -> None:
    names = set(wheel.namelist())
    data_files = list((ROOT / "outreach" / "data").glob("*"))
    assert data_files  # an empty glob would check nothing
    for data in data_files:
        assert f"outreach/data/{data.name}" in names
