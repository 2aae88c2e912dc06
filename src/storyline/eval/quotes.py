"""Quote extraction measured on PolNeAR, with textacy's ``direct_quotations`` side by side.

What is measured (``storyline eval quotes --data PATH``):

* **Content precision, recall and F1 at ≥ 50% overlap.** Spans are compared as sets of
  alphanumeric characters (so quotation marks, spaces and trailing punctuation never decide a
  match; a discontinuous span counts all of its parts). A predicted content matches a gold
  content when their intersection holds at least half of the gold span's characters *and*
  at least half of the predicted span's. Matching is one-to-one, greedily by largest
  intersection. Each annotation file is scored as its own document (PolNeAR annotates some
  articles twice).
* **Direct and indirect separately, and together.** For "direct" only direct predictions are
  matched against direct gold contents, likewise for "indirect"; "all" matches everything
  against everything regardless of kind. A gold content is *direct* when every one of its
  parts is inside quotation marks: it opens with a mark or right after one, and closes with
  a mark or right before one (trailing punctuation aside). Any other gold content, including
  reported speech holding a partial quote, is *indirect*.
* **Speaker accuracy on matched quotes** (from the "all" matching; gold attributions
  without a source are left out). Our speaker is correct when our source phrase overlaps the
  gold Source span by at least one character, or when the in-article entity our source
  resolves to ("he" → Hillary Clinton) has a mention that overlaps the gold Source span.
  For textacy, its speaker tokens must overlap the gold Source span.
* **Recall by gold cue.** PolNeAR annotates every attribution relation, also stances and
  beliefs with noun or preposition cues ("criticism of", "in the poll"). As a diagnostic,
  recall is also given per class of the gold cue (speech verb, belief verb, other).
* **Partial quotes.** storyline reports a quoted phrase inside reported speech twice: as a
  direct quote and within the indirect quote of its clause ("said the plan was “a
  disaster”"). PolNeAR annotates that as one attribution, so the nested direct quote is
  scored as part of its clause, not as a prediction of its own.

Parsed documents are cached under ``.cache/quotes-eval/`` (keyed by model, components and
text), so repeated runs skip spaCy.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from storyline.eval.readers.polnear import GoldDocument, Span, read_split
from storyline.quotes.canonical import BUNDLE_CLASSES

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from storyline.people.article import ArticlePeople

log = logging.getLogger(__name__)

OVERLAP = 0.5
QUOTE_MARKS = "\"“”„«»'‘’"
_TRAILING = " \t\n.,;:!?)—–-"


@dataclass
class Item:
    """One quote, gold or predicted, reduced to what is scored."""

    chars: frozenset[int]
    kind: str
    speaker: list[Span] = field(default_factory=list)
    has_speaker: bool = True
    cue: str = ""
    # Gold: how the source is referred to ("named", "nominal", "pronoun"; see gold_source_ref).
    ref: str = ""
    # Predicted: whether the system named a speaker rather than leaving it "unresolved".
    resolved: bool = True


@dataclass
class Counts:
    """Matches, gold and predicted counts for one kind."""

    tp: int = 0
    gold: int = 0
    pred: int = 0

    def as_dict(self) -> dict[str, float | int]:
        p = self.tp / self.pred if self.pred else 0.0
        r = self.tp / self.gold if self.gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {"precision": p, "recall": r, "f1": f, "matched": self.tp, "gold": self.gold, "predicted": self.pred}


@dataclass
class SystemScore:
    """Content scores per kind and speaker accuracy of one system."""

    kinds: dict[str, Counts] = field(default_factory=lambda: {k: Counts() for k in ("direct", "indirect", "all")})
    speaker_correct: int = 0
    speaker_total: int = 0
    # Per gold source reference ("all" too): [correct among resolved, resolved, matched].
    speaker_by_ref: dict[str, list[int]] = field(default_factory=dict)
    # Recall by the gold cue's class (see gold_cue_class): (matched, gold).
    by_cue: dict[str, list[int]] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        acc = self.speaker_correct / self.speaker_total if self.speaker_total else 0.0
        return {
            **{k: c.as_dict() for k, c in self.kinds.items()},
            "speaker": {
                "accuracy": acc,
                "correct": self.speaker_correct,
                "matched": self.speaker_total,
                # Abstentions apart: accuracy on the resolved speakers and the share resolved.
                "by_ref": {
                    ref: {
                        "accuracy_resolved": right / resolved if resolved else 0.0,
                        "correct": right,
                        "resolved": resolved,
                        "resolved_share": resolved / matched if matched else 0.0,
                        "matched": matched,
                    }
                    for ref, (right, resolved, matched) in sorted(self.speaker_by_ref.items())
                },
            },
            "recall_by_cue": {k: {"recall": m / g if g else 0.0, "matched": m, "gold": g} for k, (m, g) in sorted(self.by_cue.items())},
        }


def alnum_chars(text: str, spans: Iterable[Span]) -> frozenset[int]:
    """Offsets of the alphanumeric characters inside ``spans``."""
    return frozenset(i for s, e in spans for i in range(max(0, s), min(e, len(text))) if text[i].isalnum())


def _quoted_part(text: str, start: int, end: int) -> bool:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1] in _TRAILING:
        end -= 1
    if end <= start:
        return False
    opens = text[start] in QUOTE_MARKS or text[:start].rstrip()[-1:] in tuple(QUOTE_MARKS)
    k = end
    while k < len(text) and text[k] in _TRAILING and text[k] != "\n":
        k += 1
    closes = text[end - 1] in QUOTE_MARKS or text[k : k + 1] in tuple(QUOTE_MARKS)
    return opens and closes


def gold_kind(text: str, content: Sequence[Span]) -> str:
    """"direct" when every part of a gold content is inside quotation marks, else "indirect"."""
    return "direct" if content and all(_quoted_part(text, s, e) for s, e in content) else "indirect"


def match(gold: Sequence[Item], pred: Sequence[Item]) -> list[tuple[int, int]]:
    """One-to-one matches (gold index, predicted index) with ≥ 50% overlap both ways."""
    pairs = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            inter = len(g.chars & p.chars)
            if inter and inter >= OVERLAP * len(g.chars) and inter >= OVERLAP * len(p.chars):
                pairs.append((inter, gi, pi))
    pairs.sort(key=lambda t: (-t[0], t[1], t[2]))
    used_g: set[int] = set()
    used_p: set[int] = set()
    out = []
    for _, gi, pi in pairs:
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            out.append((gi, pi))
    return out


def _overlaps(a: Sequence[Span], b: Sequence[Span]) -> bool:
    return any(s1 < e2 and s2 < e1 for s1, e1 in a for s2, e2 in b)


def score_document(gold: Sequence[Item], pred: Sequence[Item], into: SystemScore) -> None:
    """Add one document's matches to ``into``."""
    gold = [g for g in gold if g.chars]
    pred = [p for p in pred if p.chars]
    for kind in ("direct", "indirect"):
        g_k = [g for g in gold if g.kind == kind]
        p_k = [p for p in pred if p.kind == kind]
        c = into.kinds[kind]
        c.gold += len(g_k)
        c.pred += len(p_k)
        c.tp += len(match(g_k, p_k))
    c = into.kinds["all"]
    c.gold += len(gold)
    c.pred += len(pred)
    pairs = match(gold, pred)
    c.tp += len(pairs)
    matched = {gi for gi, _ in pairs}
    for gi, g in enumerate(gold):
        counts = into.by_cue.setdefault(g.cue or "unknown", [0, 0])
        counts[0] += gi in matched
        counts[1] += 1
    for gi, pi in pairs:
        if not gold[gi].has_speaker:
            continue
        into.speaker_total += 1
        right = _overlaps(pred[pi].speaker, gold[gi].speaker)
        into.speaker_correct += right
        for ref in ("all", gold[gi].ref or "unknown"):
            counts = into.speaker_by_ref.setdefault(ref, [0, 0, 0])
            counts[2] += 1
            if pred[pi].resolved:
                counts[1] += 1
                counts[0] += right


