"""Options and helpers shared by the commands."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from outreach import records
from outreach.cli.linting import CONFIG_OPTION, LintOption
from outreach.config import LintSettings, ProportionSettings, Settings, load_settings
from outreach.errors import ConfigError, InputError
from outreach.models import Prospect, Usage
from outreach.prospects import load_prospect, merge_flags, prospect_from_flags

if TYPE_CHECKING:
    from outreach.prompts import PromptLibrary

F = TypeVar("F", bound=Callable[..., Any])

# Dates given on the command line: years the timing rules can count windows in.
# A typo such as 9999-12-31 would otherwise be stored in the ledger and break every
# later `history` and `ask` for the prospect.
EARLIEST_YEAR, LATEST_YEAR = 1970, 2999


def click_option(option: LintOption) -> Callable[[F], F]:
    """The Click form of an option declared without Click (outreach.cli.linting)."""
    kind: Any = None
    if option.choices:
        kind = click.Choice(list(option.choices))
    elif option.kind == "path":
        kind = click.Path(dir_okay=False)
    elif option.kind == "jobs":
        kind = click.IntRange(min=1)
    return click.option(
        option.flag,
        option.dest,
        type=kind,
        default=option.initial,
        is_flag=option.kind == "switch",
        multiple=option.multiple,
        show_default=option.show_default,
        help=option.help,
    )


def config_option(func: F) -> F:
    return click_option(CONFIG_OPTION)(func)


def format_option(
    *choices: str, default: str = "text", help: str = "Output format."
) -> Callable[[F], F]:
    """--format FORMAT, stored as `fmt`."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(list(choices)),
        default=default,
        show_default=True,
        help=help,
    )


dry_run_option = click.option(
    "--dry-run", is_flag=True, help="Print the prompts; make no request (no key needed)."
)


def llm_options(func: F) -> F:
    """--base-url, --model, --provider and --prompts-dir, overriding the config."""
    for decorator in reversed(
        [
            click.option("--base-url", default=None, help="OpenAI-compatible endpoint URL."),
            click.option("--model", default=None, help="Model name at that endpoint."),
            click.option(
                "--provider",
                type=click.Choice(["openai", "local"]),
                default=None,
                help="openai: any OpenAI-compatible endpoint; local: the embedded model.",
            ),
            click.option(
                "--prompts-dir",
                type=click.Path(file_okay=False),
                default=None,
                help="Folder of templates that override the shipped ones.",
            ),
        ]
    ):
        func = decorator(func)
    return func


def prospect_options(func: F) -> F:
    """PROSPECT file argument plus quick one-off flags."""
    for decorator in reversed(
        [
            click.argument("prospect_path", metavar="PROSPECT", required=False),
            click.option("--name", default=None, help="Prospect's full name (one-off, no file)."),
            click.option("--company", default=None, help="Prospect's company."),
            click.option("--role", default=None, help="Prospect's role."),
            click.option("--email", default=None, help="Prospect's email address."),
            click.option(
                "--sector", default=None, help="private, government, healthcare, finance…"
            ),
            click.option(
                "--fact", "facts", multiple=True, help="Something known about them (repeat)."
            ),
        ]
    ):
        func = decorator(func)
    return func


def load_context(
    config_path: str | None,
    *,
    base_url: str | None = None,
    model: str | None = None,
    provider: str | None = None,
    prompts_dir: str | None = None,
) -> Settings:
    """Load the config and apply command-line overrides on top of it."""
    settings = load_settings(config_path)
    _check_policies(settings)
    llm_changes: dict[str, Any] = {
        k: v for k, v in {"base_url": base_url, "model": model, "provider": provider}.items() if v
    }
    if llm_changes:
        settings = records.replace(settings, llm=records.replace(settings.llm, **llm_changes))
    if prompts_dir:
        if not Path(prompts_dir).is_dir():
            raise InputError(f"{prompts_dir}: --prompts-dir is not a folder")
        settings = records.replace(
            settings, prompts=records.replace(settings.prompts, dir=prompts_dir)
        )
    return settings


