"""OR5xx compliance: what cold-email law asks the copy to carry, by region.

The region comes from ``--region``/``CheckContext.region``, else ``[lint]
region``, else the prospect's country; without one these rules stay quiet.
They read the signature too (after ``-- ``): that is where the address and
the opt-out line usually live.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from outreach.checker.model import REGIONS, Example, Hit, Rule
from outreach.checker.patterns import Pattern, Regex
from outreach.checker.scan import Scan

IC = re.IGNORECASE

POSTAL_ADDRESS = Regex(
    r"\b\d{1,6}[A-Za-z]?\s+(?:[A-Z0-9][\w.'-]*\s+){1,5}(?:St|Street|Ave|Avenue|Rd|Road|Blvd|"
    r"Boulevard|Dr|Drive|Ln|Lane|Way|Pl|Place|Ct|Court|Pkwy|Parkway|Hwy|Highway|Sq|Square|Ter|"
    r"Terrace|Cir|Circle|Row|Plaza|Broadway|Trail|Pike|Suite|Ste|Floor)\b\.?"
    r"|\bP\.?\s?O\.?\s+Box\s+\d+"
    r"|\b[A-Z]{2}\s+\d{5}(?:-\d{4})?\b"  # US state + ZIP
    r"|\b[A-Z]\d[A-Z]\s?\d[A-Z]\d\b"  # Canadian postal code
    r"|\b[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}\b"  # UK postcode
    # EU "10115 Berlin", on one line; not the end of a phone number ("555-0147")
    r"|(?<![-.])\b\d{4,5}[ \t]+[A-Z][a-zäöüé]+(?:\s|,|$)"
    # Polish and Portuguese postcodes, a place name after them: "31-147 Kraków", "1100-053 Lisboa"
    r"|\b\d{2}-\d{3}[ \t]+[A-ZÀ-ÞĄĆĘŁŃÓŚŹŻ][A-Za-zà-ÿąćęłńóśźżĄĆĘŁŃÓŚŹŻ]+\b(?![ \t]+[a-z])(?!\.)"
    r"|\b\d{4}-\d{3}[ \t]+[A-ZÀ-Þ][A-Za-zà-ÿÀ-Þ]+\b(?![ \t]+[a-z])",
)
_OPT_OUT = Regex(
    r"\b(?:unsubscribe|opt[- ]?out|opt me out|remove (?:you|me|yourself) from|(?:rather|prefer) "
    r"not (?:to )?(?:hear|get|receive)|(?:won'?t|will not|never) (?:write|email|e-mail|contact|"
    r"reach out to|bother) (?:you )?again|reply (?:with )?[\"']?(?:stop|no|remove|unsubscribe|"
    r"not interested|stopp?|abmelden|désabonner)\b|abmeld\w*|d[ée]sinscri\w*|se d[ée]sabonner|"
    r"widersprechen|widerspruch|right to object|vous opposer|droit d'opposition|opposizione|"
    r"(?:reply|respond|r[ée]pondant|r[ée]pondez|antwort\w*|answer)\s+(?:with\s+|mit\s+|par\s+)?"
    r"[\"'«„“]?\s*(?:stop|stopp|no|unsubscribe|remove)\b|"
    r"object to (?:the |this |our |any )?(?:processing|use)|"
    r"no longer (?:wish|want) to (?:hear|receive)|stop (?:these|hearing|"
    r"receiving|emails)|manage (?:your )?(?:email )?preferences|not interested\? (?:just )?"
    r"(?:reply|let me know)|let me know and i(?:'ll| will) (?:stop|not write)"
    # plainer ways to say it: "if you'd rather I didn't get in touch again, just say so",
    # "if you'd like me to stop following up, just reply", "tell me and I'll leave you be"
    r"|(?:rather|prefer) (?:i|we) (?:didn'?t|did not|don'?t|not|stop(?:ped)?)\s+(?:\w+\s+)?"
    r"(?:get in touch|write|email|e-mail|contact|follow(?:ing)? up|reach(?:ing)? out)"
    r"|(?:like|want|prefer) (?:me|us) to stop (?:following up|emailing|writing|getting in touch|"
    r"contacting|reaching out)|(?:stop|end) (?:following up|emailing you|writing to you|"
    r"contacting you)|leave you (?:be|alone|in peace)|close (?:the|this) thread"
    r"|take you off (?:my|our|the) list|(?:won'?t|will not|never|not) (?:write|email|e-mail|"
    r"contact you|reach out|follow up|get in touch)(?: with you)? again"
    r"|by replying [\"'‘“]?(?:remove|stop|no|unsubscribe)\b|afmelden"
    r"|no further (?:e-?mails|messages)|désinscription|darse de baja"
    r"|cancelar (?:la )?suscripci[oó]n"
    r"|avmelda|non ricevere (?:altre|più|ulteriori) (?:e-?mail|email|comunicazioni|messaggi)"
    r"|cancellami|disiscriv\w*|stops? (?:further|future|more) (?:e-?mails|messages)|"
    r"(?:i|we)(?:'ll| will) stop (?:emailing|writing|contacting|e-?mailing)(?: you)?"
    r"(?=\s*(?:[.!,;]|$))|"
    r"rezygnuj\w*)",
    IC,
)
_RIGHT_TO_OBJECT = Regex(
    r"\b(?:right to object|(?:can|may|are free to|have the right to) object\b|"
    r"object to (?:the |this |our |any )?(?:processing|use of your|"
    r"(?:direct )?marketing)|(?:widerspruch|widersprechen)|droit d'opposition|"
    r"ask us to stop (?:processing|using) your (?:personal )?data|(?:art(?:icle)?\.?\s*21)|"
    r"(?:tell|ask) us(?: at any time)? to stop (?:processing|using) your (?:personal )?"
    r"(?:data|details|information)|"
    r"vous opposer|opposizione al trattamento)",
    IC,
)
# A name's first letter, "É" and "Ł" too: upper-case letters only.
_CAPITAL = "[A-ZÀ-ÖØ-ÞĀĂĄĆĈĊČĎĐĒĔĖĘĚĜĞĠĢĤĦĨĪĬĮİĲĴĶĹĻĽĿŁŃŅŇŊŌŎŐŒŔŖŘŚŜŞŠŢŤŦŨŪŬŮŰŲŴŶŸŹŻŽ]"
_NAME = _CAPITAL + r"[\w'.-]+(?:[ \t]+" + _CAPITAL + r"[\w'.-]+){0,3}"  # one to four words
_SIGN_OFF = Regex(
    r"(?m:^[ \t]*(?:[-–—~][ \t]*)?(?!(?:Thanks|Thank|Best|Cheers|Regards|Sincerely|Warmly|Yours|"
    r"Hi|Hello|Hey|Dear|Hope|Talk|Ps|P\.S|Ciao|Hola|Bonjour|Hallo|Hej|Hei|Ol[áa]|Salut|Buongiorno|"
    r"Buenos|Guten|Merhaba|Greetings|Good|Moin|Servus|Hoi|Dag|Ahoj|Namaste|Kia)\b)"
    + _NAME
    + r"[ \t]*(?:[,|–—-].*)?$)"
    + r"|(?mi:^[ \t]*(?:best|thanks|thank you|cheers|regards|best regards|kind regards|warm "
    r"regards|warmly|sincerely|all the best|talk soon|yours|many thanks|with thanks)[ \t]*[,.!-]?"
    r"[ \t]*(?:[-–—][ \t]*)?(?-i:[A-Z][A-Za-z'.-]+))"
)


def _last_lines(scan: Scan, count: int = 12) -> str:
    """The last lines that carry the sender's words, where a sign-off stands."""
    text = scan.doc.signed.rstrip()
    cut = len(text)
    for _ in range(count):
        cut = text.rfind("\n", 0, cut - 1)
        if cut <= 0:
            cut = 0
            break
    return text[cut:]


