"""Steps 1 and 2 on the command line: `gifts`, `draft`, and the `prompts` they use."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import click

from outreach.cli.common import (
    check_gift_flags,
    config_option,
    dry_run_option,
    echo_dry_run,
    echo_usage,
    format_option,
    library,
    llm_options,
    load_context,
    parse_day,
    prospect_options,
    setup,
)
from outreach.cli.loop import check_ledger, current_clock, ledger_option, record_first_touch
from outreach.models import Gift

if TYPE_CHECKING:
    from outreach.client import ModelClient


@click.command()
@prospect_options
@format_option("text", "markdown", "json")
@dry_run_option
@llm_options
@config_option
def gifts(fmt: str, dry_run: bool, config_path: str | None, **options: Any) -> None:
    """Step 1: rank what to give PROSPECT first (a .toml or .json file).

    Each idea says what exactly is given, why this person would value it
    (tied to their facts), the effort and a value tier. Money, gift cards and
    lavish items are never proposed; gaps a human must fill are marked
    [NEEDS-HUMAN: ...].
    """
    from outreach import drafting, render

    settings, prospect = setup(config_path, options)
    prompts = library(settings)
    messages = drafting.gift_prompt(prospect, settings=settings, prompts=prompts)
    if dry_run:
        echo_dry_run([("step1_identify_gift", messages)], fmt)
        return

    from outreach.session import run_with_model

    done = run_with_model(
        settings,
        lambda client: drafting.suggest_gifts(
            prospect, settings=settings, client=client, prompts=prompts
        ),
    )
    ideas, usage, mode = done.result, done.usage, done.mode
    if fmt == "json":
        click.echo(render.dumps(render.gifts_data(prospect, ideas, usage, mode)), nl=False)
    else:
        click.echo(render.gifts_text(prospect, ideas, markdown=fmt == "markdown"), nl=False)
        echo_usage(usage)


@click.command()
@prospect_options
@click.option("--gift", "gift_text", default=None, help="The gift to deliver (skips step 1).")
@click.option(
    "--pick",
    type=click.IntRange(min=1),
    default=None,
    help="Use gift idea N from step 1 (default 1).",
)
@click.option(
    "--send-date", default=None, help="The day the email goes out (default today); sets the window."
)
@format_option("text", "markdown", "json", "eml", help="Output format; eml is an RFC 5322 message.")
@dry_run_option
@click.option("--record", is_flag=True, help="Record the gift in the ledger (see `history`).")
@ledger_option
@llm_options
@config_option
def draft(
    gift_text: str | None,
    pick: int | None,
    send_date: str | None,
    fmt: str,
    dry_run: bool,
    record: bool,
    ledger_path: str | None,
    config_path: str | None,
    **options: Any,
) -> None:
    """Step 2: the first-touch email that delivers a gift to PROSPECT and asks nothing.

    Without --gift it runs step 1 and delivers idea --pick N (default 1). The
    draft goes through the checker and is revised once if it has errors;
    what remains is shown. It ends with the window for the follow-up ask.
    """
    from outreach import drafting, render

    check_gift_flags(gift_text, pick)
    now = current_clock()()
    today = parse_day(send_date, "--send-date") or now.date()
    settings, prospect = setup(config_path, options)
    check_ledger(ledger_path, settings, record and not dry_run)
    prompts = library(settings)
    given = Gift(what=gift_text.strip()) if gift_text else None
    if dry_run:
        shown = []
        if given is None:
            shown.append(
                (
                    "step1_identify_gift",
                    drafting.gift_prompt(prospect, settings=settings, prompts=prompts),
                )
            )
        placeholder = given or Gift(what=f"(gift idea {pick or 1} from step 1)")
        variables = drafting.draft_variables(prospect, placeholder, settings)
        shown.append(("step2_deliver_value", prompts.render("step2_deliver_value", **variables)))
        echo_dry_run(shown, fmt)
        return

    async def work(client: ModelClient) -> drafting.FirstTouch:
        gift = given
        if gift is None:
            ideas = await drafting.suggest_gifts(
                prospect, settings=settings, client=client, prompts=prompts
            )
            gift = drafting.pick_gift(ideas, pick or 1)
        return await drafting.draft_first_touch(
            prospect, gift, settings=settings, client=client, prompts=prompts, today=today
        )

    from outreach.session import run_with_model

    done = run_with_model(settings, work)
    result, usage, mode = done.result, done.usage, done.mode
    # The draft is shown before it is recorded: should the ledger fail now (locked,
    # disk full), the paid-for draft is still on screen.
    if fmt == "json":
        click.echo(render.dumps(render.draft_data(prospect, result, usage, mode)), nl=False)
    elif fmt == "eml":
        stamp = now.astimezone(dt.UTC).replace(microsecond=0)
        click.echo(render.draft_eml(prospect, result, settings.sender, now=stamp), nl=False)
    else:
        click.echo(render.draft_text(prospect, result, markdown=fmt == "markdown"), nl=False)
    if fmt != "json":
        echo_usage(usage)
    if record:
        sent_on = today if send_date else None
        record_first_touch(
            prospect, result, settings=settings, ledger_path=ledger_path, sent_on=sent_on
        )


@click.group("prompts")
def prompts_group() -> None:
    """List and show the prompt templates (override them with --prompts-dir)."""


@prompts_group.command("list")
@click.option("--prompts-dir", type=click.Path(file_okay=False), default=None)
@config_option
def prompts_list(prompts_dir: str | None, config_path: str | None) -> None:
    """List the steps that have templates, and where each comes from."""
    templates = library(load_context(config_path, prompts_dir=prompts_dir))
    for name in templates.names():
        origins = {"override" if t.overridden else "shipped" for t in templates.templates(name)}
        click.echo(f"{name}\t{'+'.join(sorted(origins))}")


@prompts_group.command("show")
@click.argument("name")
@click.option("--prompts-dir", type=click.Path(file_okay=False), default=None)
@config_option
def prompts_show(name: str, prompts_dir: str | None, config_path: str | None) -> None:
    """Print the templates of step NAME."""
    templates = library(load_context(config_path, prompts_dir=prompts_dir))
    click.echo(templates.source(name), nl=False)
