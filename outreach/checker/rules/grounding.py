"""OR4xx grounding: specific claims about the reader that the prospect file does not back.

A claim is "about the reader" when the nearest person reference before it
in the sentence is the reader (``your``, ``you`` as a subject, their name or
company, or a congratulation), not the sender (``we``, ``our``, ``I``). A
specific token in such a claim (a number, a capitalised name, a month, an
event word) must appear in the prospect's fields or facts, else it is
flagged. Tokens the sender's own data contains are the sender's claims.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from functools import lru_cache

from outreach.checker.model import Example, Hit, Rule
from outreach.checker.patterns import Pattern, Regex
from outreach.checker.rules.compliance import POSTAL_ADDRESS
from outreach.checker.rules.transactional import GIVING
from outreach.checker.scan import Scan
from outreach.checker.vocab import value_of
from outreach.models import Prospect, Sender
from outreach.records import record

IC = re.IGNORECASE

_READER = Regex(
    r"\byour(?:s(?!,? (?:sincerely|truly|faithfully|ever)\b)|self)?\b"  # not "Yours sincerely"
    r"|(?:^\s*|[,;:(]\s*|\b(?:and|but|that|since|as|when|if|how|so|"
    r"because|where|why|what)\s+)you\b|\byou(?:'re|'ve|'d| are| were| have| had| just| recently|"
    r" spoke| wrote| posted| said| mentioned| shared| opened| launched| raised| hired| moved| "
    r"joined| won| grew| cut| closed| announced| disclosed| reported| expanded| tweeted|"
    r" brought on| brought in| took on| taped out)\b|\bcongrat\w*"
    r"|\b(?:(?<!to )meeting|met|(?<!to )seeing|saw) you\b"
    r"|\b(?:good|great|nice|lovely) to (?:see|meet) you\b"
    r"|\b(?:i|we) (?:saw|noticed|read|heard|spotted) (?:that )?you\b|"
    r"\b(?:i|we) (?:saw|read|noticed|heard|spotted|caught|came across|loved|enjoyed) "
    r"(?:that|how|about|"
    # "I read the piece on your move", not "we read the lights on the router"
    r"the(?=(?:\s+[\w'-]+){0,3}?\s+(?:news|post|article|piece|interview|announcement|story|thread|"
    r"update|coverage|press|profile|talk|podcast|episode|video|webinar|paper|report|launch|opening|"
    r"raise|round|hire|award|expansion)\b))\b",
    IC,
)
# A question about the reader's things: "How's the new Leeds depot working out?", "Is the
# Memphis plant still on track?".
_ASKS_AFTER = Regex(
    r"\s*(?:how(?:'s| is| are| did| was| has)|is|are|has|have|did|was)\s+(?:the|your)\b[^.!?\n]*\?",
    IC,
)
_LEADS_WITH_READER = Regex(r"\s*(?:your|you(?:'re|'ve|'ll|'d)|you have|you are|you will)\b", IC)
_SENDER = Regex(r"\b(?:we|we're|we've|we'd|our|ours|us|i|i'm|i've|i'd|my|mine|me)\b", IC)
# Someone else, nearer than the reader: "...than someone commuting up from London".
_OTHERS = Regex(
    r"\b(?:someone|somebody|anyone|anybody|everyone|everybody|no one|nobody|others)\b"
    # "fleets of your size", "teams like yours": others, compared with the reader
    r"|\b[a-z]+s (?:of|like|at) your (?:size|scale|stage)\b|\b[a-z]+s like yours\b",
    IC,
)
# "I imagine", "I'd guess": the sender musing about the reader, not claiming for themselves.
_MUSING = Regex(
    r"\b(?:i|we)(?:'d| would)?\s+(?:imagine|guess|bet|suspect|assume|expect|think|figure)\b"
    r"|\bi (?:understand|hear|gather)\b(?! from)|\bi'm told\b"
    r"|\bi'm sure\b",
    IC,
)
_NUMBER = Regex(
    r"(?<![\w.])(?:[$£€]\s?)?\d[\d,]*(?:\.\d+)?(?:\s?(?i:%|percent|k|m|mm|b|bn|x|million|billion|"
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
    (
        "launch",
        "launched",
        "released",
        "shipped",
        "unveiled",
        "rolled out",
        "rollout",
        "taped out",
        "taping out",
        "tape-out",
    ),
    ("hiring", "hired", "hires", "recruiting", "job posting", "headcount"),
    ("talk", "spoke", "speech", "keynote", "presentation", "presented", "panel", "session"),
    ("podcast", "episode", "interview", "interviewed"),
    ("post", "wrote", "article", "blog", "op-ed", "newsletter", "thread", "tweet"),
    ("award", "won", "winner", "recognized", "recognised", "named to"),
    (
        "expansion",
        "expanded",
        "expanding",
        "expand",
        "opened",
        "opening",
        "new office",
        "new site",
        "new facility",
    ),
    ("ipo", "went public", "listing"),
    ("anniversary", "birthday", "wedding", "baby", "marathon"),
    ("layoffs", "restructuring", "reorg"),
    ("doubled", "doubling", "tripled", "tripling", "quadrupled"),
)
_EVENT_WORDS = "|".join(re.escape(word) for group in _EVENTS for word in group)
# Event words count only where they are said of the reader: "your talk", "congrats on the
# launch", "you were promoted"; "raised a good question" is not a funding round.
_EVENT_RE = Regex(
    r"\b(?:your\s+(?:recent\s+|new\s+|latest\s+|big\s+|\w+'s\s+)?|congrat\w*\s+on\s+(?:the\s+|your\s+)?"
    r"(?:recent\s+|new\s+|\w+'s\s+|(?:(?-i:[A-Z])[\w&-]*\s+){1,3})?(?:[$£€]?\d[\d.,]*\s?(?:k|m|mm|bn|million|billion)?\s+)?"
    r"|(?:the|your) recent\s+)(" + _EVENT_WORDS + r")\b"
    r"|\byou(?:'ve| have| were| just| recently|'re)?(?:\s+(?:just|recently|been))?\s+"
    r"(promoted|acquired|launched|opened|expanded|hired|went public|merged|unveiled|rolled out|"
    r"doubled|tripled)\b"
    # "You said in a recent interview that ...": where the reader said it
    r"|\byou\s+(?:said|mentioned|noted|told\s+\w+|argued|explained|shared|admitted)\s+(?:in|on|at|"
    r"during)\s+(?:a|an|the|your|one)\s+(?:recent\s+|latest\s+|new\s+|\w+'s\s+)?("
    + _EVENT_WORDS
    + r")\b"
    # "After doubling your volume": growth said of the reader
    r"|\b(doubling|doubled|tripling|tripled|quadrupled)\s+(?:your|you)\b",
    IC,
)
_MEDALS = ("gold", "silver", "bronze", "platinum")
# A medal as a medal: "won silver", "gold at GBBF", "a bronze medal"; not "AWS Gold Partner",
# "gold-standard" or "the silver trucks".
_MEDAL = Regex(
    r"\b(?:won|took|bagged|earned|claimed|scooped|got)\s+(?:a\s+|the\s+)?(gold|silver|bronze)\b"
    r"|\b(gold|silver|bronze)(?=[ \t]+(?:medals?|awards?|at[ \t]+(?-i:[A-Z])))",
    IC,
)
# What a named company did: "Minas Ferro roll out autonomous haulage", "Acme acquired ...".
_DONE_BY_NAME = Regex(
    r"(?:'s)?\s+(?:(?:just|recently|now|also|has|have|had|finally)\s+)*"
    r"((roll|launch|acquir|unveil|expand|hire|hiring)(?:s|es|ed|ing|e|d)?(?:\s+out)?"
    # "raised $20M", "raised its Series B"; not "raised the bar"
    r"|(rais)(?:e|es|ed|ing)?"
    r"(?=\s+(?:[$£€\d]|an? (?:[$£€\d]|series|seed|round)|(?:its|their) (?:series|seed|first|second|"
    r"latest|round)|series|seed|funding|capital|money)))\b",
    IC,
)
_GROWTH = Regex(
    r"\b(?:sales|revenue|volume|traffic|orders|users|customers|headcount|output|distribution|"
    r"membership|members|subscribers|bookings|shipments|deliveries|downloads)\s+(doubling|doubled|"
    r"tripling|tripled|quadrupled)\b",
    IC,
)
# An event of the reader's company by name: "the launch of Queuebright's AI assistant".
_EVENT_OF = Regex(
    r"\bthe\s+(?:recent\s+|new\s+|big\s+|successful\s+)?(?P<event>"
    + _EVENT_WORDS
    + r")\s+of\s+(?P<owner>(?-i:[A-Z])[\w&.-]*)(?:'s|’s)",
    IC,
)
_GENERIC_NAME_WORDS_TEXT = (
    "the and inc llc ltd gmbh group company co corp department state of bank health partners "
    "foods logistics regional city county services solutions systems global international "
    "holdings capital labs technologies clinic clinics hospital university library public "
    "district museum school college institute foundation society association council "
    "authority agency club studio studios "
)
_GENERIC_NAME_WORDS = frozenset(_GENERIC_NAME_WORDS_TEXT.split())
_STOP_TEXT = (
    "i i'm i've i'd i'll a an the hi hello hey dear thanks thank best regards cheers ps p.s "
    "linkedin twitter x email e-mail zoom teams slack google monday tuesday wednesday "
    "thursday friday saturday sunday ceo cfo coo cto cio cmo vp svp evp head director manager "
    "ai ok okay us usa uk eu q1 q2 q3 q4 fy h1 h2 b2b saas crm erp api pdf url faq congrats "
    "congratulations subject re fwd fw no yes if so and or but our we you your my quick one "
    "also just attached here sending happy hope great good english french spanish german italian "
    "dutch portuguese chinese japanese arabic art gdpr "
)
_STOP = frozenset(_STOP_TEXT.split())


def _norm_number(text: str) -> str:
    digits = re.sub(r"[^\d.]", "", text).strip(".")
    if digits.endswith(".0"):
        digits = digits[:-2]
    return digits


@record(frozen=True)
class _Known:
    """What the prospect's fields and facts (and the sender's) back, in the forms the checks use."""

    numbers: frozenset[str]
    words: frozenset[str]
    blob: str  # every known text, lower case
    names: re.Pattern[str] | None  # the prospect's and company's distinctive name words
    counted: dict[str, frozenset[str]]  # what the facts count: {'store': {'240'}}
    facts: tuple[frozenset[str], ...]  # each fact's telling words (see _telling_set)
    years: tuple[tuple[str, frozenset[str]], ...]  # (year, the telling words of its fact)
    fact_parts: tuple[frozenset[str], ...]  # ``facts`` with hyphenated words split too
    values: frozenset[tuple[bool, float]]  # (a percentage?, value) of the facts' figures


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
    # The figures the facts and notes give about the reader, with their scale and kind, for
    # roundings; not the years they name ("founded in 2019"), though counts like "1,980" stay,
    # and not the sender's figures ("Suite 200" is no store count to round).
    about_reader = "\n".join(t for t in (*prospect.facts, prospect.notes) if t)
    values = frozenset(
        (_is_percent(m.group()), value)
        for m in _NUMBER.finditer(about_reader)
        if not _YEAR.fullmatch(m.group()) and (value := value_of(m.group())) is not None
    )
    words = set(re.findall(r"[a-z0-9][a-z0-9&'-]*", low))
    words |= {w.removesuffix("'s") for w in words} | {w[:-1] for w in words if w.endswith("s")}
    words |= {demonym for place, demonym in _DEMONYMS if place in words}
    code = _CODE_DEMONYMS.get((prospect.country or "").strip().lower())
    if code:
        words.add(code)
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
    facts = tuple(_telling_set(fact) for fact in prospect.facts)
    fact_parts = tuple(_telling_set(fact, parts=True) for fact in prospect.facts)
    years = tuple(
        (year.group(), telling)
        for fact, telling in zip(prospect.facts, facts, strict=True)
        for year in _YEAR.finditer(fact)
    )
    return _Known(
        frozenset(numbers), frozenset(words), low, names, counted, facts, years, fact_parts, values
    )


def _telling_set(text: str, *, parts: bool = False) -> frozenset[str]:
    """The lower-cased words of four letters or more that say what a text is about, each
    cut to a rough stem ("sending alerts" and "sends alert" share both). With ``parts``,
    a hyphenated word counts as its parts too ("pick-rate" as "pick" and "rate")."""
    found = set()
    for word in re.findall(r"[a-z][a-z'’-]{3,}", text.lower()):
        word = word.removesuffix("'s").removesuffix("’s").rstrip("'’")
        for part in (word, *word.split("-")) if parts and "-" in word else (word,):
            if len(part) >= 4 and part not in _STOP and part not in _COMMON_WORDS:
                found.add(_stem(part))
    return frozenset(found)


def _stem(word: str) -> str:
    for suffix, keep in (("ing", 4), ("ed", 4), ("es", 4), ("s", 4)):
        if word.endswith(suffix) and len(word) - len(suffix) >= keep and not word.endswith("ss"):
            word = word[: -len(suffix)]
            break
    return word[:-1] if word.endswith("e") and len(word) >= 4 else word  # "move", "moved"


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
        "switzerland:swiss turkey:turkish greece:greek texas:texan california:californian "
        "scandinavia:nordic scandinavia:scandinavian"
    ).split()
)
# A prospect's country given as its ISO code backs the adjective too: SE, "Swedish publishers".
_CODE_DEMONYMS = dict(
    pair.split(":")
    for pair in (  # noqa: SIM905
        "es:spanish fr:french de:german it:italian ie:irish nl:dutch gb:british uk:british "
        "us:american ca:canadian mx:mexican br:brazilian pt:portuguese se:swedish no:norwegian "
        "dk:danish fi:finnish pl:polish jp:japanese cn:chinese in:indian au:australian "
        "at:austrian be:belgian ch:swiss tr:turkish gr:greek"
    ).split()
)


def _about_reader(
    scan: Scan, start: int, s_start: int, names: Pattern | None, known: _Known | None = None
) -> bool:
    # Only this clause counts: in "...for your next claim: the rate went from 25% to 30%"
    # the rate is not the reader's.
    clause = max(scan.own.rfind(mark, s_start, start) for mark in _CLAUSE_MARKS)
    if clause >= s_start:
        s_start = clause + 1
    if _COLLEAGUE.match(scan.own, start):
        return True  # "Sam Okafor on your platform team"
    sentence_start, sentence_end = scan.doc.sentence_at(start)
    if _ASKS_AFTER.match(scan.own, sentence_start) and not _by_sender_or_third_party(
        scan.own[sentence_start:sentence_end]
    ):
        return True  # "How's the new Leeds depot working out?", not "Did the invoice we sent..."
    before = scan.own[s_start:start]
    reader = [m.end() for m in _READER.finditer(before)]
    if names is not None:
        reader += [m.end() for m in names.finditer(before) if not _another_named(before, m, names)]
    others = [m.end() for m in _sender_words(before)]
    others += [m.end() for m in _OTHERS.finditer(before)]
    if not others and _OF_YOURS.match(scan.own, start):
        return True  # "close to 38% of your volume", not "our tool could save 20% of your..."
    if reader or others:
        return max(reader, default=-1) > max(others, default=-1)
    # Nothing before it, in a leading clause ("With 300 robots deployed, your team must be
    # busy"): the claim is the reader's when the main clause starts with "your".
    _, s_end = scan.doc.sentence_at(start)
    line_end = scan.own.find("\n", start, s_end)
    comma = scan.own.find(",", start, s_end if line_end == -1 else line_end)
    if comma != -1:
        if names is not None and names.search(scan.own, start, comma):
            return True  # "With 112 trucks and the 14% blowout Redgum reported, ..."
        if _YOU.search(scan.own, start, comma):
            return True  # "With 6,000 homes and the £8M Series B behind you, ..."
        main = comma + 1 + _spaces(scan.own, comma + 1)
        musing_first = _MUSING.match(scan.own, main)
        if musing_first:  # "..., I imagine your team ..."
            main = musing_first.end() + _spaces(scan.own, musing_first.end())
        if _LEADS_WITH_READER.match(scan.own, main, s_end):
            return True
        if names is not None and names.match(scan.own, main):
            return True
    elif names is not None:
        # "310k subscribers and a weekly newsletter puts Circuit Breakdown in range": the
        # reader named after it, with no one else in between.
        end = s_end if line_end == -1 else line_end
        named = next(
            (
                m
                for m in names.finditer(scan.own, start, end)
                if not _another_named(scan.own, m, names)
            ),
            None,
        )
        if named and not _SENDER.search(scan.own, start, named.start()):
            return True
    return known is not None and _describes_reader(scan, start, s_start, s_end, known)


# A figure said of the reader's things by what follows it: "close to 38% of your volume".
_OF_YOURS = Regex(r"\S+[ \t]+(?:of|across|in|at)[ \t]+your\b", IC)
# A name placed in the reader's organisation: "Sam Okafor on your platform team".
_COLLEAGUE = Regex(
    r"(?!(?:Everyone|Everybody|Anyone|Anybody|Someone|Somebody|Nobody|People|Folks|Staff|"
    r"Teams?|Managers?|Leaders?|Others)\b)"
    r"[A-Z][\w'-]*(?:[ \t]+[A-Z][\w'-]*){0,3}(?:'s)?[ \t]+(?:on|from|in|at|of|with|leading)[ \t]+"
    r"your[ \t]+(?:[\w-]+[ \t]+){0,2}?(?:team|crew|staff|board|department|side|group|squad|"
    r"office|org|organi[sz]ation|company|firm|practice|newsroom|lab)\b"
    # "Johan Pretorius, your COO, is leading..."
    r"|[A-Z][\w'-]*(?:[ \t]+[A-Z][\w'-]*){0,3},[ \t]+your[ \t]+(?:new[ \t]+)?"
    r"(?i:coo|ceo|cfo|cto|cmo|cio|cro|head|vp|director|manager|colleague|co-?founder|partner|boss|"
    r"lead|chair|president|founder|investor)\b"
)


def _another_named(text: str, match: re.Match[str], names: Pattern) -> bool:
    """Whether a word of the reader's name names something else: it starts another name
    ("Stadtwerke Kellerbach" when the reader is Stadtwerke Albtal), or it is a place
    named alone ("the next batch is in Pune" when the reader is Pune Strikers)."""
    after = _NEXT_NAME_WORD.match(text, match.end())
    if after is not None:
        word = after.group(1)
        return not (names.fullmatch(word) or word.lower().rstrip(".") in _GENERIC_NAME_WORDS)
    return bool(_PLACE_BEFORE.search(text, max(0, match.start() - 8), match.start()))


_NEXT_NAME_WORD = Regex(r"[ \t]+([A-Z][\w&'-]*)")
_PLACE_BEFORE = Regex(r"\b(?:in|near|across|around)[ \t]+$")


def _describes_reader(scan: Scan, start: int, s_start: int, s_end: int, known: _Known) -> bool:
    """A sentence that names no one but describes the reader's situation, in the words of the
    facts: "Running a reader-funded outlet in Halifax with a 25-person newsroom means ...",
    "With two factories in Yorkshire and a 14% scrap rate, I imagine ...". It opens with a
    gerund or "With", says nothing of the sender, and backs two of its words with the facts,
    or one when the sentence before was about the reader. A sentence that opens otherwise
    describes the reader only when it restates a fact (see _restates_a_fact)."""
    own = scan.own
    line_start = own.rfind("\n", 0, start) + 1
    opening = own[max(s_start, line_start) : s_end]
    lead = opening.lstrip()
    if not _GERUND_LEAD.match(lead):
        return _restates_a_fact(scan, start, known)
    if any(_sender_words(opening)) or _OTHERS.search(opening):
        return False
    claim = own[start:s_end].split(None, 1)
    rest = (
        own[max(s_start, line_start) : start]
        + " "
        + own[start + len(claim[0]) if claim else start : s_end]
    )
    backed = {
        w
        for w in re.findall(r"[a-z][a-z'-]{3,}", rest.lower())
        if w in known.words and w not in _STOP and w not in _COMMON_WORDS
    }
    backed |= {
        value
        for m in _NUMBER.finditer(rest)
        if (value := _norm_number(m.group())) and value in known.numbers
    }
    if len(backed) >= 2:
        return True
    if _restates_a_fact(scan, s_start, known, whole=True):
        return True  # "Sending alerts to 50,000 farmers is impressive; doing it with ..."
    if not backed or s_start == 0:
        return False
    previous, _ = scan.doc.sentence_at(s_start - 1)
    sentence = own[previous:s_start]
    names = known.names
    return bool(_READER.search(sentence) or (names is not None and names.search(sentence)))


def _restates_a_fact(scan: Scan, start: int, known: _Known, *, whole: bool = False) -> bool:
    """Whether the sentence at ``start`` says one of the facts again, naming no one: "Good
    timing, with the Riverside Medical Centre build in Brisbane underway" when a fact says
    the reader won the Riverside Medical Centre contract in Brisbane. Prose with two
    telling words of one fact, and no word of the sender (musing aside), of someone else
    or of a third party ("they", "a chain", "for a company like yours") in it or in the
    sentence before: then what else it states is said of the reader too. The clause of
    ``start`` is read (after a colon the text is about something else: "Since you claim
    the credit, a heads-up: the rate went from 25% to 30%"), or the whole sentence."""
    own = scan.own
    s_start, s_end = scan.doc.sentence_at(start)
    first = max(s_start, own.rfind("\n", 0, start) + 1)
    last = own.find("\n", start, s_end)
    last = s_end if last == -1 else last
    if not whole:
        marks = [(own.rfind(m, first, start), m) for m in _CLAUSE_ENDS]
        first = max([first] + [at + len(m) for at, m in marks if at != -1])
        ends = [i for m in _CLAUSE_ENDS if (i := own.find(m, start, last)) != -1]
        last = min(ends, default=last)
    sentence = own[first:last]
    lead = sentence.lstrip()
    if len(_PROSE_WORD.findall(sentence)) < 3:
        return False  # an address, a signature, a heading
    if _SOMEONE_ELSE_LEADS.match(lead) or _OTHERS.search(sentence) or _GENERAL.search(sentence):
        return False
    if _by_sender_or_third_party(sentence):
        return False
    if s_start > 0:
        previous, _ = scan.doc.sentence_at(s_start - 1)
        before = own[previous:s_start]
        if _by_sender_or_third_party(before) and not _READER.search(before):
            return False  # "We metered four dairies. Seasonal COP at 75°C ranged..."
    if not (
        whole
        or _FIGURE_LEAD.match(lead)
        or _WITH_CLAUSE.search(sentence)
        or _AN_EVENT.search(sentence)
    ):
        return False  # "Refrigerated trucks in Ohio burn 30% more": a remark about the trade
    telling = _telling_set(sentence)
    return any(len(telling & fact) >= 2 for fact in known.facts)


# How a restated fact opens when it is said of the reader: with its figure ("Twelve new
# stores in a year...", "240 units out of the Calgary factory..."), or a "with" clause
# ("Good timing, with the Riverside build underway").
_FIGURE_LEAD = Regex(
    r"(?:[$£€]?\d|(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|"
    r"thirty|forty|fifty|hundreds|thousands|dozens)\b)",
    IC,
)
_WITH_CLAUSE = Regex(r"(?:^|,\s+)with\b", IC)
_AN_EVENT = Regex(r"\b(?:" + _EVENT_WORDS + r")\b", IC)  # "The AIA award for the ... conversion"


def _by_sender_or_third_party(text: str) -> bool:
    return bool(_THIRD_PARTY.search(text)) or any(_sender_words(text))


def _sender_words(text: str) -> Iterator[re.Match[str]]:
    """The words of the sender in ``text``, but for musing about the reader ("I imagine")."""
    musing = {m.start() for m in _MUSING.finditer(text)}
    return (m for m in _SENDER.finditer(text) if m.start() not in musing)


# A subject that is someone other than the reader, or no one in particular: "One chain...",
# "Most installers...", "For a company with two halls...", "It's based on...".
_SOMEONE_ELSE_LEADS = Regex(
    r"(?:(?:for|in|at|with|among|across|of) )?(?:a|an|any|one|another|other|others|most|many|"
    r"some|several|similar|every|each|typical)\b|(?:it|it's|this|that|these|those)\b"
    # a plural subject is others in general: "Clients usually recover 8-10 points"
    r"|(?:clients|customers|users|teams|companies|firms|operators|agencies|brands|retailers|"
    r"carriers|fleets|practices|hospitals|schools|districts|shops|stores|restaurants|groups|"
    r"people|installers|growers|utilities|lenders|insurers|publishers|studios)\b",
    IC,
)
# A general remark, not a fact about the reader: "efficiency tends to drop after 2,000 hours".
_GENERAL = Regex(r"\b(?:tends? to|usually|typically|generally|in general|as a rule)\b", IC)
_CLAUSE_MARKS = (":", ";", " — ", " – ")
_CLAUSE_ENDS = (*_CLAUSE_MARKS, ", and ", ", but ")
_THIRD_PARTY = Regex(r"\b(?:they|they're|they've|their|them|he|she|his|her|its)\b", IC)
_PROSE_WORD = Regex(r"\b[a-z][a-z'’-]+\b")


# How a sentence about the reader's situation may open without naming anyone.
_GERUND_LEAD = Regex(r"(?:with|[A-Za-z]+ing)\b", IC)
# Words too common to show that a sentence is about the facts' subject.
_COMMON_WORDS = frozenset(
    (  # noqa: SIM905
        "about after also been before being both could does done each even ever from have "
        "here into just know like made make many more most much must need only other over "
        "same some such than that their them then there these they this those through time "
        "very want well were what when where which while will with would year years your "
        "yours company companies team teams people business work working next last first "
        "every week weeks month months today part parts way ways good great small large big "
        "best new recent recently still already around"
    ).split()
)


_YOU = Regex(r"\byou(?:rs?)?\b", IC)
# Words that open a sentence before a name: "Your Fabtech talk", "The Leeds site".
_LEADING_WORDS = frozenset(
    ["your", "the", "congrats", "congratulations", "loved", "saw", "read", "with", "after", "since"]
)
_BROAD_REGIONS = frozenset(
    (  # noqa: SIM905
        "north east|north west|south east|south west|northeast|northwest|southeast|southwest|"
        "midwest|mid-west|east coast|west coast|gulf coast|mountain west|pacific northwest|"
        "midlands|east midlands|west midlands|home counties|sun belt|rust belt|north|south|channel|"
        "east|west|nordics|benelux|dach|emea|apac|latam"
    ).split("|")
)
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
    low = word.lower().removesuffix("'s").removesuffix("’s")  # not rstrip: "boss" is no "bo"
    if low in _STOP or low in words or low.rstrip("s") in words:
        return True
    parts = [part for part in low.split("-") if len(part) >= 3]
    if len(parts) >= 2 and all(_word_known(part, words, blob) for part in parts):
        return True  # "Montreal-Chicago" when both cities are known
    if low.endswith(("an", "ese", "ish", "i")) and any(
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
            or _GERUND_LEAD.match(sentence.lstrip())  # see _describes_reader
            or _ASKS_AFTER.match(sentence)
            or _restates_a_fact(scan, s_start, known, whole=True)
        ):
            continue
        for match in _NUMBER.finditer(own, s_start, s_end):
            value = _norm_number(match.group())
            if not value or match.start() in flagged:
                continue
            dated_otherwise = _dated_otherwise(own, match, known)
            if value in numbers and not dated_otherwise:
                continue
            if _rounds_a_known(own, match, s_start, known) or _a_price(own, match, s_start, names):
                continue
            if _on_address_line(own, match.start()):
                continue
            aged = _AGED.match(own, match.end()) and _QUANTITY_OF.search(
                own, max(s_start, match.start() - 30), match.start()
            )
            if (_GIFT_VALUE.match(own, match.end()) or aged) and scan.occurs(
                GIVING, s_start, s_end
            ):
                # What the gift is worth, or its age: "a bottle of 18-year Macallan", "a case
                # of wine (about $180)": a sentence that gives or offers something.
                continue
            if _VALUE_ASIDE.search(
                own, max(s_start, match.start() - 16), match.start()
            ) and scan.occurs(GIVING, s_start, s_end):
                continue  # "a case of Napa cabernet (about $180)": what the gift is worth
            if _in_phone_number(own, match.start()):
                continue  # a phone number in a signature
            if _pitches_a_product(own, s_start, names) and not _YOUR_BEFORE.search(
                own, max(s_start, match.start() - 24), match.start()
            ):
                # "ValuaTech gives your buyers a price, trained on 2 million sales"; but
                # "Fleetio tracks your 55 trucks" still says what the reader has.
                continue
            if _not_a_claim(own, match, s_start) and not dated_otherwise:
                continue
            tail = own[match.end() : match.end() + 12].lower()
            if re.match(r"\s*-?\s*(?:min|minute|mins|sec)", tail):
                continue
            if _about_reader(scan, match.start(), s_start, names, known):
                yield match.start(), match.end(), ""
        for match in _PROPER.finditer(own, s_start, s_end):
            name_start, name = match.start(), match.group()
            if _is_sentence_start(own, s_start, name_start) and not _COLLEAGUE.match(
                own, name_start
            ):
                # Capitalised as the sentence's first word: the name, if any, follows it
                # ("Your Fabtech talk", "The Leeds site").
                first, _, rest = name.partition(" ")
                if not rest or first.lower() not in _LEADING_WORDS:
                    continue
                name_start, name = name_start + len(first) + 1, rest
            if _GREETING_LINE.match(own, own.rfind("\n", 0, name_start) + 1):
                continue  # "Grüß Gott Herr Hofer,": the greeting, judged by OR402
            if len(name) <= 5 and name.rstrip("s").isupper():
                continue  # acronyms (IV, RFP, DOT, SKUs) are mostly common nouns
            if _LAW.search(name):
                continue  # "Finance Act", "the EU Data Act": a law, not a fact about the reader
            if name.lower() in _BROAD_REGIONS:
                continue  # "the North East", "the Midwest": a region, not a specific claim
            if _MONTH.fullmatch(name):
                continue  # a month: judged as one below
            if _INTRODUCED.search(own, max(s_start, name_start - 30), name_start):
                continue  # "wanted to introduce FleetNorth": the sender's own
            if _TERM_OF_ART.match(own, match.end()) or (
                _SCHEME_AFTER.match(own, match.end()) and (" " in name or name.isupper())
            ):
                continue  # "the Commercial Sales Practices disclosure": a rule, not a claim
            if (
                (
                    _A_BEFORE.search(own, max(s_start, name_start - 4), name_start)
                    and _PRODUCT_NOUN_AFTER.match(own, match.end())
                )
                or (
                    _QUANTITY_OF.search(own, max(s_start, name_start - 40), name_start)
                    and not _HONOUR_AFTER.match(own, match.end())
                )
            ) and scan.occurs(GIVING, s_start, s_end):
                # "a Yeti Tundra cooler", "a bottle of 18-year Macallan": the gift, not a claim
                continue
            if _on_address_line(own, name_start):
                continue  # "220 12 Ave SW, Calgary": the sender's address
            missing = [
                m for m in re.finditer(r"\S+", name) if not _word_known(m.group(), words, blob)
            ]
            # "Wanderly's Madrid office": what the reader's name owns is theirs.
            owner = names.match(own, name_start) if missing and names is not None else None
            owned = owner is not None and own.startswith(("'s ", "’s "), owner.end())
            if missing and (owned or _about_reader(scan, name_start, s_start, names, known)):
                # From the first word the facts do not know to the end of the name.
                yield name_start + missing[0].start(), name_start + len(name), ""
        for match in _MONTH.finditer(own, s_start, s_end):
            word = match.group().lower()
            if word == "may" and not match.group()[0].isupper():
                continue
            # A month is weak evidence: only close after a word of the reader ("your March
            # launch", "when you opened in May"), not in a general remark further on ("your
            # talk was a reminder of how tight things get in January"), nor in a sentence that
            # only restates a fact.
            if word[:3] in blob:
                continue
            near = max(s_start, match.start() - 60)
            if near > s_start and own[near - 1].isalnum():  # start at a word, not inside one
                space = _SPACE.search(own, near, match.start())
                near = space.end() if space else match.start()
            if _about_reader(scan, match.start(), near, names):
                yield match.start(), match.end(), ""
        for match in _EVENT_RE.finditer(own, s_start, s_end):
            index = next(i for i in range(1, 5) if match.group(i))
            word = match.group(index).lower()
            if _event_known(word, blob) or word.removeprefix("new ") in words:
                continue
            yield match.start(index), match.end(index), ""
        for match in _MEDAL.finditer(own, s_start, s_end):
            # "Gold at GBBF for the porter" when the facts say it won silver
            index = 1 if match.group(1) else 2
            word = match.group(index).lower()
            if word not in blob and any(other in blob for other in _MEDALS if other != word):
                yield match.start(index), match.end(index), ""
        for match in _GROWTH.finditer(own, s_start, s_end):
            # "online sales doubling since you launched": growth the facts must have
            if _event_known(match.group(1).lower(), blob):
                continue
            if _about_reader(scan, match.start(), s_start, names, known):
                yield match.start(1), match.end(1), ""
        if names is not None:
            for named in names.finditer(own, s_start, s_end):
                done = _DONE_BY_NAME.match(own, named.end())
                if done is None or _another_named(own, named, names):
                    continue
                prefix = (done.group(2) or done.group(3)).lower()
                group = next((g for g in _EVENTS if any(w.startswith(prefix) for w in g)), ())
                if group and not any(form in blob for form in group):
                    yield done.start(1), done.end(1), ""  # "seeing Minas Ferro roll out ..."
        for match in _EVENT_OF.finditer(own, s_start, s_end):
            # "the launch of Queuebright's triage assistant": an event of the reader's company.
            if names is None or not names.fullmatch(match.group("owner")):
                continue
            if not _event_known(match.group("event").lower(), blob):
                yield match.start("event"), match.end("event"), ""
    # The reader's post or talk: a quoted title, or its topic, the facts do not know. After
    # the sentence checks, whose findings point more closely.
    for match in _TITLE.finditer(own):
        if _invented_title(match.group("title"), words, numbers, blob):
            yield match.start("title"), match.end("title"), ""
    for start, end in _quotes_of_reader(scan):
        if _invented_title(own[start:end], words, numbers, blob):
            yield start, end, ""
    for match in itertools.chain(_TOPIC.finditer(own), _TOPIC_HEARD.finditer(own)):
        if _WANTS_BEFORE.search(own, max(0, match.start() - 30), match.start()):
            continue  # "I'd love your take on warehouse robotics": asked for, not claimed
        topic = _TOPIC_ENDS.compiled.split(match.group("topic"), maxsplit=1)[0]  # "... at X"
        topic = _TRAILING_SMALL_WORDS.sub("", topic)  # "... robots onto the"
        if _other_topic(topic, match.group("kind"), known):
            yield match.start("topic"), match.start("topic") + len(topic), ""


# A quoted title of something the reader made: 'your post "Five things we'd do differently"'.
_TITLE = Regex(
    r"\byour\s+(?:[\w-]+\s+){0,3}?(?:post|article|blog|piece|essay|op-ed|newsletter|thread|"
    r"talk|keynote|presentation|webinar|episode|podcast|paper|video|book|report|guide)"
    r"(?:\s+(?:on|about|called|titled|entitled))?[,:]?\s*"
    r"\"(?P<title>[^\"\n]{6,160})\"",  # the sender's words have typographic quotes as '"'
    IC,
)


def _quotes_of_reader(scan: Scan) -> Iterator[tuple[int, int]]:
    """The spans of quotations the email puts in the reader's mouth: "You said in an
    interview that 'no-shows cost us a fortune'", or a quote followed by "Your line has
    stuck with me"; the quote in the sentence of the attribution or the one before."""
    own = scan.own
    for said in _SAID.finditer(own):
        s_start, s_end = scan.doc.sentence_at(said.start())
        if s_start > 0:
            s_start, _ = scan.doc.sentence_at(s_start - 1)
        for quote in _QUOTE.finditer(own, s_start, s_end):
            group = "q" if quote.group("q") is not None else "q2"
            yield quote.start(group), quote.end(group)


_SAID = Regex(
    r"\byou(?: once| recently| publicly)? (?:said|wrote|told \w+|noted|argued|put it|posted|"
    r"tweeted|claimed|stated|joked|quipped)\b"
    r"|\byour (?:line|quote|words|comment|remark|phrase|one-liner)\b"
    r"|\b(?:line|quote|words|comment|remark|phrase) of yours\b"
    r"|\bas you (?:said|put it|wrote)\b",
    IC,
)
# A quotation: double quotes (the sender's typographic ones read as '"') or single ones.
_QUOTE = Regex(r"\"(?P<q>[^\"\n]{12,200})\"|(?<!\w)'(?P<q2>[^'\n]{12,200})'(?!\w)")


def _telling_words(text: str) -> list[str]:
    """The words of a title or topic that say what it is about: four letters or more, and
    neither a stop word nor a common one."""
    return [
        w
        for w in re.findall(r"[A-Za-z][A-Za-z'-]{3,}", text)
        if w.lower() not in _STOP and w.lower() not in _COMMON_WORDS
    ]


def _invented_title(title: str, words: frozenset[str], numbers: frozenset[str], blob: str) -> bool:
    """Whether a quoted title says more than the facts know: a number they do not have, or
    fewer than half of its telling words in them."""
    if any(
        (value := _norm_number(m.group())) and value not in numbers for m in _NUMBER.finditer(title)
    ):
        return True
    telling = _telling_words(title)
    unknown = [w for w in telling if not _word_known(w, words, blob)]
    return len(telling) >= 2 and len(unknown) * 2 > len(telling)


# What the reader's post or talk was about: "your talk on feature stores".
_TOPIC = Regex(
    r"\byour\s+(?:recent\s+|latest\s+|new\s+|last\s+)?(?:(?-i:[A-Z0-9])[\w&'.-]*\s+){0,4}?"
    r"(?:conference\s+|linkedin\s+|blog\s+|podcast\s+)?"
    r"(?P<kind>post|article|blog|piece|essay|op-ed|newsletter|thread|talk|keynote|presentation|"
    r"session|webinar|episode|podcast|paper|video|interview|panel|write-?up|point|take|comments?|"
    r"remarks?|argument|conversation|chat|discussion|appearance)"
    r"(?:\s+(?:at|from|for|on)\s+(?:the\s+)?(?:(?-i:[A-Z0-9])[\w&'.-]*\s*){1,6}?"
    r"(?:podcast\s+|episode\s+|show\s+)?)?"
    r"\s+(?:on|about)\s+"
    r"(?P<topic>[a-z][\w'-]*(?:[ \t]+[a-z][\w'-]*){0,4})",
    IC,
)


_WANTS_BEFORE = Regex(
    r"\b(?:love|value|welcome|appreciate|get|hear|forward to|like|want|need|curious about)\s+$", IC
)
# "I heard you on The Esports Business podcast talking about creator revenue splits".
_TOPIC_HEARD = Regex(
    r"\byou\s+(?:on|at)\s+(?:the\s+)?(?:(?-i:[A-Z0-9])[\w&'.-]*\s+){1,5}?(?P<kind>podcast|episode|"
    r"panel|show|webinar|conference|summit|stage)\s+(?:talking|speaking|discussing|presenting)\s+"
    r"(?:about\s+|on\s+)?(?P<topic>[a-z][\w'-]*(?:[ \t]+[a-z][\w'-]*){0,4})",
    IC,
)


# Where a topic ends and its setting begins: "feature stores at Data Council".
_TOPIC_ENDS = Regex(r"[ \t]+(?=(?:at|in|during|last|this|from|for|with|was|is|were|and|but)\b)", IC)
_TRAILING_SMALL_WORDS = Regex(
    r"(?:[ \t]+(?:a|an|the|to|of|on|onto|in|into|at|for|with|and|or|from|by|as|your|our))+$", IC
)


def _other_topic(topic: str, kind: str, known: _Known) -> bool:
    """Whether the reader's talk, post or episode was on something else than ``topic``: the
    facts that mention one (a fact with "spoke", "panel", "podcast"...) share none of the
    topic's telling words; with no such fact, the facts know none of them."""
    telling = _telling_words(topic)
    if len(telling) < 2:
        return False
    family = next((g for g in _KIND_FAMILIES if _stem(kind.lower()) in g), frozenset())
    about = [fact for fact in known.fact_parts if fact & family]
    if about:
        stems = _telling_set(" ".join(telling), parts=True)
        return not any(stems & fact for fact in about)
    return not any(_word_known(w, known.words, known.blob) for w in telling)


# The kinds of thing a reader makes, as the facts may name them (stems, see _stem).
_KIND_FAMILIES = tuple(
    frozenset(_stem(w) for w in group.split())
    for group in (
        "talk talked spoke speech keynote presentation presented present panel session "
        "lecture lectured webinar conference summit stage",
        "podcast episode interview interviewed show appeared",
        "post posted article blog piece essay op-ed newsletter thread wrote write-up writeup paper "
        "video tweet tweeted",
    )
)


# Number words, ordinal and cardinal, as digits: "third" and "three" count the same.
_NUMBER_WORDS = {
    "first": "1", "second": "2", "third": "3", "fourth": "4", "fifth": "5", "sixth": "6",
    "seventh": "7", "eighth": "8", "ninth": "9", "tenth": "10",
    "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7", "eight": "8",
    "one": "1", "nine": "9", "ten": "10", "eleven": "11", "twelve": "12", "fifteen": "15",
    "twenty": "20",
    "thirty": "30", "forty": "40", "fifty": "50",
}  # fmt: skip
_COUNTED = Regex(
    r"(?<![\w.$£€-])(\d[\d,]*|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|"
    r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)-one|"  # "one" alone: not a count
    r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)-)?(?:two|three|four|five|six|"
    r"seven|eight|nine)|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty)"
    r"(?:[ -](?:new|more|own|local|retail|regional|physical))?[ -]([a-z]{3,})",
    re.IGNORECASE,
)


