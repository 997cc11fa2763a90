# ruff: noqa: E501  (regex phrase families read best unbroken)
"""OR1xx bribe: money, lavish gifts, gifts on condition, secrecy, regulated recipients."""

from __future__ import annotations

import re
from collections.abc import Iterator

from outreach.checker.model import CheckFn, Example, Hit, Rule
from outreach.checker.patterns import Regex
from outreach.checker.scan import (
    FastPattern,
    Scan,
    any_of,
    needs,
    once_per_email,
    phrase_check,
)
from outreach.checker.vocab import (
    GIFT_CUE,
    GIFT_NOUN,
    MONEY,
    MONEY_RE,
    MONEY_WORDS,
    OFFER_CUE,
    TICKETS,
    value_of,
)

IC = re.IGNORECASE
# A drone as a gift, not the survey or footage a drone makes ("a free drone roof survey").
_DRONE = (
    r"drones?(?! (?:roof |site |aerial |crop )?(?:surveys?|inspections?|footage|photo\w*|"
    r"mapping|services?|scans?))"
)

_BUSINESS_AFTER = Regex(
    r"\s*(?:program|platform|software|sales|revenue|fraud|breakage|liabilit|balance|market|"
    r"industry|volume|integration|api|provider|processing|solution|redemption|strategy|"
    r"issuance|vendor|partner|terminal|reader|payments?|transactions?|spend|programme|"
    r"management|inventory|business|orders|checkout|mall|portal|system|product|offering|"
    r"customers|users|merchants|clients|fulfil|distribution|catalog|network|distributor)",
    IC,
)

_GIFT_CARD = (
    r"(?:"
    + MONEY
    + r"\s+)?\b(?:(?:e-?|digital |virtual |prepaid |electronic )?gift[- ]?(?:card|certificate|voucher|code)s?"
    r"|(?:amazon|starbucks|visa|mastercard|amex|doordash|door dash|uber ?eats|grubhub|itunes|"
    r"apple|google play|target|walmart|steam|sephora|nordstrom|airbnb|uber|lyft|coffee|lunch|"
    r"dinner|restaurant|prepaid|e-|tango|tremendous|costco|best buy|home depot|deliveroo|just eat|instacart|"
    r"seamless|ezcater|wolt|glovo)\s*"
    r"(?:gift\s*)?(?:card|voucher|code|certificate|e-?card|credit|reward link|link)s?"
    r"|(?:visa|mastercard|amex|debit|bank|cash) (?:debit |cash |gift |prepaid )?cards? (?:pre-?)?loaded with"
    r"|(?:pre-?)?loaded with (?:" + MONEY + r")|reward (?:link|code)s?|cheques?"
    r"|(?<=\d)\s+(?:amazon|visa|mastercard|amex|starbucks|apple|uber|doordash|grubhub|target|walmart|"
    r"best buy|costco|airbnb|sephora|nordstrom)\b"
    r"|(?:prepaid|reloadable)\s+(?:visa|mastercard|master card|amex|american express|debit card|cards?)"
    r"|vouchers?|e-?gift(?:s|\s+card)?)\b"
)
_TRANSFER = (
    r"\b(?:(?:venmo|zelle|cash ?app|paypal|e-?transfer|interac|revolut|wire|wise)\s+(?:you|it|u)\b|"
    r"(?:toss|throw|send|kick|slide|drop|sling|pass|flick|airdrop)\w*\s+(?:you\s+)?(?:some|a (?:few|couple)(?: of)?|"
    r"a bit of|a little)?\s*(?:cash|money|usdc|usdt|btc|bitcoin|eth|ether|crypto|sats|tokens|bucks|dough|coins?)\s+"
    r"(?:your way|to you|over to you|to your wallet)|"
    r"(?:tokens?|usdc|usdt|btc|bitcoin|eth|crypto|coins?|nfts?)\s+(?:\w+\s+){0,2}?(?:airdropped|dropped|sent|"
    r"transferred|deposited)\s+(?:straight\s+)?(?:to|into) (?:you|your|a wallet|the wallet)|"
    + MONEY
    + r"\s+(?:\w+\s+){0,2}?(?:toward|towards) your\b|(?:bucks|dollars|quid|euros|pounds|grand)\s+(?:\w+\s+){0,2}?"
    r"(?:toward|towards) your\b|(?:via|over|through|by|on|with|to) "
    r"(?:your\s+)?(?:venmo|zelle|cash ?app|paypal|wire transfer|bank transfer|e-?transfer)\b|"
    r"(?:send|wire|transfer|venmo|zelle|pay|give|hand|drop)\s+(?:you|your team|u)\s+(?:a\s+)?"
    + MONEY
    + r"|"
    + MONEY
    + r"\s+(?:\w+\s+)?(?:to|into) your (?:personal |own )?(?:account|paypal|venmo|bank|wallet))"
)
_PAY_FOR_TIME = (
    r"\b(?:(?:pay|compensate|reimburse|remunerate)\s+(?:you|your team)\b(?:\s+\w+){0,3}?\s*"
    r"(?:for\b|\$)|(?:paid|compensated|reimbursed)\s+for (?:your|the) (?:time|trouble|effort|input|"
    r"feedback|call|meeting|attendance|participation)|"
    + MONEY
    + r"\s+(?:for|as (?:a )?thanks for|in exchange for|to thank you for)\s+(?:(?:your|a|the|our|a quick|"
    r"a short|\d+[- ]min\w*)\s+(?:[\w-]+\s+)?(?:time|call|meeting|chat|feedback|trouble|interview|survey|"
    r"session|help|input|participation|thoughts|demo|review)|taking|joining|hopping|booking|just|attending|"
    r"meeting)\b|"
    r"cash (?:gift|reward|bonus|incentive|prize|payment|thank[- ]you)|"
    r"[\"']?(?:consulting|advisory|referral|introduction|success|facilitation|finder'?s|speaker|speaking|appearance|participation|research) fee[\"']?|"
    r"in cash\b|cash in hand|finder'?s fee|kick-?backs?|"
    r"(?:a|your) (?:cut|percentage|share) of (?:the|any|every|each) (?:deal|contract|sale|revenue|profits?|fees?|commission)|"
    r"(?:a|your) (?:personal )?(?:commission|referral fee)\b|"
    r"(?:we|i)(?:'ll| will| would|'d| can| could| are happy to| am happy to| want to)\s+"
    r"(?:happily\s+|gladly\s+|also\s+|personally\s+)?(?:pay|compensate)\s+you\b|"
    r"(?:send|give|offer|hand) you (?:some )?cash\b|"
    r"reimburse (?:whatever|anything|everything|what) you (?:spend|spent)|(?:expense|bill|charge) (?:it|"
    r"dinner|anything|whatever|everything) to us|"
    r"(?:compensate|reimburse|pay you for)\w*\s+(?:you\s+)?(?:for\s+)?(?:the|your) (?:hour|hours|time|minutes|"
    r"afternoon|morning)\b|(?:pay|compensate)\w* (?:you )?at (?:our|my|the) (?:usual |standard |normal |going |full )?"
    r"(?:consulting|advisory|hourly|expert) rate|"
    r"(?:receipts?|bill|tab)\b[^.!?\n]{0,40}?\b(?:we|i)(?:'ll| will|'d| would) (?:reimburse|cover|pay|refund) (?:it|you|that|the)\b|"
    r"cut you in\b|(?:(?:hundred|fifty|twenty|\d+)[- ](?:dollar|pound|euro|quid)|[$£€]\d+) (?:bills?|notes?)\b|"
    r"(?:to )?spend (?:it )?(?:however|on whatever|on anything|as) you (?:like|wish|want|please)|"
    r"thank[- ]you (?:fee|payment|bonus)|your personal (?:amazon|paypal|venmo|bank|apple|google) account|"
    r"you(?:'d|'ll| will| would)? pocket\b|paid (?:out )?(?:to you )?directly to you|paid to you (?:directly|personally)|"
    r"(?:top(?:ping|ped)? up|re-?load(?:ing)?|load(?:ing)?)\s+your\s+(?:[\w-]+\s+){0,2}?(?:app|card|account|wallet|balance)\s+"
    r"with\b|(?:promo|discount|redemption|reward) codes? (?:worth|for|with)\s+(?:" + MONEY + r")|"
    r"(?<=['\"‘“])(?:consulting|advisory|research|speaking|marketing|training|referral)(?: fees?| work)?['\"’”]|"
    r"(?:send|sending|sent|gift|gifting|tip|tipping|toss|throw|drop|airdrop|transfer)\w*\s+(?:you\s+)?(?:over\s+)?"
    r"(?:some|a little|a bit of|a few|\d+|a small amount of)?\s*(?:of\s+)?(?:bitcoin|btc|eth|ether|usdc|usdt|crypto|sats|"
    r"doge|solana)\b|"
    r"(?:pay|cover|fund|sponsor|foot|reimburse)\w*\s+(?:for\s+)?(?:the\s+)?(?:tuition|school fees|university fees) "
    r"(?:for|of) your|(?:pay|cover|fund|sponsor|foot|reimburse)\w*\s+(?:for\s+)?your\s+(?:[\w-]+\s+){0,2}?(?:tuition|"
    r"mba|degree|mortgage|rent|car lease|wedding|honeymoon)\b|finder'?s commission|(?:annual |monthly |quarterly )?retainer (?:of|worth) |(?:pay|offer|give) you an? (?:\w+ )?retainer|paid (?:advisory|consulting|"
    r"speaking) (?:role|position|gig|seat)|(?:advisory|consulting) (?:role|seat|position) (?:with|paying|that pays)|"
    + MONEY
    + r"(?:\s+[\w-]+){0,2}\s+for\s+(?:\d+\s*min\w*|a few minutes|an hour|(?:\d+|a few|fifteen|twenty|thirty|"
    r"ten) minutes|your time|a (?:quick |short )?(?:call|chat|meeting|demo))|"
    r"(?:route|steer|direct|funnel|channel|move)\w* (?:some |a bit of |part of (?:the|our) )?(?:budget|money|"
    r"funds|spend|cash)\s+(?:to|toward|towards|your way|into)\b|"
    r"(?:cover|pay for|pay|fund|sponsor|foot)\s+(?:your|the)\s+(?:daughter|son|kids?|children|child|wife|"
    r"husband|spouse|partner|family|mother|father|parents?)(?:'s)?\b|\d+\s?% of (?:whatever|what|the|any|every|each|all)\b[^.!?\n]{0,40}?\b"
    r"(?:spend|spends|spent|contract|deal|revenue|order|invoice)s?\b|"
    r"\d+\s?% of (?:[\w-]+\s+){0,2}?(?:revenue|sales|fees?|margin|profits?|contract value|deal value|the deal|first[- ]year|"
    r"year[- ]one)\b[^.!?\n]{0,40}?\b(?:to you|your pocket|for you|you keep|you pocket)|"
    r"(?:we|i)(?:'ll|'d| will| would| can| could)? (?:happily |gladly |also )?pay (?:you )?"
    + MONEY
    + r"|"
    + MONEY
    + r"\s+(?:for|per)\s+(?:an? |\d+ |each |every )?(?:hour|minutes?|call|interview|session|meeting)\b)"
)
# Fixed payments to a person for showing up; not when the sentence is about paying staff or
# speakers in general, or about a stipend program the reader runs.
# "a per-diem pharmacist", "per diem staffing": a way of employing someone, not money offered
_FEE_WORD = (
    r"\b(?:honorari(?:um|a)|stipends?|per[- ]diems?(?! (?:pharmacists?|nurses?|staff\w*|workers?|"
    r"employees?|shifts?|rates?|basis|positions?|roles?|jobs?|coverage|clinicians?|physicians?|"
    r"doctors?|techs?|technicians?|contracts?|work)\b))\b"
)
_FEE_NOT_OURS = Regex(
    r"\b(?:(?:our|their|its|your) (?:[\w-]+ ){0,2}?(?:techs|technicians|employees|staff|workers|contractors|drivers|"
    r"nurses|reps|speakers|crews|hires|interns|people|students|fellows|volunteers)|(?:i|we) (?:saw|noticed|read|see)|"
    r"administer\w*|(?:manage|process|track|automate|pay out)\w* (?:\w+ )?(?:stipends|per diems|honoraria)|"
    r"speakers?|conference|program(?:me)?s?|polic(?:y|ies)|prevailing wage|demurrage|detention|chassis|"
    r"(?:flag|avoid|cut|reduce|dispute|audit)s? (?:\w+ )?per[- ]diems?)\b",
    IC,
)
# Credits owed under a contract (SLA, refunds, billing fixes) are not gifts.
_CONTRACTUAL = Regex(
    r"\b(?:sla|service[- ]level|per (?:the|our|your) (?:contract|agreement|terms)|refund\w*|service credits?|"
    r"outages?|downtime|late fees?|overcharge\w*|billing (?:error|mistake|issue)|invoice (?:error|mistake)|"
    r"make (?:good|up for)|apolog\w*|sorry)\b",
    IC,
)
_LOYALTY = (
    r"\b(?:air(?:line)? miles|frequent[- ]flyer (?:miles|points)|loyalty points|reward points|(?:gold|"
    r"platinum|diamond|elite) status|lounge access|upgraded your (?:personal )?\w+ (?:account|membership|"
    r"status))"
)
_CREDIT = (
    r"(?:"
    + MONEY
    + r"\s+(?:(?:in|of)\s+)?(?!tax|r&d|energy|carbon|research)(?:[\w-]+\s+){0,2}credits?\b|"
    r"\b(?:account|store|platform|bonus|free|usage|ad|api|spa|hotel|resort|dining|travel|airline|restaurant|bar|"
    r"wellness)\s+credits?\b|"
    r"\b(?:some |a little |a bit of |extra )?credits? (?:to|on|into) your (?:personal )?(?:account|balance|card|"
    r"wallet)\b)"
)


