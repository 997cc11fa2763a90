"""The per-server table: every row usable, and the config accepts exactly its names."""

from __future__ import annotations

import pytest

from outreach.config import _CHOICES, LLMSettings
from outreach.errors import ConfigError
from outreach.providers import PROFILES, STRUCTURED_MODES, profile_for


def test_config_accepts_exactly_the_profiles_in_the_table() -> None:
    assert set(_CHOICES[(LLMSettings, "provider")]) == set(PROFILES)


@pytest.mark.parametrize("name", sorted(PROFILES))
def test_every_profile_is_complete(name: str) -> None:
    profile = PROFILES[name]
    assert profile.name == name
    assert profile.description
    assert profile.structured_output in STRUCTURED_MODES
    assert profile.concurrency is None or profile.concurrency >= 1
    assert profile.max_tokens_field in ("max_tokens", "max_completion_tokens")
    # A server that needs no key must say where it listens (or run embedded), or
    # requests would go to OpenAI.
    assert profile.needs_api_key or profile.default_base_url.startswith("http") or profile.embedded


def test_local_server_gets_one_request_at_a_time_and_patience() -> None:
    local = PROFILES["local"]
    assert local.limit_concurrency(8) == 1
    assert local.read_timeout(LLMSettings(read_timeout=120.0)) == 600.0
    assert local.read_timeout(LLMSettings(read_timeout=900.0)) == 900.0
    assert PROFILES["openai"].limit_concurrency(8) == 8
    assert PROFILES["openai"].limit_concurrency(0) == 1


def test_profile_for_follows_the_provider_setting() -> None:
    assert profile_for(LLMSettings()) is PROFILES["openai"]
    assert profile_for(LLMSettings(provider="local")) is PROFILES["local"]
    with pytest.raises(ConfigError, match=r"unknown provider 'vertex'; use one of local, openai"):
        profile_for(LLMSettings(provider="vertex"))
