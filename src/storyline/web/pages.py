"""One data function per page. Each returns plain JSON-able data: the page's ``.json`` twin returns it
as is, and its HTML template renders it. The functions read the cached :class:`CorpusView` and the
store, and leave every computation to :mod:`storyline.compare` and the bundle.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from storyline import compare, engine
from storyline.errors import StorylineError
from storyline.models import StoredResult
from storyline.store import Store
from storyline.web.view import CorpusView

# Mention labels that are proper names: left out of framing, since a name is not a word choice.
# Group names (NORP: "Islamist", "Palestinian") stay in: choosing them is framing.
NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC"})
CONTEXT_CHARS = 70
MAX_MENTIONS = 300


class PageNotFound(LookupError):
    """The page names a story, event, article or entity the store does not hold."""

    def __init__(self, kind: str, key: str) -> None:
        self.kind = kind
        self.key = key
        super().__init__(f"no {kind} {key!r} in this database")


class BadRequest(ValueError):
    """A page's query parameter is not understood (the message says what would be)."""


@dataclass
class PageContext:
    """What a data function reads: the current view of the corpus and the open store."""

    view: CorpusView
    store: Store | None  # None: the bundle alone (the static report without a database)


def _article_ref(view: CorpusView, aid: str) -> dict[str, Any]:
    art = view.articles.get(aid)
    if art is None:
        return {"id": aid, "title": aid, "outlet": compare.UNKNOWN_OUTLET, "published": None, "url": None}
    return {"id": aid, "title": art["title"], "outlet": compare.outlet_of(art), "published": art["published"], "url": art["url"]}


def _event_summary(view: CorpusView, eid: str) -> dict[str, Any]:
    ev = view.events[eid]
    outlets = Counter(compare.outlet_of(view.articles[a]) for a in ev["articles"] if a in view.articles)
    return {
        "id": eid,
        "title": ev["title"],
        "date": ev["date"],
        "end": ev.get("end"),
        "articles": len(ev["articles"]),
        "outlets": sorted(outlets),
        "story": view.story_of_event.get(eid),
    }


def _texts(ctx: PageContext, ids: Iterable[str]) -> dict[str, str]:
    texts = {}
    for aid in ids:
        text = ctx.view.memo(("text", aid), partial(_load_text, ctx.store, aid))
        if text is not None:
            texts[aid] = text
    return texts


def _load_text(store: Store | None, aid: str) -> str | None:
    art = store.get_article(aid) if store is not None else None
    return art.text if art is not None else None


def _mentions(ctx: PageContext, ids: Sequence[str]) -> dict[str, list[dict[str, Any]]]:
    missing = [aid for aid in ids if not ctx.view.has(("mentions", aid))]
    if missing:
        stored = ctx.store.article_results("mentions", missing, with_blob=False) if ctx.store is not None else {}
        for aid in missing:
            found = stored.get(aid)
            ctx.view.memo(("mentions", aid), partial(_stored_mentions, found))
    return {aid: ctx.view.memo(("mentions", aid), list) for aid in ids}


def _stored_mentions(found: StoredResult | None) -> list[dict[str, Any]]:
    """A stored mentions result's mention list (empty when the article has none stored)."""
    return found.data.get("mentions", []) if found else []


def _timeline(view: CorpusView, event_ids: set[str], article_ids: set[str]) -> list[dict[str, Any]]:
    entries = []
    for item in view.bundle["timeline"]:
        if item["event"] in event_ids or (item["event"] is None and article_ids.intersection(item["articles"])):
            entries.append({**item, "sources": [_article_ref(view, a) for a in item["articles"]]})
    return sorted(entries, key=lambda t: t["date"])


def _comparison(ctx: PageContext, key: tuple[str, str], ids: list[str]) -> dict[str, Any]:
    def compute() -> dict[str, Any]:
        b = ctx.view.bundle
        names = {
            aid: [(m["start"], m["end"]) for m in found if m["label"] in NAME_LABELS]
            for aid, found in _mentions(ctx, ids).items()
        }
        quotes = compare.quotes_by_speaker(b, ids)
        for speaker in quotes["speakers"]:
            speaker["entity"] = speaker["speaker"] in ctx.view.entities
        return {
            "coverage": compare.coverage(b, ids),
            "figures": compare.figures_by_source(b, ids),
            "quotes": quotes,
            "framing": compare.framing(b, _texts(ctx, ids), ids, exclude=names),
        }

    return ctx.view.memo(("compare", *key), compute)


