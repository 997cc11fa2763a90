"""Print the checker's precision and recall per category on a labelled corpus.

    python benchmarks/eval_checker.py [CORPUS] [--show-errors]

CORPUS is a .jsonl file or a folder of them (default: tests/corpus). Each
line is one email (format: tests/corpus/README.md):

    {"id": "c001", "text": "...", "stage": "first-touch", "region": "us",
     "prospect": {...}, "expected": ["bribe", "transactional"]}

A category counts as predicted for an email when any finding of that
category has severity error or warning. Exit status 0, the table being the
result; 2 when the corpus cannot be read or a record cannot be checked.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from outreach.checker import CATEGORIES
from outreach.checker.corpus import corpus_files, load_records, predicted
from outreach.errors import OutreachError


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpus", nargs="?", default="tests/corpus")
    parser.add_argument(
        "--show-errors", action="store_true", help="list each miss and each false hit"
    )
    args = parser.parse_args()
    try:
        records = load_records(corpus_files(Path(args.corpus)))
    except OutreachError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    counts = {c: {"tp": 0, "fp": 0, "fn": 0, "support": 0} for c in CATEGORIES}
    errors = []
    for record in records:
        expected = set(record["expected"])  # a list in every record load_records returns
        try:
            found = predicted(record)
        except OutreachError as exc:
            print(f"error: {args.corpus}: record {record['id']}: {exc}", file=sys.stderr)
            return 2
        for category in CATEGORIES:
            row = counts[category]
            row["support"] += category in expected
            if category in found and category in expected:
                row["tp"] += 1
            elif category in found:
                row["fp"] += 1
                errors.append(f"{record['id']}: false {category}")
            elif category in expected:
                row["fn"] += 1
                errors.append(f"{record['id']}: missed {category}")
    clean = sum(1 for r in records if not r["expected"])
    print(f"corpus: {args.corpus} ({len(records)} emails, {clean} clean)")
    print(f"{'category':<14} {'support':>7}   tp   fp   fn precision recall")
    for category, row in counts.items():
        if not (row["support"] or row["fp"]):
            continue
        tp, fp, fn = row["tp"], row["fp"], row["fn"]
        precision = tp / (tp + fp) if tp + fp else 1.0
        recall = tp / (tp + fn) if tp + fn else 1.0
        print(
            f"{category:<14} {row['support']:>7} {tp:>4} {fp:>4} {fn:>4} "
            f"{precision:>9.3f} {recall:>6.3f}"
        )
    if args.show_errors:
        print("\n".join(errors) or "no errors")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