def gold_cue_class(doc: "Doc | None", cue: Sequence[Span]) -> str:
    """What kind of word a gold cue is, for the recall breakdown (a diagnostic only: it is
    never used to select what is scored).

    "speech verb": its last verb is in storyline's speech-verb lexicon, or it is "according
    to" or a colon; "belief verb": in the belief lexicon; "other": any other cue (nouns such
    as "criticism", prepositions, other verbs).
    """
    from storyline.quotes.cues import BELIEF_VERBS, SPEECH_VERBS

    if doc is None or not cue:
        return "unknown"
    span = doc.char_span(cue[0][0], cue[-1][1], alignment_mode="expand")
    if span is None:
        return "unknown"
    if span.text.strip() == ":" or span.text.lower().startswith("according"):
        return "speech verb"
    verbs = [t for t in span if t.pos_ in ("VERB", "AUX")]
    lemma = (verbs[-1].lemma_ if verbs else "").lower()
    return "speech verb" if lemma in SPEECH_VERBS else "belief verb" if lemma in BELIEF_VERBS else "other"


_PRONOUNS = frozenset("i we you he she it they me us him her them one this that these those who".split())


def gold_source_ref(doc: "Doc | None", source: Sequence[Span]) -> str:
    """How a gold source is referred to, from the parse of its first span (a breakdown only):
    "pronoun" ("she", "they"), "named" (its head is a proper noun or inside a named entity:
    "Clinton", "the Trump campaign"'s head aside), else "nominal" ("the senator", "a poll")."""
    if doc is None or not source:
        return "unknown"
    span = doc.char_span(source[0][0], source[0][1], alignment_mode="expand")
    if span is None or not len(span):
        return "unknown"
    root = span.root
    if root.tag_ in ("PRP", "WP") or root.lower_ in _PRONOUNS:
        return "pronoun"
    if root.pos_ == "PROPN" or root.ent_type_ in ("PERSON", "ORG", "GPE", "NORP"):
        return "named"
    return "nominal"


