"""Who is named in one article: mentions grouped into people, organisations and places.

This module is pure text work over an article's stored text and its ``mentions`` (the output
of the mentions stage); it needs no spaCy Doc, so the corpus-scope ``entities`` stage and the
article-scope ``quotes`` stage can both call it and get the same in-article grouping.

Within one article:

* a person's full name ("Antony J. Blinken") and later surname-only mentions ("Blinken",
  "Mr. Blinken") form one group; a surname shared by two full names in the article goes to the
  nearest full name mentioned before it;
* titles are read next to a name, before it ("Secretary of State Antony Blinken",
  "Hamas leader Yahya Sinwar") or as an appositive after it ("Blinken, the U.S. secretary of
  state,"), and kept as attributes with a lower-case *role* key ("secretary of state") that a
  nominal speaker ("the secretary of state said") can be matched against;
* gender is only recorded when the text states it (Mr./Ms., spokeswoman, king ...);
* organisations and places group by normalised name, with acronyms linked to the long form
  they abbreviate ("Israel Defense Forces" / "IDF", "United States" / "U.S.").

The name and title tests are in :mod:`storyline.people.names`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from storyline.people.names import (
    GENDERED_ROLES,
    HONORIFICS,
    NOT_TITLE,
    PERSON_NOUNS,
    ROLE_MODIFIERS,
    ROLE_WORDS,
    Title,
    acronym,
    appositive,
    fold,
    head_word,
    honorific_before,
    is_acronym_of,
    kind_after,
    name_key,
    org_key,
    role_key,
    split_person_name,
    title_after,
    title_before,
    title_before_comma,
)

EntityType = Literal["person", "organization", "place"]

# spaCy entity labels → our entity types. NORP ("Israeli") names a group adjective, not an entity.
TYPE_OF_LABEL: dict[str, EntityType] = {
    "PERSON": "person",
    "ORG": "organization",
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
}


@dataclass
class Group:
    """One entity as named in one article: every mention of it and what the text says about it."""

    type: EntityType
    key: str
    forms: Counter[str] = field(default_factory=Counter)
    spans: list[tuple[int, int]] = field(default_factory=list)
    titles: list[Title] = field(default_factory=list)
    gender: str | None = None
    first: str = ""
    last: str = ""
    kinds: set[str] = field(default_factory=set)
    places: int = 0

    @property
    def name(self) -> str:
        """The fullest form used in the article: the longest, then the most frequent."""
        if self.type == "person":
            pool = [f for f in self.forms if len(f.split()) >= 2] or list(self.forms)
        else:
            # A spelled-out name rather than its acronym.
            pool = [f for f in self.forms if not any(is_acronym_of(f, g) for g in self.forms if g != f)] or list(self.forms)
        return max(pool, key=lambda f: (self.forms[f], len(f), f))

    @property
    def full(self) -> bool:
        """Whether the person is named with a given name as well as a surname here."""
        return bool(self.first)

    @property
    def roles(self) -> set[str]:
        return {t.role for t in self.titles}

    def to_data(self) -> dict[str, Any]:
        """A JSON-able form that :meth:`from_data` turns back into an equal group.

        Forms are kept as [form, count] pairs and titles as [text, role, start], so that order
        and title offsets survive stores that reorder object keys (PostgreSQL's jsonb).
        """
        return {
            "type": self.type,
            "key": self.key,
            "forms": [[form, n] for form, n in self.forms.items()],
            "spans": [[s, e] for s, e in self.spans],
            "titles": [[t.text, t.role, t.start] for t in self.titles],
            "gender": self.gender,
            "first": self.first,
            "last": self.last,
            "kinds": sorted(self.kinds),
            "places": self.places,
        }

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Group:
        """The group that :meth:`to_data` described."""
        return cls(
            type=data["type"],
            key=data["key"],
            forms=Counter({form: n for form, n in data["forms"]}),
            spans=[(s, e) for s, e in data["spans"]],
            titles=[Title(text, role, start=start) for text, role, start in data["titles"]],
            gender=data["gender"],
            first=data["first"],
            last=data["last"],
            kinds=set(data["kinds"]),
            places=data["places"],
        )


@dataclass
class ArticlePeople:
    """The groups of one article and the group of each mention (by mention index)."""

    groups: list[Group]
    of_mention: dict[int, int]

    def group_at(self, start: int, end: int) -> Group | None:
        """The group with a mention overlapping the character span, if any."""
        for group in self.groups:
            for s, e in group.spans:
                if s < end and start < e:
                    return group
        return None

    def people(self) -> list[Group]:
        return [g for g in self.groups if g.type == "person"]

    def to_data(self) -> dict[str, Any]:
        """A JSON-able form (what the ``people`` stage stores); :meth:`from_data` reads it back."""
        return {
            "groups": [g.to_data() for g in self.groups],
            # Pairs rather than an object: JSON object keys are strings, mention indices are not.
            "of_mention": [[i, g] for i, g in self.of_mention.items()],
        }

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> ArticlePeople:
        """The article's groups as :meth:`to_data` stored them."""
        return cls([Group.from_data(g) for g in data["groups"]], {i: g for i, g in data["of_mention"]})


def _add_title(group: Group, title: Title | None) -> None:
    if title is not None and title.role not in group.roles:
        group.titles.append(title)
    if title is not None and group.gender is None:
        for word in title.role.split():
            if word in GENDERED_ROLES:
                group.gender = GENDERED_ROLES[word]


def article_people(text: str, mentions: Sequence[dict[str, Any]]) -> ArticlePeople:
    """Group an article's mentions into people, organisations and places.

    Args:
        text: the article's stored text (mention offsets point into it).
        mentions: the mentions stage's items ({text, name, label, start, end, sentence}),
            in text order.

    Returns:
        The groups in order of first mention, and each mention's group index.
    """
    groups: list[Group] = []
    of_mention: dict[int, int] = {}
    by_full: dict[tuple[str, str], int] = {}
    # surname → indices of full-name groups with that surname, in order of introduction
    by_surname: dict[str, list[int]] = {}
    by_name: dict[tuple[str, str], int] = {}
    singles: list[tuple[int, dict[str, Any], list[str], list[str]]] = []

    # Live-blog time stamps run into names ("19:50 - Union"): such a mention names nothing.
    mentions = [m for m in mentions if not m["name"][:1].isdigit()]
    places = {fold(m["name"]) for m in mentions if m.get("label") in ("GPE", "LOC", "FAC") or _place_context(text, m)}
    speaking = _speaking_surnames(text)
    mentions = [_extend_given_name(text, _relabel(text, m, places, speaking), mentions) for m in mentions]
    persons = [(i, m) for i, m in enumerate(mentions) if m.get("label") == "PERSON"]
    # Pass 1: full names, so that a surname before its full name still finds it.
    for i, m in persons:
        lead, words = split_person_name(m["name"])
        if len(words) < 2:
            singles.append((i, m, lead, words))
            continue
        full = name_key(words)
        gi = by_full.get(full)
        if gi is None:
            gi = len(groups)
            by_full[full] = gi
            by_surname.setdefault(full[1], []).append(gi)
            groups.append(Group("person", f"{full[0]} {full[1]}", first=full[0], last=full[1]))
        _attach_person(groups[gi], text, m, lead, words)
        of_mention[i] = gi
    # Pass 2: surname-only (or given-name-only) mentions.
    for i, m, lead, words in singles:
        surname = fold(words[0]) if words else ""
        candidates = by_surname.get(surname, [])
        if not candidates:
            # A given name alone ("Adam") for the one person of the article who has it.
            given = [gi for gi, g in enumerate(groups) if g.type == "person" and g.first == surname]
            candidates = given if len(given) == 1 else []
        gi = _nearest_before(groups, candidates, m["start"]) if candidates else None
        if gi is None:
            gi = by_name.get(("person", surname))
            if gi is None:
                gi = len(groups)
                by_name[("person", surname)] = gi
                groups.append(Group("person", surname, last=surname))
        _attach_person(groups[gi], text, m, lead, words)
        of_mention[i] = gi

    # Organisations and places. A one-word ORG/GPE that is the surname of a person named in
    # this article is that person, and so is the full name: the small model sometimes labels a
    # person ORG.
    person_names = {fold(f): gi for gi, g in enumerate(groups) for f in g.forms if len(f.split()) >= 2}
    # Spans of titles before names: "State" in "Secretary of State Antony Blinken" is no organisation.
    in_titles = [(t.start, s) for g in groups for t in g.titles for s, _ in g.spans if 0 <= t.start < s <= t.start + 90]
    for i, m in enumerate(mentions):
        etype = TYPE_OF_LABEL.get(m.get("label", ""))
        if etype is None or etype == "person":
            continue
        name = m["name"]
        if not any(c.isupper() for c in name) or any(a <= m["start"] and m["end"] <= b for a, b in in_titles):
            continue  # "state" in "the secretary of state said": a proper name is capitalised
        folded = fold(name)
        person = person_names.get(folded)
        if person is None and " " not in folded and folded in by_surname:
            person = by_surname[folded][-1]
        if person is None and etype == "organization":
            person = by_name.get(("person", folded))
        if person is not None:
            _attach_person(groups[person], text, m, [], name.split())
            of_mention[i] = person
            continue
        key = org_key(name)
        gi = by_name.get((etype, key))
        if gi is None:
            gi = len(groups)
            by_name[(etype, key)] = gi
            groups.append(Group(etype, key))
        groups[gi].forms[_with_dot(m, name)] += 1
        groups[gi].spans.append((m["start"], m["end"]))
        groups[gi].places += _place_context(text, m)
        kind = kind_after(text, m["end"])
        if kind:
            groups[gi].kinds.add(kind)
        of_mention[i] = gi

    _add_institutions(text, groups, by_name)
    _learn_genders(text, groups)
    _link_acronyms(groups, of_mention)
    order = sorted(range(len(groups)), key=lambda g: min(groups[g].spans) if groups[g].spans else (0, 0))
    remap = {old: new for new, old in enumerate(order)}
    return ArticlePeople([groups[g] for g in order], {i: remap[g] for i, g in of_mention.items() if g in remap})


def _attach_person(group: Group, text: str, m: dict[str, Any], lead: list[str], words: list[str]) -> None:
    form = " ".join(words)
    group.forms[form] += 1
    group.spans.append((m["start"], m["end"]))
    if lead:
        lead_text = " ".join(w for w in lead if w.lower() not in HONORIFICS)
        if lead_text:
            _add_title(group, Title(lead_text, role_key(lead_text)) if role_key(lead_text) else None)
        for w in lead:
            if w.lower() in HONORIFICS and HONORIFICS[w.lower()] and group.gender is None:
                group.gender = HONORIFICS[w.lower()]
    honorific = honorific_before(text, m["start"])
    if honorific and HONORIFICS.get(honorific) and group.gender is None:
        group.gender = HONORIFICS[honorific]
    if not honorific:
        _add_title(group, title_before(text, m["start"]) or title_before_comma(text, m["start"]))
    _add_title(group, title_after(text, m["end"]))


def _nearest_before(groups: list[Group], candidates: list[int], start: int) -> int | None:
    """The candidate group most recently mentioned before ``start`` (else the first one)."""
    best, best_pos = None, -1
    for gi in candidates:
        before = [s for s, _ in groups[gi].spans if s < start]
        if before and max(before) > best_pos:
            best, best_pos = gi, max(before)
    return best if best is not None else candidates[0]


def _link_acronyms(groups: list[Group], of_mention: dict[int, int]) -> None:
    """Fold an acronym group into the long-form group it abbreviates, and a bare head word
    into the one multi-word group that ends in it (same type only)."""
    initials: dict[tuple[str, str], list[int]] = {}
    heads: dict[tuple[str, str], list[int]] = {}
    for gj, g in enumerate(groups):
        if g.type != "person" and " " in g.key:
            initials.setdefault((g.type, acronym(g.name)), []).append(gj)
            heads.setdefault((g.type, head_word(g.key)), []).append(gj)
    moved: dict[int, int] = {}
    for gi, short in enumerate(groups):
        if short.type == "person" or " " in short.key:
            continue
        letters = short.name.replace(".", "").replace(" ", "")
        # "IDF" for "Israel Defense Forces"; "the Front" for "Highland Liberation Front" when
        # no other organisation here ends in "Front".
        cands = [gj for gj in initials.get((short.type, letters), []) if is_acronym_of(short.name, groups[gj].name)]
        if not cands:
            cands = heads.get((short.type, short.key), [])
            cands = cands if len(cands) == 1 else []
        if cands:
            long = groups[cands[0]]
            long.forms.update(short.forms)
            long.spans.extend(short.spans)
            short.spans = []
            moved[gi] = cands[0]
    for i, gk in list(of_mention.items()):
        if gk in moved:
            of_mention[i] = moved[gk]
    # Drop emptied groups (renumbered by the caller's ordering step).
    keep = [g for g in groups if g.spans]
    index = {id(g): n for n, g in enumerate(keep)}
    old = list(groups)
    groups[:] = keep
    for i, gk in list(of_mention.items()):
        target = old[gk]
        if id(target) in index:
            of_mention[i] = index[id(target)]
        else:
            del of_mention[i]


_ABBREVIATION = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]")


