"""Batch throughput: wall time against the ideal, for 1,000 prospects at concurrency 16.

Runs `outreach batch leads.csv --step draft --concurrency 16` as a whole process
against the local stub endpoint (tests/stub_server.py) answering after a fixed
latency, and prints the wall time next to the ideal

    ideal = rows x calls per row x latency / concurrency

where calls per row is what the run really made (requests / rows: 2 for a
draft, 3 when the checker asks for a revision). The target is within 1.15x.

    python benchmarks/batch_throughput.py [--rows 1000] [--latency 0.2] [--concurrency 16]
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from _batch_bench import count_lines, run_batch, stub_server, write_prospects

TARGET = 1.15


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=1000)
    parser.add_argument("--latency", type=float, default=0.2)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--step", default="draft", choices=["gifts", "draft"])
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp, stub_server(args.latency) as url:
        work = Path(tmp)
        write_prospects(work / "leads.csv", args.rows)
        run = run_batch(
            work,
            [
                "leads.csv",
                "--step", args.step,
                "--out", "results.jsonl",
                "--base-url", url,
                "--concurrency", str(args.concurrency),
            ],
        )  # fmt: skip
        lines = count_lines(work / "results.jsonl")

    calls_per_row = run.requests / max(run.ok + run.failed, 1)
    ideal = args.rows * calls_per_row * args.latency / args.concurrency
    ratio = run.wall / ideal if ideal else float("nan")
    print(f"rows: {args.rows} ({run.ok} ok, {run.failed} failed, {lines} result lines)")
    print(f"requests: {run.requests} ({calls_per_row:.2f} per row)")
    print(f"latency: {args.latency * 1000:.0f} ms, concurrency: {args.concurrency}")
    print(f"ideal: {ideal:.2f} s (rows x calls per row x latency / concurrency)")
    print(f"wall time: {run.wall:.2f} s (whole process, start-up included)")
    verdict = "within" if ratio <= TARGET else "OVER"
    print(f"ratio: {ratio:.3f}x ideal ({verdict} the {TARGET}x target)")
    print(f"peak RSS: {run.peak_rss_mib:.1f} MiB")


if __name__ == "__main__":
    main()
