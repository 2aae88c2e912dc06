"""Names, titles and roles as written in English news: the vocabulary and the text tests that
:mod:`storyline.people.article` groups an article's mentions with.

* comparison keys: :func:`fold` for any name, :func:`org_key` and :func:`head_word` for
  organisations and places, :func:`acronym` / :func:`is_acronym_of` for abbreviations,
  :func:`name_key` and :func:`split_person_name` for people;
* titles next to a name, before it ("Secretary of State Antony Blinken", "its political chief,
  Irina Holt") or as an appositive after it ("Blinken, the U.S. secretary of state,"), each with
  a lower-case *role* key (:func:`role_key`, :func:`role_head`) that a nominal speaker ("the
  secretary of state said") can be matched against.

The title and role vocabularies below are ours, written for English news.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

# Head words of roles and offices. Abbreviations are listed with their dot.
ROLE_WORDS = frozenset(
    """
    president vice-president premier minister secretary chancellor king queen prince princess
    sheikh emir sultan pope cardinal bishop archbishop rabbi imam ayatollah senator sen. representative
    rep. congressman congresswoman congressmember governor gov. mayor lieutenant lt. general gen.
    admiral adm. colonel col. major maj. captain capt. sergeant sgt. commander chief director head
    leader chairman chairwoman chairperson chair speaker spokesman spokeswoman spokesperson
    ambassador envoy diplomat official adviser advisor aide attorney attorney-general judge justice
    prosecutor lawyer ceo cfo coo executive founder co-founder candidate nominee lawmaker legislator
    councillor councilman councilwoman councilor commissioner inspector superintendent officer
    coordinator negotiator mediator professor prof. economist correspondent editor columnist
    activist deputy treasurer auditor mp mk mep strategist pollster manager owner partner
    analyst researcher scientist historian commentator host anchor coach chief-of-staff
    hydrologist engineer geologist seismologist meteorologist forecaster epidemiologist
    physician pharmacist teacher headteacher principal pastor priest chaplain colonel private
    corporal sergeant-major lieutenant-colonel brigadier marshal governor-general
    dr. doctor surgeon general-secretary secretary-general ombudsman registrar magistrate sheriff
    marshal detective constable warden president-elect counsel solicitor barrister clerk
    """.split()
)

# Words that may sit inside a title before its head ("national security adviser").
ROLE_MODIFIERS = frozenset(
    """
    prime foreign defense defence finance interior health education justice energy trade
    economy economic foreign-affairs deputy vice acting interim former then senior top chief
    national security press communications campaign military state federal district supreme
    assistant associate executive managing general special first second lead principal regional
    local opposition party majority minority tourism transport transportation
    homeland agriculture labor labour culture environment treasury intelligence police army navy
    air force joint staff attorney public policy political media spokes foreign-policy digital
    """.split()
)

# Common nouns that name an institution: "the army", "the ministry", "a relief charity".
INSTITUTION_HEADS = frozenset(
    """
    army military ministry department government police agency office committee campaign company
    firm court council party group administration embassy commission authority authorities force
    forces navy cabinet parliament senate house union bank board organization organisation
    movement bureau service prosecutor regime coalition alliance network newspaper paper station
    channel website magazine outlet charity society foundation federation association institute
    university hospital utility corporation agency ngo front centre center
    """.split()
)
# Common nouns for people: who speaks without being named ("a source", "residents", "a taxi
# driver"), and evidence that a name next to them is a person's.
PERSON_NOUNS = frozenset(
    """
    source official person people aide diplomat officer insider staffer employee member resident
    witness observer expert analyst adviser advisor lawmaker negotiator operative strategist
    ally associate confidant friend relative colleague participant attendee organizer organiser
    activist investigator agent voice critic supporter opponent worker veteran volunteer staff
    shopkeeper protester protestor demonstrator survivor villager farmer student teacher doctor
    nurse parent mother father driver passenger rebel fighter militant soldier man woman
    neighbour neighbor family families local user customer owner journalist reporter engineer
    scientist researcher economist lawyer manager executive crew guard bystander onlooker victim
    patient medic rescuer firefighter islander citizen voter operator signalman baker electrician
    miner pensioner retiree widow son daughter brother sister husband wife cousin grandmother
    grandfather child boy girl teenager mp senator
    """.split()
)
# Institutions whose formal name reads "<Head> of <X>" ("Ministry of the Interior").
_OF_HEADS = frozenset({"ministry", "department", "office", "bureau", "secretariat", "government", "university", "institute", "council", "commission"})

HONORIFICS = {"mr.": "m", "mr": "m", "mrs.": "f", "mrs": "f", "ms.": "f", "ms": "f", "miss": "f", "dr.": None, "dr": None}

# Role words that state a gender.
GENDERED_ROLES = {
    "spokesman": "m", "spokeswoman": "f", "chairman": "m", "chairwoman": "f", "congressman": "m",
    "congresswoman": "f", "councilman": "m", "councilwoman": "f", "king": "m", "queen": "f",
    "prince": "m", "princess": "f", "sheikh": "m", "emir": "m", "sultan": "m", "pope": "m",
}

# Capitalised words that start a sentence or a date rather than a title.
NOT_TITLE = frozenset(
    """
    on in at after before when while but and as then meanwhile earlier later yesterday today
    tonight tomorrow this that there here it its his her their our we they he she i you
    monday tuesday wednesday thursday friday saturday sunday january february march april may
    june july august september october november december jan. feb. mar. apr. jun. jul. aug.
    sep. sept. oct. nov. dec. said says say told according by with for from to of a an the
    """.split()
)

NAME_SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"})

_TOKEN = re.compile(r"[\w][\w.'’&-]*|[,;:()\"“”]")
_APPOSITIVE = re.compile(
    r"^\s*,\s*((?:the|a|an|[A-Z][\w.&-]*(?:\s+[A-Z][\w.&-]*)*['’]s)\s+)?((?:[^,.;:()\"“”\n]|(?<=\b[A-Z])\.|\.(?=\S)){2,70}?)\s*(?=[,;:)]|(?<!\b[A-Z])\.(?:\s|$)|\s+(?:who|which|said|says)\b)"
)


@functools.lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower-case, accent-free, dot-free form of a name, for comparing names."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("’", "'").replace(".", "")
    return " ".join(text.lower().split())


def acronym(name: str) -> str:
    """The initials of a multi-word name's capitalised words ("United States" → "US")."""
    words = [w for w in re.split(r"[\s-]+", name) if w and w[0].isupper()]
    return "".join(w[0] for w in words) if len(words) >= 2 else ""


