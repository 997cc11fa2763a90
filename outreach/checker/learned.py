"""A linear reading of the whole email, learned from the labelled corpus.

The phrase rules are precise but only know the wordings they were written
for; a bribe or a bundled ask can be phrased in endless ways. This model
scores the sender's own words (quotes and signature left out) for how much
they read like the labelled bribes and transactional emails of
``tests/corpus``. It is a logistic regression over word unigrams and bigrams
(numbers folded to ``0``) with sublinear TF-IDF weights: offline,
deterministic, and explainable, because each word pair adds a known amount
to the score. Three scorers share one vocabulary:

- ``bribe``: any stage;
- ``first-touch``: transactional, for a first-touch message (any ask counts);
- ``later``: transactional, for the ask and thank stages (only quid-pro-quo,
  guilt and pressure count).

The weights live in ``outreach/data/learned_model.json``, written by
``python -m outreach.checker.train`` (needs the ``train`` extra) from the
corpus; ``tests/checker/test_learned.py`` fails when the corpus changed and
the model was not retrained.
"""

from __future__ import annotations

import math
import os
from bisect import bisect_right
from collections import Counter
from collections.abc import Mapping, Sequence
from functools import cache, cached_property
from itertools import pairwise

from outreach import __version__
from outreach.checker.patterns import Regex
from outreach.errors import ConfigError
from outreach.records import record

TYPE_CHECKING = False  # typing is not imported at run time (see outreach.records)
if TYPE_CHECKING:
    from typing import Any

# The shipped model, as a string: `outreach lint` does not import pathlib.
MODEL_FILE = os.path.join(
    os.path.dirname(os.path.dirname(os.path.realpath(__file__))), "data", "learned_model.json"
)
SCORERS = ("bribe", "first-touch", "later")
_COLUMN = {name: column for column, name in enumerate(SCORERS, start=1)}  # its place in a row
FORMAT = 1

# Words (with an inner apostrophe), currency and percent signs, and numbers,
# which all become "0": "$250" and "$1,200" read the same. Clause punctuation
# is matched too, to end a negation.
_TOKEN = Regex(r"[a-z]+(?:['’][a-z]+)?|[$£€%]|\d[\d,.]*|[.;:!?()\n]")
# The same tokens as _TOKEN for text with numbers already folded to "0" and "’" made "'",
# leaving out the clause punctuation (which only matters after a negator).
_PLAIN_TOKEN = Regex(r"[a-z]+(?:'[a-z]+)?|[$£€%0]")
_NUMBER = Regex(r"\d[\d,.]*")
_NEGATORS = frozenset(
    ["no", "not", "never", "without", "nothing", "none", "neither", "nor", "cannot"]
)
_SCOPE_ENDS = frozenset(".;:!?()\n") | {"but", "instead", "just", "only", "rather"}
# "No worries", "no need to reply", "nothing fancy", "whether or not": a negator
# followed by one of these negates nothing.
_IDIOM_NEXT = frozenset(
    "worries worry rush pressure problem problems need doubt matter wonder kidding joke fancy "  # noqa: SIM905
    "big one sure".split()
)


# Words that carry weight in the model only alongside others; never shown alone.
_FUNCTION_WORDS = frozenset(
    "a an the of to in on at for with by from as and or but if so it its it's this that these "  # noqa: SIM905
    "those i i'm i'd i'll i've me my we we're we'd we'll we've us our you you're you'd you'll "
    "you've your he she they them their is are was were be been being am do does did have has "
    "had will would can could shall should may might must not no yes just also very really "
    "there here what which who whom when where why how all any some one up out about into over "
    "then than too more most".split()
)


def words(text: str) -> list[str]:
    """The model's tokens of ``text``, in order.

    Words after a negation ("no", "never", "won't") up to the end of the
    clause are marked ``not_``: "we never send gift cards" gives
    ``not_gift not_card``, which the model weighs apart from "gift card".
    """
    low = lowered(text)
    if "’" in low:
        low = low.replace("’", "'")
    if "n't" not in low:
        # Most emails hold no negator: then the tokens are the words and "0"s, in one pass.
        plain = _PLAIN_TOKEN.findall(_NUMBER.sub("0", low))
        if _NEGATORS.isdisjoint(plain):
            return plain
    return _walked(low)