def _counts(text: str) -> dict[str, set[str]]:
    """What the text counts: {'store': {'240'}, 'plant': {'2'}}."""
    found: dict[str, set[str]] = {}
    for match in _COUNTED.finditer(text):
        noun, value = _count_of(match)
        found.setdefault(noun, set()).add(value)
    return found


_SAME_THING = {
    "people": "employee", "person": "employee", "staff": "employee", "employee": "employee",
    "worker": "employee", "headcount": "employee", "fte": "employee",
    "location": "store", "shop": "store", "branche": "store", "branch": "store", "outlet": "store",
}  # fmt: skip


def _count_of(match: re.Match[str]) -> tuple[str, str]:
    """The thing a ``_COUNTED`` match counts and how many, as the facts and the email are
    compared: ('store', '240') for "240 stores", ('plant', '3') for "third plant"."""
    noun = match.group(2).lower().removesuffix("s")
    value = match.group(1).lower()
    tens, _, units = value.rpartition("-")  # "thirty-eight"
    if tens in _TENS and units in _NUMBER_WORDS:
        return _SAME_THING.get(noun, noun), str(_TENS[tens] + int(_NUMBER_WORDS[units]))
    return _SAME_THING.get(noun, noun), _NUMBER_WORDS.get(value, value.replace(",", ""))