def is_acronym_of(short: str, long: str) -> bool:
    """Whether ``short`` ("U.S.", "IDF") abbreviates ``long`` ("United States")."""
    letters = short.replace(".", "").replace(" ", "")
    return len(letters) >= 2 and letters.isupper() and letters == acronym(long)


_SPELLINGS = {"organisation": "organization", "organisations": "organizations", "centre": "center", "centres": "centers", "defence": "defense", "programme": "program"}
_SPELLING = re.compile(r"\b(?:" + "|".join(_SPELLINGS) + r")\b")


@functools.lru_cache(maxsize=65536)
def org_key(name: str) -> str:
    """A comparison key for an organisation or place name.

    "Ministry of the Interior" and "the interior ministry" share the key "interior ministry";
    a leading possessive place is dropped ("Marrovia's health ministry" → "health ministry").
    """
    key = fold(name)
    # One key for British and American spellings ("Organisation", "Centre", "Defence").
    key = _SPELLING.sub(lambda m: _SPELLINGS[m.group(0)], key)
    key = re.sub(r"^the\s+", "", key)
    key = re.sub(r"^[\w-]+'s\s+(?=\S+\s+\S)", "", key)
    m = re.match(r"^(\w+) of (?:the )?(.+)$", key)
    if m and m.group(1) in _OF_HEADS:
        key = f"{m.group(2)} {m.group(1)}"
    return key


def head_word(name: str) -> str:
    """The last word of a folded name ("highland liberation front" → "front")."""
    words = org_key(name).split()
    return words[-1] if words else ""


@dataclass
class Title:
    """A title or role as written next to a name, with its lower-case role key."""

    text: str
    role: str
    start: int = field(default=-1, compare=False)

    def as_json(self) -> list[str]:
        return [self.text, self.role]


def role_key(phrase: str) -> str:
    """The role part of a title: from its first role word or modifier on, lower-cased.

    "U.S. Secretary of State" → "secretary of state"; "Hamas leader" → "leader";
    "White House national security spokesman" → "national security spokesman".
    """
    words = phrase.split()
    for i, word in enumerate(words):
        low = word.lower()
        if low in ROLE_WORDS or (low in ROLE_MODIFIERS and any(w.lower() in ROLE_WORDS for w in words[i:])):
            return " ".join(w.lower() for w in words[i:])
    return ""


def role_head(role: str) -> str:
    """The head word of a role key: the last role word before any "of"/"for" complement."""
    words = re.split(r"\s+(?:of|for|to|at|in)\s+", role, maxsplit=1)[0].split()
    heads = [w for w in words if w in ROLE_WORDS]
    return heads[-1] if heads else (words[-1] if words else "")


