"""A local OpenAI-compatible chat endpoint for end-to-end batch tests and benchmarks.

It answers `POST /v1/chat/completions` with a valid completion for the schema
asked for (gift ideas, or an email), after a configurable latency, and can be
told to misbehave: 429 with Retry-After, 5xx, hanging past the client's
timeout, a body that is not JSON, or a completion whose content is not JSON.

It binds 127.0.0.1 on a free port, serves HTTP/1.1 with keep-alive from one
asyncio loop (so 16 or 64 concurrent clients cost no threads), and stops by
itself after `lifetime` seconds or `max_requests` requests, so a test that
forgets it cannot leave it running.

In a test:

    with StubServer(latency=0.01, faults=["429:1", "500"]) as stub:
        ... base_url = stub.base_url ...
        assert stub.count("429") == 1

From a shell (benchmarks): `python tests/stub_server.py --latency 0.2` prints
the base URL on its first line, then serves until killed or its lifetime ends.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import sys
import threading
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

GIFTS = {
    "gifts": [
        {
            "what": "A one-page summary of dock no-show rates for warehouses of their size",
            "why": "Their facts mention missed appointments costing overtime",
            "effort": "hours",
            "value_tier": "modest",
            "grounded_in": [],
            "needs_human": [],
        }
    ],
    "missing": [],
}
EMAIL = {
    "subject": "The dock no-show figures you mentioned",
    "body": (
        "Hi,\n\nYou wrote that missed dock appointments drive most of your overtime. "
        "I put together a one-page summary of no-show rates for warehouses your size; "
        "it is attached, yours to keep and share.\n\nNo reply needed."
    ),
}


@dataclass
class StubConfig:
    latency: float = 0.0  # seconds before each answer
    # Consumed in arrival order, then normal: "429:SECONDS", "500", "502", "503",
    # "timeout[:SECONDS]", "garbage" (not JSON), "badjson" (content not JSON), "ok".
    faults: list[str] = field(default_factory=list)
    fault_every: int = 0  # also misbehave on every Nth request (0: never) ...
    fault_kind: str = "500"  # ... this way
    hang: float = 30.0  # how long "timeout" holds a request before closing
    lifetime: float = 300.0  # seconds until the server stops by itself
    max_requests: int = 1_000_000
    port: int = 0  # 0: any free port


class StubServer:
    """The stub on a background thread: `with StubServer(...) as stub:`."""

    def __init__(self, **config: Any) -> None:
        self.config = StubConfig(**config)
        self.counts: Counter[str] = Counter()  # "200", "429", "500", "timeout", "garbage", ...
        self.requests = 0
        self.bodies: list[dict[str, Any]] = []  # the last few request bodies, for asserts
        self.port = 0
        self._faults = list(self.config.faults)
        self._ready = threading.Event()
        self._served: dict[int, threading.Event] = {}
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop: asyncio.Event | None = None
        self._thread = threading.Thread(target=self._run, name="stub-server", daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def count(self, kind: str) -> int:
        with self._lock:
            return self.counts[kind]

    def wait_for_requests(self, n: int, timeout: float = 30.0) -> bool:
        """Block until `n` requests have been answered (any status)."""
        with self._lock:
            if self.requests >= n:
                return True
            event = self._served.setdefault(n, threading.Event())
        return event.wait(timeout)

    def __enter__(self) -> StubServer:
        self._thread.start()
        if not self._ready.wait(10):
            raise RuntimeError("stub server did not start")
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def stop(self) -> None:
        if self._loop is not None and self._stop is not None:
            self._loop.call_soon_threadsafe(self._stop.set)
        self._thread.join(10)

    # ------------------------------------------------------------ serving

    def _run(self) -> None:
        asyncio.run(self._serve())

    async def _serve(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._stop = asyncio.Event()
        server = await asyncio.start_server(self._connection, "127.0.0.1", self.config.port)
        self.port = server.sockets[0].getsockname()[1]
        self._ready.set()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._stop.wait(), self.config.lifetime)
        server.close()
        await server.wait_closed()

    async def _connection(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                request = await _read_request(reader)
                if request is None:
                    break
                keep_open = await self._answer(request, writer)
                if not keep_open:
                    break
        except (ConnectionError, asyncio.IncompleteReadError, asyncio.CancelledError):
            pass  # the client hung up, or the server is stopping under a hanging request
        finally:
            writer.close()

    def _next_fault(self) -> str:
        with self._lock:
            self.requests += 1
            number = self.requests
            if self._faults:
                return self._faults.pop(0)
            every = self.config.fault_every
            if every and number % every == 0:
                return self.config.fault_kind
            return ""

    def _record(self, kind: str) -> None:
        with self._lock:
            self.counts[kind] += 1
            answered = sum(self.counts.values())
            for n, event in self._served.items():
                if answered >= n:
                    event.set()
            if answered >= self.config.max_requests and self._stop is not None:
                self._stop.set()

    async def _answer(self, request: tuple[str, str, bytes], writer: asyncio.StreamWriter) -> bool:
        method, path, body = request
        if method != "POST" or not path.endswith("/chat/completions"):
            self._record("404")
            await _send(writer, 404, {"error": {"message": f"no route {method} {path}"}})
            return True
        fault = self._next_fault()
        try:
            payload = json.loads(body)
        except ValueError:
            payload = {}
        with self._lock:
            self.bodies = [*self.bodies[-49:], payload]
        await asyncio.sleep(self.config.latency)
        kind, _, arg = fault.partition(":")
        if kind == "429":
            self._record("429")
            headers = {"retry-after": arg or "1"}
            error = {"error": {"message": "Rate limit reached", "type": "requests"}}
            await _send(writer, 429, error, headers)
        elif kind in ("500", "502", "503"):
            self._record(kind)
            await _send(writer, int(kind), {"error": {"message": "server error"}})
        elif kind == "timeout":
            self._record("timeout")
            await asyncio.sleep(float(arg) if arg else self.config.hang)
            return False
        elif kind == "garbage":
            self._record("garbage")
            await _send_raw(writer, 200, b"<html>upstream proxy error</html>", "text/html")
        elif kind == "badjson":
            self._record("badjson")
            await _send(writer, 200, completion(payload, "this is not JSON {"))
        else:
            self._record("200")
            await _send(writer, 200, completion(payload, json.dumps(answer_for(payload))))
        return True


def answer_for(payload: dict[str, Any]) -> dict[str, Any]:
    """Gift ideas or an email, whichever schema the request asks for."""
    response_format = payload.get("response_format") or {}
    name = str((response_format.get("json_schema") or {}).get("name", ""))
    text = json.dumps(payload.get("messages", []))
    if name == "gift_ideas" or (not name and "gift_ideas" in text):
        return GIFTS
    return EMAIL


def completion(payload: dict[str, Any], content: str) -> dict[str, Any]:
    """A chat completion answering `payload` with `content`, tokens counted roughly."""
    prompt_tokens = len(json.dumps(payload.get("messages", []))) // 4
    completion_tokens = len(content) // 4
    return {
        "id": "chatcmpl-stub",
        "object": "chat.completion",
        "created": 0,
        "model": payload.get("model", "stub"),
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": content},
                "finish_reason": "stop",
            }
        ],
        "usage": {
            "prompt_tokens": prompt_tokens,
            "completion_tokens": completion_tokens,
            "total_tokens": prompt_tokens + completion_tokens,
        },
    }


async def _read_request(reader: asyncio.StreamReader) -> tuple[str, str, bytes] | None:
    line = await reader.readline()
    if not line:
        return None
    method, path, _ = line.decode("latin-1").split(" ", 2)
    length = 0
    while True:
        header = await reader.readline()
        if header in (b"\r\n", b"\n", b""):
            break
        name, _, value = header.decode("latin-1").partition(":")
        if name.strip().lower() == "content-length":
            length = int(value.strip())
    body = await reader.readexactly(length) if length else b""
    return method, path, body


async def _send(
    writer: asyncio.StreamWriter,
    status: int,
    data: dict[str, Any],
    headers: dict[str, str] | None = None,
) -> None:
    await _send_raw(writer, status, json.dumps(data).encode(), "application/json", headers)


async def _send_raw(
    writer: asyncio.StreamWriter,
    status: int,
    body: bytes,
    content_type: str,
    headers: dict[str, str] | None = None,
) -> None:
    lines = [
        f"HTTP/1.1 {status} STUB",
        f"content-type: {content_type}",
        f"content-length: {len(body)}",
        *(f"{k}: {v}" for k, v in (headers or {}).items()),
    ]
    writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body)
    await writer.drain()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--latency", type=float, default=0.0)
    parser.add_argument("--fault", action="append", default=[], help="e.g. 429:2, 500, timeout")
    parser.add_argument("--fault-every", type=int, default=0)
    parser.add_argument("--fault-kind", default="500")
    parser.add_argument("--lifetime", type=float, default=600.0)
    parser.add_argument("--port", type=int, default=0, help="default: any free port")
    args = parser.parse_args(argv)
    stub = StubServer(
        latency=args.latency,
        faults=args.fault,
        fault_every=args.fault_every,
        fault_kind=args.fault_kind,
        lifetime=args.lifetime,
        port=args.port,
    )
    with stub:
        print(stub.base_url, flush=True)
        stub._thread.join()
    print(json.dumps(dict(stub.counts)), file=sys.stderr)


if __name__ == "__main__":
    main()
