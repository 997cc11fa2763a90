"""The `outreach` command line: parse, make one core call, print.

Subcommands are imported only when they run (or when --help lists them),
so `outreach lint` never pays for the model client or the prompt engine.
"""

from __future__ import annotations

import atexit
import errno
import gc
import importlib
import os
import sys
from typing import Any

import click

from outreach import __version__
from outreach.errors import ExitCode, OutreachError

# name -> "module:attribute"; each module imports its heavy dependencies lazily.
COMMANDS: dict[str, str] = {
    "batch": "outreach.cli.batch:batch",
    "gifts": "outreach.cli.drafting:gifts",
    "lint": "outreach.cli.lint:lint",
    "rules": "outreach.cli.lint:rules",
    "draft": "outreach.cli.drafting:draft",
    "prompts": "outreach.cli.drafting:prompts_group",
    "log": "outreach.cli.loop:log_group",
    "history": "outreach.cli.loop:history",
    "ask": "outreach.cli.loop:ask",
    "thank": "outreach.cli.loop:thank",
    "sequence": "outreach.cli.loop:sequence",
    "serve": "outreach.cli.local:serve",
}


class _UserError(click.ClickException):
    """A ClickException that keeps the domain error's exit code."""

    def __init__(self, message: str, exit_code: int) -> None:
        super().__init__(message)
        self.exit_code = exit_code  # type: ignore[misc]


class LazyGroup(click.Group):
    """A group whose subcommands load on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in COMMANDS:
            module_name, attr = COMMANDS[cmd_name].split(":")
            command = getattr(importlib.import_module(module_name), attr)
            assert isinstance(command, click.Command)
            return command
        return super().get_command(ctx, cmd_name)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except OutreachError as exc:
            # The one place domain errors become a line on stderr and an exit code.
            raise _UserError(exc.message, exc.exit_code) from None


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="outreach")
def cli() -> None:
    """Draft outreach that gives before it asks, and lint outreach copy.

    \b
    Steps: gifts (what to give) -> draft (first touch, no strings)
           -> ask (proportional, in the window) -> thank (and give again)
    Plan and memory: sequence (the dated loop), log and history (the ledger)
    Checker: lint (bribe-like, transactional, generic, ungrounded copy)
    """


_quick_exit = False


def allow_quick_exit() -> None:
    """Let the `outreach` command end without freeing what this command made.

    For a command that leaves nothing but stdout and stderr to flush or close
    (`outreach lint`). The exit handlers still run; what is skipped is the
    interpreter's teardown, which frees every object one at a time: about 4 ms of
    a lint run. Only ``run()`` (the `outreach` script and `python -m outreach`)
    ends this way; main() called by a test or a program raises SystemExit as always.
    """
    global _quick_exit
    _quick_exit = True


def run() -> None:
    """Entry point of the `outreach` command: main(), then the end of the process."""
    try:
        main()
    except SystemExit as exc:
        _end_now(exc.code)
        raise


def _end_now(code: object) -> None:
    """End the process with ``code`` as the usual exit would, or return to let it do so."""
    if not _quick_exit or not isinstance(code, int) or isinstance(code, bool):
        return
    threading = sys.modules.get("threading")
    if threading is not None and threading.active_count() > 1:
        return  # the usual exit waits for them
    run_exit_handlers = getattr(atexit, "_run_exitfuncs", None)  # CPython's and PyPy's
    if run_exit_handlers is None or not _flushed():
        return  # the usual exit runs them, or reports what failed
    run_exit_handlers()  # and forgets them: the usual exit would not run them again
    # What the exit handlers wrote is flushed too; a failure is left to the usual exit.
    if _flushed():
        os._exit(code)


def _flushed() -> bool:
    """Flush stdout and stderr (either may be None, as under pythonw); False when that failed."""
    try:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:
                stream.flush()
    except (OSError, ValueError):
        return False
    return True


# A write that failed for want of room: stdout sent to a full disk (`> plan.ics`), say.
_NO_ROOM = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG})


def main() -> None:
    """Run the command line on ``sys.argv``; ends with SystemExit, as Click does."""
    # What a command makes lives until the process ends. Frozen as the interpreter starts
    # to shut down, it is still freed, but the collections of the shutdown no longer walk
    # every object of it (the rules, the learned model, the patterns): about 5 ms of a
    # command that checked its drafts. `outreach lint` skips that teardown altogether
    # (allow_quick_exit). At exit only, so a test that calls main() keeps a normal collector.
    atexit.unregister(gc.freeze)  # once, however often a program calls main()
    atexit.register(gc.freeze)
    # A command is a short process that builds many objects which live to its end, and
    # few cycles: collecting young objects every 50,000 allocations instead of every 700
    # saves a lint run about 3 ms of walking them again and again.
    thresholds = gc.get_threshold()
    frozen = gc.get_freeze_count()
    gc.set_threshold(50_000, 20, 20)
    try:
        cli.main(prog_name="outreach")
    except OSError as exc:
        if exc.errno not in _NO_ROOM:
            raise
        click.echo(
            f"Error: a write failed: {exc.strerror}; free some space and run again", err=True
        )
        sys.exit(ExitCode.USAGE)
    finally:
        # Move what the command made to the oldest generation before the usual thresholds
        # come back, or the next allocation collects the young ones, tens of thousands of
        # objects (about 1.3 ms of a lint run); both calls only relink lists. Not when the
        # program that called main() froze objects itself: unfreeze would release them too.
        if not frozen:
            gc.freeze()
            gc.unfreeze()
        gc.set_threshold(*thresholds)


if __name__ == "__main__":  # pragma: no cover
    run()