# "$0.01 per call" in a sentence about pricing is a price, not a payment to the reader.
_PRICE_TALK = Regex(
    r"\b(?:pric(?:e|es|ed|ing)|tiers?|(?:list|hourly|day|going) rates?|we charge|charges?|billed|billing|"
    r"costs? (?:you|them|us)|plans? (?:start|cost|run))\b",
    IC,
)


# A paid seat offered to the reader: pay in the same sentence or the next few.
_PAID_SEAT = FastPattern(
    r"\b(?:have|bring|put|invite|want|welcome|add)\w* you (?:on|onto|as|to join|to|in)\s+(?:our |the |a )?(?:paid )?"
    r"(?:advisory (?:board|council|role|panel)|board of advisors|advisor|adviser|board seat|customer (?:council|board)|"
    r"expert (?:panel|network))"
)
_SEAT_PAY = Regex(
    r"\b(?:fee|paid|pays|stipend|retainer|honorari(?:um|a)|compensat\w+|equity|options|per (?:month|quarter|year|"
    r"meeting|session))\b|" + MONEY + "|" + MONEY_WORDS,
    IC,
)


@needs(_PAID_SEAT)
def _paid_seat(scan: Scan) -> Iterator[Hit]:
    for match in _PAID_SEAT.finditer(scan):
        if scan.negated(match.start()):
            continue
        if scan.occurs(_SEAT_PAY, match.start(), match.end() + 250):
            yield match.start(), match.end(), ""


CASH = Rule(
    code="OR101",
    name="cash-equivalent",
    category="bribe",
    severity="error",
    confidence=0.9,
    message="cash or a cash equivalent is offered: {quote}",
    suggestion="give something of use instead of money: a finding, a teardown, an introduction",
    what="Flags money and what spends like money offered to the reader: gift cards, vouchers, "
    "account credit, Venmo/PayPal transfers, and paying them for their time.",
    why="Cash reads as a bribe, not a gift: it puts a price on the reader's attention, breeds "
    "resentment instead of obligation, and breaks most gift policies and laws outright.",
    example="Here's a $50 Amazon gift card for your time.",
    instead="I wrote up where your dock schedule loses hours; the one-page memo is attached.",
    check=any_of(
        phrase_check(
            _GIFT_CARD,
            cue=OFFER_CUE,
            cue_before=90,
            cue_after=70,
            not_followed=_BUSINESS_AFTER,
            not_preceded=Regex(
                r"\b(?:(?:our|their|your)\s+(?:\w+\s+)?|(?:track|tracking|manage|managing|process|"
                r"processing|issue|issuing|sell|selling|distribute|audit|auditing|reconcile|digiti[sz]e)"
                r"\s+(?:\w+\s+)?)$",
                IC,
            ),
            sentence_not=Regex(
                r"\b(?:your|their|its) (?:\w+ )?(?:members|customers|users|shoppers|guests|patients|players|"
                r"subscribers|fans|riders|diners|buyers|cardholders|loyalty|rewards? (?:program|app))\b"
                r"|\b(?:we|our company) (?:run|runs|sell|sells|provide|build|make)\b[^.!?\n]{0,30}?"
                r"\b(?:recognition|rewards?|incentive|loyalty|gifting) (?:programs?|platforms?|software)\b",
                IC,
            ),
        ),
        phrase_check(_TRANSFER),
        phrase_check(_PAY_FOR_TIME, sentence_not=_PRICE_TALK),
        phrase_check(_FEE_WORD, not_followed=_BUSINESS_AFTER, sentence_not=_FEE_NOT_OURS),
        _paid_seat,
        phrase_check(_LOYALTY, cue=OFFER_CUE, not_followed=_BUSINESS_AFTER),
        phrase_check(
            _CREDIT,
            cue=OFFER_CUE,
            sentence_not=_CONTRACTUAL,
            not_followed=Regex(r"\s*(?:risk|card|union|line|score|limit|memo|rating)", IC),
        ),
    ),
    flag=(
        "We've loaded $500 of ad spend credit into an account in your name, courtesy of us.",
        "Hi Sam, here's a $50 Amazon gift card for your time.",
        "I'd love to send you a Starbucks card as a thank-you.",
        "Happy to Venmo you $100 for a 20-minute chat.",
        "We'll pay you for your time, of course: $150 for the call.",
        "We'll add $500 in account credit to your login, no charge.",
        "Enjoy a $25 e-gift on us.",
        "There's a $200 honorarium for joining the session.",
        "I can e-transfer you two hundred tonight for your trouble.",
        "Happy to toss some USDC your way for the intro.",
        "I'm mailing you a Visa debit card preloaded with $250.",
        "We'd love to have you on our advisory board; it carries a monthly fee of 2,500 dollars.",
        "There's a crisp hundred-dollar bill tucked inside the card.",
        "I'll top up your Starbucks app with $50.",
        "Happy to Wise you 200 euros for your time on Friday's call.",
        "Here's a promo code worth $100 for your personal Amazon account.",
        "There's budget on our side for some 'consulting' if you'd like to help shape the rollout.",
        "Our company would be honoured to pay the tuition for your MBA module.",
    ),
    passes=(
        "A per-diem pharmacist for overnight coverage runs $68 to $82 an hour through agencies.",
        "Full disclosure: we run employee recognition programs, which mostly means gift cards, "
        "for your staff, not for you.",
        "The extra tab models API-call pricing at three tiers ($0.002 and $0.01 per call).",
        "We never send gift cards; here is the teardown instead.",
        "Our gift card program helped retailers lift repeat visits by 12%.",
        "Your team cut overtime by $1.2M last year, per your post.",
        "Unlike other vendors, we don't pay people to take meetings.",
        "We helped Acme claim $40k in R&D tax credits.",
        "Our field techs get a $60 per diem on site, so we built the expense module.",
        "We built a way to administer remote-work stipends across 40 countries.",
        "Your members earn points redeemable for gift cards through your loyalty app.",
        "We'd love to have you on our customer council; it's unpaid and meets twice a year.",
        "Cheques still make up 40% of B2B receivables in Canada.",
        "Your loyalty members can top up their wallets with $10 to $500.",
        "Trackbolt puts a tracker on each chassis and flags per diem before it hits.",
    ),
)