def _with_dot(m: dict[str, Any], name: str) -> str:
    """Give an abbreviation back the final dot that name normalisation strips ("U.S")."""
    return name + "." if _ABBREVIATION.fullmatch(name) and m.get("text", "").rstrip().endswith(".") else name


_PRONOUN = re.compile(r"\b(he|him|his|himself|she|her|hers|herself)\b", re.IGNORECASE)
_MALE = frozenset({"he", "him", "his", "himself"})


def _learn_genders(text: str, groups: list[Group]) -> None:
    """Gender of a person from the pronouns that follow their name, where the text doesn't state it.

    The first he/she/his/her after a mention, before the next person is named and within the
    paragraph, counts as one vote; a person gets a gender when the votes agree 2:1 or better.
    """
    spans = sorted((s, e, gi) for gi, g in enumerate(groups) if g.type == "person" for s, e in g.spans)
    votes: dict[int, list[int]] = {}
    for n, (s, e, gi) in enumerate(spans):
        stop = min(spans[n + 1][0] if n + 1 < len(spans) else len(text), e + 250)
        newline = text.find("\n", e, stop)
        if newline >= 0:
            stop = newline
        m = _PRONOUN.search(text, e, stop)
        if m is None:
            continue
        v = votes.setdefault(gi, [0, 0])
        v[0 if m.group(1).lower() in _MALE else 1] += 1
    for gi, (male, female) in votes.items():
        g = groups[gi]
        if g.gender is None and max(male, female) >= 2 * min(male, female) and male != female:
            g.gender = "m" if male > female else "f"