# --- pages -------------------------------------------------------------------------------------


def _stored_since_last_poll(ctx: PageContext) -> set[str] | None:
    """The articles stored since the last ``follow`` poll began; None when no poll is recorded."""
    if ctx.store is None:
        return None
    polls = ctx.store.polls(limit=1)
    return set(ctx.store.stored_since(polls[0]["started_at"])) if polls else None


def index(ctx: PageContext) -> dict[str, Any]:
    """The stories, each with its span of dates, events, articles and outlets; events in no story."""
    view = ctx.view
    stories = []
    for story in view.bundle["stories"]:
        ids = view.story_articles(story["id"])
        days = sorted(view.events[e]["date"] for e in story["events"] if e in view.events and view.events[e]["date"])
        stories.append(
            {
                "id": story["id"],
                "title": story["title"],
                "events": len(story["events"]),
                "articles": len(ids),
                "outlets": sorted({compare.outlet_of(view.articles[a]) for a in ids if a in view.articles}),
                "first": days[0] if days else None,
                "last": days[-1] if days else None,
            }
        )
    fresh = _stored_since_last_poll(ctx)
    for item in stories:
        item["new_since_poll"] = len(fresh.intersection(view.story_articles(item["id"]))) if fresh is not None else None
    stories.sort(key=lambda s: (s["last"] or "", s["articles"]), reverse=True)
    loose = [_event_summary(view, e["id"]) for e in view.bundle["events"] if e["id"] not in view.story_of_event]
    outlets = Counter(compare.outlet_of(a) for a in view.bundle["articles"])
    return {
        "counts": engine.summary(view.bundle),
        "outlets": [{"outlet": o, "articles": n} for o, n in outlets.most_common()],
        "stories": stories,
        "events_without_story": sorted(loose, key=lambda e: e["date"] or ""),
    }


def changes(ctx: PageContext, story_id: str, since: str | None = None) -> dict[str, Any]:
    """What changed in a story since ``since`` (24h, 2d, an ISO date or time; default: the last poll):
    new events, articles per outlet, figures that moved, new conflicts, speakers, quotes, timeline entries."""
    if story_id not in ctx.view.stories:
        raise PageNotFound("story", story_id)
    if ctx.store is None:
        raise PageNotFound("change list without a database for story", story_id)
    if not since and not ctx.store.polls(limit=1):
        # Nothing to go back to yet: the page offers the form rather than an error.
        found = ctx.view.stories[story_id]
        return {"since": None, "problem": "no poll recorded yet (storyline follow records them): choose a time",
                "story": {"id": story_id, "title": found["title"], "articles": len(ctx.view.story_articles(story_id))},
                "new_articles": 0}
    try:
        return engine.changes(ctx.store, story_id, since, data=ctx.view.bundle)
    except StorylineError as exc:
        raise BadRequest(str(exc)) from None


def story(ctx: PageContext, story_id: str) -> dict[str, Any]:
    """A story: its timeline, events, figures over time, quotes by speaker, coverage and framing."""
    view = ctx.view
    found = view.stories.get(story_id)
    if found is None:
        raise PageNotFound("story", story_id)
    ids = view.story_articles(story_id)
    events = sorted(
        (_event_summary(view, e) for e in found["events"] if e in view.events), key=lambda e: (e["date"] or "9999", e["id"])
    )
    return {
        "story": {"id": story_id, "title": found["title"], "articles": len(ids)},
        "events": events,
        "timeline": _timeline(view, set(found["events"]), set(ids)),
        **_comparison(ctx, ("story", story_id), ids),
    }