_LAVISH = (
    r"\b(?:(?:get|take|bring) you into (?:the|our|a) (?:[\w']+ ){0,2}(?:box|suite|lounge|paddock|vip area|"
    r"clubhouse)|directors'? box|(?:hospitality|corporate|executive) box"
    r"|(?:courtside|box|suite|vip|front[- ]row|floor|premium|season|club[- ]level|skybox|"
    r"luxury box|orchestra|mezzanine|stalls|dress circle)\s+(?:seats?|tickets?|passes)"
    r"|(?:company|corporate|our|the) (?:suite|box) (?:at|for) (?:the )?(?:[\w'-]+ ){0,3}?(?:stadium|arena|park|"
    r"field|center|centre|garden|game|match|series|concert|bowl|speedway)"
    r"|(?:meta )?quest \d|vr headsets?|oculus|apple watch\w*|vision pro"
    r"|(?:tickets?|seats|passes)\s+(?:to|for)\s+(?:the\s+|a\s+|an\s+|tonight'?s\s+|this\s+\w+'?s\s+|"
    r"next\s+\w+'?s\s+)?(?:[\w'-]+\s+){0,3}?(?:game|match|concert|show|playoffs?|finals?|series|"
    r"super bowl|world cup|masters|grand prix|gp|tournament|musical|opera|ballet|broadway|"
    r"disney\w*|universal studios|theme park|legoland|zoo|"
    r"festival|tour|race|derby|fight|bout|open|gala)\b"
    r"|(?:super bowl|nba|nfl|mlb|nhl|mls|f1|concert|game|playoff|broadway|theat(?:er|re)|"
    r"sports|taylor swift|u2|beyonc[eé]|knicks|lakers|yankees|warriors|cubs|celtics)\s+tickets?"
    r"|(?:all[- ]expenses?[- ]paid|fully[- ]paid|fully[- ]funded|fully[- ]sponsored|paid[- ]for|expenses?[- ]paid|free|"
    r"complimentary|paid|comped|"
    r"luxury|vip|first[- ]class)\s+(?:\w+\s+)?(?:trip|vacation|getaway|holiday|stay|weekend|"
    r"retreat|cruise|flights?|resort)"
    r"|fly (?:you|your (?:team|family|wife|husband|partner|spouse))\b"
    r"|(?:host|invite|bring|take)\s+(?:you|your team)(?: and (?:a|your) (?:guest|partner|spouse|wife|husband|family|"
    r"plus[- ]one|colleague))?(?:\s+\w+){0,6}?\s+(?:for|to|on) (?:a |an |the )?(?:[\w-]+\s+){0,2}?(?:weekend|trip|"
    r"getaway|stay|retreat|vacation|cruise|resort|spa|golf)"
    r"|(?:fully|all) (?:covered|paid|comped)|foursome|all expenses? (?:covered|paid|included|on us)"
    r"|(?:gets?|get|be|are) flown (?:out|in|over)|fly you (?:out|in|over)"
    r"|(?:business|first)[- ]class(?! (?:support|service|software|product|team|results?)\b)"
    r"|(?:cover|pay for|pick up|get|buy you)\s+(?:the\s+|a\s+|your\s+)?(?:nice\s+|fancy\s+|big\s+)?(?:bar\s+|dinner\s+|drinks\s+)?(?:dinner|drinks|tab|"
    r"bill|check|round|hotel|green fees|resort|flights?|airfare|villa|suite|lodging)\b"
    r"|put you up (?:at|in)\b|cover your (?:flights?|hotel|travel|airfare|trip|stay|room)"
    r"|(?:golf (?:trip|weekend|outing|getaway)|round of golf|tee time at|spa (?:day|weekend|package|"
    r"retreat|treatment)|ski (?:trip|weekend)|yacht|private jet|cruise)"
    r"|(?:dinners?|drinks|steak|tasting menu|omakase|a night out)(?:'s|\s+is|\s+are)?\s+on\s+"
    r"(?:us|me|the house|our (?:dime|tab|company|card))"
    r"|(?:take|treat|invite|bring|host)\s+(?:you|your team)(?:\s+\w+){0,2}?\s+(?:out\s+)?(?:to|for)"
    r"\s+(?:a\s+|an\s+)?(?:\w+\s+){0,2}?(?:dinner|steak(?:house)?|tasting|omakase|wine tasting|"
    r"michelin|supper|cocktails|drinks|night out)"
    r"|michelin[- ]star(?:red)?|steakhouse|tasting menu|omakase|fine[- ]dining|private dining|a table (?:at|for two)"
    r"|(?:new\s+|free\s+|brand[- ]new\s+)?(?:ipads?|iphones?|airpods(?: pro| max)?|apple watch(?:es)?|"
    r"macbooks?(?: pro| air)?|laptops?|playstation(?: \d)?|ps5|xbox(?: series x)?|nintendo switch|"
    r"oculus|meta quest|vr headset|(?:apple )?vision pro|steam deck|(?:wireless )?earbuds|oura ring|smart ring|fitbit|garmin \w+|apple tv|homepod|smartphones?|samsung galaxy|galaxy s\d+|pixel \d+|"
    r"kindles?|bose \w+|sonos \w+|beats headphones|gopro|" + _DRONE + r"|"
    r"smart ?watch(?:es)?|noise[- ]cancel+ing headphones|headphones|rolex|designer (?:bag|handbag|"
    r"watch)|luxury (?:watch|bag|gift|hamper)|(?:case|bottle|magnum) of (?:dom|dom p[ée]rignon|"
    r"champagne|cristal|single malt|scotch|bourbon|pappy|krug|bordeaux|barolo|vintage \w+|"
    r"\d+[- ]year[- ]old \w+)|wine (?:case|collection|club membership)))\b"
)

# A second family: any leisure outing with words that say the sender pays for it.
_LEISURE = (
    r"\b(?:happy hour|open bar|bottle service|party|team outing|outing|offsite|karaoke|massage|yacht|"
    r"boat|tee time|long weekend|weekend of|ranch|fly fishing|fishing trip|hunting trip|sailing|skiing|"
    r"(?<!which )(?<!your )(?<!each )(?<!every )(?<!per )lodge|"
    r"(?:a )?round (?:at|of)|st andrews|wimbledon|the masters|super bowl|world cup|grand prix|"
    r"f1|the open|opera|ballet|theat(?:er|re)|broadway|champagne|(?:our|the|a) suite|"
    r"hospitality(?! (?:trends|industry|sector|leaders?|groups?|brands?|reports?|e-?books?|guides?|"
    r"insights|software|tech\w*|operators?|clients?|customers?)\b)|"
    r"ch[aâ]teau|vineyard tour|wine tour|tasting evening|travel and stay|lodging|airfare|"
    r"(?:our|a|the) (?:box|suite|skybox) (?:at|in|for)|"
    r"lake house|beach house|cabin|villa|chalet|ski lodge|weekend at|night out|evening out|nights? on the town|weekend (?:away|trip|in \w+)|trip|getaway|vacation|holiday|"
    r"resort|spa|golf|round of golf|concert|show|game|match|home opener|season opener|playoffs?|"
    r"retreat|tuscany|provence|lake como|amalfi|santorini|mykonos|bali|dubai|the alps|"
    r"tasting|dinner|drinks|bar tab|flights?|seats in (?:our|the|a) (?:box|suite)|"
    r"hotel(?! (?:and|&) (?:restaurant|hospitality)|s? (?:leaders?|groups?|chains?|operators?|managers?|owners?|"
    r"industry|sector|brands?|guests?|clients?|customers?|portfolios?)\b)|"
    r"vegas|las vegas|napa|sonoma|cabo|canc[uú]n|kickoff in|hawaii|maui|aspen|vail|miami|ibiza|paris|monaco|"
    r"the bahamas|bahamas|tahoe|scottsdale|pebble beach|augusta|lisbon|condo|apartment|timeshare|whistler|zermatt|"
    r"st\.? moritz|courchevel|verbier|jackson hole|park city|telluride|nobu|le bernardin|per se|carbone|zuma|cipriani|"
    r"hakkasan|eleven madison)\b"
)
_NOT_LEISURE = Regex(
    r"\s*(?:gifts?|cards?|seasons?|greetings?|wish(?:es)?|sales?|rush|schedules?|hours|period|"
    r"calendar|coverage|staffing|peak|shipping|orders?|plan|planning)\b",
    IC,
)
_PAYS = Regex(
    r"\b(?:(?:we'?d|we would|we'?ll|happy to|glad to|love to) (?:be )?(?:happy to |glad to )?(?:sponsor|fund|"
    r"bankroll|underwrite)|make an exception for you|(?:invite|include|bring) you (?:along|too|as well)|"
    r"everything(?:'s| is) (?:handled|covered|taken care of|on us|paid for|included|sorted)|"
    r"(?:gets?|receives?|wins?|earns?) (?:a|an|two|free|our)|(?:happy|glad|willing) to (?:lend|loan|let you use)|"
    r"friends of the (?:company|firm|family)|have you (?:out|over|up|down|along|aboard)\b|"
    r"(?:could|can|would|will)(?: \w+)? be yours|send (?:a|our) (?:driver|car|limo|chauffeur)|into the (?:hat|draw)|"
    r"in the running for|chance to win|(?:my|our) (?:company|ceo|cmo|cfo|firm)(?:'s| is)? (?:paying|hosting|covering)|you and your (?:partner|spouse|wife|husband|family|guest|plus[- ]one|kids)|"
    r"(?:all|everything)(?: \w+)? (?:arranged|organi[sz]ed|handled|paid|covered|booked|taken care of) by us|"
    r"(?:love|like|want) to (?:have|host|take|bring) you (?:out|along|on|aboard|up)\b|(?:we|i)(?:'ll| will|'d| would) "
    r"(?:reimburse|expense)|(?:on )?our tab|(?:travel|stay|flights?|hotel|accommodation)(?: and \w+)? included|invite "
    r"you(?: and your \w+)?|thr(?:ow|ew|owing) in|(?:we|i)(?:'ll|'d| will| would| can) (?:happily |gladly )?"
    r"(?:sort|arrange|book|handle|organi[sz]e|cover|take care of)|foot(?:ing)? the bill|pick(?:ing)? up the (?:tab|bill|check)|cover(?:ing)? (?:the cost|the bill|"
    r"everything|it all|all of it|the tab)|pay(?:ing)? for (?:it|everything|you|the whole)|on (?:us|me|our "
    r"dime|the company|the house)|our treat|my treat|compliments of|courtesy of|complimentary|"
    r"all[- ]expenses?[- ]paid|expenses?[- ]paid|as (?:our|my) guests?|be our guests?|(?:we|i)(?:'ll|'d| will|"
    r" would| can) (?:happily |gladly )?(?:host|comp|cover|pay|treat|fly|put you up)|(?:will|'ll|would|"
    r"can) (?:happily |gladly )?(?:comp|cover|pay for|host|put you up))\b",
    IC,
)

