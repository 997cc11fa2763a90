# ruff: noqa: E501  (regex phrase families read best unbroken)
"""Phrase families shared by several rules, compiled once at import.

Each family is a generalisation (verbs, nouns, their inflections), not a
list of memorised sentences, so paraphrases match too.
"""

from __future__ import annotations

import re

from outreach.checker.patterns import Regex

IC = re.IGNORECASE

# Words that turn a noun into something offered to the reader.
OFFER_CUE = Regex(
    r"\b(?:send(?:s|ing)?|sent|ship(?:ping|ped)?|mail(?:ing)?|post(?:ing)?\s+you|give|giving|gave|"
    r"gift(?:ing|ed)?(?![- ]?(?:cards?|certificates?|vouchers?|codes?)\b)|offer(?:ing)?|here'?s|here is|attached|enclosed|included|on its way|headed your "
    r"way|coming your way|in the (?:mail|post)|arriving|on (?:us|me|the "
    r"house|our (?:dime|tab))|enjoy|yours|for you|your way|to you|treat|claim|redeem|receive|"
    r"get you|got you|grab you|buy you|drop(?:ping)?|complimentary|free|thank[- ]you|as thanks|"
    r"as a thanks|token|for your (?:time|trouble|help|effort)|(?:we|i)'(?:ll|d|ve)|(?:we|i) "
    r"(?:will|would|can|could|want to|plan to|am going to|are going to)|earn|win|raffle|giveaway|"
    r"prize|reward|reimburse|cover|waiting (?:in|for) you\w*|lands? in your (?:inbox|mailbox)|in your inbox|earned|you'?ve earned|redeem(?:able)?|comp(?:ed|'d)?|hook you up|set aside|courtesy|waiting for you|"
    r"yours to keep|for taking|for booking|for joining|for (?:the|a|our|your|this) (?:quick |short )?"
    r"(?:meeting|call|demo|chat|session)|what we offer you|(?:participants|attendees|everyone|respondents|"
    r"winners?) (?:get|gets|receive|receives|will get|will receive|earn|earns))\b",
    IC,
)

# Narrower: only words that say "this is for you" (for nouns common in business talk).
GIFT_CUE = Regex(
    r"\b(?:send(?:ing)? you|sent you|ship(?:ping)? you|mail(?:ing)? you|give you|gift(?:ing)? you|"
    r"get you|got you|grab you|buy you|treat you|take you|fly you|host you|bring you|invite you|"
    r"hook you up|offer(?:ing)? you|on us|on me|on the house|our treat|my treat|is yours|are yours|"
    r"yours (?:ships|is on its way|arrives|goes out|is coming)|(?:is|are) getting (?:a|an|one|their own)\b|"
    r"walks? away with|goes home with|(?:we|i)(?:'ve)? (?:had|have|got) (?:two |a pair of |a couple of |some )?"
    r"(?:extra|spare)|(?:we|i)'ve got (?:the|our) (?:company |corporate )?(?:suite|box)|"
    r"(?:\w+s|you|everyone|each) get (?:a|an|two|free|their own) |gets (?:a|an|two|free|their own) |under your name|at will[- ]call|"
    r"(?:i|we)(?:'ve| have)? left (?:\w+ ){0,3}(?:for you|at|under)|goodwill gesture|gesture of goodwill|"
    r"consider it (?:a|our|my)|running a (?:promotion|promo|giveaway|contest|raffle)|(?:we have|there are|i have|i've got) (?:\w+ )?spare|spare (?:tickets|seats|passes)|"
    r"(?:i|we)(?:'ve)? set aside|set aside (?:a|an|two|some)|yours to keep|accept (?:this |our |a |the |my )?(?:small |little |modest )?(?:present|gift|token)|"
    r"(?:present|gift) from (?:our|my|the) (?:company|team|firm)|"
    r"(?:you|participants|attendees|everyone|each|winners?|respondents) (?:get|gets|receive|"
    r"receives|will get|will receive|earn|earns)|for you(?: and|\b)|with your name on|(?:booked|reserved|arranged|organi[sz]ed|bought|ordered|scored|snagged|got) (?:you|for you)|"
    r"to say thanks|thank[- ]you (?:package|box|gift|present|"
    r"basket|bundle|parcel)|(?:we|i)(?:'ve)? (?:sent|shipped|mailed|dropped off|couriered)|check your "
    r"(?:office|desk|front desk|reception)\b(?= (?:tomorrow|today|this|on|next))|on (?:its|their) way to (?:you|your)|"
    r"check your "
    r"(?:mailbox|mail|inbox|doorstep|porch)|token of|(?:mailed|shipped|sent|posted) you|as (?:our|my) guests?|you and (?:a|your) (?:guest|colleague|friend|partner|spouse|wife|husband|family|plus[- ]one)|thr(?:ow|ew|owing) in|hospitality|(?:i|we)(?:'ve)? got (?:two|a pair|a couple|an extra|extra|spare)|your way|as (?:a )?thanks|thank[- ]you gift|as a gift|"
    r"a gift|complimentary|comped|free|raffle|giveaway|win|enter to|prize|courtesy of|"
    r"for your (?:time|trouble|help)|(?:we|i)'(?:ll|d) (?:love to )?(?:send|ship|give|get|"
    r"buy|treat|cover|comp|drop|put|reserve|set aside|pick up|pay for|foot|host|fly|book)|"
    r"(?:we|i) (?:will|would|can|could|want to|plan to) (?:send|ship|give|get|buy|treat|cover|comp))\b",
    IC,
)

