# ruff: noqa: E501  (regex phrase families read best unbroken)
"""OR3xx generic: merge tags left unfilled, stock openers, mass-produced gifts."""

from __future__ import annotations

import re
from collections.abc import Iterator

from outreach.checker.model import Example, Hit, Rule
from outreach.checker.patterns import Regex
from outreach.checker.scan import FastPattern, Scan, StartRegex, any_of, needs, phrase_check

IC = re.IGNORECASE

_PLACEHOLDER_WORDS = (
    r"(?i:first|last|full|company|business|organi[sz]ation|org|title|role|position|industry|city|"
    r"state|country|prospect|contact|recipient|client|customer|insert|your|their|his|her|date|"
    r"product|pain ?point|competitor|job|website|url|personali[sz]\w*|relevant|specific|tbd|tk|"
    r"placeholder|metric|stat|achievement|event|topic|team|department|location|name|firstname|"
    r"lastname|companyname|fname|lname|account|sender|rep|signature|calendar|link|mutual|"
    r"connection|trigger|recent|custom|variable|field|value|number)"
)

_MERGE_TAG = (
    r"(?:\{\{[^{}\n]{0,80}\}\}"  # {{first_name}}, {{ contact.name | default: "there" }}
    r"|\{%[^%\n]{0,80}%\}"  # {% if company %}
    r"|(?<![{$#\w])\{\s*!?[A-Za-z_][\w.]*(?:\s*[|:,][^{}\n]{0,40})?\s*\}(?!\})"  # {FirstName}
    r"|\{\s*(?:[\w'-]+\s+){0,3}?"
    + _PLACEHOLDER_WORDS
    + r"(?:[\s_-][\w'-]+){0,3}\s*\}"  # {first name}
    r"|\(\s*(?i:first[ _]?name|last[ _]?name|full[ _]?name|company(?:[ _]name)?|name|job[ _]title|title|industry|"
    r"city|prospect(?:[ _]name)?|contact(?:[ _]name)?|recipient|insert [\w ]{1,30})\s*\)"  # (Company)
    r"|\$\{[^}\n]{1,60}\}"  # ${firstName}
    r"|#\{[^}\n]{1,60}\}"  # #{first_name}
    r"|\[\[[^\]\n]{1,60}\]\]"  # [[first_name]]
    r"|\*\|[A-Za-z0-9_:]+(?:\|[^|*\n]{0,30})?\|\*"  # *|FNAME|*
    r"|%%?[A-Za-z_][\w.]{1,40}%%?(?!\w)"  # %FIRSTNAME%, %%company%%
    r"|<\s*(?i:first|last|full|company|contact|prospect|recipient|job|your|insert|name|title|city|industry)[\w .-]{0,30}>|"
    r"\$[A-Za-z_][\w.]{1,40}\$|"
    r"<<\s*[A-Za-z][\w .]{0,40}>>|«[A-Za-z_][\w.]{0,40}»"  # <<Name>>, «First_Name»
    r"|\[\s*(?:[A-Z][A-Z0-9]*(?:[ _-][A-Z0-9]+)*|(?:[\w'-]+\s+){0,4}?"
    + _PLACEHOLDER_WORDS
    + r"(?:[\s_-][\w'-]+){0,5})\s*\](?!\()"  # [Company Name], [FIRST_NAME], [insert stat]
    r")"
)
# Bare field names and XXX fillers: a separate pattern, so the one above can skip
# quickly to the punctuation its alternatives start with.
_FIELD_NAME = (
    r"\b(?:FNAME|LNAME|FIRST_?NAME|LAST_?NAME|COMPANY_?NAME|FULL_?NAME|JOB_?TITLE|FirstName|"
    r"LastName|CompanyName|first_name|last_name|company_name|XXX+|xxx+)\b|\bXX(?=%)"
)
_NOT_TAG_BRACKET = Regex(
    r"\[(?:image|img|cid|photo|picture|logo|attachment|video|pdf|link|1|2|3|\d+|x|\s*)[:\]]", IC
)