_COVERED = (
    r"\b(?:dinners?|drinks|flights?|hotels?|travel|parking|tickets?|accommodation|lodging|the round|green "
    r"fees|meals?|the bar|bar tab|the (?:bill|tab|check|dinner bill))(?: and (?:\w+ )?\w+)? (?:are|is|will be|'re|'s|has been|"
    r"have been) (?:all |fully |of course |already )?"
    r"(?:covered|paid for|taken care of|comped|included|on us|on me|on the house|settled|prepaid|paid)\b"
    # a stay handed over: "your voucher for two nights at the Ritz"
    r"|\b(?:voucher|gift certificate|booking|reservation|stay) for (?:two|three|four|\d+|a couple of|a few) nights?\b"
    # without the verb: "business class and hotel covered"
    r"|\b(?:flights?|hotels?|airfare|accommodation|lodging|meals)(?: and (?:\w+ )?\w+)? (?:all |fully )?"
    r"(?:covered|comped|paid for|on us)\b"
)
# Things of personal value, by kind; each counts only when offered to the reader.
_GIFT_ITEM = (
    r"\b(?:hampers?|gift baskets?|gift boxe?s|wines?|champagne|prosecco|whisk(?:e)?y|bourbon|scotch|"
    r"cognac|spirits|cigars|ch[aâ]teau \w+|margaux|petrus|lafite|latour|opus one|seiko \w+|grand seiko|credor|longines|tudor|caviar|lobster|truffles?|perfume|jewel(?:le)?ry|cufflinks|designer \w+|"
    r"luxury \w+|montblanc|rolex|cashmere|leather (?:bag|wallet|briefcase)|handbag|"
    r"massages?|spa (?:voucher|package|treatment|weekend|break)|cooking class|wine tasting|"
    r"hot[- ]air balloon|helicopter (?:ride|tour)|safari|cruise|backstage (?:passes|access)|"
    r"meet[- ]and[- ]greet|vip (?:lounge|access|experience|package)|paddock (?:club|passes)|"
    r"experience day|dyson \w+|peloton|vitamix|espresso machine|kitchenaid|le creuset|smart tv|"
    r"(?:4k |oled )?tv|television|ps5|xbox|nintendo \w+|gaming (?:console|laptop)|" + _DRONE + r"|"
    r"gym membership|(?:golf|country|private|members'?) club membership|soho house|club membership|"
    r"netflix|spotify|masterclass (?:subscription|membership|pass)|(?:business|first)[- ]class (?:upgrade|ticket|flight|seat)s?|"
    r"upgrade(?: you)? to (?:business|first)|a check for|a cheque for|(?:case|crate|magnum) of \w+|"
    r"barolo|bordeaux|burgundy|cabernet|pinot noir|chardonnay|rioja|port|patagonia \w+|canada goose|"
    r"arc'?teryx|north face|lululemon|moncler|barbour|stanley (?:cooler|tumbler|set|quencher)\w*|yeti (?:cooler|"
    r"tumbler|rambler)s?|ray-?bans?|oakleys?|theragun|ember mug|down (?:jacket|vest)|weekender bag|cooler set|omega \w+|"
    r"tag heuer|breitling|cartier|tiffany|herm[eè]s|gucci|louis vuitton|prada|chanel|bvlgari|patek|audemars|iwc|"
    r"speedmaster|submariner|ruinart|veuve|mo[eë]t|krug|bollinger|taittinger|le labo|diptyque|jo malone|equinox|soulcycle|classpass|orangetheory|business class|first class)\b"
)
_NOT_AN_ITEM = Regex(
    r"['’]?s?\s*(?:lines?|industry|companies|operators?|curriculum|market|sector|brands?|clients?|"
    r"customers?|business(?:es)?|programs?|startups?|delivery|ads?|campaigns?|case stud(?:y|ies)|"
    r"benchmark|data|report|study|analysis|costs?|fleet|supply|sales|retailers?|distributors?|"
    r"producers?|makers?|apps?|platforms?|software|exports?|imports?|regions?|growers?|margins?|"
    r"inventory|prices?|pricing|labels?|packaging|shipments?|logistics|tourism|trade|lids?|space|"
    r"stickers?|sleeves?|stands?|chargers?|screens?|batter(?:y|ies))\b",
    IC,
)
_TO_THE_READER = Regex(
    r"\b(?:delivered to your (?:house|home|door|doorstep|residence|apartment|flat)|set (?:one|it|them|some|a \w+) aside for you|"
    r"(?:saved|kept|held|put) (?:one|it|them|a \w+) (?:aside )?for you|to your (?:home|house|home address|door)|"
    r"(?:has|with|have) your name on it|treat you to|(?:send|ship|give|get|buy)(?:ing)? your (?:family|wife|husband|"
    r"partner|kids|spouse|children)|spoil you|pamper you|let me (?:treat|buy|upgrade|get|take|fly|book)|on (?:its|their) way to you(?:r \w+)?|(?:headed|coming) your way|have (?:it|one|"
    r"them|\w+ \w+) delivered|(?:booked|reserved|set aside|arranged) (?:for )?you|(?:we|i)'(?:ll|d) "
    r"(?:love to |like to )?(?:send|give|get|buy|treat|book|arrange|upgrade)|yours|for you|"
    r"as (?:a |our |my )?(?:thanks|welcome|gift)|to say thanks|"
    r"(?:arranged|ordered|sent|shipped|couriered) (?:for )?(?:a|an|you|some|two)|sending you|send you|"
    r"as a (?:welcome|thank[- ]you|gift|token)|for you(?: and| to)|on (?:us|me|the house)|our treat|"
    r"compliments of|courtesy of|with our compliments|taken care of|take it home|(?:for|to) you and (?:a|one|your) "
    r"(?:family member|guest|partner|spouse))\b",
    IC,
)

# Found by the word "yours" (fast to scan for), then checked for what comes before it.
_YOURS = FastPattern(
    r"(?<!\w)(?:yours\b|you'?re (?:on (?:the|our|this year'?s) list|included|next)\b|you are (?:on (?:the|our|"
    r"this year'?s) list|included|next)\b|(?:that|this) includes you\b)"
)
_ONE_COULD_BE = Regex(
    r"\b(?:(?:one|some|a couple|two|any|either) of (?:them|those|these|the \w+)|one|it|they|a pair)"
    r"(?:'s|'re| is| are| could| can| would| will| might)(?: \w+)? (?:be )?$",
    IC,
)
_LAVISH_OR_LEISURE = Regex(_LAVISH + "|" + _LEISURE + "|" + _GIFT_ITEM, IC)


@needs(_YOURS)
def _yours_after(scan: Scan) -> Iterator[Hit]:
    for match in _YOURS.finditer(scan):
        start = match.start()
        if match.group().lower() == "yours" and not _ONE_COULD_BE.search(
            scan.own, max(0, start - 40), start
        ):
            continue
        s_start, _ = scan.doc.sentence_at(start)
        p_start, _ = scan.doc.sentence_at(max(0, s_start - 2))
        if scan.negated(start):
            continue
        if scan.occurs(_LAVISH_OR_LEISURE, p_start, match.end()):
            yield start, match.end(), ""


