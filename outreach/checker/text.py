"""Turn an email into what the rules read: the sender's new words, located.

The rules never see quoted replies (``>`` lines, everything after
"On ... wrote:" or an Outlook "Original Message" block), headers other than
the subject, HTML tags, or inline ignore comments. The signature after a
``-- `` line is kept apart: compliance rules read it (the postal address and
opt-out live there), the others do not. Every view keeps the original
offsets, so a finding points at the exact line and column of the file.
"""

from __future__ import annotations

import bisect
import re

from outreach.checker.patterns import Regex
from outreach.records import field, record

_IGNORE = Regex(r"<!--\s*outreach:\s*ignore(?:\[([^\]]*)\])?[^>]*?-->", re.IGNORECASE)
_ON_WROTE = Regex(
    r"^\s*(?:On\b.{0,200}?\bwrote|Le\b.{0,200}?\ba écrit|Am\b.{0,200}?\bschrieb|El\b.{0,200}?"
    r"\bescribió)\s*:\s*$",
    re.IGNORECASE,
)
_ORIGINAL = Regex(
    r"^\s*(?:-{2,}\s*(?:Original Message|Forwarded message)\s*-{2,}|_{20,})\s*$", re.IGNORECASE
)
_HEADER = Regex(r"^(Subject|From|To|Cc|Bcc|Date|Reply-To|Sent)\s*:", re.IGNORECASE)
_ANY_HEADER = Regex(r"^([\w-]+)\s*:")
_TAG = Regex(r"<!--.*?-->|<(script|style)\b.*?</\1\s*>|<[A-Za-z/!][^<>]*>", re.DOTALL | re.I)
_BLOCKQUOTE = Regex(r"<blockquote\b.*?</blockquote\s*>", re.DOTALL | re.IGNORECASE)
_ENTITY = Regex(r"&(?:#\d{1,7}|#x[0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_SENTENCE_BREAK = Regex(r"[.!?]+[\"')\]]*(?=\s)|\n[ \t]*\n|\n(?=[ \t]*(?:[-*•]|\d+[.)])\s)")
_NOT_WS = Regex(r"[^\n]")
# What every line that starts a quote, a forwarded message or a signature begins with
# (see _views): ">", "-", "_", or "On", "Le", "Am", "El" before "... wrote:".
_MAY_HIDE = Regex(r"(?m)^\s*(?:[-_>]|(?i:on|le|am|el)\b)")


def _blank(text: str) -> str:
    """Replace everything but newlines with spaces, keeping the length."""
    return _NOT_WS.sub(" ", text)


@record
class Document:
    """One email: the raw text plus views that hide what is not the sender's new words."""

    path: str
    text: str  # the text findings are located in (newlines normalised to \n)
    own: str  # subject and body: quotes, headers, tags, signature blanked
    signed: str  # like own, with the signature kept
    body_start: int = 0  # where the text after a leading block of headers starts
    row: int = 0
    line_offset: int = 0  # added to line numbers (a row inside a CSV/JSONL file)
    flat: bool = False  # the whole text sits on one line of the file (a JSONL row)
    ignores: dict[int, frozenset[str]] = field(default_factory=dict)  # 0-based line -> codes
    _line_starts: list[int] = field(default_factory=list)
    _sentences: list[tuple[int, int]] | None = None
    _sentence_starts: list[int] | None = None
    _lower: str | None = None

    def __post_init__(self) -> None:
        starts = [0]
        find = self.text.find
        pos = find("\n")
        while pos != -1:
            starts.append(pos + 1)
            pos = find("\n", pos + 1)
        self._line_starts = starts

    @property
    def lower(self) -> str | None:
        """``own`` in lower case for fast matching, or None when lowering changes its length."""
        if self._lower is None:
            low = self.own.lower()
            self._lower = low if len(low) == len(self.own) else ""
        return self._lower or None

    def locate(self, offset: int) -> tuple[int, int]:
        """0-based line and column of an offset."""
        line = bisect.bisect_right(self._line_starts, offset) - 1
        return line, offset - self._line_starts[line]

    def line_text(self, line: int) -> str:
        start = self._line_starts[line]
        end = self._line_starts[line + 1] - 1 if line + 1 < len(self._line_starts) else None
        return self.text[start:end]

    @property
    def sentences(self) -> list[tuple[int, int]]:
        if self._sentences is None:
            spans: list[tuple[int, int]] = []
            start = 0
            for match in _SENTENCE_BREAK.finditer(self.own):
                end = match.end()
                if end - start <= MAX_SENTENCE:
                    spans.append((start, end))
                else:
                    spans.extend(_bounded(self.own, start, end))
                start = end
            spans.extend(_bounded(self.own, start, len(self.own)))
            self._sentences = spans
        return self._sentences

    def sentence_at(self, offset: int) -> tuple[int, int]:
        spans = self.sentences
        if self._sentence_starts is None:
            self._sentence_starts = [start for start, _ in spans]
        index = bisect.bisect_right(self._sentence_starts, offset) - 1
        return spans[max(index, 0)]


# No real sentence is longer; text with no punctuation is cut at spaces into pieces
# this long, so the per-match sentence checks stay bounded instead of quadratic.
MAX_SENTENCE = 600


def _bounded(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans = []
    while end - start > MAX_SENTENCE:
        cut = text.rfind(" ", start + MAX_SENTENCE // 2, start + MAX_SENTENCE)
        cut = cut + 1 if cut > start else start + MAX_SENTENCE
        spans.append((start, cut))
        start = cut
    spans.append((start, end))
    return spans


def normalise(text: str) -> str:
    """CRLF and lone CR line ends to \\n, so lines count the same on every platform."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def _prose(text: str) -> str:
    """Same-length view for matching: typographic quotes to ASCII, nbsp to space."""
    if text.isascii():  # the only character to change is a tab
        return text.replace("\t", " ") if "\t" in text else text
    return text.translate(_PROSE_TABLE)


_PROSE_TABLE = str.maketrans(
    {"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u00a0": " ", "\t": " "}
)


def _unescape_same_length(match: re.Match[str]) -> str:
    raw = match.group()
    import html  # HTML input only: html.entities is a big table

    char = html.unescape(raw)
    return char.ljust(len(raw)) if len(char) <= len(raw) else raw


def build_document(
    text: str,
    path: str = "<text>",
    *,
    markup: str = "text",
    row: int = 0,
    line_offset: int = 0,
    flat: bool = False,
    headers: bool = False,
) -> Document:
    """Read an email (plain text, markdown or HTML) into a Document.

    A leading block of ``Subject:``/``From:``/``To:`` lines is a header: the
    subject's text is checked, the other headers are not.
    """
    text = normalise(text)
    work = _prose(text)
    ignores: dict[int, frozenset[str]] = {}
    if "outreach" in work and "<!--" in work:
        work = _collect_ignores(text, work, ignores)
    if markup == "html":
        work = _BLOCKQUOTE.sub(lambda m: _blank(m.group()), work)
        work = _TAG.sub(lambda m: _blank(m.group()), work)
        work = _ENTITY.sub(_unescape_same_length, work)
    lines = work.split("\n")
    header = _ANY_HEADER if headers else _HEADER
    body_start = 0
    if not _MAY_HIDE.search(work) and not (lines and header.match(lines[0])):
        own = signed = work  # no line can start a header, a quote or a signature
    else:
        own, signed, body_start = _views(lines, header)
    return Document(
        path=path,
        text=text,
        own=own,
        signed=signed,
        body_start=body_start,
        row=row,
        line_offset=line_offset,
        flat=flat,
        ignores=ignores,
    )


def _views(lines: list[str], header: Regex) -> tuple[str, str, int]:
    """The sender's own words and the same with the signature kept, line by line: headers
    (but the subject's text), quotes, forwarded messages and the signature blanked; and
    where the body after the headers starts."""
    own_lines: list[str] = []
    signed_lines: list[str] = []
    in_header = bool(lines) and bool(header.match(lines[0]))
    body_start = 0
    zone = "body"  # then "signature" after a "--" line, or "quote" for good
    for index, line in enumerate(lines):
        blank = " " * len(line)
        if in_header and line.strip():
            head = header.match(line)
            if head or line[:1] in (" ", "\t"):  # a header or its continuation
                kept = blank
                if head and head.group(1).lower() == "subject":
                    kept = " " * head.end() + line[head.end() :]
                own_lines.append(kept)
                signed_lines.append(kept)
                body_start += len(line) + 1
                continue
        in_header = False
        hidden = zone == "quote"  # from both views
        if not hidden:
            stripped = line.lstrip()
            lead = stripped[:1]
            original = _ORIGINAL.match(line) if lead in ("-", "_") else None
            if original or lead == ">":
                hidden = True
                if original:
                    zone = "quote"
            elif (
                stripped[:2].lower() in ("on", "le", "am", "el")
                and index + 1 < len(lines)
                and (
                    _ON_WROTE.match(line)
                    or (
                        not line.rstrip().endswith(":")
                        and _ON_WROTE.match(line + " " + lines[index + 1])
                    )
                )
            ):
                zone = "quote"
                hidden = True
            elif zone == "body" and line.rstrip() == "--":
                zone = "signature"
                hidden = True
        own_lines.append(line if zone == "body" and not hidden else blank)
        signed_lines.append(blank if hidden else line)
    # A trailing "On ... wrote:" on the last line starts a quote of nothing: blank it too.
    if lines and _ON_WROTE.match(lines[-1]):
        own_lines[-1] = " " * len(lines[-1])
        signed_lines[-1] = own_lines[-1]
    return "\n".join(own_lines), "\n".join(signed_lines), body_start


def _collect_ignores(text: str, work: str, ignores: dict[int, frozenset[str]]) -> str:
    """Record ``<!-- outreach: ignore[CODE,...] reason -->`` and blank the comments.

    A comment at the end of a line covers that line; a comment alone on its
    line covers the next line that has text. No codes means every rule.
    """
    line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
    lines = text.split("\n")
    for match in _IGNORE.finditer(work):
        raw = match.group(1)
        codes = frozenset(
            c.strip().upper() if c.strip()[:2].upper() == "OR" else c.strip().lower()
            for c in (raw or "*").split(",")
            if c.strip()
        ) or frozenset({"*"})
        line = bisect.bisect_right(line_starts, match.start()) - 1
        target = line
        if not _IGNORE.sub("", lines[line]).strip():
            target = line + 1
            while target < len(lines) and not lines[target].strip():
                target += 1
        ignores[target] = ignores.get(target, frozenset()) | codes
        ignores[line] = ignores.get(line, frozenset()) | codes
    return _IGNORE.sub(lambda m: _blank(m.group()), work)