def _walked(low: str) -> list[str]:
    """``words`` of lower-cased text with "’" made "'", token by token, marking negations."""
    out: list[str] = []
    append = out.append
    negated = False
    after_negator = False
    previous = ""
    for word in _TOKEN.findall(low):
        if word in _SCOPE_ENDS:
            negated = after_negator = False
            if not word.isalpha():
                previous = ""
                continue  # punctuation ends a clause and is no token
        if word[0].isdigit():
            word = "0"
        elif (word in _NEGATORS or word.endswith("n't")) and not (
            word == "not" and previous == "or"  # "whether or not"
        ):
            append(word)
            negated = after_negator = True
            previous = word
            continue
        if after_negator and word in _IDIOM_NEXT:
            negated = False  # "no worries, ...": an idiom, not a negation
        after_negator = False
        previous = word
        append("not_" + word if negated else word)
    return out


def lowered(text: str) -> str:
    """``text`` in lower case, one character for one, so offsets stay valid.

    A few characters lower to two ("İ" to "i" and a combining dot); they keep
    their first.
    """
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c.lower()[0] for c in text)


def tokens(text: str) -> list[tuple[str, int, int]]:
    """``words(text)`` with their offsets in ``text``: (token, start, end)."""
    spans = [m.span() for m in _TOKEN.finditer(lowered(text)) if not _is_punctuation(m.group())]
    return [(word, start, end) for word, (start, end) in zip(words(text), spans, strict=True)]


def _is_punctuation(token: str) -> bool:
    return token in _SCOPE_ENDS and not token.isalpha()


def terms(text: str) -> list[tuple[str, int, int]]:
    """Unigrams and bigrams of ``text`` with the offsets they span."""
    toks = tokens(text)
    out = list(toks)
    out.extend((f"{a[0]} {b[0]}", a[1], b[2]) for a, b in pairwise(toks))
    return out


def term_counts(text: str) -> Counter[str]:
    """How often each unigram and bigram occurs in ``text``."""
    return counts_of(words(text))


def counts_of(toks: list[str]) -> Counter[str]:
    """How often each unigram and bigram occurs in a list of ``words``."""
    counts = Counter(toks)
    counts.update([f"{a} {b}" for a, b in pairwise(toks)])
    return counts


def tfidf(counts: Counter[str], rows: Mapping[str, Sequence[float]]) -> dict[str, float]:
    """Sublinear TF-IDF weights of the known terms, scaled to unit length. ``rows`` gives
    each known term's idf first (``Model.rows``, or ``(idf,)`` while training)."""
    log = math.log
    weights = {
        t: (row[0] if n == 1 else (1.0 + log(n)) * row[0])
        for t, n in counts.items()
        if (row := rows.get(t)) is not None
    }
    norm = math.sqrt(sum(w * w for w in weights.values()))
    if not norm:
        return {}
    return {t: w / norm for t, w in weights.items()}


def vector(text: str, model: Model | None = None) -> dict[str, float]:
    """The TF-IDF vector of ``text`` that every scorer reads."""
    return _weigh(words(text), model)


def _weigh(toks: list[str], model: Model | None) -> dict[str, float]:
    return tfidf(counts_of(toks), (model or load_model()).rows)


# A term's row: its idf, then its weight in each scorer of SCORERS (0.0 where it has none).
Row = tuple[float, float, float, float]


@record(frozen=True)
class Model:
    rows: dict[str, Row]  # term -> its row, as the one-pass screen (`logits`) reads it
    intercepts: dict[str, float]
    thresholds: dict[str, float]
    corpus_digest: str

    @cached_property
    def idf(self) -> dict[str, float]:
        """term -> its inverse document frequency (for reading the model; scoring reads rows)."""
        return {t: row[0] for t, row in self.rows.items()}

    @cached_property
    def weights(self) -> dict[str, dict[str, float]]:
        """scorer -> term -> coefficient, leaving out the terms a scorer gives no weight (for
        reading the model; scoring reads ``rows``, which costs no 2 ms of building these)."""
        return {
            name: {t: row[column] for t, row in self.rows.items() if row[column]}
            for column, name in enumerate(SCORERS, start=1)
        }

    @cached_property
    def logit_thresholds(self) -> dict[str, float]:
        """Each scorer's threshold on the log-odds scale that ``logits`` returns."""
        return {name: math.log(t / (1.0 - t)) for name, t in self.thresholds.items()}