MONEY = r"(?:\$|£|€|usd\s?|cad\s?|eur\s?|gbp\s?)\s?\d+(?:,\d{3})*(?:\.\d+)?(?:\s?(?:k|m|mm|million|bn|billion)\b)?"


def value_of(figure: str) -> float | None:
    """The value a figure stands for, with its scale: "$1.2M" is 1,200,000, "30k" 30,000,
    "EUR 2 bn" 2,000,000,000; None when it holds no number."""
    low = figure.lower().rstrip()
    try:
        value = float(re.sub(r"[^\d.]", "", low).strip("."))
    except ValueError:
        return None
    for suffix, scale in _SCALES:
        if low.endswith(suffix):
            return value * scale
    return value


_SCALES = (
    ("billion", 1e9), ("million", 1e6), ("thousand", 1e3), ("bn", 1e9), ("mm", 1e6),
    ("m", 1e6), ("k", 1e3), ("b", 1e9),
)  # fmt: skip

# Amounts with the currency after them or in words ("300 USD", "fifty quid", "a couple hundred
# bucks", "two grand"): slower to scan for, so only the patterns that look for rewards use them.
MONEY_WORDS = (
    r"(?:\d+(?:,\d{3})*(?:\.\d+)?\s?(?:usd|eur|gbp|dollars|euros|pounds|bucks|quid)\b"
    r"|(?:(?:a (?:couple|few) (?:of )?|(?:one|two|three|four|five|six|seven|eight|nine|ten|several|a) )?"
    r"(?:hundred|thousand)|five|ten|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)\s+"
    r"(?:bucks|dollars|quid|pounds|euros)\b|(?:a (?:few|couple) |two |three |five |ten )grand\b)"
)
MONEY_RE = Regex(MONEY, IC)

# Material gifts (things, money, treats): what a bribe or a conditional gift is made of.
# Tickets, but not the ones a support team works through ("support tickets", "ticket volume").
TICKETS = (
    r"(?<!support )(?<!helpdesk )(?<!help desk )(?<!service )(?<!jira )(?<!bug )(?<!open )"
    r"tickets?(?! (?:volume|queue|counts?|backlog|system|times?|deflection|tags?|routing|triage)\b)"
)
GIFT_NOUN = (
    r"(?:(?:e-?)?gift(?:\s+(?:card|certificate|basket|box|voucher|code))?s?|vouchers?|"
    + MONEY
    + r"|"
    + MONEY_WORDS
    + r"|dinners?|drinks|lunch|coffee|"
    + TICKETS
    + r"|seats|bottles?(?: of \w+)?|wine|champagne|"
    r"whisk(?:e)?y|bourbon|scotch|ipads?|airpods|iphones?|apple watch|laptops?|headphones|swag|oura ring|"
    r"smart ring|fitbit|kindle|"
    r"hoodies?|yeti|merch|bonus|credits?|cash|treat|present|trip|getaway|vacation|spa day|"
    r"golf|reward|prize|care package|goodies|amazon card|starbucks card|visa card|(?:is|are|'s) on "
    r"(?:us|me))(?!\w)"
)