def fold_duplicates(view: CorpusView, ids: Sequence[str]) -> list[dict[str, Any]]:
    """Articles with their copies and rewrites folded under the original they derive from."""
    kinds = compare.duplicate_kinds(view.bundle)
    inside = set(ids)
    children: dict[str, list[dict[str, Any]]] = defaultdict(list)
    roots = []
    for aid in ids:
        art = view.articles.get(aid, {})
        root = art.get("duplicate_of")
        if root in inside and root != aid:
            kind, score = (kinds[aid][1], kinds[aid][2]) if aid in kinds else ("copy", None)
            via = kinds[aid][0] if aid in kinds else root
            children[root].append({**_article_ref(view, aid), "kind": kind, "score": score, "of": via})
        else:
            roots.append(aid)
    folded = [{**_article_ref(view, aid), "copies": children.get(aid, [])} for aid in roots]
    for entry in folded:
        entry["copies"].sort(key=lambda c: (c["published"] or "9999", c["id"]))
    return sorted(folded, key=lambda e: (e["published"] or "9999", e["id"]))


def event(ctx: PageContext, event_id: str) -> dict[str, Any]:
    """An event: its articles with copies and rewrites folded, and the outlet comparison."""
    view = ctx.view
    if event_id not in view.events:
        raise PageNotFound("event", event_id)
    ev = view.events[event_id]
    sid = view.story_of_event.get(event_id)
    ids = [a for a in ev["articles"] if a in view.articles]
    return {
        "event": _event_summary(view, event_id),
        "story": {"id": sid, "title": view.stories[sid]["title"]} if sid in view.stories else None,
        "articles": fold_duplicates(view, ids),
        "timeline": _timeline(view, {event_id}, set()),
        **_comparison(ctx, ("event", event_id), ids),
    }


def _conflict_figure(view: CorpusView, idx: int) -> dict[str, Any]:
    """A figure of a conflict as the conflict list shows it: where it is, and whose it is (its outlet's
    when the text attributes it to no one)."""
    fig = view.bundle["figures"][idx]
    meta = view.articles.get(fig["article"])
    outlet = compare.outlet_of(meta) if meta else compare.UNKNOWN_OUTLET
    return {"index": idx, "article": fig["article"], "outlet": outlet, "source": fig.get("source") or outlet}


def article(ctx: PageContext, article_id: str) -> dict[str, Any]:
    """An article's text with its dates, quotes, figures and entity mentions, and its copies and rewrites."""
    view = ctx.view
    meta = view.articles.get(article_id)
    store = ctx.store
    stored = store.get_article(article_id) if meta is not None and store is not None else None
    if meta is None or store is None or stored is None:
        raise PageNotFound("article", article_id)
    notes: dict[int, list[str]] = defaultdict(list)
    conflicts = []
    figures = view.bundle["figures"]
    for conflict in view.memo(("conflicts",), lambda: compare.resolve_conflicts(view.bundle)):
        for idx in conflict["figures"]:
            notes[idx].append(conflict["note"])
        if any(figures[idx]["article"] == article_id for idx in conflict["figures"]):
            conflicts.append({**conflict, "figures": [_conflict_figure(view, idx) for idx in conflict["figures"]]})
    ann = view.per_article.get(article_id, {})
    mentions = [
        {**m, "entity": view.entity_of_alias.get(m["name"].casefold())} for m in _mentions(ctx, [article_id])[article_id]
    ]
    quotes = [
        {
            **{k: v for k, v in q.items() if k != "article"},
            "index": i,
            "unresolved": compare.speaker_unresolved(q),
            "entity": q["speaker"] if q["speaker"] in view.entities and not compare.speaker_unresolved(q) else None,
        }
        for i, q in ann.get("quotes", [])
    ]
    eid = meta["event"]
    sid = view.story_of_event.get(eid) if eid else None
    return {
        "article": {**meta, "outlet": compare.outlet_of(meta), "source_path": stored.source_path},
        "text": stored.text,
        "event": _event_summary(view, eid) if eid in view.events else None,
        "story": {"id": sid, "title": view.stories[sid]["title"]} if sid in view.stories else None,
        "dates": [{**{k: v for k, v in d.items() if k != "article"}, "index": i} for i, d in ann.get("dates", [])],
        "quotes": quotes,
        "conflicts": conflicts,
        "figures": [
            {**{k: v for k, v in f.items() if k != "article"}, "index": i, "conflict": notes.get(i, [])}
            for i, f in ann.get("figures", [])
        ],
        "mentions": mentions,
        "related": _related(view, article_id),
        "revisions": [{"revision": r["revision"], "stored_at": str(r["stored_at"])} for r in store.revisions(article_id)],
        # Stages that failed on this article: their sections below are missing, not empty.
        "problems": [
            {"stage": f.stage, "error": f.error, "message": f.message}
            for f in engine.failures(store)
            if f.article == article_id
        ],
    }