_AFTER_THE = re.compile(r"\b[Tt]he\s+(?:[A-Z][\w'’]*\s+)*$")


def _relabel(text: str, m: dict[str, Any], places: set[str], speaking: set[str]) -> dict[str, Any]:
    """Correct the label of a mention the text itself contradicts.

    A "person" described as a company ("Orva Hydro, the state company that runs the dam"),
    named after "the" ("The People's Banner") or named elsewhere in the article as a place is
    not a person; an "organisation" with a person's title, honorific or description next to it
    ("Opposition leader Lidia Mareck", "Dragan Hollis, a taxi driver"), or whose surname alone
    speaks elsewhere ("Pellar said"), is a person.
    """
    label = m.get("label")
    if label == "PERSON":
        after_the = _AFTER_THE.search(text[max(0, m["start"] - 30) : m["start"]])
        titled = after_the is not None and any(w.lower() in ROLE_WORDS for w in after_the.group().split())
        if kind_after(text, m["end"]) or m.get("text", "").lower().startswith("the ") or (after_the and not titled):
            return {**m, "label": "ORG"}
        if " " not in m["name"].strip() and fold(m["name"]) in places:
            return {**m, "label": "GPE"}
    if label in ("ORG", "GPE", "NORP") and len(m["name"].split()) >= 2:
        before = text[max(0, m["start"] - 40) : m["start"]].split()
        found = appositive(text, m["end"])
        surname = m["name"].split()[-1]
        if (
            surname in speaking
            or honorific_before(text, m["start"])
            or (before and (before[-1].lower() in ROLE_WORDS or before[-1].lower() in PERSON_NOUNS))
            or (found is not None and found[2] in PERSON_NOUNS | ROLE_WORDS)
            or title_before_comma(text, m["start"]) is not None
        ):
            return {**m, "label": "PERSON"}
    return m


