"""Train the learned checker model from the labelled corpus.

    pip install -e '.[train]'
    python -m outreach.checker.train [--corpus DIR] [--out outreach/data/learned_model.json]
    python -m outreach.checker.train --holdout tests/corpus/holdout22.jsonl   # score unseen emails

Reads every ``*.jsonl`` of the corpus (format: tests/corpus/README.md), takes
each email's own words as the checker sees them (quotes, signature and markup
left out), and fits three L2-regularised logistic regressions (scikit-learn)
over one sublinear TF-IDF vocabulary of word unigrams and bigrams, as
``outreach.checker.learned`` reads them. The output records a digest of the
corpus so a test can tell when the model is stale.

With ``--holdout FILE`` (repeatable) those files are left out of training and
the learned scorers alone are scored on them: the honest estimate of how the
model does on emails it has not seen. Nothing is written then.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from outreach.checker.corpus import Record, document_of, load_records
from outreach.checker.learned import (
    FORMAT,
    SCORERS,
    judge,
    model_from,
    reading_text,
    term_counts,
    tfidf,
    vector_of,
)
from outreach.errors import InputError

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "corpus"
C = 4.0  # inverse regularisation strength, chosen by leave-one-file-out on the corpus
MIN_DF = 3  # a term must occur in this many emails: a wording of one or two is not a pattern
THRESHOLDS = {"bribe": 0.65, "first-touch": 0.55, "later": 0.55}


def corpus_digest(files: list[Path]) -> str:
    """A digest of the corpus files' names and contents."""
    digest = hashlib.sha256()
    for file in sorted(files, key=lambda f: f.name):
        digest.update(file.name.encode() + b"\0" + file.read_bytes() + b"\0")
    return digest.hexdigest()


def own_words(record: Record) -> str:
    """The email's own words, as the learned rules read them."""
    return reading_text(document_of(record).own)


def scorer_of(record: Record) -> list[tuple[str, bool]]:
    """(scorer, label) pairs this email trains."""
    expected = record["expected"]
    stage = record.get("stage") or "first-touch"
    pairs = [("bribe", "bribe" in expected)]
    pairs.append(
        ("first-touch" if stage == "first-touch" else "later", "transactional" in expected)
    )
    return pairs


class TrainingError(Exception):
    """A corpus that cannot be trained on; the message names the file."""


def fit(records: list[Record]) -> dict[str, Any]:
    """The model as the JSON ``learned.load_model`` reads."""
    try:
        from scipy.sparse import csr_matrix
        from sklearn.linear_model import LogisticRegression
    except ImportError as exc:
        raise TrainingError("training needs scikit-learn: pip install -e '.[train]'") from exc
    # scorer -> (email index, label) of each email that trains it, in corpus order
    examples: dict[str, list[tuple[int, bool]]] = {name: [] for name in SCORERS}
    for i, record in enumerate(records):
        for name, label in scorer_of(record):
            examples[name].append((i, label))
    for name in SCORERS:
        if {label for _, label in examples[name]} != {True, False}:
            raise TrainingError(
                f"the corpus needs emails with and without the fault for the {name!r} scorer"
            )
    texts = [own_words(r) for r in records]
    counts = [term_counts(text) for text in texts]
    df: Counter[str] = Counter()
    for c in counts:
        df.update(c.keys())
    n = len(records)
    idf = {t: math.log((1 + n) / (1 + d)) + 1.0 for t, d in sorted(df.items()) if d >= MIN_DF}
    index = {t: i for i, t in enumerate(idf)}
    idf_rows = {t: (value,) for t, value in idf.items()}
    vectors = [tfidf(c, idf_rows) for c in counts]
    coefs: dict[str, list[float]] = {}
    intercepts: dict[str, float] = {}
    models = {}
    for name in SCORERS:
        rows = [i for i, _ in examples[name]]
        labels = [label for _, label in examples[name]]
        matrix = _matrix(csr_matrix, [vectors[i] for i in rows], index)
        model = LogisticRegression(C=C, max_iter=5000, class_weight="balanced")
        model.fit(matrix, labels)
        coefs[name] = [float(v) for v in model.coef_[0]]
        intercepts[name] = round(float(model.intercept_[0]), 6)
        models[name] = model
    # What the trained models say of the first emails, for the test that the
    # runtime reading (outreach.checker.learned) agrees with training.
    checks = []
    for name, model in models.items():
        picked = [i for i, _ in examples[name][:4]]
        probabilities = model.predict_proba(
            _matrix(csr_matrix, [vectors[i] for i in picked], index)
        )
        for i, p in zip(picked, probabilities[:, 1], strict=True):
            checks.append({"scorer": name, "text": texts[i], "score": round(float(p), 6)})
    return {
        "format": FORMAT,
        "about": "outreach learned checker model; written by python -m outreach.checker.train",
        "c": C,
        "min_df": MIN_DF,
        "emails": n,
        "intercepts": intercepts,
        "thresholds": THRESHOLDS,
        "terms": list(index),
        "idf": [round(idf[t], 6) for t in index],
        "weights": {name: [round(v, 6) for v in coefs[name]] for name in SCORERS},
        "checks": checks,
    }


def _matrix(csr_matrix: Any, vectors: list[dict[str, float]], index: dict[str, int]) -> Any:
    data, cols, pointers = [], [], [0]
    for vector in vectors:
        for term, value in sorted(vector.items()):
            cols.append(index[term])
            data.append(value)
        pointers.append(len(cols))
    return csr_matrix((data, cols, pointers), shape=(len(vectors), len(index)))


def evaluate(model_data: dict[str, Any], records: list[Record]) -> str:
    """Precision and recall of the learned scorers alone on ``records``."""
    model = model_from(dict(model_data, corpus_digest=""))
    tally: dict[str, Counter[str]] = {"bribe": Counter(), "transactional": Counter()}
    for record in records:
        vec = vector_of(own_words(record), model)
        for name, label in scorer_of(record):
            category = "bribe" if name == "bribe" else "transactional"
            predicted = judge(name, vec, model) is not None  # as OR107/OR207 decide
            key = "tp" if predicted and label else "fp" if predicted else "fn" if label else "tn"
            tally[category][key] += 1
    lines = ["category       support  precision  recall"]
    for category, t in tally.items():
        support = t["tp"] + t["fn"]
        precision = t["tp"] / (t["tp"] + t["fp"]) if t["tp"] + t["fp"] else float("nan")
        recall = t["tp"] / support if support else float("nan")
        lines.append(f"{category:<14} {support:>7}  {precision:>9.3f}  {recall:>6.3f}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument(
        "--out", type=Path, default=ROOT / "outreach" / "data" / "learned_model.json"
    )
    parser.add_argument("--holdout", type=Path, action="append", default=[])
    args = parser.parse_args(argv)
    try:
        return _run(args)
    except (TrainingError, InputError) as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 2


def _run(args: argparse.Namespace) -> int:
    files = sorted(args.corpus.glob("*.jsonl"))
    if not files:
        raise TrainingError(f"{args.corpus}: no .jsonl files to train on")
    held = {p.resolve() for p in args.holdout}
    if held:
        unseen = load_records(sorted(held))  # a bad file fails before any training
        train = load_records([f for f in files if f.resolve() not in held])
        print(evaluate(fit(train), unseen))
        return 0
    data = fit(load_records(files))
    data["corpus_digest"] = corpus_digest(files)
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    args.out.write_text(text + "\n", encoding="utf-8")
    print(f"wrote {args.out} ({len(data['terms'])} terms, {data['emails']} emails)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