_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
         "eighty": 80, "ninety": 90}  # fmt: skip


def _counted_otherwise(
    scan: Scan, facts: dict[str, frozenset[str]], names: Pattern | None
) -> Iterator[Hit]:
    """'300 stores' when the facts say 240 stores, 'your third plant' when they say a second:
    a count of a thing the facts count too, but another number, said of the reader or of
    no one in particular."""
    own = scan.own
    for match in _COUNTED.finditer(own):
        noun, value = _count_of(match)
        known = facts.get(noun)
        if not known or value in known:
            continue
        s_start, s_end = scan.doc.sentence_at(match.start())
        if own[s_start:s_end].rstrip().endswith("?"):
            continue  # "Would you like to try it on ten pieces?": a proposal, not a claim
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
    r"\b(?:top|first|next|last|up to|over the next|under|below|within|less than|"
    r"fewer than)\s+$",
    re.IGNORECASE,
)
# "for 30 days", "for 12 months": a span of time, not a count of the reader's things.
_FOR_BEFORE = Regex(r"\bfor\s+$", re.IGNORECASE)
_DURATION_AFTER = Regex(
    r"\s*(?:more\s+|straight\s+|full\s+)?(?:seconds?|minutes?|hours?|days?|weeks?|months?|"
    r"quarters?|years?|mins?|hrs?|yrs?)\b",
    re.IGNORECASE,
)
_ANOTHER = Regex(
    r"\b(?:a|an|one|another|other|similar|some|each|every|most|many|typical)\s+$", re.IGNORECASE
)
_SENDERS_AFTER = Regex(r"[^,;:.!?\n]{0,40}?\b(?:our|we|we've|we're|(?-i:us))\b", re.IGNORECASE)
_YEAR = Regex(r"(?:19[5-9]\d|20[0-4]\d)")


