"""What the batch benchmarks share: a prospects CSV, the stub server, one measured CLI run."""

from __future__ import annotations

import csv
import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CONFIG = """\
[sender]
name = "Dana Reyes"
company = "Fieldnote Analytics"
email = "dana@fieldnote.example"
signature = "Dana Reyes\\nFounder, Fieldnote Analytics"
postal_address = "500 Market St, Suite 200, Chicago, IL 60606"
opt_out = "Reply no and I will not write again."

[llm]
model = "stub-model"
"""

# Run the CLI in a child that reports its own peak RSS when it exits (Linux: KiB).
CHILD = (
    "import atexit, resource, sys\n"
    "atexit.register(lambda: print('peak-rss-kib', "
    "resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr))\n"
    "from outreach.cli import main\n"
    "sys.argv = ['outreach', *sys.argv[1:]]\n"
    "main()\n"
)


def write_prospects(path: Path, rows: int) -> None:
    """A CSV of distinct prospects, written row by row."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["name", "company", "email", "role", "facts"])
        for i in range(rows):
            writer.writerow(
                [
                    f"Prospect {i:06d}",
                    f"Company {i % 997}",
                    f"p{i}@example.com",
                    "VP of Operations",
                    f"Wrote about dock delays in post {i}; Spoke at a summit",
                ]
            )


@contextmanager
def stub_server(latency: float) -> Iterator[str]:
    """The stub endpoint in its own process (so it does not share our CPU time); its URL."""
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "tests" / "stub_server.py"), "--latency", str(latency)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        yield process.stdout.readline().strip()
    finally:
        process.terminate()
        process.wait(10)


@dataclass(frozen=True)
class Measured:
    wall: float
    peak_rss_mib: float
    ok: int
    failed: int
    requests: int
    stderr: str


def run_batch(work: Path, args: list[str]) -> Measured:
    """Run `outreach batch ...` as a whole process in `work`; time it and read its summary."""
    (work / "outreach.toml").write_text(CONFIG, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("OPENAI_API_KEY", None)
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", CHILD, "batch", *args],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
    )
    wall = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise SystemExit(f"batch run failed ({done.returncode}):\n{done.stderr[-2000:]}")
    rss = re.search(r"peak-rss-kib (\d+)", done.stderr)
    summary = re.search(r"batch: (\d+) ok, (\d+) failed", done.stderr)
    requests = re.search(r"in ([\d,]+) requests", done.stderr)
    return Measured(
        wall=wall,
        peak_rss_mib=int(rss.group(1)) / 1024 if rss else float("nan"),
        ok=int(summary.group(1)) if summary else 0,
        failed=int(summary.group(2)) if summary else 0,
        requests=int(requests.group(1).replace(",", "")) if requests else 0,
        stderr=done.stderr,
    )


def count_lines(path: Path) -> int:
    with path.open("rb") as handle:
        return sum(1 for _ in handle)


def results_ok(path: Path) -> int:
    ok = 0
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            ok += json.loads(line)["status"] == "ok"
    return ok