LAVISH = Rule(
    code="OR102",
    name="lavish-gift",
    category="bribe",
    severity="error",
    confidence=0.8,
    message="a lavish personal gift is offered: {quote}",
    suggestion="offer effort instead of luxury: a tailored finding, a sample, an introduction",
    what="Flags tickets, trips, dinners, electronics and luxury goods offered to the reader.",
    why="Expensive gifts look like buying a decision. Reciprocity follows perceived value, not "
    "cost, and a lavish gift raises suspicion, trips gift policies and can be an offence.",
    example="I'd love to take you out for a steak dinner at Gibson's next week.",
    instead="I pulled the three slowest docks from your public schedule; notes attached.",
    check=any_of(
        phrase_check(_LAVISH, cue=GIFT_CUE, cue_before=90, cue_after=60, not_followed=_NOT_AN_ITEM),
        phrase_check(_LEISURE, cue=_PAYS, cue_before=100, cue_after=80, not_followed=_NOT_LEISURE),
        phrase_check(
            _GIFT_ITEM, cue=_TO_THE_READER, cue_before=90, cue_after=90, not_followed=_NOT_AN_ITEM
        ),
        phrase_check(_COVERED),
        _yours_after,
        phrase_check(
            r"\b(?:cover|pay for|pick up|fund|sponsor|foot)(?:ing)? (?:all of |the cost of |the costs of )?your "
            r"(?:attendance|expenses|costs|travel|registration|trip|stay|flights?|hotel|accommodation|team's "
            r"(?:offsite|outing|retreat|trip|party|dinner))\b|\ball costs? (?:on our side|covered by us|on us)\b"
        ),
        phrase_check(
            r"\bcomp(?:ed|ing|'d)? (?:your|you) (?:a )?(?:meal|dinner|lunch|stay|room|tab|drinks|bill|night|"
            r"tickets?|registration|pass)\b"
        ),
    ),
    flag=(
        "Every VP of Engineering on our list is getting a brand-new iPad Air, and yours ships tomorrow.",
        Example(
            "Thanks for Tuesday. Your voucher for two nights at the Ritz-Carlton is attached.",
            stage="thank",
        ),
        "We've got the company suite at Yankee Stadium for the July series; come as our guests.",
        "We had two extra orchestra seats for Hamilton on Friday; I'll courier them over.",
        "We're flying a few CTOs to Lisbon in May, business class and hotel covered; I've held a "
        "seat for you.",
        "I've got two courtside seats for Thursday's game with your name on them.",
        "We'd love to fly you out to our Napa offsite, all expenses paid.",
        "Dinner's on us at the best steakhouse in town.",
        "I'm sending you a new pair of AirPods Pro as a welcome.",
        "Let me take you to a tasting menu at Alinea next week.",
        "Enter to win an iPad when you reply.",
        "We'd happily foot the bill for a night out in Vegas for you and the team.",
        "We cover the resort and the flights for you and one colleague.",
        "I've earmarked a Patagonia down jacket for you.",
        "Our CEO would love to have you out on his boat in Newport this July.",
        "We ended up with a few badges for Augusta this April. One of them could be yours.",
        "We booked you and Marc a table at Le Bernardin. The bill is already settled.",
        "A limited-edition Omega Speedmaster is on its way to your office.",
        "We have a company condo in Whistler. It's yours for a week if you want it.",
        "There's a little something in the post for you: a Le Labo candle and a bottle of Ruinart.",
        "Our founder keeps a few bottles of Chateau Margaux and asked me to set one aside for you.",
        "An investor owns a place in Park City and is happy to lend it to friends of the company.",
        "A case of Veuve lands on our favourite buyers' doorsteps every Christmas. You're on the list.",
        "Our team would like to send your family a hamper for the holidays.",
    ),
    passes=(
        "You mentioned you're out of laptop lid space, so I've mailed a few of our stickers.",
        "Your support tickets dropped 20% after the migration, congrats.",
        "We helped field teams roll out iPads to 4,000 technicians.",
        "I won't be offering dinners or tickets; just the data.",
        "My business trip to Denver got me thinking about your yard.",
        "The cargo rider covers your costs if a shipment is lost in transit.",
        "Thanks for the dinner invitation, but our policy doesn't let me accept.",
        "We're sending every hotel and restaurant leader our Hospitality Trends eBook.",
        "We're offering building managers a free drone roof survey.",
        "If yes, just tell me which lodge and I'll handle setup with your front desk.",
    ),
)

# "Would a couple hundred bucks toward your offsite help?": a reward offered to move a decision.
HELP_FOR_REWARD = (
    r"(?:would|could|might) (?:a|an|some)\s+(?:[\w$£€,.'-]+\s+){0,5}?(?:bucks|dollars|quid|cash|money|"
    r"gift(?: card)?|card|dinner|tickets?|bottle|trip|[$£€]\d+k?|\d+k)\b[^.!?\n]{0,60}?\bhelp\b"
)
_PARAPHRASE = (
    r"\b(?:make (?:sure )?(?:it|this|that)(?:'s| is| was)? (?:well )?worth (?:your|their|the team's|everyone's) "
    r"(?:while|time|effort)|(?:it'?ll|it will|it would|it'?d) be (?:well )?worth your while(?! to (?:read|look|"
    r"skim|check|attend|listen|watch))"
    r"|(?:a |some )?(?:little |small |nice )?(?:something|token)\s+(?:extra\s+)?"
    r"(?:for your (?:trouble|time|help|effort|troubles)|in it for you)"
    r"|something (?:extra |nice |special )?in it for you(?!r)"
    r"|(?:something|a little something|a token|a treat)\s+(?:nice\s+|special\s+|small\s+|extra\s+)(?:for your (?:help|time|trouble|effort))"
    r"|(?:be|get) (?:very )?(?:well |personally |handsomely |generously )?(?:looked after|taken care of|rewarded|compensated)"
    r"|you(?:'re|'ll be|'d be| are| will be| would be| get| will get|'ll get)\s+(?:\w+\s+){0,2}?(?:looked after|"
    r"taken care of|rewarded|compensated)|personally (?:rewarded|compensated|taken care of|looked after)"
    r"|see to it that you(?:'re| are)? (?:\w+ )?(?:rewarded|compensated|looked after|taken care of)"
    r"|(?:we|i) (?:remember|look after|take care of) (?:our|my) friends"
    r"|(?:there'?s|there is|there will be|there'd be|there would be)\s+(?:\w+\s+){0,2}?(?:something|an? (?:[\w-]+ )?"
    r"(?:bonus|perk|reward|sweetener|incentive|kicker|thank[- ]you))\s+(?:in it )?for you(?: personally)?"
    r"|(?:separate|apart) from (?:anything|whatever|what'?s) (?:on|in) the (?:invoice|contract|books|po)"
    r"|sweeten (?:the|this|our|things|it|the pot)(?: (?:deal|pot|offer))?|a (?:little )?sweetener"
    r"|grease (?:the|some) (?:wheels|palms?)"
    r"|(?:take (?:good )?care of|look after|reward) you personally"
    r"|(?:take (?:good )?care of|look after) you (?:if|once|when|for)"
    r"|personal (?:thank[- ]you|bonus|reward|incentive|perk|kickback|commission)"
    r"|(?:an?|the|one)(?: [\w-]+){0,2} envelope (?:with your name|for you)|cash in an envelope"
    r"|your (?:daughter|son|kids?|children|child|wife|husband|spouse|family|mother|father|parents?|nephew|niece)"
    r"(?:'s)?(?:\s+[\w-]+){0,3}?\s+(?:gets?|will get|receives?|will receive)\b"
    r"|"
    + HELP_FOR_REWARD
    + r"|(?:my|our) (?:company|firm|employer|team|boss)(?:'s| is| will be|'ll be) (?:paying|buying|covering|footing|picking up)"
    r"|(?:tell|let) me (?:know )?what you(?:'d)? (?:want|like) for (?:your )?(?:birthday|christmas|the holidays)"
    r"|you(?:'d|'ll| will| would)? pocket\b|(?:a )?donation in your name"
    r"|(?:a |some )?(?:little|small) (?:something|treat|surprise) (?:in the (?:post|mail)|on (?:its|the) way|coming your way|"
    r"headed your way|for you)"
    r"|(?:make sure|ensure|see to it)(?: that)? you personally (?:get|receive|are|come|benefit|do)\b"
    r"|(?:little|small|nice) thank[- ]you (?:each|every) (?:quarter|month|year)"
    r"|(?:prepared|willing|ready|happy|able) to be (?:very |extremely |quite |most |more than )?(?:generous|grateful|"
    r"accommodating)\b(?! with (?:our|the) (?:pricing|terms|discount|timeline))"
    r"|(?:fund|budget|pot|kitty|bonus pool|allowance) (?:set aside )?for (?:champions|advocates|insiders|people|folks|"
    r"friends|buyers) like you|if you know what i mean"
    r"|(?:show|express) (?:our|my) (?:appreciation|gratitude|thanks) to (?:the people|those|anyone|whoever|"
    r"people|the person) who|if you catch my drift|(?:you )?know what i mean,? \?|nudge,? nudge|wink,? wink"
    r"|(?:i|we)'?d owe you (?:big|one|a big one|a lot|bigtime)|(?:i|we) always (?:pay|repay) (?:my|our) debts"
    r"|(?:i|we)(?:'ll| will) make it up to you"
    r"|(?:would|could|might|will) (?:a|an|some|this|that|it)\b[^.!?\n]{0,40}?\b(?:help )?(?:convince you|"
    r"persuade you|sway you|tempt you|change your mind)\b|(?:an )?investment in (?:our|the) relationship|(?:do|does) (?:very |really )?"
    r"well (?:at|come) bonus time|bonus time"
    r"|for you personally|name your price|personally (?:make sure|ensure|see to it|guarantee) (?:that )?you "
    r"(?:come out ahead|benefit|do well|are rewarded|get something)|(?:make sure|ensure) (?:that )?you "
    r"personally (?:come out ahead|benefit|do well|are rewarded|get something)|come out ahead personally"
    r"|(?:send|drop|leave|deliver|courier)\w*(?: you| over)? a (?:little|small) something"
    r"|have \w+ (?:\w+ )?(?:send|drop|deliver)\w*(?: you| over)? a (?:little|small) something|(?:whatever|anything) (?:you need|it takes)[^.!?\n]{0,40}?personally"
    r"|(?:won'?t|will not) regret it,? personally|personally,? you won'?t regret|gesture of goodwill"
    r"|won'?t go unrewarded|(?:be|make it|make this) (?:very |quite )?(?:rewarding|lucrative) for you"
    r"|side (?:payment|deal|arrangement)|under the table|off the books|"
    r"(?:incentive|perk|bonus|reward)s? for (?:you|taking|booking|meeting|your time|your trouble)"
    r"|you(?:'ll| will) be (?:well |generously |handsomely )?(?:compensated|rewarded|taken care of)"
    r"|(?:it'?ll|it will) be worth it for you|(?:thank|reward) you (?:properly|generously|handsomely)"
    r"|(?:show|express|prove) (?:our|my) (?:gratitude|appreciation|thanks) (?:[\w-]+\s+){0,4}?(?:tangibl\w*|"
    r"material\w*|concrete\w*|generous\w*|financial\w*|personal\w*|meaningful\w*)"
    r"|(?:grab|get|buy) yourself something (?:nice|special)|treat yourself (?:on us|on me)"
    r"|expense (?:it|dinner|anything|whatever) (?:on|to) us"
    r"|for your trouble)"
)

