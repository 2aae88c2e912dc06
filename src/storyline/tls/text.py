"""Sentence text as a timeline shows it: without the wire dateline or live-blog stamp before it.

"BRENNICK, Marrovia, Nov 6 (MPA) - The river burst its banks" and "Cairo, Egypt (CNN) -- Egypt
braced for ..." open with where and who filed the story; "(Update 12:41 a.m. Tuesday in Cairo)"
opens a live-blog post. Neither says what happened, and a date inside a dateline names the
filing day rather than an event, so the summariser drops both.
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
# (Update 12:41 a.m. Tuesday in Cairo) / (Updated 5:31 p.m.) / -- at the start.
_STAMP = re.compile(r"^\s*(?:\((?:update|updated|posted|developing)\b[^()]{0,80}(?:\([^()]*\)[^()]*)?\)|[-—–]{2,})\s*", re.IGNORECASE)


def content_start(text: str) -> int:
    """Where a sentence's content begins, after any dateline or live-blog stamp (0 when none)."""
    pos = 0
    for _ in range(3):
        rest = text[pos:]
        m = _WIRE.match(rest) or _CAPS.match(rest) or _STAMP.match(rest)
        if m is None or m.end() == 0:
            break
        pos += m.end()
    return pos if pos < len(text) else 0


def display_text(text: str) -> str:
    """The sentence without its dateline or stamp, whitespace normalised."""
    return " ".join(text[content_start(text) :].split())