@record(frozen=True)
class Reading:
    """How one email scores: the probability and the terms that pushed it up most."""

    score: float
    contributions: dict[str, float]  # term -> its share of the log-odds

    def top_terms(self, count: int = 3) -> list[str]:
        """The terms that added most, leaving out those made only of function words."""
        ranked = sorted(self.contributions.items(), key=lambda item: (-item[1], item[0]))
        telling = [
            term
            for term, value in ranked
            if value > 0
            and not all(word.removeprefix("not_") in _FUNCTION_WORDS for word in term.split())
        ]
        return telling[:count]


@cache
def load_model(path: str | os.PathLike[str] = MODEL_FILE) -> Model:
    """The shipped model; a missing or broken file is a ConfigError naming it.

    The JSON file is the model. Parsing it costs a run about 5 ms, so lint runs that use
    the cache folder also keep the parsed model there (:func:`save_stored`), which the
    next run loads in about 2 ms when the JSON file's path, size and mtime still match.
    """
    try:
        source = _source_of(path)
        model = _load_stored(source)
        if model is None:
            import json  # the stored copy is read without it

            with open(path, encoding="utf-8") as file:
                model = model_from(json.loads(file.read()))
            _UNSAVED[:] = [(source, model)]
        return model
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError, RecursionError) as exc:
        raise ConfigError(
            f"{path}: the learned model cannot be read ({exc}); reinstall outreach"
        ) from exc


# The parsed model kept in the cache folder: (source, rows, intercepts, thresholds, digest)
# as marshal data, checksummed, one file per Python build.
_STORED_LAYOUT = "learned-v1"
# The JSON file's path, size, mtime (ns), FORMAT, and the version of outreach: an upgrade
# that ships another model of the same size under the same mtime (kept from a package
# archive) still parses it.
_Source = tuple[str, int, int, int, str]
_UNSAVED: list[tuple[_Source, Model]] = []  # the model parsed from JSON in this run, if any


def _source_of(path: str | os.PathLike[str]) -> _Source:
    found = os.stat(path)
    return os.path.realpath(path), found.st_size, found.st_mtime_ns, FORMAT, __version__


def _stored_path() -> str | None:
    import sys

    from outreach.checker.cache import stored_file

    return stored_file(_STORED_LAYOUT, f"{sys.implementation.cache_tag}.bin")


def _load_stored(source: _Source) -> Model | None:
    """The stored model parsed from ``source``, or None: missing, damaged, or another file."""
    from outreach.checker.cache import read_stored

    stored = read_stored(_stored_path())
    if not (isinstance(stored, tuple) and len(stored) == 5 and stored[0] == source):
        return None
    _, rows, intercepts, thresholds, digest = stored
    if not (isinstance(rows, dict) and isinstance(intercepts, dict) and isinstance(digest, str)):
        return None
    if not (isinstance(thresholds, dict) and set(thresholds) == set(intercepts) == set(SCORERS)):
        return None
    return Model(rows=rows, intercepts=intercepts, thresholds=thresholds, corpus_digest=digest)


def save_stored() -> None:
    """Keep the model this run parsed from JSON in the cache folder, for the next runs."""
    from outreach.checker.cache import write_stored

    if not _UNSAVED:
        return
    path = _stored_path()
    if path is None:
        return
    source, model = _UNSAVED.pop()
    # One float object for each distinct value: marshal then writes a value once and refers
    # to it after, so a run loads 33,000 floats instead of 58,000 (3.6 ms instead of 4.5).
    same: dict[str, float] = {}  # by hex, which tells 0.0 from -0.0
    rows = {
        term: tuple(same.setdefault(v.hex(), v) for v in row) for term, row in model.rows.items()
    }
    payload = (source, rows, model.intercepts, model.thresholds, model.corpus_digest)
    write_stored(path, payload)  # a folder that cannot be written: parse again


def model_from(data: dict[str, Any]) -> Model:
    """A model from its JSON form (as ``outreach.checker.train`` writes it)."""
    if data["format"] != FORMAT:
        raise ValueError(f"format {data['format']!r}, expected {FORMAT}")
    names = data["terms"]
    if len(data["idf"]) != len(names) or any(
        len(data["weights"][name]) != len(names) for name in SCORERS
    ):
        raise ValueError("terms, idf and weights differ in length")
    if not all(isinstance(t, str) for t in names):
        raise ValueError("a term is not a string")
    for name in SCORERS:
        threshold = float(data["thresholds"][name])
        if not 0.0 < threshold < 1.0:  # also false for NaN
            raise ValueError(f"threshold {name} = {threshold!r} is not between 0 and 1")
    # Column by column with map and zip: the rows are built in C, not term by term.
    columns = [data["idf"], *(data["weights"][name] for name in SCORERS)]
    rows: dict[str, Row] = dict(
        zip(names, zip(*(map(float, column) for column in columns), strict=True), strict=True)
    )
    return Model(
        rows=rows,
        intercepts={name: float(data["intercepts"][name]) for name in SCORERS},
        thresholds={name: float(data["thresholds"][name]) for name in SCORERS},
        corpus_digest=str(data["corpus_digest"]),
    )


