"""Word lists the ``figures`` stage reads claims with: what a number counts, who reported it and
whether it is a running total.

They are closed lists on purpose: a count's meaning in news is carried by a small set of verbs
("killed", "freed", "displaced") and nouns ("hostages", "death toll"), and an open-ended guess
would turn every number into a claim. Everything is keyed by spaCy lemma, lower case.
"""

from __future__ import annotations

import re

# Event verbs (and adjectives/nouns naming the same outcome) → the canonical participle used in units.
EVENT_LEMMAS: dict[str, str] = {
    # killed
    "kill": "killed", "die": "killed", "slay": "killed", "murder": "killed", "massacre": "killed",
    "perish": "killed", "execute": "killed", "dead": "killed", "death": "killed", "fatality": "killed",
    "drown": "killed", "behead": "killed", "deceased": "killed",
    # wounded
    "wound": "wounded", "injure": "wounded", "hurt": "wounded", "injured": "wounded", "wounded": "wounded",
    "injury": "wounded", "maim": "wounded",
    # arrested
    "arrest": "arrested", "detain": "arrested", "apprehend": "arrested", "arrested": "arrested",
    "detention": "arrested", "round": "arrested", "nab": "arrested",
    # displaced
    "displace": "displaced", "flee": "displaced", "uproot": "displaced", "displaced": "displaced",
    "displacement": "displaced",
    # evacuated
    "evacuate": "evacuated", "evacuation": "evacuated", "evacuee": "evacuated",
    # kidnapped
    "kidnap": "kidnapped", "abduct": "kidnapped", "abduction": "kidnapped", "kidnapping": "kidnapped",
    "seize": "kidnapped",
    # released
    "release": "released", "free": "released", "freed": "released",
    # others that a reader follows over time
    "missing": "missing", "miss": "missing", "capture": "captured", "rescue": "rescued", "return": "returned", "fire": "fired", "launch": "fired",
    "destroy": "destroyed", "damage": "damaged", "deport": "deported", "infect": "infected",
    "hospitalize": "hospitalised", "hospitalise": "hospitalised", "hospitalised": "hospitalised", "sentence": "sentenced",
    "convict": "convicted", "charge": "charged", "jail": "jailed", "imprison": "jailed",
    "evict": "evicted", "exchange": "exchanged", "deliver": "delivered", "enter": "entered",
    "vaccinate": "vaccinated", "lay": "laid off", "sack": "laid off", "cut": "cut",
}

# Verbs that only count as an event with a particular particle or object: "rounded up", "set free",
# "taken hostage", "lost their lives".
PARTICLE_EVENTS: dict[tuple[str, str], str] = {
    ("round", "up"): "arrested",
    ("set", "free"): "released",
    ("let", "go"): "released",
    ("hand", "over"): "released",
    ("take", "hostage"): "hostages taken",
    ("take", "captive"): "hostages taken",
    ("hold", "hostage"): "hostages",
    ("hold", "captive"): "hostages",
    ("lose", "life"): "killed",
    ("take", "custody"): "arrested",
    ("force", "flee"): "displaced",
    ("force", "home"): "displaced",
    ("force", "from"): "displaced",
    ("move", "out"): "evacuated",
    ("go", "back"): "returned",
    ("go", "home"): "returned",
    ("go", "missing"): "missing",
    ("remain", "custody"): "in custody",
    ("remain", "bars"): "in custody",
    ("remain", "camp"): "displaced",
    ("put", "hospital"): "hospitalised",
    ("admit", "hospital"): "hospitalised",
    ("stay", "camp"): "displaced",
    ("test", "positive"): "infected",
    ("catch", "virus"): "infected",
    ("hold", "custody"): "in custody",
    ("take", "part"): "taking part",
}
# "round" alone (a round of talks) is not an arrest; it needs its particle.
NEEDS_PARTICLE = frozenset({
    "round", "lay", "set", "let", "hand", "take", "hold", "lose", "move", "go", "remain", "force", "stay", "test", "catch", "put", "admit",
})

# Nouns whose number is itself the event count: "84 deaths", "300 arrests".
EVENT_NOUNS: dict[str, str] = {
    "death": "killed", "fatality": "killed", "dead": "killed", "casualty": "casualties",
    "injury": "wounded", "injured": "wounded", "wounded": "wounded", "arrest": "arrested",
    "detention": "arrested", "abduction": "kidnapped", "kidnapping": "kidnapped",
    "evacuation": "evacuated", "displacement": "displaced", "infection": "infected", "case": "cases",
}

