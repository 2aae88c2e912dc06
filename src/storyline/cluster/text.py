"""Word-level text features shared by duplicate detection and event clustering.

Tokenising, stop-word removal, number normalisation, shingles and a sentence splitter for
texts that come without the ``nlp`` stage's sentence spans (headline-only sets, benchmarks).
These are hand-written because they run per article inside the streaming stages, where
calling a full NLP pipeline again would dominate the cost; the shared spaCy pass stays the
source of sentences and entities whenever it has run.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

# Words that carry no event content in news copy beyond the usual stop words.
_NEWS_STOP = frozenset(
    "said says say told according reported report reports reuters ap afp news story update updated "
    "mr mrs ms dr year years day days week weeks month months time times people just like also new "
    "monday tuesday wednesday thursday friday saturday sunday".split()
)
STOP_WORDS = frozenset(ENGLISH_STOP_WORDS) | _NEWS_STOP

_TOKEN = re.compile(r"\d+(?:[.,]\d+)*%?|[^\W\d_]+(?:['’][^\W\d_]+)?", re.UNICODE)
_NUMBER = re.compile(r"\d")
# A sentence ends at . ! or ? (optionally followed by a closing quote or bracket) before
# whitespace and an upper-case letter, digit or opening quote, or at a blank line.
_SENT_END = re.compile(r"(?<=[.!?])[\"'”’)\]]*\s+(?=[\"“‘(\[A-Z0-9])|\n\s*\n")


def tokens(text: str) -> list[str]:
    """Lower-cased word and number tokens; numbers lose thousands separators ("1,200" -> "1200")."""
    out = []
    for m in _TOKEN.finditer(text):
        tok = m.group(0).lower()
        if tok[0].isdigit():
            tok = normalize_number(tok)
        else:
            tok = tok.replace("’", "'")
            if tok.endswith("'s"):
                tok = tok[:-2]
        out.append(tok)
    return out


def normalize_number(tok: str) -> str:
    """"1,200" -> "1200", "3.50" -> "3.5", "12%" -> "12%"."""
    pct = tok.endswith("%")
    core = tok.rstrip("%")
    if "," in core and "." not in core:
        core = core.replace(",", "")
    elif "," in core:
        core = core.replace(",", "")
    if "." in core:
        core = core.rstrip("0").rstrip(".") or "0"
    return core + ("%" if pct else "")


def is_number(tok: str) -> bool:
    return bool(_NUMBER.match(tok))


def stem(word: str) -> str:
    """A light plural/inflection folding so that "talks"/"talk" and "killed"/"kills" meet.

    Deliberately crude (no dictionary): over-folding costs little in bag-of-words similarity,
    while a real lemmatizer would need the tagger the shared NLP pass does not run.
    """
    if len(word) <= 4 or word[0].isdigit():
        return word
    for suffix, keep in (("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            if suffix == "s" and word.endswith("ss"):
                return word
            return word[: len(word) - len(suffix)] + keep
    return word


def content_terms(toks: Iterable[str]) -> list[str]:
    """Content words (stemmed, stop words and one-letter tokens dropped) and numbers."""
    out = []
    for tok in toks:
        if is_number(tok):
            # Single digits and bare years recur in unrelated stories; keep them out of matching.
            if len(tok) > 1:
                out.append(tok)
        elif len(tok) > 2 and tok not in STOP_WORDS:
            out.append(stem(tok))
    return out


def term_counts(text: str) -> Counter[str]:
    return Counter(content_terms(tokens(text)))


def shingles(toks: Sequence[str], k: int = 5) -> set[str]:
    """Word k-grams joined by spaces; a text shorter than k gives itself as one shingle."""
    if len(toks) < k:
        return {" ".join(toks)} if toks else set()
    return {" ".join(toks[i : i + k]) for i in range(len(toks) - k + 1)}


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Character spans of sentences, for texts without stored sentence spans."""
    spans = []
    start = 0
    for m in _SENT_END.finditer(text):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    out = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
    return out
