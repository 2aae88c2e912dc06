"""Canonical people, organisations and places across the whole corpus.

Each article's mentions are first grouped in the article (:mod:`storyline.people.article`:
full name + surname + titles); :func:`merge_corpus` then merges the groups across articles:

* people named in full merge on (given name, surname), ignoring middle initials and
  suffixes, so "Antony J. Blinken" = "Antony Blinken" and "Joe Biden" ≠ "Hunter Biden";
* a person named only by surname in an article ("Netanyahu") joins the one full-name
  entity with that surname. When several share it, the context decides: a matching title
  first ("Prime Minister Netanyahu"), then the full-name entity whose articles lie nearest
  in time (±14 days), then a clear majority of mentions. A conflicting title excludes a
  candidate. With no deciding evidence the surname stays an entity of its own rather than
  being merged into the wrong person;
* organisations and places merge on their normalised name, acronyms join the one long form
  they abbreviate ("IDF" → "Israel Defense Forces"), and a name labelled both ORG and GPE
  takes its majority type.

The merge gives the canonical entities and, per article, the entity id of each in-article
group, which the ``speakers`` stage uses to give quotes their canonical speaker.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from storyline.people.article import ArticlePeople, Group
from storyline.people.names import acronym, fold, head_word, is_acronym_of, org_key, role_head

# The bundle gives an entity's type as a spaCy entity label.
LABELS = {"person": "PERSON", "organization": "ORG", "place": "GPE"}
# How far apart (days) two articles may be and still speak of the same person by surname only.
TIME_WINDOW = 14
# A candidate wins on mentions alone only with this many times the mentions of the runner-up.
MAJORITY = 3


# The legal ending of a company's name.
_LEGAL_END = re.compile(r",?\s+(?:plc|inc|ltd|llc|corp|co|sa|ag|nv|se)\.?$", re.IGNORECASE)


@dataclass
class Entity:
    """A canonical entity while the corpus is being merged."""

    type: str
    key: str
    forms: Counter[str] = field(default_factory=Counter)
    counts: Counter[str] = field(default_factory=Counter)
    titles: dict[str, Counter[str]] = field(default_factory=dict)
    dates: list[date] = field(default_factory=list)
    last: str = ""
    id: str = ""
    kinds: set[str] = field(default_factory=set)
    places: int = 0
    gender_votes: Counter[str] = field(default_factory=Counter)

    @property
    def gender(self) -> str | None:
        """The gender most articles give the person, when they agree 2:1 or better."""
        male, female = self.gender_votes["m"], self.gender_votes["f"]
        if male == female or min(male, female) * 2 > max(male, female):
            return None
        return "m" if male > female else "f"

    def add(self, article_id: str, published: date | None, group: Group) -> None:
        self.forms.update(group.forms)
        self.counts[article_id] += len(group.spans)
        for title in group.titles:
            self.titles.setdefault(title.role, Counter())[title.text] += 1
        if published is not None:
            self.dates.append(published)
        if group.gender:
            self.gender_votes[group.gender] += 1
        self.kinds |= group.kinds
        self.places += group.places

    @property
    def name(self) -> str:
        pool = list(self.forms)
        if self.type == "person":
            pool = [f for f in pool if len(f.split()) >= 2] or pool
        else:
            # A company's name without its legal ending ("Vantor Plc" → "Vantor") when both are used.
            pool = [f for f in pool if not (_LEGAL_END.search(f) and _LEGAL_END.sub("", f) in self.forms)]
            # Prefer a spelled-out name over its acronym or its bare head word ("Front").
            spelled = [
                f for f in pool
                if not any(is_acronym_of(f, g) or (" " not in f.strip() and " " in g and org_key(f) == head_word(g)) for g in pool if g != f)
            ]
            pool = spelled or pool
            # A company's name without its legal ending ("Vantor Plc" → "Vantor") when both are used.
        return max(pool, key=lambda f: (self.forms[f], len(f), f))

    def as_item(self) -> dict[str, Any]:
        name = self.name
        aliases = sorted({f for f in self.forms if f != name}, key=lambda f: (-self.forms[f], f))
        titles = [max(c, key=lambda t: (c[t], t)) for _, c in sorted(self.titles.items(), key=lambda kv: -sum(kv[1].values()))]
        return {
            "id": self.id,
            "name": name,
            "type": LABELS[self.type],
            "aliases": aliases,
            "articles": sorted(self.counts),
            "titles": titles,
            "mentions": sum(self.counts.values()),
            "article_mentions": dict(sorted(self.counts.items())),
        }


def _near(dates: list[date], when: date | None) -> int:
    if when is None:
        return 0
    return sum(1 for d in dates if abs((d - when).days) <= TIME_WINDOW)


def _roles_match(a: Iterable[str], b: Iterable[str]) -> bool:
    heads_b = {role_head(r) for r in b}
    return any(r in b or role_head(r) in heads_b for r in a)


def choose_person(group: Group, when: date | None, candidates: list[Entity]) -> Entity | None:
    """Pick the full-name entity a surname-only group refers to, or None when context can't tell.

    Args:
        group: the surname-only group of one article.
        when: that article's publication date.
        candidates: full-name entities with the same surname.
    """
    roles = group.roles
    if roles:
        titled = [c for c in candidates if _roles_match(roles, c.titles)]
        if len(titled) == 1:
            return titled[0]
        # A candidate with other titles only is someone else.
        candidates = [c for c in candidates if not c.titles or _roles_match(roles, c.titles)]
    if group.gender:
        candidates = [c for c in candidates if c.gender in (None, group.gender)]
    if len(candidates) == 1:
        return candidates[0]
    if not candidates:
        return None
    near = sorted(candidates, key=lambda c: -_near(c.dates, when))
    if when is not None and _near(near[0].dates, when) > _near(near[1].dates, when):
        return near[0]
    ranked = sorted(candidates, key=lambda c: -sum(c.counts.values()))
    if sum(ranked[0].counts.values()) >= MAJORITY * sum(ranked[1].counts.values()):
        return ranked[0]
    return None


_SLUG = re.compile(r"[^a-z0-9]+")


def _slug(text: str) -> str:
    return _SLUG.sub("-", fold(text)).strip("-") or "x"


def merge_corpus(articles: Iterable[tuple[str, date | None, ArticlePeople]]) -> tuple[list[Entity], dict[str, dict[str, str]]]:
    """Merge per-article groups into canonical entities.

    Args:
        articles: (article id, publication date, the article's groups), in any order.

    Returns:
        The entities (with ids) and, per article, group key → entity id.
    """
    items = list(articles)
    entities: dict[tuple[str, str], Entity] = {}
    where: dict[tuple[str, str], tuple[str, str]] = {}  # (article, group key) → entity key

    def entity(etype: str, key: str) -> Entity:
        ent = entities.get((etype, key))
        if ent is None:
            ent = entities[(etype, key)] = Entity(etype, key)
        return ent

    # 1. People named in full.
    surnames: dict[str, list[Entity]] = defaultdict(list)
    for aid, when, people in items:
        for g in people.groups:
            if g.type == "person" and g.full:
                ent = entity("person", g.key)
                if not ent.last:
                    ent.last = g.last
                    surnames[g.last].append(ent)
                ent.add(aid, when, g)
                where[(aid, g.key)] = ("person", g.key)
    # 2. Surname-only people: join a full-name entity when the context allows.
    for aid, when, people in items:
        for g in people.groups:
            if g.type == "person" and not g.full:
                chosen = choose_person(g, when, surnames.get(g.last, []))
                ent = chosen if chosen is not None else entity("person", g.key)
                ent.last = ent.last or g.last
                ent.add(aid, when, g)
                where[(aid, g.key)] = (ent.type, ent.key)
    # 3. Organisations and places; a name seen as both takes its majority type.
    type_votes: dict[str, Counter[str]] = defaultdict(Counter)
    for _, _, people in items:
        for g in people.groups:
            if g.type != "person":
                type_votes[g.key][g.type] += len(g.spans)
    place_votes: Counter[str] = Counter()
    for _, _, people in items:
        for g in people.groups:
            if g.type != "person":
                place_votes[g.key] += g.places
    for aid, when, people in items:
        for g in people.groups:
            if g.type == "person":
                continue
            etype = type_votes[g.key].most_common(1)[0][0]
            # A name used as a place ("in Tarvik", datelines) is a place, whatever the model said.
            if place_votes[g.key] and 3 * place_votes[g.key] >= sum(type_votes[g.key].values()):
                etype = "place"
            entity(etype, g.key).add(aid, when, g)
            where[(aid, g.key)] = (etype, g.key)
    moved: dict[Key, Key] = {}
    _merge_acronyms(entities, moved)
    _merge_mislabelled_surnames(entities, moved, surnames)
    _merge_mislabelled_people(entities, moved)

    ordered = sorted(entities.values(), key=lambda e: (-sum(e.counts.values()), e.type, e.name))
    taken: set[str] = set()
    for ent in ordered:
        base = f"{ent.type}:{_slug(ent.name)}"
        ent.id, n = base, 2
        while ent.id in taken:
            ent.id, n = f"{base}-{n}", n + 1
        taken.add(ent.id)
    def final(key: Key) -> Key:
        while key not in entities and key in moved:
            key = moved[key]
        return key

    resolution: dict[str, dict[str, str]] = defaultdict(dict)
    for (aid, gkey), ekey in where.items():
        resolution[aid][gkey] = entities[final(ekey)].id
    return ordered, dict(resolution)


Key = tuple[str, str]


def _absorb(entities: dict[Key, Entity], moved: dict[Key, Key], src: Key, dst: Key) -> None:
    a, b = entities[dst], entities.pop(src)
    a.forms.update(b.forms)
    a.counts.update(b.counts)
    for role, c in b.titles.items():
        a.titles.setdefault(role, Counter()).update(c)
    a.dates.extend(b.dates)
    a.kinds |= b.kinds
    a.gender_votes.update(b.gender_votes)
    a.places += b.places
    # Record the move; merge_corpus follows these links once at the end (rewriting every
    # article's map on each merge would be quadratic).
    moved[src] = dst


def _merge_acronyms(entities: dict[Key, Entity], moved: dict[Key, Key]) -> None:
    """Join an acronym ("IDF") or a bare head word ("the Front") to the one long-form entity of
    the same type it stands for."""
    by_head: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
    by_initials: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
    for k, e in entities.items():
        if e.type != "person" and " " in k[1]:
            by_head[(e.type, head_word(k[1]))].append(k)
            for form in e.forms:
                if acronym(form):
                    by_initials[(e.type, acronym(form))].append(k)
    for key in list(entities):
        ent = entities.get(key)
        if ent is None or ent.type == "person":
            continue
        short = ent.name
        letters = short.replace(".", "").replace(" ", "")
        longs = sorted({k for k in by_initials.get((ent.type, letters), []) if k != key and k in entities and is_acronym_of(short, entities[k].name)})
        if not longs and " " not in key[1]:
            longs = [k for k in by_head.get((ent.type, key[1]), []) if k in entities]
        if len(longs) == 1:
            _absorb(entities, moved, key, longs[0])


def _merge_mislabelled_people(entities: dict[Key, Entity], moved: dict[Key, Key]) -> None:
    """A full name seen both as a person and as an organisation takes the type it has more often."""
    for key in list(entities):
        if key[0] != "person" or key not in entities:
            continue
        if " " not in key[1]:
            # A one-word "person" that the corpus knows as a place ("Brennick") is that place.
            place = entities.get(("place", key[1]))
            ent = entities[key]
            if place is not None and not ent.titles and ent.gender is None:
                _absorb(entities, moved, key, ("place", key[1]))
            continue
        for etype in ("organization", "place"):
            other = (etype, key[1])
            if other in entities:
                person, org = entities[key], entities[other]
                # Titles or a gender say person, an appositive ("a state company") says
                # organisation; otherwise the more frequent label wins.
                says_person = bool(person.titles) or (person.gender is not None and not org.kinds)
                if not says_person and (org.kinds or sum(org.counts.values()) > sum(person.counts.values())):
                    _absorb(entities, moved, key, other)
                    break
                _absorb(entities, moved, other, key)


def _merge_mislabelled_surnames(
    entities: dict[Key, Entity], moved: dict[Key, Key], surnames: dict[str, list[Entity]]
) -> None:
    """A one-word organisation/place that is mostly a known person's surname is that person."""
    for key in list(entities):
        ent = entities.get(key)
        if ent is None or ent.type == "person" or " " in key[1]:
            continue
        people = surnames.get(key[1], [])
        if len(people) != 1:
            continue
        person = people[0]
        as_surname = sum(n for f, n in person.forms.items() if fold(f) == key[1])
        if as_surname > sum(ent.counts.values()):
            _absorb(entities, moved, key, ("person", person.key))
