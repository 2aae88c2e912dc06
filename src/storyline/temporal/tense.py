"""The tense that governs a temporal expression, read from spaCy's tags and dependency parse.

"said Thursday" points back, "will meet Friday" forward: the verb an expression hangs from
decides which Thursday or which Oct. 7 is meant. We walk from the expression up the
dependency tree to its verb and read the verb's tag and auxiliaries.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

Tense = Literal["past", "present", "future"]

_FUTURE_AUX = frozenset({"will", "'ll", "shall", "wo", "ll"})
_MODAL_FORWARD = frozenset({"would", "could", "may", "might", "should", "must", "can", "ca", "'d", "need", "ought"})
# Stems of words whose to-infinitive complement lies ahead of them: "plans to meet Friday",
# "is scheduled to close Monday". Stems, because the shared pass runs no lemmatizer.
_FORWARD_STEMS = (
    "plan", "expect", "schedul", "hope", "intend", "want", "aim", "seek", "sought", "prepar", "vow", "promis",
    "threaten", "pledg", "set", "due", "going", "propos", "wish", "try", "tries", "agree", "decid", "ready", "likely",
    "able", "poised", "slate", "call", "urg", "ask", "need", "plot", "mov", "push", "promis", "order",
    "demand", "vow",
)  # fmt: skip


def _is_verb(tok: "Token") -> bool:
    # Only the tagger runs in the shared pass (no attribute_ruler), so read the fine tag, not pos_.
    return tok.tag_.startswith("VB") or tok.tag_ == "MD"


def _verb_tense(verb: "Token") -> Tense | None:
    """The tense of one verb from its tag and auxiliaries; None when it is not finite."""
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    aux_words = {a.lower_ for a in auxes}
    if aux_words & _FUTURE_AUX:
        return "future"
    if any(a.tag_ == "MD" for a in auxes):
        # "would have met" looks back; "could meet Friday" looks ahead.
        if "have" in aux_words and verb.tag_ == "VBN":
            return "past"
        if aux_words & {"could", "would"} and _negated(verb):
            # "could not be reached Wednesday", "would not comment Friday": news of a past attempt.
            return "past"
        return "future" if aux_words & (_MODAL_FORWARD | _FUTURE_AUX) else None
    if any(a.tag_ == "VBD" for a in auxes) or verb.tag_ == "VBD":
        return "past"
    if verb.tag_ == "VBN" and (not auxes or aux_words & {"has", "have", "'s", "'ve"}):
        # A bare participle ("statements made Friday", "announced Friday") reports the past.
        return "past"
    if verb.tag_ == "VBG" and "been" in aux_words and aux_words & {"has", "have", "'s", "'ve"}:
        return "past"  # "have been searching since the Oct. 23 attack"
    if verb.tag_ == "VBG" and aux_words & {"is", "are", "am", "'s", "'re"}:
        # The present progressive with a date is a plan: "is meeting Friday".
        return "future"
    if verb.tag_ in ("VBZ", "VBP") or any(a.tag_ in ("VBZ", "VBP") for a in auxes):
        return "present"
    return None


def _negated(verb: "Token") -> bool:
    """"could not …", or a subject under "neither" / "nobody" ("neither he nor she could be found")."""
    if any(c.dep_ == "neg" for c in verb.children):
        return True
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    return any(t.lower_ in ("neither", "nobody", "none", "no-one") for s in subjects for t in s.subtree)


_PLAN_STEMS = ("plan", "schedul", "slate", "resched")


def _plans_something(verb: "Token") -> bool:
    """A planning verb with its object ("planned a rally", "has scheduled a news conference")."""
    return verb.lower_.startswith(_PLAN_STEMS) and not _negated(verb) and any(c.dep_ == "dobj" for c in verb.children)

# Nouns whose "of …ing" complement lies ahead: "a chance of losing the seat in November".
_FORWARD_NOUN_STEMS = ("chance", "risk", "prospect", "possibilit", "likelihood", "odds", "threat", "danger", "hope", "plan")


def governing_tense(span: "Span") -> Tense | None:
    """The tense of the verb that ``span`` depends on, or of its sentence's main verb.

    Returns None when no finite verb is found (a headline fragment, a list item).
    """
    tok = span.root
    seen = 0
    while seen < 8:
        seen += 1
        if _is_verb(tok) and not (tok.i >= span.start and tok.i < span.end):
            tense = _verb_tense(tok)
            if tense == "past" and tok.i < span.start and _plans_something(tok):
                # "planned a rally on Saturday", "has scheduled a news conference Thursday": the day
                # of what was planned, which lies ahead of the planning.
                return "future"
            if tense is not None:
                return tense
            # An infinitive or participle: look at what it hangs from.
            if tok.tag_ == "VB" and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children):
                head = tok.head
                if head is not tok and head.lower_.startswith(_FORWARD_STEMS):
                    return "future"
                if head is not tok and head.lower_ in ("is", "are", "am", "'s", "'re"):
                    return "future"  # "is to resume trading Tuesday"
            if tok.tag_ == "VBG" and tok.dep_ == "pcomp" and tok.head.lower_ == "of" and tok.head.head.lower_.startswith(_FORWARD_NOUN_STEMS):
                return "future"
        if tok.head is tok:
            break
        tok = tok.head
    root = span.sent.root
    if _is_verb(root):
        return _verb_tense(root)
    return None


def governed_by_forward_verb(span: "Span") -> bool:
    """Whether the first verb above ``span`` looks ahead ("promised troops by Friday")."""
    tok = span.root
    for _ in range(8):
        if _is_verb(tok) and not (span.start <= tok.i < span.end):
            return tok.lower_.startswith(_FORWARD_STEMS)
        if tok.head is tok:
            return False
        tok = tok.head
    return False


def governed_by_past_perfect(span: "Span") -> bool:
    """Whether the first verb above ``span`` is in the past perfect ("had not named him")."""
    tok = span.root
    for _ in range(8):
        if _is_verb(tok) and not (span.start <= tok.i < span.end):
            return tok.tag_ == "VBN" and any(c.dep_ == "aux" and c.lower_ in ("had", "'d") for c in tok.children)
        if tok.head is tok:
            return False
        tok = tok.head
    return False
