"""Steps 3 to 5 on the command line: `log`, `history`, `ask`, `thank`, `sequence`.

The ledger is opened here and passed down; the clock comes from the click
context's ``obj`` ({"clock": callable}) when a caller provides one (tests),
else from the system, so nothing below reads the date by itself.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

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
    parse_moment,
    prospect_options,
    setup,
)
from outreach.errors import InputError
from outreach.ledger import (
    OUTCOMES,
    STRATEGIES,
    Clock,
    Event,
    History,
    Ledger,
    resolve_ledger_path,
    system_clock,
)
from outreach.models import VALUE_TIERS, Prospect
from outreach.timing import CONTEXTS

if TYPE_CHECKING:
    from outreach.config import Settings
    from outreach.drafting import FirstTouch
    from outreach.loop import AskDraft, AskPlan, LoopMessage, Sequence

F = TypeVar("F", bound=Callable[..., Any])


# ---------------------------------------------------------------- shared pieces


def ledger_option(func: F) -> F:
    return click.option(
        "--ledger",
        "ledger_path",
        type=click.Path(dir_okay=False),
        default=None,
        help="Ledger file (default: $OUTREACH_LEDGER, [ledger] path, then the user data dir).",
    )(func)


def context_option(func: F) -> F:
    return click.option(
        "--context",
        "context",
        type=click.Choice(CONTEXTS),
        default="sales",
        show_default=True,
        help="Maturation policy: sales (days) or relationship (longer).",
    )(func)


def current_clock() -> Clock:
    """The clock a caller put in the click context, else the system's."""
    ctx = click.get_current_context(silent=True)
    obj = ctx.find_root().obj if ctx is not None else None
    clock = obj.get("clock") if isinstance(obj, dict) else None
    return clock if callable(clock) else system_clock


def open_ledger(ledger_path: str | None, settings: Settings) -> Ledger:
    return Ledger.open(resolve_ledger_path(ledger_path, settings.ledger), clock=current_clock())


def check_ledger(ledger_path: str | None, settings: Settings, record: bool) -> None:
    """With --record, open the ledger before any model call: a ledger that cannot be
    written is then an error before tokens are spent, not after the draft is made."""
    if record:
        open_ledger(ledger_path, settings).close()


def read_history(ledger_path: str | None, settings: Settings, prospect: Prospect) -> History:
    """The prospect's history; a ledger that does not exist yet is empty (and not created)."""
    path = resolve_ledger_path(ledger_path, settings.ledger)
    if not path.exists():
        return History(prospect.key, (), now=current_clock()())
    with Ledger.open(path, clock=current_clock()) as ledger:
        return ledger.history(prospect)


def history_for_lint(
    ledger_path: str | None, settings: Settings, prospect: Prospect | None
) -> History | None:
    """What `outreach lint --prospect FILE --stage ask` passes to the checker as history."""
    if prospect is None:
        return None
    return read_history(ledger_path, settings, prospect).with_plan(settings=settings)


def record_first_touch(
    prospect: Prospect,
    first_touch: FirstTouch,
    *,
    settings: Settings,
    ledger_path: str | None = None,
    sent_on: dt.date | None = None,
) -> Event:
    """Record the gift a first-touch draft delivers (`outreach draft --record`).

    `sent_on` is --send-date when given (the gift then dates from the start of that
    day), else now.
    """
    from outreach.ledger import record_gift

    event = record_gift(
        prospect,
        first_touch.gift.what,
        value_tier=first_touch.gift.value_tier,
        channel="email",
        subject=first_touch.message.subject,
        message=first_touch.message.body,
        ledger_path=ledger_path,
        settings=settings.ledger,
        clock=current_clock(),
        at=sent_on,
    )
    click.echo(f"recorded gift #{event.id} for {event.prospect_key} in the ledger", err=True)
    return event


def prospect_from_arg(arg: str) -> Prospect:
    """PROSPECT for log/history: a prospect file, an email, or "name|company" (the ledger key)."""
    from outreach.prospects import load_prospect

    path = Path(arg)
    if path.suffix.lower() in (".toml", ".json") or path.is_file():
        return load_prospect(path)
    if "@" in arg and "|" not in arg:
        return Prospect(name="", email=arg.strip())
    if "|" in arg:
        name, _, company = arg.partition("|")
        if name.strip():
            return Prospect(name=name.strip(), company=company.strip())
    raise InputError(
        f"{arg}: not a prospect file, an email address, or 'name|company'"
        " (the ways the ledger knows a prospect)"
    )


