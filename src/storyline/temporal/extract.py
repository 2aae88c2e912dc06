"""Find temporal expressions in a text and anchor them: the driver over :mod:`.grammar`.

No Python library does TimeML-style extraction *and* anchoring for English (dateparser and
ctparse parse a string you already know is a date; spaCy's DATE/TIME entities have other
boundaries than TimeML and no values), so the expression grammar and the anchoring are ours.

Two passes: every rule of the grammar proposes spans, the longest non-overlapping ones win;
then, in reading order, each is resolved against the document creation time (DCT), the tense
of the verb it depends on and the dates mentioned before it (for "the next day").
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from storyline.temporal.calendar import Direction, Point
from storyline.temporal.tense import Tense, governed_by_forward_verb, governed_by_past_perfect, governing_tense
from storyline.temporal.triggers import windows

if TYPE_CHECKING:
    from spacy.tokens import Doc

TIMEX_TYPES = ("DATE", "TIME", "DURATION", "SET")
_FORWARD_CUE = re.compile(
    r"\b(?:effective|payable|due|starting|beginning|until|till|through|by|expir(?:es|ing)|deadline(?:\s+of)?|"
    r"(?:scheduled|set|slated|planned)\s+for)\s+(?:(?:noon|midnight|\d{1,2}(?::\d\d)?\s*[ap]\.?m\.?)\s+)?(?:on\s+|in\s+)?$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Timex:
    """One temporal expression: its span in the text, TIMEX3 type and value (None: unresolved)."""

    text: str
    start: int
    end: int
    type: str
    value: str | None
    rule: str = ""

    def as_item(self) -> dict[str, Any]:
        """The bundle item (without the article id, which the bundle adds)."""
        return {"text": self.text, "start": self.start, "end": self.end, "value": self.value, "type": self.type}


@dataclass
class Context:
    """What a rule may consult while resolving: the DCT, the parse and the dates seen so far."""

    text: str
    dct: date | None
    dct_time: str | None = None
    doc: "Doc | None" = None
    refs: list[tuple[int, Point]] = field(default_factory=list)
    previous: tuple[int, Point] | None = None  # end offset and point of the last expression resolved
    _tok_starts: list[int] = field(default_factory=list)
    _sent_starts: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.doc is not None:
            from spacy.attrs import IDX, SENT_START

            # Read offsets and sentence starts as arrays: building Token objects for every
            # token of the article would cost more than all the rules together.
            arr = self.doc.to_array([IDX, SENT_START])
            self._tok_starts = arr[:, 0].tolist()
            self._sent_starts = [0] + [int(arr[i, 0]) for i in range(1, len(arr)) if arr[i, 1] == 1]
        else:
            self._sent_starts = [0] + [m.end() for m in re.finditer(r"[.!?]['\"”’]?\s+(?=[A-Z\"“])|\n\s*\n", self.text)]

    # --- the parse ---

    def token(self, pos: int) -> Any:
        """The spaCy token at character ``pos`` (None without a parse)."""
        if self.doc is None or not self._tok_starts:
            return None
        i = bisect.bisect_right(self._tok_starts, pos) - 1
        return self.doc[max(i, 0)]

    def tag(self, pos: int) -> str | None:
        """The fine-grained tag (NNP, VBD …) of the token at ``pos``."""
        tok = self.token(pos)
        return tok.tag_ if tok is not None else None

    def in_date_entity(self, start: int, end: int) -> bool | None:
        """Whether spaCy's NER saw a DATE or TIME entity over this span (None without a parse)."""
        if self.doc is None:
            return None
        tok = self.token(start)
        return tok is not None and tok.ent_type_ in ("DATE", "TIME")

    def tense(self, start: int, end: int) -> Tense | None:
        """The tense governing the span, from the parse; None without one."""
        if self.doc is None:
            return None
        span = self.doc.char_span(start, end, alignment_mode="expand")
        if span is None or len(span) == 0:
            return None
        return governing_tense(span)

    def _forward_verb(self, start: int, end: int) -> bool:
        if self.doc is None:
            return False
        span = self.doc.char_span(start, end, alignment_mode="expand")
        return span is not None and len(span) > 0 and governed_by_forward_verb(span)

    def _past_perfect(self, start: int, end: int) -> bool:
        if self.doc is None:
            return False
        span = self.doc.char_span(start, end, alignment_mode="expand")
        return span is not None and len(span) > 0 and governed_by_past_perfect(span)

    def sentence(self, pos: int) -> int:
        """Index of the sentence holding ``pos``."""
        return bisect.bisect_right(self._sent_starts, pos) - 1

    # --- anchoring ---

    @property
    def today(self) -> Point | None:
        return Point(self.dct) if self.dct else None

    def direction(self, start: int, end: int, *, none: Direction = "past", present: Direction = None) -> Direction:
        """Past or future from the governing tense.

        News mostly reports what happened, so an expression with no finite verb to go by
        (``none``) is read as past by default; the present tense (``present``) is a rule's call:
        "meet Monday" in a headline is ahead, "the deadline is in March" is the nearest March.
        """
        tense = self.tense(start, end)
        cue = _FORWARD_CUE.search(self.text, max(0, start - 40), start)
        word = cue.group(0).lower() if cue is not None else ""
        if word.startswith(("until", "till")) and self._past_perfect(start, end):
            # "Until Thursday, they had not named him": the end of a state that is over.
            cue = None
        if cue is not None and (not word.startswith("by") or tense != "past" or self._forward_verb(start, end)):
            # "payable Dec. 7", "effective Feb. 1", "through January", "promised troops by
            # Friday": dates that lie ahead of the report whatever the tense. A bare "by" only
            # looks ahead of a forward verb or a non-past one ("order was restored by Tuesday").
            return "future"
        if tense == "past":
            return "past"
        if tense == "future":
            return "future"
        return present if tense == "present" else none

    def reference(
        self, pos: int, finest: tuple[str, ...] = ("day",), *, within: int | None = None, ended: bool = False
    ) -> Point | None:
        """The last date mentioned before ``pos`` at one of the ``finest`` granularities.

        Args:
            within: only look this many sentences back (0: the same sentence); None: anywhere.
            ended: only periods that were over by the publication date (results are reported
                for a quarter that has ended; "a fourth-quarter charge" is a forecast).
        """
        sent = self.sentence(pos)
        for at, point in reversed(self.refs):
            if at > pos:
                continue
            if within is not None and sent - self.sentence(at) > within:
                return None
            if point.gran in finest and not (ended and self.dct is not None and point.end() >= self.dct):
                return point
        return None

    def remember(self, pos: int, point: Point) -> None:
        self.refs.append((pos, point))


