"""Article titles: what is never a title, and the headline an untitled article's text opens with.

The title parts of the clean-up (:mod:`storyline.ingest.cleanup` holds the line rules). A live
blog's running heading ("Israel-Hamas War LIVE Updates", "Live: …") names a page, not a story,
and a site or CMS name ("escenic", "BBC News - Americas") names a site; neither is ever a title.
An article without a title takes its headline from its text when the text opens with one, the
headline on its own line or glued before a wire dateline, a "Last updated" stamp or the lead
(scraped pages lose the line break). Bylines, datelines and timestamps are never part of it.

Written by hand: the newspaper furniture these rules read (datelines, stamps, bylines) has no
HTML structure left in plain text, so boilerplate libraries (trafilatura, justext) cannot see it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

MAX_TITLE_WORDS = 15
MIN_TITLE_WORDS = 3

_DAY = r"(?:Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)[a-z]*"
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_ZONE = r"(?:GMT|BST|UTC|CET|CEST|EST|EDT|ET|PST|PDT|PT|JST|IST|AEST|AEDT)"
_CLOCK = rf"\d{{1,2}}[.:]\d{{2}}(?::\d{{2}})?\s*(?:[ap]\.?m\.?\s*)?(?:{_ZONE})?"
# Newspaper furniture that can sit before or inside a first line, each a whole unit:
_FURNITURE = re.compile(
    "|".join(
        (
            # PLACE | Wed Apr 20, 2011 6:42 pm EDT  (a Reuters web dateline; PLACE may be "PARIS/MISRATA, Libya")
            rf"[A-Z][A-Z'’.\\/-]+(?:\s+[A-Z][A-Z'’.\\/-]+)*(?:,\s*[A-Z][\w.]+)*\s*\|\s*{_DAY}\s+{_MONTH}\s+\d{{1,2}},\s*\d{{4}}\s+{_CLOCK}",
            # PLACE, May 10 (Reuters) -  /  PLACE (Reuters) -  /  Cairo, Egypt (CNN) --
            rf"(?:[A-Z][\w'’.\\/-]*(?:[ ,]+[A-Z][\w'’.\\/-]*){{0,5}}(?:,?\s+{_MONTH}\s+\d{{1,2}})?\s*)?\((?:Reuters|AP|AFP|CNN|UPI|Bloomberg|dpa)\)\s*[-—–]{{1,2}}",
            # 24 April 2011 Last updated at 17:55 GMT [Help] / Sunday 10 May 2009 14.27 BST / 03 February 12 17:03 GMT / 2009 04 25 08:50 JST
            rf"(?:{_DAY}\s+)?\d{{1,2}}\s+{_MONTH}\s+\d{{2,4}}\s+(?:Last updated at\s+)?{_CLOCK}(?:\s+Help\b)?",
            rf"(?:19|20)\d{{2}}\s+\d{{2}}\s+\d{{2}}\s+{_CLOCK}",
            rf"{_MONTH}\s+\d{{1,2}},\s*\d{{4}}\s*[-,;|]?\s*{_CLOCK}",
            rf"Last updated(?: at| on)?\s+{_CLOCK}",
            # a photo credit: "AFP/Getty Images", "Reuters/Jane Doe"
            r"\b(?:AFP|AP|EPA|Reuters|REUTERS|Getty)\s*\\?/\s*(?:Getty\s+Images|[A-Z][\w.-]+(?:\s+[A-Z][\w.-]+)?)",
            r"\bGetty\s+Images\b",
            # By Jane Doe and John Roe / By the CNN Wire Staff (up to a dateline or a staff word)
            r"\bBy\s+(?:the\s+)?[A-Z][\w'’.-]*(?:\s+(?:and\s+|&\s+)?[A-Z][\w'’.-]*){0,6}?\s+(?:Wire\s+)?(?:Staff|Correspondents?|Reporters?|Editors?)\b",
        )
    )
)
_BYLINE_START = re.compile(r"^By\s+(?:the\s+)?[A-Z][\w'’.-]*(?:\s+(?:and\s+|&\s+)?[A-Z][\w'’.-]*){0,6}")
# A role credit left before a dateline: "Health and Science Editor", "Chief Correspondent".
_ROLE = re.compile(r"^(?:[A-Z][\w&]*\s+){0,5}(?:Editor|Correspondent|Reporter|Writer|Staff|Bureau)s?$")
# A live blog's running heading: "LIVE Updates", "Live: ...", "... live blog", "As it happened".
_LIVE = re.compile(r"^\s*live\s*[:|–—-]|\blive\s+(?:updates?|blog|coverage|reporting)\b|\bas\s+it\s+happened\b", re.IGNORECASE)
_LIVE_CAPS = re.compile(r"\bLIVE\b")
# Words that open a sentence but never a name: where one follows a headline's last word with no
# stop between, the lead has begun. Hand-listed because stop-word lists hold content words too
# ("front", "fire", "bottom") that do start names ("Highland Front").
_OPENERS = frozenset(
    "the a an this that these those it he she they we his her their its there here even as after before "
    "when while despite although though but and in on at for with from by since some many more most several "
    "all both up about over nearly almost only now yet still once if what why how who which no not "
    "officials witnesses activists residents".split()
)
_CALENDAR = re.compile(
    r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|(?:Jan|Febr)uary|March|April|May|June|July|August|"
    r"(?:Septem|Octo|Novem|Decem)ber|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?"
)
_BULLET = re.compile(r"^\s*(?:\\?\*|•|-)\s+")
_WORD = re.compile(r"\S+")
_SENTENCE_END = re.compile(r"[.!?][\"'”’)]*$")


# A photo caption or credit (or a list of numbers, "12,600 ... 20,000 ... 25,000"): "(R)",
# "(left)", ", left,", "Photograph:", "REUTERS/...", a closing
# "Dallas, Texas April 29, 2009." (captions end on the day the picture was taken), "courtesy of",
# or a byline
# closing the sentence ("... route map By Jane Doe,").
_CAPTION = re.compile(
    r"\((?:R|L|C|left|right|centre|center|top|bottom|front|back)\)|,\s*(?:left|right|centre|center)\s*,|"
    r"\bPhotograph:|\bPhoto(?:graph)?\s*:|(?:\.\.\.|…).*(?:\.\.\.|…).*(?:\.\.\.|…)|"
    r"\b(?:REUTERS|Reuters|AFP|AP|EPA|Getty)\s*/|"
    r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2}(?:,\s+(?:19|20)\d{2})?\.?$|"
    r"\b(?:courtesy\s+of|in\s+an\s+image|file\s+photo|pictured)\b|"
    r"\bBy\s+[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){1,3},?$"
)

def is_caption(text: str) -> bool:
    """Whether a sentence is a photo caption or credit rather than reporting."""
    return bool(_CAPTION.search(text.strip()))


def is_live_heading(title: str) -> bool:
    """Whether a title is a live blog's running heading ("Gaza war LIVE Updates", "Live: ...")."""
    t = " ".join(title.split())
    return bool(_LIVE_CAPS.search(t) or _LIVE.search(t))