def _closing_lines(scan: Scan) -> str:
    """``_last_lines``, without a short email's greeting: "Hugh," names the reader."""
    text = _last_lines(scan)
    body = scan.doc.signed.rstrip()
    if body[: len(body) - len(text)].strip():
        return text  # the greeting is above these lines
    # The lines run from the top: the greeting is the first line after the headers.
    greeting = _BARE_GREETING.match(body, scan.doc.body_start)
    return body[greeting.end() :] if greeting else text


_BARE_GREETING = Regex(r"\s*" + _NAME + r",[ \t]*(?:\n|$)")


def _signed(scan: Scan) -> str:
    """All of the sender's words, the signature too: where the address and opt-out live."""
    return scan.doc.signed


def _end(scan: Scan) -> int:
    """Where a 'missing' finding points: the end of the sender's text."""
    text = scan.doc.signed.rstrip()
    line_start = text.rfind("\n") + 1
    return max(line_start, len(text) - 1) if text else 0


def _missing(
    scan: Scan,
    regions: tuple[str, ...],
    pattern: Pattern,
    within: Callable[[Scan], str] = _signed,
) -> Iterator[Hit]:
    """A finding at the end of the text when ``pattern`` is not ``within`` it, in ``regions``."""
    if scan.region not in regions or not scan.doc.signed.strip():
        return
    if pattern.search(within(scan)):
        return
    end = _end(scan)
    yield end, end + 1, scan.region.upper()