_PLACE_BEFORE = re.compile(r"(?:\b(?:in|near|outside|from|into|towards?|around|across)\s+|(?:town|village|city|port|capital) of\s+)$")


def _place_context(text: str, m: dict[str, Any]) -> int:
    """1 when a one-word name stands where a place does: after "in", "near", "the town of" …,
    or as a dateline ("TARVIK, Marrovia, Jan 15 (MPA) -"); else 0."""
    name = m["name"]
    if " " in name.strip():
        return 0
    start = m["start"]
    if _PLACE_BEFORE.search(text[max(0, start - 20) : start]):
        return 1
    line_start = text.rfind("\n", 0, start) + 1
    return int(start == line_start and name.isupper() and text[m["end"] : m["end"] + 1] == ",")


# Institutions the entity recogniser leaves out because they are named by common nouns:
# "the health ministry", "Marrovia's emergency situations ministry", "the army".
_NOMINAL = re.compile(
    r"\b(?:[Tt]he|[A-Z][\w-]*['’]s)\s+((?:[A-Z][a-z]+\s+)?(?:(?!(?:in|of|for|at|on|to|and|by|with|from|new|old)\b)[a-z][\w-]*\s+){0,2}?"
    r"(ministry|department|agency|army|police|government|military|navy|parliament|cabinet|court|"
    r"commission|prosecutor's office|prosecutors' office))\b"
    r"(?!\s+(?:officers?|officials?|spokes\w+|chief|commanders?|statements?|headquarters|units?|stations?|sources?|officer))"
)
# Heads that name one institution even without a modifier, within one country's news.
_BARE_INSTITUTIONS = frozenset({"army", "government", "police", "military", "navy", "parliament", "cabinet"})