def _when(moment: dt.datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M")


def _message_text(message: LoopMessage, heading: str, markdown: bool) -> list[str]:
    from outreach.render import findings_summary

    if markdown:
        lines = [f"### {heading}", "", f"**Subject:** {message.subject}", ""]
    else:
        lines = [f"== {heading} ==", f"Subject: {message.subject}", ""]
    lines += [message.body.rstrip(), ""]
    lines.append(findings_summary(message, markdown=markdown))
    lines.append("")
    return lines


# ---------------------------------------------------------------- log


@click.group("log")
def log_group() -> None:
    """Record by hand what happened with a prospect: give, ask, reply, thanks.

    PROSPECT is a prospect file (.toml/.json), an email address, or
    'name|company': the ways the ledger keys a prospect.
    """


def _log_options(func: F) -> F:
    for decorator in reversed(
        [
            click.option(
                "--on",
                "on",
                default=None,
                help="When it happened: 2026-12-01 or 2026-12-01T14:30 (default: now).",
            ),
            format_option("text", "json"),
            ledger_option,
            config_option,
        ]
    ):
        func = decorator(func)
    return func


def _logged(event: Event, path: Path, fmt: str) -> None:
    from outreach.render import dumps

    if fmt == "json":
        click.echo(dumps({"ledger": str(path), "event": event.to_dict()}), nl=False)
        return
    detail = _reply_text(event) if event.kind == "reply" else event.what
    click.echo(
        f"recorded {event.kind} #{event.id} for {event.prospect_key} at {_when(event.at)}"
        + (f": {detail}" if detail else "")
    )


@log_group.command("give")
@click.argument("prospect_arg", metavar="PROSPECT")
@click.argument("what")
@click.option("--tier", type=click.Choice(VALUE_TIERS), default=None, help="The gift's value.")
@click.option("--channel", default="email", show_default=True, help="email, mail, call, meeting…")
@click.option("--subject", default="", help="The subject of the email that carried it.")
@click.option("--message-file", type=click.Path(dir_okay=False, exists=True), default=None)
@_log_options
def log_give(
    prospect_arg: str,
    what: str,
    tier: str | None,
    channel: str,
    subject: str,
    message_file: str | None,
    on: str | None,
    fmt: str,
    ledger_path: str | None,
    config_path: str | None,
) -> None:
    """Record a gift given to PROSPECT: WHAT it was."""
    settings = load_context(config_path)
    message = _message_file(message_file) if message_file else ""
    with open_ledger(ledger_path, settings) as ledger:
        event = ledger.record_gift(
            prospect_from_arg(prospect_arg),
            what,
            value_tier=tier or "",
            channel=channel.strip().lower(),
            subject=subject,
            message=message,
            at=parse_moment(on, "--on"),
        )
        _logged(event, ledger.path, fmt)


def _message_file(path: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{path}: --message-file is not UTF-8 text (bad byte at offset {exc.start});"
            " save it as UTF-8"
        ) from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read --message-file: {exc.strerror}") from None


@log_group.command("ask")
@click.argument("prospect_arg", metavar="PROSPECT")
@click.argument("what")
@click.option("--size", default=None, help="Its rung on the ladder (default: read from WHAT).")
@click.option(
    "--strategy",
    type=click.Choice(STRATEGIES),
    default="direct",
    show_default=True,
    help="anchor: the larger opening request; retreat: the smaller one after its no.",
)
@_log_options
def log_ask(
    prospect_arg: str,
    what: str,
    size: str | None,
    strategy: str,
    on: str | None,
    fmt: str,
    ledger_path: str | None,
    config_path: str | None,
) -> None:
    """Record a request made to PROSPECT: WHAT was asked."""
    from outreach.proportion import Ladder

    settings = load_context(config_path)
    ladder = Ladder.from_settings(settings.proportion)
    rung = ladder.checked(size or "", "--size") or ladder.size_of(what)
    if not rung:
        click.echo(
            f"note: could not place {what!r} on the ladder ({', '.join(ladder.rungs)});"
            " give --size to let the escalation guard compare it",
            err=True,
        )
    with open_ledger(ledger_path, settings) as ledger:
        event = ledger.record_ask(
            prospect_from_arg(prospect_arg),
            what,
            size=rung,
            strategy=strategy,
            at=parse_moment(on, "--on"),
        )
        _logged(event, ledger.path, fmt)


@log_group.command("reply")
@click.argument("prospect_arg", metavar="PROSPECT")
@click.argument("outcome", type=click.Choice(OUTCOMES))
@click.option("--note", default="", help="What they said, in a few words.")
@_log_options
def log_reply(
    prospect_arg: str,
    outcome: str,
    note: str,
    on: str | None,
    fmt: str,
    ledger_path: str | None,
    config_path: str | None,
) -> None:
    """Record PROSPECT's answer to the latest ask: yes, no, or none."""
    settings = load_context(config_path)
    prospect = prospect_from_arg(prospect_arg)
    with open_ledger(ledger_path, settings) as ledger:
        if ledger.history(prospect).last_ask is None:
            # A reply to nothing is a typo in PROSPECT or a missing `log ask`; storing it
            # would leave a stray prospect that no timing or proportion rule ever reads.
            raise InputError(
                f"{ledger.path}: no ask recorded for {prospect.key}, so there is nothing to"
                " reply to; check PROSPECT, or record the ask first (outreach log ask)"
            )
        event = ledger.record_reply(prospect, outcome, note=note, at=parse_moment(on, "--on"))
        _logged(event, ledger.path, fmt)


@log_group.command("thanks")
@click.argument("prospect_arg", metavar="PROSPECT")
@click.argument("what", required=False, default="")
@_log_options
def log_thanks(
    prospect_arg: str,
    what: str,
    on: str | None,
    fmt: str,
    ledger_path: str | None,
    config_path: str | None,
) -> None:
    """Record a thank-you sent to PROSPECT for WHAT they did."""
    settings = load_context(config_path)
    with open_ledger(ledger_path, settings) as ledger:
        event = ledger.record_thanks(
            prospect_from_arg(prospect_arg), reciprocated=what, at=parse_moment(on, "--on")
        )
        _logged(event, ledger.path, fmt)


# ---------------------------------------------------------------- history


@click.command("history")
@click.argument("prospect_arg", metavar="PROSPECT")
@format_option("text", "json")
@context_option
@ledger_option
@config_option
def history(
    prospect_arg: str, fmt: str, context: str, ledger_path: str | None, config_path: str | None
) -> None:
    """Show PROSPECT's timeline: gifts, asks, replies, thanks, and what comes next."""
    from outreach.render import dumps

    settings = load_context(config_path)
    prospect = prospect_from_arg(prospect_arg)
    path = resolve_ledger_path(ledger_path, settings.ledger)
    seen = read_history(ledger_path, settings, prospect)
    next_step = _next_step(seen, settings, context)
    if fmt == "json":
        data = seen.to_dict() | {"ledger": str(path), "next": next_step}
        click.echo(dumps(data), nl=False)
        return
    if not seen.events:
        click.echo(f"no events for {seen.prospect_key} in {path}")
        return
    count = len(seen.events)
    click.echo(f"{seen.prospect_key} ({count} event{'' if count == 1 else 's'}, ledger: {path})")
    for event in seen.events:
        click.echo(f"{_when(event.at)}  {event.kind:<7} {_describe(event)}")
    if next_step:
        click.echo(f"next: {next_step}")


def _describe(event: Event) -> str:
    if event.kind == "reply":
        return _reply_text(event)
    tags = [t for t in (event.value_tier, event.channel, event.size, event.strategy) if t]
    text = event.what or ("(no note)" if event.kind == "thanks" else "")
    return text + (f" [{', '.join(tags)}]" if tags else "")


def _reply_text(event: Event) -> str:
    return event.outcome + (f": {event.what}" if event.what else "")


def _next_step(seen: History, settings: Settings, context: str) -> str:
    """One line on what the loop calls for next, from the last events."""
    from outreach.timing import assess

    gift, ask = seen.last_gift, seen.last_ask
    if gift is None:
        return "give something first (outreach draft --record, or outreach log give)"
    if ask is None or gift.at > ask.at:
        window = gift.ask_window(context=context, settings=settings.timing)
        verdict = assess(window, seen.now) if seen.now else None
        return f"ask ({verdict.message})" if verdict else "ask"
    reply = seen.reply_to(ask)
    if reply is None:
        return "wait for a reply to the ask, or record it (outreach log reply PROSPECT yes|no|none)"
    if reply.outcome == "yes":
        thanked = any(t.at >= reply.at for t in seen.thanks)
        return "give again: keep the exchange of value going" if thanked else "thank them"
    if reply.outcome == "no" and ask.strategy == "anchor":
        return "retreat to the smaller, real request (outreach ask --strategy retreat)"
    return "give something new before any further ask"


# ---------------------------------------------------------------- ask


@click.command("ask")
@prospect_options
@click.option("--request", "request", required=True, help="What you will ask for.")
@click.option("--given", default=None, help="The gift the ask follows (default: the ledger's).")
@click.option("--given-on", default=None, help="When it went out: 2026-12-01, or 2026-12-01T14:30.")
@click.option("--tier", type=click.Choice(VALUE_TIERS), default=None, help="The gift's value.")
@click.option("--channel", default=None, help="How it was given: email, mail, call, meeting…")
@click.option(
    "--strategy",
    type=click.Choice(["direct", "retreat"]),
    default="direct",
    show_default=True,
    help="retreat: a larger real request first, then this one after a no.",
)
@click.option("--anchor", default=None, help="retreat: the larger request to open with.")
@click.option("--size", default=None, help="The request's rung on the ladder (default: read it).")
@context_option
@click.option("--record", is_flag=True, help="Record the ask in the ledger.")
@format_option("text", "markdown", "json")
@dry_run_option
@ledger_option
@llm_options
@config_option
def ask(
    request: str,
    given: str | None,
    given_on: str | None,
    tier: str | None,
    channel: str | None,
    strategy: str,
    anchor: str | None,
    size: str | None,
    context: str,
    record: bool,
    fmt: str,
    dry_run: bool,
    ledger_path: str | None,
    config_path: str | None,
    **options: Any,
) -> None:
    """Step 4: draft the ask to PROSPECT, proportional and in the maturation window.

    The gift comes from the ledger (or --given/--given-on). Too soon, too late,
    a disproportionate or escalating ask are flagged with the concrete dates
    and the smaller ask that would fit. With --strategy retreat, two messages:
    the larger real request, and the retreat to send only after a no.
    """
    from outreach import loop
    from outreach.render import dumps

    _check_anchor(anchor, strategy)
    settings, prospect = setup(config_path, options)
    check_ledger(ledger_path, settings, record and not dry_run)
    seen = read_history(ledger_path, settings, prospect)
    plan = loop.plan_ask(
        prospect,
        request,
        history=seen,
        settings=settings,
        given=given,
        given_on=parse_moment(given_on, "--given-on"),
        tier=tier or "",
        channel=(channel or "").strip().lower(),
        strategy=strategy,
        anchor=anchor or "",
        size=size or "",
        context=context,
    )
    prompts = library(settings)
    if fmt != "json":
        _warn_plan(plan)
    if dry_run:
        shown = [(s, prompts.render(s, **v)) for s, v in loop.ask_prompts(plan, settings)]
        echo_dry_run(shown, fmt)
        return

    from outreach.session import run_with_model

    done = run_with_model(
        settings,
        lambda client: loop.draft_ask(plan, settings=settings, client=client, prompts=prompts),
    )
    drafted, mode = done.result, done.mode
    recorded = []
    if record:
        first = drafted.messages[0]
        with open_ledger(ledger_path, settings) as ledger:
            event = ledger.record_ask(
                prospect,
                plan.anchor if strategy == "retreat" else plan.request,
                size=plan.anchor_size if strategy == "retreat" else plan.size,
                strategy="anchor" if strategy == "retreat" else "direct",
                subject=first.subject,
                message=first.body,
            )
            recorded.append(event)
    if fmt == "json":
        data = {
            "prospect": prospect.name,
            "to": prospect.email,
            **plan.to_dict(),
            "messages": [m.to_dict() for m in drafted.messages],
            "recorded": [e.to_dict() for e in recorded],
            "usage": drafted.usage.to_dict(),
            "structured_output": mode,
        }
        click.echo(dumps(data), nl=False)
        return
    click.echo(_ask_text(drafted, markdown=fmt == "markdown"), nl=False)
    for event in recorded:
        click.echo(f"recorded ask #{event.id} ({event.strategy}) in the ledger", err=True)
    if record and strategy == "retreat":
        click.echo(
            "after a no, send the retreat and record it with:"
            f" outreach log ask {prospect.key!r} {plan.request!r} --strategy retreat",
            err=True,
        )
    echo_usage(drafted.usage)


def _check_anchor(anchor: str | None, strategy: str) -> None:
    if anchor is not None and strategy != "retreat":
        raise click.UsageError("--anchor goes with --strategy retreat")
    if anchor is not None and not anchor.strip():
        raise click.UsageError("--anchor is empty; say the larger request you would accept")


def _warn_plan(plan: AskPlan) -> None:
    """What the timing and proportion rules say of the plan, before anything is drafted."""
    for warning in plan.warnings:
        click.echo(f"warning: {warning.code} {warning.message}; {warning.suggestion}", err=True)
    if not plan.size:
        click.echo(
            "note: could not place --request on the request ladder; give --size to check it",
            err=True,
        )


def _ask_text(drafted: AskDraft, *, markdown: bool) -> str:
    plan = drafted.plan
    to = plan.prospect.name or plan.prospect.key
    size = f" ({plan.label})" if plan.label else ""
    lines = [
        f"## Ask {to}: {plan.request}{size}" if markdown else f"Ask {to}: {plan.request}{size}"
    ]
    if plan.gift is not None:
        tags = ", ".join(t for t in (plan.gift.value_tier, plan.gift.channel) if t)
        lines.append(f"Gift: {plan.gift.what}" + (f" ({tags})" if tags else ""))
    if plan.window is not None:
        w = plan.window.window
        lines.append(f"Window: {w.earliest.isoformat()} to {w.latest.isoformat()}")
    if plan.timing is not None:
        lines.append(f"Timing: {plan.timing.message}")
    if plan.judgement is not None:
        verdict = "fits" if plan.judgement.fits else "too large"
        extra = f"; {plan.judgement.suggestion}" if plan.judgement.suggestion else ""
        lines.append(f"Proportion: {verdict} ({plan.judgement.reason}{extra})")
    lines.append("")
    headings = {
        "ask": "The ask",
        "anchor": f"1. The opening request: {plan.anchor}",
        "retreat": "2. The retreat (send only after a no to the opening request)",
    }
    for message in drafted.messages:
        lines += _message_text(message, headings[message.role], markdown)
    return "\n".join(lines).rstrip() + "\n"


# ---------------------------------------------------------------- thank


@click.command("thank")
@prospect_options
@click.option("--reciprocated", default=None, help="What they did (default: the ledger's yes).")
@click.option("--record", is_flag=True, help="Record the thank-you in the ledger.")
@format_option("text", "markdown", "json")
@dry_run_option
@ledger_option
@llm_options
@config_option
def thank(
    reciprocated: str | None,
    record: bool,
    fmt: str,
    dry_run: bool,
    ledger_path: str | None,
    config_path: str | None,
    **options: Any,
) -> None:
    """Step 5: thank PROSPECT for their yes, name what they did, give again, ask nothing."""
    from outreach import loop
    from outreach.render import dumps

    settings, prospect = setup(config_path, options)
    check_ledger(ledger_path, settings, record and not dry_run)
    seen = read_history(ledger_path, settings, prospect)
    plan = loop.plan_thanks(prospect, history=seen, settings=settings, reciprocated=reciprocated)
    prompts = library(settings)
    if dry_run:
        step, variables = loop.thanks_prompt(plan, settings)
        echo_dry_run([(step, prompts.render(step, **variables))], fmt)
        return

    from outreach.session import run_with_model

    done = run_with_model(
        settings,
        lambda client: loop.draft_thanks(plan, settings=settings, client=client, prompts=prompts),
    )
    message, usage, mode = done.result, done.usage, done.mode
    event = None
    if record:
        with open_ledger(ledger_path, settings) as ledger:
            event = ledger.record_thanks(
                prospect,
                reciprocated=plan.reciprocated,
                subject=message.subject,
                message=message.body,
            )
    if fmt == "json":
        data = {
            "prospect": prospect.name,
            "to": prospect.email,
            "reciprocated": plan.reciprocated,
            **message.to_dict(),
            "recorded": event.to_dict() if event else None,
            "usage": usage.to_dict(),
            "structured_output": mode,
        }
        click.echo(dumps(data), nl=False)
        return
    markdown = fmt == "markdown"
    lines = [f"Thanks for: {plan.reciprocated}", ""]
    lines += _message_text(message, "The thank-you", markdown)
    click.echo("\n".join(lines).rstrip() + "\n", nl=False)
    if event is not None:
        click.echo(f"recorded thanks #{event.id} in the ledger", err=True)
    echo_usage(usage)


# ---------------------------------------------------------------- sequence


@click.command("sequence")
@prospect_options
@click.option("--request", "request", required=True, help="What you will ask for.")
@click.option("--start", default=None, help="Day 0, when the gift goes out (default: today).")
@click.option("--gift", "gift_text", default=None, help="The gift (skips step 1).")
@click.option(
    "--tier", type=click.Choice(VALUE_TIERS), default=None, help="With --gift: its value."
)
@click.option(
    "--pick",
    type=click.IntRange(min=1),
    default=None,
    help="Use gift idea N from step 1 (default 1).",
)
@click.option(
    "--strategy",
    type=click.Choice(["direct", "retreat"]),
    default="direct",
    show_default=True,
)
@click.option("--anchor", default=None, help="retreat: the larger request to open with.")
@context_option
@format_option(
    "markdown", "json", "ics",
    default="markdown",
    help="ics: an iCalendar file with one reminder per step.",
)  # fmt: skip
@llm_options
@config_option
def sequence(
    request: str,
    start: str | None,
    gift_text: str | None,
    tier: str | None,
    pick: int | None,
    strategy: str,
    anchor: str | None,
    context: str,
    fmt: str,
    config_path: str | None,
    **options: Any,
) -> None:
    """The whole loop for PROSPECT, dated: gift, first touch, window, ask, retreat, thanks."""
    from outreach import loop
    from outreach.models import Gift
    from outreach.render import dumps

    check_gift_flags(gift_text, pick)
    if tier is not None and gift_text is None:
        raise click.UsageError("--tier goes with --gift (step 1 rates its own ideas)")
    _check_anchor(anchor, strategy)
    now = current_clock()()
    day0 = parse_day(start, "--start") or now.date()
    settings, prospect = setup(config_path, options)
    gift = Gift(what=gift_text.strip(), value_tier=tier or "") if gift_text else None
    prompts = library(settings)

    from outreach.session import run_with_model

    done = run_with_model(
        settings,
        lambda client: loop.plan_sequence(
            prospect,
            request,
            start=day0,
            now=now,
            settings=settings,
            client=client,
            prompts=prompts,
            gift=gift,
            pick=pick or 1,
            strategy=strategy,
            anchor=anchor or "",
            context=context,
        ),
    )
    planned, mode = done.result, done.mode
    if fmt == "json":
        click.echo(dumps(planned.to_dict() | {"structured_output": mode}), nl=False)
        return
    if fmt == "ics":
        click.echo(sequence_ics(planned, stamp=now), nl=False)
        return
    click.echo(sequence_markdown(planned), nl=False)
    echo_usage(planned.usage)


def sequence_markdown(planned: Sequence) -> str:
    name = planned.prospect.name or planned.prospect.key
    w = planned.window.window
    lines = [
        f"# Outreach plan for {name}",
        "",
        f"- Gift: {planned.gift.what}"
        + (f" ({planned.gift.value_tier})" if planned.gift.value_tier else ""),
        f"- Request: {planned.plan.request}"
        + (f" ({planned.plan.label})" if planned.plan.label else ""),
        f"- Ask window: {w.earliest.isoformat()} to {w.latest.isoformat()}",
    ]
    lines += [f"- Warning: {h.code} {h.message}; {h.suggestion}" for h in planned.plan.warnings]
    lines.append("")
    for number, step in enumerate(planned.steps, 1):
        when = step.on.isoformat()
        if step.until:
            when += f" to {step.until.isoformat()}"
        if step.condition:
            when += f", {step.condition}"
        lines += [f"## {number}. {when}: {step.title}", ""]
        if step.message is not None:
            lines += _message_text(step.message, "Message", markdown=True)[1:]
    return "\n".join(lines).rstrip() + "\n"


def sequence_ics(planned: Sequence, *, stamp: dt.datetime) -> str:
    from outreach.ics import CalendarEvent, calendar

    name = planned.prospect.name or planned.prospect.key
    events = []
    for step in planned.steps:
        digest = hashlib.sha256(
            f"{planned.prospect.key}|{step.kind}|{step.on.isoformat()}".encode()
        ).hexdigest()[:20]
        description = step.title
        if step.condition:
            description += f" ({step.condition})"
        if step.message is not None:
            description += f"\n\nSubject: {step.message.subject}\n\n{step.message.body}"
        end = (step.until or step.on) + dt.timedelta(days=1)
        events.append(
            CalendarEvent(
                uid=f"{digest}@outreach",
                summary=f"{name}: {step.title}",
                description=description,
                start=step.on,
                end=end,
                reminder=f"{name}: {step.title}",
            )
        )
    return calendar(events, stamp=stamp, name=f"Outreach: {name}")