def _event_known(word: str, blob: str) -> bool:
    """Whether the known texts name the event ``word`` names, in any of its forms ("raised",
    "funding" and "series a" are one event: see _EVENTS)."""
    group = next(g for g in _EVENTS if word in g)
    return any(form in blob for form in group)


def _line_at(text: str, start: int) -> tuple[int, int]:
    """Where the line that holds ``start`` begins and ends (before its newline)."""
    end = text.find("\n", start)
    return text.rfind("\n", 0, start) + 1, len(text) if end == -1 else end


def _on_address_line(own: str, start: int) -> bool:
    """Whether ``start`` is on a line that holds a postal address (a signature's): an address
    and few words of prose, unlike "your talk at the 2024 Summit in Sydney"."""
    line_start, line_end = _line_at(own, start)
    if len(_PROSE_WORD.findall(own, line_start, line_end)) > 3 or _YOU.search(
        own, line_start, line_end
    ):
        return False  # "Your 2023 Keynote at Dreamforce rocked." is no address
    return bool(POSTAL_ADDRESS.search(own, line_start, line_end))


def _pitches_a_product(own: str, s_start: int, names: Pattern | None) -> bool:
    """Whether the sentence opens with a name that is not the reader's doing what a product
    does ("ValuaTech gives...", "Dockfeed reads..."): the sender's pitch, with its figures."""
    lead = _PITCH_LEAD.match(own, s_start)
    return lead is not None and not (names is not None and names.fullmatch(lead.group(1)))