# Nouns that describe the people counted rather than what happened to them: with an event verb,
# "31 Palestinians were killed" counts *killed*; the descriptor becomes part of the scope.
DESCRIPTORS = frozenset({
    "people", "person", "individual", "civilian", "resident", "inhabitant", "citizen", "national",
    "soldier", "troop", "officer", "policeman", "policemen", "police", "militant", "fighter",
    "insurgent", "rebel", "protester", "demonstrator", "activist", "child", "kid", "baby", "infant",
    "woman", "man", "girl", "boy", "teenager", "adult", "student", "worker", "employee", "journalist",
    "reporter", "doctor", "nurse", "patient", "passenger", "migrant", "refugee", "tourist",
    "pilgrim", "villager", "member", "supporter", "other", "victim", "personnel", "staff", "guard",
    "crew", "family", "farmer", "miner", "sailor", "prisoner", "detainee", "hostage", "captive",
})
# Among the descriptors, those that are a role of their own: a count of hostages is followed
# as "hostages" (held) or "hostages released", never collapsed into the bare event.
ROLE_NOUNS = frozenset({"hostage", "captive", "prisoner", "detainee", "refugee"})
# Descriptors too general to add to the scope.
GENERIC = frozenset({"people", "person", "individual", "other", "victim"})

# Nouns that stand for "the number of …": the counted thing is found around them.
TOLL_NOUNS = frozenset({"toll", "number", "tally", "total", "figure", "count", "sum", "estimate", "crowd", "turnout", "attendance"})
# Toll nouns that count people present.
CROWD_NOUNS = frozenset({"crowd", "turnout", "attendance"})
# What a toll counts when it names it with a compound: "death toll", "casualty toll".
TOLL_KINDS = {"death": "killed", "casualty": "casualties", "injury": "wounded", "body": "killed"}

# Verbs that carry a toll to its value: "rose to 84", "stood at 84", "reached 84", "put it at 84".
TOLL_VERBS = frozenset({
    "rise", "climb", "reach", "stand", "increase", "jump", "hit", "top", "surpass", "exceed", "pass",
    "grow", "soar", "mount", "bring", "put", "be", "fall", "drop", "decline", "raise", "revise",
    "estimate", "place", "give", "number",
})

# Reporting verbs: their subject is the figure's source.
REPORT_VERBS = frozenset({
    "say", "tell", "report", "announce", "state", "add", "estimate", "put", "claim", "confirm",
    "count", "record", "show", "indicate", "reveal", "note", "declare", "warn", "insist", "tweet",
    "write", "post", "publish", "suggest", "allege", "acknowledge", "admit", "brief", "quote", "cite",
    "document", "list", "register", "tally", "calculate", "put", "update", "explain", "believe",
})
# Nouns that name a body of numbers: "official figures", "UN data", "ministry statistics".
DATA_NOUNS = frozenset({"figure", "data", "statistic", "count", "tally", "estimate", "record", "toll"})

# Units of time: a number counting them is a duration or an age, never a claim.
TIME_UNITS = frozenset({
    "second", "minute", "hour", "day", "night", "week", "weekend", "month", "year", "decade",
    "century", "season", "term", "hrs", "hr", "min", "yr", "yrs", "a.m.", "p.m.", "am", "pm", "gmt",
    "utc", "o'clock", "millennium",
})
# Words before a number that make it a label, not a count: "Article 5", "Flight 370", "No. 10".
LABEL_WORDS = frozenset({
    "article", "section", "chapter", "resolution", "paragraph", "clause", "rule", "no", "no.", "number",
    "#", "page", "flight", "route", "highway", "road", "street", "room", "bus", "platform", "gate",
    "act", "amendment", "law", "bill", "decree", "item", "point", "part", "figure", "table", "version",
    "model", "level", "grade", "category", "phase", "stage", "district", "precinct", "ward", "zone",
    "sector", "block", "building", "unit", "apartment", "avenue", "pier", "terminal", "channel",
    "line", "interstate", "box", "suite", "floor", "lane", "division", "brigade", "battalion",
    "squadron", "regiment", "corps", "fleet", "jet", "boeing", "airbus", "covid", "f-16", "f-35",
    "tier", "track", "episode", "season", "vol", "vol.", "issue", "ch.", "art.", "sec.", "s.",
    "g7", "g20", "top", "week", "day", "year", "game", "match", "camp", "psalm", "verse", "exit",
    "revision", "formula", "windows", "magnitude", "richter",
})
# Words after a number that make it an age: "45-year-old", "aged 45" is handled before.
AGE_MARKS = frozenset({"year-old", "years-old", "yo", "yrs-old"})

