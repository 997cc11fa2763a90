"""outreach.config.user_folder gives platformdirs' folders without importing platformdirs."""

from __future__ import annotations

import sys
from pathlib import Path

import platformdirs
import pytest
from click.testing import CliRunner

from outreach.checker.cache import CACHE_ENV, cache_folder
from outreach.cli import cli
from outreach.config import find_config, user_folder

ASK = {"config": platformdirs.user_config_dir, "cache": platformdirs.user_cache_dir}
XDG = {"config": "XDG_CONFIG_HOME", "cache": "XDG_CACHE_HOME"}


@pytest.mark.parametrize("kind", ["config", "cache"])
@pytest.mark.parametrize("xdg", ["absolute", "unset", "empty", "relative", "blank"])
@pytest.mark.parametrize("home", ["absolute", "relative", "unset"])
def test_user_folder_is_platformdirs_answer(
    kind: str, xdg: str, home: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    values = {"absolute": str(tmp_path / "xdg"), "empty": "", "relative": "rel/xdg", "blank": " "}
    if xdg == "unset":
        monkeypatch.delenv(XDG[kind], raising=False)
    else:
        monkeypatch.setenv(XDG[kind], values[xdg])
    if home == "unset":
        monkeypatch.delenv("HOME", raising=False)
    else:
        monkeypatch.setenv("HOME", str(tmp_path / "home") if home == "absolute" else "rel/home")
    try:
        expected = Path(ASK[kind]("outreach"))
    except RuntimeError:  # no home platformdirs can find (newer versions): nor can we
        with pytest.raises(OSError, match="set \\$HOME"):
            user_folder(kind)
        return
    assert Path(user_folder(kind)) == expected


@pytest.mark.skipif(sys.platform != "linux", reason="the XDG rule is worked out on Linux only")
def test_user_dirs_on_linux_do_not_import_platformdirs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delitem(sys.modules, "platformdirs")
    monkeypatch.delenv(CACHE_ENV, raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "conf"))
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert Path(user_folder("config")) == tmp_path / "conf" / "outreach"
    assert Path(cache_folder()) == tmp_path / "home" / ".cache" / "outreach"
    assert "platformdirs" not in sys.modules


def test_no_home_folder_means_no_user_config_and_lint_without_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A user with no $HOME and no passwd entry: platformdirs raises RuntimeError.
    def no_home(name: str) -> str:
        raise RuntimeError("could not determine the home directory")

    monkeypatch.setattr(platformdirs, "user_config_dir", no_home)
    monkeypatch.setattr(platformdirs, "user_cache_dir", no_home)
    for name in ("HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", CACHE_ENV, "OUTREACH_CONFIG"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    assert find_config() is None
    email = tmp_path / "a.txt"
    email.write_text("Hi Sam,\n\nHere's a $50 Amazon gift card to say thanks.\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["lint", str(email)])
    assert result.exit_code == 1  # the finding, not a crash
    assert "OR101 [error]" in result.stdout
    assert "note: no user cache folder" in result.stderr
    assert "linting without the cache" in result.stderr