_CONDITION = (
    r"\b(?:if|when|once|after|as soon as|the moment|the minute|provided|assuming|as long as|so long as)\s+(?:you|your "
    r"(?:team|company|boss)|we)\b[^.!?\n]{0,70}?\b(?:book|schedule|sign|take|hop|jump|agree|meet|"
    r"accept|attend|join|complete|commit|close|buy|purchase|renew|give|grant|spare|get|sit "
    r"through|talk|chat|demo|reply|respond|introduce|refer|loop|move forward|choose|pick|select|"
    r"switch|go with|say yes|approve|push|put|champion|recommend|award|steer|shortlist|land|have|"
    r"set up|lock|sign off|greenlight|are shortlisted|'re shortlisted|had|met|talked|spoken|chatted|"
    r"connected|signed|confirm|be willing to|be open to|be able to|sit on|speak at|present at|goes our way|go our way|swing by|stop by|drop by|come by|pop by|visit|shortlist|vote)\w*"
    # an imperative: at the start of a sentence, a line or a bullet, or after "please"/"just"
    r"|(?:(?<![\w\s])|(?<=[.!?:;]\s)|(?<=\n)|(?<=[-*•]\s)|(?<=please\s)|(?<=just\s)|(?<=simply\s))"
    r"(?:sign|book|schedule|take|approve|renew|close|commit to|buy|order|choose|pick|select|fill in|"
    r"fill out|complete|answer|reply|respond|try|join|attend|refer|introduce|say yes|agree|commit|pencil in|"
    r"give us|hop on|jump on|take)\s+[^.!?\n]{0,50}?"
    r"\band\b"
    r"|\b(?:if|when|once|after|as soon as|the moment|the minute|the day)\s+(?:the\s+|your\s+|our\s+)?"
    r"(?:po|purchase order|contract|"
    r"deal|agreement|order|paperwork|renewal|pilot|sow)(?:'s|\s+is|\s+gets|\s+goes|\s+has been)?\s*"
    r"(?:counter-?)?(?:signed|closed|closes|through|done|approved|placed|inked|booked)"
    r"|\b(?:book|schedule|take|grab|hop on|jump on|join|attend)\s+(?:a|an|the|our|\d+[- ]minute)"
    r"\s+(?:[\w-]+\s+){0,2}?(?:call|meeting|demo|chat|session|walkthrough|webinar)\b[^.!?\n]{0,30}?\s(?:and|to)\s+"
    r"(?:get|receive|claim|unlock|earn|score|pick|grab|we'll|i'll|you'll)"
    r"|\bafter (?:a|the|our|your|each|every|one) (?:[\w-]+\s+){0,2}?(?:call|meeting|demo|chat|session|"
    r"interview|survey|walkthrough|tour|assessment)s?\b"
    r"|\b(?:for|to) (?:whoever|whichever|the person who|anyone who|the people who|those who)\b[^.!?\n]{0,40}?"
    r"\b(?:signs?|approves?|books?|picks?|chooses?|buys?|selects?|greenlights?|make (?:it|this) happen|"
    r"get (?:it|this) (?:done|over the line)|push (?:it|this) through)"
    r"|\bthe first (?:\d+|ten|five|twenty|fifty|hundred|few) (?:[\w-]+ ){0,3}?to (?:meet|book|sign|take|join|"
    r"attend|reply|respond|schedule|hop|jump)"
    r"|\b(?:every|each|any) [\w-]+(?: [\w-]+){0,2}? (?:who|that) (?:closes|converts|books?|schedules?|takes?|joins?|attends?|signs?|"
    r"completes?|finishes?|replies|responds?|meets?|hops? on|agrees?|gives?|runs?|tries|tests?|pilots?|evaluates?|"
    r"moves?|switch(?:es)?|migrates?|renews?|upgrades?|refers?|introduces?|buys?|purchases?|commits?)\b"
    # a plural subject with a plain verb: "early evaluators who run a pilot get ..."
    r"|\blike you who (?:push|champion|recommend|back|sponsor|advocate|bring|move|steer|get)"
    r"|(?<=s )(?:who|that) (?:book|schedule|take|join|attend|sign|complete|reply|respond|meet|agree|give|run|try|test|"
    r"pilot|evaluate|move|switch|migrate|renew|upgrade|refer|introduce|buy|purchase|commit|shortlist|recommend|select|"
    r"choose|pick|award|approve|vote for|specify|enroll|enrol|prescribe|order|stock|list)\b"
    r"|\bwhoever(?: [\w-]+){1,3}? (?:books?|schedules?|takes?|joins?|signs?|replies|responds?|meets?|agrees?|buys?)\b"
    r"|\b(?:everyone|anyone|each person|whoever|attendees|those|people|the first \d+(?: [\w-]+){0,3})\s+(?:who|that)\s+"
    r"(?:books?|schedules?|takes?|joins?|attends?|signs?|completes?|finishes?|sits? through|gives? us|"
    r"registers?|replies|responds?|fills? out|answers?|meets?|hops? on|jumps? on|agrees?|buys?|purchases?)\b"
)
_FOR_ACTION = (
    r"\bfor\s+(?:taking|booking|joining|attending|hopping on|jumping on|sitting through|"
    r"scheduling|giving us|accepting|agreeing to)\s+(?:a|the|our|this|that|\d+|an|my|some)\b"
)
REWARD = FastPattern(
    r"(?<!\w)"
    + GIFT_NOUN
    + r"|\b(?:on us|on me|our treat|my treat|kick-?back|finder'?s fee|referral fee|commission|draw|raffle|"
    r"sweepstakes|prize|giveaway|usdc|usdt|bitcoin|btc|crypto|airdrop\w*|per[- ]diem|stipend|allowance|"
    r"points redeemable|redeemable for|bar tab|your tab|(?:consulting|advisory|speaking|speaker) (?:agreement|contract|"
    r"arrangement|engagement)s?|off the record|under the table|nights? at|comp(?:ed|'d)? your|long weekend|weekend (?:away|in|at)|flights?|"
    r"hotel stays?|into the (?:hat|draw)|prize draw|in the running for|chance to win|donation in your name|"
    r"honorari(?:um|a)|bose|sonos|beats|earbuds|vision pro|ps5|xbox|nintendo switch|"
    + _DRONE
    + r"|rolex|omega|hamper|"
    r"(?:case|crate|magnum) of)\b|" + _PARAPHRASE,
)
# Rewards that are never small talk, for conditions of any shape ("if you nudge your CIO...").
STRONG_REWARD = FastPattern(
    r"(?<!\w)(?:(?:e-?)?gift ?cards?|vouchers?|"
    + MONEY
    + r"|"
    + MONEY_WORDS
    + r"|dinners?|drinks|"
    + TICKETS
    + r"|bottles? of|wine|"
    r"champagne|whisk(?:e)?y|bourbon|scotch|flown (?:out|in|over)|all expenses|(?:vr |meta )?headsets?|quest \d|ipads?|airpods|iphones?|laptops?|headphones|trip|getaway|villa|chalet|yacht|"
    r"(?:a |one )?week at|(?:a )?weekend at|"
    r"vacation|spa|golf|cash|retainer|(?:case|crate|bottle|magnum) of|your name on it|kick-?backs?|(?:route|steer|funnel|channel)\w* (?:some )?(?:budget|money|funds)|finder'?s fee|honorari(?:um|a)|commission|(?:consulting|advisory|"
    r"referral|success|facilitation|speaker|speaking|appearance|participation) fee|envelope|draw|raffle|sweepstakes|prize|giveaway|hamper|champagne|"
    r"usdc|usdt|bitcoin|btc|crypto|airdrop\w*|per[- ]diem|stipend|honorari(?:um|a))\b|"
    + _PARAPHRASE,
)
_RESULT = Regex(
    r"\b(?:save[sd]?|saving|savings|cut|cuts|reduc\w*|lower\w*|recover\w*|return|roi|revenue|costs?|"
    r"spend|margins?|profit\w*|budget|per (?:year|month|quarter)|a (?:year|month)|annually|monthly|/\s?(?:mo|month|yr|"
    r"year|user|seat)|"
    r"worth of|pipeline|arr|mrr|deal size|contract value|prices?|pricing|fees?|discount\w*|off|base|salary|"
    r"salaries|ote|equity|relocation|sign-on|signing bonus|offer letter|start date)\b",
    IC,
)
# The terms of a reward: "to qualify, we just need ..." (see _rewarded_before).
_TERMS = r"to (?:qualify|be eligible|claim it|unlock it)"
_BROAD_CONDITION = FastPattern(
    r"\b(?:(?:if|once|when|whenever|as soon as|the moment|the minute|provided|assuming|the sooner|as long as|so long "
    r"as|on (?:the )?condition that)\s+(?:you(?! know what| catch my)|your \w+|we|the (?:contract|deal|po|purchase order|order|renewal|"
    r"agreement|sow|rfp|tender))"
    r"|if (?:it|that) (?:helps|gets|means|lets) you|effective upon|upon (?:\w+ )?(?:approval|award|signature|signing|"
    r"selection)|on (?:award|signature|signing|selection) of|contingent (?:on|upon)|"
    r"if \w+ (?:gets|wins|is awarded|lands|takes) (?:the|this) (?:contract|deal|tender|rfp|business|account|bid)|"
    r"if \w+ (?:ends? up|makes? it|gets?|is|are|lands?) (?:on|onto) (?:the|your) (?:final |next )?(?:short ?list|preferred[- ]"
    r"(?:vendor|supplier) list|panel)|if \w+ (?:is|are|gets?) shortlisted|"
    r"(?:everyone|anyone|whoever|each (?:person|attendee|leader)) who (?:sits? through|takes?|books?|joins?|"
    r"attends?|completes?|signs? up for) (?:a|an|the|our)\b|" + _TERMS + r",? (?:we|i|you)\b|"
    r"(?:when|once|after|by the time) (?:the |your |our |next )?(?:renewal|contract|deal|po|purchase "
    r"order|signature) (?:comes?|is|goes|gets|closes|renews|lands)|"
    r"subject to (?:your|the) (?:approval|decision|recommendation))\b"
)
_CONDITION_RE = FastPattern(_CONDITION)
_FOR_ACTION_RE = FastPattern(_FOR_ACTION)


