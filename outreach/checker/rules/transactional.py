# ruff: noqa: E501  (regex phrase families read best unbroken)
"""OR2xx transactional: a gift that reads as the setup for an ask."""

from __future__ import annotations

import re
from collections.abc import Iterator

from outreach.checker.model import CheckFn, Example, Hit, Rule
from outreach.checker.patterns import Regex
from outreach.checker.rules.bribe import (
    CASH,
    CONDITIONAL,
    HELP_FOR_REWARD,
    INDUCEMENT,
    LAVISH,
    conditional_gifts,
    paid_for_meeting,
)
from outreach.checker.scan import (
    FastPattern,
    Scan,
    any_of,
    needed_by,
    needs,
    once_per_email,
    phrase_check,
)
from outreach.checker.vocab import ASK, ASK_RE, GIVES, MEETING

IC = re.IGNORECASE

# A meeting offered as a bare question at the start of a clause: "Your move: a call next week?"
_BARE_MEETING_QUESTION = (
    r"(?:(?<=[:.!?]\s)|(?<!.))(?:so,? |maybe |perhaps |how about |what about )?(?:a|an|one)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:call|chat|meeting|demo|zoom|coffee)\b[^.!?\n]{0,30}\?"
)

# A looser frame for asks: something that takes the reader's time (an invite, a few windows, a
# walk-through, a trial, the right person) in a sentence that requests it ("mind if I...",
# "just say when", "any chance you'd...", "keen to show you").
_TIME_ASKED = FastPattern(
    r"\b(?:(?:calendar )?invite|invitation|(?:a few|some|a couple of|two|three) (?:times|windows|slots|dates)|windows|"
    r"(?:call|chat|demo)(?! (?:notes|recordings?|transcripts?|summary|summaries|center|centre|volumes?|logs?|video|"
    r"link|deck|widget|bot|support|site|page|account))|zoom|coffee|walk (?:you|your team|them|you all|everyone) through|"
    r"walkthrough(?! video| recording)|show you|present (?:to|our|my)|pencil (?:something|you|it|a time) in|(?<!they )(?<!already )(?<!we just )set (?:something|a time|it|one) up|"
    r"give it a (?:spin|try|go|whirl|test drive)|(?:run|start|try|do|kick off|set up) (?:a |an |the )?(?:free |short |"
    r"small |quick )?(?:trial|pilot)|your take|person to (?:talk|speak)|whoever (?:handles|owns|runs|manages|looks after)|"
    r"someone else on your team|(?:a few|(?:1|2|3|4|5|6|7|8|9)\d*|ten|fifteen|twenty|thirty) min(?:ute)?s|half an hour|(?<!\d )an hour)\b"
)
_REQUESTING = Regex(
    r"\b(?:mind if|shall (?:i|we)|should (?:i|we)|can (?:i|we)|could (?:i|we)|may (?:i|we)|let me know|just say "
    r"(?:when|the word)|say the word|drop me a (?:line|note)|reply (?:with )?['\"‘“]?(?:yes|y)\b|hit reply|happy to|"
    r"keen to|eager to|(?:would|'d) love (?:to|your)|(?:would|'d) (?:value|welcome|appreciate)|any chance|could you|"
    r"would you|can you|please)\b",
    IC,
)
# In a question, words that make it a proposal ("Up for a coffee?") rather than small talk.
_PROPOSING = Regex(
    r"\b(?:up for|open to|fancy|free (?:for|on|next|this|to)|available|interested in|how about|what about|worth a|"
    r"are you|is there|who(?:'s| is)|any (?:time|day|slot))\b",
    IC,
)
_NOT_ASKING = Regex(
    r"\b(?:thanks|thank you|enjoyed|loved|was (?:great|useful|helpful)|last (?:week|month)|yesterday|earlier today|"
    r"recording|recorded|no (?:call|meeting|reply|demo)s? (?:needed|required|necessary)|whenever you like)\b",
    IC,
)


# A walkthrough the sender sends or shares is a gift, not the reader's time: "happy to send
# over a quick walkthrough", "send you a short walkthrough".
_SENT_OBJECT = Regex(
    r"\b(?:send|share|forward|record)(?:ing)?\s+(?:over\s+)?(?:you\s+)?(?:a|an|the|our|my|this)\s+"
    r"(?:[\w-]+\s+){0,2}$",
    IC,
)


@needs(_TIME_ASKED)
def _time_asked(scan: Scan) -> Iterator[Hit]:
    own = scan.own
    seen = -1
    for match in _TIME_ASKED.finditer(scan):
        s_start, s_end = scan.doc.sentence_at(match.start())
        if s_start == seen:
            continue
        if match.group().startswith("walkthrough") and scan.occurs(
            _SENT_OBJECT, max(s_start, match.start() - 60), match.start()
        ):
            continue
        question = own[s_start:s_end].rstrip().endswith("?")
        if not (
            scan.occurs(_REQUESTING, s_start, s_end)
            or (question and scan.occurs(_PROPOSING, s_start, s_end))
        ) or scan.occurs(_NOT_ASKING, s_start, s_end):
            continue
        if scan.negated(match.start()):
            continue
        seen = s_start
        yield match.start(), match.end(), ""


_PLAIN_ASK = phrase_check(ASK)
_BARE_INTEREST = Regex(r"(?:interested|keen|up for it|open to (?:it|this))\s*\?", IC)
_MEETING_RE = Regex(
    r"\b(?:"
    + MEETING
    + r"|talk|speak|meet|time|interview|kickoff|event|summit|conference|dinner|lunch|"
    r"offsite|panel|visit|join|come|attend)\b",
    IC,
)


@needs(*needed_by(_PLAIN_ASK))
def _ask(scan: Scan) -> Iterator[Hit]:
    """Asks; a bare "Interested?" counts only when what it asks about is a meeting, not a gift."""
    own = scan.own
    for start, end, detail in _PLAIN_ASK(scan):
        bare = _BARE_INTEREST.fullmatch(own, start, end)
        if bare and not scan.occurs(_MEETING_RE, max(0, start - 300), end):
            continue
        yield start, end, detail


