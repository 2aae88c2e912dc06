"""The trained attribution model: which words are cues, and which span each one introduces.

Two linear classifiers, trained on PolNeAR (``storyline train quotes``, see
:mod:`storyline.eval.train_quotes` and ``model/MODEL_CARD.md``), read spaCy's parse:

* the **cue** classifier scores each candidate word (verbs, nouns, adjectives and
  prepositions) as the head of an attribution cue: "said", but also "claims", "according
  to", "criticism (of)", "(in the) poll", "shows";
* the **span** classifier scores the content spans a cue may introduce, generated from the
  parse (:func:`span_candidates`): its clausal complement, its object or the object of its
  preposition, the clause it is set in minus its own phrase ("X, he said"), the rest of its
  sentence, and the rules' own content (:mod:`storyline.quotes.cues`).

A cue is kept when its score times its best span's score passes the model's threshold, chosen
on PolNeAR dev. The weights are plain feature → weight tables (``model/attribution.json.gz``),
so the model needs neither scikit-learn nor a download at run time, and scoring is a sum of
dictionary look-ups.
"""

from __future__ import annotations

import functools
import gzip
import json
import math
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from storyline.quotes.cues import BELIEF_VERBS, SPEECH_VERBS, STANCE_VERBS, Cue, noun_phrase, range_minus, subject_of

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

MODEL_PATH = Path(__file__).parent / "model" / "attribution.json.gz"
# Parts of speech a cue's head may have.
CUE_POS = frozenset({"VERB", "NOUN", "ADJ", "ADP", "AUX", "PROPN"})
# Words with this part of speech are scored for spans only when the cue score reaches this.
CUE_FLOOR = 0.05
_QUOTES = frozenset('"“”‘’\'«»')
_SPAN_DEPS = frozenset({"ccomp", "xcomp", "dobj", "attr", "oprd", "advcl", "acl", "relcl", "conj", "pcomp", "pobj", "nsubj", "dep", "parataxis", "npadvmod", "appos"})


def _lex(lemma: str) -> str:
    return "speech" if lemma in SPEECH_VERBS else "belief" if lemma in BELIEF_VERBS else "stance" if lemma in STANCE_VERBS else "none"


def cue_features(tok: "Token") -> list[str]:
    """Features of one word as a possible cue head (its word, its place in the parse, its children)."""
    lemma = tok.lemma_.lower()
    head = tok.head
    pos = tok.pos_
    f = [
        "b",
        f"l={lemma}",
        f"p={pos}",
        f"t={tok.tag_}",
        f"d={tok.dep_}",
        f"lp={lemma}|{pos}",
        f"lx={_lex(lemma)}|{pos}",
        f"hd={head.lemma_.lower()}|{tok.dep_}",
        f"hp={head.pos_}|{tok.dep_}",
        f"dp={tok.dep_}|{pos}",
    ]
    doc = tok.doc
    prev = doc[tok.i - 1].lower_ if tok.i > 0 else "<s>"
    nxt = doc[tok.i + 1].lower_ if tok.i + 1 < len(doc) else "</s>"
    prev2 = doc[tok.i - 2].lower_ if tok.i > 1 else "<s>"
    nxt2 = doc[tok.i + 2].lower_ if tok.i + 2 < len(doc) else "</s>"
    f += [f"pw={prev}", f"nw={nxt}", f"lnw={lemma}|{nxt}", f"pwl={prev}|{lemma}", f"pw2={prev2}", f"nw2={nxt2}", f"sx={lemma[-3:]}|{pos}"]
    subj = None
    for c in tok.children:
        dep = c.dep_
        f.append(f"c={dep}")
        f.append(f"lc={lemma}|{dep}")
        if dep in ("dobj", "ccomp", "xcomp", "attr", "pobj"):
            f.append(f"o={dep}:{c.lemma_.lower()}")
            f.append(f"op={dep}:{c.pos_}")
        if dep in ("prep", "agent", "mark", "aux", "neg", "prt"):
            f.append(f"cw={dep}:{c.lower_}")
            f.append(f"lcw={lemma}|{c.lower_}")
        if dep in ("nsubj", "nsubjpass", "poss"):
            subj = c
    if subj is not None:
        f.append(f"se={subj.ent_type_ or subj.pos_}")
        f.append(f"sl={subj.lower_ if subj.pos_ == 'PRON' else subj.lemma_.lower()}")
    if tok.ent_type_:
        f.append(f"e={tok.ent_type_}")
    return f