# Not fields a mail merge fills: data formats, Windows variables, code.
_NOT_A_FIELD = Regex(
    r"[{%$\[(<]+\s*(?:json|yaml|xml|html|csv|sql|appdata|localappdata|userprofile|programfiles|"
    r"systemroot|windir|temp|tmp|path|homepath|homedrive|username|computername)\s*[}%\])>]+",
    IC,
)
# Code spans and quotations: `{{ author.name }}` in backticks is code, and "the reminder
# arrived as "Dear {!Contact.FirstName}," reports someone else's leak. A quotation of the tag
# alone ('your post "{{post_title}}"') is still a leak.
_QUOTED = Regex(r"`[^`\n]{1,200}`|\"[^\"\n]{1,200}\"|“[^”\n]{1,200}”")


def _quotes_around(own: str, start: int, end: int, match: re.Match[str]) -> bool:
    if not (start < match.start() and match.end() < end):
        return False
    if own[start] == "`":
        return True
    rest = own[start + 1 : match.start()] + own[match.end() : end - 1]
    return bool(re.search(r"[A-Za-z]{2}", rest))


def _merge_tags(scan: Scan) -> Iterator[Hit]:
    own = scan.own
    quoted: list[tuple[int, int]] | None = None
    for match in (*_MERGE_TAG_RE.finditer(own), *_FIELD_NAME_RE.finditer(own)):
        text = match.group()
        if text.startswith("[") and _NOT_TAG_BRACKET.match(text):
            continue
        if text.startswith("%") and not re.fullmatch(r"%%?[A-Za-z_][\w.]*%%?", text):
            continue
        if _NOT_A_FIELD.fullmatch(text) or own[match.end() : match.end() + 1] == "\\":
            continue  # a file path: %APPDATA%\Fieldnote
        if quoted is None:
            quoted = [m.span() for m in _QUOTED.finditer(own)]
        if any(_quotes_around(own, start, end, match) for start, end in quoted):
            continue
        yield match.start(), match.end(), ""


_MERGE_TAG_RE = StartRegex(_MERGE_TAG)
_FIELD_NAME_RE = StartRegex(_FIELD_NAME)
_EMPTY_FIELD = (
    r"(?m:^[ \t]*(?:hi|hello|hey|dear|good (?:morning|afternoon)|greetings)[ \t]+[,!:;])"
    r"|(?m:^[ \t]*dear[ \t]*[,!:;])"
    r"|(?i:\b(?:hi|hello|hey|dear)\s+(?:first\s?name|name|contact|prospect|recipient|there\s+name)"
    r"\s*[,!])"
    r"|\b(?:at|with|for|from|about|to|in|on|of)\s+(?:your\s+)?[,.!?;](?=\s|$)"
    r"|\byour\s+(?:team\s+)?at\s+[,.!?](?=\s|$)"
)

MERGE_TAG = Rule(
    code="OR301",
    name="unfilled-merge-tag",
    category="generic",
    severity="error",
    confidence=0.95,
    message="a merge tag was never filled: {quote}",
    suggestion="fill the field or rewrite the sentence; never send a template's bones",
    what="Flags placeholders in every common syntax: {{first_name}}, {FirstName}, [Company "
    "Name], %FIRSTNAME%, <<Name>>, *|FNAME|*, ${name}, with filters or fallbacks, and "
    "fields that rendered empty ('Hi ,').",
    why="A leaked merge tag proves the email is a mass mailing and the gift generic: the "
    "reader stops reading, and the sender looks careless.",
    example="Hi {{first_name | default: 'there'}}, I loved what [Company Name] is doing.",
    instead="Hi Priya, I read your post about missed dock appointments at Northwind.",
    check=any_of(_merge_tags, phrase_check(_EMPTY_FIELD, negatable=False)),
    flag=(
        'Loved your post "{{post_title}}" on dock scheduling.',
        "Hi {{first_name}}, quick note.",
        "Hi {FirstName}, I saw the news.",
        "I loved what [Company Name] is doing with routing.",
        "Dear %FIRSTNAME%,",
        "Hello <<Name>>, congrats on the launch.",
        'Hi {{ contact.first_name | default: "there" }},',
        "Hi ,\n\nI read your post.",
        "Hey *|FNAME|*, here's the report.",
        "Hey {first name}, loved the news.",
        "I noticed (Company) is hiring three SDRs in Denver.",
        "Hi $first_name$, we cut invoice matching time in half.",
        "Hi <Name>, congrats on the new warehouse.",
        "Congrats on the [recent achievement] at your company.",
    ),
    passes=(
        "The docs build the URL as `${baseUrl}/v2/orders`; the body must be raw {JSON}.",
        "The installer writes to %APPDATA%\\Roaming\\Fieldnote, one Roaming too many.",
        'Your renewal reminder arrived as "Dear {!Contact.FirstName}," for the whole batch.',
        "Hi Priya, I read your post about dock appointments.",
        "We saw a 30% drop [1] in no-shows.",
        "See the [benchmark](https://example.com/b) for details.",
        "Margins improved 12% over the quarter.",
        "[image: logo]",
        "Our API (version 2) returns the rate in one call.",
    ),
)