_FIRST_TOUCH_ASKS = any_of(_ask, phrase_check(_BARE_MEETING_QUESTION), _time_asked)
GIVING = FastPattern(GIVES)  # an offer to give: grounding reads gift sentences with it too


# The email's asks, found once for OR201 and OR605.
_asks = once_per_email("first-touch asks", _FIRST_TOUCH_ASKS)


# Money and material gifts, found as the bribe rules find them: a bribe is a gift too.
_MATERIAL = (CASH, LAVISH, CONDITIONAL, INDUCEMENT)


def gives(scan: Scan) -> bool:
    """Whether the email gives or offers the reader something: a file, a finding, work done
    for them, an offer to send or introduce (``vocab.GIVES``, not negated), or money or a
    material gift. Then it is a gift message, and an ask in it is bundled with the gift."""
    return scan.once(
        "gives",
        lambda: (
            any(not scan.negated(match.start()) for match in GIVING.finditer(scan))
            or any(scan.found_by(rule) for rule in _MATERIAL)
        ),
    )


def _asks_where(giving: bool) -> CheckFn:
    """The asks of a first-touch message that gives something (``giving``), or nothing."""

    @needs(*needed_by(_FIRST_TOUCH_ASKS))
    def check(scan: Scan) -> Iterator[Hit]:
        hits = list(_asks(scan))
        if hits and gives(scan) is giving:
            yield from hits

    return check


_ask_with_gift = _asks_where(giving=True)
ask_without_gift = _asks_where(giving=False)  # OR605's check


ASK_FIRST_TOUCH = Rule(
    code="OR201",
    name="ask-in-first-touch",
    category="transactional",
    severity="error",
    confidence=0.8,
    message="the first-touch gift carries an ask: {quote}",
    suggestion="give first and ask for nothing yet; make the request in a later message",
    what="At stage first-touch, flags requests for a call, a meeting, a demo, a trial, an "
    "introduction or a purchase in a message that gives or offers the reader something: a "
    "file, a finding, work done for them, an introduction, a gift. A plain pitch that gives "
    "nothing is OR605's.",
    why="An ask inside the gift message turns the gift into bait: the reader sees a tactic "
    "and the obligation reciprocity relies on never forms.",
    example="Here's the benchmark. Are you free Thursday for a quick call?",
    instead="Here's the benchmark. The three slowest docks are on page 2.",
    check=_ask_with_gift,
    stages=("first-touch",),
    flag=(
        "Here's the benchmark. Are you free Thursday for a quick call?",
        "I put together the numbers for your stores. Worth a 15-minute chat next week?",
        "The audit is attached. Grab a time on my Calendly: calendly.com/dana/15min",
        "I've included the teardown below. I'd love to set up a quick demo for your team.",
        "We mapped your returns flow; would you be open to a trial in one warehouse?",
        "Consider the audit I sent my opening move. Your move: a call next week?",
        "Here are the notes. In turn, I'd appreciate 20 minutes with your data lead.",
        "I sent you the report. Give a little, get a little, right? How about Thursday at 11?",
        "The checklist is attached. Mind if I send over a calendar invite for next Wednesday?",
        "Happy to share the notes too; I'd walk your team through them whenever suits, just say "
        "when.",
        "Your sample kit shipped today. Any chance you'd give it a spin with one of your teams?",
        "I'll send you the map tonight. Up for a coffee next time you're in Austin?",
        "Here's the summary. Would you be the right person to loop in on this, or is it someone "
        "in IT?",
        "The report is yours; an intro to your COO would be much appreciated.",
        "We sent you a copy of the book. Would love 15 minutes to walk you through what's inside.",
        "Now that you've had the audit for a week, I think it's time we got on the phone.",
        "The benchmark is yours. The one thing I'd ask is that you take 20 minutes with our lead "
        "analyst.",
        "We have sent you the free sample. Now we kindly request your purchase order.",
        "The teardown is attached. Expect a quick call from me on Tuesday.",
        "Here's what I noticed on your checkout page: shipping shows up last. Worth a quick call?",
    ),
    passes=(
        "Here's the benchmark; the three slowest docks are on page 2.",
        Example("Here's the benchmark. Would Thursday work for a 20-minute call?", stage="ask"),
        "No call needed: everything is in the memo.",
        "I'm not asking for a meeting, just sharing what we found.",
        "How did your pilot with Samsara go?",
        # the sender's business, not an offer: a plain pitch (OR605's), no gift
        "We host finance teams for a quarterly close roundtable. Could we talk next week?",
        "Can I send you the call notes from the panel?",
        "Our investor will lend his Park City place to friends of the company. Interested?",
        "Happy to share more, but no call needed.",
        "One chain cut write-offs by 17%. Happy to share how they set it up.",
        "We automate bank reconciliations for finance teams. Open to a 20-minute walkthrough?",
        "The checklist is attached. Happy to send over a short walkthrough if that's useful.",
        "The checklist is attached. Happy to send over a quick walkthrough if that's useful.",
        "The checklist is attached. Happy to send you a short walkthrough of it too.",
        "The checklist is attached. Happy to share a short walkthrough video as well.",
        "Here are the notes. Could I send a 3-minute demo video as well?",
        "Our audit platform cuts close time by 30%. Open to a 20-minute demo? Thanks for your time.",
        "Here's the thing: we automate reconciliations. Open to a 20-minute walkthrough?",
        "Happy to send over a few times for a quick call.",
    ),
)

