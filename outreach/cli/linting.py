"""`outreach lint` without Click: its options, the command lines it runs directly, the run.

Importing Click costs a lint run about 8 ms on two shared cores (its modules, and
``inspect``, ``uuid`` and ``datetime`` with them), a tenth of what linting 1,000 emails
takes. The lint options are declared once, here: :mod:`outreach.cli.lint` makes the
Click command from ``LINT_OPTIONS``, and :func:`run_plain` takes the command lines
that Click would read in only one way (known options, each value one of its choices,
at least one path) and runs them without Click. Everything else goes to Click, which
explains it: help, a typo, a bad value, a missing path, shell completion, an option
value that starts with "-", a selector that names no rule.
"""

from __future__ import annotations

import os
import re
import stat
import sys

from outreach.checker.model import REGIONS, STAGES
from outreach.errors import ExitCode, OutreachError
from outreach.records import record

TYPE_CHECKING = False  # without importing typing
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any, NoReturn

    Echo = Callable[..., None]  # (text, err=False): write text to stdout, or stderr


@record(frozen=True)
class LintOption:
    """One option of `outreach lint`; ``kind`` says what its values are."""

    flag: str  # "--stage"
    dest: str  # the parameter of run_lint
    help: str
    kind: str = "text"  # text | path (a file) | jobs (a whole number, 1 or more) | switch
    choices: tuple[str, ...] = ()
    default: str | None = None
    multiple: bool = False
    show_default: bool = False

    @property
    def initial(self) -> Any:
        """Its value when the command line does not give it."""
        if self.default is not None:
            return self.default
        return () if self.multiple else (False if self.kind == "switch" else None)


# Every command that reads a config file takes it so (outreach.cli.common.config_option).
CONFIG_OPTION = LintOption(
    "--config",
    "config_path",
    "Config file (default: $OUTREACH_CONFIG, ./outreach.toml, then the user config dir).",
    kind="path",
)

FORMATS = ("text", "json", "sarif", "github")
FAIL_ON = ("error", "warning", "info", "never")

LINT_OPTIONS = (
    LintOption(
        "--format", "fmt", "Output format.", choices=FORMATS, default="text", show_default=True
    ),
    LintOption(
        "--stage",
        "stage",
        "Where the message sits: a polite ask is fine at 'ask', not at 'first-touch'.",
        choices=STAGES,
        default="first-touch",
        show_default=True,
    ),
    LintOption(
        "--prospect",
        "prospect_path",
        "Prospect file (.toml/.json): enables grounding and sector gift limits.",
        kind="path",
    ),
    LintOption(
        "--region",
        "region",
        "Cold-email law to check: us, eu, uk, ca (default: [lint] region, else the "
        "prospect's country).",
        choices=REGIONS,
    ),
    LintOption("--column", "column", "CSV/JSONL column that holds the email text."),
    LintOption(
        "--select",
        "select",
        "Only these codes or categories (comma-separated).",
        multiple=True,
    ),
    LintOption(
        "--ignore",
        "ignore",
        "Skip these codes or categories (comma-separated).",
        multiple=True,
    ),
    LintOption(
        "--fail-on",
        "fail_on",
        "Lowest severity that makes the exit status 1 (default: [lint] fail_on, 'error').",
        choices=FAIL_ON,
    ),
    LintOption("--exit-zero", "exit_zero", "Exit 0 even when there are findings.", kind="switch"),
    LintOption(
        "--ledger",
        "ledger_path",
        "Ledger the --stage ask timing and proportion rules read (default: $OUTREACH_LEDGER, "
        "[ledger] path, the user data dir).",
        kind="path",
    ),
    LintOption(
        "--no-cache",
        "no_cache",
        "Lint every file again instead of reusing results from the cache "
        "($OUTREACH_CACHE_DIR, else the user cache dir).",
        kind="switch",
    ),
    LintOption(
        "--jobs",
        "jobs",
        "Processes to lint with (default: one per CPU core when there are 300+ files).",
        kind="jobs",
    ),
    CONFIG_OPTION,
)

# Set by a shell asking Click to complete a command line (Click's _{PROG}_COMPLETE).
_COMPLETION_VARIABLE = "_OUTREACH_COMPLETE"


class FlagError(Exception):
    """A flag's value that names nothing; the Click command reports it as a bad parameter."""

    def __init__(self, flag: str, message: str) -> None:
        super().__init__(message)
        self.flag = flag
        self.message = message


def parse_plain(args: list[str]) -> dict[str, Any] | None:
    """run_lint's arguments from the words after `lint`, when Click would read them so;
    None when Click should read them (and say what is wrong, or print help)."""
    by_flag = {option.flag: option for option in LINT_OPTIONS}
    values = {option.dest: option.initial for option in LINT_OPTIONS}
    paths: list[str] = []
    index = 0
    only_paths = False
    while index < len(args):
        word = args[index]
        index += 1
        if only_paths or word == "-" or not word.startswith("-"):
            paths.append(word)
            continue
        if word == "--":
            only_paths = True
            continue
        name, equals, attached = word.partition("=")
        found = by_flag.get(name)
        if found is None:
            return None  # help, or an option lint does not have
        option = found
        if option.kind == "switch":
            if equals:
                return None  # a switch takes no value
            values[option.dest] = True
            continue
        if equals:
            value = attached
        elif index < len(args):
            value = args[index]
            index += 1
        else:
            return None  # no value
        if value.startswith("-") or not _fits(option, value):
            return None
        if option.multiple:
            values[option.dest] += (value,)
        else:
            values[option.dest] = int(value) if option.kind == "jobs" else value
    if not paths:
        return None
    values["paths"] = tuple(paths)
    return values


