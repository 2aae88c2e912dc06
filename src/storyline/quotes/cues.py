"""Attribution cues read from the dependency parse: who says, and what is said.

A *cue* is the word that introduces reported words: a speech verb ("said", "told",
"tweeted", "warned"), the preposition "according to", or a verb before a colon. For each cue
this module finds, from spaCy's parse of the sentence:

* the source, the cue's grammatical subject ("Blinken said"), climbing through participles
  and coordination ("..., saying that"; "smiled and said"), past relative pronouns
  ("Blinken, who said") and "according to X";
* the content, the clause the cue governs: its clausal complement ("said [that the truce
  would hold]"), the rest of its sentence for "according to" and for a cue set inside what it
  introduces ("[The truce will hold], he said"), and a "that" clause the small parser hangs off
  a noun ("said in a statement [that …]").

The speech-verb lexicon is ours: lemmas of English verbs that report what someone said,
wrote or found, plus verbs of belief and intention, which news also uses to attribute a
position to someone ("Trump believes that …").
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from storyline.parsing import sentence_starts, token_arrays

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

# Verbs of saying and writing: the cue words of quotes and reported speech.
SPEECH_VERBS = frozenset(
    """
    say tell add state declare announce claim assert insist argue explain note observe remark
    comment reply respond answer write tweet post report confirm deny acknowledge admit concede
    warn caution predict suggest propose recommend urge demand ask question wonder complain
    lament allege accuse charge contend maintain reiterate repeat stress emphasize emphasise
    underline underscore highlight recall reveal disclose indicate signal hint testify promise
    pledge vow guarantee assure reassure boast brag joke quip retort counter rebut dispute mention
    describe dub label brand characterize characterise praise criticize criticise condemn slam
    blast decry thank apologize apologise concur agree disagree speculate estimate forecast
    conclude find show reveal discover learn cite quote summarize summarise inform notify advise
    instruct threaten plead beg request exclaim shout yell whisper mutter murmur sigh relay
    recount narrate clarify elaborate specify detail outline protest object proclaim decree rule
    determine judge assess reckon tout hail applaud welcome lambast mock ridicule dismiss reject
    refute contradict correct caution forewarn announce broadcast publish print blog text email
    telegraph preach lecture plead swear affirm aver avow attest certify acknowledge rule
    interject continue go on explain write call put
    """.split()
)

# Verbs of belief, knowledge and intention: they attribute a position, not words.
BELIEF_VERBS = frozenset(
    """
    believe think feel know expect hope fear worry suspect doubt guess assume consider imagine
    understand realize realise recognize recognise want plan intend seek wish trust presume
    suppose anticipate
    """.split()
)

# Verbs that take a stand on something named by their object ("endorsed Trump",
# "opposed the bill"): attributions of a position, not of words.
STANCE_VERBS = frozenset(
    """
    endorse support oppose back favor favour reject refuse decline defend blame thank
    congratulate applaud praise criticize criticise condemn denounce slam blast attack mock
    question dispute challenge deny welcome hail tout champion push advocate pursue insist
    """.split()
)

CUE_VERBS = SPEECH_VERBS | BELIEF_VERBS | STANCE_VERBS

# Prepositions whose object holds what a cue is about ("warned of", "called for", "insisted on").
CONTENT_PREPS = frozenset({"about", "on", "for", "of", "against", "over"})
# Verbs that give an estimate with "at" ("put the toll at 47", "estimated the crowd at 8,000").
ESTIMATE_VERBS = frozenset({"put", "estimate", "place", "peg"})
# Verbs whose "to" object is what they are about ("admitted to 31 deaths", "pointed to the memo");
# for others it is the addressee ("wrote to the minister").
TO_VERBS = frozenset({"admit", "respond", "reply", "object", "agree", "refer", "point", "testify", "confess"})

# Words that head a subject but are not a source ("it was reported that", "there is").
_EXPLETIVES = frozenset({"it", "there", "this", "that", "which", "what"})
_RELATIVE = frozenset({"who", "that", "which", "whom"})
_CLAUSE_DEPS = frozenset({"ccomp"})
_CLIMB_DEPS = frozenset({"xcomp", "advcl", "conj", "pcomp", "acl", "prep"})
_TRIM = set(" \t\n,;:.—–-")


@dataclass
class Cue:
    """One attribution cue with its source and content as found in the parse.

    Attributes:
        head: token index of the cue word ("said", "according").
        start, end: character span of the cue words.
        kind: "verb" (a speech or belief verb) or "according".
        lemma: the cue's lemma.
        cls: "speech" (words: a speech verb with a clause, "according to"), "belief" (a
            belief verb with a clause) or "stance" (a position on something named: a cue
            whose content is an object or an infinitive of intention).
        source: token span [i, j) of the source noun phrase, or None.
        content: character spans of the content (two when a cue sits inside it).
    """

    head: int
    start: int
    end: int
    kind: str
    lemma: str
    cls: str = "speech"
    source: tuple[int, int] | None = None
    content: list[tuple[int, int]] = field(default_factory=list)


def _lemma(tok: "Token") -> str:
    return (tok.lemma_ or tok.text).lower()


def is_cue_verb(tok: "Token") -> bool:
    """Whether a token is a speech or belief verb (by lemma and part of speech)."""
    return tok.pos_ in ("VERB", "AUX") and _lemma(tok) in CUE_VERBS and tok.dep_ != "amod"


def subject_of(verb: "Token") -> "Token | None":
    """The grammatical subject of a verb, climbing through participles, coordination and
    relative clauses; None for an expletive ("it was reported")."""
    tok: Token | None = verb
    for _ in range(4):
        if tok is None:
            return None
        subj = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is not None:
            if subj.lower_ in _RELATIVE and tok.dep_ == "relcl":
                return tok.head
            if subj.dep_ == "nsubjpass":
                agent = next((c for c in tok.children if c.dep_ == "agent"), None)
                pobj = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
                if pobj is not None:
                    return pobj
            if subj.lower_ in _EXPLETIVES:
                return None
            return subj
        if tok.dep_ in _CLIMB_DEPS and tok.head is not tok:
            tok = tok.head
            continue
        return None
    return None


def noun_phrase(tok: "Token") -> tuple[int, int]:
    """Token span of the noun phrase headed by ``tok``, cut before a comma, a relative clause
    or an appositive ("Blinken, the secretary of state, …" → "Blinken")."""
    start, end = tok.left_edge.i, tok.right_edge.i + 1
    doc = tok.doc
    for i in range(tok.i + 1, end):
        t = doc[i]
        if t.text in (",", "(", "—", "–", ";"):
            end = i
            break
        if t.dep_ in ("relcl", "appos", "acl") and t.head is tok:
            end = t.left_edge.i
            break
    for i in range(tok.i - 1, start - 1, -1):
        if doc[i].text in (",", "(", "—", "–", "-", ";", ":", '"', "“", "”") or doc[i].tag_ in ("``", "''"):
            start = i + 1
            break
    if tok.i < start or tok.i >= end:
        return tok.i, tok.i + 1
    return start, max(end, tok.i + 1)


def _char_span(doc: "Doc", text: str, i: int, j: int) -> tuple[int, int] | None:
    """Character span of tokens [i, j), without surrounding punctuation and spaces."""
    if j <= i:
        return None
    s, e = doc[i].idx, doc[j - 1].idx + len(doc[j - 1].text)
    while s < e and text[s] in _TRIM:
        s += 1
    while e > s and text[e - 1] in _TRIM:
        e -= 1
    return (s, e) if e > s else None


def _subtree_span(tok: "Token") -> tuple[int, int]:
    return tok.left_edge.i, tok.right_edge.i + 1


def range_minus(outer: tuple[int, int], inner: tuple[int, int]) -> list[tuple[int, int]]:
    """Token range ``outer`` with ``inner`` cut out: zero, one or two ranges."""
    parts = []
    if inner[0] > outer[0]:
        parts.append((outer[0], min(inner[0], outer[1])))
    if inner[1] < outer[1]:
        parts.append((max(inner[1], outer[0]), outer[1]))
    return [p for p in parts if p[1] > p[0]]


def _chars(doc: "Doc", text: str, ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out = []
    for i, j in ranges:
        span = _char_span(doc, text, i, j)
        if span is not None and any(c.isalnum() for c in text[span[0] : span[1]]):
            out.append(span)
    return out


def _cue_extent(tok: "Token") -> tuple[int, int]:
    """The cue words: the verb with its particles, auxiliaries and negation ("has said", "pointed out")."""
    parts = [tok] + [c for c in tok.children if c.dep_ in ("prt", "aux", "auxpass", "neg") and abs(c.i - tok.i) <= 3]
    return min(t.idx for t in parts), max(t.idx + len(t.text) for t in parts)


def _verb_content(verb: "Token", sent: "Span") -> tuple[list[tuple[int, int]], str]:
    """Token ranges of what a cue verb introduces, and how: "clause" or "object"."""
    comp = next((c for c in verb.children if c.dep_ in _CLAUSE_DEPS), None)
    if comp is not None:
        span = _subtree_span(comp)
        # A clause that wraps around the cue ("X, he said, Y") loses the cue's own words.
        cue_part = (verb.i, verb.i + 1)
        subj = subject_of(verb)
        if subj is not None and span[0] <= subj.i < span[1]:
            cue_part = (min(subj.left_edge.i, verb.i), verb.i + 1)
        if span[0] <= verb.i < span[1]:
            return range_minus(span, cue_part), "clause"
        if span[0] > verb.i:
            # Clauses the parser hung off the cue after its complement belong to what is
            # said ("said he would serve [should the opportunity arise]", "said that … and
            # that …"), except a participle that starts a new report (", adding that …").
            for c in verb.children:
                if c.i >= span[1] and c.dep_ in ("advcl", "conj", "ccomp") and c.tag_ != "VBG" and not is_cue_verb(c):
                    span = (span[0], max(span[1], c.right_edge.i + 1))
        return [span], "clause"
    # "X, he said" parsed with the cue hanging off X's verb as parataxis.
    if verb.dep_ == "parataxis" and verb.head is not verb:
        return range_minus(_subtree_span(verb.head), _subtree_span(verb)), "clause"
    # "said in a statement that …": the small model attaches the clause to the noun.
    for tok in verb.subtree:
        if tok.lower_ == "that" and tok.dep_ == "mark" and tok.i > verb.i and tok.head.dep_ in ("acl", "relcl", "ccomp"):
            clause = tok.head
            if clause.i > tok.i:
                return [(tok.i, clause.right_edge.i + 1)], "clause"
    # "X said: Y" with Y parsed loosely after the colon.
    for tok in sent:
        if tok.i > verb.i and tok.text == ":" and tok.head is verb:
            end = sent.end
            return ([(tok.i + 1, end)] if end > tok.i + 1 else []), "clause"
    # "vowed to fight", "urged the party to move on".
    xcomp = next((c for c in verb.children if c.dep_ == "xcomp" and c.i > verb.i), None)
    if xcomp is not None:
        return [_subtree_span(xcomp)], "infinitive"
    # "put the crowd at about 8,000": an estimate ("at" may hang off the object's subtree).
    if _lemma(verb) in ESTIMATE_VERBS:
        dobj = next((c for c in verb.children if c.dep_ == "dobj"), None)
        at = next((c for c in verb.children if c.dep_ == "prep" and c.lower_ == "at"), None)
        if at is None and dobj is not None:
            at = next((t for t in dobj.subtree if t.lower_ == "at" and any(g.like_num for g in t.subtree)), None)
        if at is not None and dobj is not None:
            return [(min(dobj.left_edge.i, at.i), max(dobj.right_edge.i, at.right_edge.i) + 1)], "estimate"
        if _lemma(verb) == "put":
            return [], "none"
    # "praised her effort", "called the plan a disaster", "described it as a farce".
    dobj = next((c for c in verb.children if c.dep_ in ("dobj", "attr") and c.i > verb.i), None)
    if dobj is not None and dobj.pos_ != "PRON":
        end = dobj.right_edge.i + 1
        for c in verb.children:
            if c.i >= end and (c.dep_ in ("oprd", "xcomp") or (c.dep_ == "prep" and c.lower_ == "as")):
                end = c.right_edge.i + 1
        return [(dobj.left_edge.i, end)], "object"
    # "warned of the implications", "called for higher rates".
    for c in verb.children:
        if c.dep_ == "prep" and (c.lower_ in CONTENT_PREPS or c.lower_ == "to" and _lemma(verb) in TO_VERBS) and c.i > verb.i:
            pobj = next((g for g in c.children if g.dep_ in ("pobj", "pcomp")), None)
            if pobj is not None:
                return [_subtree_span(pobj)], "object"
    return [], "none"


def _according(tok: "Token", sent: "Span", text: str) -> Cue | None:
    """"according to X, Y" and "Y, according to X"."""
    to = next((c for c in tok.children if c.lower_ == "to"), None)
    if to is None:
        return None
    pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
    phrase = _subtree_span(tok)
    content = range_minus((sent.start, sent.end), phrase)
    return Cue(
        head=tok.i,
        start=tok.idx,
        end=to.idx + len(to.text),
        kind="according",
        lemma="according to",
        source=noun_phrase(pobj) if pobj is not None else None,
        content=_chars(tok.doc, text, content),
    )


def _inverted_subject(verb: "Token") -> "Token | None":
    """The source after the verb in '“…,” said Lena Voss, whose son …' when the parser missed it:
    the noun phrase right after a cue that follows a comma or a closing quotation mark."""
    doc = verb.doc
    if verb.i == 0 or verb.i + 1 >= len(doc):
        return None
    before = doc[verb.i - 1]
    if not (before.is_punct or before.tag_ == "''"):
        return None
    tok = doc[verb.i + 1]
    if tok.pos_ == "DET" and tok.i + 1 < len(doc):
        tok = doc[tok.i + 1]
    if tok.pos_ not in ("PROPN", "NOUN"):
        return None
    # Walk along the compound ("Lena" → "Voss") to the phrase's head.
    while tok.dep_ == "compound" and tok.head.i > tok.i and tok.head.i - tok.i <= 3:
        tok = tok.head
    return tok


def _classify(lemma: str, how: str) -> str:
    """speech, belief or stance, from the verb and the shape of its content.

    A clause reports words ("said that …", "denied that …") or a belief ("believes that …");
    so do a speech verb's infinitive ("urged them to …", "vowed to …"), an estimate ("put the
    toll at 47") and an admission ("admitted to 31 deaths"). An object or an infinitive of
    intention takes a stand on something ("praised the effort", "called for talks", "wants
    to …"): a stance, not a quote.
    """
    if how in ("clause", "none", "estimate") or (how == "infinitive" and lemma in SPEECH_VERBS) or lemma in ("admit", "confess"):
        if lemma in SPEECH_VERBS or lemma in STANCE_VERBS:
            return "speech"
        if lemma in BELIEF_VERBS:
            return "belief"
    return "stance"


def find_cues(doc: "Doc", text: str | None = None, arrays: Any = None) -> list[Cue]:
    """Every attribution cue in a parsed document, in text order.

    Args:
        doc: the parsed document.
        text: its text when the caller has it (spaCy rebuilds ``doc.text`` on each access).
        arrays: :func:`token_arrays` of the Doc, when the caller has them.
    """
    from spacy.symbols import AUX, VERB

    text = text if text is not None else doc.text
    arrays = arrays if arrays is not None else token_arrays(doc)
    strings = doc.vocab.strings
    cue_lemmas = {strings.add(lemma) for lemma in CUE_VERBS}
    according = strings.add("according")
    starts = sentence_starts(arrays)
    pos, lemmas = arrays[:, 2].tolist(), arrays[:, 3].tolist()
    cues: list[Cue] = []
    for i, (p, lemma_hash) in enumerate(zip(pos, lemmas)):
        # Only candidates become Token objects: verbs of the lexicon and "according".
        if not ((p in (VERB, AUX) and lemma_hash in cue_lemmas) or lemma_hash == according or text[int(arrays[i, 0]) : int(arrays[i, 0]) + 9].lower() == "according"):
            continue
        tok = doc[i]
        k = bisect.bisect_right(starts, i) - 1
        sent = doc[starts[k] : starts[k + 1] if k + 1 < len(starts) else len(doc)]
        if tok.lower_ == "according":
            if tok.dep_ in ("prep", "advcl", "advmod"):
                cue = _according(tok, sent, text)
                if cue is not None:
                    cues.append(cue)
            continue
        if not is_cue_verb(tok):
            continue
        subj = subject_of(tok) or _inverted_subject(tok)
        start, end = _cue_extent(tok)
        lemma = _lemma(tok)
        ranges, how = _verb_content(tok, sent)
        if lemma == "put" and not ranges:
            continue  # "put" reports only an estimate ("put the toll at 47")
        cues.append(
            Cue(
                head=tok.i,
                start=start,
                end=end,
                kind="verb",
                lemma=lemma,
                cls=_classify(lemma, how),
                source=noun_phrase(subj) if subj is not None else None,
                content=_chars(doc, text, ranges),
            )
        )
    return cues