# Returning a favour is only an exchange when the reader is the one to return it.
_RETURN_FAVOR = (
    r"\b(?:return the (?:favou?r|gesture|kindness)|repay (?:it|that|this|the favou?r|the gesture|the "
    r"kindness|my \w+|our \w+|me|us)\b)"
)
_QPQ = (
    r"\b(?:in (?:return|exchange)\b(?! for nothing\b)(?! for (?:the|those|these|that|this|any) (?:\w+ )?(?:delays?|issues?|problems?|"
    r"outages?|inconvenience|trouble|mix-?ups?|errors?|mistakes?|downtime))"
    r"|repay\b[^.!?\n]{0,20}?\bwith (?:a|your|an) (?:meeting|call|reply|intro\w*|review|"
    r"referral|chat|conversation|demo)|time to (?:return|repay|pay (?:it|me|us) back)\b"
    r"|sweeten (?:the|this|our|things|it)(?: (?:deal|pot|offer))?|scratch (?:your|each other'?s) backs?"
    r"|pay (?:it|me|us) back"
    r"|you owe (?:me|us)|owe (?:me|us) one|all (?:i|we)(?:'d| would)? (?:ask|need|want)(?: from you)? (?:in return|in exchange|back|is|for)"
    r"|(?:the )?only thing (?:i|we)(?:'d| would)? (?:want|need|ask(?: for)?) (?:back|in return)|balances? the scales"
    r"|(?:the )?(?:only|one) thing (?:i|we)(?:'d| would)? ask|scratch (?:my|our) back|quid pro quo"
    r"|one good turn|(?:now )?(?:it'?s )?your turn to|(?:it'?s|it is|seems) only fair (?:that|if|you|for)|(?:it'?d|it would) (?:only )?be (?:only )?fair (?:that|if|for you)|(?:it'?s|it is|seems) only right (?:that )?(?:you|we) "
    r"(?:give|reply|respond|answer|take|book|meet|hear|let|consider|sign|return|get)"
    r"|(?:i|we)(?:'ve| have) (?:held|kept) up (?:my|our) end|favou?r for (?:a )?favou?r|tit for tat"
    r"|(?:sent|gave|given|shared|put together)\b[^.!?\n]{0,60}?\bso (?:that )?you(?:'ll| will| would|"
    r"'d| can| might)? (?:take|book|meet|reply|respond|give|agree|buy|sign|consider|hop|jump|"
    r"make time|find time|return)"
    r"|(?:do|ask) (?:me|us) a (?:small |quick |little )?favou?r (?:back|in return)"
    r"|(?:i'?m|we'?re|i am|we are) expecting (?:a|your) (?:call|reply|response|meeting|answer)(?: back)?"
    r"|(?:free|a gift|this|it)(?: \w+)? because (?:i|we) want (?:your business|you to (?:buy|sign|meet|book))"
    r"|(?:don'?t|let'?s not|never|won'?t) forget who (?:helped|got|gave|looked after|stood by) you"
    r"|remember who (?:helped|got|gave|looked after) you"
    r"|(?:i|we)'?d owe you (?:big|one|a big one|a lot|bigtime)|(?:i|we) always (?:pay|repay) (?:my|our) debts"
    r"|(?:convince|persuade|sway|tempt) you to (?:give us|sign|book|meet|take|choose|pick|go with|switch)"
    r"|(?:your|a) \w+ is the price|the (?:only )?price is (?:a|your|one)|costs? you (?:just|only) (?:a|one|\d+|your)"
    r"|cash (?:it|that|this|the favou?r) in|call (?:it|that) in\b"
    r"|before (?:i|we) (?:share|send|release|give|hand over) (?:you )?(?:the |our |my )?(?:full|complete|whole|"
    r"entire|rest of the)\b[^.!?\n]{0,60}?\b(?:can|could|would|will) you"
    r"|down payment (?:on|for)|(?:be in touch|come back|circle back|check back) to collect|i'?ll collect"
    r"|call in (?:the|this|that|a) favou?r|(?:consider|think of) (?:it|this|the \w+(?: \w+)?) (?:as )?a favou?r"
    r"|you'?ll remember (?:it|this|me|us|that)|remember (?:this|me|us) when"
    r"|now (?:i|we)(?:'d| would)? (?:like|need|want) (?:something|a favou?r) (?:from you|back)"
    # favours swapped: "I did you a solid; hoping you can do the same for me", "we're square"
    r"|(?:i|we) did you a (?:solid|favou?r|good turn)|(?:do|return) the same for (?:me|us)\b"
    r"|in (?:turn|counterpart|compensation),? (?:(?:i|we)(?:'d| would| will|'ll| hope| am| are|'m|'re)?|could you|would you|"
    r"can you|please)\s+(?:\w+\s+){0,2}?(?:appreciate|ask|love|like|hope|want|request|expect|give|take|book|meet|"
    r"reply|grant|count)"
    r"|(?:comes?|come) with (?:just |only )?(?:one|a|a single|an?) (?:tiny |small |little |quick |simple )?"
    r"(?:request|ask|condition|catch|string|favou?r)"
    r"|(?:fair|even|simple|fair enough) (?:trade|swap|exchange|deal)\s*\?|\byou get\b[^.!?\n]{1,50}?,\s*(?:and )?(?:i|we) get\b"
    r"|(?:we'?re|we are|we'?ll be|call it) (?:square|even|quits)\b"
    r"|(?:hold|keep|save|holding|keeping)\w* (?:it|them|this|the \w+|onto it|onto them) (?:\w+ )?(?:until|till|for when) "
    r"you (?:confirm|book|schedule|reply|agree|take|pick|set|get back|respond)"
    # the gift released by a favour: "I'll share it as soon as you've introduced me"
    r"|(?:share|send|release|give|hand over|pass)\w* (?:it|this|them|the \w+)(?: over| along)? (?:as soon as|once|when|"
    r"after|the moment) you(?:'ve| have)? (?:\w+ ){0,2}?(?:introduced|intro'?d|booked|signed|replied|confirmed|"
    r"agreed|taken|scheduled|connected|put me in touch)"
    # swaps spelled out: "we give you a licence, you give us a reference", "give a little, get a little"
    r"|(?:we|i)(?:'ll| will)? (?:give|send|share|get) you\b[^.!?\n]{1,60}?\byou (?:give|send|share|get) (?:us|me)\b"
    r"|let'?s (?:trade|swap|make a deal|do a deal)\b"
    r"|give (?:a little|some),? (?:get|take) (?:a little|some)"
    r"|give and take\b|(?:want|like|wish|care|be happy|be glad|feel inclined) to (?:give|send|pay) (?:something|a little) back"
    r"|give (?:something|a little) back|(?:my|our|the) only (?:condition|stipulation|catch)|on (?:one|the) condition (?:that|you)"
    # a gift released by a meeting: "the sample pack ships the moment you confirm a demo"
    r"|(?:ships?|goes out|go out|is released|are released|unlocks?|is yours|are yours|gets sent|will be sent|will ship|"
    r"heads your way|arrives?)\s+(?:[\w-]+\s+){0,2}?(?:the moment|as soon as|once|when|after|the minute|right after)\s+"
    r"(?:you|your team)\s+(?:\w+\s+){0,2}?(?:confirm|book|schedule|take|agree|accept|sign|reply|respond|lock|pick|grab|"
    r"set up)"
    r"|(?:is|seems|would be|'s) (?:a |only a )?(?:fair|reasonable|small|fair enough) (?:ask|request|trade|exchange)"
    r"|(?:is|are|it'?s) (?:all )?yours (?:if|once|provided|as long as|so long as) (?:you|your)"
    r"(?!(?:'d| would)? like\b| (?:want|like|need|can use|have use for|think)\b)"
    r"|(?:the same|similar) courtesy|return the courtesy|one hand washes the other|you scratch mine"
    r"|(?:looking for|expecting|hoping for|counting on|want|need) (?:a|an|your|some) (?:\w+ )?(?:meeting|call|reply|intro\w*|yes|"
    r"signature|commitment|referral) (?:out of it|out of this|in return|back|for it)"
    # a reward per unit of business: "for every borrower you steer our way"
    r"|for (?:every|each) (?:\w+ ){0,2}?(?:referrals?|borrowers?|clients?|customers?|deals?|leads?|"
    r"introductions?|intros?|sign-?ups?|patients?|accounts?|orders?|files?|prescriptions?|seats?)\s+"
    r"(?:you|your team)(?: \w+)? (?:send|steer|refer|bring|pass|route|introduce|push|close|sign|write)"
    r"|" + HELP_FOR_REWARD + r")"
)