_OPENER = (
    r"\b(?:(?:i |we )?(?:hope|trust) (?:this|my) (?:e-?mail|message|note|letter) (?:finds|reaches) "
    r"you(?: well| in good (?:health|spirits))?"
    r"|(?:i |we )?(?:hope|trust) you (?:had|have|are having|'re having) a (?:great|good|wonderful|fantastic|productive|lovely|"
    r"relaxing|restful) (?:day|week|weekend|morning|holiday|break|start)|(?:i |we )?trust you(?:'re| are) (?:doing )?"
    r"(?:great|well|good|fine)|(?:help|helping) (?:companies|businesses|teams|organi[sz]ations|brands) like yours "
    r"(?:achieve|reach|hit|grow|succeed|scale)"
    r"|(?:i |we )?hope (?:you(?:'re| are) (?:doing )?well|all is well|you(?:'re| are) having a "
    r"(?:great|good|wonderful|fantastic|productive|lovely) (?:day|week|weekend|morning)|this finds "
    r"you well|you(?:'re| are) (?:keeping )?(?:safe|well) and)"
    r"|dear (?:sir|madam|sir or madam|sir/madam|sirs|valued (?:customer|client|partner)|"
    r"friend|colleague|business owner|decision[- ]maker|hiring manager)\b"
    r"|to whom it may concern|greetings of the day"
    r"|(?:i'?m |i am |just |(?:i |we )?wanted to )(?:checking in|check in|following up|follow up|circling back|"
    r"circle back|touching base|touch base|bumping (?:this|my))|(?:bump|float|bubbl|nudg|push|popp?|resurfac|mov)(?:e|es|ed|s|ing)? (?:this|my (?:note|email|message)) (?:back )?(?:up|to the top)\b|(?:bumping|floating|bubbling|nudging|pushing|popping|"
    r"resurfacing|moving) (?:this|my (?:note|email|message)) (?:back )?(?:up|to the top)\b"
    r"|(?:^|(?<=[.!?]\s)|(?<=\n))\s*(?:touching base|checking in|circling back)\b"
    r"|following up on my (?:last|previous|earlier|prior) (?:e-?mail|note|message)"
    r"|allow me to introduce myself|my name is \w+(?: \w+)? and i(?:'m| am| work)"
    r"|i came across your (?:profile|company|website|linkedin)"
    r"|i know you(?:'re| are) (?:busy|a busy)|i'?ll keep this (?:short|brief)"
    r"|(?:i |we )?wanted to reach out (?:to introduce|and introduce|because)"
    r"|(?:i am|i'?m|we are|we'?re) writing to introduce|(?:a|the) (?:leading|premier|trusted|top) "
    r"(?:global )?(?:provider|supplier|vendor|partner) of|greetings from \w+|one-stop shop"
    r"|world[- ]class (?:solutions|services)|cutting[- ]edge|best[- ]in[- ]class|businesses of all sizes"
    r"|(?:innovative|turnkey|end-to-end|next[- ]gen(?:eration)?) solutions"
    r"|hope you and your (?:loved ones|family|families|team) are (?:doing )?well"
    r"|hope you(?:'re| are) (?:staying )?(?:safe|healthy)"
    r"|(?:i |we )?wanted to share something (?:that )?(?:might|may|could|would) be"
    r"|as per my (?:last|previous|earlier) (?:e-?mail|mail|message)|for your kind (?:perusal|consideration|attention)"
    r"|(?:i'?m sure|i know|i imagine|i bet) you (?:get|receive) (?:a lot of|tons of|lots of|so many|many|hundreds of|"
    r"dozens of|plenty of) (?:\w+ )?(?:emails?|messages|pitches|requests)"
    r"|(?:we are|we'?re) a (?:team|group) of (?:passionate|dedicated|experienced|talented|highly skilled|seasoned)"
    r"|(?:delivering|deliver|drive|driving|add|adding) (?:real |tangible |measurable )?value to (?:our )?(?:clients|customers|"
    r"businesses|organi[sz]ations)"
    r"|(?:regarding|about) an? (?:exciting |unique |great |potential )?(?:business )?opportunity"
    r"|your (?:esteemed|reputed|good) (?:organi[sz]ation|company|firm|institution|business|office)"
    r"|(?:helpful|useful|valuable|of interest) (?:for|to) you and your (?:company|team|business|organi[sz]ation))"
)

