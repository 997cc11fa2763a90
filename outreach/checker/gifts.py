"""The gift thresholds data file (outreach/data/gift_rules.toml), read once."""

from __future__ import annotations

import re
import tomllib
from functools import cache
from pathlib import Path

from outreach.checker.patterns import Regex
from outreach.errors import ConfigError
from outreach.records import record

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "gift_rules.toml"


@record(frozen=True)
class GiftRule:
    """One recipient class: who, how much, and where the figure comes from."""

    id: str
    label: str
    sectors: tuple[str, ...]
    limit: float | None  # per gift, USD; 0 = nothing non-educational
    per_year: float | None
    no_cash: bool
    rule: str
    source: str
    url: str


@record(frozen=True)
class GiftRules:
    version: str
    recipients: tuple[GiftRule, ...]


@cache
def load_gift_rules(path: Path = DATA_FILE) -> GiftRules:
    """Parse and validate the data file; a broken file is a ConfigError naming it."""
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read the gift rules: {exc}") from None
    version = raw.get("version")
    if not isinstance(version, str) or not version:
        raise ConfigError(f"{path}: missing 'version'")
    recipients = []
    for index, item in enumerate(raw.get("recipient", []), 1):
        for key in ("id", "label", "sectors", "rule", "source"):
            if key not in item:
                raise ConfigError(f"{path}: [[recipient]] {index} has no {key!r}")
        recipients.append(
            GiftRule(
                id=item["id"],
                label=item["label"],
                sectors=tuple(s.lower() for s in item["sectors"]),
                limit=float(item["per_gift_usd"]) if "per_gift_usd" in item else None,
                per_year=float(item["per_year_usd"]) if "per_year_usd" in item else None,
                no_cash=bool(item.get("no_cash", False)),
                rule=item["rule"],
                source=item["source"],
                url=item.get("url", ""),
            )
        )
    return GiftRules(version=version, recipients=tuple(recipients))


def rule_for_sector(sector: str, role: str = "") -> GiftRule | None:
    """The entry for a prospect's sector, else for a word of their role."""
    rules = load_gift_rules().recipients
    wanted = sector.strip().lower()
    if wanted:
        for entry in rules:
            if wanted in entry.sectors:
                return entry
    role_words = set(re.findall(r"[a-z-]+", role.lower()))
    for entry in rules:
        if entry.id == "corporate-policy":
            continue
        if role_words & set(entry.sectors):
            return entry
    return None


# Items a sales email gives, with a rough typical value when no price is stated.
_ITEM_VALUES: tuple[tuple[str, float], ...] = (
    (r"gift ?cards?|e-?gifts?|vouchers?|cash", 50),
    (
        r"(?:gift|gourmet|fruit|snack|holiday|food|treat|wine|cheese) baskets?|hampers?|"
        r"care packages?",
        60,
    ),
    (r"(?:bottles?|case) of (?:wine|champagne|whisk(?:e)?y|bourbon|scotch)|wine|champagne", 40),
    (r"dinners?|tasting menu|steak", 120),
    (r"lunch(?:es)?|catered \w+", 25),
    (r"tickets?|seats", 150),
    (r"airpods|ipads?|headphones|laptops?|smart ?watch\w*|kindles?", 200),
    (r"flowers|bouquet|chocolates?|cookies|cupcakes|donuts|pastries|treats?", 30),
    (r"hoodies?|fleece|jackets?|yeti \w+|backpacks?", 45),
    (r"coffee|mugs?|t-?shirts?|stickers?|pens?|swag|socks|notebooks?", 12),
    # "present" as a verb ("glad to present the methodology") is not a gift
    (
        r"gifts?(?! (?:rules?|polic(?:y|ies)|limits?|bans?|registers?|guidelines?|restrictions?|"
        r"ethics|disclosures?|reporting))|presents?"
        r"(?! (?:the|our|my|a|an|it|this|these|them|findings|results|to|at|how|what)\b)",
        30,
    ),
)
# Compiled on first use, and from stored code in later runs, as the rules' patterns are.
ITEM_PATTERN = Regex(
    r"\b(?:" + "|".join(pattern for pattern, _ in _ITEM_VALUES) + r")\b", re.IGNORECASE
)
_ITEM_PATTERNS = tuple((Regex(p, re.IGNORECASE), v) for p, v in _ITEM_VALUES)


def estimate_item(text: str) -> float:
    """A typical value for an item named without a price."""
    for pattern, value in _ITEM_PATTERNS:
        if pattern.fullmatch(text.strip()):
            return value
    return 30.0
