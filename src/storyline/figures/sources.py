"""Who reported a figure: the attribution of a numeric claim, found in its sentence's parse.

Used by the ``figures`` stage. In order: "according to X" (the nearest one in the sentence); the
subject of a reporting verb governing the claim ("…, the ministry said", "UN figures show"); the
agent of a passive report. A body of numbers stands for its owner ("the ministry's figures");
an unnamed spokesperson for the organisation the phrase names ("economists at Brennick
University"). When the quotes stage's resolver is available the phrase is resolved within the
article the way quote sources are ("he", "the colonel"), and a claim inside a quote without a
source of its own takes the quote's speaker.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from storyline.figures import lexicon as lex
from storyline.parsing import lemma as _lemma

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

_SUBJ = ("nsubj", "nsubjpass", "csubj", "csubjpass")
_PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i", "you", "who", "this", "that", "them", "him", "her", "its", "their"})
_NOMINAL = ("NOUN", "PROPN")


def _phrase_tokens(tok: "Token") -> list["Token"]:
    """The tokens of a source phrase headed by ``tok``, without appositions, relative clauses and
    leading determiners."""
    drop: set[int] = set()
    for child in tok.children:
        if child.dep_ in ("appos", "relcl", "acl", "cc", "conj", "advcl", "parataxis", "npadvmod", "advmod", "tmod") or (
            child.dep_ == "punct" and child.tag_ != "HYPH"
        ) or (
            child.dep_ == "prep" and child.lower_ not in ("of", "for", "in", "at")
        ):
            drop.update(t.i for t in child.subtree)
    toks = [t for t in tok.subtree if t.i not in drop]
    # Keep the contiguous run around the head.
    run = [t for t in toks if t.i >= tok.i and all(u.i in {x.i for x in toks} for u in tok.doc[tok.i : t.i + 1])]
    left = [t for t in toks if t.i < tok.i and all(u.i in {x.i for x in toks} for u in tok.doc[t.i : tok.i])]
    toks = left + run
    while toks and (toks[0].dep_ == "det" or toks[0].pos_ in ("DET", "PUNCT") or toks[0].lower_ in ("according", "to")):
        toks = toks[1:]
    while toks and toks[-1].pos_ == "PUNCT":
        toks = toks[:-1]
    return toks


def _data_source(noun: "Token") -> "Token":
    """"the health ministry's figures" → the ministry; "its latest figures" → "its" (resolved in the
    article); "WHO figures" → WHO; "figures from the UN" → the UN; else the noun."""
    for child in noun.children:
        if child.dep_ == "poss" and (child.pos_ in _NOMINAL or child.lower_ in ("its", "their")):
            return child
        if child.dep_ == "compound" and child.pos_ == "PROPN" and child.ent_type_ in ("ORG", "NORP", "PERSON"):
            return child
    for child in noun.children:
        if child.dep_ == "prep" and child.lower_ in ("from", "by", "of"):
            obj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if obj is not None and obj.pos_ in _NOMINAL and _lemma(obj) not in lex.DESCRIPTORS:
                return obj
    return noun


def _source_token(sent: "Span", anchor: "Token") -> "Token | None":
    """The head token of the claim's attribution, found in its sentence."""
    # "according to X": the nearest one in the sentence.
    best: Token | None = None
    for tok in sent:
        if tok.lower_ == "according" and tok.i + 1 < sent.end and tok.doc[tok.i + 1].lower_ == "to":
            obj = next((c for c in tok.doc[tok.i + 1].children if c.dep_ == "pobj"), None)
            if obj is not None and (best is None or abs(obj.i - anchor.i) < abs(best.i - anchor.i)):
                best = obj
    if best is not None:
        return _data_source(best) if _lemma(best) in lex.DATA_NOUNS else best
    # The subject of a reporting verb above the claim: "..., the ministry said", "UN figures show".
    # Reports nest ("The WHO said Mexico has reported 1,626 cases", "the agency said its labs have
    # confirmed 12,515 infections"): a place, a counted phrase or an instrument reports nothing to the
    # outlet, so the walk goes on up to the reporter who does.
    weak: Token | None = None
    came_from = anchor
    for head in anchor.ancestors:
        if head.pos_ in ("VERB", "AUX") and _lemma(head) in lex.REPORT_VERBS and came_from.dep_ not in _SUBJ:
            for child in head.children:
                if child.dep_ in ("nsubj", "nsubjpass") and child is not came_from and child.i != anchor.i:
                    if child.dep_ == "nsubjpass" or _not_a_reporter(child):
                        continue
                    found = _data_source(child) if _lemma(child) in lex.DATA_NOUNS else child
                    if _lemma(found) not in _INSTRUMENTS:
                        return found
                    weak = weak or found
                    break
                if child.dep_ == "agent":
                    obj = next((c for c in child.children if c.dep_ == "pobj"), None)
                    if obj is not None:
                        return obj
        came_from = head
    return weak if weak is not None else _estimate_owner(anchor)