def _address(scan: Scan) -> Iterator[Hit]:
    sender = scan.sender
    if sender and sender.postal_address and sender.postal_address in scan.doc.signed:
        return
    yield from _missing(scan, ("us", "ca"), POSTAL_ADDRESS)


def _opt_out(scan: Scan) -> Iterator[Hit]:
    yield from _missing(scan, REGIONS, _OPT_OUT)


def _object(scan: Scan) -> Iterator[Hit]:
    yield from _missing(scan, ("eu",), _RIGHT_TO_OBJECT)


def _identity(scan: Scan) -> Iterator[Hit]:
    sender = scan.sender
    if sender and sender.name and sender.name in scan.doc.signed:
        return
    yield from _missing(scan, REGIONS, _SIGN_OFF, within=_closing_lines)


_SIGNED = "Thanks,\nDana Reyes\nFieldnote Analytics"
_US_OK = (
    "Here's the memo.\n\n-- \nDana Reyes, Fieldnote Analytics\n500 Market St, Suite 200, "
    'Chicago, IL 60606\nReply "no" and I won\'t write again.'
)

ADDRESS = Rule(
    code="OR501",
    name="missing-postal-address",
    category="compliance",
    severity="error",
    confidence=0.8,
    message="no postal address for {detail} law (CAN-SPAM/CASL): add one to the signature",
    suggestion="set [sender] postal_address; it is appended to every draft",
    what="With region us or ca, flags a message with no physical postal address of the sender.",
    why="CAN-SPAM (US, B2B included) and CASL (Canada) require a valid postal address in "
    "every commercial email.",
    example="Thanks,\nDana  (no address anywhere)",
    instead="Dana Reyes, Fieldnote Analytics\n500 Market St, Suite 200, Chicago, IL 60606",
    check=_address,
    needs="region",
    flag=(
        Example("Here's the memo.\n\n" + _SIGNED, region="us"),
        Example(  # a phone number is no postal address
            "Here's the memo.\n\nBest,\nAlex Moreno\nNorthbeam Creative\n"
            "alex@northbeam.com | (415) 555-0147\nIf this isn't relevant, reply 'unsubscribe'.",
            region="us",
        ),
        Example(
            "We help teams of 10-250 People cut churn.\n\nDana Reyes\nReply STOP to opt out.",
            region="us",
        ),
    ),
    passes=(
        Example(_US_OK, region="us"),
        Example("Here's the memo.\n\n" + _SIGNED),
        Example(
            "Here's the memo.\n\nLotte Maes\nFindra BV, Kortrijksesteenweg 300, 9000 Gent\n"
            "Reply 'unsubscribe' to stop.",
            region="us",
        ),
    ),
)

OPT_OUT = Rule(
    code="OR502",
    name="missing-opt-out",
    category="compliance",
    severity="error",
    confidence=0.8,
    message="no way to opt out for {detail} law: add an opt-out line",
    suggestion="set [sender] opt_out, e.g. 'Reply \"no\" and I won't write again.'",
    what="With any region, flags a message that gives the reader no clear way to opt out.",
    why="CAN-SPAM, CASL and PECR require a working opt-out honoured within days; an opt-out "
    "also keeps a cold sender out of the spam folder.",
    example="Thanks,\nDana  (no opt-out)",
    instead="If you'd rather not hear from me, reply \"no\" and I won't write again.",
    check=_opt_out,
    needs="region",
    flag=(
        Example("Here's the memo.\n\n" + _SIGNED, region="uk"),
        Example(
            "Once a carrier misses two pickups, we'll stop emailing them loads automatically."
            "\n\nDana Reyes\n500 Market St, Suite 200, Chicago, IL 60606",
            region="us",
        ),
    ),
    passes=(
        Example(
            "Thanks again.\n\nJoost Verbeek\nRosterly B.V.\n"
            'Prefer no further emails? Reply "afmelden".',
            region="eu",
        ),
        Example(_US_OK, region="us"),
        Example("Here's the memo.\n\n" + _SIGNED),
        Example(
            "Here's the guide.\n\nIf you'd rather I didn't get in touch again, just say so.\n\n"
            "Oliver Grant\nLedgerline Ltd, Manchester",
            region="uk",
        ),
        Example(
            "Here's the guide.\n\nIf now's not the time, tell me and I'll leave you be.\n\n"
            "Priya Shah",
            region="uk",
        ),
        Example(
            "Matteo Rinaldi\nVignaSafe S.r.l.\n"
            'Per non ricevere altre email, rispondi "cancellami".',
            region="eu",
        ),
        Example(
            'You can object to that processing at any time. A one-word reply like "no" also stops '
            "further emails.\n\nGiulia Rinaldi\nCantina Valbruna",
            region="eu",
        ),
        Example(
            "Rosie Hartnell\nMaltings & Co., Station Road, Newark NG24 1BY\n\n"
            "Say the word and I'll stop emailing.",
            region="uk",
        ),
    ),
)

