"""The steps as functions: find the gift (1), deliver it (2), and write any checked message.

Every message the model writes goes through `write_message`, which appends the
sender's signature block, runs the checker, revises once when the checker finds
errors, and checks again. What still fails is returned with the draft, never
hidden.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Any

from outreach.config import Settings
from outreach.errors import ModelOutputError
from outreach.models import EFFORT_LEVELS, VALUE_TIERS, Gift, Prospect, Sender, Usage, Window
from outreach.records import record, replace
from outreach.timing import maturation_window

if TYPE_CHECKING:
    from outreach.checker import Finding
    from outreach.client import ModelClient
    from outreach.ledger import History
    from outreach.loop import LoopMessage
    from outreach.prompts import PromptLibrary

MAX_GIFTS = 3
# Findings a rewrite cannot fix, so they never trigger the revision: the
# signature block comes from [sender], and when and how much to ask are the
# user's plan (--request, the ledger), not the copy's wording.
NOT_FIXED_BY_REWRITING = frozenset(
    {"compliance", "OR601", "OR602", "OR603", "OR604", "OR701", "OR702", "OR703", "OR704"}
)
THIN_FACTS = 2  # fewer facts than this and a human must fill the gaps
NEEDS_HUMAN = "[NEEDS-HUMAN: "

GIFTS_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "gifts": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "what": {"type": "string"},
                    "why": {"type": "string"},
                    "effort": {"type": "string", "enum": list(EFFORT_LEVELS)},
                    "value_tier": {"type": "string", "enum": list(VALUE_TIERS)},
                    "grounded_in": {"type": "array", "items": {"type": "string"}},
                    "needs_human": {"type": "array", "items": {"type": "string"}},
                },
                "required": ["what", "why", "effort", "value_tier", "grounded_in", "needs_human"],
                "additionalProperties": False,
            },
        },
        "missing": {"type": "array", "items": {"type": "string"}},
    },
    "required": ["gifts", "missing"],
    "additionalProperties": False,
}

MESSAGE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {"subject": {"type": "string"}, "body": {"type": "string"}},
    "required": ["subject", "body"],
    "additionalProperties": False,
}


@record(frozen=True)
class GiftIdeas:
    """Step 1's answer: ranked gifts, and what a human must still find out."""

    gifts: tuple[Gift, ...]
    missing: tuple[str, ...]
    thin: bool  # too few facts to be personal without a human's help
    rejected: tuple[str, ...]  # ideas dropped because the checker read them as a bribe
    usage: Usage


@record(frozen=True)
class Drafted:
    """A checked message: what the model wrote, the signature block, what remains flagged."""

    subject: str
    body: str
    findings: tuple[Finding, ...]
    revised: bool
    usage: Usage
    revision_error: str = ""  # why the revision the checker asked for could not be used


def message_fields(message: Drafted | LoopMessage) -> dict[str, Any]:
    """A drafted message's text and how its revision went, as the commands' JSON gives
    them (its findings go apart)."""
    return {
        "subject": message.subject,
        "body": message.body,
        "revised": message.revised,
        "revision_error": message.revision_error,
    }


@record(frozen=True)
class FirstTouch:
    """Step 2's answer: the email that delivers the gift, and when to ask (step 3)."""

    gift: Gift
    message: Drafted
    follow_up: Window


# ---------------------------------------------------------------- step 1


async def suggest_gifts(
    prospect: Prospect, *, settings: Settings, client: ModelClient, prompts: PromptLibrary
) -> GiftIdeas:
    """Step 1: rank what to give this prospect first, grounded in their facts."""
    messages = gift_prompt(prospect, settings=settings, prompts=prompts)
    before = client.usage
    parsed = await client.complete_json(
        messages, schema=GIFTS_SCHEMA, schema_name="gift_ideas", validate=_parse_gifts
    )
    gifts, missing = parsed[0]
    gifts = tuple(_ground(gift, prospect) for gift in gifts)
    kept, rejected = _drop_bribes(gifts, prospect, settings)
    if not kept:
        raise_no_gifts(rejected)
    thin = len(prospect.facts) < THIN_FACTS
    if thin and not any(g.needs_human for g in kept):
        hint = f"{NEEDS_HUMAN}a recent post, news item or stated problem of {prospect.name}'s]"
        kept = tuple(replace(g, needs_human=(*g.needs_human, hint)) for g in kept)
        missing = (*missing, hint)
    return GiftIdeas(kept, tuple(missing), thin, rejected, client.usage - before)


def gift_prompt(
    prospect: Prospect, *, settings: Settings, prompts: PromptLibrary
) -> list[dict[str, str]]:
    return prompts.render(
        "step1_identify_gift",
        prospect=prospect.to_dict(),
        sender=settings.sender.to_dict(),
        max_gifts=MAX_GIFTS,
        thin=len(prospect.facts) < THIN_FACTS,
        regulated=regulated_recipient(prospect),
    )