MAX_CHARS = 20_000  # an email is read up to this many characters of its own words
MIN_WORDS = 12  # below this a text is a line or two: the phrase rules judge it


def reading_text(own: str) -> str:
    """The part of an email's own words the scorers read: past any leading blank
    (markup, a quoted header) and at most ``MAX_CHARS`` characters from there.

    A prefix of ``own``, so offsets into it are offsets into ``own``.
    """
    start = len(own) - len(own.lstrip())
    return own[: start + MAX_CHARS]


def judge(scorer: str, vec: dict[str, float], model: Model | None = None) -> Reading | None:
    """The scorer's reading of a vector when it reads as a fault, else None.

    ``vec`` is ``{}`` for a text of fewer than ``MIN_WORDS`` words (see
    ``vector_of``). A reading that rests only on function words ("for you")
    is no fault either: nothing in it could be shown as the reason.
    """
    if not vec:
        return None
    model = model or load_model()
    found = score(vec, scorer, model)
    if found.score < model.thresholds[scorer] or not found.top_terms():
        return None
    return found


def vector_of(text: str, model: Model | None = None) -> dict[str, float]:
    """The vector the scorers read, or ``{}`` when ``text`` is too short to judge."""
    toks = words(text)
    return {} if len(toks) < MIN_WORDS else _weigh(toks, model)


def logits(counts: Counter[str], model: Model | None = None) -> dict[str, float]:
    """Every scorer's log-odds for the term counts of a text, in one pass.

    The same sums as :func:`score` over ``tfidf(counts, idf)``, added in another
    order, so they may differ in the last bits: a screen that tells which
    scorers could reach their threshold (see ``Model.logit_thresholds``), not a
    replacement for ``score``. ``{}`` when no term is known.
    """
    model = model or load_model()
    rows = model.rows
    log = math.log
    square = bribe = first = later = 0.0
    for term, n in counts.items():
        row = rows.get(term)
        if row is None:
            continue
        idf, w_bribe, w_first, w_later = row
        w = idf if n == 1 else (1.0 + log(n)) * idf
        square += w * w
        bribe += w * w_bribe
        first += w * w_first
        later += w * w_later
    if not square:
        return {}
    norm = math.sqrt(square)
    sums = dict(zip(SCORERS, (bribe, first, later), strict=True))
    return {name: model.intercepts[name] + sums[name] / norm for name in SCORERS}


def read(text: str, scorer: str, model: Model | None = None) -> Reading:
    """Score ``text`` with one of the scorers (``SCORERS``)."""
    return score(vector(text, model), scorer, model)


def score(vec: dict[str, float], scorer: str, model: Model | None = None) -> Reading:
    """Score a ``vector`` with one of the scorers (``SCORERS``)."""
    model = model or load_model()
    rows = model.rows
    column = _COLUMN[scorer]
    contributions = {
        t: v * w for t, v in vec.items() if (row := rows.get(t)) is not None and (w := row[column])
    }
    logit = model.intercepts[scorer] + sum(contributions.values())
    return Reading(score=_sigmoid(logit), contributions=contributions)


def strongest_span(
    text: str, reading: Reading, spans: list[tuple[int, int]]
) -> tuple[int, int] | None:
    """The span (a sentence, say) whose terms add most to the score, or None.

    ``spans`` are sorted and do not overlap; a term counts for the span it starts in.
    """
    starts = [start for start, _ in spans]
    by_span: dict[int, float] = {}
    for term, start, _end in terms(text):
        value = reading.contributions.get(term)
        if not value:
            continue
        index = bisect_right(starts, start) - 1
        if index >= 0 and start < spans[index][1]:
            by_span[index] = by_span.get(index, 0.0) + value
    if not by_span:
        return None
    index = max(by_span, key=lambda i: (by_span[i], -i))
    return spans[index] if by_span[index] > 0 else None


def _sigmoid(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    z = math.exp(x)
    return z / (1.0 + z)