STOCK_OPENER = Rule(
    code="OR302",
    name="stock-opener",
    category="generic",
    severity="warning",
    confidence=0.9,
    message="a stock phrase any sender could write: {quote}",
    suggestion="open with the specific thing you noticed or the gift itself",
    what="Flags openers and filler that fit any email: 'I hope this email finds you well', "
    "'Dear Sir/Madam', 'just checking in', 'I came across your profile'.",
    why="Generic copy signals a mass mailing. The gift's power comes from being personal; a "
    "stock opener spends the first line proving it is not.",
    example="I hope this email finds you well. I'm just checking in.",
    instead="Your post about missed dock appointments made me pull our numbers for Illinois.",
    check=phrase_check(_OPENER, negatable=False),
    flag=(
        "I hope this email finds you well.",
        "Dear Sir/Madam, we are a leading provider.",
        "Just checking in on my last note.",
        "Hope you're doing well! Quick one for you.",
        "To whom it may concern,",
        "Just bubbling this back up in your inbox.",
        "I'm sure you get a lot of emails like this.",
        "Hope you had a great weekend!",
        "Just wanted to float this to the top of your inbox.",
        "Trust you are doing great. We help companies like yours achieve their goals.",
        "I am reaching out regarding an opportunity for your esteemed organisation.",
    ),
    passes=(
        "Your post about missed dock appointments made me pull our numbers.",
        "I hope the Joliet opening went smoothly.",
    ),
)

_GENERIC_GIFT = (
    r"\b(?:(?:our|a|this|my)\s+(?:free\s+|latest\s+|new\s+|company\s+|annual\s+|standard\s+|"
    r"quarterly\s+|product\s+|corporate\s+|general\s+|digital\s+|full\s+)*(?:brochure|catalog(?:ue)?|"
    r"e-?book|white ?paper|newsletter|one-pager|sales deck|pitch deck|company profile|product (?:sheet|overview|"
    r"guide|tour)|media kit|company overview|capabilities deck|case stud(?:y|ies)|swag(?: box| bag)?|"
    r"branded \w+|logo \w+|promo(?:tional)? (?!codes?\b)\w+|tote bag|(?:company |logo |branded )?(?:mug|t-shirt|"
    r"tee|hoodie|water bottle|pen|stickers?|notebook)|generic (?:guide|report)"
    r"|\d{4} (?:state of [\w-]+(?: [\w-]+)? |annual |industry |benchmark )?report)"
    r"|(?:everyone(?!'s)|(?:\w+ )?(?:leaders|professionals|marketers|founders|executives|teams) everywhere|"
    r"all (?:of )?our (?:clients|customers|contacts|prospects|subscribers)|our (?:whole|"
    r"entire|mailing) list|every (?:prospect|company|contact|client|customer|partner) (?:we|on|in|of)|every \w+(?: \w+){0,3} (?:on|in) our "
    r"(?:list|database|network|crm|mailing list))"
    r"|same (?:gift|package|box|swag) (?:we|that we) (?:send|sent|give))"
)
_GENERIC_GIFT_RE = FastPattern(_GENERIC_GIFT)
_SPECIFIC = FastPattern(
    r"\b(?:your\s+(?:\w+\s+){0,2}?(?:post|article|talk|keynote|podcast|interview|launch|"
    r"announcement|expansion|hiring|hires|round|funding|migration|rollout|opening|acquisition|"
    r"promotion|comment|question|thread|paper|presentation|panel|webinar|episode|plant|warehouse|"
    r"clinic|store|stores|site|sites|facility|fleet|stack|docs|repo|roadmap|pricing page|"
    r"job (?:post|ad|listing)|careers page|10-k|earnings|filing|q[1-4])"
    r"|(?:i|we) (?:saw|read|noticed|heard|listened|watched|caught|enjoyed|loved|liked|spotted)"
    r"|congrat\w*|\b(?:since|after) you\b|\b(?:because|since|as) your\b|(?:picked|chose|selected) (?:it|this|these)|you (?:mentioned|said|wrote|asked|posted|shared|tweeted)"
    r"|(?:built|made|wrote|pulled|ran|put together|tailored|customi[sz]ed) (?:this |it |a \w+ )?"
    r"(?:for|around|from) your)",
)
_OFFERED = Regex(
    r"\b(?:send(?:ing)?|sent|here'?s|here is|attach(?:ed|ing)?|enclosed|sharing|share|download|grab|mail"
    r"(?:ing)?|ship(?:s|ping)?|included|gift|check out|take a look|link|getting)\b",
    IC,
)