# "If I can ever return the favor": the sender owing the reader is not an exchange demanded.
_SENDER_OWES = Regex(
    r"\b(?:i|we)(?:'d|'ll)?(?:\s+(?:can|could|will|would|might|ever|to|want|love|hope|happy|glad|be|"
    r"am|are|always))*\s+$",
    IC,
)

QUID_PRO_QUO = Rule(
    code="OR202",
    name="quid-pro-quo",
    category="transactional",
    severity="error",
    confidence=0.85,
    message="the gift is framed as an exchange: {quote}",
    suggestion="drop the exchange; give without terms and let the value speak",
    what="Flags exchange language around a gift ('in return', 'return the favor', 'you owe "
    "me', 'all I ask in exchange') and gifts promised on condition of a meeting or a deal.",
    why="Reciprocity works because the gift is free. Naming the price turns it into a trade "
    "the reader can refuse, and makes the sender look like they keep score.",
    example="I sent the report, so all I ask in return is 15 minutes.",
    instead="The report is yours to use; no reply needed.",
    check=any_of(
        phrase_check(_QPQ),
        phrase_check(_RETURN_FAVOR, not_preceded=_SENDER_OWES),
        conditional_gifts,
        paid_for_meeting,
    ),
    flag=(
        Example(
            "I'll share the analysis as soon as you've introduced me to your head of procurement.",
            stage="thank",
        ),
        "Only thing I'd want back is a shout-out in Thursday's newsletter.",
        "All I'd want back is permission to list you as a customer logo.",
        Example(
            "Since I shared our playbook with you for nothing, it would only be fair if you "
            "introduced me to your CFO.",
            stage="thank",
        ),
        "All I ask in return is 15 minutes of your time.",
        "Maybe you could return the favor and take a look at our deck?",
        "After this, you owe me a coffee and a call.",
        "I put together the audit so you'd take a meeting with us.",
        "For every borrower you steer our way, there's a restaurant card in it for you.",
        "It's only fair that you hear us out now.",
        "I did you a solid with that intro; hoping you can do the same for me with your CFO.",
        "Fair trade? You get the benchmark, I get 15 minutes of your feedback.",
        "Your sample kit is packed. I'll hold it until you confirm a time to talk.",
        "The teardown is attached. It comes with one tiny request.",
        "We give you a free license for a year, and you give us a reference case. Deal?",
        "Your sample pack ships the moment you confirm a demo slot.",
        "I'm sure you'll want to give something back, like a short testimonial.",
        "The free pilot is yours if you can commit to a decision by March.",
        "One hand washes the other, as they say.",
        "Let's trade: I'll send you our churn benchmark, you send me 20 minutes on Thursday.",
        "The benchmark is free, but I'll be looking for a meeting out of it.",
        Example("We extended you a courtesy; we'd expect the same courtesy back.", stage="ask"),
    ),
    passes=(
        "I don't expect anything in return.",
        "The slides are yours if you want them, no call needed.",
        "No need to return the favor; it was fun to dig into.",
        "You don't owe us anything for this.",
        "The exchange rate swings hit your Q3 margins, per your report.",
        "Fewer no-shows, in turn, free up two chairs a day.",
        Example(
            "Thanks for the intro; if I can ever do the same for you, just say.", stage="thank"
        ),
        "In return for nothing at all: the tracker I mentioned is now updated.",
        "The slides are yours if you'd like them, no call needed.",
    ),
)