_YOUR_BEFORE = Regex(r"\byour[ \t]+(?:[\w-]+[ \t]+)?$", IC)
_PITCH_LEAD = Regex(
    r"\s*(?!(?:it|this|that|these|those|he|she|you|your|we|our|they|their|there|here|which|what|"
    r"when|how|who)\b)((?-i:[A-Z])[\w&-]+)(?:[ \t]+(?-i:[A-Z])[\w&-]+)?[ \t]+(?:gives|helps|lets|"
    r"cuts|turns|keeps|tracks|reads|handles|sends|scores|flags|checks|automates|connects|syncs|forecasts|builds|"
    r"finds|matches|maps|monitors|predicts|prices|routes|schedules|plans|tunes|pulls|puts|"
    r"takes|gets|shows|saves|replaces|removes|catches|spots|detects|estimates|measures)\b",
    IC,
)


def _in_phone_number(own: str, start: int) -> bool:
    line_start, line_end = _line_at(own, start)
    return any(m.start() <= start < m.end() for m in _PHONE.finditer(own, line_start, line_end))


_AGED = Regex(r"[- ]year(?:[- ]old)?\b", IC)
_SPACE = Regex(r"\s+")
_VALUE_ASIDE = Regex(r"\((?:about|around|roughly|approx\.?|approximately|worth|valued at)\s*$", IC)
_PHONE = Regex(r"\(?\d{2,4}\)?[ .-]\d{3}[ .-]\d{3,4}\b")
# What a gift is worth, not a fact about the reader: "about $250 of gear", "$50 worth of".
_GIFT_VALUE = Regex(
    r"\s*(?:worth(?: of)?|(?:of|in) (?:gear|swag|merch|goodies|product|wine|kit))\b", IC
)


