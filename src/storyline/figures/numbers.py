"""Read the number phrases news writes: "some 1,200", "1.7 million", "more than twenty",
"between 30 and 40", "a dozen", "dozens of", "3.5%", "$2bn".

The grammar works on a token list (spaCy's tokens in practice, plain strings in tests) and returns,
for each phrase, its token span, its value (a number or a ``(low, high)`` range), its qualifier and
whether it is a percentage or a sum of money.

Why hand-written: spaCy's NER marks ``CARDINAL``/``PERCENT``/``MONEY`` spans but gives no value;
text2num turns number *words* into digits (we use it for that) but knows nothing of digit numbers
with scale words ("1.7 million"), qualifiers ("at least", "some"), ranges ("between 30 and 40",
"30 to 40"), vague counts ("dozens", "hundreds") or percent/currency marks; quantulum3 targets
physical units and misreads these news idioms. So the phrase grammar around the numbers is ours.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

Value = float | tuple[float, float]

_DIGITS = re.compile(r"^(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
# Digits glued to a scale or percent mark, as some tokenizers leave them: "1.7m", "2bn", "40%".
_GLUED = re.compile(r"^((?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)(m|mn|bn|b|k|%)$", re.IGNORECASE)

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
_TENS = {"twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"}
_SCALES = {"hundred": 100.0, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_SHORT_SCALES = {"m": 1e6, "mn": 1e6, "bn": 1e9, "b": 1e9, "k": 1e3}
NUMBER_WORDS = frozenset(_UNITS) | _TENS | frozenset(_SCALES)

# Vague counts written as plural scale words: "dozens of", "hundreds of", "tens of thousands of".
# Their value is the range the word implies (two dozen up to just under a hundred, and so on).
_VAGUE = {
    "dozens": (24.0, 99.0),
    "scores": (40.0, 99.0),
    "hundreds": (200.0, 999.0),
    "thousands": (2000.0, 9999.0),
    "millions": (2e6, 9.99e6),
    "billions": (2e9, 9.99e9),
}
_TENS_OF = {"thousands": (2e4, 99999.0), "millions": (2e7, 9.99e7)}
_FEW = {("several",): (3.0, 9.0), ("a", "few"): (2.0, 5.0), ("a", "couple", "of"): (2.0, 3.0), ("a", "couple"): (2.0, 3.0)}

# Qualifiers before a number, longest first; each maps to its canonical form.
_QUALIFIERS: list[tuple[tuple[str, ...], str]] = sorted(
    [
        (("at", "least"), "at least"),
        (("no", "fewer", "than"), "at least"),
        (("no", "less", "than"), "at least"),
        (("not", "less", "than"), "at least"),
        (("a", "minimum", "of"), "at least"),
        (("at", "a", "minimum"), "at least"),
        (("more", "than"), "more than"),
        (("well", "over"), "more than"),
        (("just", "over"), "more than"),
        (("over",), "more than"),
        (("upwards", "of"), "more than"),
        (("upward", "of"), "more than"),
        (("in", "excess", "of"), "more than"),
        (("greater", "than"), "more than"),
        (("exceeding",), "more than"),
        (("about",), "about"),
        (("around",), "about"),
        (("approximately",), "about"),
        (("roughly",), "about"),
        (("some",), "about"),
        (("an", "estimated"), "about"),
        (("estimated",), "about"),
        (("circa",), "about"),
        (("in", "the", "region", "of"), "about"),
        (("nearly",), "nearly"),
        (("almost",), "nearly"),
        (("close", "to"), "nearly"),
        (("just", "under"), "nearly"),
        (("just", "shy", "of"), "nearly"),
        (("up", "to"), "up to"),
        (("as", "many", "as"), "up to"),
        (("as", "much", "as"), "up to"),
        (("at", "most"), "up to"),
        (("no", "more", "than"), "up to"),
        (("a", "maximum", "of"), "up to"),
        (("fewer", "than"), "fewer than"),
        (("less", "than"), "fewer than"),
        (("under",), "fewer than"),
        (("below",), "fewer than"),
        (("exactly",), "exactly"),
        (("precisely",), "exactly"),
    ],
    key=lambda q: -len(q[0]),
)
# Qualifiers written after the number: "50 or more", "200 or so", "1,000-plus".
_POST_QUALIFIERS: list[tuple[tuple[str, ...], str]] = [
    (("or", "more"), "at least"),
    (("or", "so"), "about"),
    (("-", "plus"), "more than"),
    (("plus",), "more than"),
    (("+",), "more than"),
]
_PERCENT = {"%", "percent", "per cent", "pct", "percentage"}
_CURRENCY_SIGNS = {"$": "USD", "us$": "USD", "£": "GBP", "€": "EUR", "¥": "JPY", "₪": "ILS"}
_CURRENCY_WORDS = {
    "dollar": "USD", "dollars": "USD", "euro": "EUR", "euros": "EUR", "shekel": "ILS", "shekels": "ILS",
    "usd": "USD", "eur": "EUR", "gbp": "GBP", "sterling": "GBP", "yen": "JPY", "yuan": "CNY",
}
_RANGE_JOINERS = {"to", "-", "–", "—", "or"}


@dataclass(frozen=True)
class NumberPhrase:
    """One number phrase found in a token list.

    Attributes:
        start, end: token span of the whole phrase, qualifier and marks included (end exclusive).
        num_start, num_end: token span of the numerals alone.
        value: the number, or ``(low, high)`` for a range or a vague count.
        qualifier: canonical qualifier ("at least", "more than", "about", "nearly", "up to",
            "fewer than", "exactly", "between") or None.
        percent: the phrase is a percentage.
        currency: ISO currency code when the phrase is a sum of money.
        vague: a vague count ("dozens", "hundreds of").
    """

    start: int
    end: int
    num_start: int
    num_end: int
    value: Value
    qualifier: str | None = None
    percent: bool = False
    currency: str | None = None
    vague: bool = False


def _digit_value(word: str) -> float | None:
    if _DIGITS.match(word):
        return float(word.replace(",", ""))
    return None


def is_numeral(word: str) -> bool:
    """True when ``word`` (one token) can start or continue a number."""
    low = word.lower()
    return bool(_DIGITS.match(word) or _GLUED.match(word) or low in NUMBER_WORDS or low in _VAGUE or low == "dozen")


def _words_value(words: list[str]) -> float | None:
    """Value of number words such as ["thirty", "-", "one"] or ["two", "hundred", "and", "five"]."""
    from text_to_num import text2num

    parts = [w for w in words if w not in ("-", "and")]
    if not parts:
        return None
    try:
        return float(text2num(" ".join(parts), "en"))
    except ValueError:
        return None


def _read_quantity(low: Sequence[str], i: int) -> tuple[int, float | tuple[float, float], bool] | None:
    """Read one quantity starting at token ``i``: returns (end, value, vague) or None."""
    n = len(low)
    w = low[i]
    # "a dozen", "a hundred", "a million", "half a million"
    if w in ("a", "an") and i + 1 < n and (low[i + 1] == "dozen" or low[i + 1] in _SCALES):
        mult = 12.0 if low[i + 1] == "dozen" else _SCALES[low[i + 1]]
        end = i + 2
        if end < n and low[end] in _SCALES and _SCALES[low[end]] > mult:  # "a hundred thousand"
            mult *= _SCALES[low[end]]
            end += 1
        return end, mult, False
    if w == "half" and i + 2 < n and low[i + 1] == "a" and low[i + 2] in _SCALES:
        return i + 3, 0.5 * _SCALES[low[i + 2]], False
    if w == "tens" and i + 2 < n and low[i + 1] == "of" and low[i + 2] in _TENS_OF:
        return i + 3, _TENS_OF[low[i + 2]], True
    if w in _VAGUE:
        lo, hi = _VAGUE[w]
        # "hundreds of thousands", "hundreds of millions": the vague count of a scale.
        if i + 2 < n and low[i + 1] == "of" and low[i + 2] in _VAGUE and _VAGUE[low[i + 2]][0] > lo:
            unit = _SCALES[low[i + 2][:-1]] if low[i + 2][:-1] in _SCALES else 1.0
            return i + 3, (lo * unit, hi * unit), True
        return i + 1, (lo, hi), True
    # "several hundred", "a few thousand", "a couple of hundred": a vague multiple of the scale.
    for lead, (lo_k, hi_k) in _FEW.items():
        k = len(lead)
        if tuple(low[i : i + k]) == lead and i + k < n and low[i + k] in _SCALES:
            scale = _SCALES[low[i + k]]
            return i + k + 1, (lo_k * scale, hi_k * scale), True
    glued = _GLUED.match(w)
    if glued and glued.group(2).lower() != "%":
        return i + 1, float(glued.group(1).replace(",", "")) * _SHORT_SCALES[glued.group(2).lower()], False
    if glued:
        return i + 1, float(glued.group(1).replace(",", "")), False
    digits = _digit_value(w)
    if digits is not None:
        end = i + 1
        value = digits
        # "1.7 million", "2 billion", "3 dozen", "1.7m" split as "1.7" "m"
        while end < n and (low[end] in _SCALES or low[end] == "dozen"):
            value *= 12.0 if low[end] == "dozen" else _SCALES[low[end]]
            end += 1
        if end == i + 1 and end < n and low[end] in _SHORT_SCALES:
            value *= _SHORT_SCALES[low[end]]
            end += 1
        return end, value, False
    if w in NUMBER_WORDS:
        end = i
        words: list[str] = []
        while end < n:
            t = low[end]
            if t in NUMBER_WORDS:
                words.append(t)
                end += 1
            elif t in ("-", "and") and end + 1 < n and low[end + 1] in NUMBER_WORDS and words:
                # "thirty-one"; "hundred and five" but not "two and three" (a list, read separately)
                if t == "and" and words[-1] not in _SCALES:
                    break
                words.append(t)
                end += 1
            else:
                break
        value_w = _words_value(words)
        if value_w is None:
            return None
        if end < n and low[end] == "dozen":
            return end + 1, value_w * 12.0, False
        return end, value_w, False
    if w == "dozen":
        return i + 1, 12.0, False
    return None


def _match_qualifier(low: Sequence[str], end: int, table: list[tuple[tuple[str, ...], str]]) -> tuple[int, str] | None:
    """A qualifier ending just before token ``end``: returns (start, canonical)."""
    for words, canonical in table:
        k = len(words)
        if end - k >= 0 and tuple(low[end - k : end]) == words:
            return end - k, canonical
    return None


def _post_marks(low: Sequence[str], end: int) -> tuple[int, bool, str | None]:
    """Percent and currency words right after a number: returns (new end, percent, currency)."""
    n = len(low)
    if end < n and low[end] in _PERCENT:
        return end + 1, True, None
    if end + 1 < n and low[end] == "per" and low[end + 1] == "cent":
        return end + 2, True, None
    if end < n and low[end] in _CURRENCY_WORDS:
        return end + 1, False, _CURRENCY_WORDS[low[end]]
    if end + 1 < n and low[end] == "of" and low[end + 1] in _CURRENCY_WORDS:  # "millions of dollars"
        return end + 2, False, _CURRENCY_WORDS[low[end + 1]]
    return end, False, None


def find_numbers(words: Sequence[str]) -> list[NumberPhrase]:
    """Every number phrase in ``words`` (a token list), left to right, without overlaps."""
    low = [w.lower() for w in words]
    n = len(low)
    out: list[NumberPhrase] = []
    i = 0
    while i < n:
        if not (is_numeral(words[i]) or (low[i] in ("a", "an", "half", "tens", "several") and i + 1 < n)):
            i += 1
            continue
        got = _read_quantity(low, i)
        if got is None:
            i += 1
            continue
        end, value, vague = got
        num_start, start = i, i
        qualifier: str | None = None
        currency: str | None = None
        percent = bool(_GLUED.match(low[end - 1]) and low[end - 1].endswith("%"))
        # A currency sign before the numerals: "$1.7 million", "US$ 40".
        if start > 0 and low[start - 1] in _CURRENCY_SIGNS:
            currency = _CURRENCY_SIGNS[low[start - 1]]
            start -= 1
        # A range: "30 to 40", "30-40", "two or three", "between 30 and 40".
        between = start > 0 and low[start - 1] == "between"
        if end + 1 < n and (low[end] in _RANGE_JOINERS or (between and low[end] == "and")):
            j = end + 1
            if j < n and low[j] in _CURRENCY_SIGNS:
                j += 1
            second = _read_quantity(low, j) if j < n and (is_numeral(words[j]) or low[j] in ("a", "half")) else None
            if second is not None and not second[2] and not vague:
                hi_end, hi, _ = second
                lo = float(value) if not isinstance(value, tuple) else value[0]
                # "1.5 to 2 million": the scale written once applies to both ends.
                if isinstance(hi, float) and hi > 0 and lo < hi / 1000 and hi_end > j + 1 and low[hi_end - 1] in _SCALES:
                    lo *= _SCALES[low[hi_end - 1]]
                if isinstance(hi, float) and lo < hi:
                    value, end = (lo, hi), hi_end
                    if between:
                        qualifier, start = "between", start - 1
        if qualifier is None:
            q = _match_qualifier(low, start, _QUALIFIERS)
            if q is not None:
                start, qualifier = q
        num_end = end
        end, post_percent, post_currency = _post_marks(low, end)
        percent = percent or post_percent
        currency = currency or post_currency
        if qualifier is None:
            q = _match_post_qualifier(low, end)
            if q is not None:
                end, qualifier = q
        out.append(
            NumberPhrase(
                start=start, end=end, num_start=num_start, num_end=num_end,
                value=_tidy(value), qualifier=qualifier, percent=percent, currency=currency, vague=vague,
            )
        )
        i = max(end, i + 1)
    return out


def _match_post_qualifier(low: Sequence[str], end: int) -> tuple[int, str] | None:
    for words, canonical in _POST_QUALIFIERS:
        k = len(words)
        if tuple(low[end : end + k]) == words:
            return end + k, canonical
    return None


def _tidy(value: float | tuple[float, float]) -> Value:
    """Whole numbers as they are; fractions rounded away from float noise ("1.7 million" → 1700000)."""
    if isinstance(value, tuple):
        return (_round(value[0]), _round(value[1]))
    return _round(value)


def _round(x: float) -> float:
    return float(round(x, 6))


def as_json(value: Value) -> int | float | list[int | float]:
    """The value as the bundle writes it: an int when whole, a [low, high] list for a range."""
    if isinstance(value, tuple):
        return [_num(value[0]), _num(value[1])]
    return _num(value)


def _num(x: float) -> int | float:
    return int(x) if float(x).is_integer() else x
