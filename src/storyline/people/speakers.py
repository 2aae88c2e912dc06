"""Who a quote's source is: resolve a source noun phrase to a person, organisation or place
named in the same article, or type it as anonymous.

The source phrase comes from the parse (:mod:`storyline.quotes.cues`); the named
groups from :mod:`storyline.people.article`. Resolution, in order:

1. a phrase whose head is a name is that name's group ("Secretary of State Antony Blinken",
   "Blinken", also a surname the entity recogniser missed), and so is one with a named
   appositive ("the centre's director, Elsa Kovari"); an office, campaign, spokesperson,
   official or source of a named person or body speaks for it ("Lapid's office", "a Hamas
   spokesman", "NATO officials", "a spokesperson for the State Department", "his office"),
   and one of an institution named by a common noun speaks for that institution ("a health
   ministry official"); "the U.N. agency" is the body named before it, not the U.N.; an
   estimate, statement, report or remark speaks for whoever it names ("National Police
   estimates", "Mr. Braley's apology");
2. a pronoun goes on with the speaker of the statement before it (named or not: "A doctor
   said … He said …") when gender and number agree and no other fitting person has been the
   subject of a sentence since; else it goes back to an earlier name: "he"/"she" to a person
   whose gender, where the article states or implies it, fits, preferring one who was the
   subject of the current or one of the two previous sentences, else the most recently
   mentioned; the next candidates are kept, so that the ``speakers`` stage can skip one whose
   gender the corpus knows not to fit; "it" and "they" go to the nearest organisation; "I"
   and "you" with nobody to stand for stay unresolved;
3. a title ("the secretary of state") goes to the person of the article holding that role;
   a definite role or person noun with no holder ("the spokesperson", "the doctor") goes on
   with the source of that kind who spoke before; when the article names no such person the
   role is kept for the corpus-level lookup;
4. a definite company noun ("the oil major", "the firm") goes to the organisation named
   before, "the team" to the group or panel named before; a common noun for an institution
   ("the army", "the health ministry") goes to the nearest organisation of the article with
   that name, or with that head word when the noun is bare ("the Maltese government" never
   goes to another government); else its key is kept for the corpus-level lookup;
5. an unnamed source ("a source close to the group", "officials", "residents of the valley",
   "an Israeli official") is anonymous; a declared-unnamed source keeps its phrase, a group
   is called by its group words ("Tripoli residents" → "Tripoli residents", "some angry
   protesters in the square" → "angry protesters");
6. a proper name the entity recogniser missed ("Deputy Chief Constable Ana Ruiz") is a
   person after a title, else an organisation.

Anything else is kept as written and typed "unresolved".
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from storyline.people.article import ArticlePeople, Group
from storyline.people.names import GENDERED_ROLES, INSTITUTION_HEADS, ROLE_MODIFIERS, PERSON_NOUNS, ROLE_WORDS, fold, head_word, org_key, role_head, role_key

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

# Heads of an unnamed source: people who speak without being named.
ANONYMOUS_HEADS = PERSON_NOUNS
# Nouns through which a person or a body speaks.
PROXY_HEADS = frozenset({"office", "spokesman", "spokeswoman", "spokesperson", "campaign", "camp", "team", "representative", "statement", "aides"})
# Things that carry someone's words: "National Police estimates", "a count by the party".
DOCUMENT_HEADS = frozenset(
    """
    estimate estimates figure figures count tally data statement report memo draft study survey
    findings finding analysis assessment apology remarks comments testimony speech message warning
    poll records record document documents letter filing post tweet video footage release
    announcement website account accounts
    """.split()
)
# Quantifiers that head a phrase whose real head follows ("several of the residents").
_QUANTIFIERS = frozenset({"several", "some", "many", "most", "few", "all", "both", "one", "two", "three", "dozens", "hundreds", "thousands", "none"})
_WORD_GENDER = {"man": "m", "father": "m", "son": "m", "brother": "m", "husband": "m", "male": "m", "woman": "f", "mother": "f", "daughter": "f", "sister": "f", "wife": "f", "female": "f", "widow": "f"}
_PRONOUN_GENDER = {"he": "m", "him": "m", "she": "f", "her": "f"}
_GENDER_OF = {"he": "m", "him": "m", "his": "m", "himself": "m", "she": "f", "her": "f", "hers": "f", "herself": "f"}
# Heads of a person who speaks for a named organisation ("NATO officials", "a spokesperson
# for the State Department", "a BP spokesman"): the organisation is the speaker.
SPEAKS_FOR_HEADS = PROXY_HEADS | {"official", "officials", "source", "sources", "officer"}
# Common nouns that stand for a company named earlier in the article ("the oil major").
COMPANY_HEADS = frozenset({"company", "firm", "major", "giant", "group", "corporation", "conglomerate", "operator", "insurer", "lender", "carrier", "maker", "producer", "retailer"})
# Generic heads of a body that belongs to a named one ("the U.N. agency").
_MEMBER_HEADS = frozenset({"agency", "body"})
# Heads of a named working group spoken of by its kind ("the team").
_TEAM_HEADS = frozenset({"team", "panel"})
# How many sentences back a pronoun may go on with the previous statement's speaker.
PRONOUN_REACH = 2
# Pronouns that a plural speaker (a group or an organisation) may go on as.
_PLURAL_PRONOUNS = frozenset({"they", "them", "their"})
# Heads of a source the text keeps unnamed on purpose.
_UNNAMED_HEADS = frozenset({"source", "insider", "person"})
_INDEFINITE = frozenset({"a", "an", "some", "several", "many", "two", "three", "four", "other", "another", "one", "more", "most", "few", "no"})


@dataclass
class Speaker:
    """A quote's source as resolved within its article.

    Attributes:
        text: the source phrase as written ("he", "a source close to the group").
        start, end: its character span.
        type: "person", "organization", "place", "anonymous" or "unresolved".
        key: the in-article group key it resolves to (see people.Group.key), or None.
        name: the best name in the article, or the phrase itself.
        role: the role key of an unresolved title ("secretary of state"), for corpus lookup.
        proxy: the noun through which the group speaks ("office" in "Lapid's office").
        org: the organisation key of an unresolved institution ("health ministry"), for
            corpus lookup.
        gender: for "he"/"she", the gender the pronoun states.
        alternatives: for a pronoun, the keys of the next-best groups, for the speakers stage
            to choose from when the corpus knows that the first one's gender does not fit.
        spans: character spans of every mention of the resolved group (for evaluation).
    """

    text: str
    start: int
    end: int
    type: str
    key: str | None = None
    name: str = ""
    role: str | None = None
    proxy: str | None = None
    org: str | None = None
    spans: list[tuple[int, int]] = field(default_factory=list)
    gender: str | None = None
    alternatives: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "type": self.type,
            "key": self.key,
            "name": self.name,
            "role": self.role,
            "proxy": self.proxy,
            "org": self.org,
            "gender": self.gender,
            "alternatives": self.alternatives,
        }


class SpeakerResolver:
    """Resolves source phrases of one article, in text order (pronouns look back)."""

    def __init__(self, doc: "Doc", people: ArticlePeople, arrays: Any = None) -> None:
        self.doc = doc
        self.people = people
        # Genders learnt from "he"/"she" resolved to a person in this article.
        self.genders: dict[str, str] = {g.key: g.gender for g in people.groups if g.gender}
        self._surnames = {g.last: g for g in people.groups if g.type == "person" and g.last}
        # Every mention as (start, end, group), in text order, for "nearest before" look-ups,
        # with the surnames the entity recogniser missed ("Weil said").
        from spacy.symbols import PROPN

        from storyline.parsing import sentence_starts, token_arrays

        arrays = arrays if arrays is not None else token_arrays(doc)
        mentions = [(s, e, g) for g in people.groups for s, e in g.spans]
        covered = {s for s, _, _ in mentions}
        if self._surnames:
            for i, p in enumerate(arrays[:, 2].tolist()):
                if p == PROPN and int(arrays[i, 0]) not in covered:
                    tok = doc[i]
                    g = self._surnames.get(fold(tok.text))
                    if g is not None and self.people.group_at(tok.idx, tok.idx + len(tok.text)) is None:
                        mentions.append((tok.idx, tok.idx + len(tok.text), g))
        self.mentions = sorted(mentions, key=lambda m: m[0])
        self._sent_starts = sentence_starts(arrays)
        self._subjects: list[tuple[int, int, Group]] | None = None
        # Sources resolved so far: (start, sentence, speaker, plural, gender the phrase states,
        # whether a person speaks: "a spokesman for the agency" is one, the phrase's head lemma).
        self._said: list[tuple[int, int, Speaker, bool, str | None, bool, str]] = []
        self._by_key = {g.key: g for g in people.groups}

    def _sentence(self, token_i: int) -> int:
        return bisect.bisect_right(self._sent_starts, token_i) - 1

    def _named(self, tok: "Token") -> Group | None:
        group = self.people.group_at(tok.idx, tok.idx + len(tok.text))
        if group is None and tok.pos_ == "PROPN":
            # A surname the entity recogniser missed ("Kasza said").
            group = self._surnames.get(fold(tok.text))
        return group

    def _make(self, phrase: tuple[int, int, str], group: Group, proxy: str | None = None) -> Speaker:
        start, end, text = phrase
        stype = group.type if proxy is None else "organization"
        return Speaker(text, start, end, stype, group.key, group.name, proxy=proxy, spans=list(group.spans))

    def resolve(self, span: tuple[int, int]) -> Speaker:
        """Resolve the source phrase covering tokens [i, j) of the article's Doc.

        Every resolved source is remembered, so that a later "he" or "they" can go on with
        the speaker of the statement before it."""
        speaker = self._resolve(span)
        if speaker.type in ("person", "organization", "anonymous"):
            toks = self.doc[span[0] : span[1]]
            root = toks.root
            human = speaker.type != "organization" or (root.lemma_ or root.text).lower() in (PERSON_NOUNS | ROLE_WORDS)
            self._said.append((speaker.start, self._sentence(root.i), speaker, _number(root), _phrase_gender(toks), human, (root.lemma_ or root.text).lower()))
            self._said.sort(key=lambda x: x[0])
        return speaker

    def _resolve(self, span: tuple[int, int]) -> Speaker:
        doc = self.doc
        i, j = span
        toks = doc[i:j]
        head = toks.root
        if head.pos_ in ("VERB", "AUX"):
            # A source phrase that took in its verb ("Boehner said"): the verb's subject.
            subj = next((c for c in head.children if c.dep_ in ("nsubj", "nsubjpass") and i <= c.i < j), None)
            if subj is not None:
                head = subj
                toks = doc[subj.left_edge.i : subj.right_edge.i + 1]
        if head.lower_ in _QUANTIFIERS:
            # "Several of the residents", "Most people in the camp".
            inner = next((c for c in head.children if c.dep_ == "prep" and c.lower_ == "of"), None)
            inner = next((c for c in inner.children if c.dep_ == "pobj"), None) if inner is not None else None
            if inner is not None:
                head = inner
        start, end = toks.start_char, toks.end_char
        phrase = (start, end, toks.text)
        lemma = (head.lemma_ or head.text).lower()
        low = head.lower_

        # 1. a name: the head's own, an appositive's ("the centre's director, Elsa Kovari"), or
        # the name of whoever a spokesperson, office or campaign speaks for.
        group = self._named(head)
        if group is not None:
            return self._make(phrase, group)
        for child in head.children:
            if child.dep_ == "appos":
                group = self._named(child)
                if group is not None and group.type == "person":
                    return self._make(phrase, group)
        owner = next((c for c in head.children if c.dep_ in ("poss", "compound") and self._named(c) is not None), None)
        if owner is not None:
            group = self._named(owner)
            assert group is not None
            if lemma in PROXY_HEADS and group.type in ("person", "organization"):
                return self._make(phrase, group, proxy=lemma)
            if lemma in _MEMBER_HEADS and group.type == "organization" and head_word(group.key) != lemma and _definite(head):
                # "the U.N. agency": a body of the named one, named earlier in the article.
                member = self._nearest(start, lambda g: g.type == "organization" and g.key != group.key and lemma in (head_word(g.key), *g.kinds, "agency"))
                if member is not None:
                    return self._make(phrase, member)
            if lemma in (INSTITUTION_HEADS | SPEAKS_FOR_HEADS) and group.type == "organization":
                return self._make(phrase, group)
        if lemma in SPEAKS_FOR_HEADS:
            # "a spokesperson for the State Department", "officials at the agency".
            for prep in head.children:
                if prep.dep_ == "prep" and prep.lower_ in ("for", "at", "of", "from", "with"):
                    for obj in prep.children:
                        group = self._named(obj) if obj.dep_ == "pobj" else None
                        if group is not None and group.type == "organization":
                            return self._make(phrase, group)
        if lemma in DOCUMENT_HEADS:
            # Whose estimates or statement: a name inside the phrase ("National Police
            # estimates", "a count by the Civic Renewal Party").
            for t in toks:
                if t.i != head.i:
                    group = self._named(t)
                    if group is not None and group.type in ("person", "organization"):
                        return self._make(phrase, group)
            for prep in head.children:
                if prep.dep_ == "prep" and prep.lower_ in ("of", "by", "from"):
                    pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
                    proper = _proper_name(pobj) if pobj is not None else None
                    if proper is not None:
                        return Speaker(toks.text, start, end, proper[1], name=proper[0])
        poss = next((c for c in head.children if c.dep_ == "poss" and c.tag_ == "PRP$"), None)
        if poss is not None and lemma in PROXY_HEADS:
            # "his office": the office of the person "his" points to.
            ref = self._pronoun_group(poss)
            if ref is not None:
                return self._make(phrase, ref, proxy=lemma)

        # 2. pronouns.
        if head.tag_ == "PRP" or low in _PRONOUN_GENDER:
            return self._pronoun(head, phrase)

        det = next((c.lower_ for c in head.children if c.dep_ in ("det", "nummod", "amod") and c.lower_ in _INDEFINITE), None)
        plural = head.tag_ in ("NNS", "NNPS")
        definite = any(c.lower_ in ("the", "this", "that") or c.dep_ == "poss" for c in head.children if c.dep_ in ("det", "poss"))
        # 3. titles held by a person of the article ("the secretary of state").
        if lemma in ROLE_WORDS or low in ROLE_WORDS:
            if definite or det is None and not plural:
                person = self._by_role(toks.text, start)
                if person is not None:
                    return self._make(phrase, person)
        if definite and not plural and (lemma in ROLE_WORDS or lemma in ANONYMOUS_HEADS):
            # "the spokesperson", "the doctor": the one of that kind who spoke before.
            same = next((x[2] for x in reversed(self._said) if x[0] < start and x[6] == lemma), None)
            if same is not None:
                return Speaker(toks.text, start, end, same.type, same.key, same.name, proxy=same.proxy, org=same.org, spans=list(same.spans))
        if lemma in _TEAM_HEADS and definite:
            # "the team": the group or panel named before.
            org = self._nearest(start, lambda g: g.type == "organization" and head_word(g.key) in _TEAM_HEADS | {"group", "panel", "force", "commission", "committee"})
            if org is not None:
                return self._make(phrase, org)
        # 4. a company named earlier ("the oil major", "the firm"), and institutions ("the
        # army", "the health ministry").
        if lemma in COMPANY_HEADS and definite and head.pos_ == "NOUN":
            org = self._nearest(start, lambda g: g.type == "organization")
            if org is not None:
                return self._make(phrase, org)
        if lemma in INSTITUTION_HEADS and head.pos_ != "PROPN":
            return self._institution(phrase, head, _words_to(head))
        if lemma in SPEAKS_FOR_HEADS:
            # "a health ministry official", "a spokesman for the health authority": the
            # institution, named or not, speaks.
            body = next((c for c in head.children if c.dep_ == "compound" and c.lemma_.lower() in INSTITUTION_HEADS), None)
            if body is None:
                objs = [o for p in head.children if p.dep_ == "prep" and p.lower_ in ("for", "at", "of", "from") for o in p.children if o.dep_ == "pobj"]
                body = next((o for o in objs if o.lemma_.lower() in INSTITUTION_HEADS), None)
            if body is not None:
                return self._institution(phrase, body, doc[body.left_edge.i : body.right_edge.i + 1].text)
        # 5. unnamed people: "a source close to the group", "officials", "residents".
        if head.pos_ in ("NOUN", "PROPN") and (lemma in ANONYMOUS_HEADS or (lemma in ROLE_WORDS and not definite)):
            # A source the text keeps unnamed is shown as written ("a source close to the
            # group"); a group that is simply not named is called by its group ("residents").
            label = toks.text if lemma in _UNNAMED_HEADS else _group_words(head)
            return Speaker(toks.text, start, end, "anonymous", name=f"anonymous: {label}")
        if lemma in ROLE_WORDS or low in ROLE_WORDS:
            return Speaker(toks.text, start, end, "unresolved", name=toks.text, role=role_key(_strip_det(toks.text)) or lemma)
        if head.tag_ == "NNPS" or head.ent_type_ == "NORP" and head.tag_ in ("NNS", "NNPS"):
            # "The Valtians": a people spoken of as a group.
            return Speaker(toks.text, start, end, "anonymous", name=f"anonymous: {_group_words(head)}")
        proper = _proper_name(head)
        if proper is not None:
            return Speaker(toks.text, start, end, proper[1], name=proper[0])
        return Speaker(toks.text, start, end, "unresolved", name=toks.text)

    def _institution(self, phrase: tuple[int, int, str], head: "Token", words: str) -> Speaker:
        """An institution named by a common noun ("the health ministry"): the nearest
        organisation of the article with that name or head word, else the institution itself,
        its key kept for the corpus-level lookup."""
        lemma = (head.lemma_ or head.text).lower()
        key = org_key(_strip_det(words))
        # A bare head ("the ministry") may be any organisation with that head; a qualified one
        # ("the Maltese government") only one whose name has every word of it.
        bare = len(key.split()) <= 1

        def fits(g: Group) -> bool:
            if g.type != "organization":
                return False
            if g.key == key:
                return True
            return (head_word(g.key) == lemma or lemma in g.kinds) and (bare or set(key.split()) <= set(g.key.split()))

        org = self._nearest(phrase[0], fits)
        if org is not None:
            return self._make(phrase, org)
        start, end, text = phrase
        return Speaker(text, start, end, "organization", name=_institution_name(words), org=key)

    def _nearest(self, pos: int, fits: Any) -> Group | None:
        best = None
        for s, _, g in self.mentions:
            if s >= pos:
                break
            if fits(g):
                best = g
        return best

    def _by_role(self, phrase: str, pos: int) -> Group | None:
        wanted = role_key(_strip_det(phrase))
        if not wanted:
            return None
        head = role_head(wanted)

        def fits(g: Group) -> bool:
            return g.type == "person" and any(r == wanted or r.endswith(" " + wanted) or role_head(r) == head for r in g.roles)

        return self._nearest(pos, fits) or next((g for g in self.people.groups if fits(g)), None)

    def _ranked(self, pronoun: "Token") -> list[Group]:
        """The groups a pronoun may stand for, best first: for "he"/"she", persons of a
        compatible gender who were subjects in this or one of the two previous sentences
        (latest first), then the other compatible persons (most recently mentioned first);
        for "it"/"they", organisations (most recently mentioned first)."""
        low = pronoun.lower_
        gender = _GENDER_OF.get(low)
        if gender is not None:

            def fits(g: Group) -> bool:
                return g.type == "person" and self.genders.get(g.key, gender) == gender

            ranked = self._salient(pronoun, fits) + self._before(pronoun.idx, fits)
        elif low in ("it", "its", "they", "their", "we", "our"):
            ranked = self._before(pronoun.idx, lambda g: g.type == "organization")
        else:
            return []
        out: list[Group] = []
        for g in ranked:
            if g not in out:
                out.append(g)
        return out

    def _pronoun_group(self, pronoun: "Token") -> Group | None:
        ranked = self._ranked(pronoun)
        if ranked and pronoun.lower_ in _GENDER_OF:
            self.genders.setdefault(ranked[0].key, _GENDER_OF[pronoun.lower_])
        return ranked[0] if ranked else None

    def _previous_speaker(self, pronoun: "Token") -> Speaker | None:
        """The speaker of the statement just before ``pronoun`` when the pronoun can stand for
        it: "he"/"she" for one person (named or not) of a fitting gender, "they" for a group or
        an organisation; at most two sentences back, and only when no other fitting person has
        been the subject of a main clause since (then the discourse has moved on to that one)."""
        low = pronoun.lower_
        before = [x for x in self._said if x[0] < pronoun.idx]
        if not before:
            return None
        start, sent, speaker, plural, gender, human, _ = before[-1]
        here = self._sentence(pronoun.i)
        if here - sent > PRONOUN_REACH:
            return None
        wanted = _GENDER_OF.get(low)
        if wanted is not None:
            if plural or not human:
                return None
            known = self.genders.get(speaker.key) if speaker.key else gender
            if known not in (None, wanted):
                return None
            self._salient(pronoun, lambda g: True)  # builds self._subjects
            for s, sent_i, g in self._subjects or []:
                if sent < sent_i and s < pronoun.idx and g.key != speaker.key and g.type == "person" and self.genders.get(g.key, wanted) == wanted:
                    return None
        elif low in _PLURAL_PRONOUNS:
            if not (plural and speaker.type == "anonymous" or speaker.type == "organization"):
                return None
        else:
            return None
        return speaker

    def _pronoun(self, head: "Token", phrase: tuple[int, int, str]) -> Speaker:
        prev = self._previous_speaker(head)
        if prev is not None:
            start, end, text = phrase
            if prev.key is not None and prev.key in self._by_key:
                speaker = self._make(phrase, self._by_key[prev.key], proxy=prev.proxy)
                if head.lower_ in _GENDER_OF:
                    self.genders.setdefault(prev.key, _GENDER_OF[head.lower_])
                return speaker
            return Speaker(text, start, end, prev.type, name=prev.name, org=prev.org, role=prev.role)
        ranked = self._ranked(head)
        if ranked:
            if head.lower_ in _GENDER_OF:
                self.genders.setdefault(ranked[0].key, _GENDER_OF[head.lower_])
            speaker = self._make(phrase, ranked[0])
            # The corpus may know a gender this article does not state: keep the next
            # candidates for the speakers stage to choose from.
            speaker.gender = _GENDER_OF.get(head.lower_)
            speaker.alternatives = [g.key for g in ranked[1:4]]
            return speaker
        start, end, text = phrase
        return Speaker(text, start, end, "unresolved", name=text)

    def _before(self, pos: int, fits: Any) -> list[Group]:
        """Fitting groups mentioned before ``pos``, the most recent first."""
        return [g for s, _, g in reversed(self.mentions) if s < pos and fits(g)]

    def _salient(self, pronoun: "Token", fits: Any) -> list[Group]:
        """Fitting persons who were subjects in this or one of the two previous sentences, latest first."""
        if self._subjects is None:
            self._subjects = []
            for s, e, g in self.mentions:
                span = self.doc.char_span(s, e, alignment_mode="expand")
                if span is not None and span.root.dep_ in ("nsubj", "nsubjpass"):
                    self._subjects.append((s, self._sentence(span.root.i), g))
        sent = self._sentence(pronoun.i)
        found = [g for s, sent_i, g in self._subjects if s < pronoun.idx and sent - sent_i <= 2 and fits(g)]
        return found[::-1]


def _group_words(head: "Token") -> str:
    """How an unnamed group is called: its head with the common nouns and adjectives just
    before it, without determiners, numbers or what follows ("some angry protesters in the
    capital" → "angry protesters", "Valtian officials who asked not to be named" → "Valtian
    officials")."""
    words: list[str] = []
    for t in reversed(list(head.lefts)):
        if t.i != head.i - len(words) - 1 or t.dep_ not in ("compound", "amod") or t.pos_ not in ("NOUN", "ADJ", "PROPN"):
            break
        if t.lower_ in _QUANTIFIERS or t.lower_ in _INDEFINITE:
            break
        words.insert(0, t.text)
    return " ".join([*words, head.text])


def _proper_name(head: "Token") -> tuple[str, str] | None:
    """A name the entity recogniser missed ("Deputy Chief Constable Ana Ruiz", "Harbour Watch"):
    the capitalised words ending in the head, without the title words before them. A person
    when a title stood before the name, else an organisation; None when the head is no proper
    noun or the phrase is a plural group ("The Valtians")."""
    if head.pos_ != "PROPN" or head.tag_ == "NNPS" or head.ent_type_ in ("GPE", "LOC", "NORP", "DATE", "TIME"):
        return None
    words: list["Token"] = []
    for t in reversed(head.doc[head.left_edge.i : head.i]):
        if t.dep_ in ("det", "poss", "punct", "case") or not (t.text[:1].isupper() or t.like_num):
            break
        words.insert(0, t)
    titled = False
    while words and (words[0].lower_ in ROLE_WORDS or words[0].lower_ in ROLE_MODIFIERS):
        titled = True
        words.pop(0)
    if not titled and head.ent_type_ == "PERSON":
        titled = True
    name = " ".join([*(t.text for t in words), head.text])
    if not name[:1].isupper() and not name[:1].isdigit():
        return None
    return name, "person" if titled else "organization"


def _definite(head: "Token") -> bool:
    return any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in head.children)


def _number(head: "Token") -> bool:
    """Whether a source phrase names more than one ("residents", "Smith and Jones")."""
    return head.tag_ in ("NNS", "NNPS") or any(c.dep_ == "conj" for c in head.children)


def _phrase_gender(span: Any) -> str | None:
    """The gender a source phrase states through its words ("a female friend", "the father")."""
    for t in span:
        g = _WORD_GENDER.get(t.lower_) or GENDERED_ROLES.get(t.lower_)
        if g:
            return g
    return None


def _words_to(head: "Token") -> str:
    """The words of a noun phrase up to its head ("the emergency situations ministry")."""
    doc = head.doc
    start = head.left_edge.i
    return doc[start : head.i + 1].text


def _institution_name(words: str) -> str:
    """How an unnamed institution is called: without article or a possessive place
    ("Marrovia's health ministry" → "health ministry")."""
    name = _strip_det(words)
    parts = name.split()
    if len(parts) >= 3 and parts[0].endswith(("'s", "’s")):
        name = " ".join(parts[1:])
    return name


def _strip_det(text: str) -> str:
    words = text.split()
    while words and words[0].lower() in ("the", "a", "an", "its", "his", "her", "their"):
        words.pop(0)
    return " ".join(words)
