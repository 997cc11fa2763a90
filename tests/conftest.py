"""Every test runs in a clean environment: no keys, no user config, a temp cwd."""

from __future__ import annotations

from pathlib import Path

import pytest

_ENV_TO_CLEAR = (
    "OPENAI_API_KEY",
    "OPENAI_BASE_URL",
    "OPENAI_ORG_ID",
    "OPENAI_PROJECT_ID",
    "OUTREACH_CONFIG",
    "OUTREACH_LEDGER",
    "OUTREACH_CACHE_DIR",
)


@pytest.fixture(autouse=True)
def clean_environ(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in _ENV_TO_CLEAR:
        monkeypatch.delenv(name, raising=False)
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    # As if the local extra were absent: a missing key is an error, not the embedded model.
    monkeypatch.setenv("OUTREACH_NO_LOCAL_DEFAULT", "1")
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