# What a reporter uses rather than who reports: "tests showed", "its labs have confirmed".
_INSTRUMENTS = frozenset({"test", "lab", "laboratory", "sample", "screening", *lex.DATA_NOUNS})


def _not_a_reporter(tok: "Token") -> bool:
    """A subject of a verb of reporting that reports nothing to the outlet: a place ("the United States
    has reported 4,714 cases", "Turkey has confirmed its first two cases", whose figures the outlet or an
    agency tallies) or a counted phrase ("some 39 countries have reported 8,453 cases")."""
    if tok.ent_type_ in ("GPE", "LOC") and tok.pos_ == "PROPN":
        return True
    return any(c.dep_ == "nummod" for c in tok.children) or tok.like_num


# Nouns for a body of numbers that its owner stands behind: "BP's estimate of 5,000", "the UN's tally".
_ESTIMATES = frozenset({*lex.DATA_NOUNS, "estimate", "assessment", "calculation", "projection", "reckoning", "figures"})


def _estimate_owner(anchor: "Token") -> "Token | None":
    """The owner of the estimate a figure belongs to, when no verb of saying names a source.

    "well above BP's estimate of 5,000 bpd" → BP; "the group's estimate is a range from 12,000 …" →
    the group (the estimate is the subject of the copula the figure hangs on). Only an owner the phrase
    names by a possessive or "by"/"from" counts: "the estimate of 5,000" alone names no one.
    """
    for head in anchor.ancestors:
        nouns = [head] if head.pos_ in _NOMINAL else []
        if head.pos_ in ("AUX", "VERB") and _lemma(head) == "be":
            nouns = [c for c in head.children if c.dep_ == "nsubj" and c.pos_ in _NOMINAL]
        for noun in nouns:
            if _lemma(noun) not in _ESTIMATES:
                continue
            for child in noun.children:
                if child.dep_ == "poss" and child.pos_ in _NOMINAL:
                    return child
                if child.dep_ == "prep" and child.lower_ in ("by", "from"):
                    obj = next((c for c in child.children if c.dep_ == "pobj" and c.pos_ in _NOMINAL), None)
                    if obj is not None and not obj.like_num:
                        return obj
        if head.pos_ in ("VERB", "AUX") and _lemma(head) != "be":
            return None  # the figure's own clause ends here
    return None


def _speaker_name(speaker: Any) -> str | None:
    """A quote's speaker name: a string (bundle quotes) or the ``quotes`` stage's resolved speaker."""
    if isinstance(speaker, str):
        return speaker or None
    if isinstance(speaker, dict) and speaker.get("type") not in ("anonymous", "unresolved"):
        name = speaker.get("name") or speaker.get("text")
        return name if isinstance(name, str) and name else None
    return None


Resolver = Callable[[tuple[int, int]], Any]