def strip_furniture(text: str) -> str:
    """``text`` without the datelines, timestamps and bylines at its start or glued inside it:
    what is left before the first such piece and after the last, joined."""
    text = " ".join(text.split())
    head = _BYLINE_START.match(text)
    pieces = list(_FURNITURE.finditer(text))
    if not pieces:
        if head and _ROLE.match(text[head.end() :].strip() or "Staff"):
            return ""
        return text
    before = text[: pieces[0].start()].strip(" -—–|")
    after = text[pieces[-1].end() :].strip(" -—–|")
    if _BYLINE_START.match(before) or _ROLE.match(before):
        before = ""
    return " ".join(p for p in (before, after) if p)


def _headline_like(line: str) -> bool:
    words = len(_WORD.findall(line))
    return MIN_TITLE_WORDS <= words <= MAX_TITLE_WORDS and not _SENTENCE_END.search(line.rstrip("?!")) and not is_live_heading(line)


def first_line_headline(text: str) -> str:
    """The headline the text opens with on a line of its own ("" when its first line is not one):
    short, not a sentence, not a byline, dateline, stamp or live heading."""
    for line in text.splitlines():
        line = " ".join(line.split())
        if not line:
            continue
        if _FURNITURE.fullmatch(line) or _BYLINE_START.fullmatch(line):
            continue  # a stamp or byline line before the headline
        line = _BULLET.sub("", line)
        return line if _headline_like(line) and not _ROLE.match(line) else ""
    return ""