# Words that mark a running total.
CUMULATIVE_WORDS = frozenset({
    "since", "so", "total", "toll", "tally", "cumulative", "overall", "altogether", "all", "date",
    "thus", "now", "cumulatively",
})
CUMULATIVE_PHRASES = (
    ("so", "far"), ("to", "date"), ("in", "total"), ("in", "all"), ("thus", "far"), ("until", "now"),
    ("up", "to", "now"), ("a", "total", "of"), ("the", "total"), ("overall",), ("altogether",),
    ("death", "toll"), ("toll",), ("tally",), ("cumulative",), ("since",), ("bringing", "the"),
)
# Words that mark one day's or one round's share.
INCREMENT_PHRASES = (
    ("another",), ("more",), ("further",), ("additional",), ("latest",), ("daily",),
    ("per", "day"), ("a", "day"), ("each", "day"), ("overnight",), ("today",), ("yesterday",),
    ("past", "24", "hours"), ("last", "24", "hours"), ("batch",), ("first", "group"), ("second", "group"),
    ("third", "group"), ("fourth", "group"), ("latest", "group"), ("on", "monday"), ("on", "tuesday"), ("on", "wednesday"),
    ("on", "thursday"), ("on", "friday"), ("on", "saturday"), ("on", "sunday"),
)

# Prepositions before a date expression that make it the start of a period, not the as-of date.
PERIOD_START = frozenset({"since", "from", "after", "starting", "between", "beginning"})

# Units that measure one quantity under different words: soldiers "missing" and "captured" are the
# same unaccounted-for men; people "evacuated" and "displaced" were all made to leave their homes.
# Figures are grouped (and compared) by this class; their ``unit`` keeps the wording.
QUANTITY_CLASS: dict[str, str] = {
    "missing": "missing or captured", "captured": "missing or captured",
    "evacuated": "displaced or evacuated", "displaced": "displaced or evacuated",
}

# GDELT-style event categories of the cross-check, from a figure's unit.
CATEGORIES: dict[str, str] = {
    "killed": "killed", "wounded": "wounded", "arrested": "arrested", "displaced": "displaced",
    "kidnapped": "kidnapped", "evacuated": "displaced", "hostages taken": "kidnapped",
}

# Nouns a number goes with that are not counted in a claim: "two things", "on one side", "three times".
NOT_COUNTED = frozenset({
    "thing", "side", "hand", "way", "time", "point", "kind", "sort", "type", "direction", "reason",
    "question", "issue", "example", "word", "aspect", "option", "step", "lesson", "fact", "story",
    "thought", "idea", "respect", "sense", "place", "piece", "bit", "lot", "one", "half", "part",
    "another", "item", "category", "magnitude",
})
# Units that name an event (used to keep single-person counts such as "one person was killed").
EVENT_UNITS = frozenset(set(EVENT_LEMMAS.values()) | set(EVENT_NOUNS.values()) | {"hostages taken", "hostages"})

# Irregular plurals for the readable unit ("child" → "children").
PLURALS = {"person": "people", "child": "children", "man": "men", "woman": "women", "policeman": "policemen",
           "people": "people", "police": "police", "personnel": "personnel", "staff": "staff", "crew": "crew",
           "data": "data", "media": "media", "foot": "feet", "criterion": "criteria", "aircraft": "aircraft", "sheep": "sheep", "fish": "fish"}


