"""The parsed learned model kept in the cache folder: same model, and the JSON stays the truth."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from outreach.checker import learned
from outreach.checker.cache import CACHE_ENV
from outreach.cli import cli
from outreach.errors import ConfigError


@pytest.fixture
def model_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A copy of the shipped model, and a cache folder with nothing stored yet."""
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    copy = tmp_path / "model.json"
    shutil.copyfile(learned.MODEL_FILE, copy)
    learned.load_model.cache_clear()
    learned._UNSAVED.clear()
    yield copy
    learned.load_model.cache_clear()
    learned._UNSAVED.clear()


def _parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record each time the model is parsed from JSON."""
    calls: list[str] = []
    real = json.loads

    def loads(text: str) -> object:
        calls.append("json")
        return real(text)

    monkeypatch.setattr(json, "loads", loads)
    return calls


def _same(a: learned.Model, b: learned.Model) -> bool:
    return (
        list(a.rows.items()) == list(b.rows.items())  # the order too: sums run in it
        and a.intercepts == b.intercepts
        and a.thresholds == b.thresholds
        and a.corpus_digest == b.corpus_digest
    )


def test_a_stored_model_is_the_parsed_one_and_skips_the_json(
    model_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    parses = _parses(monkeypatch)
    parsed = learned.load_model(model_file)
    learned.save_stored()
    learned.load_model.cache_clear()
    stored = learned.load_model(model_file)
    assert parses == ["json"]  # the second load read the stored copy
    assert stored is not parsed and _same(stored, parsed)
    assert stored.idf == parsed.idf and stored.weights == parsed.weights
    # Equal values are one object in the stored copy, so loading it makes fewer floats.
    values = [v for row in stored.rows.values() for v in row]
    assert len({id(v) for v in values}) == len({v.hex() for v in values}) < len(values)


def test_an_edited_json_file_is_parsed_again(
    model_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    learned.load_model(model_file)
    learned.save_stored()
    learned.load_model.cache_clear()
    data = json.loads(model_file.read_text(encoding="utf-8"))
    model_file.write_text(json.dumps(dict(data, corpus_digest="edited")), encoding="utf-8")
    parses = _parses(monkeypatch)
    assert learned.load_model(model_file).corpus_digest == "edited"
    assert parses == ["json"]


def test_a_damaged_stored_file_is_ignored(
    model_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = learned.load_model(model_file)
    learned.save_stored()
    stored = next((Path(os.environ[CACHE_ENV]) / "learned-v1").iterdir())
    stored.write_bytes(stored.read_bytes()[:-100])
    learned.load_model.cache_clear()
    parses = _parses(monkeypatch)
    assert _same(learned.load_model(model_file), expected)
    assert parses == ["json"]


def test_a_broken_json_file_is_still_a_config_error(model_file: Path) -> None:
    model_file.write_text("{", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"model\.json: the learned model cannot be read"):
        learned.load_model(model_file)


def test_lint_stores_the_model_only_when_it_may_use_the_cache_folder(
    model_file: Path, tmp_path: Path
) -> None:
    from click.testing import CliRunner

    email = tmp_path / "email.txt"
    email.write_text("Hi Priya, here is the benchmark you asked about.\n", encoding="utf-8")
    folder = Path(os.environ[CACHE_ENV]) / "learned-v1"
    result = CliRunner().invoke(cli, ["lint", "--no-cache", str(email)])
    assert result.exit_code == 0, result.output
    assert not folder.exists()
    result = CliRunner().invoke(cli, ["lint", str(email)])
    assert result.exit_code == 0, result.output
    assert [p.suffix for p in folder.iterdir()] == [".bin"]


def test_another_version_of_outreach_parses_its_model_again(
    model_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    learned.load_model(model_file)
    learned.save_stored()
    learned.load_model.cache_clear()
    # An upgrade whose model has the same size and, kept from the package, the same mtime.
    monkeypatch.setattr(learned, "__version__", "99.0")
    parses = _parses(monkeypatch)
    learned.load_model(model_file)
    assert parses == ["json"]