# A request for the reader's time or money: a meeting, a call, a demo, a purchase.
MEETING = (
    r"(?:(?:quick|short|brief|fast|little|\d+[- ]?min(?:ute)?s?|fifteen[- ]minute|twenty[- ]minute|"
    r"thirty[- ]minute|ten[- ]minute|intro(?:ductory)?|discovery|exploratory|zoom|teams|video|"
    r"phone|virtual|coffee)\s+)*(?:call|meeting|demo|chat|conversation|zoom|walk-?through|"
    r"intro call|sync|catch[- ]up|session|meet-?up|convo|product tour|tour)s?"
    r"(?! (?:video|recording|clip|reel)s?\b)"
)
# Where to send something is logistics, not the favour asked: "reply with your home address".
_NOT_DELIVERY_DETAILS = (
    r"(?!\s+(?:(?:me|us|with|from|to|over)\s+)*(?:your|a|an|the)?\s*(?:[\w-]+\s+)?"
    r"(?:address|e-?mail|gmail|phone|number|bank|details|size)\b)"
)
ASK = (
    r"(?:"
    # "Would you be open to a quick call?", "Are you free Thursday for a demo?"
    r"\b(?:would|could|can|will|are|do|might|is|would it)\s+(?:you|your team|there)\b[^.!?\n]{0,40}?"
    r"\b(?:open|free|available|up for|interested|have|spare|game|willing|mind|make time|find time|agree|like|"
    r"fancy|want|"
    r"be able|like to|want to|keen|around)\b[^.!?\n]{0,50}?\b(?:"
    + MEETING
    + r"|\d+ (?:min(?:ute)?s|hours?)|time to (?:talk|chat|meet|connect)|"
    r"to (?:talk|chat|meet|connect|hop on|jump on)|a (?:trial|pilot|proposal|quote)|"
    r"(?:buy|purchase|sign|try|trial|upgrade))\b"
    # "Let's hop on a call", "Can we set up a demo", "I'd love to grab 15 minutes"
    r"|\b(?:let'?s|can we|could we|shall we|how about we|why don'?t we|we should|i'?d love to|"
    r"i would love to|love to|i'?d like to|i would like to|want to|i'?d welcome)\s+(?:\w+\s+){0,3}?"
    r"(?:hop on|jump on|get on|set up|schedule|book|grab|find|have|do|arrange|put)\s+(?:\w+\s+){0,3}?"
    r"(?:" + MEETING + r"|time|minutes|\d+ min\w*)\b"
    r"|\b(?:let'?s|can we|could we|shall we|i'?d love to|love to|i'?d like to|i would love to)\s+"
    r"(?:quickly\s+|briefly\s+)?(?:chat|talk|connect|meet|sync|catch up|speak)\b"
    # calendars and booking links
    r"|\b(?:calendly|cal\.com|chili ?piper|hubspot\.com/meetings|savvycal|my calendar|"
    r"my (?:booking|scheduling) (?:link|page)|(?:grab|book|pick|choose|find) (?:a |any |one |an open )?(?:time|slot)"
    r"(?: that works| on my calendar| here| below)?)\b"
    r"|\b(?:what|when)(?:'s| is| does| would| are)?\s+(?:your (?:calendar|availability|schedule)|"
    r"(?:a )?good time|works? (?:best|for you)|would work|suits you|you free|you available)"
    # "Worth a quick chat?", "Open to a call next week?"
    r"|\b(?:worth|open to|up for|interested in|time for)\s+(?:a |an )?" + MEETING + r"\b"
    r"|\b(?:do you have|have you got|got|spare|can you spare|could you spare|give me|grab)\s+"
    r"(?:\d+|a few|fifteen|ten|twenty|thirty|five)\s+(?:min(?:ute)?s)\b"
    # purchases, trials, signatures
    r"|\b(?:ready|time|want|like|worth it) to (?:buy|purchase|sign|upgrade|switch|start a trial)\b"
    r"|\bsign up (?:for|today|now|here)\b|\bstart (?:a|your) (?:free )?trial\b"
    r"|\byou can (?:start|sign up|subscribe|buy|purchase|order|upgrade)\b[^.!?\n]{0,40}?\b(?:today|now|here|below|"
    r"link)\b"
    r"|\brequest a (?:demo|quote)\b|\bschedule a demo\b|\bbook a demo\b"
    r"|\b(?:would|does|do|will|could|can|is)\s+(?:monday|tuesday|wednesday|thursday|friday|tomorrow|next week|this week|"
    r"early next week|later this week|either|any of these|one of these|\d{1,2}(?::\d\d)?\s?(?:am|pm)?)\b[^.!?\n]{0,30}?"
    r"\b(?:work|suit|be good|fit|be free)"
    r"|\b(?:book|schedule|take|grab|hop on|jump on|join|set up|arrange)\s+(?:a|an|the|our|your|one|\d+[- ]?min\w*)\s+"
    r"(?:[\w-]+\s+){0,2}?(?:call|meeting|demo|chat|walk-?through|discovery call|intro call|zoom)s?\b"
    r"|\b(?:get|put|have|land) (?:a|the) (?:meeting|call|demo) (?:on the books|scheduled|booked|on the calendar|set up)"
    r"|\bwalk you through (?:our|the|my) (?:\w+\s+)?(?:platform|product|solution|tool|demo|offering|software|services?)"
    r"|\bfor us to (?:show you|walk you through|demo|pitch|present)\b"
    r"|\b(?:a yes|say yes) to (?:a|an|our|one) "
    r"|\b\d+\s*min(?:ute)?s?,? (?:on |this |next )?(?:monday|tuesday|wednesday|thursday|friday|week|tomorrow)"
    r"\s*\?"
    r"|\b(?:which|what) (?:day|time|date|slot|morning|afternoon)s? (?:next week |this week |tomorrow )?"
    r"(?:suits?|works?|is good|would work|is best)"
    r"|\b(?:we'?d|i'?d|we would|i would) (?:love|like|appreciate|value) (?:your|some of your|to get your) "
    r"time\b"
    r"|\b(?:a (?:great|good|perfect) )?(?:chance|opportunity|excuse) (?:for (?:you|us) )?to (?:talk|chat|discuss|connect|meet|catch up|"
    r"walk you through|show you)"
    r"|\b(?:could|can|may|shall|might) (?:we|i) (?:\w+\s+){0,2}?(?:"
    + MEETING
    + r"|\d+\s*min(?:ute)?s|"
    r"(?:a few|fifteen|twenty|thirty|ten|some) min(?:ute)?s|time on (?:your|the) calendar|a (?:slot|time) "
    r"(?:on|in) your)"
    r"|\b(?:we|you and i) (?:can|could|should) (?:talk|chat|discuss|meet|connect|catch up|sit down|hop on|jump on)\b"
    r"|\b(?:are you|confirm (?:that )?you'?re|confirm you are) the (?:decision[- ]maker|right person|person who)"
    r"|\b(?:are you|is there|who(?:'s| is)) (?:the right person|someone else|a better person|the best person|the person) "
    r"(?:to (?:talk|speak|chat)|i should (?:talk|speak)|who (?:handles|owns|decides))"
    r"|\b(?:pencil in|set aside|block (?:off|out)|carve out|spare|give us|give me)\s+(?:(?:\d+|a few|fifteen|"
    r"twenty|thirty|ten)\s*(?:min(?:ute)?s|hours?)|half an hour|an hour)\b(?! ago)"
    r"|\b(?:you(?:'re| are)?|are you|if you'?re) (?:interested in|keen on|open to) (?:learning more|hearing more|a conversation|chatting|talking|"
    r"connecting|exploring (?:this|a|how))"
    r"|\blet me know (?:a |some |a couple of |two |a few )?(?:times|slots|days|dates)(?: that)? (?:work|suit)"
    r"|\b(?:pick|borrow) your brain"
    r"|\b(?:take|spend|give|spare|grab|find)\s+(?:just\s+)?(?:\d+|a few|fifteen|twenty|thirty|ten)\s+min(?:ute)?s?\s+(?:with|on a)\b"
    r"|\b(?:lead|leads|led|turn|turns|earn|earns) (?:in)?to (?:a|an) (?:quick |short )?(?:conversation|call|meeting|chat|demo)\b"
    r"|\b(?:about )?time (?:we|to) (?:got|get|hopped|hop|jumped|jump) on (?:the phone|a call|a zoom|zoom)"
    r"|\b(?:request|await|expect|look forward to receiving) (?:your|a|the) (?:first )?(?:purchase order|po|order|signature|"
    r"signed (?:contract|agreement|order form))\b"
    r"|\bhow about (?:this |next )?(?:monday|tuesday|wednesday|thursday|friday|tomorrow|next week|\d{1,2}(?::\d\d)?\s?(?:am|pm))"
    r"|\bexpect (?:a|my) (?:quick |short |brief )?(?:call|ring|follow-?up call)\b|\b(?:i|we)'?ll give you a (?:quick |short )?"
    r"(?:call|ring|buzz) (?:on|next|this|tomorrow|monday|tuesday|wednesday|thursday|friday)"
    # a duration asked for: "I'd appreciate 20 minutes with your data lead", "15 minutes of your feedback"
    r"|\b(?:appreciate|welcome|value|request|ask for|hoping for|hope for|grab|borrow|steal|(?:would|'d) love)\s+(?:just\s+|only\s+)?"
    r"(?:\d+|a few|five|ten|fifteen|twenty|thirty|a couple of)\s*(?:min(?:ute)?s?)\b"
    r"|\b(?:\d+|a few|five|ten|fifteen|twenty|thirty)\s*min(?:ute)?s? of your (?:time|feedback|attention|day|calendar|thoughts)\b"
    r"|\b(?:shall|should|can|could|may) (?:i|we) (?:propose|suggest|send(?: over| you)?|share) (?:some |a few |a couple of |two |three )?"
    r"(?:dates|times|slots)\b"
    r"|\b(?:give|grant|spare|offer)\s+(?:us|me)\s+(?:a|one|an|your|some)\s+(?:\w+\s+)?(?:meeting|call|chat|demo|hearing|slot)\b"
    r"|\b(?:i|we)'?ll (?:call|ring|phone) you (?:on |next |this |tomorrow|monday|tuesday|wednesday|thursday|"
    r"friday|later this|at \d)|\b(?:i|we)'?ll (?:follow up|circle back|be in touch|reach out) "
    r"(?:on |next |this )?\w+ to (?:discuss|talk|set up|schedule|book|go over)|\bto discuss (?:pricing|a deal|terms)"
    r"|\b(?:call|chat|meeting|demo|intro|introduction|referral|signature)\b[^.!?\n]{0,30}?(?:would|'d) be (?:much |really |greatly |"
    r"very )?(?:perfect|great|ideal|appreciated|lovely|wonderful|amazing|helpful)"
    r"|\b(?:would you be|are you|you'?re|is it you|might you be) the (?:right|best|correct) (?:person|contact|one)\b"
    r"|\b(?:reply|respond|send me|let me know|confirm|suggest|propose|share)\s+(?:with\s+)?(?:a|your|some|the best|a good)\s+(?:time|times|slot|"
    r"availability|day)s?\b"
    r"|\b(?:interested|keen|up for it|open to (?:it|this))\s*\?"
    r"|\b(?:if you could|could you|would you|can you|would you mind|mind|please)\s+(?:\w+\s+){0,2}?(?:champion(?:ing)?|"
    r"recommend(?:ing)? us|introduc(?:e|ing) (?:me|us)|forward(?:ing)? (?:it|this|the \w+)|pass(?:ing)? (?:it|this) "
    r"(?:along|on)|put(?:ting)? in a (?:good )?word|vouch(?:ing)? for|refer(?:ring)? us|connect(?:ing)? (?:me|us)|"
    r"sign(?:ing)?|approv(?:e|ing)|giv(?:e|ing) us (?:a shot|a chance|a try|your business)|consider(?:ing)? us|"
    r"leav(?:e|ing) us a review|set(?:ting)? up an intro|mak(?:e|ing) an intro)\b"
    r"|\b(?:set(?:ting)? up|make|making) an intro\b|\b(?:get|put) (?:me|us) in front of\b"
    # a request for something the reader does or sends: "Could you reply with your check size?",
    # "Would you leave us a short review?", "All I'd ask is that you share it with the committee"
    r"|\b(?:if you could|could you|would you|can you|will you|would you mind|please|kindly|"
    r"all (?:i|we)(?:'d| would)? (?:ask|request)(?: back| in return)? is(?: that)?(?: you)?|"
    r"(?:i|we)(?:'d| would)? only ask(?: that)?(?: you)?|the only thing (?:i|we)(?:'d| would)? ask is(?: that)?"
    r"(?: you)?)\s+"
    r"(?:please\s+|kindly\s+|just\s+|quickly\s+|also\s+)?(?:reply|respond|write back|send (?:me|us|over|back)|"
    r"fill (?:in|out)|complete (?:our|the|a|this)|leave (?:us |me )?(?:a|an|your)|rate (?:us|our)|review (?:us|our)|"
    r"tell (?:me|us)|let (?:me|us) know (?:your|how many|how much|which|who)|"
    r"share (?:it|this|them|the \w+|your|with)|forward|pass (?:it|this|them|along|on)|vote|sign|confirm (?:your|the|that|whether)|"
    r"book|schedule|register|sign up|answer (?:a|our|the|these|this|my))\b"
    + _NOT_DELIVERY_DETAILS
    # a question for the reader's own information: "quick question: which tool is your team on?"
    + r"|\bquick question\b[^?\n]{0,150}\?"
    # "who on your team owns onboarding?"
    + r"|\bwho (?:on your team|in your team|at your (?:company|firm|end)|there|internally) (?:owns|handles|runs|"
    r"manages|looks after|is responsible for|decides|signs off)\b[^.!?\n]{0,120}\?"
    r"|\b(?:just|simply) (?:reply|respond) with (?:your|how|what|which|who|the)\b"
    + _NOT_DELIVERY_DETAILS
    + r"|\b(?:introduce me to|intro to|point me to|connect me with|put me in touch with)\s+"
    r"(?:the right person|whoever|your (?:head|vp|director|boss|cfo|cto|ceo|procurement|buyer))"
    r")"
)
ASK_RE = Regex(ASK, IC)