def gold_items(doc: GoldDocument, parsed: "Doc | None" = None) -> list[Item]:
    """The gold attributions of one document as scored items."""
    return [
        Item(
            alnum_chars(doc.text, a.content),
            gold_kind(doc.text, a.content),
            list(a.source),
            bool(a.source),
            gold_cue_class(parsed, a.cue),
            gold_source_ref(parsed, a.source),
        )
        for a in doc.attributions
    ]


# --- parsing with a cache -------------------------------------------------------------


def _components() -> tuple[str, ...]:
    from storyline.pipeline import get_stage
    from storyline.pipeline.nlp import BASE_COMPONENTS, component_closure

    return component_closure(BASE_COMPONENTS | get_stage("quotes").spacy_components)


def parse_all(texts: Sequence[str], cache_dir: Path | None) -> list["Doc"]:
    """spaCy Docs for ``texts``, read from or written to ``cache_dir`` when given."""
    from spacy.tokens import Doc

    from storyline.pipeline.nlp import MODEL, load_model

    components = _components()
    nlp = load_model(components)
    tag = hashlib.sha1(f"{MODEL}|{nlp.meta.get('version')}|{','.join(components)}".encode()).hexdigest()[:10]
    docs: list[Doc | None] = [None] * len(texts)
    paths: list[Path | None] = [None] * len(texts)
    todo = []
    for n, text in enumerate(texts):
        if cache_dir is not None:
            cached = cache_dir / f"{tag}-{hashlib.sha1(text.encode()).hexdigest()[:16]}.doc"
            paths[n] = cached
            if cached.is_file():
                docs[n] = Doc(nlp.vocab).from_bytes(cached.read_bytes())
                continue
        todo.append(n)
    if todo:
        if cache_dir is not None:
            cache_dir.mkdir(parents=True, exist_ok=True)
        for n, doc in zip(todo, nlp.pipe((texts[n] for n in todo), batch_size=16)):
            docs[n] = doc
            path = paths[n]
            if path is not None:
                path.write_bytes(doc.to_bytes(exclude=["user_data"]))
    return [d for d in docs if d is not None]


# --- the systems ------------------------------------------------------------------------


def stage_results(doc: "Doc", name: str) -> tuple["ArticlePeople", list[dict[str, Any]]]:
    """Run the clean, mentions, people and quotes stages on one parsed text, as ``analyze`` would.

    Returns:
        The article's groups (the people stage's output) and its attributions (the quotes stage's).
    """
    from storyline.models import Article
    from storyline.pipeline import ArticleDoc
    from storyline.pipeline.clean import clean
    from storyline.pipeline.mentions import mentions
    from storyline.pipeline.nlp import summarize
    from storyline.pipeline.people import people, people_of
    from storyline.pipeline.quotes import quotes_stage

    article = Article(id=name, text=doc.text, language="en")
    adoc = ArticleDoc(article)
    adoc.results["clean"] = clean([adoc])[0]
    nlp_result = summarize(doc, _components())
    nlp_result.blob = None  # the Doc is at hand; no need to keep its bytes
    adoc.results["nlp"] = nlp_result
    adoc.results["mentions"] = mentions([adoc])[0]
    adoc.results["people"] = people([adoc])[0]
    adoc._spacy_doc = doc
    result = quotes_stage([adoc])[0]
    return people_of(adoc), result.data["attributions"]


