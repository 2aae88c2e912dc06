"""Canonical quotes: a stored attribution with its speaker named by the corpus's entities.

For each attribution the resolved in-article group is looked up in the entities merge's
per-article map, and the speaker is named by the entity's canonical name. A title no person in
the article holds ("the secretary of state") is looked up in the whole corpus: the person
entity with that role, mentioned nearest in time to the article. Anonymous sources keep their
phrase, prefixed "anonymous: ".

Quote items (:func:`canonical_quote`): ``speaker`` (canonical name, "anonymous: …", the phrase
as written when unresolved, or null), ``text``, ``kind``, ``start``/``end`` (the content's
offsets; ``parts`` when a quote is split around its cue), plus ``speaker_type``,
``speaker_text`` (the source as written), ``speaker_entity`` (the entity id) and ``cue``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from storyline.people.names import head_word, org_key, role_head, role_key

# Attribution classes shown as quotes: words, beliefs and stances ("endorsed Trump", "Trump's
# criticism of the deal"); a stance has ``kind: "stance"`` so that users can filter it.
BUNDLE_CLASSES = frozenset({"speech", "belief", "stance"})
# A quote's content that is a person's office or campaign rather than the person.
_BODY_PROXIES = frozenset({"office", "campaign", "camp", "team"})
# Entity labels → speaker types.
_SPEAKER_TYPES = {"PERSON": "person", "ORG": "organization", "GPE": "place"}
# Roles whose holder has an office of that name ("Office of the Prime Minister").
_OFFICE_ROLES = frozenset({"president", "minister", "premier", "chancellor", "governor", "mayor", "secretary"})
# How far (days) from the article a role holder found elsewhere in the corpus may be.
ROLE_WINDOW = 60


def _role_holder(role: str, when: date | None, index: dict[str, Any]) -> str | None:
    """The person entity holding ``role`` nearest in time to ``when``, or None."""
    head = role_head(role)
    best: tuple[int, str] | None = None
    for eid, info in index.items():
        if not eid.startswith("person:"):
            continue
        roles = info.get("roles", [])
        if not any(r == role or r.endswith(" " + role) or role_head(r) == head for r in roles):
            continue
        dates = [date.fromisoformat(d) for d in info.get("dates", [])]
        gap = min((abs((d - when).days) for d in dates), default=ROLE_WINDOW + 1) if when else 0
        if gap > ROLE_WINDOW:
            continue
        if best is None or gap < best[0]:
            best = (gap, eid)
    return best[1] if best else None


def _office_name(person: str, proxy: str, titles: list[str]) -> str:
    """The name of a person's office or campaign: "Office of the Prime Minister" when the person
    holds a title that names an office, else "Yair Lapid's office"."""
    if proxy == "office" and titles:
        role = role_key(titles[0])
        if role and role_head(role) in _OFFICE_ROLES:
            return "Office of the " + " ".join(w.capitalize() if w not in ("of", "the", "for") else w for w in role.split())
    return f"{person}'s {proxy}"


def org_lookup(entities: dict[str, dict[str, Any]], index: dict[str, Any]) -> dict[str, str]:
    """Organisation key → entity id, for institutions named by a common noun in an article
    ("the health ministry", "the army"): by full key, and by head word where only one
    organisation of the corpus has it."""
    out: dict[str, str] = {}
    heads: dict[str, list[str]] = {}
    for eid, info in index.items():
        ent = entities.get(eid)
        if ent is None or ent["type"] != "ORG":
            continue
        keys = {info.get("key", "")} | {org_key(a) for a in [ent["name"], *ent.get("aliases", [])]}
        for key in keys:
            if key:
                out.setdefault(key, eid)
                heads.setdefault(head_word(key), []).append(eid)
    for head, ids in heads.items():
        if len(set(ids)) == 1:
            out.setdefault(head, ids[0])
    return out


def canonical_quote(
    att: dict[str, Any],
    resolution: dict[str, str],
    entities: dict[str, dict[str, Any]],
    index: dict[str, Any],
    when: date | None,
    orgs: dict[str, str] | None = None,
) -> dict[str, Any]:
    """One bundle quote (without its article id) from one stored attribution."""
    orgs = orgs or {}
    sp = att.get("speaker")
    item: dict[str, Any] = {"speaker": None, "text": att["text"], "kind": att["kind"], "start": att["start"], "end": att["end"]}
    if len(att.get("parts", [])) > 1:
        item["parts"] = att["parts"]
    if att.get("cue"):
        item["cue"] = att["cue"]
    if sp is None:
        item["speaker_type"] = "unknown"
        return item
    item["speaker_text"] = sp["text"]
    stype = sp["type"]
    eid = resolution.get(sp["key"]) if sp.get("key") else None
    if eid is not None and sp.get("gender"):
        # A pronoun: the first candidate whose gender, as the corpus knows it, fits.
        for key in [sp["key"], *sp.get("alternatives", [])]:
            cand = resolution.get(key)
            if cand is not None and index.get(cand, {}).get("gender") in (None, sp["gender"]):
                eid = cand
                break
    if eid is None and stype == "unresolved" and sp.get("role"):
        eid = _role_holder(sp["role"], when, index)
    if eid is None and sp.get("org"):
        eid = orgs.get(sp["org"])
    if eid is not None and eid in entities:
        ent = entities[eid]
        name = ent["name"]
        if sp.get("proxy") in _BODY_PROXIES and ent["type"] == "PERSON":
            name = _office_name(name, sp["proxy"], ent.get("titles", []))
        item["speaker"] = name
        item["speaker_type"] = "organization" if sp.get("proxy") else _SPEAKER_TYPES.get(ent["type"], "unresolved")
        item["speaker_entity"] = eid
    else:
        item["speaker"] = sp["name"] or sp["text"]
        item["speaker_type"] = stype
    return item