def _add_institutions(text: str, groups: list[Group], by_name: dict[tuple[str, str], int]) -> None:
    """Add organisations named by a common noun, or count them as mentions of a named one.

    "the Front" or "the ministry" joins the one organisation of the article with that head
    word; "the health ministry" forms its own group unless a named one has its key.
    """
    taken = sorted(sp for g in groups for sp in g.spans)
    for m in _NOMINAL.finditer(text):
        start, end = m.start(1), m.end(1)
        if any(s < end and start < e for s, e in taken):
            continue
        phrase, head = m.group(1), m.group(2)
        key = org_key(phrase)
        heads = [gi for gi, g in enumerate(groups) if g.type == "organization" and head_word(g.key) == head]
        gi = by_name.get(("organization", key))
        if gi is None and len(heads) == 1 and " " not in key:
            gi = heads[0]
        if gi is None:
            if " " not in key and key not in _BARE_INSTITUTIONS:
                continue  # "the ministry" with no ministry named: nothing to add
            gi = len(groups)
            by_name[("organization", key)] = gi
            groups.append(Group("organization", key))
        groups[gi].forms[phrase] += 1
        groups[gi].spans.append((start, end))


_GIVEN = re.compile(r"([A-Z][a-z]+(?:-[A-Z][a-z]+)?)\s+$")


def _extend_given_name(text: str, m: dict[str, Any], mentions: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Give a one-word PERSON mention back the given name the recogniser left out
    ("Teodor" in "Teodor Vanek said"): a capitalised word right before it that is no title,
    no sentence opener and no other mention."""
    if m.get("label") != "PERSON" or " " in m["name"].strip():
        return m
    g = _GIVEN.search(text[max(0, m["start"] - 25) : m["start"]])
    if g is None:
        return m
    word = g.group(1)
    low = word.lower()
    if low in NOT_TITLE or low in ROLE_WORDS or low in ROLE_MODIFIERS or low in HONORIFICS or low in PERSON_NOUNS:
        return m
    start = m["start"] - len(g.group(0))
    if any(o is not m and o["start"] <= start < o["end"] for o in mentions):
        return m
    return {**m, "start": start, "text": text[start : m["end"]], "name": f"{word} {m['name']}"}


_SPEAKING = re.compile(r"\b(?:Mr|Mrs|Ms|Miss)\.?\s+([A-Z][\w'’-]+)|(?<![\w,-] )\b([A-Z][\w'’-]+)\s+(?:said|says|told|added)\b")


def _speaking_surnames(text: str) -> set[str]:
    """Capitalised words used alone as a person's name: after Mr./Ms., or before "said" with no
    capitalised word before them ("Pellar said")."""
    return {m.group(1) or m.group(2) for m in _SPEAKING.finditer(text)}
