"""OR4xx grounding: specific claims about the reader that the prospect file does not back.

A claim is "about the reader" when the nearest person reference before it
in the sentence is the reader (``your``, ``you`` as a subject, their name or
company, or a congratulation), not the sender (``we``, ``our``, ``I``). A
specific token in such a claim (a number, a capitalised name, a month, an
event word) must appear in the prospect's fields or facts, else it is
flagged. Tokens the sender's own data contains are the sender's claims.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from outreach.checker.model import Example, Hit, Rule
from outreach.checker.patterns import Pattern, Regex
from outreach.checker.scan import Scan
from outreach.models import Prospect, Sender

IC = re.IGNORECASE

_READER = Regex(
    r"\byour(?:s(?!,? (?:sincerely|truly|faithfully|ever)\b)|self)?\b"  # not "Yours sincerely"
    r"|(?:^\s*|[,;:(]\s*|\b(?:and|but|that|since|as|when|if|how|so|"
    r"because|where|why|what)\s+)you\b|\byou(?:'re|'ve|'d| are| were| have| had| just| recently|"
    r" spoke| wrote| posted| said| mentioned| shared| opened| launched| raised| hired| moved| "
    r"joined| won| grew| cut| closed| announced| expanded| tweeted)\b|\bcongrat\w*|"
    r"\b(?:i|we) (?:saw|read|noticed|heard|spotted|caught|came across|loved|enjoyed) (?:that|how|"
    r"the|about)\b",
    IC,
)
_LEADS_WITH_READER = Regex(r"\s*(?:your|you're|you've|you have|you are)\b", IC)
_SENDER = Regex(r"\b(?:we|we're|we've|we'd|our|ours|us|i|i'm|i've|i'd|my|mine|me)\b", IC)
_NUMBER = Regex(
    r"(?<![\w.])(?:[$£€]\s?)?\d[\d,]*(?:\.\d+)?(?:\s?(?i:%|percent|k|m|mm|bn|x|million|billion|"
    r"thousand))?(?![\w])"
)
_PROPER = Regex(r"(?<![\w'])[A-Z][a-zA-Z&'-]+(?:[ \t]+[A-Z][a-zA-Z0-9&'-]*)*")
_MONTH = Regex(
    r"\b(?:january|february|march|april|may|june|july|august|september|october|november|"
    r"december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\b",
    IC,
)
_EVENTS: tuple[tuple[str, ...], ...] = (
    ("promotion", "promoted", "new role", "stepped into", "took over"),
    ("funding", "raised", "round", "series a", "series b", "series c", "seed", "investment"),
    ("acquisition", "acquired", "acquire", "merger", "merged"),
    ("launch", "launched", "released", "shipped", "unveiled", "rolled out", "rollout"),
    ("hiring", "hired", "hires", "recruiting", "job posting", "headcount"),
    ("talk", "spoke", "speech", "keynote", "presentation", "presented", "panel", "session"),
    ("podcast", "episode", "interview", "interviewed"),
    ("post", "wrote", "article", "blog", "op-ed", "newsletter", "thread", "tweet"),
    ("award", "won", "winner", "recognized", "recognised", "named to"),
    ("expansion", "expanded", "opened", "opening", "new office", "new site", "new facility"),
    ("ipo", "went public", "listing"),
    ("anniversary", "birthday", "wedding", "baby", "marathon"),
    ("layoffs", "restructuring", "reorg"),
)
_EVENT_WORDS = "|".join(re.escape(word) for group in _EVENTS for word in group)
# Event words count only where they are said of the reader: "your talk", "congrats on the
# launch", "you were promoted"; "raised a good question" is not a funding round.
_EVENT_RE = Regex(
    r"\b(?:your\s+(?:recent\s+|new\s+|latest\s+|big\s+|\w+'s\s+)?|congrat\w*\s+on\s+(?:the\s+|your\s+)?"
    r"(?:recent\s+|new\s+|\w+'s\s+)?(?:[$£€]?\d[\d.,]*\s?(?:k|m|mm|bn|million|billion)?\s+)?"
    r"|(?:the|your) recent\s+)(" + _EVENT_WORDS + r")\b"
    r"|\byou(?:'ve| have| were| just| recently|'re)?(?:\s+(?:just|recently|been))?\s+"
    r"(promoted|acquired|launched|opened|expanded|hired|went public|merged|unveiled|rolled out)\b",
    IC,
)
_GENERIC_NAME_WORDS_TEXT = (
    "the and inc llc ltd gmbh group company co corp department state of bank health partners "
    "foods logistics regional city county services solutions systems global international "
    "holdings capital labs technologies clinic clinics hospital university "
)
_GENERIC_NAME_WORDS = frozenset(_GENERIC_NAME_WORDS_TEXT.split())
_STOP_TEXT = (
    "i i'm i've i'd i'll a an the hi hello hey dear thanks thank best regards cheers ps p.s "
    "linkedin twitter x email e-mail zoom teams slack google monday tuesday wednesday "
    "thursday friday saturday sunday ceo cfo coo cto cio cmo vp svp evp head director manager "
    "ai ok okay us usa uk eu q1 q2 q3 q4 fy h1 h2 b2b saas crm erp api pdf url faq congrats "
    "congratulations subject re fwd fw no yes if so and or but our we you your my quick one "
    "also just attached here sending happy hope great good english french spanish german italian "
    "dutch portuguese chinese japanese arabic "
)
_STOP = frozenset(_STOP_TEXT.split())


def _norm_number(text: str) -> str:
    digits = re.sub(r"[^\d.]", "", text).strip(".")
    if digits.endswith(".0"):
        digits = digits[:-2]
    return digits


@dataclass(frozen=True)
class _Known:
    """What the prospect's fields and facts (and the sender's) back, in the forms the checks use."""

    numbers: frozenset[str]
    words: frozenset[str]
    blob: str  # every known text, lower case
    names: re.Pattern[str] | None  # the prospect's and company's distinctive name words
    counted: dict[str, frozenset[str]]  # what the facts count: {'store': {'240'}}


# Worked out once per prospect, not once per email: a lint run checks every file
# against the same prospect.
@lru_cache(maxsize=64)
def _known(prospect: Prospect, sender: Sender | None) -> _Known:
    texts = [
        prospect.name,
        prospect.company,
        prospect.role,
        prospect.email,
        prospect.industry,
        prospect.sector,
        prospect.country,
        prospect.notes,
        *prospect.facts,
    ]
    if sender is not None:
        texts += [sender.name, sender.company, sender.role, sender.offer, *sender.assets]
        texts += [sender.signature, sender.postal_address]
    blob = "\n".join(t for t in texts if t)
    low = blob.lower()
    numbers = {_norm_number(m.group()) for m in _NUMBER.finditer(blob)}
    words = set(re.findall(r"[a-z0-9][a-z0-9&'-]*", low))
    words |= {w.rstrip("'s") for w in words} | {w[:-1] for w in words if w.endswith("s")}
    words |= {demonym for place, demonym in _DEMONYMS if place in words}
    name_words = [
        w
        for w in re.findall(r"[A-Za-z][\w'-]+", f"{prospect.name} {prospect.company}")
        if len(w) >= 3 and w.lower() not in _GENERIC_NAME_WORDS and w.lower() not in ("dr", "mr")
    ]
    names = (  # re.compile: a prospect's name is not kept in the compiled-pattern cache
        re.compile(r"\b(?:" + "|".join(re.escape(w) for w in name_words) + r")\b")
        if name_words
        else None
    )
    counted = {
        noun: frozenset(values) for noun, values in _counts("\n".join(prospect.facts)).items()
    }
    return _Known(frozenset(numbers), frozenset(words), low, names, counted)


# A place in the facts backs its adjective in the email: Spain, "your Spanish farms".
_DEMONYMS = tuple(
    pair.split(":")
    for pair in (  # noqa: SIM905
        "spain:spanish france:french germany:german italy:italian ireland:irish "
        "netherlands:dutch holland:dutch britain:british uk:british england:english "
        "scotland:scottish wales:welsh us:american usa:american america:american "
        "canada:canadian mexico:mexican brazil:brazilian portugal:portuguese sweden:swedish "
        "norway:norwegian denmark:danish finland:finnish poland:polish japan:japanese "
        "china:chinese india:indian australia:australian austria:austrian belgium:belgian "
        "switzerland:swiss turkey:turkish greece:greek texas:texan california:californian"
    ).split()
)


def _about_reader(scan: Scan, start: int, s_start: int, names: Pattern | None) -> bool:
    # Only this clause counts: in "...for your next claim: the rate went from 25% to 30%"
    # the rate is not the reader's.
    clause = max(scan.own.rfind(mark, s_start, start) for mark in (":", ";", " — ", " – "))
    if clause >= s_start:
        s_start = clause + 1
    before = scan.own[s_start:start]
    reader = [m.end() for m in _READER.finditer(before)]
    if names is not None:
        reader += [m.end() for m in names.finditer(before)]
    sender = [m.end() for m in _SENDER.finditer(before)]
    if reader or sender:
        return max(reader, default=-1) > max(sender, default=-1)
    # Nothing before it, in a leading clause ("With 300 robots deployed, your team must be
    # busy"): the claim is the reader's when the main clause starts with "your".
    _, s_end = scan.doc.sentence_at(start)
    line_end = scan.own.find("\n", start, s_end)
    comma = scan.own.find(",", start, s_end if line_end == -1 else line_end)
    if comma == -1:
        return False  # no leading clause on this line (a signature line, say)
    if names is not None and names.search(scan.own, start, comma):
        return True  # "With 112 trucks and the 14% blowout Redgum reported, ..."
    if _YOU.search(scan.own, start, comma):
        return True  # "With 6,000 homes and the £8M Series B behind you, ..."
    if _LEADS_WITH_READER.match(scan.own, comma + 1, s_end):
        return True
    return bool(
        names is not None and names.match(scan.own, comma + 1 + _spaces(scan.own, comma + 1))
    )


_YOU = Regex(r"\byou(?:rs?)?\b", IC)
_GREETING_LINE = Regex(
    r"[ \t]*(?:hi|hello|hey|dear|good (?:morning|afternoon|evening)|greetings|"
    r"gr(?:ü|ue)(?:ß|ss) gott|guten (?:tag|morgen)|hallo|hola|bonjour|ciao|buongiorno|hej|hei|olá|"
    r"ola|salut|merhaba|g'day)\b[^\n]{0,60},[ \t]*(?=\n|$)",
    IC,
)


def _spaces(text: str, start: int) -> int:
    """How many whitespace characters stand at ``start`` (without copying the rest of text)."""
    end = start
    while end < len(text) and text[end].isspace():
        end += 1
    return end - start


def _word_known(word: str, words: frozenset[str], blob: str) -> bool:
    low = word.lower().rstrip("'s").rstrip("’s")
    if low in _STOP or low in words or low.rstrip("s") in words:
        return True
    if low.endswith(("an", "ian", "ese", "ish", "i")) and any(
        len(w) >= 4 and low.startswith(w) for w in words
    ):
        return True  # Kenyan from Kenya, Pilbaran from Pilbara
    return len(low) >= 4 and low in blob


def _ungrounded(scan: Scan) -> Iterator[Hit]:
    prospect = scan.prospect
    if prospect is None or not prospect.facts:
        return  # nothing known about the reader: no claim can be judged against it
    known = _known(prospect, scan.sender)
    numbers, words, blob, names = known.numbers, known.words, known.blob, known.names
    own = scan.own
    flagged: set[int] = set()
    for start, end, detail in _counted_otherwise(scan, known.counted, names):
        flagged.add(start)
        yield start, end, detail
    for s_start, s_end in scan.doc.sentences:
        sentence = own[s_start:s_end]
        if not sentence.strip() or not (
            _READER.search(sentence)
            or _YOU.search(sentence)
            or (names is not None and names.search(sentence))
        ):
            continue
        for match in _NUMBER.finditer(own, s_start, s_end):
            value = _norm_number(match.group())
            if not value or value in numbers or match.start() in flagged:
                continue
            if _not_a_claim(own, match, s_start):
                continue
            tail = own[match.end() : match.end() + 12].lower()
            if re.match(r"\s*-?\s*(?:min|minute|mins|sec)", tail):
                continue
            if _about_reader(scan, match.start(), s_start, names):
                yield match.start(), match.end(), ""
        for match in _PROPER.finditer(own, s_start, s_end):
            if _is_sentence_start(own, s_start, match.start()):
                continue
            if _GREETING_LINE.match(own, own.rfind("\n", 0, match.start()) + 1):
                continue  # "Grüß Gott Herr Hofer,": the greeting, judged by OR402
            if len(match.group()) <= 5 and match.group().rstrip("s").isupper():
                continue  # acronyms (IV, RFP, DOT, SKUs) are mostly common nouns
            if _LAW.search(match.group()):
                continue  # "Finance Act", "the EU Data Act": a law, not a fact about the reader
            missing = [
                m
                for m in re.finditer(r"\S+", match.group())
                if not _word_known(m.group(), words, blob)
            ]
            if missing and _about_reader(scan, match.start(), s_start, names):
                # From the first word the facts do not know to the end of the name.
                yield match.start() + missing[0].start(), match.end(), ""
        for match in _MONTH.finditer(own, s_start, s_end):
            word = match.group().lower()
            if word == "may" and not match.group()[0].isupper():
                continue
            if word[:3] not in blob and _about_reader(scan, match.start(), s_start, names):
                yield match.start(), match.end(), ""
        for match in _EVENT_RE.finditer(own, s_start, s_end):
            index = 1 if match.group(1) else 2
            word = match.group(index).lower()
            group = next(g for g in _EVENTS if word in g)
            if any(known in blob for known in group) or word.removeprefix("new ") in words:
                continue
            yield match.start(index), match.end(index), ""


_ORDINALS = {
    "first": "1", "second": "2", "third": "3", "fourth": "4", "fifth": "5", "sixth": "6",
    "seventh": "7", "eighth": "8", "ninth": "9", "tenth": "10",
}  # fmt: skip
_COUNTED = Regex(
    r"(?<![\w.$£€])(\d[\d,]*|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)"
    r"(?:[ -](?:new|more|own|local|retail|regional|physical))?[ -]([a-z]{3,})",
    re.IGNORECASE,
)


def _counts(text: str) -> dict[str, set[str]]:
    """What the text counts: {'store': {'240'}, 'plant': {'2'}}."""
    found: dict[str, set[str]] = {}
    for match in _COUNTED.finditer(text):
        value = match.group(1).lower()
        value = _ORDINALS.get(value, value.replace(",", ""))
        found.setdefault(_counted_noun(match.group(2)), set()).add(value)
    return found


_SAME_THING = {
    "people": "employee", "person": "employee", "staff": "employee", "employee": "employee",
    "worker": "employee", "headcount": "employee", "fte": "employee",
    "location": "store", "shop": "store", "branche": "store", "branch": "store", "outlet": "store",
}  # fmt: skip


def _counted_noun(word: str) -> str:
    noun = word.lower().removesuffix("s")
    return _SAME_THING.get(noun, noun)


def _counted_otherwise(
    scan: Scan, facts: dict[str, frozenset[str]], names: Pattern | None
) -> Iterator[Hit]:
    """'300 stores' when the facts say 240 stores, 'your third plant' when they say a second:
    a count of a thing the facts count too, but another number, said of the reader or of
    no one in particular."""
    own = scan.own
    for match in _COUNTED.finditer(own):
        noun = _counted_noun(match.group(2))
        known = facts.get(noun)
        value = match.group(1).lower()
        value = _ORDINALS.get(value, value.replace(",", ""))
        if not known or value in known:
            continue
        s_start, _ = scan.doc.sentence_at(match.start())
        before = own[s_start : match.start()]
        if _SENDER.search(before) and not _about_reader(scan, match.start(), s_start, names):
            continue  # "we serve 300 stores": the sender's own count
        if _ANOTHER.search(before) or _not_a_claim(own, match, s_start):
            continue  # "at one 70-lawyer firm", "a 6-hotel group": someone else
        yield match.start(1), match.end(1), ""


_LAW = Regex(
    r"\b(?:Act|Acts|Directive|Regulation|Regulations|Rule|Rules|Law|Code|Standard|Guidance|Bill)$"
)
_SCOPE_BEFORE = Regex(
    r"\b(?:top|first|next|last|up to|over the next|for|under|below|within|less than|"
    r"fewer than)\s+$",
    re.IGNORECASE,
)
_ANOTHER = Regex(
    r"\b(?:a|an|one|another|other|similar|some|each|every|most|many|typical)\s+$", re.IGNORECASE
)
_SENDERS_AFTER = Regex(r"[^,;:.!?\n]{0,40}?\b(?:our|we|we've|we're|(?-i:us))\b", re.IGNORECASE)
_YEAR = Regex(r"(?:19[5-9]\d|20[0-4]\d)")


def _not_a_claim(own: str, match: re.Match[str], s_start: int) -> bool:
    """Numbers that say nothing of the reader: a scope ('your top 50 SKUs'), the sender's own
    data named right after ('the 1,900 trucks in our dataset'), a year that names a thing
    ('the 2025 hiring aid', 'Finance Act 2024')."""
    before = own[max(s_start, match.start() - 20) : match.start()]
    if _SCOPE_BEFORE.search(before):
        return True
    if _SENDERS_AFTER.match(own, match.end()):
        return True
    if _YEAR.fullmatch(match.group()):
        words = before.split()
        last = words[-1] if words else ""
        if last.lower() in ("the", "a", "an", "this", "next", "last") or last[:1].isupper():
            return True
    return False


def _is_sentence_start(text: str, s_start: int, start: int) -> bool:
    before = text[s_start:start]
    return not before.strip() or bool(re.search(r"(?:^|[\n:\"(]|[-*•]\s)\s*$", before))


UNGROUNDED = Rule(
    code="OR401",
    name="ungrounded-claim",
    category="grounding",
    severity="error",
    confidence=0.7,
    message="a claim about the reader that the prospect's facts do not back: {quote}",
    suggestion="cut the claim, or add its source to the prospect's facts",
    what="With a prospect, flags numbers, names, dates and events stated about the reader "
    "(their team, company, posts, results) that appear nowhere in the prospect's fields or "
    "facts. The sender's own claims ('we', 'our') are left alone. A prospect without facts "
    "(only a name or a sector, say) gives nothing to judge against, so it is not checked.",
    why="Invented personalization is what readers hate most in AI-written email: one false "
    "detail shows the research was never done and turns the gift into a lie.",
    example="(facts mention only a LinkedIn post) Congrats on your Series B and the 40% growth!",
    instead="Your post about missed dock appointments made me pull our Illinois numbers.",
    check=_ungrounded,
    needs="prospect",
    flag=(
        Example(
            "Your post on void periods laid it out well. With 6,000 homes and the £8M Series B "
            "behind you, turnaround speed is the lever.",
            prospect={"name": "James Hale", "facts": ["raised an £18M Series B", "6,000 homes"]},
        ),
        Example(
            "Your post on the four-day week caught my eye; in a remote company of 450 people "
            "that is bold.",
            prospect={"name": "Hannah Cole", "facts": ["Quillstack has about 220 employees"]},
        ),
        Example(
            "Bringing self-checkout to 300 stores is a big rollout.",
            prospect={"name": "Laura Kim", "facts": ["Greenleaf operates 240 stores"]},
        ),
        Example(
            "With your third plant now running in Monterrey, maintenance gets harder.",
            prospect={"name": "Jorge Vela", "facts": ["opened a second plant in Monterrey"]},
        ),
        Example(
            "Chef to founder is a path I love, and congrats on the $6M seed round last month.",
            prospect={"name": "Ahmed Ali", "facts": ["was a chef before founding Crateful"]},
        ),
        Example(
            "Congrats on your Series B last month!",
            prospect={"name": "Priya Raman", "company": "Northwind", "facts": ["wrote a post"]},
        ),
        Example(
            "Your team grew 40% this year, impressive.",
            prospect={"name": "Priya Raman", "company": "Northwind", "facts": ["wrote a post"]},
        ),
        Example(
            "Loved your talk at ProMat in Chicago.",
            prospect={"name": "Priya Raman", "facts": ["wrote a post on overtime"]},
        ),
    ),
    passes=(
        Example(
            "Grüß Gott Herr Hofer,\n\nYour presentation in Linz on heat pumps was concrete.",
            prospect={"name": "Markus Hofer", "facts": ["presented in Linz about heat pumps"]},
        ),
        Example(
            "Your webinar on lockup days was useful. At one 70-lawyer firm, billing disbursements "
            "with fees took 19 days off lockup.",
            prospect={
                "name": "Oliver Lane",
                "facts": ["a 90-lawyer firm", "webinar on lockup days"],
            },
        ),
        Example(
            "Since Brightfield claims the R&D credit, two changes from Finance Act 2024 matter for "
            "your next claim: the rate went from 25% to 30%.",
            prospect={"name": "Aoife Byrne", "facts": ["Brightfield claims the R&D tax credit"]},
        ),
        Example(
            "I can run the same analysis on your top 50 SKUs across the 1,900 stores in our "
            "dataset.",
            prospect={"name": "Laura Kim", "facts": ["downloaded the pricing report"]},
        ),
        Example(
            "A few Kenyan consignments were held over residues last season.",
            prospect={"name": "Wanjiru Kamau", "country": "Kenya", "facts": ["exports avocados"]},
        ),
        Example(
            "Your note on inverter downtime across your dozen Spanish solar farms rang true.",
            prospect={"name": "Diego Ruiz", "facts": ["operates 12 solar farms in Spain"]},
        ),
        Example(
            "Your post on slow ID checks rang true.\n\nYours sincerely,\nAlice Thornton\n"
            "Verisure ID Ltd, 14 Queen Square, Bristol",
            prospect={"name": "James Hart", "facts": ["posted about slow ID checks"]},
        ),
        Example(
            "We serve 300 stores across the Midwest.",
            prospect={"name": "Laura Kim", "facts": ["Greenleaf operates 240 stores"]},
        ),
        Example(
            "Loved your talk at ProMat in Chicago.",
            prospect={"name": "Priya Raman", "facts": ["spoke at ProMat in Chicago"]},
        ),
        Example(
            "We cut overtime by 30% for 40 warehouses in Ohio.",
            prospect={"name": "Priya Raman", "facts": ["wrote a post"]},
        ),
        Example(
            "Your post about missed dock appointments hit home.",
            prospect={
                "name": "Priya Raman",
                "facts": ["LinkedIn post: missed dock appointments cost overtime"],
            },
        ),
        Example(
            "Your post last month on usage pricing stuck with me.",
            prospect={"name": "Maya Lind", "sector": "venture capital"},
        ),
    ),
)

_GREETING = Regex(
    r"(?m)^[ \t]*(?i:hi|hello|hey|dear)[ \t]+((?:[A-Z][a-z'.-]+[ \t]+){0,2}[A-Z][a-z'-]+)\b"
)


def _wrong_name(scan: Scan) -> Iterator[Hit]:
    prospect = scan.prospect
    if prospect is None or not prospect.name:
        return
    allowed = {w.lower() for w in re.findall(r"[A-Za-z'-]+", prospect.name)}
    allowed |= {"team", "there", "all", "folks", "everyone", "friends", "dr", "mr", "ms", "mrs"}
    allowed |= {"prof", "professor", "sir", "madam"}
    for match in _GREETING.finditer(scan.own):
        words = [
            re.sub(r"-(?:san|sama|sensei|kun|chan|ji|ssi|nim)$", "", w.strip(".").lower())
            for w in match.group(1).split()
        ]
        if not any(word in allowed or _short_form(word, allowed) for word in words):
            yield match.start(1), match.end(1), prospect.first_name


# Short forms that are not spelled inside the full name.
_SHORT_FORMS = {
    "bob": "robert", "rob": "robert", "bobby": "robert", "bill": "william", "billy": "william",
    "will": "william", "liam": "william", "dick": "richard", "rick": "richard", "jim": "james",
    "jimmy": "james", "jack": "john", "johnny": "john", "ted": "edward", "ed": "edward",
    "ned": "edward", "peggy": "margaret", "maggie": "margaret", "meg": "margaret",
    "kate": "katherine", "katie": "katherine", "kathy": "katherine",
    "betty": "elizabeth", "beth": "elizabeth", "liz": "elizabeth", "lisa": "elizabeth",
    "chuck": "charles", "charlie": "charles", "hank": "henry", "harry": "henry",
    "peg": "margaret", "sally": "sarah", "polly": "mary", "molly": "mary", "tony": "anthony",
    "sasha": "alexander", "mike": "michael", "mick": "michael", "nick": "nicholas",
}  # fmt: skip


def _short_form(word: str, names: set[str]) -> bool:
    """Whether ``word`` is a short form of one of ``names``: Dan, Becca, Bob (not Ian for Brian)."""
    for name in names:
        if len(name) > len(word) >= 3 and (
            name.startswith(word) or (len(word) >= 4 and word in name)
        ):
            return True
    return _SHORT_FORMS.get(word) in names


WRONG_NAME = Rule(
    code="OR402",
    name="wrong-recipient-name",
    category="grounding",
    severity="error",
    confidence=0.9,
    message="the greeting names {quote}, but the prospect is {detail}",
    suggestion="greet the prospect by their own name",
    what="With a prospect, flags a greeting that names someone other than the prospect.",
    why="A wrong name is the surest sign of a mail merge gone wrong; nothing after it is read "
    "as personal.",
    example="(prospect Priya Raman) Hi John,",
    instead="Hi Priya,",
    check=_wrong_name,
    needs="prospect",
    flag=(
        Example("Hi John,\n\nHere's the memo.", prospect={"name": "Priya Raman"}),
        Example("Hi Ian,\n\nHere's the memo.", prospect={"name": "Brian Cole"}),
    ),
    passes=(
        Example("Dear Watanabe-san,\n\nHere's the memo.", prospect={"name": "Kenji Watanabe"}),
        Example("Hi Priya,\n\nHere's the memo.", prospect={"name": "Priya Raman"}),
        Example("Hi team,\n\nHere's the memo.", prospect={"name": "Priya Raman"}),
        Example("Hi Becca,\n\nHere's the memo.", prospect={"name": "Rebecca Lin"}),
        Example("Hi Bob,\n\nHere's the memo.", prospect={"name": "Robert Hale"}),
        Example("Hi Dan,\n\nHere's the memo.", prospect={"name": "Daniel Ortiz"}),
    ),
)

RULES = (UNGROUNDED, WRONG_NAME)
