"""Run the rules over a document and apply the policy: select, ignore, severity."""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable

from outreach.checker.model import (
    CATEGORIES,
    SEVERITIES,
    CheckContext,
    CheckFn,
    Finding,
    Rule,
)
from outreach.checker.rules import all_rules
from outreach.checker.scan import Scan, prepare_prefilter, region_of
from outreach.checker.text import Document, build_document
from outreach.config import LintSettings
from outreach.errors import ConfigError

_QUOTE_MAX = 70


def is_selector(value: str) -> bool:
    """Whether a select/ignore value names a rule code, a code prefix, a rule or a category."""
    if value.lower() in CATEGORIES:
        return True
    return any(_rank(rule, value) >= 0 for rule in all_rules())


def validate_settings(settings: LintSettings) -> None:
    """Reject codes, categories and severities that match nothing, naming the key."""

    def check_selector(value: str, key: str) -> None:
        if is_selector(value):
            return
        raise ConfigError(
            f"[lint] {key}: {value!r} is not a rule code, rule name or category "
            f"(see `outreach rules`)"
        )

    for value in settings.select:
        check_selector(value, "select")
    for value in settings.ignore:
        check_selector(value, "ignore")
    for code, severity in settings.severity.items():
        check_selector(code, "severity")
        if severity not in SEVERITIES:
            raise ConfigError(
                f"[lint] severity.{code}: {severity!r} is not one of error, warning, info"
            )
    for glob, selectors in settings.per_file_ignores.items():
        for value in selectors:
            check_selector(value, f"per_file_ignores.{glob!r}")
    for category in settings.phrases:
        if category not in CATEGORIES:
            raise ConfigError(
                f"[lint] phrases.{category}: not a category; use one of {', '.join(CATEGORIES)}"
            )


def _rank(rule: Rule, key: str) -> int:
    """How closely a select, ignore or severity key names a rule; -1 when it does not.

    A code or code prefix in any case ("OR302", "or30"; a longer prefix is closer),
    the rule's name, its category in any case, or "*".
    """
    upper = key.upper()
    if upper == rule.code or key == rule.name:
        return 1000
    if upper.startswith("OR") and rule.code.startswith(upper):
        return len(upper)
    if key.lower() == rule.category:
        return 1
    if key == "*":
        return 0
    return -1


def _selected(rule: Rule, selectors: Iterable[str]) -> bool:
    return any(_rank(rule, value) >= 0 for value in selectors)


def _path_forms(path: str) -> list[str]:
    """The path and each of its tails, so "legacy/*" matches "/repo/legacy/a.txt" too."""
    parts = path.replace("\\", "/").split("/")
    return ["/".join(parts[i:]) for i in range(len(parts))]


def active_rules(
    settings: LintSettings, context: CheckContext, path: str = "", region: str | None = None
) -> tuple[Rule, ...]:
    """The rules that apply to this path and stage under this policy, in the order they run.
    ``region``: the context's law (``region_of``), when the caller has worked it out."""
    global _LAST_ACTIVE
    every = all_rules()
    # Which region does not matter here, only whether there is one: the law rules need one.
    lawful = bool(region_of(context, settings) if region is None else region)
    if path and settings.per_file_ignores:
        return _active(every, settings, context, path, lawful)
    # The same answer as for the run's previous email, unless what it depends on changed.
    stage, prospect = context.stage, context.prospect is not None
    last = _LAST_ACTIVE
    if (
        last is not None
        and last[0] is settings
        and last[1] is every
        and last[2] == stage
        and last[3] == prospect
        and last[4] == lawful
    ):
        return last[5]
    chosen = _active(every, settings, context, path, lawful)
    _LAST_ACTIVE = (settings, every, stage, prospect, lawful, chosen)
    return chosen


_LAST_ACTIVE: tuple[LintSettings, tuple[Rule, ...], str, bool, bool, tuple[Rule, ...]] | None = None