def regulated_recipient(prospect: Prospect) -> str:
    """Who the gift rules say this prospect is, when gifts to them are regulated ("" if not).

    The same table the checker's regulated-recipient rule reads, so the prompt
    warns about exactly the prospects whose gifts the checker will limit.
    """
    from outreach.checker.gifts import rule_for_sector

    rule = rule_for_sector(prospect.sector, prospect.role)
    return rule.label if rule is not None and rule.id != "corporate-policy" else ""


def raise_no_gifts(rejected: tuple[str, ...]) -> None:
    shown = "; ".join(rejected[:2])
    raise ModelOutputError(
        f"every gift idea the model proposed read as a bribe ({shown}); "
        "run again, or give one yourself with --gift TEXT"
    )


def _parse_gifts(data: Any) -> tuple[tuple[Gift, ...], tuple[str, ...]]:
    if not isinstance(data, dict) or not isinstance(data.get("gifts"), list):
        raise ValueError("expected an object with a `gifts` list")
    gifts = []
    for i, item in enumerate(data["gifts"], 1):
        if not isinstance(item, dict) or not _text(item.get("what")):
            raise ValueError(f"gift {i} has no `what`")
        gifts.append(
            Gift(
                what=_text(item["what"]),
                why=_text(item.get("why")),
                effort=_choice(item.get("effort"), EFFORT_LEVELS),
                value_tier=_choice(item.get("value_tier"), VALUE_TIERS),
                grounded_in=_texts(item.get("grounded_in")),
                needs_human=tuple(_marked(t) for t in _texts(item.get("needs_human"))),
            )
        )
    if not gifts:
        raise ValueError("the `gifts` list is empty")
    return tuple(gifts[:MAX_GIFTS]), _texts(data.get("missing"))


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _texts(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        return ()
    return tuple(t for t in (_text(v) for v in value) if t)


def _choice(value: Any, choices: tuple[str, ...]) -> str:
    text = _text(value).lower()
    return text if text in choices else ""


def _marked(gap: str) -> str:
    """A gap the model left for a human, in the marker the prompt asks for."""
    gap = gap.strip()
    if gap.startswith(NEEDS_HUMAN) and gap.endswith("]"):
        return gap
    return f"{NEEDS_HUMAN}{gap.removeprefix(NEEDS_HUMAN).rstrip(']')}]"


def _ground(gift: Gift, prospect: Prospect) -> Gift:
    """Keep only the facts a gift cites that the prospect data really contains, and mark
    an idea that only names the prospect ("Priya Raman") for a human to complete."""
    known = [f.lower() for f in prospect.facts] + [prospect.notes.lower()]
    real = tuple(
        cited for cited in gift.grounded_in if any(_overlaps(cited.lower(), k) for k in known)
    )
    if real != gift.grounded_in:
        gift = replace(gift, grounded_in=real)
    if _only_names(gift.what, prospect):
        hint = f"{NEEDS_HUMAN}the idea only names {prospect.name}; say what to give]"
        gift = replace(gift, needs_human=(*gift.needs_human, hint))
    return gift


def _only_names(what: str, prospect: Prospect) -> bool:
    """Whether a gift idea is nothing but the prospect's name or company (or empty)."""
    words = re.findall(r"[a-z0-9]+", what.lower().replace("'s", ""))
    names = set(re.findall(r"[a-z0-9]+", f"{prospect.name} {prospect.company}".lower()))
    return all(word in names for word in words)


def _overlaps(cited: str, known: str) -> bool:
    if not cited or not known:
        return False
    if cited in known or known in cited:
        return True
    words = {w for w in cited.split() if len(w) > 3}
    return bool(words) and len(words & set(known.split())) / len(words) >= 0.6


def _drop_bribes(
    gifts: tuple[Gift, ...], prospect: Prospect, settings: Settings
) -> tuple[tuple[Gift, ...], tuple[str, ...]]:
    """The checker's bribe rules veto gift ideas before anyone writes an email about them."""
    from outreach.checker import CheckContext, check_message

    context = CheckContext(stage="first-touch", prospect=prospect, sender=settings.sender)
    kept, rejected = [], []
    for gift in gifts:
        # The rules judge what is offered to the reader, so the idea is put as an offer.
        offer = f"I would like to give you this: {gift.what[:1].lower()}{gift.what[1:]}\n"
        findings = check_message("", offer, context, settings.lint)
        if any(f.category == "bribe" and f.severity == "error" for f in findings):
            rejected.append(gift.what)
        else:
            kept.append(gift)
    return tuple(kept), tuple(rejected)


# ---------------------------------------------------------------- step 2


async def draft_first_touch(
    prospect: Prospect,
    gift: Gift,
    *,
    settings: Settings,
    client: ModelClient,
    prompts: PromptLibrary,
    today: dt.date,
) -> FirstTouch:
    """Step 2: the email that delivers the gift and asks for nothing; step 3's window."""
    message = await write_message(
        "step2_deliver_value",
        draft_variables(prospect, gift, settings),
        stage="first-touch",
        prospect=prospect,
        settings=settings,
        client=client,
        prompts=prompts,
    )
    window = maturation_window(
        today,
        context="sales",
        settings=settings.timing,
        value_tier=gift.value_tier,
        channel="email",
    )
    return FirstTouch(gift, message, window)


def draft_variables(prospect: Prospect, gift: Gift, settings: Settings) -> dict[str, Any]:
    return {
        "prospect": prospect.to_dict(),
        "gift": gift.to_dict(),
        "sender": settings.sender.to_dict(),
    }


# ---------------------------------------------------------------- any message


async def write_message(
    step: str,
    variables: dict[str, Any],
    *,
    stage: str,
    prospect: Prospect,
    settings: Settings,
    client: ModelClient,
    prompts: PromptLibrary,
    history: History | None = None,
) -> Drafted:
    """Draft with `step`'s prompts, check, revise once on errors, check again.

    `history` is the ledger's view of the prospect, for the timing and
    proportion rules.
    """
    before = client.usage

    async def drafted(messages: list[dict[str, str]]) -> tuple[str, str, str, list[Finding]]:
        """The model's subject and text, the body with the signature, and its findings."""
        (subject, text), _ = await client.complete_json(
            messages, schema=MESSAGE_SCHEMA, schema_name="email", validate=_parse_message
        )
        body = with_signature(text, settings.sender)
        findings = check_draft(
            subject, body, stage=stage, prospect=prospect, settings=settings, history=history
        )
        return subject, text, body, findings

    subject, text, body, findings = await drafted(prompts.render(step, **variables))
    errors = [
        f
        for f in findings
        if f.severity == "error" and not {f.category, f.rule} & NOT_FIXED_BY_REWRITING
    ]
    revised, revision_error = False, ""
    if errors:
        revise = prompts.render(
            "revise",
            draft={"subject": subject, "body": text},
            findings=[
                {"rule": f.rule, "message": f.message, "suggestion": f.suggestion} for f in errors
            ],
            prospect=prospect.to_dict(),
            stage=stage,
        )
        try:
            subject, text, body, findings = await drafted(revise)
            revised = True
        except ModelOutputError as exc:  # unusable: the first draft and its findings stand
            revision_error = exc.reason or exc.message
    return Drafted(subject, body, tuple(findings), revised, client.usage - before, revision_error)


def _parse_message(data: Any) -> tuple[str, str]:
    if not isinstance(data, dict):
        raise ValueError("expected an object with `subject` and `body`")
    subject, body = _text(data.get("subject")), _text(data.get("body"))
    if not subject:
        raise ValueError("`subject` is missing or empty")
    if not body:
        raise ValueError("`body` is missing or empty")
    if not re.search(r"[^\W\d_]{2}", body):
        raise ValueError("`body` has no words")  # '{', '...': not an email
    return " ".join(subject.split()), body


def with_signature(body: str, sender: Sender) -> str:
    """Append the sender's signature, postal address and opt-out line, as configured."""
    block = [part.strip() for part in (sender.signature, sender.postal_address) if part.strip()]
    if not sender.signature.strip() and sender.name:
        block.insert(0, "\n".join(p for p in (sender.name, sender.company) if p))
    text = body.rstrip()
    if block:
        text += "\n\n" + "\n".join(block)
    if sender.opt_out.strip():
        text += "\n\n" + sender.opt_out.strip()
    return text + "\n"


def check_draft(
    subject: str,
    body: str,
    *,
    stage: str,
    prospect: Prospect | None,
    settings: Settings,
    history: History | None = None,
) -> list[Finding]:
    """Every checker finding for a message; with `history`, the ledger-reading rules too."""
    from outreach.checker import CheckContext, check_message

    context = CheckContext(
        stage=stage,
        prospect=prospect,
        region=settings.lint.region,
        sender=settings.sender,
        history=history,
    )
    return check_message(subject, body, context, settings.lint)


def pick_gift(ideas: GiftIdeas, pick: int) -> Gift:
    """The Nth idea (1-based), as `--pick N` asks."""
    from outreach.errors import InputError

    count = len(ideas.gifts)
    if not 1 <= pick <= count:
        # Step 1 is paid for by now: list its ideas so that a rerun with --gift loses nothing.
        shown = "; ".join(f"{n}. {idea.what}" for n, idea in enumerate(ideas.gifts, 1))
        there = (
            "there is 1 gift idea; pick 1"
            if count == 1
            else f"there are {count} gift ideas; pick 1 to {count}"
        )
        raise InputError(f"--pick {pick}: {there} ({shown})")
    return ideas.gifts[pick - 1]
