"""Find the spans of text that stand between quotation marks.

Hand-written because neither spaCy nor textacy pairs quotation marks across paragraphs or
tells a closing single quote from an apostrophe. The scanner works on the raw text:

* double marks: curly (“ ”), straight ("), low (\u201e) and guillemets (« »); a straight mark
  opens or closes by what stands next to it;
* a paragraph that opens a quote without closing it, followed by a paragraph that opens with
  a quote mark again, continues the same quote (the newspaper convention for a quote that
  runs over several paragraphs);
* single marks (‘ ’ and ') count only outside double quotes, only when the opening mark starts
  a word and the closing mark ends one with punctuation or the end of the text next to it, so
  "don’t" and "the players’ union" are not quotes.

Only the marks are looked at here; whether a span is somebody's words is decided by
:mod:`storyline.quotes.extract`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

OPEN_DOUBLE = "“„«"
CLOSE_DOUBLE = "”»"
STRAIGHT_DOUBLE = '"'
OPEN_SINGLE = "‘‚‹"
CLOSE_SINGLE = "’›"
STRAIGHT_SINGLE = "'"
ALL_MARKS = OPEN_DOUBLE + CLOSE_DOUBLE + STRAIGHT_DOUBLE + OPEN_SINGLE + CLOSE_SINGLE + STRAIGHT_SINGLE

_OPENS_AFTER = " \t\n([{—–-/:;,"
_PARAGRAPH = re.compile(r"[^\n]+(?:\n(?!\s*\n)[^\n]+)*")
_LINE = re.compile(r"[^\n]+")


@dataclass
class QuotedSpan:
    """Text between quotation marks.

    Attributes:
        start: offset of the opening mark.
        end: offset just past the closing mark (or the paragraph end when the quote is
            left open at the end of its last paragraph).
        content_start, content_end: the quoted words, marks excluded.
        paragraphs: how many paragraphs the quote runs over.
        closed: whether a closing mark was found.
        pieces: the quoted words of each paragraph (one piece unless the quote runs on).
    """

    start: int
    end: int
    content_start: int
    content_end: int
    paragraphs: int = 1
    closed: bool = True
    pieces: list[tuple[int, int]] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.pieces:
            self.pieces = [(self.content_start, self.content_end)]


def hard_wrapped(text: str) -> bool:
    """Whether the text is wrapped at a fixed width, so that a line is not a paragraph."""
    lines = [ln for ln in text.split("\n") if ln.strip()]
    if len(lines) < 4:
        return False
    wrapped = sum(1 for ln in lines if 50 <= len(ln) <= 80 and ln.rstrip()[-1] not in ".!?\"”'’:")
    return wrapped > 0.5 * len(lines)


def line_paragraphs(text: str) -> list[tuple[int, int]]:
    """Paragraphs: each non-empty line (news text keeps one paragraph per line), or runs of lines
    between blank lines when the text is hard-wrapped."""
    pattern = _PARAGRAPH if hard_wrapped(text) else _LINE
    spans = [(m.start(), m.end()) for m in pattern.finditer(text)]
    return [(s, e) for s, e in ((_lstrip(text, s, e), _rstrip(text, s, e)) for s, e in spans) if e > s]


def _lstrip(text: str, s: int, e: int) -> int:
    while s < e and text[s].isspace():
        s += 1
    return s


def _rstrip(text: str, s: int, e: int) -> int:
    while e > s and text[e - 1].isspace():
        e -= 1
    return e


def _can_open(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return (before in _OPENS_AFTER or before in OPEN_DOUBLE + OPEN_SINGLE) and not after.isspace()


def _can_close(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return not before.isspace() and (after.isspace() or not after.isalnum())


def _double_marks(text: str, start: int, end: int) -> list[tuple[int, str]]:
    """(offset, "open"|"close") for each double mark of a paragraph, by shape and context."""
    marks = []
    in_tag = False
    for i in range(start, end):
        c = text[i]
        # Marks inside markup left in the text (<tweet author="…">) quote nobody.
        if c == "<" and i + 1 < end and (text[i + 1].isalpha() or text[i + 1] == "/"):
            in_tag = True
        elif c == ">" and in_tag:
            in_tag = False
        if in_tag:
            continue
        if c in OPEN_DOUBLE:
            # A left mark with nothing after it is a mis-curled closing one.
            role = "close" if (_can_close(text, i) and not _can_open(text, i)) else "open"
        elif c in CLOSE_DOUBLE:
            role = "open" if (_can_open(text, i) and not _can_close(text, i)) else "close"
        elif c == STRAIGHT_DOUBLE:
            if _can_open(text, i) and not _can_close(text, i):
                role = "open"
            elif _can_close(text, i) and not _can_open(text, i):
                role = "close"
            else:
                role = "either"
        else:
            continue
        marks.append((i, role))
    return marks


def _pair_double(marks: list[tuple[int, str]], carried: bool = False) -> tuple[list[tuple[int, int]], int | None, int | None]:
    """Pair opening and closing marks of one paragraph.

    Args:
        marks: the paragraph's marks from :func:`_double_marks`.
        carried: a quote from the previous paragraph is still open (its continuation mark
            has already been removed from ``marks``).

    Returns:
        The top-level (open, close) pairs; where the carried quote closes (or None); the
        offset of a top-level mark left open at the paragraph end (or None; -1 when the
        carried quote itself stays open).
    """
    pairs: list[tuple[int, int]] = []
    stack: list[int] = [-1] if carried else []
    carried_close: int | None = None
    for i, role in marks:
        if role == "either":
            role = "close" if stack else "open"
        if role == "open":
            stack.append(i)
        elif stack:
            opened = stack.pop()
            if not stack:
                if opened == -1:
                    carried_close = i
                else:
                    pairs.append((opened, i))
    dangling = stack[0] if stack else None
    return pairs, carried_close, dangling


def _single_quotes(text: str, start: int, end: int, taken: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Single-mark quotes of a paragraph that lie outside the double-quoted spans ``taken``."""

    def inside(i: int) -> bool:
        return any(s <= i <= e for s, e in taken)

    pairs = []
    i = start
    while i < end:
        c = text[i]
        if c in OPEN_SINGLE + STRAIGHT_SINGLE and not inside(i) and _can_open(text, i) and text[i - 1 : i] != "'":
            j = i + 1
            while j < end:
                d = text[j]
                if d in CLOSE_SINGLE + STRAIGHT_SINGLE and not inside(j):
                    before = text[j - 1]
                    after = text[j + 1] if j + 1 < len(text) else ""
                    # A closing mark follows punctuation ("'We are ready,' he said") or ends a
                    # word before punctuation, the end, or a space ("‘no deal’ on the table").
                    ends_word = before.isalnum() and (after == "" or after in ",.;:!?)—–\n")
                    # After an "s" and before a space it may be a plural possessive instead.
                    before_space = before.isalnum() and before != "s" and after in " \t"
                    if before in ",.!?" or ends_word or before_space:
                        pairs.append((i, j))
                        i = j
                        break
                if d in "\n":
                    break
                j += 1
        i += 1
    return pairs