RIGHT_TO_OBJECT = Rule(
    code="OR503",
    name="missing-right-to-object",
    category="compliance",
    severity="error",
    confidence=0.8,
    message="the first {detail} message does not state the right to object (GDPR Art. 21(4))",
    suggestion="add: 'You can object to our use of your data at any time; reply \"stop\".'",
    what="With region eu at stage first-touch, flags a message that does not tell the reader "
    "they may object to the processing of their data.",
    why="GDPR Art. 21(4) requires the right to object to be brought to the data subject's "
    "attention at the latest in the first communication.",
    example="(region eu) Thanks, Dana.  (no mention of the right to object)",
    instead='You have the right to object to our processing of your data; reply "stop".',
    check=_object,
    needs="region",
    stages=("first-touch",),
    flag=(Example("Here's the memo.\n\n" + _SIGNED + "\nReply 'stop' to opt out.", region="eu"),),
    passes=(
        Example(
            "Here's the memo.\n\n"
            + _SIGNED
            + "\nYou have the right to object to our use of your data: reply 'stop'.",
            region="eu",
        ),
        Example("Here's the memo.\n\n" + _SIGNED, region="us"),
        Example(
            "Here's the profile.\n\nOskar Nilsson\nTalentbridge AB\n\nYou can object to that at "
            "any time by replying 'remove'.",
            region="eu",
        ),
        Example(
            "Under GDPR you can tell us at any time to stop processing your details; reply 'baja' "
            "to stop receiving emails.\n\nLucía Ortega",
            region="eu",
        ),
    ),
)

IDENTITY = Rule(
    code="OR504",
    name="missing-sender-identity",
    category="compliance",
    severity="error",
    confidence=0.7,
    message="the sender is not identified for {detail} law: sign with a name and company",
    suggestion="set [sender] name and signature; they are appended to every draft",
    what="With any region, flags a message that ends without a name identifying the sender.",
    why="CASL, PECR and the EU e-commerce rules require the sender to be identified; CAN-SPAM "
    "forbids misleading senders. An unsigned cold email also reads as automated.",
    example="Here's the memo. Let me know what you think!",
    instead="Here's the memo.\n\nDana Reyes\nFieldnote Analytics",
    check=_identity,
    needs="region",
    flag=(
        Example("here's the memo, let me know what you think!", region="ca"),
        Example(
            "Ciao Matteo,\n\nHere is the label checklist.\n\nYou may object to our use of your "
            "details at any time; reply 'no'.\n\nBest wishes",
            region="eu",
        ),
        Example(
            "Hugh,\n\nYour post on seasonal labour hit home. Would a visit in January help?\n\n"
            'Unsubscribe any time by replying "no".',
            region="uk",
        ),
        Example(
            "Émilie,\n\nYour post hit home. Would a visit help?\n\n"
            'Unsubscribe any time by replying "no".',
            region="uk",
        ),
        Example(  # the greeting after a subject line is still no signature
            "Subject: Seasonal labour\n\nHugh,\n\nYour post hit home. Would a visit help?\n\n"
            'Unsubscribe any time by replying "no".',
            region="uk",
        ),
    ),
    passes=(
        Example(_US_OK, region="us"),
        Example("here's the memo."),
        Example(
            "Would a demo help?\n\nZ poważaniem,\nPiotr Zieliński\n"
            "GuidePrint Sp. z o.o., ul. Długa 12, 31-147 Kraków\n\n"
            'You may object to the processing of your data; reply "rezygnuję" to opt out.',
            region="eu",
        ),
    ),
)

RULES = (ADDRESS, OPT_OUT, RIGHT_TO_OBJECT, IDENTITY)