_GUILT = (
    r"\b(?:after (?:everything|all) (?:(?:that )?(?:i|we)(?:'ve| have)?\s*)?(?:sent|given|done|shared|"
    r"put together|offered|provided|did|gave)"
    r"|after all (?:the|this|that|those|my|our) (?:\w+\s+){0,2}?(?:time|work|effort|help|gifts?|"
    r"reports?|favou?rs?|stuff|resources|things|emails|samples|research|hours|days|weeks)\s+(?:(?:that )?"
    r"(?:i|we|my team|our team)(?:'ve| have)?|sent|given)"
    r"|(?:considering|given|seeing as|since) (?:everything|all|how much) (?:(?:that )?(?:i|we)(?:'ve| "
    r"have)? )?(?:sent|given|done|shared|invested|put in|provided)"
    r"|(?:i|we)(?:'ve| have)? (?:gone|went|go) (?:out of|above and beyond) (?:my|our) way"
    r"|after (?:all|everything) (?:the |that |this |those |my |our )?(?:[\w-]+\s+){0,3}?(?:(?:that )?(?:i|we|my team|"
    r"our team)(?:'ve| have)?)\s+(?:sent|given|shared|done|provided|put|spent|invested|offered|made|built|"
    r"created|written|delivered|gave|did)"
    r"|(?:since|because|as) (?:i|we)(?:'ve| have) been (?:so |very )?generous"
    r"|(?:invested|put) (?:a lot|so much|heavily|plenty|a ton)(?: of \w+)? in (?:you|your team|this relationship|"
    r"your account)|time to see (?:some )?(?:commitment|movement|action|a return)|commitment from your (?:side|end)"
    r"|(?:i|we) gave you (?:a lot of|so much of|plenty of|hours of) (?:my|our) time"
    r"|(?:i|we)(?:'ve| have) been (?:very |so |more than |incredibly |pretty )?(?:generous|patient|helpful|"
    r"accommodating)"
    r"|(?:so much as|not even|without even) a (?:thank[- ]you|thanks|reply|response|word|note)"
    r"|still (?:nothing|no (?:reply|response|word|answer))|(?:heard|gotten|got) nothing back|what gives\b"
    r"|(?:the )?least you (?:could|can) do"
    r"|went to (?:a lot of|so much|great|considerable|a great deal of|the|all the|all this|such) (?:trouble|effort|lengths)"
    r"|(?:i'?m|we'?re|i am|we are) (?:counting|relying|banking) on (?:a|your|an|some) (?:reply|response|answer|yes|call|"
    r"meeting)|(?:is|be|seems) the (?:bare |very |absolute )?(?:minimum|least)\b"
    r"|(?:you )?took up (?:a lot|so much|plenty|hours) of (?:our|my)"
    r"|what (?:more|else) do you need(?: from (?:us|me))? before|(?:you'?ve|you have) had (?:our|my) [\w-]+(?:,| and) "
    r"(?:our|my)"
    r"|hate to (?:keep )?(?:chase|chasing|nag|nagging|bug|bugging|pester|pestering)|keep chasing"
    r"|but (?:we|i) did (?:put together|build|make|create|send|spend|go out of)"
    r"|(?:i|we)(?:'ve| have) never (?:once )?asked you for anything"
    r"|at least (?:give it a read|get back to me|look at it|read it|have a look)"
    r"|(?:i'?d|we'?d|i would|we would) expect you to|\bat least (?:put us|give us|take a|reply|respond|read|"
    r"have the courtesy|look)"
    r"|(?:given|considering|after) (?:the|all the|everything|all) (?:[\w-]+\s+){0,3}?(?:we|i)(?:'ve| have)? "
    r"(?:ran|run|did|done|built|gave|given|sent|shared|provided|put together|made) for you"
    r"|(?:hate|shame|sad|pity)\s+(?:to think|to see|for|if)\b[^.!?\n]{0,60}?\b(?:unread|unused|ignored|"
    r"unopened|forgotten|in vain)\b"
    r"|(?:hate|shame|sad) (?:for|to see|if) [^.!?\n]{1,60}?"
    r"(?:to )?(?:go|went|goes) to waste"
    r"|you (?:haven'?t|have not|never|didn'?t|did not) (?:even |yet |once )?(?:replied|responded|"
    r"answered|written back|acknowledged|said thanks|thanked|gotten back|got back|opened)"
    r"|(?:still )?(?:haven'?t (?:had|heard|gotten|received) (?:a|any)) (?:reply|response|word|"
    r"thank)"
    r"|(?:surprised|disappointed|hurt|sad|confused|puzzled) (?:that )?(?:you |i |we |not to )(?:haven'?t|"
    r"didn'?t|have not|did not|hear|get|heard)"
    r"|i'?d (?:have )?(?:expected|thought|hoped for) (?:at least )?(?:a|some|the courtesy)"
    r"|(?:i|we)(?:'ve| have) (?:now )?(?:sent|given|shared|mailed|passed along)\s+(?:you\s+)?(?:\w+ ){0,3}?(?:three|four|"
    r"five|six|several|multiple|(?!(?:19|20)\d\d\b|1\b)\d+(?![-.,]?\d|[- ]year| ?(?:lbs?|kg|g|oz|ml|l)\b)"
    r"|a lot of|so many|plenty of|"
    r"a bunch of|loads of)\b"
    r"|(?:surely|certainly) (?:you |that |that'?s |this |it'?s )?(?:can|could|earns?|deserves?|merits?|is worth|worth)"
    r"|(?:i|we)(?:'ve| have)? (?:earned|deserve|merit) (?:a|at least|some|\d+|your|a few)"
    r"|(?:after|for) (?:all )?(?:the )?(?:[\w-]+ )?(?:hours|days|weeks|weekends?|nights|evenings|months) (?:(?:that )?(?:i|we|my team|"
    r"our team)(?:'ve| have)?) (?:spent|put in|invested|burned|sank)"
    r"|(?:feel|be) (?:a little |a bit |somewhat )?(?:guilty|bad|ungrateful) (?:about|if|for|that)"
    r"|(?:it would be|it'd be|it's) (?:rude|impolite|ungrateful|a shame) (?:not to|to ignore)"
    r"|(?:reports?|emails?|audits?|samples?|gifts?|notes?|studies|analyses|follow-?ups|drafts|models),\s*(?:\w+ (?:reports?|"
    r"emails?|audits?|samples?|gifts?|notes?|studies|analyses|follow-?ups|drafts|models),\s*){0,2}"
    r"(?:and )?(?:zero|no|not a single|not one) (?:replies|responses|answers|reply|response)"
    r"|(?:some |a bit of |a little )?(?:movement|commitment|action|progress|effort|engagement|good faith) (?:on|from) your "
    r"(?:side|end|part)|b(?:e|en)t over backwards|(?:a little|some|any|a bit of) (?:acknowledg(?:e)?ment|recognition|appreciation|gratitude|response|reply) would (?:go a long way|be nice|be appreciated)|what (?:else|more) (?:(?:can|could|should|do) (?:we|i)|(?:we|i) (?:can|could|should)) (?:\w+ ){0,4}?(?:to )?(?:earn|get|deserve) (?:a|an|your|some)|went the extra mile for you|not (?:one )?to keep score|keeping score|taken for granted|(?:feel|feeling) (?:a bit |a little |"
    r"somewhat )?(?:used|ignored|unappreciated|ghosted)|after all the free (?:work|help|advice|analysis|stuff|content)"
    r"|(?:seeing as|since|given that|considering) (?:i|we)(?:'ve| have)? (?:did|done|put in|handled|took care of|covered|"
    r"did all) (?:the |all the )?(?:legwork|heavy lifting|groundwork|work|homework))"
)

