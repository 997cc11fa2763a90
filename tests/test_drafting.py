from __future__ import annotations

import pytest

from outreach.config import Settings
from outreach.drafting import _drop_bribes, _ground, pick_gift, with_signature
from outreach.errors import InputError
from outreach.models import Gift, Prospect, Sender

PROSPECT = Prospect(name="Ana Ruiz", facts=("Posted about dock no-shows costing overtime",))


@pytest.mark.parametrize(
    ("idea", "dropped"),
    [
        ("A $100 Amazon gift card for her time", True),
        ("Two tickets to the Bulls game", True),
        ("Dinner at a steakhouse in Chicago", True),
        ("A one-page memo on cutting dock no-shows", False),
        ("An introduction to a peer who cut overtime by $1.2M", False),
        ("A 30-minute teardown of their yard schedule, written up", False),
    ],
)
def test_ideas_that_read_as_bribes_are_dropped(idea: str, dropped: bool) -> None:
    kept, rejected = _drop_bribes((Gift(what=idea),), PROSPECT, Settings())
    assert (rejected == (idea,)) is dropped
    assert (kept == ()) is dropped


def test_cited_facts_must_exist_in_the_prospect() -> None:
    gift = Gift(
        what="a memo",
        grounded_in=("Posted about dock no-shows costing overtime", "Won an award in 2025"),
    )
    assert _ground(gift, PROSPECT).grounded_in == ("Posted about dock no-shows costing overtime",)


@pytest.mark.parametrize("idea", ["Ana Ruiz", "Ana Ruiz's", "Northwind", ""])
def test_an_idea_that_only_names_the_prospect_is_left_to_a_human(idea: str) -> None:
    prospect = Prospect(name="Ana Ruiz", company="Northwind", facts=PROSPECT.facts)
    (hint,) = _ground(Gift(what=idea), prospect).needs_human
    assert hint == "[NEEDS-HUMAN: the idea only names Ana Ruiz; say what to give]"
    assert _ground(Gift(what="A memo for Ana Ruiz on dock no-shows"), prospect).needs_human == ()


def test_signature_block_is_appended_as_configured() -> None:
    sender = Sender(
        name="Dana", company="Fieldnote", postal_address="1 Main St", opt_out="Reply no."
    )
    assert with_signature("Hi Ana,\n\nThe memo.\n\n", sender) == (
        "Hi Ana,\n\nThe memo.\n\nDana\nFieldnote\n1 Main St\n\nReply no.\n"
    )
    assert with_signature("Hi.", Sender()) == "Hi.\n"


def test_pick_gift_checks_the_range() -> None:
    from outreach.drafting import GiftIdeas
    from outreach.models import Usage

    ideas = GiftIdeas((Gift("a"), Gift("b")), (), False, (), Usage())
    assert pick_gift(ideas, 2).what == "b"
    with pytest.raises(InputError, match="--pick 0: there are 2 gift ideas; pick 1 to 2"):
        pick_gift(ideas, 0)
    # The ideas step 1 was paid for are in the message, to rerun with --gift.
    with pytest.raises(
        InputError, match=r"--pick 3: there are 2 gift ideas; pick 1 to 2 \(1\. a; 2\. b\)"
    ):
        pick_gift(ideas, 3)
    one = GiftIdeas((Gift("a"),), (), False, (), Usage())
    with pytest.raises(InputError, match=r"--pick 2: there is 1 gift idea; pick 1 \(1\. a\)"):
        pick_gift(one, 2)


@pytest.mark.parametrize(
    ("sector", "role", "regulated"),
    [
        ("Government", "", True),
        ("banking", "", True),
        ("", "Hospital physician", True),
        ("private", "", False),
        ("", "VP of Operations", False),
    ],
)
def test_the_gift_prompt_warns_exactly_where_the_checker_limits_gifts(
    sector: str, role: str, regulated: bool
) -> None:
    from outreach.drafting import gift_prompt
    from outreach.prompts import PromptLibrary

    prospect = Prospect(name="Ann Lee", sector=sector, role=role, facts=("x", "y"))
    system = gift_prompt(prospect, settings=Settings(), prompts=PromptLibrary())[0]["content"]
    assert ("Gifts to this prospect are regulated" in system) is regulated


def test_the_draft_summary_shows_what_a_human_must_complete() -> None:
    import datetime as dt

    from outreach.drafting import Drafted, FirstTouch
    from outreach.models import Usage, Window
    from outreach.render import draft_text

    gift = _ground(Gift(what="Ana Ruiz"), PROSPECT)
    message = Drafted(subject="s", body="b", findings=(), revised=False, usage=Usage())
    window = Window(earliest=dt.date(2026, 12, 1), latest=dt.date(2026, 12, 5))
    text = draft_text(PROSPECT, FirstTouch(gift=gift, message=message, follow_up=window))
    assert (
        "Gift: Ana Ruiz\n  [NEEDS-HUMAN: the idea only names Ana Ruiz; say what to give]\n" in text
    )


@pytest.mark.parametrize(
    ("gap", "marked"),
    [
        ("2018-2019", "[NEEDS-HUMAN: 2018-2019]"),
        ("[NEEDS-HUMAN: her team size]", "[NEEDS-HUMAN: her team size]"),
        ("[NEEDS-HUMAN: her team size", "[NEEDS-HUMAN: her team size]"),
    ],
)
def test_gaps_the_model_leaves_are_always_marked(gap: str, marked: str) -> None:
    from outreach.drafting import _marked

    assert _marked(gap) == marked