def _rounds_a_known(own: str, match: re.Match[str], s_start: int, known: _Known) -> bool:
    """Whether the number is a known figure rounded: "$400,000" for $410,000, "around 50k"
    for 48,000, "$60 million" for $62 million. Values compare with their scale ("$41M" is
    no rounding of 40 trucks), a percentage only with a percentage, and never with a year
    of the facts. A rounding says less than the figure it rounds: "41 trucks" or "2.1
    million" is no rounding of 40 trucks or 2 million. Within 5%, or within 10% after
    "about", "around", "nearly"..."""
    claimed = value_of(match.group())
    if not claimed:
        return False
    percent = _is_percent(match.group())
    digits = _significant(claimed)
    hedged = _HEDGE_BEFORE.search(own, max(s_start, match.start() - 16), match.start())
    tolerance = 0.10 if hedged else 0.05
    return any(
        value
        and kind == percent
        and (digits <= _significant(value) if hedged else digits < _significant(value))
        and abs(claimed - value) <= tolerance * value
        for kind, value in known.values
    )


def _significant(value: float) -> int:
    """How many significant digits a value has: 410,000 has 2, 4.25 has 3."""
    text = f"{value:.12g}".replace(".", "").lstrip("0")
    return len(text.rstrip("0")) if "e" not in text else len(text.split("e")[0])


def _is_percent(number: str) -> bool:
    return number.rstrip().lower().endswith(("%", "percent"))


_HEDGE_BEFORE = Regex(
    r"\b(?:about|around|nearly|almost|roughly|approximately|some|over|more than|close to|"
    r"just over|just under|upwards of)\s+(?:[$£€]\s?)?$|~\s?$",
    IC,
)


def _a_price(own: str, match: re.Match[str], s_start: int, names: Pattern | None) -> bool:
    """Money that is a price the sender quotes: "the per-store price comes down to $159",
    "$49 a month"."""
    if match.group()[:1] not in ("$", "£", "€"):
        return False
    before = own[max(s_start, match.start() - 40) : match.start()]
    if _YOU.search(before) or (names is not None and names.search(before)):
        return False  # "Your freight costs hit $4.2M", "Acme's fees rose to $2M": the reader's
    return bool(_PRICE_BEFORE.search(before) or _PRICE_AFTER.match(own, match.end()))


_PRICE_BEFORE = Regex(
    r"\b(?:price|prices|priced|pricing|costs?|fees?|rate|plan|subscription|licen[cs]e|quote|"
    r"per[- ](?:store|seat|user|site|location|month|year))\b[^.!?\n]*$",
    IC,
)
_PRICE_AFTER = Regex(
    r"\s*(?:/\s?(?:mo|month|yr|year|seat|user)|per (?:month|year|seat|user|store|site|location|"
    r"head)|a (?:seat|user|store|site|location|head))\b",
    IC,
)


def _dated_otherwise(own: str, match: re.Match[str], known: _Known) -> bool:
    """A year the facts give another one for the same thing: "your talk at the 2024 Summit
    in Sydney" when a fact says the talk at the Summit in Sydney was in 2023."""
    if not _YEAR.fullmatch(match.group()) or not known.years:
        return False
    year = match.group()
    around = _telling_set(own[max(0, match.start() - 60) : match.end() + 60])
    dated = [len(around & telling) for given, telling in known.years if given == year]
    other = [len(around & telling) for given, telling in known.years if given != year]
    return max(other, default=0) >= 2 and max(dated, default=0) < 2


_A_BEFORE = Regex(r"\b(?:a|an)[ \t]+$", IC)
_QUANTITY_OF = Regex(
    r"\b(?:case|bottle|box|bag|crate|pack|set|pair|basket|hamper|tin|jar)s? of[ \t]+"
    r"(?:\d+[- ]year(?:[- ]old)?[ \t]+)?$",
    IC,
)
_HONOUR_AFTER = Regex(
    r"[ \t]+(?:awards?|prizes?|medals?|wins?|winners?|finalists?|nominations?|titles?)\b", IC
)
# A common noun after the name, making it the name of a product ("a Yeti Tundra cooler"),
# not of an honour ("named a Gartner Cool Vendor in insurance", "a Webby award").
_PRODUCT_NOUN_AFTER = Regex(
    r"[ \t]+(?!(?:in|on|at|for|with|and|or|of|to|from|by|award|awards|prize|winner|finalist|"
    r"nomination|title|designation|status|ranking|listing|certification|grant)\b)[a-z]{3,}\b"
)
# "Temporary Foreign Worker paperwork": a scheme's name (never one word: "Manchester permits").
_SCHEME_AFTER = Regex(r"\s+(?:paperwork|programs?|programmes?|schemes?|visas?|permits?)\b")
# "we wanted to introduce FleetNorth", "introducing Tallyhq": the sender's own name.
_INTRODUCED = Regex(
    r"\b(?:introduce|introducing|presenting|meet|courtesy of|compliments of|"
    r"from (?:the|us) (?:team )?at)\s+(?:you\s+to\s+)?$",
    IC,
)
# A capitalised phrase used as the name of a rule or a form: "the CSP disclosure".
_TERM_OF_ART = Regex(
    r"\s+(?:disclosures?|requirements?|rules?|regulations?|standards?|framework|forms?|filings?|"
    r"guidelines|certification|provisions?|thresholds?|exemptions?|criteria)\b"
)


