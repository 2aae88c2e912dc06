"""Direct quotes and reported speech in one parsed article, with their source resolved in the
article (:class:`~storyline.people.speakers.SpeakerResolver`).

Direct quotes come from the quotation marks (:mod:`~storyline.quotes.marks`) and are
tied to a cue of their own sentences and paragraph (:mod:`~storyline.quotes.cues`):
the cue whose clause holds the quote, else the nearest one.

* A quoted phrase that is a small part of a reported clause ("said the plan was “a
  disaster”") is a partial quote: it is kept as a direct quote (flagged ``partial``) and the
  clause as an indirect one.
* A quote with no cue of its own goes on from the quote before it in the same paragraph (“…,”
  she said. “…”), or, when it opens a paragraph, from the last speaker of this or the previous
  paragraph (a run of quote paragraphs, or a quote after "Pellar said the union had …"); or it
  takes the source of a colon lead-in ("Caddell continued:", "Strausz yesterday:").
* One or two words in quotation marks that no cue governs are scare quotes, and a longer quote
  with no cue and no speaker before it is kept with no speaker only from eight words up.
* A paragraph that opens with a speaker's name and a colon is a transcript line ("MATTHEWS: …").
* Headlines, captions, bylines and datelines hold no quotes
  (:func:`~storyline.quotes.marks.not_quote_spans`): a quote whose cue stands in one is
  dropped, and other quotes keep only their words outside them.

Reported speech is every other cue with a source and content, kept within the cue's paragraph
(the parser sometimes runs a sentence across a paragraph break). Each attribution carries the
class of its cue (speech, belief or stance); the bundle shows speech and belief.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from storyline.parsing import sentence_starts, token_arrays
from storyline.people.article import ArticlePeople
from storyline.people.speakers import Speaker, SpeakerResolver
from storyline.quotes.cues import Cue, find_cues
from storyline.quotes.marks import QuotedSpan, find_quoted, line_paragraphs, not_quote_spans
from storyline.quotes.model import active_model, predict

if TYPE_CHECKING:
    from spacy.tokens import Doc

# A quoted phrase with fewer words than this and no cue of its own is not kept as a quote.
MIN_UNATTRIBUTED_WORDS = 8
# A quote of at most this many words that no cue governs is a scare quote ("the so-called “moderates”").
SCARE_WORDS = 2
# A quote covering less than this share of its cue's clause is a partial quote inside
# reported speech.
PARTIAL = 0.85
# Reported speech whose content is mostly a direct quote already found is that quote.
OVERLAP = 0.5


@dataclass
class Attribution:
    """One quote as found in an article.

    Attributes:
        kind: "direct" (the speaker's own words: in quotation marks, or after a speaker's
            name in a transcript) or "indirect" (reported speech).
        parts: character spans of the content: one, or several for a quote split around
            its cue, continued in the same paragraph or running over several paragraphs.
        cls: "speech", "belief" or "stance" (see :class:`~storyline.quotes.cues.Cue`);
            direct quotes are speech.
        cue: character span of the cue words, or None (a continued quote).
        lemma: the cue's lemma ("say", "according to", ":" for a transcript label), or "".
        source: token span of the source phrase in the Doc, or None.
        speaker: the source as resolved in the article, or None.
        continued: a quote with no cue of its own that continues the previous speaker.
        partial: a quoted phrase inside a clause of reported speech that is reported too
            ("said the plan was “a disaster”").
    """

    kind: str
    parts: list[tuple[int, int]]
    cls: str = "speech"
    cue: tuple[int, int] | None = None
    lemma: str = ""
    source: tuple[int, int] | None = None
    speaker: Speaker | None = None
    continued: bool = False
    partial: bool = False
    para: int = field(default=-1, repr=False)

    @property
    def start(self) -> int:
        return self.parts[0][0]

    @property
    def end(self) -> int:
        return self.parts[-1][1]

    def text(self, article_text: str) -> str:
        return " … ".join(article_text[s:e] for s, e in self.parts)

    def as_json(self, article_text: str) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "cls": self.cls,
            "text": self.text(article_text),
            "start": self.start,
            "end": self.end,
            "parts": [list(p) for p in self.parts],
            "cue": list(self.cue) if self.cue else None,
            "lemma": self.lemma,
            "continued": self.continued,
            "partial": self.partial,
            "speaker": self.speaker.as_json() if self.speaker else None,
        }


def _alnum(text: str, spans: Sequence[tuple[int, int]]) -> set[int]:
    return {i for s, e in spans for i in range(s, e) if text[i].isalnum()}


class _Index:
    """Look-ups from character offsets to tokens, sentences and paragraphs."""

    def __init__(self, doc: "Doc", paragraphs: list[tuple[int, int]], text: str, arrays: Any) -> None:
        self.doc = doc
        self.doc_text = text
        self.tok_starts = arrays[:, 0].tolist()
        self.sent_starts = sentence_starts(arrays)
        self.paras = paragraphs
        self.para_starts = [p[0] for p in paragraphs]

    def token(self, char: int) -> int:
        return max(0, bisect.bisect_right(self.tok_starts, char) - 1)

    def sentence_of_token(self, i: int) -> int:
        return bisect.bisect_right(self.sent_starts, i) - 1

    def sentence(self, char: int) -> int:
        return self.sentence_of_token(self.token(char))

    def paragraph(self, char: int) -> int:
        return bisect.bisect_right(self.para_starts, char) - 1


def extract(
    doc: "Doc", people: ArticlePeople, paragraphs: list[tuple[int, int]] | None = None, text: str | None = None
) -> list[Attribution]:
    """Find the direct and reported quotes of one parsed article, with resolved speakers.

    Args:
        doc: the article's spaCy Doc (parser, tagger and lemmatizer ran).
        people: the article's named groups (:func:`storyline.people.article.article_people`).
        paragraphs: paragraph spans; :func:`~storyline.quotes.marks.line_paragraphs`
            when omitted.
        text: the Doc's text when the caller has it (spaCy rebuilds ``doc.text`` on each access).

    Returns:
        The attributions in text order, stance attributions included (see ``cls``).
    """
    text = text if text is not None else doc.text
    paras = paragraphs if paragraphs is not None else line_paragraphs(text)
    arrays = token_arrays(doc)
    index = _Index(doc, paras, text, arrays)
    quoted = find_quoted(text, paras)
    inside = [(q.start, q.end) for q in quoted]

    def in_quote(char: int) -> bool:
        k = bisect.bisect_right(inside, (char, len(text) + 1)) - 1
        return k >= 0 and inside[k][0] <= char < inside[k][1]

    cues = [_clip(c, paras, index) for c in find_cues(doc, text, arrays) if not in_quote(c.start)]
    by_sentence: dict[int, list[Cue]] = {}
    for cue in cues:
        by_sentence.setdefault(index.sentence_of_token(cue.head), []).append(cue)

    out: list[Attribution] = []
    used: dict[int, Attribution] = {}  # cue head → its direct quote
    absorbed: set[int] = set()  # cue heads whose clause holds a partial quote
    last: Attribution | None = None
    for q in quoted:
        pieces = [_trim(text, s, e) for s, e in q.pieces]
        para = index.paragraph(q.start)
        frame = _frame_cues(q, index, by_sentence, text)
        # A partial quote inside reported speech: the speaker's own words within the reported
        # clause (the smallest that holds them). It is a direct quote, and the clause stays an
        # indirect one.
        holders = [c for _, _, c in frame if c.cls != "stance" and _is_partial(q, c, text)]
        if holders:
            holder = min(holders, key=lambda c: len(_alnum(text, c.content)))
            absorbed.add(holder.head)
            nested = holder.source is not None and bool(holder.content)
            out.append(Attribution("direct", pieces, "speech", (holder.start, holder.end), holder.lemma, holder.source, para=para, partial=nested))
            continue
        own_cue = frame[0][2] if frame else None
        if own_cue is not None and frame[0][0] == 1 and len(text[q.content_start : q.content_end].split()) <= SCARE_WORDS:
            continue  # a word or two in quotation marks that no cue governs: a scare quote
        if own_cue is not None:
            prior = used.get(own_cue.head)
            if prior is not None:
                prior.parts.extend(pieces)
                last = prior
                continue
            att = Attribution("direct", pieces, "speech", (own_cue.start, own_cue.end), own_cue.lemma, own_cue.source, para=para)
            used[own_cue.head] = att
        else:
            intro = _colon_intro(q, index, by_sentence, text, people)
            if intro is not None:
                att = Attribution("direct", pieces, "speech", (intro.start, intro.end), intro.lemma, intro.source, para=para)
                used.setdefault(intro.head, att)
            elif last is not None and last.kind == "direct" and last.para == para and _opens_sentence(q, index, text):
                # “A,” she said. “B.”: the second quote goes on with the first one's speaker.
                last.parts.extend(pieces)
                continue
            elif q.start == paras[para][0] and (prev := _previous_speaker(out, cues, index, q, para)) is not None:
                # A quote paragraph without a cue goes on from whoever spoke just before it:
                # “…,” he said. / “…” or: Pellar said the union had accepted it. / “…”
                att = Attribution("direct", pieces, "speech", None, "", prev, continued=True, para=para)
            elif len(text[q.content_start : q.content_end].split()) >= MIN_UNATTRIBUTED_WORDS:
                att = Attribution("direct", pieces, para=para)
            else:
                continue
        out.append(att)
        last = att

    out.extend(_transcript_lines(doc, text, paras, people, inside))
    direct_chars = _alnum(text, [p for a in out if not a.partial for p in a.parts])
    model = active_model()
    reported = cues
    if model is not None:
        # The trained model picks the cues of reported speech and stance, and their content,
        # among the rules' cues and every other word (see storyline.quotes.model).
        free = [replace(c) for c in cues if c.head not in used]
        reported = [_clip(c, paras, index) for c in predict(doc, model, free, skip=set(used)) if not in_quote(c.start)]
    for cue in reported:
        if cue.head in used or (cue.source is None and cue.kind != "model") or not cue.content:
            continue
        chars = _alnum(text, cue.content)
        if not chars or (cue.head not in absorbed and len(chars & direct_chars) >= OVERLAP * len(chars)):
            continue
        kind = "stance" if cue.cls == "stance" else "indirect"
        out.append(Attribution(kind, list(cue.content), cue.cls, (cue.start, cue.end), cue.lemma, cue.source))
    out.sort(key=lambda a: a.start)
    out = _outside_headlines(out, not_quote_spans(text, paras), doc, text)

    resolver = SpeakerResolver(doc, people, arrays)
    for att in out:
        if att.speaker is None and att.source is not None:
            att.speaker = resolver.resolve(att.source)
    return out


def _outside_headlines(atts: list[Attribution], spans: list[tuple[int, int]], doc: "Doc", text: str) -> list[Attribution]:
    """The attributions with headlines, captions, bylines and datelines taken out: one whose cue
    stands in such a span is dropped, its content keeps only what lies outside them, and a
    source phrase inside one ("BRENNMOOR | Tue Nov 24") names no one."""
    if not spans:
        return atts

    def inside(char: int) -> bool:
        return any(s <= char < e for s, e in spans)

    out = []
    for att in atts:
        if att.cue is not None and inside(att.cue[0]):
            continue
        parts = []
        for start, end in att.parts:
            cuts = sorted((max(s, start), min(e, end)) for s, e in spans if s < end and e > start)
            pos = start
            for s, e in [*cuts, (end, end)]:
                if s > pos and any(c.isalnum() for c in text[pos:s]):
                    parts.append(_strip_span(text, pos, s))
                pos = max(pos, e)
        if not parts:
            continue
        att.parts = parts
        if att.source is not None and inside(doc[att.source[0]].idx):
            att.source = None
        out.append(att)
    return out


def _strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and not text[start].isalnum() and text[start] not in "\"“‘'(":
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _previous_speaker(out: list[Attribution], cues: list[Cue], index: _Index, q: QuotedSpan, para: int) -> tuple[int, int] | None:
    """The source of the last quote or speech cue before ``q`` in its paragraph or the one before."""
    best: tuple[int, tuple[int, int]] | None = None
    candidates = [(a.start, a.source) for a in out if a.source is not None and 0 <= para - a.para <= 1]
    candidates += [
        (c.start, c.source)
        for c in cues
        if c.source is not None and c.cls == "speech" and c.start < q.start and 0 <= para - index.paragraph(c.start) <= 1
    ]
    for pos, source in candidates:
        if pos < q.start and (best is None or pos > best[0]):
            best = (pos, source)
    return best[1] if best else None


def _clip(cue: Cue, paras: list[tuple[int, int]], index: _Index) -> Cue:
    """Keep a cue's content within the cue's paragraph: the parser sometimes runs a sentence
    across a paragraph break, but reported speech never does."""
    k = index.paragraph(cue.start)
    if k < 0:
        return cue
    p_start, p_end = paras[k]
    kept = [(max(s, p_start), min(e, p_end)) for s, e in cue.content if s < p_end and e > p_start]
    if cue.content and not kept and cue.kind == "verb":
        # The clause the parser gave lies in another paragraph; the words after the cue, to the
        # end of their sentence, are what it reports ("Kessin's mayor, Henrietta Voss, said the
        # town's lower districts had been cleared.").
        text = index.doc_text
        m = _SENTENCE_END.search(text, cue.end, p_end)
        end = m.start() + 1 if m else p_end
        start = cue.end
        while start < end and text[start] in " ,:":
            start += 1
        if text.startswith("that ", start):
            start += 5
        if end - start > 10:
            kept = [(start, end)]
    cue.content = kept
    if cue.source is not None and index.doc[cue.source[0]].idx < p_start:
        # Likewise a source phrase that reaches back into the previous paragraph: keep the
        # words of this paragraph before the cue ("12:30 - Kessin mayor Henrietta Voss says").
        first = index.token(p_start)
        while first < cue.head and not (index.doc[first].is_alpha and index.doc[first].idx >= p_start):
            first += 1
        cue.source = (first, cue.head) if first < cue.head else None
    return cue


_SENTENCE_END = re.compile(r"[.!?](?=[\s\"”’]|$)")


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """A quote piece without the comma or spaces that close it before the mark ("We will,")."""
    while end > start and text[end - 1] in " \t\n,":
        end -= 1
    return start, end


_LABEL = re.compile(r"([A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,3}):[ \t]+(?=\S)")
# Labels at a paragraph start that introduce no speaker.
_NOT_SPEAKER_LABELS = frozenset(
    "note update updated editor correction photo photos video watch read related source sources "
    "see also advertisement caption credit image warning disclaimer q a".split()
)


def _transcript_lines(doc: "Doc", text: str, paras: list[tuple[int, int]], people: ArticlePeople, inside: list[tuple[int, int]]) -> list[Attribution]:
    """Paragraphs of an interview transcript: "MATTHEWS: Here's the irony …"."""
    out = []
    for n, (p_start, p_end) in enumerate(paras):
        m = _LABEL.match(text, p_start, p_end)
        if m is None or fold_label(m.group(1)) in _NOT_SPEAKER_LABELS:
            continue
        label_start, label_end = m.start(1), m.end(1)
        group = people.group_at(label_start, label_end)
        shouting = m.group(1).isupper() and len(m.group(1)) > 2
        if not shouting and (group is None or group.type != "person"):
            continue
        if any(s <= m.end() < e for s, e in inside) or len(text[m.end() : p_end].split()) < 3:
            continue
        span = doc.char_span(label_start, label_end, alignment_mode="expand")
        if span is None:
            continue
        out.append(Attribution("direct", [_trim(text, m.end(), p_end)], "speech", (label_end, label_end + 1), ":", (span.start, span.end), para=n))
    return out


def fold_label(label: str) -> str:
    return label.lower().rstrip(".")


def _frame_cues(q: QuotedSpan, index: _Index, by_sentence: dict[int, list[Cue]], text: str) -> list[tuple[int, int, Cue]]:
    """The cues around a direct quote, as (0 if the cue's clause holds the quote else 1,
    distance in characters, cue): cues of the quote's own sentences, in its paragraph."""
    # Sentences of the quoted words themselves: the parser sometimes puts a closing mark at
    # the start of the next sentence.
    first, last = index.sentence(q.content_start), index.sentence(max(q.content_start, q.content_end - 1))
    sentences = list(range(first, last + 1))
    # "… stop.” he said." may be split into a sentence of its own right after the quote.
    if text[q.end : q.end + 3].strip()[:1].islower():
        sentences.append(last + 1)
    paras = {index.paragraph(q.start), index.paragraph(q.end - 1)}
    out = []
    for s in sentences:
        for cue in by_sentence.get(s, []):
            if index.paragraph(cue.start) not in paras:
                continue
            if cue.source is not None:
                src_start = index.doc[cue.source[0]].idx
                src_end = index.doc[cue.source[1] - 1].idx + len(index.doc[cue.source[1] - 1].text)
                if src_start <= q.content_start and q.content_end <= src_end:
                    continue  # the quote is the source ("the so-called “moderates” said")
            holds = any(s0 < q.content_end and q.content_start < e0 for s0, e0 in cue.content)
            distance = q.start - cue.end if cue.end <= q.start else max(0, cue.start - q.end)
            out.append((0 if holds else 1, distance, cue))
    out.sort(key=lambda c: (c[0], c[1]))
    return out