# "Don't leave me hanging": a negation that is itself the pressure.
_HANGING = r"\b(?:(?:don'?t|do not|please don'?t) (?:leave|keep) (?:me|us) hanging|(?:left|leaving) (?:me|us) hanging)\b"

OBLIGATION = Rule(
    code="OR203",
    name="obligation-pressure",
    category="transactional",
    severity="error",
    confidence=0.8,
    message="guilt or obligation is used as pressure: {quote}",
    suggestion="remove the reminder of what was given; make the ask stand on its own value",
    what="Flags reminders of what the sender gave, complaints about silence, and appeals to "
    "what the reader owes: 'after everything I've sent', 'the least you could do'.",
    why="Pressure converts goodwill into resentment. The felt obligation of a gift is quiet; "
    "pointing at it destroys it and makes the pattern visible.",
    example="After everything I've sent over, surely you can spare 15 minutes.",
    instead="If the no-show numbers were useful, I can run the same cut for Joliet.",
    check=any_of(phrase_check(_GUILT), phrase_check(_HANGING, negatable=False)),
    flag=(
        Example("After everything I've sent over, can we talk this week?", stage="ask"),
        Example("You haven't even replied to my last three emails.", stage="ask"),
        Example("I went out of my way to build this for you.", stage="ask"),
        Example("It would be a shame for all that research to go to waste.", stage="ask"),
        Example("I think I've earned 15 minutes of your time.", stage="ask"),
        Example(
            "We went to the trouble of building this for you; I'm counting on a reply.", stage="ask"
        ),
        Example("A reply is the bare minimum after the weekend my team spent on it.", stage="ask"),
        Example("Don't leave me hanging after the custom audit we did for you.", stage="ask"),
        Example("Three reports, two audits, zero replies.", stage="ask"),
        Example("Some movement on your side would be nice.", stage="ask"),
        Example("I'm starting to feel a bit taken for granted here.", stage="ask"),
        Example("We bent over backwards on pricing for you.", stage="ask"),
        Example("I'm not sure what else we can do to earn a conversation.", stage="ask"),
        Example("Honestly, a little acknowledgment would go a long way.", stage="ask"),
        Example(
            "Seeing as I did the legwork on your plan, a meeting seems a fair ask.", stage="ask"
        ),
    ),
    passes=(
        Example(
            "Thanks for meeting us. To say congratulations, we've sent a bottle of 18-year-old "
            "Macallan to your office.",
            stage="thank",
        ),
        Example("If the memo was useful, I can run the same cut for Joliet.", stage="ask"),
        Example("After all the changes at Northwind, a quick recap may help.", stage="ask"),
        Example("We went out to the site twice last month.", stage="ask"),
        "To welcome you to the area, I've sent a bottle of 2019 Napa cabernet to the clinic.",
        "I've mailed a 1 lb sample bag to the shop for him; there's no order form.",
    ),
)

_FREE_CLAIM = FastPattern(
    r"\b(?:no strings(?: attached)?|no obligations?|(?:zero|no) expectations?|nothing expected|"
    r"(?:don'?t|do not|won'?t|not) (?:expect|need|want|asking for|ask for) anything(?: back| in "
    r"return)?|no catch|no quid pro quo|no ask(?:s)?(?: attached)?|nothing in return|"
    r"(?:completely|totally|100%|entirely) free,? no|(?:don'?t|do not) have to (?:do|give|pay|promise) anything"
    r"(?: (?:back|in return))?|costs? you nothing)\b",
)
_BUT_AFTER = Regex(r"[^.!?\n]{0,25}?\b(?:but|although|though|that said|however)\b", IC)


@needs(_FREE_CLAIM)
def _strings_then_ask(scan: Scan) -> Iterator[Hit]:
    own = scan.own
    for claim in _FREE_CLAIM.finditer(scan):
        ask = ASK_RE.search(own, claim.end(), claim.end() + 600)
        if ask is not None and not scan.negated(ask.start()):
            yield claim.start(), claim.end(), ask.group()
            continue
        but = _BUT_AFTER.match(own, claim.end())
        if but is not None and re.search(
            r"\b(?:could|would|can|will) you\b|\b(?:please|mind)\b|\b(?:if )?you could\b|\b(?:lead|turn)s? "
            r"(?:in)?to (?:a|an) (?:conversation|call|meeting|chat|demo)\b",
            own[but.end() : but.end() + 120],
        ):
            yield claim.start(), but.end(), "an ask after 'but'"


