"""The `outreach` command line: parse, make one core call, print.

The Click group and its lazily loaded subcommands are in outreach.cli.app; most
`outreach lint` command lines run without importing Click (outreach.cli.linting).
``cli`` and ``COMMANDS`` are still importable from here.
"""

from __future__ import annotations

import atexit
import errno
import gc
import os
import sys

from outreach.errors import ExitCode

TYPE_CHECKING = False  # without importing typing
if TYPE_CHECKING:
    from outreach.cli.app import COMMANDS as COMMANDS
    from outreach.cli.app import cli as cli


def __getattr__(name: str) -> object:
    """``cli``, ``COMMANDS`` and ``LazyGroup``: the Click side, imported when asked for."""
    if name in ("cli", "COMMANDS", "LazyGroup"):
        from outreach.cli import app

        return getattr(app, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


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
        from outreach.cli.linting import run_plain

        run_plain(sys.argv[1:])  # ends the run when it was a plain lint command line
        from outreach.cli.app import cli

        cli.main(prog_name="outreach")
    except OSError as exc:
        if exc.errno not in _NO_ROOM:
            raise
        sys.stderr.write(f"Error: a write failed: {exc.strerror}; free some space and run again\n")
        sys.stderr.flush()
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
