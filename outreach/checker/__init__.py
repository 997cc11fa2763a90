"""The checker: deterministic rules for bribe-like, transactional, generic, ungrounded copy.

    from outreach.checker import CheckContext, Finding, check_message
    findings = check_message(subject, body, CheckContext(stage="first-touch"), settings.lint)

No model, no network, no jinja2: importing this package is cheap.
"""

from __future__ import annotations

from outreach.checker.engine import check_document, check_message, validate_settings
from outreach.checker.model import (
    CATEGORIES,
    SEVERITIES,
    STAGES,
    CheckContext,
    Example,
    Finding,
    Rule,
)
from outreach.checker.rules import all_rules, rules_by_code
from outreach.checker.text import Document, build_document

__all__ = [
    "CATEGORIES",
    "SEVERITIES",
    "STAGES",
    "CheckContext",
    "Document",
    "Example",
    "Finding",
    "Rule",
    "all_rules",
    "build_document",
    "check_document",
    "check_message",
    "rules_by_code",
    "validate_settings",
]