def _fits(option: LintOption, value: str) -> bool:
    """Whether Click would take ``value`` for ``option`` as it is."""
    if option.choices:
        return value in option.choices
    if option.kind == "jobs":
        return value.isascii() and value.isdigit() and len(value) <= 18 and int(value) >= 1
    if option.kind == "path":  # click.Path(dir_okay=False): nothing there yet, or a readable file
        try:
            found = os.stat(value)
        except OSError:
            return bool(value)
        return not stat.S_ISDIR(found.st_mode) and os.access(value, os.R_OK)
    return True


def run_plain(args: list[str]) -> None:
    """Run `outreach lint` when ``args`` (the words after the program) is a command line it
    takes without Click; return without doing anything when Click should read it.

    Ends with SystemExit as the Click command would: the same output, messages and exit
    status, errors as "Error: ..." lines.
    """
    if args[:1] != ["lint"] or os.environ.get(_COMPLETION_VARIABLE):
        return
    if _ascii_only(sys.stdout) or _ascii_only(sys.stderr):
        return  # Click writes through a UTF-8 wrapper there
    parsed = parse_plain(args[1:])
    if parsed is None:
        return
    try:
        run_lint(**parsed)
    except FlagError:
        # Nothing is written before the flags are read (only the config file is): Click
        # reads the command line again and says which value names nothing.
        return
    except OutreachError as exc:
        _error(exc.message, exc.exit_code)
    except (EOFError, KeyboardInterrupt):
        sys.stderr.write("\nAborted!\n")  # as Click ends an interrupted command
        sys.exit(1)
    except BrokenPipeError:
        _quiet_broken_pipes()
        sys.exit(1)


def _ascii_only(stream: object) -> bool:
    import codecs

    encoding = getattr(stream, "encoding", None) or "ascii"
    try:
        return codecs.lookup(encoding).name == "ascii"
    except LookupError:
        return True


def _error(message: str, code: int) -> NoReturn:
    _echo(f"Error: {message}\n", err=True)  # as ClickException.show writes it
    sys.exit(code)


def _quiet_broken_pipes() -> None:
    """After a reader went away (`outreach lint . | head`), end without another error:
    what is left to flush goes nowhere, as Click arranges it."""
    import contextlib

    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except OSError:
            with contextlib.suppress(OSError, ValueError):
                os.dup2(os.open(os.devnull, os.O_WRONLY), stream.fileno())


def _echo(text: str, err: bool = False) -> None:
    """Write and flush as click.echo writes text: nothing when the stream is closed (None),
    and terminal escape codes (an email may hold some) stripped unless it is a terminal.
    Streams in ASCII, which Click wraps in UTF-8, never get here (see run_plain)."""
    stream = sys.stderr if err else sys.stdout
    if stream is None:
        return
    if "\x1b" in text and not _isatty(stream):
        text = _ANSI.sub("", text)
    if text:
        stream.write(text)
    stream.flush()


def _isatty(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except Exception:
        return False


_ANSI = re.compile(r"\033\[[0-?]*[ -/]*[@-~]")  # Click's pattern of terminal escape codes


def _split(values: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(v.strip() for value in values for v in value.split(",") if v.strip())


def _flag_selectors(flag: str, values: tuple[str, ...]) -> tuple[str, ...]:
    """Codes or categories given on the command line; a bad one names the flag."""
    from outreach.checker.engine import is_selector

    selectors = _split(values)
    for value in selectors:
        if not is_selector(value):
            raise FlagError(
                flag,
                f"{value!r} is not a rule code, rule name or category (see `outreach rules`)",
            )
    return selectors


def run_lint(
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
    echo: Echo = _echo,
) -> NoReturn:
    """Lint ``paths`` and end with the exit status (see outreach.errors.ExitCode).

    ``echo(text, err=False)`` writes the output and messages: the Click command passes
    click.echo's form, a plain command line :func:`_echo`, which writes as it does."""
    from outreach.checker import validate_settings
    from outreach.checker.inputs import lint_paths
    from outreach.checker.model import CheckContext
    from outreach.checker.report import fails, part_renderer, render, summary_of
    from outreach.cli import allow_quick_exit
    from outreach.config import load_settings
    from outreach.errors import ConfigError
    from outreach.models import Sender
    from outreach.prospects import load_prospect
    from outreach.records import replace

    allow_quick_exit()  # what lint writes outside stdout and stderr, it closes as it goes
    settings = load_settings(config_path)
    lint_settings = settings.lint
    if select or ignore:  # --select replaces [lint] select; --ignore adds to [lint] ignore
        lint_settings = replace(
            lint_settings,
            select=_flag_selectors("--select", select) if select else lint_settings.select,
            ignore=lint_settings.ignore + _flag_selectors("--ignore", ignore),
        )
    cache = None
    if not no_cache:
        from outreach.checker.cache import LintCache, cache_folder

        try:
            cache = LintCache(cache_folder(), lint_settings)
        except OSError as exc:  # no home folder to keep a cache in: lint all the same
            echo(f"note: {exc}; linting without the cache\n", err=True)
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
        echo(result.rendered)
    else:
        echo(render(fmt, result.findings, result.emails))
    for note in result.notes:
        echo(f"warning: {note}\n", err=True)
    for problem in result.problems:
        echo(f"error: {problem}\n", err=True)
    if fmt == "text":
        echo(summary_of(result.counts, result.emails) + "\n", err=True)
    if result.problems:
        sys.exit(ExitCode.USAGE)
    failed = fails(result.counts, fail_on or lint_settings.fail_on)
    sys.exit(ExitCode.FINDINGS if failed and not exit_zero else ExitCode.OK)
