"""ORx99: a company's own forbidden phrases, per category, from ``[lint] phrases``."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import cache

from outreach.checker.model import CATEGORIES, Example, Hit, Rule
from outreach.checker.scan import Scan

_CODES = {category: f"OR{index}99" for index, category in enumerate(CATEGORIES, 1)}


@cache
def _compile(phrases: tuple[str, ...]) -> re.Pattern[str]:
    body = "|".join(
        r"\s+".join(re.escape(word) for word in phrase.split())
        for phrase in sorted(phrases, key=len, reverse=True)
        if phrase.strip()
    )
    return re.compile(r"(?<!\w)(?:" + body + r")(?!\w)", re.IGNORECASE)


def _policy_check(category: str) -> Callable[[Scan], Iterator[Hit]]:
    def check(scan: Scan) -> Iterator[Hit]:
        phrases = tuple(scan.settings.phrases.get(category, ()))
        if not phrases:
            return
        for match in _compile(phrases).finditer(scan.own):
            if category in ("bribe", "transactional") and scan.negated(match.start()):
                continue
            yield match.start(), match.end(), ""

    return check


def _rule(category: str) -> Rule:
    sample = {"bribe": "spa day", "transactional": "as discussed, you owe"}.get(category, "synergy")
    return Rule(
        code=_CODES[category],
        name=f"{category}-policy-phrase",
        category=category,
        severity="error",
        confidence=1.0,
        message="a phrase your policy lists under " + category + ": {quote}",
        suggestion="rewrite without it; the phrase is listed in [lint] phrases." + category,
        what=f"Flags the phrases listed in the config under [lint] phrases.{category}, matched "
        "case-insensitively as whole words.",
        why="Every company has its own red lines (a named perk, a banned promise); this puts "
        "them beside the built-in rules, with the same codes, output and exit status.",
        example=f'[lint] phrases = {{ {category} = ["{sample}"] }} flags "{sample}".',
        instead="Say what the reader gains without the listed phrase.",
        check=_policy_check(category),
        needs="phrases",
        flag=(Example(f"We'd love to offer a {sample} here.", phrases={category: [sample]}),),
        passes=(
            Example(f"We'd love to offer a {sample} here."),
            Example("Nothing listed here.", phrases={category: [sample]}),
        ),
    )


RULES = tuple(_rule(category) for category in CATEGORIES)