def _opens_sentence(q: QuotedSpan, index: _Index, text: str) -> bool:
    """Whether a quote starts its sentence (not a quoted phrase inside one)."""
    sent = index.doc[index.sent_starts[index.sentence(q.content_start)]]
    return not any(c.isalnum() for c in text[sent.idx : q.start])


def _is_partial(q: QuotedSpan, cue: Cue, text: str) -> bool:
    """A quote that is a small part of the clause its cue introduces."""
    clause = _alnum(text, cue.content)
    quote = _alnum(text, q.pieces)
    return bool(clause) and quote <= clause and len(quote) < PARTIAL * len(clause)


def _colon_intro(q: QuotedSpan, index: _Index, by_sentence: dict[int, list[Cue]], text: str, people: ArticlePeople) -> Cue | None:
    """The cue of a quote introduced by a colon: a cue before the colon, in its sentence and
    paragraph ("Caddell continued:"), or a name alone before it ("Strausz yesterday:")."""
    before = text[max(0, q.start - 200) : q.start].rstrip()
    if not before.endswith(":"):
        return None
    colon = max(0, q.start - 200) + len(before) - 1
    para = index.paragraph(colon)
    s = index.sentence(colon)
    cues = [c for c in by_sentence.get(s, []) if c.source is not None and c.start < colon and index.paragraph(c.start) == para]
    if cues:
        return cues[-1]
    # A short lead-in naming someone: "Strausz yesterday:".
    lead_start = max(index.paras[para][0], index.doc[index.sent_starts[s]].idx)
    lead = index.doc.char_span(lead_start, colon, alignment_mode="contract")
    if lead is None or len(lead) > 4:
        return None
    for tok in lead:
        group = people.group_at(tok.idx, tok.idx + len(tok.text))
        if group is not None and group.type in ("person", "organization"):
            return Cue(head=tok.i, start=colon, end=colon + 1, kind="colon", lemma=":", source=(tok.i, tok.i + 1))
    return None
