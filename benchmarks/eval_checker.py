"""Print the checker's precision and recall per category on a labelled corpus.

    python benchmarks/eval_checker.py [CORPUS] [--show-errors]

CORPUS is a .jsonl file or a folder of them (default: tests/corpus). Each
line is one email (format: tests/corpus/README.md):

    {"id": "c001", "text": "...", "stage": "first-touch", "region": "us",
     "prospect": {...}, "expected": ["bribe", "transactional"]}

A category counts as predicted for an email when any finding of that
category has severity error or warning. Exit status 0 always; the table is
the result.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from outreach.checker import CATEGORIES, CheckContext, check_document
from outreach.checker.text import build_document
from outreach.errors import OutreachError
from outreach.prospects import prospect_from_mapping


def load_corpus(path: Path) -> list[dict[str, object]]:
    files = sorted(path.rglob("*.jsonl")) if path.is_dir() else [path]
    records = []
    for file in files:
        for number, line in enumerate(file.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            record = json.loads(line)
            record.setdefault("id", f"{file.name}:{number}")
            records.append(record)
    return records


def predict(record: dict[str, object]) -> set[str]:
    prospect_data = record.get("prospect")
    prospect = (
        prospect_from_mapping(prospect_data, allow_unknown=True)
        if isinstance(prospect_data, dict)
        else None
    )
    context = CheckContext(
        stage=str(record.get("stage") or "first-touch"),
        prospect=prospect,
        region=str(record.get("region") or ""),
    )
    markup = "html" if str(record["text"]).lstrip().startswith("<") else "text"
    doc = build_document(str(record["text"]), str(record["id"]), markup=markup)
    findings = check_document(doc, context)
    return {f.category for f in findings if f.severity in ("error", "warning")}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpus", nargs="?", default="tests/corpus")
    parser.add_argument(
        "--show-errors", action="store_true", help="list each miss and each false hit"
    )
    args = parser.parse_args()
    try:
        records = load_corpus(Path(args.corpus))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        print(f"error: {args.corpus}: cannot read the corpus ({exc})", file=sys.stderr)
        return 2
    counts = {c: {"tp": 0, "fp": 0, "fn": 0, "support": 0} for c in CATEGORIES}
    errors = []
    for record in records:
        expected = set(record.get("expected", []))  # type: ignore[call-overload]
        try:
            predicted = predict(record)
        except OutreachError as exc:
            print(f"error: {args.corpus}: record {record['id']}: {exc}", file=sys.stderr)
            return 2
        for category in CATEGORIES:
            row = counts[category]
            row["support"] += category in expected
            if category in predicted and category in expected:
                row["tp"] += 1
            elif category in predicted:
                row["fp"] += 1
                errors.append(f"{record['id']}: false {category}")
            elif category in expected:
                row["fn"] += 1
                errors.append(f"{record['id']}: missed {category}")
    clean = sum(1 for r in records if not r.get("expected"))
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
