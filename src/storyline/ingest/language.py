"""The language of an article: the input's own declaration when it is a code, else py3langid."""

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
    code, confidence = _get_identifier().classify(sample)
    if confidence < MIN_CONFIDENCE or code in _NOT_LANGUAGES:
        return None, float(confidence)
    return str(code), float(confidence)


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
