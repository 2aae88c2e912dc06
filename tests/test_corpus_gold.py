"""The sample corpus's gold (examples/corpus/gold.json) is consistent with the corpus files.

The corpus is read here with the standard library only (plus ``derive_id`` for the HTML page's
id), independently of storyline's ingest, so that a bug in ingest cannot hide a bug in the gold.
Article text means the body: for .txt files everything after the title line (with a leading
``date YYYY-MM-DD`` line lifted out), the ``text`` field of JSONL records, the paragraphs of an
RSS item's ``content:encoded``, and the paragraphs of the HTML page's article body, joined by a
blank line. Snippets in the gold are chosen inside single paragraphs so that they survive any
whitespace normalisation done by ingest.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from datetime import date
from email.utils import parsedate_to_datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from storyline.models import derive_id

CORPUS = Path(__file__).resolve().parent.parent / "examples" / "corpus"
GOLD_PATH = CORPUS / "gold.json"
CONTENT_NS = {"content": "http://purl.org/rss/1.0/modules/content/"}
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = {m: i + 1 for i, m in enumerate(
    ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"])}
# TIMEX3 values used in the gold: dates, months, years, decades, ISO weeks (and weekends),
# seasons, parts of day, clock times, durations, sets and the document-relative references.
TIMEX_VALUE = re.compile(
    r"^(\d{4}(-\d{2}(-\d{2}(T(\d{2}:\d{2}|MO|AF|EV|NI))?)?)?"
    r"|\d{3}|\d{4}-W\d{2}(-WE)?|\d{4}-(SP|SU|FA|WI)"
    r"|P(\d+|X)(Y|M|W|D)|PT(\d+|X)(H|M)|PRESENT_REF|PAST_REF|FUTURE_REF)$")
WORD_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "nine": 9, "twice": 2, "twelve": 12,
                "fourteen": 14, "twenty-three": 23, "thirty-one": 31}


class _Paragraphs(HTMLParser):
    """Collects the text of <p> elements, optionally only inside a <div> with a given class."""

    def __init__(self, div_class: str | None = None) -> None:
        super().__init__()
        self.div_class = div_class
        self.inside = div_class is None
        self.depth = 0
        self.current: list[str] | None = None
        self.paragraphs: list[str] = []
        self.meta: dict[str, str] = {}
        self.canonical: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "meta" and "property" in a:
            self.meta[a["property"]] = a.get("content", "")
        if tag == "link" and a.get("rel") == "canonical":
            self.canonical = a.get("href")
        if self.div_class and tag == "div" and self.div_class in a.get("class", "").split():
            self.inside, self.depth = True, 0
        if self.inside and self.div_class and tag == "div":
            self.depth += 1
        if self.inside and tag == "p":
            self.current = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "p" and self.current is not None:
            self.paragraphs.append("".join(self.current).strip())
            self.current = None
        if self.inside and self.div_class and tag == "div":
            self.depth -= 1
            if self.depth == 0:
                self.inside = False

    def handle_data(self, data: str) -> None:
        if self.current is not None:
            self.current.append(data)


def _read_txt(path: Path) -> dict[str, Any]:
    lines = path.read_text(encoding="utf-8").split("\n")
    meta: dict[str, str] = {}
    i = 0
    while lines[i].strip() and re.match(r"^[A-Z][A-Za-z]*: ", lines[i]):
        key, _, value = lines[i].partition(": ")
        meta[key] = value
        i += 1
    assert lines[i] == "", f"{path}: the metadata block must end with a blank line"
    title = lines[i + 1]
    assert title.strip() and lines[i + 2] == "", f"{path}: expected a title line then a blank line"
    body = "\n".join(lines[i + 3:]).strip("\n")
    published = meta.get("Published")
    lifted = re.match(r"date (\d{4}-\d{2}-\d{2})\n\n", body)
    if lifted:
        published, body = lifted.group(1), body[lifted.end():]
    return dict(id=meta.get("Id"), outlet=meta.get("Outlet"), published=published, url=meta.get("URL"),
                title=title, text=body, format="txt", path=path)


def _load_corpus() -> dict[str, dict[str, Any]]:
    articles: dict[str, dict[str, Any]] = {}

    def add(rec: dict[str, Any]) -> None:
        assert rec["id"], f"{rec['path']}: article without an explicit id"
        assert rec["id"] not in articles, f"duplicate article id {rec['id']!r} in {rec['path']}"
        articles[rec["id"]] = rec

    for path in sorted(CORPUS.rglob("*.txt")):
        add(_read_txt(path))
    for path in sorted(CORPUS.rglob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            r = json.loads(line)
            add(dict(id=r.get("id"), outlet=r["outlet"], published=r["published"], url=r["url"],
                     title=r["title"], text=r["text"], format="jsonl", path=path))
    for path in sorted(CORPUS.rglob("*.xml")):
        channel = ET.parse(path).getroot().find("channel")
        assert channel is not None, f"{path}: not an RSS 2.0 feed"
        for item in channel.iter("item"):
            parser = _Paragraphs()
            parser.feed(item.findtext("content:encoded", default="", namespaces=CONTENT_NS))
            pub = parsedate_to_datetime(item.findtext("pubDate", default="")).date().isoformat()
            add(dict(id=item.findtext("guid"), outlet=channel.findtext("title"), published=pub,
                     url=item.findtext("link"), title=item.findtext("title"),
                     text="\n\n".join(parser.paragraphs), format="rss", path=path))
    for path in sorted(CORPUS.rglob("*.html")):
        parser = _Paragraphs("article-body")
        parser.feed(path.read_text(encoding="utf-8"))
        assert parser.canonical, f"{path}: no canonical link"
        add(dict(id=derive_id(parser.canonical, ""), outlet=parser.meta.get("og:site_name"),
                 published=parser.meta.get("article:published_time", "")[:10], url=parser.canonical,
                 title=parser.meta.get("og:title"), text="\n\n".join(parser.paragraphs),
                 format="html", path=path))
    return articles


@pytest.fixture(scope="module")
def corpus() -> dict[str, dict[str, Any]]:
    return _load_corpus()


@pytest.fixture(scope="module")
def gold() -> dict[str, Any]:
    return json.loads(GOLD_PATH.read_text(encoding="utf-8"))


def _nth(text: str, snippet: str, occurrence: int) -> int:
    """Start of the n-th (1-based, non-overlapping) occurrence of snippet, or -1."""
    pos = -1
    for _ in range(occurrence):
        pos = text.find(snippet, pos + 1 if pos < 0 else pos + len(snippet))
        if pos < 0:
            return -1
    return pos


def _shingles(text: str, n: int = 5) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", text.lower())
    return {tuple(words[i:i + n]) for i in range(len(words) - n + 1)}


def _jaccard(a: str, b: str) -> float:
    sa, sb = _shingles(a), _shingles(b)
    return len(sa & sb) / len(sa | sb)


def _english(gold: dict[str, Any]) -> list[str]:
    return [aid for aid, a in gold["articles"].items() if a["language"] == "en"]


# --- the corpus itself -------------------------------------------------------------------

def test_every_input_format_is_present(corpus: dict[str, dict[str, Any]]) -> None:
    formats = Counter(a["format"] for a in corpus.values())
    assert formats["txt"] >= 30
    assert formats["jsonl"] >= 3
    assert 3 <= formats["rss"] <= 4
    assert formats["html"] == 1
    assert len(list(CORPUS.rglob("*.html"))) == 1
    assert len({p.parent for p in CORPUS.rglob("*.txt")}) >= 6, "articles are organised in subfolders"


def test_html_page_carries_the_metadata_ingest_reads() -> None:
    (path,) = CORPUS.rglob("*.html")
    parser = _Paragraphs("article-body")
    parser.feed(path.read_text(encoding="utf-8"))
    assert parser.meta["og:site_name"] == "Harbour Times"
    assert parser.meta["og:url"] == parser.canonical
    assert parser.meta["article:published_time"].startswith("2023-11-15")
    page = path.read_text(encoding="utf-8")
    for part in ("<nav", "<footer", "<article"):
        assert part in page


def test_articles_are_news_length(corpus: dict[str, dict[str, Any]], gold: dict[str, Any]) -> None:
    for aid in _english(gold):
        words = len(corpus[aid]["text"].split())
        assert 150 <= words <= 450, f"{aid} has {words} words"


# --- articles --------------------------------------------------------------------------

def test_gold_articles_are_exactly_the_corpus(corpus: dict[str, dict[str, Any]], gold: dict[str, Any]) -> None:
    assert set(gold["articles"]) == set(corpus)
    for aid, g in gold["articles"].items():
        assert g["outlet"] == corpus[aid]["outlet"], aid
        assert g["published"] == corpus[aid]["published"], aid
        assert g["language"] in ("en", "de"), aid


def test_corpus_size_outlets_and_span(gold: dict[str, Any]) -> None:
    arts = gold["articles"]
    assert len(arts) >= 44
    assert len(_english(gold)) >= 40
    assert len({a["outlet"] for a in arts.values()}) >= 6
    days = sorted(date.fromisoformat(a["published"]) for a in arts.values())
    assert (days[-1] - days[0]).days >= 21


def test_non_english_article_is_marked_and_left_out_of_events(gold: dict[str, Any]) -> None:
    foreign = [aid for aid, a in gold["articles"].items() if a["language"] != "en"]
    assert foreign
    listed = {aid for e in gold["events"] for aid in e["articles"]}
    for aid in foreign:
        assert gold["articles"][aid]["event"] is None
        assert gold["articles"][aid]["duplicate_of"] is None
        assert aid not in listed
        for section in ("dates", "quotes", "figures"):
            assert all(r["article"] != aid for r in gold[section])


# --- events and stories -------------------------------------------------------------

def test_events_and_stories_reference_each_other(gold: dict[str, Any]) -> None:
    events = {e["id"]: e for e in gold["events"]}
    stories = {s["id"]: s for s in gold["stories"]}
    assert len(events) >= 8 and len(stories) >= 3
    for s in stories.values():
        assert len(s["events"]) >= 2
        for eid in s["events"]:
            assert events[eid]["story"] == s["id"]
    for e in events.values():
        assert e["id"] in stories[e["story"]]["events"]
        date.fromisoformat(e["date"])
        for aid in e["articles"]:
            assert gold["articles"][aid]["event"] == e["id"], aid
    for aid, a in gold["articles"].items():
        if a["event"] is not None:
            assert aid in events[a["event"]]["articles"]
    assert sum(len(e["articles"]) for e in events.values()) == len(
        [a for a in gold["articles"].values() if a["event"]])


def test_stories_span_weeks_and_one_crosses_a_year(gold: dict[str, Any]) -> None:
    events = {e["id"]: e for e in gold["events"]}
    crossing = 0
    for s in gold["stories"]:
        days = sorted(date.fromisoformat(gold["articles"][aid]["published"])
                      for eid in s["events"] for aid in events[eid]["articles"])
        assert (days[-1] - days[0]).days >= 21, s["id"]
        crossing += days[0].year != days[-1].year
    assert crossing >= 1


# --- duplicates -----------------------------------------------------------------------

def test_duplicates_agree_with_articles(gold: dict[str, Any]) -> None:
    pairs = {(d["original"], d["duplicate"]) for d in gold["duplicates"]}
    assert len(pairs) == len(gold["duplicates"])
    for d in gold["duplicates"]:
        assert d["kind"] in ("copy", "rewrite")
        assert gold["articles"][d["duplicate"]]["duplicate_of"] == d["original"]
        assert gold["articles"][d["original"]]["duplicate_of"] is None, "originals are not duplicates"
        assert gold["articles"][d["original"]]["published"] <= gold["articles"][d["duplicate"]]["published"]
        assert gold["articles"][d["original"]]["event"] == gold["articles"][d["duplicate"]]["event"]
        assert gold["articles"][d["original"]]["outlet"] != gold["articles"][d["duplicate"]]["outlet"]
    marked = {aid for aid, a in gold["articles"].items() if a["duplicate_of"]}
    assert marked == {d["duplicate"] for d in gold["duplicates"]}
    kinds = Counter(d["kind"] for d in gold["duplicates"])
    assert kinds["copy"] >= 6 and kinds["rewrite"] >= 4


def test_copies_are_verbatim_plus_boilerplate(corpus: dict[str, dict[str, Any]], gold: dict[str, Any]) -> None:
    extra_lines: list[str] = []
    for d in gold["duplicates"]:
        if d["kind"] != "copy":
            continue
        original, copy = corpus[d["original"]], corpus[d["duplicate"]]
        assert copy["title"] != original["title"], "a re-run gets a new headline"
        copy_paras = copy["text"].split("\n\n")
        for para in original["text"].split("\n\n"):
            assert para in copy_paras, f"{d['duplicate']} lacks a paragraph of {d['original']}"
        extra = [p for p in copy_paras if p not in original["text"].split("\n\n")]
        assert extra, f"{d['duplicate']} has no boilerplate line"
        extra_lines += extra
        assert _jaccard(original["text"], copy["text"]) > 0.8
    # the clean-up rules must generalise: the boilerplate is worded differently each time
    assert len(set(extra_lines)) >= 12


def test_rewrites_share_facts_but_few_shingles(corpus: dict[str, dict[str, Any]], gold: dict[str, Any]) -> None:
    for d in gold["duplicates"]:
        if d["kind"] != "rewrite":
            continue
        original, rewrite = corpus[d["original"]]["text"], corpus[d["duplicate"]]["text"]
        assert _jaccard(original, rewrite) < 0.1, d["duplicate"]
        numbers = set(re.findall(r"\d+(?:,\d{3})*", original))
        assert len(numbers & set(re.findall(r"\d+(?:,\d{3})*", rewrite))) >= 3, d["duplicate"]


def test_not_duplicates_are_independent_reports_of_one_event(
        corpus: dict[str, dict[str, Any]], gold: dict[str, Any]) -> None:
    dup_pairs = {frozenset((d["original"], d["duplicate"])) for d in gold["duplicates"]}
    assert len(gold["not_duplicates"]) >= 8
    for a, b in gold["not_duplicates"]:
        assert frozenset((a, b)) not in dup_pairs
        assert gold["articles"][a]["event"] == gold["articles"][b]["event"] is not None
        assert gold["articles"][a]["outlet"] != gold["articles"][b]["outlet"]
        assert _jaccard(corpus[a]["text"], corpus[b]["text"]) < 0.1


# --- dates ----------------------------------------------------------------------------

def test_date_snippets_occur_and_values_are_timex3(corpus: dict[str, dict[str, Any]], gold: dict[str, Any]) -> None:
    for r in gold["dates"]:
        text = corpus[r["article"]]["text"]
        assert _nth(text, r["text"], r["occurrence"]) >= 0, r
        assert r["value"] is None or TIMEX_VALUE.match(r["value"]), r


def test_weekday_and_month_day_values_match_their_text(gold: dict[str, Any]) -> None:
    checked = 0
    for r in gold["dates"]:
        value = r["value"] or ""
        if not re.match(r"^\d{4}-\d{2}-\d{2}", value):
            continue
        day = date.fromisoformat(value[:10])
        published = date.fromisoformat(gold["articles"][r["article"]]["published"])
        weekday = next((w for w in WEEKDAYS if w in r["text"]), None)
        if weekday:
            assert WEEKDAYS[day.weekday()] == weekday, r
            assert abs((day - published).days) <= 6, r
            checked += 1
        md = re.match(r"^(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\w*\.? (\d{1,2})$", r["text"])
        if md:
            assert (day.month, day.day) == (MONTHS[md.group(1)], int(md.group(2))), r
            assert day <= published or (day - published).days < 60, r
            checked += 1
    assert checked >= 100


def test_relative_date_variety(gold: dict[str, Any]) -> None:
    texts = {r["text"].lower() for r in gold["dates"]}
    for needed in ("last week", "earlier this month", "next week", "yesterday", "tomorrow", "tonight",
                   "48-hour", "72-hour", "later this month", "last month", "the weekend"):
        assert needed in texts, needed
    assert any(t.startswith("overnight ") for t in texts)
    values = [r["value"] for r in gold["dates"]]
    assert any(v and v.startswith("P") for v in values), "durations"
    assert "PRESENT_REF" in values
    # a February article refers back to a month-day of the previous year ("Oct. 7")
    assert any(gold["articles"][r["article"]]["published"].startswith("2024-02") and r["value"] == "2023-10-07"
               and r["text"] == "Oct. 7" for r in gold["dates"])


# --- quotes ---------------------------------------------------------------------------

def _inside_quote_marks(text: str, start: int) -> bool:
    para_start = text.rfind("\n\n", 0, start) + 2 if "\n\n" in text[:start] else 0
    before = text[para_start:start]
    if text[para_start] in "\"“":
        return True  # an opening mark, possibly of a multi-paragraph quote
    return before.count("“") > before.count("”") or before.count('"') % 2 == 1


def test_quote_snippets_occur_with_known_speakers(corpus: dict[str, dict[str, Any]], gold: dict[str, Any]) -> None:
    names = {e["name"] for e in gold["entities"]}
    for r in gold["quotes"]:
        text = corpus[r["article"]]["text"]
        pos = _nth(text, r["text"], r.get("occurrence", 1))
        assert pos >= 0, r
        assert r["kind"] in ("direct", "indirect"), r
        if r.get("anonymous"):
            assert r["speaker"] not in names, r
        else:
            assert r["speaker"] in names, r
        if r["kind"] == "direct":
            assert _inside_quote_marks(text, pos), r


def test_quote_variety(corpus: dict[str, dict[str, Any]], gold: dict[str, Any]) -> None:
    all_text = "\n".join(a["text"] for a in corpus.values())
    lower = all_text.lower()
    assert "“" in all_text and '"' in all_text, "straight and curly quote marks"
    for cue in ("told reporters", "according to", "in a post on social media", "said that",
                "a source close to the negotiations"):
        assert cue in lower, cue
    kinds = Counter(r["kind"] for r in gold["quotes"])
    assert kinds["direct"] >= 50 and kinds["indirect"] >= 50
    multi = [r for r in gold["quotes"] if r.get("multi_paragraph")]
    assert len({r["article"] for r in multi}) >= 2
    assert any(r.get("anonymous") for r in gold["quotes"])
    organisations = {e["name"] for e in gold["entities"] if e["type"] == "ORG"}
    assert len({r["speaker"] for r in gold["quotes"]} & organisations) >= 5


def test_two_people_share_a_surname(gold: dict[str, Any]) -> None:
    by_surname = defaultdict(set)
    for e in gold["entities"]:
        if e["type"] == "PERSON" and " " in e["name"]:
            by_surname[e["name"].split()[-1]].add(e["name"])
    shared = {s: n for s, n in by_surname.items() if len(n) > 1}
    assert "Mareck" in shared
    speakers = {r["speaker"] for r in gold["quotes"]}
    assert shared["Mareck"] <= speakers, "both Marecks are quoted"


# --- entities -------------------------------------------------------------------------

def test_entities_are_unique_typed_and_appear(corpus: dict[str, dict[str, Any]], gold: dict[str, Any]) -> None:
    all_text = "\n".join(a["text"] for a in corpus.values()).lower()
    names = [e["name"] for e in gold["entities"]]
    assert len(names) == len(set(names))
    for e in gold["entities"]:
        assert e["type"] in ("PERSON", "ORG", "GPE"), e
        assert any(form.lower() in all_text for form in [e["name"], *e["aliases"]]), e
        for alias in e["aliases"]:
            assert alias.lower() in all_text, (e["name"], alias)


# --- figures --------------------------------------------------------------------------

def _number_in(text: str) -> float | None:
    m = re.search(r"\d[\d,]*(\.\d+)?", text)
    if m:
        value = float(m.group(0).replace(",", ""))
        if "billion" in text:
            value *= 1e9
        elif "million" in text:
            value *= 1e6
        return value
    for word, value in sorted(WORD_NUMBERS.items(), key=lambda kv: -len(kv[0])):
        if re.search(rf"\b{word}\b", text.lower()):
            return value
    return None


def test_figure_snippets_occur_and_match_their_values(corpus: dict[str, dict[str, Any]], gold: dict[str, Any]) -> None:
    names = {e["name"] for e in gold["entities"]}
    sourced_by_entity = 0
    for r in gold["figures"]:
        assert _nth(corpus[r["article"]]["text"], r["text"], r["occurrence"]) >= 0, r
        assert r["qualifier"] in ("at least", "about", "more than", None), r
        assert isinstance(r["value"], (int, float)) or (isinstance(r["value"], list) and len(r["value"]) == 2), r
        assert _number_in(r["text"]) == pytest.approx(r["value"]), r
        assert re.match(r"^\d{4}-\d{2}(-\d{2})?$", r["date"]), r
        assert r["unit"], r
        sourced_by_entity += r["source"] in names
    assert sourced_by_entity >= 60
    words = [r for r in gold["figures"] if not re.search(r"\d", r["text"])]
    assert len(words) >= 5, "some figures are written in words"


def test_series_conflicts_and_explained_differences(gold: dict[str, Any]) -> None:
    figs = gold["figures"]
    for s in gold["series"]:
        members = [figs[i] for i in s["figures"]]
        assert len(members) >= 2 and len({f["unit"] for f in members}) == 1, s["quantity"]
    evac = next(s for s in gold["series"] if "evacuated" in s["quantity"])
    assert len({figs[i]["value"] for i in evac["figures"]}) >= 3, "a figure that changes over time"
    for c in gold["conflicts"]:
        members = [figs[i] for i in c["figures"]]
        assert len({f["unit"] for f in members}) == 1, c["note"]
        assert len({f["date"] for f in members}) == 1, c["note"]
        assert len({f["value"] for f in members}) >= 2, c["note"]
        assert len({f["source"] for f in members}) >= 2, c["note"]
        assert c["note"]
    for n in gold["not_conflicts"]:
        assert all(0 <= i < len(figs) for i in n["figures"]) and n["note"]
    assert any({figs[i]["value"] for i in n["figures"]} >= {110, 80} for n in gold["not_conflicts"])


# --- framing --------------------------------------------------------------------------

def test_framing_terms_belong_to_their_outlet(corpus: dict[str, dict[str, Any]], gold: dict[str, Any]) -> None:
    def outlet_text(outlet: str) -> str:
        return "\n".join(a["text"] + "\n" + a["title"] for a in corpus.values() if a["outlet"] == outlet).lower()

    for f in gold["framing"]:
        text_a, text_b = outlet_text(f["outlet_a"]), outlet_text(f["outlet_b"])
        assert text_a and text_b
        for term_a, term_b in f["terms"]:
            assert re.search(rf"\b{term_a}\b", text_a) and not re.search(rf"\b{term_a}\b", text_b), term_a
            assert re.search(rf"\b{term_b}\b", text_b) and not re.search(rf"\b{term_b}\b", text_a), term_b


def test_readme_documents_every_gold_section(gold: dict[str, Any]) -> None:
    readme = (CORPUS / "README.md").read_text(encoding="utf-8")
    for section in gold:
        assert f"**{section}" in readme or f"\n{section} " in readme, section


# --- how much is annotated ------------------------------------------------------------

def test_complete_annotation_coverage(gold: dict[str, Any]) -> None:
    complete = gold["complete"]
    assert len(complete["dates"]) >= 12
    assert len(complete["quotes"]) >= 12
    assert len(complete["figures"]) >= 10
    for section, ids in complete.items():
        annotated = {r["article"] for r in gold[section]}
        assert set(ids) <= set(gold["articles"])
        assert annotated <= set(ids), f"{section}: annotations outside the listed complete articles"
