"""Framing: the words that set each outlet apart, by log-odds ratios with an informative
Dirichlet prior (Monroe, Colaresi & Quinn 2008, "Fightin' Words", section 3.5), shown with counts."""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from typing import Any

from storyline.compare.scope import Span, duplicate_kinds, outlet_of, sort_outlets

_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]")


@lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    # spaCy's English stop list: function words carry no framing and would crowd out content words.
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)


def tokens(text: str, exclude: Sequence[Span] = ()) -> list[str]:
    """Lower-cased content words of ``text``, leaving out stop words and the ``exclude`` spans."""
    stop = _stop_words()
    spans = sorted(exclude)
    out = []
    j = 0
    for m in _WORD.finditer(text):
        while j < len(spans) and spans[j][1] <= m.start():
            j += 1
        if j < len(spans) and spans[j][0] < m.end() and m.start() < spans[j][1]:
            continue
        word = m.group().lower().replace("’", "'")
        if word.endswith("'s"):
            word = word[:-2]
        if word not in stop and len(word) > 1:
            out.append(word)
    return out


def log_odds(
    counts: Mapping[str, Counter[str]], *, prior_share: float = 0.1
) -> dict[str, dict[str, tuple[float, float]]]:
    """Log-odds ratio of each word in each group against all other groups, with an informative prior.

    Follows Monroe, Colaresi & Quinn (2008), eq. 22 with an informative Dirichlet prior: the prior
    for word w is ``alpha_w = alpha_0 * pi_w``, where ``pi_w`` is w's share of the pooled counts of all
    groups and ``alpha_0 = prior_share * n`` with n the pooled token count: the prior weighs as much as
    that share of the data, so it shrinks rare words the same way on a small story and a large one.
    For group i against the rest j::

        delta_w = log((y_iw + a_w) / (n_i + a_0 - y_iw - a_w)) - log((y_jw + a_w) / (n_j + a_0 - y_jw - a_w))
        var_w   = 1 / (y_iw + a_w) + 1 / (y_jw + a_w)

    Returns:
        ``{group: {word: (delta, z)}}`` with ``z = delta / sqrt(var)``, for words the group uses.
    """
    pooled: Counter[str] = Counter()
    for c in counts.values():
        pooled.update(c)
    n_pooled = sum(pooled.values())
    if not n_pooled:
        return {g: {} for g in counts}
    a0 = prior_share * n_pooled
    totals = {g: sum(c.values()) for g, c in counts.items()}
    out: dict[str, dict[str, tuple[float, float]]] = {}
    for group, c in counts.items():
        n_i = totals[group]
        n_j = n_pooled - n_i
        scores = {}
        for word, y_i in c.items():
            a_w = a0 * pooled[word] / n_pooled
            y_j = pooled[word] - y_i
            delta = math.log((y_i + a_w) / (n_i + a0 - y_i - a_w)) - math.log((y_j + a_w) / (n_j + a0 - y_j - a_w))
            var = 1.0 / (y_i + a_w) + 1.0 / (y_j + a_w)
            scores[word] = (delta, delta / math.sqrt(var))
        out[group] = scores
    return out


def framing(
    bundle: Mapping[str, Any],
    texts: Mapping[str, str],
    article_ids: Iterable[str],
    *,
    exclude: Mapping[str, Sequence[Span]] | None = None,
    top: int = 8,
    min_z: float = 1.96,
    prior_share: float = 0.1,
) -> dict[str, Any]:
    """The words that set each outlet's articles apart from the other outlets' on the same story.

    Each outlet's content words are compared with all other outlets' by :func:`log_odds`. Left out,
    because they are not the outlet's own word choice: verbatim copies of another outlet's article,
    direct quotes, and the ``exclude`` spans (typically named-entity mentions, so that names do not
    pass for framing). A word is listed for an outlet when its z-score is at least ``min_z`` (1.96:
    p < 0.05 two-sided) and the outlet used it at least twice.

    Returns:
        ``{outlets: [{outlet, tokens, articles, words: [{word, z, delta, count, others}]}],
        words: [{word, counts: {outlet: n}}], left_out: {copies: n, quotes: n},
        prior_share, min_z}``; ``words`` is the union of listed words with every outlet's count.
    """
    by_id = {a["id"]: a for a in bundle["articles"]}
    dupes = duplicate_kinds(bundle)
    scope = [aid for aid in dict.fromkeys(article_ids) if aid in by_id and aid in texts]
    quote_spans: dict[str, list[Span]] = defaultdict(list)
    for q in bundle["quotes"]:
        if q["kind"] == "direct" and q["article"] in texts:
            quote_spans[q["article"]].append((q["start"], q["end"]))
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    n_articles: Counter[str] = Counter()
    copies = 0
    for aid in scope:
        if aid in dupes and dupes[aid][1] == "copy":
            copies += 1
            continue
        spans = list(quote_spans.get(aid, ())) + list((exclude or {}).get(aid, ()))
        outlet = outlet_of(by_id[aid])
        counts[outlet].update(tokens(texts[aid], spans))
        n_articles[outlet] += 1

    scores = log_odds(counts, prior_share=prior_share) if len(counts) > 1 else {g: {} for g in counts}
    pooled: Counter[str] = Counter()
    for c in counts.values():
        pooled.update(c)
    outlets: list[dict[str, Any]] = []
    listed: dict[str, None] = {}
    for outlet in sort_outlets(Counter({o: sum(c.values()) for o, c in counts.items()})):
        ranked = sorted(
            ((w, d, z) for w, (d, z) in scores[outlet].items() if z >= min_z and counts[outlet][w] >= 2),
            key=lambda t: (-t[2], t[0]),
        )[:top]
        words: list[dict[str, Any]] = [
            {"word": w, "z": round(z, 2), "delta": round(d, 3), "count": counts[outlet][w], "others": pooled[w] - counts[outlet][w]}
            for w, d, z in ranked
        ]
        listed.update(dict.fromkeys(w["word"] for w in words))
        outlets.append({"outlet": outlet, "tokens": sum(counts[outlet].values()), "articles": n_articles[outlet], "words": words})
    table = [{"word": w, "counts": {o["outlet"]: counts[o["outlet"]][w] for o in outlets}} for w in listed]
    return {
        "outlets": outlets,
        "words": table,
        "left_out": {"copies": copies, "quotes": sum(len(quote_spans.get(aid, ())) for aid in scope)},
        "prior_share": prior_share,
        "min_z": min_z,
    }