_SOURCE_NOT_GIFT = Regex(r"\b(?:from|in|through|via|of|on)\s+$", IC)


@needs(_GENERIC_GIFT_RE)
def _mass_gift(scan: Scan) -> Iterator[Hit]:
    own = scan.own
    gifts = _GENERIC_GIFT_RE.finditer(scan)
    first = next(gifts, None)
    if first is None:
        return
    if next(_SPECIFIC.finditer(scan), None) is not None:
        return
    prospect = scan.prospect
    if prospect is not None:
        low = own.lower()
        known = [prospect.company, *prospect.facts]
        for item in known:
            for word in re.findall(r"[A-Za-z][A-Za-z0-9'-]{4,}", item):
                if word.lower() in low and word.lower() not in _COMMON:
                    return
    for match in (first, *gifts):
        if (
            scan.near(match.start(), match.end(), _OFFERED, 80, 60)
            and not scan.negated(match.start())
            and not scan.occurs(_SOURCE_NOT_GIFT, max(0, match.start() - 10), match.start())
        ):
            yield match.start(), match.end(), ""
            return


_COMMON = frozenset(
    [
        "about",
        "after",
        "their",
        "there",
        "which",
        "would",
        "could",
        "should",
        "these",
        "those",
        "other",
        "where",
        "while",
        "your",
        "with",
        "from",
        "this",
        "that",
        "have",
        "been",
        "team",
        "teams",
        "company",
        "years",
        "month",
        "months",
    ]
)

MASS_GIFT = Rule(
    code="OR303",
    name="mass-produced-gift",
    category="generic",
    severity="warning",
    confidence=0.6,
    message="the gift is mass-produced, with nothing specific to the reader: {quote}",
    suggestion="tailor the gift: name what you noticed about them and what you made for them",
    what="Flags a brochure, e-book, case study, swag or other stock gift offered in a message "
    "that says nothing specific about the reader.",
    why="Reciprocity follows perceived value. A generic gift costs the reader time and "
    "signals that they are one of thousands: it creates no obligation, only unsubscribes.",
    example="Here's our latest e-book on supply chain trends.",
    instead="Your post on overtime made me pull no-show rates for Illinois cross-docks: attached.",
    check=_mass_gift,
    stages=("first-touch", "thank"),
    flag=(
        "We're excited to share our 2025 State of Marketing Report with marketing leaders "
        "everywhere! Get your free copy at our site.",
        "Every VP of Engineering on our list is getting a brand-new iPad Air, and yours ships tomorrow.",
        "We're sending every marketing leader on our list a free copy of our e-book.",
        "We're sending every contact in our network the same thank-you: a mug and our annual "
        "e-book.",
        "Hi Jordan,\n\nI'm attaching our latest e-book on supply chain trends. Enjoy!",
        "Sending you our company brochure and a branded mug.",
        "We're sending the same swag box we send all our clients.",
    ),
    passes=(
        "I read your post on overtime and pulled our case study on cross-docks for you.",
        "Congrats on the Joliet opening! Here's our case study on cross-docks.",
        "The slides and the attendee list, shared with everyone's permission, are attached.",
        Example(
            "Here's our case study on cross-docks, with a page on Joliet.",
            prospect={"name": "Priya Raman", "facts": ["opened a cross-dock in Joliet"]},
        ),
    ),
)

RULES = (MERGE_TAG, STOCK_OPENER, MASS_GIFT)