def title_before(text: str, start: int) -> Title | None:
    """The title written right before a name at ``start`` ("Israeli Prime Minister …")."""
    offset = max(0, start - 90)
    window = text[offset:start]
    if not window or window[-1] not in " \t":
        return None
    taken: list[re.Match[str]] = []
    for m in reversed(list(_TOKEN.finditer(window))):
        word = m.group()
        low = word.lower()
        if word in ",;:()\"“”" or "\n" in window[m.end() :]:
            break
        if low in ("of", "the", "and") or ((low in ROLE_WORDS or low in ROLE_MODIFIERS or word[0].isupper()) and low not in NOT_TITLE):
            taken.append(m)
            continue
        break
    if taken and taken[0].group().lower() in ("of", "the", "and"):
        return None  # "the commander of the Highland Liberation Front": no title of a name
    taken.reverse()
    while taken and taken[0].group().lower() in ("of", "the", "and"):
        taken.pop(0)
    while taken and taken[-1].group().lower() in ("of", "the", "and"):
        taken.pop()
    if not taken or not any(m.group().lower() in ROLE_WORDS for m in taken):
        return None
    phrase = " ".join(m.group() for m in taken)
    role = role_key(phrase)
    return Title(phrase, role, start=offset + taken[0].start()) if role else None


_NOT_APPOSITIVE = frozenset("rather than instead not but while when after before because although if and or who which".split())


def appositive(text: str, end: int) -> tuple[str, str, str] | None:
    """The appositive right after a name: (determiner or owner, phrase, head word).

    Only a phrase that opens with a determiner, a possessive ("Israel's", "its") or a role word
    counts ("…, the U.S. secretary of state, …", "…, a taxi driver, …", "…, spokesman for the
    army, …"); "…, rather than its commander, …" does not. The head is the phrase's last word
    before a complement or relative clause ("director" in "director of the centre").
    """
    m = _APPOSITIVE.match(text[end : end + 120])
    if m is not None and m.group(2).strip().isdigit():
        # "Jovan Pekk, 71, a retired railway signalman": look past the age.
        return appositive(text, end + m.end(2))
    if m is None:
        return None
    owner = (m.group(1) or "").strip()
    phrase = m.group(2).strip()
    words = phrase.split()
    if not words or len(words) > 9 or words[0].lower() in _NOT_APPOSITIVE:
        return None
    if not owner:
        if words[0].lower() in ("its", "his", "her", "their", "our"):
            owner, words = words[0], words[1:]
        elif words[0].lower() not in ROLE_WORDS and words[0].lower() not in ROLE_MODIFIERS:
            return None
    head_words: list[str] = []
    for word in words:
        if word.lower() in _PHRASE_ENDS:
            break
        head_words.append(word.lower().strip(",'’"))
    if not head_words:
        return None
    return owner, " ".join(words), head_words[-1]


def title_after(text: str, end: int) -> Title | None:
    """An appositive title right after a name ("…, the U.S. secretary of state, …")."""
    found = appositive(text, end)
    if found is None or found[2] not in ROLE_WORDS:
        return None
    owner, phrase, _ = found
    role = role_key(phrase)
    if not role:
        return None
    written = f"{owner} {phrase}".strip() if owner and owner.lower() not in ("the", "a", "an") else phrase
    return Title(written, role)


_TITLE_COMMA = re.compile(r"(?:\b(?:the|its|his|her|their)|[A-Z][\w-]*['’]s?)\s+((?:[\w-]+\s+){0,3}([\w-]+)),\s+$")


def title_before_comma(text: str, start: int) -> Title | None:
    """A title set off by a comma before a name ("the Front sent its political chief, Irina Holt")."""
    m = _TITLE_COMMA.search(text[max(0, start - 60) : start])
    if m is None or m.group(2).lower() not in ROLE_WORDS:
        return None
    role = role_key(m.group(1))
    return Title(m.group(1), role) if role else None


def honorific_before(text: str, start: int) -> str | None:
    """The honorific ("Mr.", "Ms." …) written right before a name, lower-cased, or None."""
    m = re.search(r"\b(Mr|Mrs|Ms|Miss|Dr)\.?\s+$", text[max(0, start - 6) : start])
    return m.group(1).lower() if m else None


def split_person_name(name: str) -> tuple[list[str], list[str]]:
    """Split a PERSON mention's name into leading title words and the name proper.

    NER spans sometimes swallow a title ("President Biden", "Mr. Netanyahu").
    """
    words = name.split()
    lead: list[str] = []
    while len(words) > 1 and (words[0].lower() in ROLE_WORDS or words[0].lower() in ROLE_MODIFIERS or words[0].lower() in HONORIFICS):
        lead.append(words.pop(0))
    return lead, words


def name_key(words: Sequence[str]) -> tuple[str, str]:
    """(first, last) of a person's name, folded, ignoring middle initials and Jr./III."""
    core = [w for w in words if fold(w) not in {fold(s) for s in NAME_SUFFIXES}]
    if not core:
        core = list(words)
    first, last = fold(core[0]), fold(core[-1])
    return (first if len(core) > 1 else "", last)


def kind_after(text: str, end: int) -> str:
    """What an organisation is, from an appositive after its name ("…, a relief charity,")."""
    found = appositive(text, end)
    if found is None or found[0].lower() not in ("the", "a", "an"):
        return ""
    return found[2] if found[2] in INSTITUTION_HEADS else ""


_PHRASE_ENDS = frozenset({"that", "which", "who", "whose", "of", "for", "in", "at", "on", "with", "to", "from", "by"})
