"""Clean-up of an article's text before it is stored.

Every later offset points into the text this module returns, so it changes as little as it
can: it normalises whitespace and paragraphs, drops whole lines that are not journalism
(syndication notes, calls to action, share-button leftovers, a repeated headline) and lifts
leading in-text metadata (a date line, a byline) into fields. It never edits words inside a
line it keeps.

Each rule is written from the *shape* of such lines (who the sentence is about, which verb
starts it, where it sits), not from a list of known strings, so that unseen outlets'
wording is caught too. Each rule is a public predicate so tests can exercise it alone.

No library does this: trafilatura and justext remove boilerplate by HTML structure, and
plain-text or JSON inputs have none, so the rules here work on the words.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from storyline.ingest.published import DateParseError, parse_published

# A line longer than this is a paragraph of reporting, whatever words it starts with.
MAX_NOTE_CHARS = 300
MAX_PROMO_CHARS = 200
# How many leading lines may hold lifted metadata (date, byline) before the body starts.
LEADING_LINES = 6

_I = re.IGNORECASE

# --- normalising ---------------------------------------------------------------------------

_SPACES = dict.fromkeys(
    [0x09, 0x0B, 0x0C, 0xA0, 0x1680, 0x202F, 0x205F, 0x3000, *range(0x2000, 0x200B)], " "
)
_DROPPED = dict.fromkeys([0x00AD, 0x200B, 0x2060, 0xFEFF, *range(0x00, 0x09), *range(0x0E, 0x20), 0x7F])
_TRANSLATE = {**_SPACES, **_DROPPED, 0x2028: "\n", 0x2029: "\n\n", 0x85: "\n"}
_SPACE_RUN = re.compile(r" {2,}")


def paragraphs_of(text: str) -> list[list[str]]:
    """Split text into paragraphs of stripped lines, whitespace normalised.

    Paragraphs are separated by blank lines. A text with several lines and no blank line
    at all (as scrapers often write it) has one paragraph per line.
    """
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = text.translate(_TRANSLATE)
    lines = [_SPACE_RUN.sub(" ", line).strip() for line in text.split("\n")]
    while lines and not lines[0]:
        lines.pop(0)
    while lines and not lines[-1]:
        lines.pop()
    if "" not in lines:
        return [[line] for line in lines]
    paragraphs: list[list[str]] = [[]]
    for line in lines:
        if line:
            paragraphs[-1].append(line)
        elif paragraphs[-1]:
            paragraphs.append([])
    return [p for p in paragraphs if p]


def join_paragraphs(paragraphs: list[list[str]]) -> str:
    """The stored form: lines of a paragraph joined by a newline, paragraphs by a blank line."""
    return "\n\n".join("\n".join(p) for p in paragraphs if p)


def normalize_whitespace(text: str) -> str:
    """Whitespace and paragraph normalisation alone, without any removal rule."""
    return join_paragraphs(paragraphs_of(text))


def normalize_title(title: str) -> str:
    """A title on one line with single spaces."""
    return " ".join(unicodedata.normalize("NFC", title).translate(_TRANSLATE).split())


# --- helpers -------------------------------------------------------------------------------

# Decoration around a line: bullets, arrows, emphasis markers (brackets are handled apart).
_LEAD_DECOR = " \t>»›▶►→•·*_#|~=+-–—"
_TRAIL_DECOR = " \t<«‹◀◄←»›▶►→•·*_#|~=+-–—"
_WRAPPERS = (("(", ")"), ("[", "]"), ("{", "}"))


def unwrap(line: str) -> tuple[str, bool]:
    """The line without decoration, and whether it was enclosed in brackets."""
    core = line.strip().lstrip(_LEAD_DECOR).rstrip(_TRAIL_DECOR)
    bracketed = False
    for left, right in _WRAPPERS:
        if core.startswith(left) and core.endswith(right) and core.count(left) == core.count(right):
            core, bracketed = core[1:-1].strip(), True
            break
    return core.lstrip(_LEAD_DECOR).rstrip(_TRAIL_DECOR), bracketed


def _fold(text: str) -> str:
    return " ".join(re.sub(r"[\W_]+", " ", text.casefold()).split())


# --- syndication and edit notes ------------------------------------------------------------

# The piece itself as the subject of a sentence: "this story", "the article", "this report".
_PIECE = r"(?:story|article|report|item|copy|content|piece|post|text|news\s+(?:item|report|story))"
# What a note says about the piece's editing: not edited, run as received, headline changed.
_EDIT_STATUS = (
    r"(?:(?:has|have|had|was|were|is)\s*(?:not|n['’]t)\s+(?:been\s+)?"
    r"(?:edited|modified|changed|altered|reviewed|checked|rewritten)"
    r"|\bunedited\b|\bas\s+received\b|\bverbatim\b|\bunaltered\b"
    r"|without\s+(?:any\s+)?(?:changes?|edits?|editing|alterations?)"
    r"|\bthe\s+(?:headline|title)\s+(?:is|was|has\s+been)\s+(?:our\s+own|ours|changed|altered|added|rewritten|edited|new))"
)
_FEED = r"(?:syndicat\w*|wire|agency|news\s+agency|automated|rss|partner|third[-\s]party)\s+(?:news\s+)?(?:feed|service|copy|content)"
_AUTO = r"(?:auto(?:matically)?[-\s]?(?:generated|published|posted|created)|(?:generated|published|posted|created)\s+automatically)"
# "published from", "published unedited from", "carried via": one optional word between.
_CARRIED = r"(?:published|posted|generated|sourced|taken|carried|distributed|received)\s+(?:\w+\s+)?(?:from|via|through|by|on)\s+"
_ORIGIN = r"(?:was\s+|has\s+been\s+|is\s+)?(?:originally\s+|first\s+)?(?:published|appeared|ran|posted)\s+(?:on|in|at|by)\b"
_SUPPLIED = r"(?:is|was|has\s+been)\s+(?:provided|supplied|distributed|syndicated|republished|reproduced)\b"

_EXCEPT_HEADLINE = re.compile(r"^except\s+for\s+the\s+(?:headline|title|heading)s?\b", _I)
_PIECE_NOTE = re.compile(
    rf"^(?P<det>this|the)\s+(?:\w+\s+){{0,2}}{_PIECE}\b.*?(?:{_EDIT_STATUS}|{_AUTO}|{_CARRIED}.*?{_FEED}|{_ORIGIN}|{_SUPPLIED})",
    _I,
)
# Inside brackets the piece need not be the subject: "(The Courier ran this agency report as received.)"
_BRACKETED_NOTE = re.compile(rf"\bthis\s+(?:\w+\s+){{0,2}}{_PIECE}\b.*?{_EDIT_STATUS}|{_EDIT_STATUS}.*?\bthis\s+(?:\w+\s+){{0,2}}{_PIECE}\b", _I)
_AUTO_FROM_FEED = re.compile(rf"^{_AUTO}\b|{_AUTO}\b.*\b{_FEED}|{_CARRIED}(?:an?\s+|the\s+)?{_FEED}", _I)
_REPUBLISHED = re.compile(r"^(?:republished|reproduced|reprinted|syndicated)\s+(?:with\s+permission|from|by|under|courtesy)\b", _I)


def is_syndication_note(line: str) -> bool:
    """A note about how the piece was produced or syndicated, not part of the story.

    Caught shapes: "Except for the headline, ..."; a sentence whose subject is *this*
    story/article/report and whose verb says it was not edited (or ran unedited, as
    received, with only the headline changed), was auto-generated, came from a feed,
    originally appeared elsewhere, or was supplied by someone ("the story" only when the
    line is bracketed, since "The report was not edited by the ministry" is news); a
    bracketed line saying such a thing of "this ... report" wherever it stands; any line
    saying it was auto-generated or published from a syndicated/wire feed; and
    "Republished with permission from ..." lines.
    """
    if len(line) > MAX_NOTE_CHARS:
        return False
    core, bracketed = unwrap(line)
    core = re.sub(r"^(?:editor['’]?s?\s+note|note|disclaimer)\s*[:\-–—]\s*", "", core, flags=_I)
    if _EXCEPT_HEADLINE.search(core) or _REPUBLISHED.search(core) or _AUTO_FROM_FEED.search(core):
        return True
    if bracketed and _BRACKETED_NOTE.search(core):
        return True
    match = _PIECE_NOTE.search(core)
    return match is not None and (match.group("det").lower() == "this" or bracketed)


_CREDIT = re.compile(
    r"^(?:(?:additional\s+)?reporting|writing|written|editing|edited|compiled|translated|"
    r"fact[-\s]checked|graphics)\s+by\s+\S|^with\s+(?:additional\s+)?(?:inputs?|reporting)\s+from\s+\S",
    _I,
)


def credit_line(line: str) -> str | None:
    """A wire-style credit such as "(Reporting by ...; Editing by ...)": its text, else None.

    Only bracketed lines count, because an unbracketed "Reporting by the committee found..."
    can open a sentence of news.
    """
    if len(line) > MAX_NOTE_CHARS:
        return None
    core, bracketed = unwrap(line)
    if bracketed and _CREDIT.search(core):
        return core
    return None


# --- promo lines ---------------------------------------------------------------------------

_SOCIAL = r"(?:facebook|twitter|x|instagram|whatsapp|telegram|linkedin|youtube|tiktok|threads|mastodon|bluesky|snapchat|google\s+news|flipboard|social\s+media|our\s+(?:channels?|pages?))"
_CTA = re.compile(
    "|".join(
        [
            # click here / tap the link / press below
            r"^(?:click|tap|press)\s+(?:here|below|through|the\s+(?:link|button)|on\s+(?:this|the)\s+(?:link|button))\b",
            # read more / read also / read the full story / also read / must read
            r"^read\s+(?:more|also|on|next|the\s+(?:full|latest|complete|whole)|our|all)\b",
            r"^(?:also|must)\s+read\b",
            # sign up / subscribe / register, when aimed at the reader's inbox or account
            r"^(?:sign[\s-]?up|subscribe|register|opt[\s-]in)\b.*\b(?:newsletter|alerts?|updates|digest|briefing|free|now|today|here|inbox|to\s+(?:our|get|receive|read|continue)|for\s+(?:our|free|daily|weekly|the\s+latest))\b",
            r"^(?:get|receive)\s+(?:our|the)\s+(?:[\w-]+\s+){0,3}(?:newsletter|alerts?|app|digest|briefing)\b",
            r"^(?:download|install|try)\s+(?:our|the)\s+(?:[\w-]+\s+){0,3}(?:app|newsletter|podcast)\b",
            # follow us on ... / like us / join us on / find us on
            r"^(?:follow|like|join|find)\s+us\b",
            rf"^(?:follow|join)\s+(?:\S+\s+){{1,5}}on\s+{_SOCIAL}\b",
            r"^(?:don['’]?t|do\s+not)\s+miss\b",
            # share this / share on / print this article
            r"^(?:share|email|e-mail|print)\s+(?:this|on|via|the\s+(?:story|article))\b",
            # labels of teaser links: "ALSO SEE: ...", "Related stories | ...", "Recommended for you:"
            r"^(?:see\s+also|related|recommended|trending|popular|latest|top\s+stories|more\s+(?:stories|news|coverage|reading|on|from)"
            r"|editor['’]?s\s+picks?|you\s+(?:may|might)\s+also\s+like|watch|listen|video|photos?|gallery|podcast)"
            r"(?:\s+[\w'’-]+){0,4}\s*[:|»>]",
            # advertising furniture
            r"^(?:advertisement|advertising|sponsored(?:\s+content)?|ad|promoted)$",
            r"^(?:story|article)\s+continues\s+(?:below|after)\b",
            r"^(?:scroll|continue)\s+(?:down\s+)?(?:to\s+continue\s+)?reading\b",
            r"^continue\s+reading\b",
        ]
    ),
    _I,
)
_SHARE_TOKEN = re.compile(
    rf"^(?:share|shares|share\s+this(?:\s+(?:article|story))?|tweet|pin|print|email|e-mail|mail|copy(?:\s+link)?|link|link\s+copied|copied|comments?|save|gift|messenger|pinterest|reddit|{_SOCIAL})$",
    _I,
)
_SHARE_SPLIT = re.compile(r"\s*(?:[|/•·,;]|\s{1,})\s*")


def is_share_leftover(line: str) -> bool:
    """A line made only of share-button labels ("Share | Facebook | X | Email")."""
    core, _ = unwrap(line)
    if not core or len(core) > 120:
        return False
    parts = [p for p in re.split(r"\s*[|/•·,;]\s*", core) if p]
    if len(parts) == 1:
        # "Share this article" alone, or labels separated by spaces only ("Facebook Twitter Email")
        if _SHARE_TOKEN.match(parts[0]):
            return True
        parts = [p for p in _SHARE_SPLIT.split(core) if p]
        return len(parts) >= 2 and all(_SHARE_TOKEN.match(p) for p in parts)
    return all(_SHARE_TOKEN.match(p) for p in parts)


_SENTENCE_END = re.compile(r"(?<=[?!.…])\s+(?=\S)")
# A teaser before the call to action: a question ("Want the day's top stories?") or a few words.
_TEASER_WORDS = 8


def is_promo(line: str) -> bool:
    """A call to action or teaser line: click/read-more/sign-up/follow-us/"ALSO READ:", ads, share buttons.

    The call to action may follow a short teaser in the same line ("Want the day's top
    stories? Click here to sign up."), never a sentence of news.
    """
    if len(line) > MAX_PROMO_CHARS:
        return False
    core, _ = unwrap(line)
    if not core:
        return False
    if _CTA.search(core) or is_share_leftover(line):
        return True
    sentences = _SENTENCE_END.split(core)
    if len(sentences) < 2 or not _CTA.search(sentences[-1]):
        return False
    return all(s.endswith("?") or len(s.split()) <= _TEASER_WORDS and not s.endswith(".") for s in sentences[:-1])


# --- CMS footers ---------------------------------------------------------------------------

# WordPress and its kin append these to every post and feed item. Written from their shape: a
# sentence that names "the post" and where it appeared first, a lone "Read more"/"Continue
# reading" link label (optionally with the title and an arrow), share-button headings and
# labels ("Share this:", "Click to share on X (Opens in new window)"), and the like-button
# leftovers ("Like this:", "Like Loading...").
_CMS_FOOTER = re.compile(
    "|".join(
        [
            r"^the\s+(?:post|article|entry)\s+.+?\s+(?:appeared|was\s+published)\s+first\s+(?:on|in|at)\s+\S.*$",
            r"^(?:read|view)\s+(?:the\s+)?(?:more|full\s+(?:post|article|story))\b.{0,120}$",
            r"^continue\s+reading\b.{0,160}$",
            r"^(?:share|like)\s+this\s*:?$",
            r"^click\s+to\s+(?:share|email|e-mail|print|tweet|post)\b.{0,80}$",
            r"^like\s+loading\W*$",
            r"^loading\W*$",
        ]
    ),
    _I,
)


def is_cms_footer(line: str) -> bool:
    """A content-management system's footer line: "The post X appeared first on Y.", "Read more",
    "Continue reading X", "Share this:", "Click to share on Facebook (Opens in new window)"."""
    if len(line) > MAX_NOTE_CHARS:
        return False
    core, _ = unwrap(line)
    core = core.rstrip(" .…").removesuffix("[…]").removesuffix("[...]").strip() or core
    return bool(core) and _CMS_FOOTER.match(core) is not None


# --- headline repeats ----------------------------------------------------------------------


def is_headline_repeat(line: str, title: str, *, folded_title: str | None = None) -> bool:
    """The article's own headline repeated as a line of its body (case and punctuation aside).

    ``folded_title`` lets a caller checking many lines fold the title once.
    """
    if not title:
        return False
    # A line much longer than the title cannot be it: skip the folding (most lines).
    if len(line) > 2 * len(title) + 16:
        return False
    folded = _fold(unwrap(line)[0])
    return bool(folded) and folded == (folded_title if folded_title is not None else _fold(title))


# --- leading metadata ----------------------------------------------------------------------

_DATE_LABEL = re.compile(
    r"^(?P<label>dated?|published|posted|filed|updated|last\s+updated|modified|last\s+modified|first\s+published)"
    r"(?:\s+(?:on|at))?\s*[:\-–—]?\s*(?P<value>.+)$",
    _I,
)
_AGO = re.compile(r"^(?:\d+|an?|one|few)\s+(?:\w+\s+)?(?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?)\s+ago$", _I)
_PARTS = re.compile(r"\s+[|•·]\s+|\s+[–—]\s+")
_NOT_NAMES = re.compile(
    r"^(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march|april|may|june|"
    r"july|august|september|october|november|december|then|now|contrast|comparison|law|far|midnight|noon)$",
    _I,
)
_NAME = r"[A-Z][\w'’.\-]*(?:\s+(?:[A-Z][\w'’.\-]*|de|del|della|van|von|der|den|da|di|du|le|la|bin|al|el|ibn|y))*"
# "By" in any case, then names; the tail after a comma or "in"/"for" is checked separately.
_BYLINE = re.compile(
    rf"^[Bb][Yy]\s+(?P<names>{_NAME}(?:\s*(?:,|\band\b|&)\s*{_NAME})*)(?:\s+(?:in|for)\s+(?P<rest>.*))?$"
)
# The tail of a byline ("Staff Reporter", "in Brennmoor", "The Coastal Ledger") is made of
# capitalised words and a few linking words; a lowercase word means a sentence started.
_BYLINE_TAIL = re.compile(r"^(?:(?:[A-Z][\w'’.\-]*|in|of|the|and|for|at|on|&)\s*)*$")


@dataclass
class DateLine:
    """A leading line that states when the piece was published or updated."""

    kind: str  # "published" or "updated"
    value: date | None  # None when the line states a relative time ("2 hours ago")
    raw: str


def parse_date_line(line: str) -> DateLine | None:
    """A leading "date 2023-12-01" / "Published: Nov 24, 2023" / bare-date line, else None."""
    core, _ = unwrap(line)
    if len(core) > 80:
        return None
    labelled = _DATE_LABEL.match(core)
    if labelled:
        kind = "updated" if re.search(r"updated|modified", labelled.group("label"), _I) else "published"
        value = labelled.group("value").strip()
        if _AGO.match(value):
            return DateLine(kind, None, core)
        parsed = _try_date(value)
        return DateLine(kind, parsed, core) if parsed else None
    # A bare date: short, has a digit and a month or an ISO shape, and reads as a full date.
    if len(core.split()) <= 8 and re.search(r"\d", core) and not re.search(r"[.!?]\s+\S", core):
        parsed = _try_date(core)
        if parsed:
            return DateLine("published", parsed, core)
    return None


def _try_date(value: str) -> date | None:
    # Datelines commonly end with a time zone abbreviation dateparser reads fine, or "IST"-like
    # ones it does not: try the full value, then without a trailing all-caps token.
    for candidate in (value, re.sub(r"\s+[A-Z]{2,5}$", "", value)):
        try:
            return parse_published(candidate)[0]
        except DateParseError:
            continue
    return None


def parse_byline(line: str) -> str | None:
    """The names of a "By NAME[, NAME and NAME][, Role]" line, else None."""
    core, _ = unwrap(line)
    if len(core) > 120:
        return None
    match = _BYLINE.match(core)
    if not match:
        return None
    names = match.group("names")
    if _NOT_NAMES.match(names.split()[0].rstrip(".,")):
        return None
    if match.group("rest") and not _BYLINE_TAIL.match(match.group("rest")):
        return None  # "By Ines Varga in the end..." continues as a sentence
    # "A, B and C" lists names; in "A, Staff Reporter" or "A and B, Meridian Wire" the last
    # comma part (with no "and" in it) is a role or an outlet.
    segments = [seg.strip() for seg in names.split(",")]
    if len(segments) > 1 and not re.search(r"\band\b|&", segments[-1]):
        names = ", ".join(segments[:-1])
    return names.strip()


_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_DATELINE = re.compile(
    rf"^(?P<place>[A-Z][A-Z'’.\-]+(?:\s+[A-Z][A-Z'’.\-]+)*(?:,\s+[A-Z][\w'’.\-]+(?:\s+[A-Z][\w'’.\-]+)*)?)"
    rf"(?:,?\s+(?P<date>{_MONTH}\s+\d{{1,2}}|\d{{1,2}}\s+{_MONTH}))?"
    rf"(?:\s*\((?P<outlet>[^()]{{2,60}})\))?\s*[-–—]+\s+\S"
)


def parse_dateline(paragraph: str) -> dict[str, str] | None:
    """The dateline opening a story ("BRENNMOOR, Nov 24 (Meridian Wire) - ..."): place, date, outlet.

    The dateline stays in the text (it is part of the story as published); only its parts
    are reported, for the outlet hint.
    """
    match = _DATELINE.match(paragraph)
    if not match or not (match.group("date") or match.group("outlet")):
        return None
    return {k: v for k, v in match.groupdict().items() if v}


# --- the clean-up --------------------------------------------------------------------------


@dataclass
class Cleaned:
    """Cleaned text with what was lifted out of it.

    ``published`` is the date of a leading date line, for inputs that give no date field.
    ``meta`` may hold: byline, updated (ISO date), dateline {place, date, outlet}, credits,
    and removed [{rule, line}] for every line dropped, so a reader can audit the clean-up.
    """

    text: str
    published: date | None = None
    meta: dict[str, Any] = field(default_factory=dict)


def clean_text(text: str, *, title: str = "") -> Cleaned:
    """Normalise ``text``, drop non-story lines and lift leading metadata.

    Args:
        text: the article body as extracted from its input.
        title: the article's headline, to recognise it repeated in the body.

    Returns:
        The cleaned text (paragraphs separated by blank lines) and the lifted fields.
    """
    result = Cleaned(text="")
    removed: list[dict[str, str]] = []
    paragraphs = paragraphs_of(text)
    _lift_leading(paragraphs, title, result, removed)

    kept: list[list[str]] = []
    folded_title = _fold(title)
    for paragraph in paragraphs:
        lines = []
        for line in paragraph:
            rule = _drop_rule(line, title, folded_title)
            if rule == "credit":
                result.meta.setdefault("credits", []).append(credit_line(line))
            if rule:
                removed.append({"rule": rule, "line": line})
            else:
                lines.append(line)
        if lines:
            kept.append(lines)

    if kept:
        dateline = parse_dateline(kept[0][0])
        if dateline:
            result.meta["dateline"] = dateline
    if not kept and removed and all(r["rule"] == "headline" for r in removed):
        # A headline-only record (a headlines feed, a UCI-style data set): its one line is the
        # headline, and the headline is all there is to analyse, not a repeat to strip.
        kept = [[removed[0]["line"]]]
        removed = removed[1:]
        result.meta["headline_only"] = True
    if removed:
        result.meta["removed"] = removed
    result.text = join_paragraphs(kept)
    return result


def _drop_rule(line: str, title: str, folded_title: str) -> str | None:
    if is_headline_repeat(line, title, folded_title=folded_title):
        return "headline"
    if credit_line(line):
        return "credit"
    if is_syndication_note(line):
        return "syndication"
    if is_promo(line):
        return "promo"
    if is_cms_footer(line):
        return "cms-footer"
    return None


def _lift_leading(paragraphs: list[list[str]], title: str, result: Cleaned, removed: list[dict[str, str]]) -> None:
    """Consume leading lines that are metadata (date, byline, headline) until the body starts."""
    seen = 0
    while paragraphs and seen < LEADING_LINES:
        line = paragraphs[0][0]
        if not _lift_line(line, title, result, removed):
            return
        seen += 1
        paragraphs[0].pop(0)
        if not paragraphs[0]:
            paragraphs.pop(0)


def _lift_line(line: str, title: str, result: Cleaned, removed: list[dict[str, str]]) -> bool:
    """Lift one leading line if every part of it is metadata; True if it was consumed."""
    if is_headline_repeat(line, title):
        removed.append({"rule": "headline", "line": line})
        return True
    if len(line) > MAX_PROMO_CHARS:
        return False  # metadata lines are short; this is the body
    core, _ = unwrap(line)
    parts = [p for p in _PARTS.split(core) if p.strip()] or [core]
    found: list[tuple[str, Any]] = []
    for part in parts:
        byline = parse_byline(part)
        if byline:
            found.append(("byline", byline))
            continue
        date_line = parse_date_line(part)
        if date_line:
            found.append(("date", date_line))
            continue
        return False
    for kind, value in found:
        if kind == "byline":
            result.meta.setdefault("byline", value)
        elif value.kind == "updated":
            if value.value:
                result.meta.setdefault("updated", value.value.isoformat())
        elif value.value and result.published is None:
            result.published = value.value
    removed.append({"rule": "metadata", "line": line})
    return True