def _active(
    every: tuple[Rule, ...], settings: LintSettings, context: CheckContext, path: str, lawful: bool
) -> tuple[Rule, ...]:
    ignored = list(settings.ignore)
    if path and settings.per_file_ignores:
        candidates = _path_forms(path)
        for glob, selectors in settings.per_file_ignores.items():
            if any(fnmatch.fnmatch(form, glob) for form in candidates):
                ignored.extend(selectors)
    chosen = []
    for rule in every:
        if settings.select and not _selected(rule, settings.select):
            continue
        if ignored and _selected(rule, ignored):
            continue
        if context.stage not in rule.stages:
            continue
        if rule.needs == "prospect" and context.prospect is None:
            continue
        if rule.needs == "region" and not lawful:
            continue  # no law to check against: no --region, [lint] region or country
        if rule.needs == "phrases" and not settings.phrases.get(rule.category):
            continue  # a policy rule with no phrases listed for its category
        chosen.append(rule)
    # Fallback rules run last, and only for a category nothing else has flagged.
    return tuple(sorted(chosen, key=_runs_last))


def check_document(
    doc: Document, context: CheckContext, settings: LintSettings | None = None
) -> list[Finding]:
    """Every finding in one document, sorted."""
    settings = settings or LintSettings()
    region = region_of(context, settings)
    rules = active_rules(settings, context, doc.path, region)
    prepare_prefilter()  # a stored one, once (lint_paths may compile one first)
    scan = Scan(doc=doc, context=context, settings=settings, region=region)
    findings: list[Finding] = []
    # Categories flagged so far, counting hits silenced inline: an approved
    # phrase is not for a fallback to raise again.
    found: set[str] = set()
    # Only the rules whose phrases the prefilter saw here (and those it cannot judge) run.
    for rule in scan.live(rules, _check_of):  # fallbacks last
        if rule.fallback and rule.category in found:
            continue
        seen: set[tuple[int, int]] = set()
        for start, end, detail in scan.found_by(rule):
            sentence = doc.sentence_at(start)
            if sentence in seen:
                continue  # one finding per rule per sentence: the first says enough
            seen.add(sentence)
            found.add(rule.category)
            finding = _finding(doc, rule, settings, start, end, detail)
            if finding is not None:
                findings.append(finding)
    findings.sort(key=Finding.sort_key)
    return findings


def _check_of(rule: Rule) -> CheckFn:
    return rule.check


def _runs_last(rule: Rule) -> bool:
    return rule.fallback


def _finding(
    doc: Document, rule: Rule, settings: LintSettings, start: int, end: int, detail: str
) -> Finding | None:
    line, column = doc.locate(start)
    ignored = doc.ignores.get(line)
    if ignored and ("*" in ignored or rule.code in ignored or rule.category in ignored):
        return None
    end_line, end_column = doc.locate(max(start, end - 1))
    shown_line = line + 1 + doc.line_offset
    shown_end = end_line + 1 + doc.line_offset
    if doc.flat:
        shown_line = shown_end = doc.line_offset + 1
    severity = severity_for(rule, settings.severity)
    return Finding(
        path=doc.path,
        line=shown_line,
        column=column + 1,
        rule=rule.code,
        name=rule.name,
        category=rule.category,
        severity=severity,
        confidence=rule.confidence,
        message=rule.message.format(quote=quote(doc.text[start:end]), detail=detail),
        suggestion=rule.suggestion,
        end_line=shown_end,
        end_column=end_column + 2,
        row=doc.row,
        source=doc.line_text(line),
    )


def severity_for(rule: Rule, overrides: dict[str, str]) -> str:
    """The configured severity of a rule; the most specific key (see _rank) wins."""
    best, best_rank = rule.severity, -1
    for key, value in overrides.items():
        rank = _rank(rule, key)
        if rank > best_rank:
            best, best_rank = value, rank
    return best


def quote(text: str) -> str:
    """The offending text, on one line and not too long, in double quotes."""
    text = " ".join(text.split())
    if len(text) > _QUOTE_MAX:
        text = text[: _QUOTE_MAX - 1].rstrip() + "…"
    return f'"{text}"'


def check_message(
    subject: str,
    body: str,
    context: CheckContext,
    settings: LintSettings | None = None,
    path: str = "<draft>",
) -> list[Finding]:
    """Check a drafted email; line 1 is ``Subject: ...`` when there is a subject."""
    text = f"Subject: {subject}\n\n{body}" if subject else body
    return check_document(build_document(text, path), context, settings)


def save_compiled() -> None:
    """Keep the patterns and the prefilter compiled, and the learned model parsed, in this
    run for the next runs."""
    from outreach.checker import learned, patterns, prefilter

    patterns.save()
    prefilter.save()
    learned.save_stored()
