"""Sentence text as a timeline shows it: without the wire dateline or live-blog stamp before it.

"BRENNICK, Marrovia, Nov 6 (MPA) - The river burst its banks" and "Cairo, Egypt (CNN) -- Egypt
braced for ..." open with where and who filed the story; "(Update 12:41 a.m. Tuesday in Cairo)"
opens a live-blog post; scraped pages glue "<headline> Tuesday 4 January 2005 08.43 GMT" or a
photo credit "(By Jane Doe -- Associated Press)" before the first sentence. None says what happened, and a date inside them names the filing day
rather than an event, so the summariser drops them.
"""

from __future__ import annotations

import re

# PLACE[, REGION][, Mon D] (AGENCY) - : up to six capitalised words, an optional month-day,
# the agency in brackets, then a dash.
_WIRE = re.compile(
    r"^\s*[A-Z][\w'’.-]*(?:[ ,]+[A-Z][\w'’.-]*){0,5}"
    r"(?:,?\s+(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2})?"
    r"\s*\([A-Z][\w.&' -]{0,25}\)\s*[-—–]{1,2}\s+"
)
# WASHINGTON - / LONDON, England -- : an upper-case place and a dash.
_CAPS = re.compile(r"^\s*[A-Z][A-Z .'’-]{2,30}(?:,\s*[A-Z][\w .]{1,20})?\s*[-—–]{1,2}\s+")
# "Tuesday, September 30, 2008; 10:10 AM" at the start: a publishing timestamp.
_LEADING_STAMP = re.compile(
    r"^\s*[^.!?]{0,40}?\b(?:19|20)\d{2}\b\s*[-,;|]?\s*\d{1,2}[.:]\d{2}\s*(?:[AaPp]\.?[Mm]\.?)?\s*"
    r"(?:GMT|BST|UTC|CET|CEST|EST|EDT|ET|PST|PDT|PT)?\s+"
)
# A photo credit left before the text: "(By Kamran Jebreili -- Associated Press)", "(Bill O'Leary - The Post)".
_CREDIT = re.compile(r"^\s*\((?:By\s+)?[^()]{3,60}?\s[-—–]{1,2}\s[^()]{2,40}\)\s*")
# (Update 12:41 a.m. Tuesday in Cairo) / (Updated 5:31 p.m.) / -- at the start.
_STAMP = re.compile(r"^\s*(?:\((?:update|updated|posted|developing)\b[^()]{0,80}(?:\([^()]*\)[^()]*)?\)|[-—–]{2,})\s*", re.IGNORECASE)


# A page header glued to the first sentence by scraping: "<headline> Tuesday 4 January 2005
# 08.43 GMT <first sentence>". The clock time with its zone right after a year marks it.
_HEADER = re.compile(
    r"^.{0,300}?\b(?:19|20)\d{2}\s*,?\s*\d{1,2}[.:]\d{2}\s*(?:[ap]\.?m\.?\s*)?(?:GMT|BST|UTC|CET|CEST|EST|EDT|ET|PST|PDT|PT)\b\s*",
    re.DOTALL,
)
# A date with its year followed straight by a clock time: a publishing or posting timestamp
# ("June 16, 2010 5:17 PM", "Aired January 25, 2011 - 16:00:00 ET"), not the time of an event.
_STAMPED = re.compile(r"[^.!?\n]{0,40}?\b(?:19|20)\d{2}\b\s*[-,;|]?\s*\d{1,2}[.:]\d{2}\b")


def is_timestamp(text: str, at: int) -> bool:
    """Whether the date expression starting at ``at`` is a publishing or posting timestamp."""
    return _STAMPED.match(text, at) is not None


def content_start(text: str) -> int:
    """Where a sentence's content begins, after any dateline, live-blog stamp or page header
    (0 when none)."""
    header = _HEADER.match(text)
    pos = header.end() if header is not None and header.end() < len(text) else 0
    for _ in range(3):
        rest = text[pos:]
        m = _WIRE.match(rest) or _CAPS.match(rest) or _STAMP.match(rest) or _LEADING_STAMP.match(rest) or _CREDIT.match(rest)
        if m is None or m.end() == 0:
            break
        pos += m.end()
    return pos if pos < len(text) else 0


def display_text(text: str) -> str:
    """The sentence without its dateline or stamp, whitespace normalised."""
    return " ".join(text[content_start(text) :].split())