def _ranges_chars(doc: "Doc", ranges: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    out = []
    for i, j in ranges:
        if j > i:
            out.append((doc[i].idx, doc[j - 1].idx + len(doc[j - 1].text)))
    return out


def _trim(doc: "Doc", ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Token ranges without the punctuation, "that" and conjunctions at their edges."""
    out = []
    for i, j in ranges:
        while i < j and (doc[i].is_punct or doc[i].is_space or doc[i].lower_ in ("that", "and", "but")) and doc[i].text not in _QUOTES:
            i += 1
        while j > i and (doc[j - 1].is_punct or doc[j - 1].is_space) and doc[j - 1].text not in _QUOTES:
            j -= 1
        if j > i:
            out.append((i, j))
    return out


def span_candidates(tok: "Token", sent: "Span", rule: Sequence[tuple[int, int]] = ()) -> list[tuple[str, list[tuple[int, int]]]]:
    """Content spans a cue word may introduce, as (how, token ranges).

    Args:
        tok: the cue's head word.
        sent: its sentence.
        rule: the rules' content for this cue, as token ranges (empty when the rules found none).
    """
    doc = tok.doc
    s0, s1 = sent.start, sent.end
    own = (tok.left_edge.i, tok.right_edge.i + 1)
    cands: list[tuple[str, list[tuple[int, int]]]] = []
    for c in tok.children:
        dep = c.dep_
        if dep in _SPAN_DEPS:
            cands.append((f"child:{dep}", [(c.left_edge.i, c.right_edge.i + 1)]))
            if c.pos_ in _NOMINAL:
                # The object without what follows a comma, a relative clause or an appositive.
                cands.append((f"np:{dep}", [noun_phrase(c)]))
                for p in c.children:
                    if p.dep_ == "prep" and p.i > c.i:
                        # "expressed misgivings [about Mrs. Clinton]"
                        for g in p.children:
                            if g.dep_ in ("pobj", "pcomp"):
                                cands.append((f"obj-prep:{_prep(p)}", [(g.left_edge.i, g.right_edge.i + 1)]))
        elif dep in ("prep", "agent"):
            for g in c.children:
                if g.dep_ in ("pobj", "pcomp"):
                    cands.append((f"prep:{_prep(c)}", [(g.left_edge.i, g.right_edge.i + 1)]))
                    if g.pos_ in _NOMINAL:
                        cands.append((f"prep-np:{_prep(c)}", [noun_phrase(g)]))
    # Everything the cue governs after itself ("said [that …] [and that …]").
    after = [c for c in tok.children if c.i > tok.i and c.dep_ not in ("punct", "prt", "neg", "aux", "auxpass", "npadvmod", "nsubj", "nsubjpass", "cc")]
    if len(after) > 1:
        cands.append(("after-children", [(after[0].left_edge.i, after[-1].right_edge.i + 1)]))
    head = tok.head
    if head is not tok:
        h = (head.left_edge.i, head.right_edge.i + 1)
        cands.append(("head-minus", range_minus(h, own)))
        if head.head is not head:
            hh = (head.head.left_edge.i, head.head.right_edge.i + 1)
            cands.append(("head2-minus", range_minus(hh, own)))
    cands.append(("sent-minus", range_minus((s0, s1), own)))
    if own[1] < s1:
        cands.append(("sent-after", [(own[1], s1)]))
    if own[0] > s0:
        cands.append(("sent-before", [(s0, own[0])]))
    cands.append(("sent-after-cue", [(tok.i + 1, s1)]))
    if tok.i > s0:
        cands.append(("sent-before-cue", [(s0, tok.i)]))
    if s1 < len(doc) and doc[s1 - 1].text == ":" or (s1 + 1 < len(doc) and doc[s1].text == ":"):
        # "The governor added:" and what was said in the next sentence or paragraph.
        k = s1 + 1 if doc[s1 - 1].text != ":" else s1
        while k < len(doc) and doc[k].is_space:
            k += 1
        if k < len(doc):
            nxt = doc[k].sent
            cands.append(("next-sent", [(nxt.start, nxt.end)]))
    if sent.start > 0:
        prev = doc[sent.start - 1].sent
        cands.append(("prev-sent", [(prev.start, prev.end)]))
    if rule:
        cands.append(("rule", list(rule)))
    out: list[tuple[str, list[tuple[int, int]]]] = []
    seen: set[tuple[tuple[int, int], ...]] = set()
    for how, ranges in cands:
        # The cue word itself is never part of what it introduces.
        ranges = [p for r in ranges for p in range_minus(r, (tok.i, tok.i + 1))]
        ranges = _trim(doc, ranges)
        key = tuple(ranges)
        if not ranges or key in seen:
            continue
        seen.add(key)
        out.append((how, ranges))
    return out


_NOMINAL = frozenset({"NOUN", "PROPN", "PRON"})
_PREPS = frozenset({"of", "about", "on", "for", "to", "that", "in", "against", "with", "over", "at", "as", "from", "by"})


def _prep(tok: "Token") -> str:
    return tok.lower_ if tok.lower_ in _PREPS else "x"


def _bucket(n: int) -> str:
    return str(n) if n < 4 else "4-7" if n < 8 else "8-15" if n < 16 else "16-31" if n < 32 else "32+"


def span_features(tok: "Token", how: str, ranges: Sequence[tuple[int, int]], sent: "Span") -> list[str]:
    """Features of one content candidate of a cue."""
    doc = tok.doc
    lemma = tok.lemma_.lower()
    pos = tok.pos_
    n = sum(j - i for i, j in ranges)
    first, last = ranges[0][0], ranges[-1][1]
    where = "after" if first > tok.i else "before" if last <= tok.i else "around"
    verbs = sum(1 for i, j in ranges for k in range(i, j) if doc[k].pos_ in ("VERB", "AUX"))
    quoted = any(doc[k].text in _QUOTES for i, j in ranges for k in range(i, j))
    whole = first <= sent.start + 1 and last >= sent.end - 1
    fw = doc[first].lower_
    f = [
        "b",
        f"h={how}",
        f"hp={how}|{pos}",
        f"hl={how}|{lemma}",
        f"hx={how}|{_lex(lemma)}",
        f"hd={how}|{tok.dep_}",
        f"n={_bucket(n)}",
        f"hn={how}|{_bucket(n)}",
        f"w={where}",
        f"hw={how}|{where}",
        f"v={min(verbs, 3)}",
        f"hv={how}|{min(verbs, 3)}",
        f"q={quoted}",
        f"whole={whole}",
        f"parts={len(ranges)}",
        f"fw={fw}",
        f"ht={how}|{doc[first].pos_}",
    ]
    return f


@dataclass
class Linear:
    """A logistic model over sparse binary features."""

    weights: dict[str, float]
    bias: float

    def score(self, feats: Sequence[str]) -> float:
        w = self.weights
        z = self.bias + sum(w.get(x, 0.0) for x in feats)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def as_json(self) -> dict[str, Any]:
        return {"bias": self.bias, "weights": self.weights}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "Linear":
        return cls({str(k): float(v) for k, v in data["weights"].items()}, float(data["bias"]))


@dataclass
class AttributionModel:
    """The cue and span classifiers with the threshold chosen on dev."""

    cue: Linear
    span: Linear
    threshold: float
    meta: dict[str, Any]
    # How the rules' cues are used: "model" (kept when the model keeps them, with the span it
    # picks), "filter" (kept when the model keeps them, with the rules' span), "rules+" (all
    # kept as the rules found them; the model only adds cues) or "words" (the rules' cues of
    # speech and belief kept as found, their stance cues left to the model).
    mode: str = "model"
    # Lemmas that headed a cue in training; other words are not scored (it saves time, and the
    # classifier keeps almost none of them).
    lexicon: frozenset[str] = frozenset()
    # In mode "words", a rules' cue is dropped when the cue classifier scores it under this.
    rule_floor: float = 0.0

    def as_json(self) -> dict[str, Any]:
        return {
            "cue": self.cue.as_json(),
            "span": self.span.as_json(),
            "threshold": self.threshold,
            "mode": self.mode,
            "lexicon": sorted(self.lexicon),
            "rule_floor": self.rule_floor,
            "meta": self.meta,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "AttributionModel":
        return cls(
            Linear.from_json(data["cue"]),
            Linear.from_json(data["span"]),
            float(data["threshold"]),
            dict(data.get("meta", {})),
            str(data.get("mode", "model")),
            frozenset(data.get("lexicon", ())),
            float(data.get("rule_floor", 0.0)),
        )

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        # mtime=0: the same model gives the same bytes.
        with gzip.GzipFile(path, "wb", mtime=0) as fh:
            fh.write(json.dumps(self.as_json(), sort_keys=True, separators=(",", ":")).encode())


@functools.lru_cache(maxsize=2)
def load_model(path: Path = MODEL_PATH) -> AttributionModel | None:
    """The shipped model (None when the package was built without it)."""
    if not path.is_file():
        return None
    with gzip.open(path, "rb") as fh:
        return AttributionModel.from_json(json.loads(fh.read()))


# Models set by :func:`use_model` (training scores candidates on dev before one is saved).
_ACTIVE: list[AttributionModel | None] = []


@contextmanager
def use_model(model: AttributionModel | None) -> Iterator[None]:
    """Extract with ``model`` (None: with the rules alone) instead of the shipped one."""
    _ACTIVE.append(model)
    try:
        yield
    finally:
        _ACTIVE.pop()


def active_model() -> AttributionModel | None:
    """The model :func:`storyline.quotes.extract.extract` uses now."""
    return _ACTIVE[-1] if _ACTIVE else load_model()


def candidate_tokens(doc: "Doc") -> list["Token"]:
    return [t for t in doc if t.pos_ in CUE_POS and t.is_alpha]


def source_of(tok: "Token") -> tuple[int, int] | None:
    """The source phrase of a cue the rules did not find: its subject, its possessor ("Trump's
    claim"), the agent of a passive or the object of "according to"."""
    if tok.lower_ == "according":
        to = next((c for c in tok.children if c.lower_ == "to"), None)
        pobj = next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None
        return noun_phrase(pobj) if pobj is not None else None
    if tok.pos_ in ("VERB", "AUX", "ADJ"):
        subj = subject_of(tok)
        return noun_phrase(subj) if subj is not None else None
    for c in tok.children:
        if c.dep_ == "poss":
            return noun_phrase(c)
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in ("by", "from"):
            pobj = next((g for g in c.children if g.dep_ == "pobj"), None)
            if pobj is not None:
                return noun_phrase(pobj)
    if tok.dep_ in ("nsubj", "dobj") and tok.head.pos_ == "VERB":
        subj = subject_of(tok.head)
        if subj is not None and subj is not tok:
            return noun_phrase(subj)
    return None


def predict(doc: "Doc", model: AttributionModel, rule_cues: Sequence[Cue], skip: set[int] | frozenset[int] = frozenset()) -> list[Cue]:
    """The cues the model keeps, with the content it picks, in text order.

    A rule cue keeps its source and class; a new one gets its source from :func:`source_of`
    and the class "stance" unless its word is a speech or belief verb with a clause.
    """
    by_head = {c.head: c for c in rule_cues}
    out: list[Cue] = []
    kept = {c.head for c in rule_cues if model.mode == "rules+" or (model.mode == "words" and c.cls != "stance")}
    if model.rule_floor > 0:
        # The rules' cues that the model is all but sure are no cue ("said" of a scheduled talk).
        kept = {i for i in kept if model.cue.score(cue_features(doc[i])) >= model.rule_floor}
    out.extend(c for c in rule_cues if c.head in kept and c.head not in skip)
    lexicon = model.lexicon
    for tok in candidate_tokens(doc):
        if tok.i in skip or tok.i in kept or (lexicon and tok.lemma_.lower() not in lexicon):
            continue
        p_cue = model.cue.score(cue_features(tok))
        if p_cue < CUE_FLOOR or p_cue < model.threshold:
            continue
        sent = tok.sent
        rule = by_head.get(tok.i)
        if rule is not None and model.mode == "filter" and rule.content:
            out.append(rule)
            continue
        rule_ranges = _token_ranges(doc, rule.content) if rule is not None else []
        best: tuple[float, list[tuple[int, int]], str] | None = None
        for how, ranges in span_candidates(tok, sent, rule_ranges):
            p = model.span.score(span_features(tok, how, ranges, sent))
            if best is None or p > best[0]:
                best = (p, ranges, how)
        if best is None or p_cue * best[0] < model.threshold:
            continue
        content = _ranges_chars(doc, best[1])
        if rule is not None:
            rule.content = content
            out.append(rule)
            continue
        lemma = tok.lemma_.lower()
        how = best[2]
        clause = how in ("child:ccomp", "head-minus", "sent-minus", "rule") or how.startswith("sent")
        verb = tok.pos_ in ("VERB", "AUX")
        if tok.lower_ == "according":
            cls = "speech"  # reported words, as the rules class it
        elif verb and clause and lemma in SPEECH_VERBS:
            cls = "speech"
        elif verb and clause and lemma in BELIEF_VERBS:
            cls = "belief"
        else:
            cls = "stance"  # a noun, adjective or preposition cue, or a verb taking a stand
        out.append(Cue(head=tok.i, start=tok.idx, end=tok.idx + len(tok.text), kind="model", lemma=lemma, cls=cls, source=source_of(tok), content=content))
    return out


def _token_ranges(doc: "Doc", spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    out = []
    for s, e in spans:
        span = doc.char_span(s, e, alignment_mode="expand")
        if span is not None and len(span):
            out.append((span.start, span.end))
    return out