# Resolving moves the anchor by days, weeks or years; an anchor this close to the ends of
# Python's calendar (year 1, year 9999) would leave it, so such a date is no anchor at all.
_DCT_YEARS = range(1 + 10, 9999 - 10 + 1)


def _dct_parts(dct: date | datetime | str | None) -> tuple[date | None, str | None]:
    day, time = _parse_dct(dct)
    if day is None or day.year not in _DCT_YEARS:
        return None, None
    return day, time


def _parse_dct(dct: date | datetime | str | None) -> tuple[date | None, str | None]:
    if dct is None or dct == "":
        return None, None
    if isinstance(dct, datetime):
        return dct.date(), f"{dct.hour:02d}:{dct.minute:02d}"
    if isinstance(dct, date):
        return dct, None
    m = re.match(r"(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?", dct)
    if not m:
        return None, None
    try:
        day = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None, None
    return day, (f"{m.group(4)}:{m.group(5)}" if m.group(4) else None)


def extract(text: str, dct: date | datetime | str | None, doc: "Doc | None" = None) -> list[Timex]:
    """Every temporal expression in ``text``, anchored to the document creation time ``dct``.

    Args:
        text: the article text; offsets in the result point into it.
        dct: the publication date (a date, a datetime or an ISO string); None leaves every
            relative expression unresolved (value None).
        doc: the spaCy Doc of ``text`` (tagger and parser give the tense; NER helps decide
            whether a bare year is a date). Without it, rules fall back to defaults.

    Returns:
        The expressions in text order, non-overlapping.
    """
    from storyline.temporal.grammar import RULES

    day, time = _dct_parts(dct)
    cx = Context(text, day, time, doc)
    found: list[tuple[int, int, int, Any, re.Match[str]]] = []
    spans = windows(text)
    for index, rule in enumerate(RULES):
        for lo, hi, kinds in spans:
            if rule.needs.isdisjoint(kinds):
                continue
            for m in rule.pattern.finditer(text, lo, hi):
                start, end = m.span()
                if end <= start or (rule.check is not None and not rule.check(m, cx)):
                    continue
                found.append((start, end, index, rule, m))
    # Longest first; on equal length the rule listed first wins.
    found.sort(key=lambda f: (-(f[1] - f[0]), f[2], f[0]))
    taken: list[tuple[int, int]] = []
    chosen = []
    for start, end, index, rule, m in found:
        i = bisect.bisect_left(taken, (start, end))
        if i > 0 and taken[i - 1][1] > start:
            continue
        if i < len(taken) and taken[i][0] < end:
            continue
        taken.insert(i, (start, end))
        chosen.append((start, end, rule, m))
    chosen.sort(key=lambda c: c[0])

    resolved = []
    for start, end, rule, m in chosen:
        result = rule.resolve(m, cx)
        if result is None:
            continue
        ttype, value, point = result
        if point is not None and ttype in ("DATE", "TIME"):
            cx.remember(start, point)
        cx.previous = (end, point) if point is not None else None
        resolved.append((start, end, rule, m, ttype, value, point))
    if cx.dct is not None:
        resolved = _anchor_to_speech(cx, resolved)
    out = []
    for start, end, rule, _, ttype, value, _ in resolved:
        s, e = _trim(text, start, end)
        out.append(Timex(text[s:e], s, e, ttype, value, rule.name))
    return out


# Rules whose words count from the day they were said: today, tomorrow, tonight, this morning,
# last night, next week.
_SPEECH_RELATIVE = frozenset({"relative_day", "part_of_day", "relative_period"})


def _anchor_to_speech(cx: Context, resolved: list[Any]) -> list[Any]:
    """Re-anchor deictic words of a statement to the day the article says it was made."""
    import copy

    from storyline.temporal.speech import news_day, said_on

    days = [(s, e, p) for s, e, rule, _, t, _, p in resolved if p is not None and p.gran == "day" and rule.name not in _SPEECH_RELATIVE]
    if not days or cx.dct is None:
        return resolved
    # Wire copy dated the morning after: "…, officials said on Friday" in the lead of a Saturday
    # story. Statements that name no day of their own were made that day.
    told = news_day(cx.text, days)
    if told is not None and (cx.dct - told.day).days != 1:
        told = None
    out = []
    for item in resolved:
        start, end, rule, m, ttype, value, point = item
        if rule.name in _SPEECH_RELATIVE and value is not None:
            inside, said = said_on(cx.text, cx.doc, start, end, days)
            if said is None and inside:
                said = told
            if said is not None and said.day != cx.dct:
                shifted = copy.copy(cx)
                shifted.dct, shifted.dct_time = said.day, None
                again = rule.resolve(m, shifted)
                if again is not None:
                    item = (start, end, rule, m, *again)
        out.append(item)
    return out


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:"):
        end -= 1
    return start, end