# An offer of a way to book time is no gift ("happy to send over a calendar invite"),
# however many words come between ("sending you a few times").
_SOME = r"(?:over )?(?:you )?(?:a |an |some |a few |two |three )?"
_BOOKING = r"invites?|times|slots|dates|link to book|booking link"
_SCHEDULING = r"(?:calendar )?(?:" + _BOOKING + ")"

# Something given or offered to the reader in the message itself: a thing attached, linked or
# sent, work done for them ("I put together", "I ran your site through"), an offer to send,
# share or introduce, or a gift. What makes a first touch a gift message, so that an ask in it
# is an ask bundled with the gift; a plain pitch names none of these.
GIVES = (
    r"\b(?:(?:is|are|i've|i have|we've|we have|i|we|i'm|we're|has been|have been|find|see(?: the)?) "
    r"attached|attached (?:is|are|you'll|please|below|here|to this|for you|the|a|my|our)|attaching|"
    r"enclosed (?:is|are|you'll|please|the|a|my|our)|(?:is|are|i've|we've) enclosed|"
    r"(?:the|an|my|our) attached|attached(?=[ \t]*[.!;]|[ \t]*\n)|(?:i|we)(?:'ve| have)? included|linked (?:below|here|above)|"
    r"(?:link|copy|notes|file|results|findings|list|breakdown|summary) (?:is |are )?(?:below|above|here)\b|"
    r"(?:is|are) below\b|below (?:is|are)|"
    r"(?:here'?s|here is|here are) (?!(?:the|a) (?:thing|catch|deal|question|problem|reason)\b)"
    r"(?:the|a|an|my|our|your|\d|some|two|three|four|five|that|this|what (?:i|we) (?:found|noticed|saw|"
    r"learned|spotted)|how (?:your|you))\b|"
    r"(?:i|we)(?:'ve| have)?(?: just| also| already| quickly| recently)? (?:put|pulled|pieced) together|"
    r"(?:i|we)(?:'ve| have)?(?: just| also| already| quickly| recently)? (?:compiled|made (?:you|u|a|an|the|this)|"
    r"built (?:you|a|an|the|this)|created (?:a|an|the|this)|drafted|wrote up|written up|wrote (?:some|a|down|out)|"
    r"mapped|mocked up|sketched|recorded (?:a|an|the)|ran (?:your|a|an|the)|run your|went through|"
    r"gone through|audited|benchmarked|analy[sz]ed|reviewed your|dug into|crunched|summari[sz]ed|noted (?:down|the|a|three|two|five|where)|"
    r"translated|prepared|tested your|scored your|compared your|pulled (?:your|the|a)|exported|marked up|"
    r"annotated|highlighted|set aside|dropped (?:off )?(?:a|an|some|two)|left (?:a|an|some) |"
    r"shipped|redesigned|rewrote|rebuilt|fixed your|carved out)|"
    r"host you|(?:to|for|with) you personally|"
    r"made (?:u|you) (?:a|an|some)|"
    r"(?:happy|glad|delighted) to (?:send|share|pass|forward|run(?! through)|introduce|intro|connect|give|"
    r"lend|offer)(?! " + _SOME + _SCHEDULING + r"\b)|"
    r"want me to (?:send|share|forward|run|pass)|(?:i|we) can (?:send|share|forward|introduce|intro|connect|"
    r"give|pass|lend)|(?:i'?d|i would|we'?d|we would) (?:be (?:glad|happy|delighted)|love) to (?:send|share|pass|"
    r"forward|introduce|intro|connect|give)|(?:i'?ll|i will|we'?ll|we will) (?:send|share|forward|drop|mail|"
    r"ship|pass|post|courier|introduce|intro|connect|cover|pay|venmo|paypal|comp|buy|host|fly|load)|"
    r"(?:i'?d|i would|we'?d|we would) (?:happily |gladly )?(?:send|venmo|paypal|pay|cover|buy|host|fly)|"
    r"(?:i|we) (?:compensate|reward)|(?:i|we) (?:send|give|ship|mail) (?:a|an|you|each|every)|"
    r"(?:is|are|we're|i'm|am) offering|sending (?:you|u|it|this|them|over|along|a|an|the)"
    r"(?! " + _SOME + r"(?:calendar )?(?:" + _BOOKING + r"|meeting)\b)|"
    r"(?:sent|shipped|mailed|posted|couriered) (?:you|it|over|a|an|the|two|some)|(?:i|we)(?:'ve| have)? sent\b|"
    r"you(?:'ve| have) (?:had|got|received|seen|read|opened|tried|used) (?:my|our|a chance|the (?:audit|report|"
    r"benchmark|notes|teardown|sample|kit|box|parcel|package|file|deck|guide|checklist|memo))|"
    r"free (?:[\w-]+ ){0,2}?(?:of charge|copy|audit|review|analysis|report|guide|checklist|template|e-?book|"
    r"sample|consult\w*|assessment|tool|alert|access|seats?|pass|tickets?|months?|hours|sms|trial)|"
    r"(?:i'?m|i am|we'?re|we are) sharing|sharing (?:our|my)|(?:like|wanted|want) to share (?:our|my|a|an|the|"
    r"this|these|some)|send(?:ing)? you (?:the|a|an|our|my|some)(?! " + _SCHEDULING + r"\b)|"
    r"on (?:its|their) way to you|with our compliments|"
    r"compliments of|(?:i|we)(?:'d| would) love to (?:bring|host|take|treat|fly|buy|send|give)|giving (?:you |away )?"
    r"(?:free|a|an|\d)|(?:one|a|two|three|some|a few) (?:quick )?(?:thoughts?|ideas?|suggestions?|tips?|"
    r"observations?) (?:on|about|for)\b|(?:and|then) (?:wrote|written) up|you can keep|(?:should|will) (?:reach|arrive at|"
    r"land (?:on|at|in)|get to) (?:you|your)|unlocked (?:a|an|your)|"
    r"no charge|at no cost|complimentary|on (?:us|me|the house)\b|my treat\b|our treat\b|"
    r"(?:is|are) on (?:its|their) way|"
    r"gift(?!s? (?:tax|taxes|aid|shops?|registry|economy|wrap)\b)|present(?:s)? for|vouchers?|swag\b|prepaid card|with your name on|way of saying thanks|to say thanks|"
    r"as a thank[- ]?you|yours to keep|(?:is|are) yours\b|"
    r"your (?:copy|sample|kit|audit|teardown|findings|benchmark|checklist|page of)|"
    r"(?:my|this|these) (?:\w+ )?(?:audit|benchmark|teardown|tear-down|findings|whitepaper|white paper|"
    r"sample kit|samples?|checklist|cheat sheet|playbook|e-?book|loom|mock-?ups?|write-?up|scorecard|"
    r"dataset|data set|honorarium)\b|the (?:teardown|benchmark|checklist|whitepaper|white paper|write-?up|loom|findings|sample kit|cheat sheet)\b|the (?:\w+ )?(?:audit|benchmark|teardown|findings|whitepaper|notes|"
    r"report|checklist|sample|kit|loom|write-?up) (?:is|are|was|were|sits|lives)\b|"
    r"introduce you to|intro you to|connect you with|put you in touch)"
)