def storyline_items(doc: "Doc", name: str) -> dict[str, list[Item]]:
    """storyline's quotes of one parsed text as scored items.

    Returns:
        "storyline": the quotes the bundle shows (speech and belief attributions);
        "storyline+stance": every attribution found, stances ("endorsed Trump") included.
    """
    people, attributions = stage_results(doc, name)
    spans_of = {g.key: g.spans for g in people.groups}
    items: dict[str, list[Item]] = {"storyline": [], "storyline+stance": []}
    for att in attributions:
        speaker: list[Span] = []
        sp = att["speaker"]
        if sp is not None:
            speaker.append((sp["start"], sp["end"]))
            if sp["key"] is not None:
                speaker.extend(spans_of.get(sp["key"], []))
        if att.get("partial"):
            continue  # scored with the reported-speech clause that holds it (see the module doc)
        # Gold tells only direct from indirect: a stance attribution is reported, not quoted.
        kind = "direct" if att["kind"] == "direct" else "indirect"
        resolved = sp is not None and sp["type"] != "unresolved"
        item = Item(alnum_chars(doc.text, [tuple(p) for p in att["parts"]]), kind, speaker, resolved=resolved)
        items["storyline+stance"].append(item)
        if att["cls"] in BUNDLE_CLASSES:
            items["storyline"].append(item)
    return items


def textacy_items(doc: "Doc") -> list[Item]:
    """textacy's direct quotations of one Doc (none when textacy refuses the document)."""
    from textacy.extract.triples import direct_quotations

    items = []
    try:
        for triple in direct_quotations(doc):
            content = triple.content
            speaker = [(t.idx, t.idx + len(t.text)) for t in triple.speaker]
            items.append(Item(alnum_chars(doc.text, [(content.start_char, content.end_char)]), "direct", speaker))
    except ValueError as e:
        # textacy gives up on a document with an odd number of quotation marks.
        log.debug("textacy skipped a document: %s", e)
    return items


def run(
    data: str | Path,
    *,
    split: str = "dev",
    limit: int | None = None,
    textacy: bool = True,
    cache_dir: str | Path | None = ".cache/quotes-eval",
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, Any]:
    """Score storyline (and textacy) on one PolNeAR split.

    Args:
        data: the PolNeAR folder (with ``train/`` and ``dev/``).
        split: "train" (for development) or "dev" (for reporting).
        limit: read only the first N annotation files.
        textacy: also score textacy's ``direct_quotations``.
        cache_dir: where parsed Docs are cached; None disables the cache.
        progress: called with (done, total) after each document.

    Returns:
        Plain data: split, document and gold counts, and per system the content scores per
        kind and the speaker accuracy, plus seconds spent per system.
    """
    golds = list(read_split(data, split, limit))
    started = time.perf_counter()
    texts = sorted({g.text for g in golds})
    docs = dict(zip(texts, parse_all(texts, Path(cache_dir) if cache_dir else None)))
    parse_s = time.perf_counter() - started
    systems: dict[str, SystemScore] = {"storyline": SystemScore(), "storyline+stance": SystemScore()}
    seconds = {"storyline": 0.0}
    if textacy:
        systems["textacy"] = SystemScore()
        seconds["textacy"] = 0.0
    gold_kinds = {"direct": 0, "indirect": 0}
    for n, gold_doc in enumerate(golds):
        gold = gold_items(gold_doc, docs[gold_doc.text])
        for g in gold:
            gold_kinds[g.kind] += 1
        doc = docs[gold_doc.text]
        t0 = time.perf_counter()
        ours = storyline_items(doc, gold_doc.name)
        seconds["storyline"] += time.perf_counter() - t0
        for variant, items in ours.items():
            score_document(gold, items, systems[variant])
        if textacy:
            t0 = time.perf_counter()
            theirs = textacy_items(doc)
            seconds["textacy"] += time.perf_counter() - t0
            score_document(gold, theirs, systems["textacy"])
        if progress is not None:
            progress(n + 1, len(golds))
    return {
        "split": split,
        "documents": len(golds),
        "texts": len(texts),
        "gold": {**gold_kinds, "all": sum(gold_kinds.values())},
        "systems": {name: s.as_dict() for name, s in systems.items()},
        "seconds": {**seconds, "parse": parse_s},
    }
