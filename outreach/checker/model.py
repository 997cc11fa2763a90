"""What the checker works with: the context of a message, a rule, and a finding."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from outreach.models import Prospect, Sender
from outreach.records import record

TYPE_CHECKING = False  # typing is not imported at run time (see outreach.records)

if TYPE_CHECKING:
    from typing import Any

    from outreach.checker.scan import Scan

CATEGORIES = (
    "bribe",
    "transactional",
    "generic",
    "grounding",
    "compliance",
    "timing",
    "proportion",
)
SEVERITIES = ("error", "warning", "info")
SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}
STAGES = ("first-touch", "ask", "thank")
REGIONS = ("us", "eu", "uk", "ca")


@record(frozen=True)
class CheckContext:
    """Where a message sits: its stage, who receives it, under which law, who sends it."""

    stage: str = "first-touch"  # first-touch | ask | thank
    prospect: Prospect | None = None  # grounding rules and sector thresholds
    region: str = ""  # us|eu|uk|ca; "" -> from prospect.country, else skip
    sender: Sender | None = None
    history: Any = None  # the ledger's view of this prospect (timing/proportion)


@record(frozen=True)
class Finding:
    """One thing a rule found, located in the text it was found in."""

    path: str
    line: int
    column: int
    rule: str  # code like "OR101"
    name: str  # kebab-case name of the pattern
    category: str
    severity: str  # error | warning | info
    confidence: float  # 0..1
    message: str
    suggestion: str
    end_line: int = 0
    end_column: int = 0
    row: int = 0  # 1-based data row for CSV/JSONL inputs, else 0
    source: str = ""  # the source line, for the caret display

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "rule": self.rule,
            "name": self.name,
            "category": self.category,
            "severity": self.severity,
            "confidence": self.confidence,
            "message": self.message,
            "suggestion": self.suggestion,
        }
        if self.row:
            data["row"] = self.row
        return data

    def sort_key(self) -> tuple[str, int, int, int, str, str]:
        return (self.path, self.row, self.line, self.column, self.rule, self.message)


@record(frozen=True)
class Example:
    """A message a rule must flag (or must pass), with the context it is read in."""

    text: str
    stage: str = "first-touch"
    prospect: dict[str, Any] | None = None
    region: str = ""
    phrases: dict[str, list[str]] | None = None


# A rule's check yields (start, end, detail): offsets into the scanned text and
# an optional detail string the message template can use as {detail}.
Hit = tuple[int, int, str]
CheckFn = Callable[["Scan"], Iterable[Hit]]


@record(frozen=True)
class Rule:
    """A declarative rule: identity, defaults, documentation, examples and a check."""

    code: str
    name: str
    category: str
    severity: str
    confidence: float
    message: str  # template: {quote} is the offending text, {detail} the rule's detail
    suggestion: str
    what: str  # What it does
    why: str  # Why it matters
    example: str  # Example (bad)
    instead: str  # Use instead (good)
    check: CheckFn
    flag: tuple[Example | str, ...] = ()
    passes: tuple[Example | str, ...] = ()
    stages: tuple[str, ...] = STAGES
    needs: str = ""  # "prospect", "region" or "phrases" (its category's): skipped without it
    # A fallback rule runs after the others and only when none of them found
    # anything of its category in the document (the learned rules).
    fallback: bool = False

    def examples(self, kind: str) -> list[Example]:
        items = self.flag if kind == "flag" else self.passes
        return [item if isinstance(item, Example) else Example(item) for item in items]