# Irregular plurals that may reach plural() as they are (a lemmatiser that does not know the word
# leaves it in the plural): they stay themselves.
ALREADY_PLURAL = frozenset({"children", "feet", "teeth", "geese", "mice", "criteria", "phenomena"})
# Words ending in "man"/"men" that are not compounds of "man": "humans", not "humen"; "specimen" is singular.
NOT_MAN = frozenset({
    "human", "german", "roman", "shaman", "talisman", "ottoman", "caiman", "cayman", "doberman", "walkman",
    "oman", "specimen", "abdomen", "regimen", "stamen", "omen", "amen", "hymen", "semen", "yemen", "lumen",
})


def plural(lemma: str) -> str:
    """A noun lemma in its plural form, for readable units ("hostage" → "hostages", "gunman" → "gunmen")."""
    if lemma in PLURALS:
        return PLURALS[lemma]
    if lemma in ALREADY_PLURAL:
        return lemma
    if lemma not in NOT_MAN:
        # compounds of man and woman: "gunman" → "gunmen"; "gunmen" is already plural
        if lemma.endswith("man"):
            return lemma[:-3] + "men"
        if lemma.endswith("men"):
            return lemma
    if lemma.endswith(("s", "x", "z", "ch", "sh")):
        return lemma if lemma.endswith("s") else lemma + "es"
    if lemma.endswith("y") and len(lemma) > 2 and lemma[-2] not in "aeiou":
        return lemma[:-1] + "ies"
    return lemma + "s"


# Words of a unit that say what happened to (or what state holds) the things counted: "killed",
# "hostages released", "in custody". A unit with none of them ("people", "thalers", "schools") is a
# bare count: its number means nothing comparable until the sentence says what is being counted.
STATE_WORDS = frozenset(
    word
    for unit in (*EVENT_UNITS, *PARTICLE_EVENTS.values(), *QUANTITY_CLASS.values(), *(plural(n) for n in ROLE_NOUNS))
    for word in unit.split()
    if word not in ("or", "in", "off", "part")
)

# Dependencies through which a sentence names the thing a bare count belongs to: the verb's subject
# and object ("the subsidy cost taxpayers …"), a toll noun's modifiers ("the number displaced").
ANCHOR_ARGS = frozenset({"nsubj", "nsubjpass", "dobj", "attr", "oprd", "dative"})
ANCHOR_MODIFIERS = frozenset({"amod", "acl", "compound", "nmod", "relcl"})
# Verbs too light to say what a bare count counts when nothing else is named: "3,000 people were …".
LIGHT_VERBS = frozenset({"be", "have", "do", "get", "make", "become", "seem"})


# --- kinds of figure (docs/annotation.md §1) ---------------------------------------------------

# Units of time a rate is counted per: "5,000 barrels a day", "500,000 deaths a year".
PER_TIME = frozenset({"day", "week", "month", "year", "hour", "minute", "winter", "summer", "annum", "night"})
# Single words that make a figure a rate: "12,000 bpd", "kills 500,000 annually", "the daily rate".
RATE_WORDS = frozenset({"bpd", "b/d", "daily", "annually", "yearly", "weekly", "hourly", "nightly"})
# Words after "a day", "a week" that make it a point in time, not a rate: "a day after the crash".
NOT_PER_TIME = frozenset({"after", "later", "earlier", "before", "ago", "since", "of", "or"})
# Modal auxiliaries: a count under them is a projection or a hypothetical ("could reach 200,000").
MODALS = frozenset({"could", "would", "might", "may", "should"})
# Words that mark a projection even without a modal: "the worst case", "a capacity of".
ESTIMATE_WORDS = frozenset({"worst-case", "scenario", "projected", "forecast", "projection", "capacity", "potential"})
# Words that mark one period's or one batch's share: "nine new cases", "the latest round".
PERIOD_WORDS = frozenset({"new", "latest", "overnight", "fresh"})
# Phrases of one period's count: "a rise of 1,000 in 24 hours", "over the past week".
PERIOD_PHRASES = (
    ("in", "#", "hours"), ("in", "the", "past"), ("over", "the", "past"), ("in", "the", "last"), ("over", "the", "last"),
    ("during", "the", "past"), ("in", "a", "day"), ("in", "one", "day"), ("rise", "of"), ("increase", "of"), ("by", "#"),
)
# Verbs (lemmas) whose subject or object is in a state that can go up or down: "remain", "are held".
STOCK_VERBS = frozenset({"remain", "hold", "stay", "keep", "treat", "house", "shelter", "deploy", "station", "employ", "serve", "have", "be"})
# Place words of a count in a state: "in hospital", "on board", "aboard".
STOCK_PLACES = frozenset({"hospital", "board", "aboard", "custody", "detention", "prison", "jail", "shelter", "camp", "camps"})