def _check_policies(settings: Settings) -> None:
    """Validate [lint] and [proportion] up front, naming the config file.

    [lint] is otherwise checked only by `outreach lint`: a code or severity that matches
    nothing (severity = {OR101 = "fatal"}) was silently ignored by draft, ask, thank and
    batch. [proportion] is otherwise checked only when an ask is planned, after the
    first steps of a sequence may have been paid for, and without the file's name.
    """
    try:
        if settings.lint != LintSettings():  # the defaults are valid; skip loading the rules
            from outreach.checker import validate_settings

            validate_settings(settings.lint)
        if settings.proportion != ProportionSettings():
            from outreach.proportion import Ladder

            Ladder.from_settings(settings.proportion)
    except ConfigError as exc:
        where = f"{settings.source}: " if settings.source else ""
        raise ConfigError(f"{where}{exc.message}") from None


def resolve_prospect(
    prospect_path: str | None,
    *,
    name: str | None = None,
    company: str | None = None,
    role: str | None = None,
    email: str | None = None,
    sector: str | None = None,
    facts: tuple[str, ...] = (),
) -> Prospect:
    """The prospect from a file (flags add to it), or from flags alone."""
    if prospect_path:
        prospect = load_prospect(prospect_path)
        return merge_flags(
            prospect, facts=facts, name=name, company=company, role=role, email=email, sector=sector
        )
    return prospect_from_flags(
        name=name, company=company, role=role, email=email, sector=sector, facts=facts
    )


def check_gift_flags(gift_text: str | None, pick: int | None) -> None:
    """--gift (the gift, skipping step 1) and --pick (an idea of step 1) exclude each other."""
    if gift_text is not None and pick is not None:
        raise click.UsageError("give either --gift or --pick, not both")
    if gift_text is not None and not gift_text.strip():
        raise click.UsageError("--gift is empty; describe what you give")


def echo_usage(usage: Usage) -> None:
    """Report tokens spent on stderr (text formats; json carries a field instead)."""
    click.echo(
        f"usage: {usage.prompt_tokens} prompt + {usage.completion_tokens} completion tokens"
        f" in {usage.requests} request{'s' if usage.requests != 1 else ''}",
        err=True,
    )


def setup(config_path: str | None, options: dict[str, Any]) -> tuple[Settings, Prospect]:
    """The settings with `llm_options` applied, and the prospect from `prospect_options`.

    `options` is the rest of a command's keyword arguments: the two decorators' values.
    """
    llm = {k: options.pop(k) for k in ("base_url", "model", "provider", "prompts_dir")}
    settings = load_context(config_path, **llm)
    return settings, resolve_prospect(**options)


def library(settings: Settings) -> PromptLibrary:
    """The prompt templates: the shipped ones, under the configured --prompts-dir."""
    from outreach.prompts import PromptLibrary

    return PromptLibrary(settings.prompts.dir or None)


def echo_dry_run(shown: list[tuple[str, list[dict[str, str]]]], fmt: str) -> None:
    """Print the (step, messages) a command would send, for --dry-run."""
    from outreach.render import dumps

    if fmt == "json":
        data = {"dry_run": True, "prompts": [{"step": s, "messages": m} for s, m in shown]}
        click.echo(dumps(data), nl=False)
        return
    for title, messages in shown:
        for message in messages:
            click.echo(f"===== {title}: {message['role']} =====")
            click.echo(message["content"].rstrip())
            click.echo()
    click.echo("(dry run: no request made)", err=True)


def parse_moment(value: str | None, flag: str) -> dt.datetime | dt.date | None:
    """A date (2026-12-01) or a date and time (2026-12-01T14:30) given as `flag`."""
    if value is None:
        return None
    text = value.strip()
    try:
        if "T" in text or " " in text:
            moment: dt.datetime | dt.date = dt.datetime.fromisoformat(text)
        else:
            moment = dt.date.fromisoformat(text)
    except ValueError:
        raise InputError(
            f"{flag} {value!r}: expected a date like 2026-12-01 or 2026-12-01T14:30"
        ) from None
    if not EARLIEST_YEAR <= moment.year <= LATEST_YEAR:
        raise InputError(
            f"{flag} {value!r}: the year must be between {EARLIEST_YEAR} and {LATEST_YEAR}"
        )
    return moment


def parse_day(value: str | None, flag: str) -> dt.date | None:
    """A day given as `flag` (a time of day, if given, is dropped)."""
    moment = parse_moment(value, flag)
    return moment.date() if isinstance(moment, dt.datetime) else moment
