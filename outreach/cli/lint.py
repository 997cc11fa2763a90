"""`outreach lint` and `outreach rules`: the checker on the command line.

Exit status (outreach.errors.ExitCode): 0 when nothing reaches --fail-on,
1 when something does, 2 for bad flags, config or unreadable input.
This module must stay free of openai and jinja2 (tests/checker/test_cli.py).
"""

from __future__ import annotations

import sys

import click

from outreach import records
from outreach.checker.model import REGIONS, STAGES, CheckContext, Rule
from outreach.cli.common import config_option, format_option
from outreach.config import load_settings
from outreach.errors import ConfigError, ExitCode, InputError
from outreach.models import Sender


def _split(values: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(v.strip() for value in values for v in value.split(",") if v.strip())


def _flag_selectors(flag: str, values: tuple[str, ...]) -> tuple[str, ...]:
    """Codes or categories given on the command line; a bad one names the flag."""
    from outreach.checker.engine import is_selector

    selectors = _split(values)
    for value in selectors:
        if not is_selector(value):
            raise click.BadParameter(
                f"{value!r} is not a rule code, rule name or category (see `outreach rules`)",
                param_hint=flag,
            )
    return selectors


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("paths", nargs=-1, metavar="[PATH]... ")
@format_option("text", "json", "sarif", "github")
@click.option(
    "--stage",
    type=click.Choice(STAGES),
    default="first-touch",
    show_default=True,
    help="Where the message sits: a polite ask is fine at 'ask', not at 'first-touch'.",
)
@click.option(
    "--prospect",
    "prospect_path",
    type=click.Path(dir_okay=False),
    default=None,
    help="Prospect file (.toml/.json): enables grounding and sector gift limits.",
)
@click.option(
    "--region",
    type=click.Choice(REGIONS),
    default=None,
    help="Cold-email law to check: us, eu, uk, ca (default: [lint] region, else the "
    "prospect's country).",
)
@click.option("--column", default=None, help="CSV/JSONL column that holds the email text.")
@click.option("--select", multiple=True, help="Only these codes or categories (comma-separated).")
@click.option("--ignore", multiple=True, help="Skip these codes or categories (comma-separated).")
@click.option(
    "--fail-on",
    type=click.Choice(["error", "warning", "info", "never"]),
    default=None,
    help="Lowest severity that makes the exit status 1 (default: [lint] fail_on, 'error').",
)
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings.")
@click.option(
    "--ledger",
    "ledger_path",
    type=click.Path(dir_okay=False),
    default=None,
    help="Ledger the --stage ask timing and proportion rules read (default: $OUTREACH_LEDGER, "
    "[ledger] path, the user data dir).",
)
@click.option(
    "--no-cache",
    is_flag=True,
    help="Lint every file again instead of reusing results from the cache "
    "($OUTREACH_CACHE_DIR, else the user cache dir).",
)
@click.option(
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help="Processes to lint with (default: one per CPU core when there are 300+ files).",
)
@config_option
def lint(
    paths: tuple[str, ...],
    fmt: str,
    stage: str,
    prospect_path: str | None,
    region: str | None,
    column: str | None,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    fail_on: str | None,
    exit_zero: bool,
    ledger_path: str | None,
    no_cache: bool,
    jobs: int | None,
    config_path: str | None,
) -> None:
    """Check outreach copy for bribe-like, transactional, generic and ungrounded text.

    PATH is a file (.txt, .md, .eml, .html; .csv/.jsonl with --column), a folder
    (searched recursively) or - for stdin.

    \b
    Exit status: 0 nothing at or above --fail-on, 1 findings, 2 usage/config/input error.
    """
    from outreach.checker import validate_settings
    from outreach.checker.inputs import lint_paths
    from outreach.checker.report import fails, part_renderer, render, summary_of
    from outreach.cli import allow_quick_exit
    from outreach.prospects import load_prospect

    if not paths:
        raise click.UsageError("give at least one PATH, or - to read stdin")
    allow_quick_exit()  # what lint writes outside stdout and stderr, it closes as it goes
    settings = load_settings(config_path)
    lint_settings = settings.lint
    if select or ignore:  # --select replaces [lint] select; --ignore adds to [lint] ignore
        lint_settings = records.replace(
            lint_settings,
            select=_flag_selectors("--select", select) if select else lint_settings.select,
            ignore=lint_settings.ignore + _flag_selectors("--ignore", ignore),
        )
    cache = None
    if not no_cache:
        from outreach.checker.cache import LintCache, cache_dir

        try:
            cache = LintCache(cache_dir(), lint_settings)
        except OSError as exc:  # no home folder to keep a cache in: lint all the same
            click.echo(f"note: {exc}; linting without the cache", err=True)
    # Validating loads every rule; a cache that saw these settings pass skips it.
    if cache is None or not cache.settings_validated():
        try:
            validate_settings(lint_settings)
        except ConfigError as exc:  # the flags were checked above: this is the file's
            where = f"{settings.source}: " if settings.source else ""
            raise ConfigError(f"{where}{exc.message}") from None
        if cache is not None:
            cache.mark_settings_validated()
    prospect = load_prospect(prospect_path) if prospect_path else None
    sender = settings.sender if settings.sender != Sender() else None
    history = None
    if stage == "ask":  # the timing and proportion rules read the prospect's ledger history
        from outreach.cli.loop import history_for_lint

        history = history_for_lint(ledger_path, settings, prospect)
    context = CheckContext(
        stage=stage, prospect=prospect, region=region or "", sender=sender, history=history
    )
    if cache is not None and not cache.for_context(context, column):
        cache = None
    by_part = part_renderer(fmt)  # text and github: workers send their findings rendered
    result = lint_paths(
        paths, context, lint_settings, column=column, jobs=jobs, cache=cache, render=by_part
    )
    if result.rendered is not None:
        click.echo(result.rendered, nl=False)
    else:
        click.echo(render(fmt, result.findings, result.emails), nl=False)
    for note in result.notes:
        click.echo(f"warning: {note}", err=True)
    for problem in result.problems:
        click.echo(f"error: {problem}", err=True)
    if fmt == "text":
        click.echo(summary_of(result.counts, result.emails), err=True)
    if result.problems:
        sys.exit(ExitCode.USAGE)
    failed = fails(result.counts, fail_on or lint_settings.fail_on)
    sys.exit(ExitCode.FINDINGS if failed and not exit_zero else ExitCode.OK)


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
