"""`outreach batch`: many prospects from one file, and the Batch API's status/collect/merge.

`outreach batch PROSPECTS --step draft --out R.jsonl` runs the default
subcommand (`run`); `status`, `collect` and `merge` are subcommands of their own.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from outreach import records
from outreach.cli.common import config_option, llm_options, load_context, parse_day
from outreach.errors import ExitCode, InputError

if TYPE_CHECKING:
    from outreach.batch.runner import Tally
    from outreach.config import Settings

SUBCOMMANDS = ("run", "status", "collect", "merge")


class BatchGroup(click.Group):
    """A group whose first word, when it is not a subcommand, is PROSPECTS for `run`."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ctx.help_option_names:
            args = ["run", *args]
        return super().parse_args(ctx, args)


class RunCommand(click.Command):
    """`--export eml DIR`: the folder follows the format, so it becomes --export-to DIR."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        rewritten: list[str] = []
        i = 0
        while i < len(args):
            arg = args[i]
            fmt = None
            if arg == "--export" and i + 1 < len(args):
                fmt, step = args[i + 1], 2
            elif arg.startswith("--export="):
                fmt, step = arg.partition("=")[2], 1
            if fmt == "eml" and i + step < len(args) and not args[i + step].startswith("-"):
                rewritten += ["--export", "eml", "--export-to", args[i + step]]
                i += step + 1
                continue
            rewritten.append(arg)
            i += 1
        return super().parse_args(ctx, rewritten)


@click.group(cls=BatchGroup)
def batch() -> None:
    """Draft for a whole list of prospects: concurrent, resumable, shardable.

    \b
    outreach batch PROSPECTS --step draft --out RESULTS.jsonl   (same as `batch run ...`)
    outreach batch status ID      a Batch API job's state
    outreach batch collect ID     its results, joined into the results file
    outreach batch merge A.jsonl B.jsonl --out ALL.jsonl
    """


@batch.command("run", cls=RunCommand)
@click.argument("source", metavar="PROSPECTS", type=click.Path())
@click.option(
    "--step",
    type=click.Choice(["gifts", "draft", "ask"]),
    default="draft",
    show_default=True,
    help="gifts: step 1 ideas; draft: step 2 first-touch email; ask: step 4, the ask.",
)
@click.option(
    "--out", "out", required=True, type=click.Path(dir_okay=False), help="Results (JSONL)."
)
@click.option(
    "--map", "mapping", multiple=True, metavar="COL=FIELD", help="Column -> field (repeat)."
)
@click.option("--strict", is_flag=True, help="Stop (exit 2) when any row is invalid.")
@click.option(
    "--concurrency",
    type=click.IntRange(1, 512),
    default=None,
    help="Rows in flight at once (default: [batch] concurrency).",
)
@click.option(
    "--rpm", type=click.IntRange(0), default=None, help="Requests per minute, shared; 0: no cap."
)
@click.option(
    "--tpm", type=click.IntRange(0), default=None, help="Tokens per minute, shared; 0: no cap."
)
@click.option(
    "--row-timeout",
    type=click.FloatRange(min=0.1),
    default=None,
    help="Seconds one row may take, retries included (default: [batch] row_timeout).",
)
@click.option("--shard", default=None, metavar="I/N", help="Take only shard I of N (by row key).")
@click.option(
    "--via",
    type=click.Choice(["direct", "batch-api"]),
    default="direct",
    show_default=True,
    help="direct: requests now; batch-api: the provider's Batch API (cheaper, slower).",
)
@click.option(
    "--export",
    "export_format",
    type=click.Choice(["csv", "eml"]),
    default=None,
    help="Also export: csv (mail merge) or eml DIR (one message per row).",
)
@click.option(
    "--export-to", default=None, type=click.Path(), help="CSV file (default: RESULTS.csv)."
)
@click.option("--today", default=None, help="Day the gifts go out (follow-up window), ISO date.")
@click.option("--request", default=None, help="--step ask: what you will ask every row for.")
@click.option(
    "--strategy",
    type=click.Choice(["direct", "retreat"]),
    default=None,
    help="--step ask: retreat drafts a larger real request first, then this one.",
)
@click.option("--anchor", default=None, help="--step ask, retreat: the larger request.")
@click.option("--given", default=None, help="--step ask: the gift, when the ledger lacks it.")
@click.option("--given-on", default=None, help="--step ask: when it went out (ISO date).")
@click.option(
    "--ledger",
    "ledger_path",
    type=click.Path(dir_okay=False),
    default=None,
    help="--step ask: ledger to read each prospect's gift and asks from.",
)
@click.option("--dry-run", is_flag=True, help="Validate and plan; make no request (no key needed).")
@llm_options
@config_option
def run(
    source: str,
    step: str,
    out: str,
    mapping: tuple[str, ...],
    strict: bool,
    shard: str | None,
    via: str,
    export_format: str | None,
    export_to: str | None,
    today: str | None,
    request: str | None,
    strategy: str | None,
    anchor: str | None,
    given: str | None,
    given_on: str | None,
    ledger_path: str | None,
    dry_run: bool,
    config_path: str | None,
    **options: Any,
) -> None:
    """Run a step on every row of PROSPECTS (.csv, .jsonl, or a folder of prospect files).

    Each row becomes one JSON line in --out as soon as it finishes. Running the
    same command again skips rows already done and retries failed ones.
    """
    from outreach.batch import inputs, results, runner, steps

    # Export flags are checked now: finding them wrong after the run has spent its tokens
    # would leave the export undone.
    if export_format == "eml" and not export_to:
        raise click.UsageError("--export eml needs a folder: --export eml DIR")
    if export_to and not export_format:
        raise click.UsageError("--export-to goes with --export csv or --export eml")
    ask_flags = {
        "request": request,
        "strategy": strategy,
        "anchor": anchor,
        "given": given,
        "given_on": _iso(parse_day(given_on, "--given-on")),
    }
    ask = steps.AskOptions(**{k: v for k, v in ask_flags.items() if v is not None})
    steps.check_step(step, ask)
    settings = _settings(config_path, options)
    if via == "batch-api":
        from outreach.providers import profile_for

        if profile_for(settings.llm).embedded:
            raise click.UsageError(
                "the embedded local model has no Batch API; use --via direct (the default)"
            )
    if step == "ask":
        from outreach.ledger import resolve_ledger_path

        ledger = resolve_ledger_path(ledger_path, settings.ledger)
        if ledger.exists():  # a ledger that cannot be read fails here, not once per row
            from outreach.ledger import Ledger

            Ledger.open(ledger).close()
        ask = records.replace(ask, ledger=str(ledger.resolve()))
    column_map = inputs.parse_mapping(mapping)
    shard_spec = runner.Shard.parse(shard) if shard else None
    gift_day = parse_day(today, "--today") or dt.date.today()
    prompts = _library(settings)
    fingerprint = steps.step_fingerprint(step, settings, prompts, ask)
    out_path = Path(out)

    resume = results.prepare(out_path, rewrite=not dry_run)
    plan = runner.plan(
        inputs.iter_rows(source, column_map),
        fingerprint=fingerprint,
        done=resume.done,
        shard=shard_spec,
    )
    _echo_plan(plan, resume, shard_spec)
    if plan.invalid and strict:
        raise InputError(
            f"{source}: {plan.invalid} invalid row{'s' if plan.invalid != 1 else ''}"
            " (listed above); fix them, or drop --strict to skip them"
        )
    if dry_run:
        return
    if via == "batch-api":
        from outreach.batch import batchapi

        job = batchapi.submit(
            source=Path(source),
            column_map=column_map,
            step=step,
            out=out_path,
            settings=settings,
            config_path=config_path,
            options=options,
            shard=shard_spec,
            today=gift_day,
            done=resume.done,
            ask=ask,
        )
        click.echo(job.describe())
        click.echo(f"next: outreach batch status {job.id}, then outreach batch collect {job.id}")
        return

    tally = plan
    if plan.todo:
        tally = _run_direct(
            source, column_map, step, out_path, settings, prompts, fingerprint, gift_day,
            shard_spec, resume.done, plan.todo, ask,
        )  # fmt: skip
    _echo_summary(tally, settings, out_path)
    if export_format:
        _export(export_format, out_path, export_to, settings)
    if tally.failed:
        sys.exit(ExitCode.FAILURE)


def _settings(config_path: str | None, options: dict[str, Any]) -> Settings:
    batch_options = {
        "concurrency": options.pop("concurrency"),
        "rpm": options.pop("rpm"),
        "tpm": options.pop("tpm"),
        "row_timeout": options.pop("row_timeout"),
    }
    settings = load_context(config_path, **options)
    changes = {k: v for k, v in batch_options.items() if v is not None}
    if changes:
        settings = records.replace(settings, batch=records.replace(settings.batch, **changes))
    return settings


def _library(settings: Settings) -> Any:
    from outreach.prompts import PromptLibrary

    return PromptLibrary(settings.prompts.dir or None)


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _run_direct(
    source: str,
    column_map: dict[str, str],
    step: str,
    out: Path,
    settings: Settings,
    prompts: Any,
    fingerprint: str,
    today: dt.date,
    shard: Any,
    done: frozenset[str],
    todo: int,
    ask: Any,
) -> Tally:
    from outreach.batch import inputs, runner, steps
    from outreach.batch.progress import Progress
    from outreach.batch.ratelimit import RateLimiter
    from outreach.batch.results import ResultsWriter
    from outreach.client import build_client
    from outreach.providers import profile_for

    concurrency = profile_for(settings.llm).limit_concurrency(settings.batch.concurrency)
    options = runner.RunOptions(
        step=step,
        model=settings.llm.model,
        fingerprint=fingerprint,
        concurrency=concurrency,
        row_timeout=settings.batch.row_timeout,
        shard=shard,
    )

    async def main() -> Tally:
        gate = RateLimiter(rpm=settings.batch.rpm, tpm=settings.batch.tpm)
        async with build_client(settings.llm, gate=gate) as client:
            step_fn = steps.make_step(
                step, settings=settings, client=client, prompts=prompts, today=today, ask=ask
            )
            with ResultsWriter(out) as writer:
                return await runner.run_rows(
                    inputs.iter_rows(source, column_map),
                    step_fn,
                    options=options,
                    writer=writer,
                    done=done,
                    progress=Progress(sys.stderr, todo),
                )

    try:
        return asyncio.run(main())
    except KeyboardInterrupt:
        click.echo(
            f"\ninterrupted: finished rows are in {out}; run the same command to resume",
            err=True,
        )
        sys.exit(130)


def _echo_plan(plan: Tally, resume: Any, shard: Any) -> None:
    for error in plan.errors:
        click.echo(f"invalid: {error}", err=True)
    if plan.invalid > len(plan.errors):
        click.echo(f"invalid: ... and {plan.invalid - len(plan.errors)} more rows", err=True)
    parts = [f"{plan.todo} to do"]
    if plan.done_before:
        parts.append(f"{plan.done_before} done earlier")
    if plan.invalid:
        parts.append(f"{plan.invalid} invalid")
    if plan.duplicate:
        parts.append(f"{plan.duplicate} duplicate")
    if shard is not None:
        parts.append(f"{plan.other_shard} in other shards (this is shard {shard})")
    if resume.dropped_failed or resume.dropped_torn:
        parts.append(
            f"retrying {resume.dropped_failed} failed"
            + (f", dropped {resume.dropped_torn} torn line(s)" if resume.dropped_torn else "")
        )
    click.echo(f"batch: {', '.join(parts)}", err=True)


def _echo_summary(tally: Tally, settings: Settings, out: Path) -> None:
    from outreach.batch.progress import duration
    from outreach.batch.runner import cost

    usage = tally.usage
    skipped = tally.skipped
    detail = (
        f"{tally.done_before} done earlier, {tally.invalid} invalid,"
        f" {tally.duplicate} duplicate{'s' if tally.duplicate != 1 else ''}"
    )
    click.echo(
        f"batch: {tally.ok} ok, {tally.failed} failed, {skipped} skipped ({detail})", err=True
    )
    click.echo(
        f"tokens: {usage.total_tokens:,} ({usage.prompt_tokens:,} prompt +"
        f" {usage.completion_tokens:,} completion) in {usage.requests:,}"
        f" request{'s' if usage.requests != 1 else ''};"
        f" wall time {duration(tally.seconds)}",
        err=True,
    )
    spent = cost(
        usage,
        per_million_input=settings.batch.price_per_million_input,
        per_million_output=settings.batch.price_per_million_output,
    )
    if spent is not None:
        click.echo(f"cost: ${spent:,.4f} ({settings.llm.model})", err=True)
    click.echo(f"results: {out}", err=True)


def _export(fmt: str, results: Path, export_to: str | None, settings: Settings) -> None:
    from outreach.batch import export

    if fmt == "csv":
        target = Path(export_to) if export_to else results.with_suffix(".csv")
        try:
            with target.open("w", encoding="utf-8", newline="") as handle:
                count = export.export_csv(results, handle)
        except OSError as exc:
            raise InputError(f"{target}: cannot write the CSV export: {exc.strerror}") from None
    else:
        assert export_to, "run() refuses --export eml without a folder"
        target = Path(export_to)
        count = export.export_eml(results, target, settings.sender)
    click.echo(f"exported {count} row{'s' if count != 1 else ''} to {target}", err=True)


@batch.command("merge")
@click.argument("sources", metavar="RESULTS...", nargs=-1, required=True, type=click.Path())
@click.option("--out", required=True, type=click.Path(dir_okay=False), help="Merged results.")
def merge(sources: tuple[str, ...], out: str) -> None:
    """Merge results files (shards, machines) into one; one line per row key and step."""
    from outreach.batch.results import merge as merge_files

    written, dropped = merge_files([Path(s) for s in sources], Path(out))
    click.echo(
        f"merged {len(sources)} files: {written} rows, {dropped} duplicates dropped", err=True
    )


@batch.command("status")
@click.argument("job_id", metavar="ID")
@config_option
def status(job_id: str, config_path: str | None) -> None:
    """Show a Batch API job's state (ID as printed by `batch ... --via batch-api`)."""
    from outreach.batch import batchapi

    click.echo(batchapi.status(job_id, config_path=config_path))


@batch.command("collect")
@click.argument("job_id", metavar="ID")
@click.option("--no-resubmit", is_flag=True, help="Do not send failed or unfinished rows again.")
@config_option
def collect(job_id: str, no_resubmit: bool, config_path: str | None) -> None:
    """Join a finished Batch API job's answers into its results file; resubmit what failed."""
    from outreach.batch import batchapi

    report = batchapi.collect(job_id, config_path=config_path, resubmit=not no_resubmit)
    click.echo(report)
