from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from outreach import records
from outreach.config import (
    CONFIG_ENV,
    CONFIG_NAME,
    LintSettings,
    LLMSettings,
    Settings,
    find_config,
    load_settings,
    settings_from_dict,
    user_folder,
)
from outreach.errors import ConfigError

ROOT = Path(__file__).resolve().parent.parent


def test_no_config_anywhere_gives_defaults() -> None:
    assert find_config() is None
    assert load_settings() == Settings()


def test_search_order_explicit_then_env_then_cwd_then_user(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    user = Path(user_folder("config"), CONFIG_NAME)
    user.parent.mkdir(parents=True)
    user.write_text('[llm]\nmodel = "user"\n')
    assert load_settings().llm.model == "user"

    Path("outreach.toml").write_text('[llm]\nmodel = "cwd"\n')
    assert load_settings().llm.model == "cwd"

    env_file = tmp_path / "env.toml"
    env_file.write_text('[llm]\nmodel = "env"\n')
    monkeypatch.setenv(CONFIG_ENV, str(env_file))
    assert load_settings().llm.model == "env"

    explicit = tmp_path / "explicit.toml"
    explicit.write_text('[llm]\nmodel = "explicit"\n')
    assert load_settings(explicit).llm.model == "explicit"


def test_missing_explicit_file_is_an_error() -> None:
    with pytest.raises(
        ConfigError, match=r"nope\.toml: config file not found \(given with --config\)"
    ):
        load_settings("nope.toml")


def test_a_folder_named_as_the_config_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    Path("conf").mkdir()
    monkeypatch.setenv("OUTREACH_CONFIG", "conf")
    with pytest.raises(ConfigError, match=r"conf: is a folder, not a config file \(named by"):
        load_settings()


def test_missing_env_file_names_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(CONFIG_ENV, "gone.toml")
    with pytest.raises(ConfigError, match=r"named by \$OUTREACH_CONFIG"):
        load_settings()


def test_unknown_key_gets_a_suggestion() -> None:
    with pytest.raises(ConfigError, match=r"\[llm\]: unknown key 'modle'; did you mean 'model'\?"):
        settings_from_dict({"llm": {"modle": "x"}})


def test_unknown_section_gets_a_suggestion() -> None:
    with pytest.raises(ConfigError, match=r"unknown section \[sendr\]; did you mean 'sender'\?"):
        settings_from_dict({"sendr": {}})


def test_wrong_type_names_key_and_type() -> None:
    with pytest.raises(
        ConfigError, match=r"\[llm\] max_tokens: expected a whole number, got 'lots'"
    ):
        settings_from_dict({"llm": {"max_tokens": "lots"}})
    with pytest.raises(ConfigError, match=r"\[sender\] assets: expected a list of strings"):
        settings_from_dict({"sender": {"assets": "one"}})


def test_choice_keys_are_checked() -> None:
    with pytest.raises(ConfigError, match=r"provider: 'anthropic' is not one of 'openai', 'local'"):
        settings_from_dict({"llm": {"provider": "anthropic"}})


@pytest.mark.parametrize(
    ("section", "values", "message"),
    [
        ("llm", {"temperature": "hot"}, r"\[llm\] temperature: expected a number, got 'hot'"),
        ("llm", {"temperature": float("nan")}, r"temperature: expected a finite number, got nan"),
        ("llm", {"max_tokens": -1}, r"max_tokens: -1 is out of range; use a number of 1 or more"),
        ("llm", {"max_attempts": 0}, r"max_attempts: 0 is out of range"),
        (
            "batch",
            {"concurrency": 0},
            r"\[batch\] concurrency: 0 is out of range; use a number"
            r" between 1 and 512",
        ),
        ("timing", {"sales_min_days": -5}, r"sales_min_days: -5 is out of range"),
        ("timing", {"tier_extra_days": {"token": -99999}}, r"tier_extra_days\.token: -99999"),
        (
            "timing",
            {"sales_min_days": 10, "sales_max_days": 2},
            r"sales_min_days = 10 is more than sales_max_days = 2",
        ),
    ],
)
def test_numbers_out_of_range_name_the_key(
    section: str, values: dict[str, object], message: str
) -> None:
    with pytest.raises(ConfigError, match=message):
        settings_from_dict({section: values})


def test_sender_header_keys_are_one_line_and_the_email_is_checked() -> None:
    with pytest.raises(ConfigError, match=r"\[sender\] name: must be one line"):
        settings_from_dict({"sender": {"name": "Dana\nBcc: x@example.com"}})
    with pytest.raises(ConfigError, match=r"\[sender\] email: 'dana' is not an email address"):
        settings_from_dict({"sender": {"email": "dana"}})
    signature = "Dana Reyes\nFieldnote Analytics"  # multi-line keys stay multi-line
    assert settings_from_dict({"sender": {"signature": signature}}).sender.signature == signature


def test_a_config_saved_with_a_byte_order_mark_and_crlf_loads() -> None:
    Path("outreach.toml").write_bytes(b'\xef\xbb\xbf[llm]\r\nmodel = "x"\r\n')
    assert load_settings().llm.model == "x"


def test_values_are_frozen_and_lists_become_tuples() -> None:
    settings = settings_from_dict({"sender": {"assets": ["a", "b"]}, "llm": {"temperature": 1}})
    assert settings.sender.assets == ("a", "b")
    assert settings.llm.temperature == 1.0
    table = settings_from_dict({"lint": {"per_file_ignores": {"*.md": ["B101"]}}}).lint
    assert table.per_file_ignores == {"*.md": ["B101"]}  # a list where the field says list
    assert type(table.per_file_ignores["*.md"]) is list
    with pytest.raises(records.FrozenInstanceError):
        settings.llm.model = "x"  # type: ignore[misc]


def test_malformed_toml_names_the_file() -> None:
    Path("outreach.toml").write_text("[llm\nmodel=")
    with pytest.raises(ConfigError, match=r"outreach\.toml: invalid TOML"):
        load_settings()


def test_non_utf8_config_is_a_clear_error() -> None:
    Path("outreach.toml").write_bytes(b'[sender]\nname = "Ren\xe9"\n')
    with pytest.raises(ConfigError, match="not UTF-8"):
        load_settings()


def test_example_config_is_valid_and_documents_every_key() -> None:
    path = ROOT / "config.example.toml"
    settings = load_settings(path)
    assert settings.sender.name  # the example is filled in
    raw = tomllib.loads(path.read_text())
    for section, table in raw.items():
        cls = type(getattr(settings, section))
        documented = set(table)
        expected = {f.name for f in records.fields(cls)}
        assert documented == expected, f"[{section}] documents {documented ^ expected} wrongly"
    sections = {f.name for f in records.fields(Settings)} - {"source"}
    assert set(raw) == sections


def test_example_config_holds_no_secret() -> None:
    text = (ROOT / "config.example.toml").read_text()
    assert "sk-" not in text
    assert LLMSettings().api_key_env == "OPENAI_API_KEY"
    assert LintSettings().fail_on == "error"
