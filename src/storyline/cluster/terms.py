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
# Weekdays, months and years stay: they tell two events of the same kind apart.
_NEWS_STOP = frozenset("said says say told according reported reuters ap afp mr mrs ms dr just like also".split())
STOP_WORDS = frozenset(ENGLISH_STOP_WORDS) | _NEWS_STOP

_TOKEN = re.compile(r"\d+(?:[.,]\d+)*%?|[^\W\d_]+(?:['’][^\W\d_]+)?", re.UNICODE)
_NUMBER = re.compile(r"\d")
# A sentence ends at . ! or ? (optionally followed by a closing quote or bracket) before
# whitespace and an upper-case letter, digit or opening quote, or at a blank line.
_SENT_END = re.compile(r"(?<=[.!?])[\"'”’)\]]*\s+(?=[\"“‘(\[A-Z0-9])|\n\s*\n")


def tokens(text: str) -> list[str]:
    """Lower-cased word and number tokens; numbers lose thousands separators ("1,200" -> "1200")."""
    out = _TOKEN.findall(text.lower())
    for i, tok in enumerate(out):
        if tok[0].isdigit():
            if not tok.isdigit():
                out[i] = normalize_number(tok)
        elif "'" in tok or "’" in tok:
            tok = tok.replace("’", "'")
            out[i] = tok[:-2] if tok.endswith("'s") else tok
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


_TERM_CACHE: dict[str, str] = {}
_TERM_CACHE_MAX = 500_000


def _term(tok: str) -> str:
    """The term a token counts as ("" for none), memoised: word frequencies are Zipfian."""
    term = _TERM_CACHE.get(tok)
    if term is None:
        if tok[0].isdigit():
            # Single digits recur in unrelated stories; keep them out of matching.
            term = tok if len(tok) > 1 else ""
        elif len(tok) > 2 and tok not in STOP_WORDS:
            term = stem(tok)
        else:
            term = ""
        if len(_TERM_CACHE) < _TERM_CACHE_MAX:
            _TERM_CACHE[tok] = term
    return term


def content_terms(toks: Iterable[str]) -> list[str]:
    """Content words (stemmed, stop words and words of one or two letters dropped) and numbers."""
    return [t for t in map(_term, toks) if t]


def term_counts(text: str) -> Counter[str]:
    """Counts of the content terms of ``text`` (tokens are counted first, then mapped: cheaper)."""
    out: Counter[str] = Counter()
    for tok, n in Counter(tokens(text)).items():
        term = _term(tok)
        if term:
            out[term] += n
    return out


def term_set(text: str) -> set[str]:
    """The distinct content terms of ``text``."""
    terms = set(map(_term, set(tokens(text))))
    terms.discard("")
    return terms


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