def _glued_split(line: str, names: Iterable[str] | None) -> str:
    """The headline glued before the next sentence, split where a word in lower case is
    followed by a capitalised word that starts a sentence: a stop word ("plane Even as") or,
    when the article's entity names are given, a word that is part of none of them ("curbs
    Businesses in"); never a day or month name. "" when none is found in the first words."""
    known = {w for n in names for w in n.split()} if names is not None else None
    words = line.split()
    for i in range(MIN_TITLE_WORDS + 1, min(len(words) - 1, MAX_TITLE_WORDS + 1)):
        prev, word = words[i - 1], words[i]
        if not word[:1].isupper() or (len(word) > 1 and word.isupper()):
            continue  # an acronym ("US", "BP") is a name, "A" starts a sentence
        core = word.strip("'’\"“”,.:;")
        stop = core.lower() in _OPENERS
        # A headline ends on a content word ("plane", "curbs"; a name only before "The", "Even"
        # …, not before "A": "Influenza A"), never on "on", "and", "the".
        shape = r"[A-Za-z][A-Za-z'’-]*|\d[\d,.]*" if stop and len(core) > 1 else r"[a-z][a-z'’-]*|\d[\d,.]*"
        if not re.fullmatch(shape, prev) or prev.lower() in ENGLISH_STOP_WORDS or _CALENDAR.fullmatch(core):
            continue
        if stop or (known is not None and core not in known):
            return " ".join(words[:i])
    return ""


# Words that open a clause a title can end before: "... fell 7 percent | after the oil major said".
_CLAUSE = frozenset(
    "but after while where which whose because following amid despite when saying according".split()
)


def _keys(text: str) -> set[str]:
    """Content words cut to four letters, so "lifts"/"lifted" and "troop"/"troops" meet (a
    crude fold, enough to compare a headline with the sentences under it)."""
    return {w[:4] for w in re.findall(r"[a-z]{3,}", text.lower()) if w not in ENGLISH_STOP_WORDS}


def _told_below(headline: str, below: str) -> bool:
    """Whether the sentences under a candidate headline tell what it says (a third of its
    content words or more): a photo caption glued before the lead rarely does."""
    keys = _keys(headline)
    return bool(keys) and len(keys & _keys(below)) >= len(keys) / 3


def _short_lead(sentence: str) -> str:
    """A lead sentence cut to a title's length: at its last clause break (a comma, or before
    "after", "while", "according" …) that leaves six to fifteen words, else its first
    fourteen words and an ellipsis."""
    words = sentence.split()
    if len(words) <= MAX_TITLE_WORDS:
        return sentence.rstrip(".")
    cut = 0
    for i in range(6, MAX_TITLE_WORDS + 1):
        if words[i - 1].endswith((",", ";", ":")) or words[i].lower() in _CLAUSE:
            cut = i
    if cut:
        return " ".join(words[:cut]).rstrip(",;:-—–").rstrip()
    return " ".join(words[:14]) + "…"


