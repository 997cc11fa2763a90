"""`outreach lint` and `outreach rules`: the checker on the command line.

Exit status (outreach.errors.ExitCode): 0 when nothing reaches --fail-on,
1 when something does, 2 for bad flags, config or unreadable input.
The lint options and the run are in outreach.cli.linting, which runs most lint
command lines without Click; this is the Click command made from them.
This module must stay free of openai and jinja2 (tests/checker/test_cli.py).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

from outreach.checker.model import Rule
from outreach.cli.common import click_option, format_option
from outreach.cli.linting import LINT_OPTIONS, FlagError, run_lint
from outreach.errors import InputError

F = TypeVar("F", bound=Callable[..., Any])


def _click_echo(text: str, err: bool = False) -> None:
    click.echo(text, nl=False, err=err)


def _lint_options(func: F) -> F:
    for option in reversed(LINT_OPTIONS):
        func = click_option(option)(func)
    return func


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("paths", nargs=-1, metavar="[PATH]... ")
@_lint_options
def lint(paths: tuple[str, ...], **options: Any) -> None:
    """Check outreach copy for bribe-like, transactional, generic and ungrounded text.

    PATH is a file (.txt, .md, .eml, .html; .csv/.jsonl with --column), a folder
    (searched recursively) or - for stdin.

    \b
    Exit status: 0 nothing at or above --fail-on, 1 findings, 2 usage/config/input error.
    """
    if not paths:
        raise click.UsageError("give at least one PATH, or - to read stdin")
    try:
        run_lint(paths, echo=_click_echo, **options)
    except FlagError as exc:
        raise click.BadParameter(exc.message, param_hint=exc.flag) from None


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("code", required=False)
@format_option("text", "json")
def rules(code: str | None, fmt: str) -> None:
    """List the checker's rules, or explain one: outreach rules OR101."""
    import json

    from outreach.checker import all_rules
    from outreach.checker.report import explain, list_rules

    every = all_rules()
    if code is None:
        if fmt == "json":
            click.echo(json.dumps([_rule_dict(r) for r in every], indent=2))
        else:
            click.echo(list_rules(every), nl=False)
        return
    wanted = code.strip()
    for rule in every:
        if wanted.upper() == rule.code or wanted == rule.name:
            if fmt == "json":
                click.echo(json.dumps(_rule_dict(rule), indent=2))
            else:
                click.echo(explain(rule), nl=False)
            return
    import difflib

    choices = [r.code for r in every] + [r.name for r in every]
    close = difflib.get_close_matches(wanted, choices, n=1)
    hint = f"; did you mean {close[0]}?" if close else "; run `outreach rules` to list them"
    raise InputError(f"no rule {wanted!r}{hint}")


def _rule_dict(rule: Rule) -> dict[str, object]:
    return {
        "code": rule.code,
        "name": rule.name,
        "category": rule.category,
        "severity": rule.severity,
        "confidence": rule.confidence,
        "stages": list(rule.stages),
        "what": rule.what,
        "why": rule.why,
        "example": rule.example,
        "instead": rule.instead,
        "suggestion": rule.suggestion,
    }