def _related(view: CorpusView, aid: str) -> list[dict[str, Any]]:
    """The article's copies, rewrites and originals, each with the passages the two share.

    ``passages[]`` give ``own`` (a span in this article) and ``other`` (the span in the related one).
    """
    out = []
    for group in view.pairs.get(aid, []):
        original, *later = group["articles"]
        if aid == original:
            others, role = later, "copied by" if group["kind"] == "copy" else "rewritten by"
        else:
            others, role = [original], "copy of" if group["kind"] == "copy" else "rewrite of"
        # Passages map the later article (target) to the original (source); only pairs carry them.
        passages = group.get("passages", []) if len(group["articles"]) == 2 else []
        for other in others:
            mine, theirs = ("source", "target") if aid == original else ("target", "source")
            out.append(
                {
                    **_article_ref(view, other),
                    "relation": role,
                    "kind": group["kind"],
                    "score": group["score"],
                    "passages": [{"own": p[mine], "other": p[theirs], "score": p.get("score")} for p in passages],
                }
            )
    return out


def entity(ctx: PageContext, name: str) -> dict[str, Any]:
    """An entity: where it is mentioned, its quotes, the figures it is the source of, and its roles over time."""
    view = ctx.view
    canonical = name if name in view.entities else view.entity_of_alias.get(name.casefold())
    if canonical is None:
        raise PageNotFound("entity", name)
    ent = view.entities[canonical]
    ids = [a for a in ent["articles"] if a in view.articles]
    texts = _texts(ctx, ids)
    mentions = []
    for aid, found in _mentions(ctx, ids).items():
        for m in found:
            if view.entity_of_alias.get(m["name"].casefold()) != canonical:
                continue
            text = texts.get(aid, "")
            left, right = max(0, m["start"] - CONTEXT_CHARS), min(len(text), m["end"] + CONTEXT_CHARS)
            mentions.append(
                {
                    **_article_ref(view, aid),
                    "text": m["text"],
                    "start": m["start"],
                    "end": m["end"],
                    "before": " ".join(text[left : m["start"]].split()),
                    "after": " ".join(text[m["end"] : right].split()),
                }
            )
    mentions.sort(key=lambda m: (m["published"] or "9999", m["id"], m["start"]))
    names = {ent["name"], *ent["aliases"]}
    quotes = [
        {**_article_ref(view, q["article"]), "text": q["text"], "kind": q["kind"], "start": q["start"]}
        for q in view.bundle["quotes"]
        if q["speaker"] == canonical and q["article"] in view.articles
    ]
    figures = [
        {**_article_ref(view, f["article"]), "index": i, "text": f["text"], "value": f["value"], "unit": f["unit"], "date": f["date"]}
        for i, f in enumerate(view.bundle["figures"])
        if f["source"] in names and f["article"] in view.articles
    ]
    return {
        "entity": {k: v for k, v in ent.items() if k not in ("articles", "article_mentions")} | {"articles": len(ids)},
        "roles": _roles_over_time(view, ent, mentions, quotes, figures),
        "mentions": mentions[:MAX_MENTIONS],
        "mentions_total": len(mentions),
        "quotes": sorted(quotes, key=lambda q: (q["published"] or "9999", q["id"], q["start"])),
        "figures": figures,
    }


