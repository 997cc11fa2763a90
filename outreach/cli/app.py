"""The `outreach` Click group: subcommands load on first use.

Subcommands are imported only when they run (or when --help lists them),
so `outreach lint` never pays for the model client or the prompt engine.
"""

from __future__ import annotations

import importlib
from typing import Any

import click

from outreach import __version__
from outreach.errors import OutreachError

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
