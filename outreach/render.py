"""Turn step results into text, markdown, JSON or an RFC 5322 message."""

from __future__ import annotations

import datetime as dt
import json
from email.message import EmailMessage
from email.utils import format_datetime, formataddr, make_msgid
from typing import TYPE_CHECKING, Any

from outreach.models import Gift, Prospect, Sender, Usage

if TYPE_CHECKING:
    from outreach.drafting import Drafted, FirstTouch, GiftIdeas
    from outreach.loop import LoopMessage


def gifts_data(prospect: Prospect, ideas: GiftIdeas, usage: Usage, mode: str) -> dict[str, Any]:
    return {
        "prospect": prospect.name,
        "gifts": [g.to_dict() for g in ideas.gifts],
        "missing": list(ideas.missing),
        "thin": ideas.thin,
        "rejected": list(ideas.rejected),
        "usage": usage.to_dict(),
        "structured_output": mode,
    }


def gifts_text(prospect: Prospect, ideas: GiftIdeas, *, markdown: bool = False) -> str:
    lines = [
        f"## What to give {prospect.name} first" if markdown else f"Gift ideas for {prospect.name}:"
    ]
    lines.append("")
    for i, gift in enumerate(ideas.gifts, 1):
        lines.append(f"{i}. **{gift.what}**" if markdown else f"{i}. {gift.what}")
        pad = "   "
        lines += _gift_details(gift, pad, markdown)
        lines.append("")
    if ideas.thin:
        lines.append(
            "Too few facts to make these personal: fill in what is marked [NEEDS-HUMAN: ...]."
        )
    if ideas.missing:
        lines.append("To make them more personal, find out:")
        lines += [f"- {item}" for item in ideas.missing]
    if ideas.rejected:
        lines.append(f"Dropped {len(ideas.rejected)} idea(s) that read as a bribe.")
    return "\n".join(lines).rstrip() + "\n"


def _gift_details(gift: Gift, pad: str, markdown: bool) -> list[str]:
    bullet = f"{pad}- " if markdown else pad
    lines = []
    if gift.why:
        lines.append(f"{bullet}Why them: {gift.why}")
    effort = ", ".join(
        p
        for p in (
            gift.effort and f"effort: {gift.effort}",
            gift.value_tier and f"value: {gift.value_tier}",
        )
        if p
    )
    if effort:
        lines.append(f"{bullet}{effort[0].upper()}{effort[1:]}")
    for fact in gift.grounded_in:
        lines.append(f"{bullet}Rests on: {fact}")
    for gap in gift.needs_human:
        lines.append(f"{bullet}{gap}")
    return lines


def draft_data(prospect: Prospect, result: FirstTouch, usage: Usage, mode: str) -> dict[str, Any]:
    from outreach.drafting import message_fields

    message = result.message
    return {
        "prospect": prospect.name,
        "to": prospect.email,
        **message_fields(message),
        "gift": result.gift.to_dict(),
        "findings": [f.to_dict() for f in message.findings],
        "follow_up": result.follow_up.to_dict(),
        "usage": usage.to_dict(),
        "structured_output": mode,
    }


def draft_text(prospect: Prospect, result: FirstTouch, *, markdown: bool = False) -> str:
    message = result.message
    window = result.follow_up
    if markdown:
        lines = [f"**Subject:** {message.subject}", "", message.body.rstrip(), "", "---", ""]
        lines.append(f"**Gift:** {result.gift.what}")
    else:
        to = f"To: {prospect.name} <{prospect.email}>" if prospect.email else f"To: {prospect.name}"
        lines = [to, f"Subject: {message.subject}", "", message.body.rstrip(), "", "-" * 60]
        lines.append(f"Gift: {result.gift.what}")
    lines.extend(f"{'- ' if markdown else '  '}{gap}" for gap in result.gift.needs_human)
    lines.append(findings_summary(message, markdown=markdown))
    lines.append(
        f"Follow-up: ask between {window.earliest.isoformat()} and {window.latest.isoformat()}"
        " (step 3: let it mature; ask nothing before)."
    )
    return "\n".join(lines).rstrip() + "\n"


def findings_summary(message: Drafted | LoopMessage, *, markdown: bool = False) -> str:
    """The checker's line on a drafted message, and what it still finds there."""
    findings = message.findings
    note = " after one revision" if message.revised else ""
    if message.revision_error:
        note = f" in the first draft (its revision was unusable: {message.revision_error})"
    if not findings:
        return f"Checker: clean{note}."
    lines = [f"Checker: {len(findings)} finding(s){note}:"]
    for f in findings:
        item = f"{f.rule} [{f.severity}] {f.message}"
        lines.append(f"- {item}" if markdown else f"  {item}")
    if any(f.category == "compliance" for f in findings):
        lines.append(
            "  (the signature block comes from [sender] in the config: set name, company,"
            " postal_address and opt_out there; see config.example.toml)"
        )
    return "\n".join(lines)


def draft_eml(prospect: Prospect, result: FirstTouch, sender: Sender, *, now: dt.datetime) -> str:
    """An RFC 5322 message, ready to import as a draft into a mail client."""
    message = EmailMessage()
    from_address = sender.email or "sender@invalid"
    message["From"] = formataddr((sender.name, from_address)) if sender.name else from_address
    if prospect.email:
        message["To"] = formataddr((prospect.name, prospect.email))
    message["Subject"] = result.message.subject
    message["Date"] = format_datetime(now)
    message["Message-ID"] = make_msgid(domain=from_address.rpartition("@")[2] or "invalid")
    message["X-Unsent"] = "1"  # mail clients open it as a draft to edit and send
    message.set_content(result.message.body)
    return message.as_string()


def dumps(data: Any) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