_ANY_MONEY = Regex(MONEY + "|" + MONEY_WORDS, IC)


# A coffee or a lunch as the place to meet ("up for a coffee to talk it through?") is the ask,
# not a reward; it is a reward again when someone is paying for it.
_MEETING_FOOD = Regex(r"\b(?:coffee|lunch|breakfast|drinks?|beer)\b", IC)
_MEET_OVER = Regex(
    r"\b(?:up for|grab|grabbing|meet(?:ing)?(?: up)? for|over|join (?:me|us) for|for a quick|catch up over|"
    r"have|open to|fancy)\s+(?:a |an )?(?:quick |short )?$",
    IC,
)
_PAID_FOR = Regex(
    r"\b(?:on (?:me|us)|my treat|our treat|(?:i|we)(?:'ll| will) (?:buy|pay|cover|get)|paid for|expensed?)\b",
    IC,
)


def _meeting_place(scan: Scan, match: re.Match[str], s_start: int, s_end: int) -> bool:
    own = scan.own
    if not _MEETING_FOOD.fullmatch(match.group().strip()):
        return False
    before = own[max(s_start, match.start() - 25) : match.start()]
    return bool(_MEET_OVER.search(before)) and not scan.occurs(_PAID_FOR, s_start, s_end)


def _rewarded(scan: Scan, start: int, reward: FastPattern) -> bool:
    """Whether the sentence holds a reward; money that is a result or a price does not count."""
    s_start, s_end = scan.doc.sentence_at(start)
    for match in reward.within(scan, s_start, s_end):
        if _ANY_MONEY.fullmatch(match.group().strip()) and scan.occurs(_RESULT, s_start, s_end):
            continue
        if _meeting_place(scan, match, s_start, s_end):
            continue
        if scan.negated(match.start()):
            continue
        return True
    return False


# "...a generous speaker fee. Happy to line that up for you once you're on board.": the
# condition points back at a reward named in the sentence before.
_POINTS_BACK = Regex(
    r"\b(?:line|set|arrange|sort|make|send|get|have|organi[sz]e|book)\s+(?:that|it|this|one|them)\b",
    IC,
)


_DELIVERY = Regex(r"\b(?:address|shipping|shipped|ship|delivery|delivered|deliver|sizes?)\b", IC)


# "...$500 in account credit. To qualify, we just need your signed memo.": the terms of a
# reward named just before.
_QUALIFY = Regex(_TERMS + r"\b", IC)


def _rewarded_before(scan: Scan, start: int, reward: FastPattern) -> bool:
    s_start, s_end = scan.doc.sentence_at(start)
    points_back = scan.occurs(_POINTS_BACK, s_start, s_end) or _QUALIFY.match(scan.own, start)
    if not points_back or s_start < 2:
        return False
    if scan.occurs(_DELIVERY, s_start, s_end):
        # "reply with your address and I'll have it shipped" delivers, it does not trade
        return False
    return _rewarded(scan, s_start - 2, reward)


def _conditional(pattern: FastPattern, reward: FastPattern) -> CheckFn:
    def check(scan: Scan) -> Iterator[Hit]:
        for match in pattern.finditer(scan):
            if scan.negated(match.start()):
                continue
            if not (
                _rewarded(scan, match.start(), reward)
                or _rewarded_before(scan, match.start(), reward)
            ):
                continue
            yield match.start(), match.end(), ""

    return needs(pattern)(check)


conditional_gifts = once_per_email(
    "conditional-gift",
    any_of(_conditional(_CONDITION_RE, REWARD), _conditional(_BROAD_CONDITION, STRONG_REWARD)),
)


PAID_FOR_ACTION_CHECK = _conditional(_FOR_ACTION_RE, REWARD)
# A gift "for the meeting" pays for a meeting not yet held: an exchange as well as a bribe.
paid_for_meeting = once_per_email(
    "paid-for-meeting",
    _conditional(
        FastPattern(
            r"\bfor (?:the|a|our|this|your|taking the|a quick|a short) (?:\d+[- ]min\w* )?(?:meeting|call|"
            r"demo|chat|session|intro call|conversation|interview)\b|\bfor your time (?:on|in|during|at) (?:the|our|a|this|\w+'s) (?:[\w-]+ )?"
            r"(?:call|meeting|demo|chat|session)\b|\b(?:during|while we (?:run|do|give|host)|over) (?:the|a|our) (?:[\w-]+ )?"
            r"(?:demo|call|meeting|walkthrough|walk-through)\b|\bfor (?:taking|hopping on|jumping on|joining|spending) (?:a few "
            r"minutes|\d+ minutes|some time|a (?:quick |short )?(?:call|chat|meeting|demo))"
        ),
        REWARD,
    ),
)


CONDITIONAL = Rule(
    code="OR103",
    name="conditional-gift",
    category="bribe",
    severity="error",
    confidence=0.85,
    message="a gift is made conditional on a meeting or a deal: {quote}",
    suggestion="give unconditionally, or not at all; make any ask separately and later",
    what="Flags gifts promised in exchange for a call, a meeting, a signature or a purchase.",
    why="A gift with a condition is a payment for the decision: it reads as a bribe to the "
    "reader and to their compliance team, and kills the goodwill a free gift would have built.",
    example="Book a 20-minute demo and I'll send you a bottle of Napa cabernet.",
    instead="Here's the cabernet-free version: our no-show benchmark, yours either way.",
    check=any_of(conditional_gifts, PAID_FOR_ACTION_CHECK, paid_for_meeting),
    flag=(
        Example(
            "Between us, if Corvid ends up on the final shortlist, I can arrange a personal consulting fee.",
            stage="ask",
        ),
        Example(
            "We compensate people $250 for a 30-minute conversation, paid by PayPal.", stage="ask"
        ),
        "Anyone who books a demo this quarter also gets flown out with a guest to our summit in "
        "Los Cabos, all expenses covered.",
        "Everyone who sits through a 30-minute walkthrough walks away with a Meta Quest 3.",
        Example(
            "Our thank-you for evaluation leads is $500 in account credit. To qualify, we just need "
            "your signed recommendation memo by Friday.",
            stage="ask",
        ),
        "A case of Dom Perignon is on its way, and there's more where that came from when "
        "renewal comes around.",
        "If Norpak ends up on the shortlist, there will be a personal thank-you from me.",
        "If you have half an hour for a call, the coffee's on me: I'll send a $25 card.",
        "Book a 20-minute demo and I'll send you a bottle of Napa cabernet.",
        "Once the PO is signed, dinner's on us.",
        "If you take a quick call this week, we'll send a $100 Visa card.",
        "Everyone who books a meeting gets a YETI cooler.",
        "A $75 gift card is yours for taking a 15-minute call.",
        "Early evaluators who run a two-week pilot get 500 tokens airdropped to their wallet.",
        "Any department that moves its licences to us receives EUR 2,000 for the sponsoring manager.",
        "We'll pick up your bar tab at the conference as long as you swing by our booth.",
        "Procurement managers who shortlist us earn points redeemable for electronics.",
        "Everyone who attends the webinar goes into the hat for a long weekend in Lisbon.",
        "Sign the renewal by the 30th and we'll throw in a pair of Bose QC Ultras for you.",
        "Whoever on your team books the first demo gets a pair of Sonos Ace headphones.",
        "Our program includes a generous 'speaker fee'. Happy to line that up for you once you're on board.",
        "My client is prepared to be very generous if the tender goes our way.",
        "If Sentra gets the contract, you and your husband will spend a week at our villa.",
        "Physicians who enroll ten patients receive a consulting agreement worth $3,000 per quarter.",
    ),
    passes=(
        "The Enterprise plan shows '$0/mo' when you switch the currency to EUR.",
        Example(
            "If you have half an hour, would you be up for a coffee to talk through how your "
            "team runs vendor reviews?",
            stage="ask",
        ),
        "If you book a call, I'll send over the agenda beforehand.",
        "When you get a moment, the report is attached.",
        "If the PO is signed, implementation starts in two weeks.",
        "If you switch this quarter, you'd save about $40k a year on freight.",
        "If you're ever in Chicago, coffee's on me.",
        "It pays $190-215k base, and the company covers relocation if you'd rather be in Austin.",
        "There's a $15k signing bonus if you start before April, plus relocation support.",
        "Teams that switch save about $40k a year on freight.",
        "I'm sending you an iPad mini. Reply with your home address and I'll have it shipped.",
    ),
)

INDUCEMENT = Rule(
    code="OR104",
    name="inducement-paraphrase",
    category="bribe",
    severity="error",
    confidence=0.85,
    message="a personal inducement is implied: {quote}",
    suggestion="drop the hint of a reward; say what the reader's team gains from the work itself",
    what="Flags euphemisms for a personal reward: 'make it worth your while', 'a little "
    "something for your trouble', 'you'll be taken care of'.",
    why="A veiled reward is still a bribe, and the veil makes it look worse: it implies both "
    "sides know it should not be said plainly.",
    example="Take the meeting and I'll make it worth your while.",
    instead="If the numbers hold for your sites, the savings go to your overtime budget.",
    check=phrase_check(_PARAPHRASE),
    flag=(
        "Put in a good word with your GM and I would make sure it is worth your while.",
        "Take the meeting and I'll make it worth your while.",
        "There'd be a little something for your trouble.",
        "Help us get this through and you'll be well taken care of.",
        "We can sweeten the deal for you personally.",
        "Let's just say there's something in it for you.",
        "Would a couple hundred bucks toward your team's happy hour help bump our proposal up?",
        "If you pick us, I'll see that your daughter's soccer club gets new kits.",
        "If the contract lands, there's a signing bonus in it for you.",
        "Tell me what you want for your birthday; my company's paying.",
        "We've set aside a little fund for champions like you who push our tool internally.",
        "Once we're on your vendor list, I'll make sure you personally get a little thank-you each quarter.",
    ),
    passes=(
        Example("Would a 15-minute call help to see whether it fits your clinics?", stage="ask"),
        "No need to make it worth anyone's while; the benchmark is free to use.",
        "Here's what's in it for your team: fewer missed appointments.",
        "Our support team will take care of your migration.",
        "As a thank-you for your time on Tuesday, here are the notes.",
    ),
)