def headline_from_text(text: str, names: Iterable[str] | None = ()) -> tuple[str, str]:
    """A title for an article that has none, and how it was found.

    Returns:
        ``(title, "headline")`` when the text opens with a headline (on its own line, before
        a dateline or stamp, or glued before the lead); ``(title, "lead")`` for the lead
        sentence cut to a title's length; ``("", "")`` for an empty text.

    Args:
        text: the article text.
        names: the names of the entities the article mentions, so that a capitalised name
            after a headline's last word is not taken for the start of the lead; None when
            they are not known (only a capitalised stop word then starts the lead).
    """
    own = first_line_headline(text)
    if own:
        return own, "headline"
    first = next((" ".join(line.split()) for line in text.splitlines() if line.strip()), "")
    if not first:
        return "", ""
    raw = " ".join(first.split())
    pieces = list(_FURNITURE.finditer(raw))
    below = " ".join([raw, *text.splitlines()[1:4]])
    if pieces:
        before = _BULLET.sub("", raw[: pieces[0].start()].strip(" -—–|"))
        if "\\*" in before or " * " in before:
            before = re.split(r"\s+\\?\*\s+", before)[0]
        if _headline_like(before) and not _BYLINE_START.match(before) and not _ROLE.match(before):
            if _told_below(before, below[len(before) :]):
                return before, "headline"
    rest = strip_furniture(raw)
    rest = _BULLET.sub("", rest)
    if "\\*" in rest[:200]:
        bullet = re.split(r"\s+\\?\*\s+", rest)[0]
        if _headline_like(bullet):
            return bullet, "headline"
    glued = _glued_split(rest, names)
    if glued and not _ROLE.match(glued) and _told_below(glued, below[below.find(glued) + len(glued) :]):
        return glued, "headline"
    if glued:
        rest = rest[len(glued) :].strip()  # a caption glued before the lead
    sentences, sentence = [], ""
    for piece in re.split(r"(?<=[.!?])\s+(?=[A-Z\"“])", " ".join([rest, *text.splitlines()[1:6]])):
        # "Lt. Gen. Charles ...", "U.S. troops ...": an abbreviation's period ends no sentence.
        sentence = f"{sentence} {piece}".strip()
        if not re.search(r"(?:^|\s)(?:[A-Z][a-z]{0,3}|(?:[A-Z]\.)+[A-Z]?)\.$", piece):
            sentences.append(sentence)
            sentence = ""
    # The first sentence that reports: not a photo caption, not a question, six words or more.
    for sentence in sentences:
        sentence = lead_of(sentence) if _FURNITURE.search(sentence) else sentence
        if len(sentence.split()) >= 6 and not is_caption(sentence) and not sentence.endswith("?"):
            return _short_lead(sentence), "lead"
    return (_short_lead(sentences[0]), "lead") if sentences else ("", "")


def clean_title(title: str) -> str:
    """A title without a dateline, timestamp or byline glued to it ("" when nothing is left)."""
    return strip_furniture(title)


def lead_of(text: str, names: Iterable[str] | None = None) -> str:
    """A first sentence without what scraping glued before its lead: the headline, dateline,
    byline or stamp ("Survivors dig for food Up to 10,000 US troops ..." -> "Up to 10,000 US
    troops ..."). "" when it is only such furniture; the text unchanged when nothing is found
    or when too little would be left."""
    flat = " ".join(text.split())
    pieces = list(_FURNITURE.finditer(flat))
    if pieces:
        flat = flat[pieces[-1].end() :].strip(" -—–|")
        if not flat:
            return ""  # nothing but a dateline, byline or stamp
    # A headline or a caption glued before the lead (either way, not the lead).
    head = _glued_split(_BULLET.sub("", flat), names)
    if head and flat.find(head) >= 0 and len(flat[flat.find(head) + len(head) :].split()) >= 8:
        flat = flat[flat.find(head) + len(head) :].strip(" -—–|:")
    return flat if len(flat.split()) >= MIN_TITLE_WORDS else " ".join(text.split())