def find_quoted(text: str, paragraphs: list[tuple[int, int]] | None = None) -> list[QuotedSpan]:
    """Every quoted span in ``text``, in order, with multi-paragraph quotes joined.

    Args:
        text: the article text.
        paragraphs: paragraph spans; computed with :func:`line_paragraphs` when omitted.
    """
    paras = paragraphs if paragraphs is not None else line_paragraphs(text)
    out: list[QuotedSpan] = []
    running: QuotedSpan | None = None  # a quote left open at the end of the previous paragraph
    for p_start, p_end in paras:
        marks = _double_marks(text, p_start, p_end)
        carried = running is not None and bool(marks) and marks[0] == (p_start, "open")
        if running is not None and not carried:
            out.append(running)
            running = None
        pairs, carried_close, dangling = _pair_double(marks[1:] if carried else marks, carried)
        if running is not None:
            running.paragraphs += 1
            if carried_close is not None:
                running.end, running.content_end, running.closed = carried_close + 1, carried_close, True
                running.pieces.append((p_start + 1, carried_close))
                out.append(running)
                running = None
            else:
                running.end = running.content_end = p_end
                running.pieces.append((p_start + 1, p_end))
        for s, e in pairs:
            out.append(QuotedSpan(s, e + 1, s + 1, e))
        if dangling is not None and dangling >= 0:
            # Only a quote opened at the paragraph start (or after a colon) may run on; any
            # other unclosed mark is noise.
            if dangling == p_start or text[p_start:dangling].rstrip().endswith(":"):
                running = QuotedSpan(dangling, p_end, dangling + 1, p_end, closed=False)
        taken = [(q.start, q.end) for q in out if q.start >= p_start]
        if running is not None:
            taken.append((running.start, p_end))
        for s, e in _single_quotes(text, p_start, p_end, taken):
            out.append(QuotedSpan(s, e + 1, s + 1, e))
    if running is not None:
        out.append(running)
    out.sort(key=lambda q: q.start)
    return [q for q in out if q.content_end > q.content_start and text[q.content_start : q.content_end].strip()]


# --- lines that are never quotes --------------------------------------------------------

_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
# Where the story proper starts after its headline matter: a wire dateline's bracketed outlet
# and dash ("(Meridian Wire) - ", "(XYZ) -- ") or a stamp of day and time ("Friday 4 March
# 2011 10.15 GMT").
_STORY_START = re.compile(
    r"\((?:[A-Z][\w.&'’]*(?: [A-Z][\w.&'’]*){0,3})\)\s*(?:-{1,2}|–|—)\s"
    rf"|\b(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day \d{{1,2}} {_MONTH} \d{{4}} \d{{1,2}}[.:]\d\d(?: [A-Z]{{2,4}})?"
)
# Paragraphs searched for that start, and how far into one it may be.
_HEAD_PARAGRAPHS = 3
_HEAD_CHARS = 400
# A paragraph that ends with none of these and is this short is a headline, caption or byline.
_SENTENCE_CLOSE = ".!?…:;\"”’'»)]"
_HEADLINE_WORDS = 30


def not_quote_spans(text: str, paragraphs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans that hold no one's words: headlines, captions, bylines and datelines.

    Two kinds: a short paragraph that does not end as a sentence does (a headline, a photo
    caption, a byline), and, in the opening paragraphs, everything before the end of a wire
    dateline or a time stamp (readers often run the headline, the standfirst and the dateline
    into the first paragraph).
    """
    out: list[tuple[int, int]] = []
    for s, e in paragraphs:
        body = text[s:e].rstrip()
        if body and body[-1] not in _SENTENCE_CLOSE and len(body.split()) <= _HEADLINE_WORDS and any(c.isalpha() for c in body):
            out.append((s, e))
    for s, e in paragraphs[:_HEAD_PARAGRAPHS]:
        m = _STORY_START.search(text, s, min(e, s + _HEAD_CHARS))
        if m is not None:
            out.append((s, m.end()))
            break
    return sorted(out)