def _not_a_claim(own: str, match: re.Match[str], s_start: int) -> bool:
    """Numbers that say nothing of the reader: a scope ('your top 50 SKUs'), the sender's own
    data named right after ('the 1,900 trucks in our dataset'), a year that names a thing
    ('the 2025 hiring aid', 'Finance Act 2024')."""
    before = own[max(s_start, match.start() - 20) : match.start()]
    if _SCOPE_BEFORE.search(before):
        return True
    if _FOR_BEFORE.search(before) and _DURATION_AFTER.match(own, match.end()):
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
    "(their team, company, posts, results), and the quoted title or the topic of their post "
    "or talk, that appear nowhere in the prospect's fields or facts. A sentence that names no "
    "one but describes the reader's situation in the facts' words counts as about the reader. "
    "The sender's own claims ('we', 'our') are left alone. A prospect without facts "
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
        Example(  # no one named, but the facts' situation: the reader's
            "Running a reader-funded outlet in Halifax with a 25-person newsroom means every "
            "membership counts.",
            prospect={
                "name": "Amelia Hart",
                "company": "The Harbour Ledger",
                "facts": ["digital local news outlet in Halifax", "reader-funded membership"],
            },
        ),
        Example(
            'I enjoyed your post "Five things we\'d do differently in our WMS cutover".',
            prospect={"name": "Victor Huang", "facts": ["wrote a blog post about the cutover"]},
        ),
        Example(
            "310k subscribers on YouTube puts Circuit Breakdown in range for direct brand deals.",
            prospect={
                "name": "Tyler Reed",
                "company": "Circuit Breakdown",
                "facts": ["YouTube channel reviewing consumer electronics"],
            },
        ),
        Example(
            "Introducing a shift planning system for 500 people is no small job.",
            prospect={
                "name": "Johanna Virtanen",
                "facts": ["about 350 employees", "introducing a new shift planning system"],
            },
        ),
        Example(
            "Your Fabtech talk on robotic weld cells was one of the better sessions.",
            prospect={"name": "Steve Ortiz", "facts": ["makes solar mounting racks in Arizona"]},
        ),
        Example(  # a talk the facts have, on another topic
            "Your talk on feature stores at Data Council was sharp.",
            prospect={"name": "Ravi Shah", "facts": ["gave a talk on data mesh at Data Council"]},
        ),
        Example(
            "Your AUA conference session on widening participation was sharp.",
            prospect={"name": "Helen Park", "facts": ["presented on records migration at AUA"]},
        ),
        Example(
            "Your talk at Podcast Movement on dynamic ad insertion was excellent.",
            prospect={
                "name": "Kenji Mori",
                "facts": ["gave a talk at Podcast Movement on dubbing"],
            },
        ),
        Example(
            "You said in a recent interview that no-shows cost the practice a fortune.",
            prospect={"name": "Rebecca Hale", "facts": ["has 14 physicians across three clinics"]},
        ),
        Example(
            '"Underwriting small shops is a data problem, not a risk problem." Your line has stuck '
            "with me.",
            prospect={"name": "Arjun Rao", "facts": ["Kredza lends to kirana stores"]},
        ),
        Example(
            "I caught your talk at the 2024 Logistics Summit in Sydney.",
            prospect={
                "name": "Liam Byrne",
                "facts": ["spoke at the Logistics Summit in Sydney in 2023"],
            },
        ),
        Example(
            "After doubling your volume through Laredo this year, dispatch must be stretched.",
            prospect={
                "name": "Carlos Vega",
                "facts": ["runs drayage at Laredo", "hiring dispatchers"],
            },
        ),
        Example(
            "Loved the launch of Queuebright's triage assistant last month.",
            prospect={
                "name": "Aisha Khan",
                "company": "Queuebright",
                "facts": ["makes booking software for clinics"],
            },
        ),
        Example(
            "Sam Okafor on your platform team mentioned the move to AWS.",
            prospect={"name": "Jordan Lee", "facts": ["migrated from Heroku to AWS last year"]},
        ),
        Example(
            "Good timing, with Dan Mercer's crew now leading the Riverside Medical Centre build in "
            "Brisbane.",
            prospect={
                "name": "Liam Hart",
                "facts": ["won the Riverside Medical Centre contract in Brisbane"],
            },
        ),
        Example(
            "Twelve new stores in a year while online sales climbed 45% is a rare combination.",
            prospect={
                "name": "Priya Shah",
                "facts": ["opened 12 new stores in 2024", "38% growth in online sales"],
            },
        ),
        Example(
            "With Kaiser already using ClaimBridge for hospital denials, dental is a natural step.",
            prospect={
                "name": "Daniel Ortiz",
                "company": "ClaimBridge",
                "facts": ["ClaimBridge sells denial software to hospitals"],
            },
        ),
        Example(
            "Great meeting you at BIO in Boston.",
            prospect={"name": "Omar Haddad", "facts": ["met at BIO International in San Diego"]},
        ),
        Example(
            "I saw you brought on a head of logistics, and with the move to the new Birmingham "
            "fulfilment centre, it is a good time to look at carriers.",
            prospect={"name": "Ella Stone", "facts": ["hired a new head of logistics"]},
        ),
        Example(
            "As you mentioned, you are losing roughly $2M a year to fuel discrepancies.",
            prospect={"name": "Yusuf Kaya", "facts": ["fleet of 14 tankers"]},
        ),
        Example(
            "Congratulations on the ISTE award for your Chromebook rollout.",
            prospect={"name": "Beth Moore", "facts": ["rolled out Chromebooks in 2023"]},
        ),
        Example(
            "Congratulations on taping out your 3nm accelerator last month.",
            prospect={"name": "Li Wen", "facts": ["designs AI accelerator chips"]},
        ),
        Example(
            "14 locations across Arizona, the first two in Las Vegas, and a loyalty app that "
            "launched in January.",
            prospect={
                "name": "Rosa Diaz",
                "facts": ["has 14 locations in Arizona", "launched a loyalty app in January"],
            },
        ),
        Example(
            "I noticed Wanderly's Madrid office is near our partner's.",
            prospect={
                "name": "Ines Costa",
                "company": "Wanderly",
                "facts": ["Wanderly has offices in Lisbon and Porto"],
            },
        ),
        Example(
            "Sending alerts to 50,000 farmers is impressive; doing it with a 25-person data team "
            "is more so.",
            prospect={
                "name": "Priya Nair",
                "facts": ["sends alerts to 50,000 smallholder farmers"],
            },
        ),
        Example(
            'That line of yours on the Secure by Default episode, "SOC 2 is a byproduct, not a '
            'goal", is on a sticky note above my desk.',
            prospect={
                "name": "Marcus Hill",
                "facts": ["appeared on a podcast about SOC 2 automation"],
            },
        ),
        Example(
            "I understand Johan Pretorius, your COO, is leading the smelter project.",
            prospect={"name": "Sipho Dube", "facts": ["listed on the JSE in 2022"]},
        ),
        Example(
            "Your tweet about hiring rang true, and with Harbour Dental expanding to a fifth "
            "surgery this autumn, it must be top of your list.",
            prospect={
                "name": "Conor Walsh",
                "company": "Harbour Dental",
                "facts": ["two-surgery practice in Cork"],
            },
        ),
        Example(
            "I enjoyed your Doc Edge 2024 panel on virtual production budgets.",
            prospect={
                "name": "Mere Tane",
                "sector": "film production",
                "facts": ["spoke on a panel at Doc Edge 2024 about archival footage licensing"],
            },
        ),
        Example(
            "Your post on crusher twins was excellent, and seeing Minas Ferro roll out autonomous "
            "haulage this year, you're ahead of most producers.",
            prospect={
                "name": "Ana Lima",
                "company": "Minas Ferro",
                "facts": ["posted about digital twins of crushers"],
            },
        ),
        Example(
            "I caught your session on payments fraud at GAC 2023.",
            prospect={
                "name": "Darnell Ross",
                "facts": ["moved to Symitar in 2023", "spoke at GAC 2024 about payments fraud"],
            },
        ),
        Example(
            "I heard you on The Esports Business podcast talking about creator revenue splits.",
            prospect={
                "name": "Ryan Cole",
                "facts": [
                    "appeared on The Esports Business podcast discussing player mental health"
                ],
            },
        ),
        Example(
            "With three Texas storefronts and online sales doubling since you launched the web "
            "shop, inventory must be getting harder.",
            prospect={
                "name": "Bianca Cruz",
                "facts": ["has 3 storefronts in Texas", "launched an online shop in 2024"],
            },
        ),
        Example(
            "How's the new Leeds depot working out?",
            prospect={"name": "Sarah Cole", "facts": ["opened a new depot in Manchester in 2024"]},
        ),
        Example(
            "How's the Kinetix integration going now the acquisition has closed?",
            prospect={"name": "Graham Hale", "facts": ["makes trauma plates in Sheffield"]},
        ),
        Example(
            "Your point about paywalled bonus feeds cannibalising ad inventory was new to me.",
            prospect={
                "name": "Lachlan Reid",
                "facts": ["was a podcast guest discussing dynamic ad insertion"],
            },
        ),
        Example(
            "Gold at GBBF for the porter, congratulations: a serious result for a brewery.",
            prospect={
                "name": "Callum Shaw",
                "facts": ["won silver at the Great British Beer Festival 2024 for its porter"],
            },
        ),
        Example(
            "Your 2,000 drivers must keep dispatch busy.",
            prospect={
                "name": "Dan Cole",
                "facts": ["runs a trucking fleet in Texas, founded in 2019"],
            },
        ),
        Example(
            "Your driver turnover (38%) is well above the Texas average.",
            prospect={"name": "Dan Cole", "facts": ["runs a trucking fleet in Texas"]},
        ),
        Example(
            "Acme Inc raised $20M in March.",
            prospect={"name": "Jo Park", "company": "Acme Inc", "facts": ["makes pumps"]},
        ),
        Example(
            "Read about Minas Ferro's Hiring Spree in the Globe.",
            prospect={"name": "Ana Lima", "company": "Minas Ferro", "facts": ["mines iron ore"]},
        ),
        Example(
            "14 reefer vessels, and since the Esbjerg store opened I hear close to 38% of your "
            "volume routes through it.",
            prospect={
                "name": "Lars Holm",
                "facts": ["operates 14 reefer vessels", "opened a cold-store at Esbjerg port"],
            },
        ),
        Example(
            "After the ransomware incident you disclosed in March, NIS2 must be top of your list.",
            prospect={
                "name": "Mikko Lahti",
                "facts": ["posted that NIS2 is his priority for 2026"],
            },
        ),
        Example(
            "Priya on your data team told me the backlog is huge.",
            prospect={"name": "Dan Cole", "facts": ["runs 40 refrigerated trucks in Ohio"]},
        ),
        Example(
            "Your $41M in revenue shows the demand is there.",
            prospect={"name": "Dan Cole", "facts": ["runs 40 refrigerated trucks in Ohio"]},
        ),
        Example(  # the pitch names what the reader has
            "Fleetio tracks your 55 trucks in real time.",
            prospect={"name": "Dan Cole", "facts": ["runs 40 refrigerated trucks in Ohio"]},
        ),
        Example(  # the reader's costs, not a price quoted to them
            "Northwind's freight costs hit $4.2M last year.",
            prospect={
                "name": "Dan Cole",
                "company": "Northwind",
                "facts": ["runs 40 refrigerated trucks in Ohio"],
            },
        ),
        Example(  # a percentage is no rounding of a count
            "Your 39% driver turnover must hurt.",
            prospect={"name": "Dan Cole", "facts": ["runs 40 refrigerated trucks in Ohio"]},
        ),
        Example(  # more precise than the fact: no rounding of it
            "Keeping your 41 trucks on the road in winter is hard work.",
            prospect={"name": "Dan Cole", "facts": ["runs 40 refrigerated trucks in Ohio"]},
        ),
        Example(
            "Your 2.1 million members expect answers fast.",
            prospect={"name": "Ana Lima", "facts": ["the union has 2 million members"]},
        ),
        Example(
            "Your March numbers looked strong.",
            prospect={"name": "Dan Cole", "facts": ["runs 40 refrigerated trucks in Ohio"]},
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
        Example(  # someone else, nearer than the reader
            "I imagine you'd rather hire someone near Manchester than someone commuting up "
            "from London.",
            prospect={"name": "Hannah Okafor", "facts": ["TV production company in Manchester"]},
        ),
        Example(  # the country given as its ISO code
            "Launching your own audiobook app put Nordljus among Swedish publishers selling "
            "direct.",
            prospect={
                "name": "Erik Lindholm",
                "company": "Nordljus",
                "country": "SE",
                "facts": ["launched an audiobook app"],
            },
        ),
        Example(
            "Tidewater's Teesside roles compete with every major project in the North East.",
            prospect={
                "name": "Sophie Turner",
                "company": "Tidewater Hydrogen",
                "facts": ["green hydrogen developer in Teesside"],
            },
        ),
        Example(  # a general remark: nothing in it is the reader's
            "Scaling past 50 reps usually breaks a homegrown CRM.",
            prospect={"name": "Laura Kim", "facts": ["Greenleaf operates 240 stores"]},
        ),
        Example(  # a span of time, not a count
            "Running the pilot for 30 days in your Reno warehouse costs nothing.",
            prospect={"name": "Victor Huang", "facts": ["runs a warehouse in Reno"]},
        ),
        Example(  # the topic in other words
            "Your talk about dock scheduling at ProMat was useful.",
            prospect={
                "name": "Priya Raman",
                "facts": ["spoke about dock appointment scheduling at ProMat"],
            },
        ),
        Example(
            'Your post "Why dock appointments slip" hit home.',
            prospect={
                "name": "Priya Raman",
                "facts": ['LinkedIn post: "Why dock appointments slip"'],
            },
        ),
        Example(
            "Clearing $400,000 at the October gala is no small thing.",
            prospect={"name": "Marcus Bell", "facts": ["the October gala raised $410,000"]},
        ),
        Example(
            "At around 50k parcels a day, each failed delivery adds up.",
            prospect={"name": "Ana Souza", "facts": ["ships about 48,000 parcels a day"]},
        ),
        Example(
            "For your 26 stores the per-store price comes down to $159.",
            stage="ask",
            prospect={"name": "Ben Carter", "facts": ["operates 26 stores in Ohio"]},
        ),
        Example(
            "Your post on the hail backlog stuck with me; we saw the same in the Front Range.",
            prospect={"name": "Dana Cole", "facts": ["posted about the backlog after hail season"]},
        ),
        Example(
            "We noticed your RFP for telematics and wanted to introduce FleetNorth.",
            prospect={"name": "Theresa Gill", "facts": ["issued an RFP for fleet telematics"]},
        ),
        Example(
            "The Commercial Sales Practices disclosure has to reflect discounts to your best "
            "customer.",
            prospect={"name": "Harold Brown", "facts": ["holds a GSA Schedule contract"]},
        ),
        Example(
            "Metrivo checks readings before billing; Stadtwerke Kellerbach cut corrections by 60%.",
            prospect={
                "name": "Felix Braun",
                "company": "Stadtwerke Albtal",
                "facts": ["Stadtwerke Albtal is rolling out smart meters"],
            },
        ),
        Example(
            "Your presentation on winter peak demand was a good reminder of how tight things get "
            "in January.",
            prospect={"name": "Owen Ross", "facts": ["presented on winter peak demand"]},
        ),
        Example(
            "Since you claim the R&D tax credit, a heads-up: the rate went from 25% to 30%.",
            prospect={"name": "Aoife Byrne", "facts": ["claims the R&D tax credit"]},
        ),
        Example(
            "Light-industrial shifts in Texas are hard to staff from June to September.",
            prospect={"name": "Carlos Ruiz", "facts": ["places light-industrial workers in Texas"]},
        ),
        Example(
            "We read the lights and a Wi-Fi scan, and a third of tickets close without a visit.",
            prospect={"name": "Rafael Costa", "facts": ["has 480,000 broadband customers"]},
        ),
        Example(
            "The first cohort attends free, and the next open batch is in Pune in September.",
            prospect={
                "name": "Vikram Desai",
                "company": "Pune Strikers",
                "facts": ["the club opened a youth academy in 2024"],
            },
        ),
        Example(
            "Regional fleets of your size get back 10 to 12 dispatcher hours a week.",
            prospect={"name": "Luis Ortega", "facts": ["runs a 60-truck fleet in Texas"]},
        ),
        Example(
            "Best,\nOwen Tkachuk\nRinkside Partnerships\n220 12 Ave SW, Calgary, AB T2R 0G9\n"
            "403-555-0188",
            prospect={
                "name": "Jenna MacLeod",
                "company": "Calgary Foothills Hockey Club",
                "facts": ["the club plays in the AJHL"],
            },
        ),
        Example(
            "Tullsmart automates Nordic import filings from your WMS data.",
            prospect={"name": "Jens Albrecht", "facts": ["ships mainly to Scandinavia"]},
        ),
        Example(
            "A cooler is on its way to you, about $250 of gear for the lake house.",
            prospect={"name": "Anita Shah", "facts": ["practices in Chicago"]},
        ),
        Example(
            "Shiftready rebooks no-shows within the hour. Clients usually recover 8-10 points of "
            "fill rate.",
            prospect={"name": "Carlos Ruiz", "facts": ["posted that fill rates dropped in summer"]},
        ),
        Example(
            "Your post about pick rates dropping during the Ramadan peaks was spot on.",
            prospect={
                "name": "Ahmed Khalil",
                "facts": ["posted about pick-rate problems during Ramadan"],
            },
        ),
        Example(
            "Your post about berry loads turned back at the Laredo crossing is a problem we see.",
            prospect={
                "name": "Alejandro Ruiz",
                "facts": ["posted about loads rejected at the Laredo border"],
            },
        ),
        Example(
            "On 30 kg drum roasters, efficiency tends to drop once the element passes 2,000 hours.",
            prospect={"name": "Marco Bianchi", "facts": ["roasts on a 30 kg drum roaster"]},
        ),
        Example(
            "ValuaTech gives your buyers a price range, trained on 2 million past sales.",
            prospect={"name": "Giulia Conti", "facts": ["resells pre-owned luxury watches"]},
        ),
        Example(
            "At Lakeview District Library it cut the average wait from 39 to 17 days.",
            prospect={
                "name": "Denise Hart",
                "company": "Maple Grove Public Library",
                "facts": ["Maple Grove Public Library serves 48,000 cardholders"],
            },
        ),
        Example(
            "As a welcome, I'm sending you a case of Napa cabernet (about $180).",
            prospect={"name": "Gary Holt", "facts": ["is evaluating track-inspection robots"]},
        ),
        Example(
            "Subject: Border holds on the Montreal-Chicago lane",
            prospect={
                "name": "Nathalie Bouchard",
                "facts": ["operates cross-border runs between Montreal and Chicago"],
            },
        ),
        Example(
            "Would you like to try it on ten pieces from this month's intake?",
            prospect={"name": "Giulia Conti", "facts": ["sold 400 pieces last year"]},
        ),
        Example(
            "Thirty-eight shows across French and English is a serious production slate.",
            prospect={
                "name": "Marie Roy",
                "facts": ["network produces 38 shows in French and English"],
            },
        ),
        Example(
            "Congratulations on the $60 million in Tri-Agency funding.",
            prospect={
                "name": "Anne Dubois",
                "facts": ["received $62 million in Tri-Agency funding"],
            },
        ),
        Example(
            "Refrigerated trucks in Ohio burn 30% more diesel in winter.",
            prospect={"name": "Dan Cole", "facts": ["runs 40 refrigerated trucks in Ohio"]},
        ),
        Example(
            "Everyone on your team will like this.",
            prospect={"name": "Dan Cole", "facts": ["runs 40 refrigerated trucks in Ohio"]},
        ),
        Example(
            "Would love to meet you at ProMat in Chicago next month.",
            prospect={"name": "Dan Cole", "facts": ["runs a warehouse in Ohio"]},
        ),
        Example(
            "Minas Ferro raised the bar on ore quality this year.",
            prospect={"name": "Ana Lima", "company": "Minas Ferro", "facts": ["mines iron ore"]},
        ),
        Example(
            "As a thank-you, we're sending your team a case of wine, courtesy of CivicStack.",
            prospect={"name": "Dwayne Pierce", "facts": ["is replacing its permitting system"]},
        ),
        Example(
            "A bottle of 18-year Macallan is on its way to your office, with our compliments.",
            prospect={"name": "Robert Lang", "facts": ["oversees annual compliance training"]},
        ),
        Example(
            "I saw your question on the HR forum about Temporary Foreign Worker paperwork.",
            prospect={"name": "Olivia Bennett", "facts": ["asked about TFW program paperwork"]},
        ),
        Example(
            "I'd love your take on warehouse robotics before we publish.",
            prospect={"name": "Dan Cole", "facts": ["runs 40 refrigerated trucks in Ohio"]},
        ),
        Example(
            "We're an AWS Gold Partner, and your team could use the help.",
            prospect={"name": "Ann Bell", "facts": ["won silver at the regional awards"]},
        ),
        Example(
            "Did the invoice we sent in March arrive?",
            prospect={"name": "Dan Cole", "facts": ["runs 40 refrigerated trucks in Ohio"]},
        ),
        Example(
            "Our tool could save 20% of your fuel spend.",
            prospect={"name": "Dan Cole", "facts": ["runs 40 refrigerated trucks in Ohio"]},
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
