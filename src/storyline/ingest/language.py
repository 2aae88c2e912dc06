"""The language of an article: the input's own declaration when it is a code, else py3langid.

py3langid reads short English that is mostly names, dates and numbers (a festival listing, a
graphic credit) as Nigerian Pidgin or another close label. When English is the classifier's
runner-up and the text's words read as English (function words, capitalised names, numbers),
it is taken as English; real non-English text gives English no weight, so it keeps its label.
"""

from __future__ import annotations

import re
import threading
from typing import Any

# Below this many words the classifier guesses (a headline-length English line can come
# out as Danish); such articles are left undetected, which analysis treats as English.
MIN_WORDS = 8
# Below this normalised probability the top label is a guess, not a finding.
MIN_CONFIDENCE = 0.5
# The classifier reads this much of the text: enough for a confident answer, bounded cost.
SAMPLE_CHARS = 3000
# The English fallback: English must be the runner-up with at least this probability, and this
# share of the words must read as English.
RUNNER_UP_MIN = 0.02
ENGLISH_SHARE = 0.6

# Two-letter primary subtags only: a three-letter "eng" or "deu" is left to detection, which
# answers in the two-letter codes the rest of storyline compares with ("en").
_CODE = re.compile(r"^([A-Za-z]{2})(?:[-_][A-Za-z0-9]{2,8})*$")
# Labels py3langid uses for "no language" rather than a language.
_NOT_LANGUAGES = {"zxx", "und", "mis", "mul"}

_identifier: Any = None
_lock = threading.Lock()


def normalize_language(value: object) -> str | None:
    """An ISO 639-1 code from a declared value: "en-US" -> "en", "EN" -> "en"; None otherwise."""
    if not isinstance(value, str):
        return None
    match = _CODE.match(value.strip())
    if not match:
        return None
    return match.group(1).lower()


def detect_language(text: str) -> tuple[str | None, float]:
    """Detect the language of ``text``.

    Returns:
        The ISO 639 code, or None when the text is too short or the classifier unsure,
        and the classifier's normalised confidence (0.0 when it was not asked).
    """
    sample = text[:SAMPLE_CHARS]
    if len(sample.split()) < MIN_WORDS:
        return None, 0.0
    ranked = _get_identifier().rank(sample)
    code, confidence = ranked[0]
    if confidence < MIN_CONFIDENCE or code in _NOT_LANGUAGES:
        return None, float(confidence)
    if code != "en" and _english_after_all(sample, ranked):
        return "en", float(dict(ranked)["en"])
    return str(code), float(confidence)


_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?|\d[\d.,:]*")


def _english_after_all(sample: str, ranked: list[tuple[str, float]]) -> bool:
    """Whether a text the classifier labelled otherwise is English after all (see the module doc)."""
    if len(ranked) < 2 or ranked[1][0] != "en" or ranked[1][1] < RUNNER_UP_MIN:
        return False
    words = _WORD.findall(sample)
    return english_share(words) >= ENGLISH_SHARE


def english_share(words: list[str]) -> float:
    """The share of ``words`` that are English function words, capitalised names or numbers."""
    from spacy.lang.en.stop_words import STOP_WORDS

    def english(w: str) -> bool:
        return w[0].isdigit() or w[0].isupper() or w.lower() in STOP_WORDS

    return sum(1 for w in words if english(w)) / len(words) if words else 0.0


def _get_identifier() -> Any:
    # The model takes about a second to load: load it once, on first use, thread-safely.
    global _identifier
    with _lock:
        if _identifier is None:
            from py3langid.langid import MODEL_FILE, LanguageIdentifier

            # py3langid 0.4 renamed the loader; 0.3 (also within our pinned range) has the old name.
            load = getattr(LanguageIdentifier, "from_model_file", None) or getattr(
                LanguageIdentifier, "from_pickled_model"
            )
            _identifier = load(MODEL_FILE, norm_probs=True)
    return _identifier