def source_of(
    sent: "Span", anchor: "Token", start: int, end: int, quotes: Sequence[dict[str, Any]], resolver: Resolver | None
) -> tuple[str | None, dict[str, Any] | None]:
    """The claim's attribution as (name, resolved speaker or None).

    The phrase is found in the sentence; when the ``quotes`` stage ran, it is resolved within the
    article the way quote sources are ("he" → the person, "the colonel" → Tomas Mareck), and a claim
    inside a quote with no source of its own takes the quote's speaker. The corpus stage then names
    a resolved speaker by its canonical entity."""
    tok = _source_token(sent, anchor)
    holder = next((q for q in quotes if q.get("start", 0) <= start and end <= q.get("end", -1)), None)
    said = holder.get("speaker") if holder is not None else None
    fallback = (_speaker_name(said), said if isinstance(said, dict) else None)
    if tok is not None and tok.lower_ in ("which", "who", "that") and tok.head.dep_ == "relcl":
        tok = tok.head.head  # "the Civic Renewal Party, which puts the toll at 47"
    if tok is None or tok.like_num or tok.lower_ in ("dozens", "hundreds", "thousands", "millions"):
        return fallback
    if tok.lower_ in _PRONOUNS and resolver is None:
        return fallback
    org = _organisation_behind(tok)
    toks = _phrase_tokens(tok) if org is None else list(org)
    if not toks:
        return fallback
    if resolver is not None:
        sp = resolver((toks[0].i, toks[-1].i + 1))
        # A person, or an organisation that the phrase names or stands for ("it", "the Front"); not
        # the owner of an institution ("Marrovia's health ministry" is not Marrovia).
        named_in_phrase = sp is not None and fold_words(sp.name) & {t.lower_ for t in toks}
        if sp is not None and sp.key and (sp.type == "person" or (sp.type == "organization" and (named_in_phrase or tok.lower_ in _PRONOUNS))):
            return sp.name or sp.text, sp.as_json()
        if tok.lower_ in _PRONOUNS:
            return fallback
    text = _clean_source(tok.doc.text[toks[0].idx : toks[-1].idx + len(toks[-1].text)])
    if toks[0].is_sent_start and toks[0].pos_ != "PROPN" and text[:1].isupper():
        text = text[0].lower() + text[1:]  # "Organisers said" → "organisers", as anywhere else in a sentence
    return text, None


# People who speak for an organisation named in their phrase: "economists at Brennick University".
_SPOKESPEOPLE = frozenset({
    "official", "economist", "spokesman", "spokeswoman", "spokesperson", "researcher", "analyst", "expert",
    "scientist", "source", "representative", "statement", "report", "study", "figure", "data", "statistic",
})


def fold_words(name: str | None) -> set[str]:
    """The lower-cased words of a name."""
    return set((name or "").lower().split())


def _organisation_behind(tok: "Token") -> "Span | None":
    """The organisation an unnamed spokesperson speaks for, when the phrase names one."""
    if _lemma(tok) not in _SPOKESPEOPLE:
        return None
    for ent in tok.doc.ents:
        if ent.label_ == "ORG" and tok.left_edge.i <= ent.start and ent.end <= tok.right_edge.i + 1:
            return ent
    return None


def _clean_source(text: str) -> str:
    text = " ".join(text.split())
    text = re.sub(r"^(?:the|a|an)\s+", "", text, flags=re.IGNORECASE)
    text = re.sub(r"\s*['’]s?$", "", text)  # an owner named by a possessive: "the company's estimate"
    return text.strip(" ,.;:\"'“”")


# Wire agencies by the mark their copy carries: a dateline "(Reuters) -", "(AP) —", or a credit line.
_WIRES = (
    ("Reuters", re.compile(r"\((?:Reuters|REUTERS)\)")),
    ("Associated Press", re.compile(r"\((?:AP|The Associated Press)\)|Copyright \d{4} (?:The )?Associated Press|\(Associated Press\)")),
    ("AFP", re.compile(r"\((?:AFP|Agence France-Presse)\)")),
)


def wire_agency(text: str) -> str | None:
    """The wire agency whose copy an article is, when its dateline or credit line says so (else None).

    Decision 11 of docs/annotation.md: the unattributed figures of wire copy are the agency's, so the
    same wire figure in two outlets is one source, not two confirmations. The dateline is looked for
    in the article's opening, a credit line anywhere.
    """
    for name, mark in _WIRES:
        hit = mark.search(text)
        if hit is not None and (hit.start() < 600 or hit.group(0).startswith("Copyright")):
            return name
    return None