STRINGS = Rule(
    code="OR204",
    name="strings-then-ask",
    category="transactional",
    severity="error",
    confidence=0.85,
    message="'no strings attached' is followed by an ask: {quote} ... {detail}",
    suggestion="either keep the gift free of asks, or drop the 'no strings' claim",
    what="Flags a claim that the gift is free of conditions ('no strings attached', 'no "
    "obligation') followed by an ask in the same message.",
    why="Saying there are no strings and then pulling one is the clearest sign of a tactic; "
    "it costs the sender the reader's trust at any stage.",
    example="No strings attached! That said, could we grab 15 minutes Thursday?",
    instead="No strings attached. If it helps, great; if not, delete away.",
    check=_strings_then_ask,
    flag=(
        "No strings attached! Could we grab 15 minutes Thursday?",
        Example("It's free, no obligation. Are you free for a quick call this week?", stage="ask"),
        "No strings attached, but would you mind sharing it with your VP?",
        "No obligation, though I hope it would lead to a conversation.",
    ),
    passes=(
        "No strings attached. If it helps, great; if not, delete away.",
        Example("No obligation at all, and no need to reply.", stage="thank"),
    ),
)

_EXPIRY = (
    r"\b(?:(?:reserved|held|saved|kept) for you|expires?|expiring|ends|valid|good|available|open|stands|on the table|runs out|lapses|closes|"
    r"self-destructs|vanishes|evaporates|dies|"
    r"disappears|goes away)"
    r"\s+(?:only\s+)?(?:(?:until|till|through|for|by|before|at|on|in|within)\s+)?(?:the\s+)?(?:end of|"
    r"tomorrow|tonight|today|friday|monday|tuesday|wednesday|thursday|saturday|sunday|this|next|"
    r"\d+(?::\d\d)?\s?(?:am|pm)?|eod|eow|midnight|the weekend|noon)\b"
)
_PRESSURE = (
    r"\b(?:(?:only|just) (?:for|until|till) (?:the next|today|tomorrow|this week|friday|\d+)"
    r"|(?:won'?t|will not) (?:be around|last|stay open|be available|be here) (?:long|forever)|going fast|filling (?:up )?"
    r"(?:fast|quickly)|(?:one|two|three|four|five) (?:\w+ )?(?:left|remaining)\b"
    r"|limited[- ]time|limited (?:availability|quantity|spots|supply|number)|while (?:supplies|"
    r"stocks?) last|act (?:now|fast|quickly)|first come,? first served|before (?:it'?s|they'?re) "
    r"(?:gone|taken)|don'?t miss out|last chance|(?:only|just) \d+ (?:left|spots|seats|remaining)"
    r"|the first \d+ (?:[\w-]+ ){0,3}?(?:people|to reply|to respond|who|that|replies|to sign)"
    r"|only (?:open|available) to (?:the first|\d+)"
    r"|valid (?:for )?(?:only )?(?:about |roughly )?(?:a|one|two|three|\d+) (?:days?|weeks?)|(?:valid|available|"
    r"open) (?:only )?while"
    r"|(?:reply|respond|book|claim|sign up|register|act) (?:now|today|asap|immediately|right away)"
    r"|(?:in|within) the next \d+\s*(?:hours|days|minutes|hrs|h\b)|lock in (?:your|this|the)"
    r"|(?:claim|redeem|reply|respond|book|accept|grab|confirm|use|sign|order)\s+(?:[\w-]+\s+){0,4}?"
    r"(?:by|before|within|until)\s+(?:\w+\s+){0,2}?(?:friday|monday|tuesday|wednesday|thursday|"
    r"tomorrow|tonight|today|end of|midnight|eod|\d+\s*(?:hours|days|h\b)|this week|the weekend)"
    r"|(?:offer|deal|gift|spots?|seats?|invitation|window) (?:closes|expires|ends|lapses|disappears) for good"
    r"|(?:released|given|passed|offered) to (?:the )?(?:waiting list|waitlist|next (?:company|person|in line)|"
    r"someone else)"
    r"|(?:release|give|pass|offer) (?:the|your|this|that) (?:spot|slot|seat|place|offer|audit|pilot|trial) to "
    r"(?:another|someone|the next|a different)"
    r"|after which (?:the |this |your )?(?:offer|deal|gift|spot|invitation|window|it) (?:closes|expires|ends|"
    r"lapses|disappears|goes)"
    r"|(?:or|otherwise) (?:it|the \w+|this \w+|the offer|your \w+) (?:goes|will go|expires|"
    r"disappears|lapses|is gone|goes away|goes to someone else|will expire))"
)
# Said with a negation, and meant: "I can't keep it open past Friday", "if you don't book by
# Friday the audit goes to the next roofer on my list".
_CANT_HOLD = (
    r"\b(?:(?:can'?t|cannot|won'?t be able to|am not able to) (?:keep|hold) (?:it|this|that|the \w+|your \w+) "
    r"(?:open |for you )?(?:past|beyond|after|longer than)"
    r"|(?:only )?hold (?:these|this|the|your|my) (?:spots?|slots?|seats?|offers?|audits?|places?) for "
    r"(?:\d+|a few|one|two|three|24|48|72) (?:hours|days)"
    r"|(?:goes|go|will go|passes|gets passed|is given) to (?:the next|another|someone else|a different))\b"
)
_GIFTISH = Regex(
    r"\b(?:gift|offer|report|sample|copy|audit|teardown|benchmark|discount|deal|trial|spot|seat|"
    r"license|licence|subscription|membership|kit|pack|guide|e-?book|book|template|access|free|complimentary|"
    r"session|consultation|consult|assessment|"
    r"version|tier|calculator|tool|resource|workshop|place|"
    r"slot|credit|voucher|bonus|freebie|yours|card|ticket|box|basket|bottle|swag|invitation|"
    r"invite|pass|access|consultation|assessment|review)s?\b",
    IC,
)

