"""The rule registry: every rule module listed here, in code order.

To add rules, write a module in this package with a ``RULES`` tuple of
:class:`outreach.checker.model.Rule` and add its name to ``RULE_MODULES``.
Codes are stable: OR1xx bribe, OR2xx transactional, OR3xx generic, OR4xx
grounding, OR5xx compliance, OR6xx timing, OR7xx proportion; ORx99 is the
category's company-policy phrase rule (``[lint] phrases``); OR107 and OR207
are the learned fallbacks (``outreach.checker.learned``).
"""

from __future__ import annotations

import importlib
from functools import cache

from outreach.checker.model import Rule

RULE_MODULES = (
    "bribe",
    "transactional",
    "generic",
    "grounding",
    "compliance",
    "loop",
    "policy",
    "learned",
)


@cache
def all_rules() -> tuple[Rule, ...]:
    """Every rule, sorted by code; a duplicate code is a programming error."""
    rules: list[Rule] = []
    for name in RULE_MODULES:
        module = importlib.import_module(f"{__name__}.{name}")
        rules.extend(module.RULES)
    codes = [rule.code for rule in rules]
    duplicates = {code for code in codes if codes.count(code) > 1}
    if duplicates:
        raise RuntimeError(f"duplicate rule codes: {sorted(duplicates)}")
    return tuple(sorted(rules, key=lambda rule: rule.code))


def rules_by_code() -> dict[str, Rule]:
    return {rule.code: rule for rule in all_rules()}
