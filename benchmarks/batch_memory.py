"""Batch memory: peak RSS of `outreach batch` as the input grows from 1,000 to 100,000 rows.

Each size runs `outreach batch leads.csv --step gifts` as a whole process against
the local stub endpoint with no latency, and prints the process's peak resident
set size (getrusage ru_maxrss). Rows are streamed and results written as they
finish, and the resume index holds only hashes, so the peak should stay flat;
the target is under 150 MB at 100,000 rows.

`--prefill F` marks a fraction F of the rows as done in the results file before
the run (lines like a real run writes), so the resume path is measured at full
scale while only the rest is sent to the stub: a quicker run, same structures.

    python benchmarks/batch_memory.py [--sizes 1000,100000] [--prefill 0.0]
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

from _batch_bench import CONFIG, ROOT, results_ok, run_batch, stub_server, write_prospects

TARGET_MIB = 150 * 1000 * 1000 / 2**20  # 150 MB


def prefill(work: Path, rows: int, fraction: float) -> int:
    """Write done lines for the first `fraction` of the rows, as a finished run would."""
    import sys

    sys.path.insert(0, str(ROOT))
    import tomllib

    from outreach.batch.inputs import iter_rows, row_key
    from outreach.batch.runner import row_id
    from outreach.batch.steps import step_fingerprint
    from outreach.config import settings_from_dict
    from outreach.prompts import PromptLibrary

    settings = settings_from_dict(tomllib.loads(CONFIG))
    fingerprint = step_fingerprint("gifts", settings, PromptLibrary())
    count = int(rows * fraction)
    with (work / "results.jsonl").open("w", encoding="utf-8") as out:
        for i, row in enumerate(iter_rows(work / "leads.csv")):
            if i >= count:
                break
            assert row.prospect is not None
            key = row_key(row.prospect)
            record = {"id": row_id(fingerprint, key), "key": key, "row": row.number}
            record |= {"step": "gifts", "status": "ok", "gifts": [], "findings": [], "usage": {}}
            out.write(json.dumps(record, sort_keys=True) + "\n")
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1000,100000")
    parser.add_argument("--prefill", type=float, default=0.0)
    parser.add_argument("--concurrency", type=int, default=32)
    args = parser.parse_args()

    with stub_server(0.0) as url:
        for rows in (int(s) for s in args.sizes.split(",")):
            with tempfile.TemporaryDirectory() as tmp:
                work = Path(tmp)
                write_prospects(work / "leads.csv", rows)
                done = prefill(work, rows, args.prefill) if args.prefill else 0
                run = run_batch(
                    work,
                    [
                        "leads.csv",
                        "--step", "gifts",
                        "--out", "results.jsonl",
                        "--base-url", url,
                        "--concurrency", str(args.concurrency),
                    ],
                )  # fmt: skip
                ok = results_ok(work / "results.jsonl")
                size_mb = (work / "leads.csv").stat().st_size / 1e6
            verdict = "under" if run.peak_rss_mib <= TARGET_MIB else "OVER"
            print(
                f"{rows:>7,} rows ({size_mb:.1f} MB CSV; {done:,} done before, {run.ok:,} run now,"
                f" {ok:,} ok lines): peak RSS {run.peak_rss_mib:.1f} MiB"
                f" ({verdict} 150 MB), wall {run.wall:.1f} s"
            )


if __name__ == "__main__":
    main()