_SECRECY = (
    r"\b(?:(?:keep|kept)\s+(?:this|it|that|things|the \w+)(?:\s+\w+)?\s+(?:between (?:us|you and "
    r"me|you and i|ourselves|the two of us)|quiet|hush[- ]hush|on the down[- ]?low|on the dl|under "
    r"wraps|off the record|confidential|to yourself|private|out of (?:the|any) (?:paperwork|system|"
    r"books|crm|records|expense report))"
    r"|between (?:you and me|you and i|the two of us|us two)\b|(?:just |strictly )?between us\b"
    r"(?!\s+and\b)"
    r"|off the record|our (?:little )?secret|no ?(?:one|body)(?: [\w']+){0,4}? (?:needs|has|have|will ever|should|must) (?:to )?(?:know|hear|find out)"
    r"|(?:don'?t|no need to|needn'?t|do not|won'?t need to|doesn'?t need to|no reason to|"
    r"shouldn'?t|better not|best not to|rather you didn'?t)\s+(?:\w+\s+){0,2}?(?:tell|mention|"
    r"loop in|cc|copy|involve|inform|bring in|run (?:it|this) (?:by|past)|disclose|report|declare|"
    r"log|record|flag)\b[^.!?\n]{0,40}?(?:anyone|anybody|procurement|compliance|legal|your "
    r"(?:boss|manager|team|company|employer|colleagues|cfo|ceo|gifts? register)|finance|hr|"
    r"ethics|purchasing|the rest of|others|about (?:this|it|the gift)|gifts? (?:log|register))"
    r"|(?:doesn'?t|does not|won'?t|will not|needn'?t|don'?t|won'?t have to|shouldn'?t|no need to)\s+"
    r"(?:need to |have to )?(?:go|run|pass)\s+(?:through|past|by|via)\s+(?:the |your )?(?:(?:company|work|corporate|office) (?:inbox|email|account|mail|address|system|card)|procurement|compliance|legal|"
    r"purchasing|your (?:boss|manager|company|team|legal|compliance|procurement))"
    r"|(?:personal|private|home|gmail|non-?work)\s+(?:email|address|phone|account|cell|inbox)\b"
    r"[^.!?\n]{0,50}?\b(?:so|instead|rather|to keep|avoid|that way)\b"
    r"|no paper trail|discreet(?:ly)?\b|on the quiet|on the q\.?t\.?"
    r"|(?:from|on|via|to|at|use) your (?:own )?(?:gmail|hotmail|yahoo|icloud|proton\w*|(?:personal|private) (?:email|address|"
    r"account|inbox|phone|cell|number))\b[^.!?\n]{0,30}?\b(?:instead|rather than|not (?:your|the) work)"
    r"|keep(?:ing)? (?:the )?(?:paperwork|paper trail|records?) (?:light|minimal|to a minimum|thin)"
    r"|(?:not|never|don'?t|rather not|best not|better not|prefer not)(?: to)? put (?:this|it|that|any of this|anything|"
    r"this one)(?: \w+)? in writing"
    r"|(?:keep|kept|leave|left|take|keeping) (?:it|this|that|the \w+|them)(?: \w+)? (?:off|out of) (?:the|your|any|[\w-]+'s) "
    r"(?:books|records|expense reports?|paperwork|crm|system|radar|gifts? (?:log|register))"
    r"|(?:wouldn'?t|won'?t|will not|would not|doesn'?t|does not|never) (?:show up|appear|be (?:recorded|"
    r"logged|traced|visible|noticed|reported))\b(?: (?:anywhere|on (?:any|the|your)|in (?:any|the|your)))?"
    r"|(?:colleagues|boss|manager|team|procurement|compliance|legal|finance|cfo|ceo|company|employer|anyone else|others)\s+"
    r"(?:don'?t|doesn'?t|do not|does not|won'?t|wouldn'?t|needn'?t)\s+(?:need|have|want)\s+(?:to (?:know|hear|see|be "
    r"told)(?: about (?:this|it|that))?(?=\s*[.!,;)]|\s+(?:and|for now|yet)\b)|the details|details)"
    r"|(?:nobody|no one) (?:would|will|'d|'ll) (?:ever )?(?:know|notice|find out))"
)

SECRECY = Rule(
    code="OR105",
    name="secrecy",
    category="bribe",
    severity="error",
    confidence=0.85,
    message="the gift is to be kept quiet: {quote}",
    suggestion="only give what the reader could show their manager; say so openly",
    what="Flags requests to keep a gift or an offer secret, away from procurement, compliance "
    "or the reader's manager.",
    why="Anti-bribery law and every gift policy ask that gifts be open and recorded; secrecy "
    "is what turns a gift into evidence of intent.",
    example="Let's keep this between us; no need to loop in procurement.",
    instead="Feel free to share the benchmark with your team and procurement.",
    check=phrase_check(_SECRECY, negatable=False),
    flag=(
        "Let's keep this between us.",
        "No need to mention the gift to procurement.",
        "Send me your personal email so this stays off the work account, that way it's simple.",
        "This doesn't need to go through compliance.",
        "Just keep it on the down-low for now.",
        "Best to keep this off procurement's radar. Can you reply from your Gmail instead?",
        "Your colleagues don't need the details; it's simpler that way.",
        "Probably best not to put any of this in writing.",
        "Let's keep the paperwork light on this one.",
    ),
    passes=(
        "Feel free to share the benchmark with procurement and your team.",
        "The difference between us and other carriers is the data.",
        "We log every gift in our register and you should too.",
    ),
)


def _regulated_check(scan: Scan) -> Iterator[Hit]:
    from outreach.checker.gifts import ITEM_PATTERN, estimate_item, rule_for_sector

    prospect = scan.prospect
    if prospect is None:
        return
    entry = rule_for_sector(prospect.sector, prospect.role)
    if entry is None:
        return
    own = scan.own
    for match in ITEM_PATTERN.finditer(own):
        start, end = match.span()
        if not scan.near(start, end, OFFER_CUE, 90, 60) or scan.negated(start):
            continue
        s_start, s_end = scan.doc.sentence_at(start)
        money = MONEY_RE.search(own, max(s_start, start - 40), min(s_end, end + 40))
        amount = value_of(money.group()) if money else None
        value = amount if amount is not None else estimate_item(match.group())
        if (
            entry.limit is not None
            and value <= entry.limit
            and not (
                entry.no_cash and match.group().lower().startswith(("gift card", "cash", "voucher"))
            )
        ):
            continue
        shown = _dollars(value) if amount is not None else f"about {_dollars(value)}"
        if entry.limit is None:
            limit = "no amount set"  # the data file may leave it open; every gift is shown
        elif entry.limit == 0:
            limit = "no non-educational items"
        else:
            limit = f"{_dollars(entry.limit)} per gift"
        yield start, end, f"{shown} vs {limit} for {entry.label} ({entry.source})"


def _dollars(value: float) -> str:
    """An amount as a reader writes it: "$1,500", "$12.50", "$1,500,000,000"."""
    return f"${value:,.2f}".removesuffix(".00")


REGULATED = Rule(
    code="OR106",
    name="regulated-recipient-gift",
    category="bribe",
    severity="error",
    confidence=0.75,
    message="a gift to a regulated recipient is over the limit: {quote} ({detail})",
    suggestion="give information or effort instead; check outreach/data/gift_rules.toml",
    what="With a prospect whose `sector` is government, healthcare or finance, flags gifts "
    "whose value (stated or estimated) is over the threshold in the gift rules data file.",
    why="Officials, clinicians and broker-dealer staff work under hard gift limits; a gift over "
    "them is a problem for the reader, not a kindness.",
    example="(prospect sector = healthcare) I'm sending a gift basket to the clinic.",
    instead="I'm sending the summary of the three trials you asked about.",
    check=_regulated_check,
    needs="prospect",
    flag=(
        Example(
            "To mark your promotion we've sent a gourmet basket (about $250) to your office.",
            prospect={"name": "Chidi Okonkwo", "sector": "finance"},
        ),
        Example(
            "I'm sending a gift basket to thank the clinic team.",
            prospect={"name": "Dr. Ana Ruiz", "sector": "healthcare"},
        ),
        Example(
            "Lunch is on us: I'll send a $45 lunch for the office.",
            prospect={"name": "Tom Hale", "sector": "government"},
        ),
        Example(
            "We'd love to send you a $150 bottle of wine.",
            prospect={"name": "Lee Park", "sector": "finance"},
        ),
    ),
    passes=(
        Example(
            "I'm aware of the city's gift rules, so nothing comes with this but the bug report.",
            prospect={"name": "Kwame Osei", "sector": "government"},
        ),
        Example(
            "I'm sending the summary of the three trials you mentioned.",
            prospect={"name": "Dr. Ana Ruiz", "sector": "healthcare"},
        ),
        Example(
            "I'm sending a $30 book on branch design.",
            prospect={"name": "Lee Park", "sector": "finance"},
        ),
        Example(
            "I'd be glad to present the methodology during your office hours.",
            prospect={"name": "Marion Hughes", "sector": "government"},
        ),
        Example(
            "We'd love to send you a gift basket.",
            prospect={"name": "Lee Park", "sector": "private"},
        ),
    ),
)

RULES = (CASH, LAVISH, CONDITIONAL, INDUCEMENT, SECRECY, REGULATED)