# --- numbers that count nothing in the story (docs/annotation.md §1, decisions 7 and 13) -------

# Units of measure: a number of them is a distance, a speed, a size or a price, not a count.
MEASURE_NOUNS = frozenset({
    "km", "kilometre", "kilometer", "kilometres", "kilometers", "kms", "mile", "mph", "kph", "km/h", "foot", "feet", "ft", "metre", "meter",
    "inch", "yard", "acre", "hectare", "degree", "knot", "pence", "penny", "cent", "pound", "lb", "kg", "kilogram", "gram",
    "tonne", "ton", "celsius", "fahrenheit", "magnitude", "point", "gb", "mb", "tb", "megapixel", "mm", "cm",
})
# Nouns of a ratio or a chance: "a 2 in 3 chance", "a 10 per cent stake".
RATIO_NOUNS = frozenset({"chance", "odd", "odds", "ratio", "stake", "share", "percentage", "fraction", "margin", "scale"})
# Time zones after a clock reading: "08:50 JST", "14.27 BST".
TIME_ZONES = frozenset({"gmt", "bst", "jst", "edt", "est", "cet", "cest", "pst", "pdt", "cdt", "cst", "utc", "et", "ist", "eet"})
# Entity types a number is part of a name in: "10 Downing Street", "STOXX Europe 600".
NAME_ENTITIES = frozenset({"FAC", "ORG", "PRODUCT", "WORK_OF_ART", "LAW", "EVENT"})

# --- what is counted, in the annotation's words (docs/annotation.md decision 12) ----------------

# Units of oil; what a figure of them counts depends on its kind and verb.
OIL_UNITS = frozenset({"barrel", "barrels", "bpd", "bpds", "gallon", "gallons", "litre", "liter", "litres", "liters"})
# Verbs of oil taken up rather than spilled: "the cap is collecting 15,000 barrels a day".
OIL_COLLECT = frozenset({"collect", "capture", "siphon", "recover", "save", "process", "skim", "contain", "burn", "suck", "pump"})
# Verbs of oil leaking at a rate: "100,000 barrels a day could flow".
OIL_FLOW = frozenset({"flow", "leak", "gush", "spew", "pour", "escape"})
# Verbs whose sum of money is a price: "tickets cost $45", "shares traded at 582 pence".
PRICE_VERBS = frozenset({"cost", "price", "sell", "trade", "fetch", "charge", "retail"})

# One name for one country in a scope (docs/annotation.md decision 1 writes "US" and "UK"): the
# spellings news uses for the two that have several.
PLACE_NAMES = {
    "united states": "us", "u.s.": "us", "u.s": "us", "united states of america": "us", "america": "us", "usa": "us",
    "u.s.a.": "us", "united kingdom": "uk", "britain": "uk", "great britain": "uk", "u.k.": "uk",
}
# Words that make a count the world's: "the global tally", "infected 4,379 people in 29 countries".
WORLD_WORDS = frozenset({"world", "global", "globally", "worldwide", "country", "countries"})
# Units of a state that can end (found, freed, discharged): unmarked counts of them are stocks.
STOCK_UNITS = frozenset({"missing", "in custody", "hostages", "hospitalised", "trapped", "missing or captured"})
# Nouns of places an outbreak or a war reaches: a count of them only grows ("spread to 74 countries").
REACHED_PLACES = frozenset({"country", "state", "nation", "territory", "province"})
# Nouns of one event a count can be limited to (docs/annotation.md decision 10: "Nature Air crash").
EVENT_SCOPES = frozenset({
    "crash", "accident", "derailment", "explosion", "blast", "attack", "bombing", "shooting", "earthquake", "quake",
    "storm", "hurricane", "flood", "fire", "clash", "shelling", "strike", "raid", "collision", "stampede", "collapse",
})
# Bodies whose counts cover the world when no place is given, as written (capitals matter: "WHO").
WORLD_BODIES = re.compile(r"\bWHO\b|\bU\.?N\.?(?![a-z])|World Health Organi[sz]ation|United Nations|\bUNHCR\b|\bUNICEF\b")