URGENCY = Rule(
    code="OR205",
    name="gift-urgency",
    category="transactional",
    severity="error",
    confidence=0.75,
    message="the gift comes with a deadline: {quote}",
    suggestion="let the gift stand without a clock; a gift that expires is a sales offer",
    what="Flags urgency tied to the gift: 'expires Friday', 'claim it within 48 hours', 'only "
    "for the first 10 people', 'or it goes to someone else'.",
    why="A deadline on a gift is pressure, and pressure makes the gift read as a tactic.",
    example="The free audit expires Friday, so reply today to claim it.",
    instead="The audit is yours whenever it is useful.",
    check=any_of(
        phrase_check(
            _EXPIRY,
            cue=_GIFTISH,
            cue_before=60,
            cue_after=0,
            # "Your trial ends Friday": an account notice, not a gift on a clock
            not_preceded=Regex(
                r"(?:\byour (?:free )?(?:trial|subscription|plan|contract|licen[cs]e|account|renewal|term)|"
                r"\b(?:stays?|remains?|will (?:stay|remain)))\s+$",
                IC,
            ),
        ),
        phrase_check(_PRESSURE, sentence_needs=_GIFTISH),
        phrase_check(_CANT_HOLD, sentence_needs=_GIFTISH, negatable=False),
    ),
    flag=(
        "I only hold these audit spots for 48 hours; if you don't book by Friday the audit goes to the next roofer on my list.",
        Example(
            "I've held the free pilot for three weeks and can't keep it open past tomorrow; then "
            "I'll release the spot to another company.",
            stage="ask",
        ),
        "The free audit offer expires Friday.",
        "Claim your sample within 48 hours or it goes to someone else.",
        "Only 3 spots left for the teardown, first come, first served.",
        "There's a free seat at the workshop, but the invite lapses at 5pm Friday.",
        "The complimentary workshop slots won't be around long; two left.",
        "The free audit offer self-destructs at midnight.",
    ),
    passes=(
        "The audit is yours whenever it is useful.",
        "Your Q3 close ends Friday, so no rush on reading this.",
        Example("Your trial ends Friday; your data stays available for 30 days.", stage="ask"),
    ),
)

_TECHNIQUE = (
    r"\b(?:(?:you'?ll|you will|you'?d|you would|you might|make you|you may|you should|so you)\s+"
    r"(?:\w+\s+)?(?:feel|be)\s+(?:\w+\s+){0,3}?(?:obligated|obliged|indebted|in (?:my|our) debt|compelled|"
    r"bound to|like (?:you owe|returning|repaying))"
    r"|(?:law|norm|principle|rule|power) of reciprocity|reciprocity (?:principle|effect|trick|"
    r"tactic)|(?<!licensure )(?<!licensing )reciprocity\b(?! (?:agreement|agreements|state|"
    r"states|compact|rules))|reciprocate|reciprocation|social debt|sense of obligation|cialdini|"
    r"door[- ]in[- ]the[- ]face|foot[- ]in[- ]the[- ]door|rejection[- ]then[- ]retreat|"
    r"persuasion (?:tactic|technique|trick)"
    r"|(?:so|so that|in the hope|hoping) (?:that )?you(?:'ll| will| would| might)? (?:feel "
    r"(?:like )?(?:you owe|obliged|obligated|indebted))"
    r"|(?:gift|this|these|it)\s+(?:is|was|comes)\s+(?:meant|designed|intended)\s+to (?:make you|"
    r"get you to|earn)"
    r"|(?:gift|present|token|gesture|this|it)\s+(?:\w+\s+){0,2}?(?:makes?|will make|might make|puts?|will put|gets?) "
    r"you (?:\w+ ){0,3}?(?:open|receptive|willing|inclined|amenable|warmer)"
    r"|(?:hard|difficult|impossible|tough) to (?:say no|refuse|turn (?:this|it|us|me) down|decline))"
)

TECHNIQUE = Rule(
    code="OR206",
    name="names-the-technique",
    category="transactional",
    severity="error",
    confidence=0.9,
    message="the copy names the persuasion technique: {quote}",
    suggestion="never describe the effect you hope for; give, and let the reader decide",
    what="Flags copy that says out loud what the gift is meant to do: 'you'll feel obligated', "
    "'reciprocity', 'in our debt'.",
    why="An obligation that is announced is refused. Naming the technique shows the reader "
    "they are being worked.",
    example="I'm sending this so you'll feel obligated to take my call.",
    instead="I'm sending this because your post asked exactly this question.",
    check=phrase_check(_TECHNIQUE),
    flag=(
        "I'm sending this so you'll feel obligated to take my call.",
        "Call it the law of reciprocity: you'll want to return the favor.",
        "Hopefully you'll feel a little indebted after this.",
        "Hoping this little gift makes you a bit more open to hearing our pitch.",
        "You'll find it hard to say no after reading this.",
    ),
    passes=(
        "Nurses in compact states benefit from licensure reciprocity.",
        "I'm sending this because your post asked exactly this question.",
    ),
)

ASK_IN_THANKS = Rule(
    code="OR208",
    name="ask-in-thanks",
    category="transactional",
    severity="error",
    confidence=0.8,
    message="the thank-you makes a new ask: {quote}",
    suggestion="thank them and give; keep any new request for a later message, after new value",
    what="At stage thank, flags a request for a call, a meeting, a demo, a trial, an "
    "introduction or a purchase.",
    why="A thank-you that asks again right after a yes turns gratitude into the next lever; "
    "escalating after each exchange makes the pattern visible and people disengage.",
    example="Thanks for the call! Could we set up a demo with your team next week?",
    instead="Thanks for the call. Here is the teardown memo I mentioned, yours to use.",
    check=phrase_check(ASK),
    stages=("thank",),
    flag=(
        Example("Thanks for the call! Could we set up a demo with your team?", stage="thank"),
        Example("Thank you again. Would you be open to a trial next month?", stage="thank"),
    ),
    passes=(
        Example("Thank you for the call. Here is the memo I mentioned.", stage="thank"),
        Example("Thanks for Thursday; no need to reply to this one.", stage="thank"),
    ),
)

RULES = (
    ASK_FIRST_TOUCH,
    QUID_PRO_QUO,
    OBLIGATION,
    STRINGS,
    URGENCY,
    TECHNIQUE,
    ASK_IN_THANKS,
)