def _roles_over_time(
    view: CorpusView, ent: dict[str, Any], mentions: list[dict[str, Any]], quotes: list[dict[str, Any]], figures: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Per publication day, the parts the entity plays: mentioned, quoted (speaker), source of a figure,
    and which of its titles (``entities[].titles``, from the entities stage) the articles use beside it.
    """
    days: dict[str, dict[str, Any]] = defaultdict(lambda: {"mentioned": 0, "quoted": 0, "source": 0, "outlets": set(), "titles": set()})
    titles = [t for t in ent.get("titles", []) if isinstance(t, str) and t]
    for part, items in (("mentioned", mentions), ("quoted", quotes), ("source", figures)):
        for item in items:
            day = days[item["published"] or "undated"]
            day[part] += 1
            day["outlets"].add(item["outlet"])
            if part == "mentioned":
                around = f"{item['before']} {item['after']}".casefold()
                day["titles"].update(t for t in titles if t.casefold() in around)
    return [
        {"date": d, **{k: (sorted(v) if isinstance(v, set) else v) for k, v in row.items()}}
        for d, row in sorted(days.items(), key=lambda kv: (kv[0] == "undated", kv[0]))
    ]


def entities(ctx: PageContext, type: str | None = None) -> dict[str, Any]:
    """Every entity with its number of articles, optionally of one type (PERSON, ORG, GPE …)."""
    view = ctx.view
    speakers = Counter(q["speaker"] for q in view.bundle["quotes"] if q["speaker"])
    items = [
        {"name": e["name"], "type": e["type"], "aliases": e["aliases"], "articles": len(e["articles"]), "quotes": speakers[e["name"]]}
        for e in view.bundle["entities"]
        if type is None or e["type"] == type
    ]
    items.sort(key=lambda e: (-e["articles"], e["name"]))
    return {"type": type, "types": sorted({e["type"] for e in view.bundle["entities"]}), "entities": items}


def _event_title(view: CorpusView, event_id: str | None) -> str | None:
    """The event's title, for lists that would otherwise show its bare id."""
    ev = view.events.get(event_id) if event_id else None
    return (ev.get("title") or None) if ev else None


def articles(ctx: PageContext, outlet: str | None = None) -> dict[str, Any]:
    """Every article, newest first, optionally from one outlet."""
    view = ctx.view
    rows = [
        {**_article_ref(view, a["id"]), "event": a["event"], "event_title": _event_title(view, a["event"]),
         "duplicate_of": a["duplicate_of"], "analysed": a.get("analysed", True)}
        for a in view.bundle["articles"]
        if outlet is None or compare.outlet_of(a) == outlet
    ]
    rows.sort(key=lambda r: (r["published"] or "", r["id"]), reverse=True)
    outlets = sorted({compare.outlet_of(a) for a in view.bundle["articles"]})
    return {"outlet": outlet, "outlets": outlets, "articles": rows}


def search(ctx: PageContext, q: str = "", limit: int = 50) -> dict[str, Any]:
    """Full-text search over titles and texts (SQLite FTS5 or PostgreSQL full-text search)."""
    hits = []
    if q.strip() and ctx.store is not None:
        for hit in ctx.store.search(q, limit=max(1, min(limit, 200))):
            art = ctx.view.articles.get(hit["article"], {})
            hits.append(
                {
                    **_article_ref(ctx.view, hit["article"]),
                    "snippet": hit["snippet"],
                    "snippet_html": hit.get("snippet_html", ""),
                    "rank": hit["rank"],
                    "event": art.get("event"),
                }
            )
    return {"query": q, "hits": hits}


def problems(ctx: PageContext) -> dict[str, Any]:
    """Analysis problems: every article (or corpus stage) that a stage failed on, grouped by stage."""
    items = engine.failures(ctx.store) if ctx.store is not None else []
    failures = []
    for f in items:
        row = f.as_dict()
        row["title"] = _article_ref(ctx.view, f.article)["title"] if f.article else None
        failures.append(row)
    return {
        "total": len(failures),
        "stages": engine.failure_table(items),
        "failures": failures,
        "retry": "storyline analyze --retry-failed",
    }
