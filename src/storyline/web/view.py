"""The analysed corpus as the web pages read it: the bundle plus lookups, cached per database state.

Building the bundle reads every stored result, so it happens once per state of the database, not
once per request. The state is a fingerprint of the store (``Store.fingerprint()`` when the backend
offers one, else a hash of ``Store.stats()``, whose counts and latest ``stored_at`` times change with
any ingest or analysis). The fingerprint itself is re-read at most every ``recheck_s`` seconds, so a
burst of requests costs one check. Derived results (a story's comparison, an article's mentions) are
memoised on the view and vanish with it when the database changes.
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from typing import Any, TypeVar

from storyline import engine
from storyline.store import Store

T = TypeVar("T")


def store_fingerprint(store: Store) -> str:
    """A string that changes whenever the store's articles or stage results change."""
    own = getattr(store, "fingerprint", None)
    if callable(own):
        return str(own())
    stats = json.dumps(store.stats(), sort_keys=True, default=str)
    return hashlib.sha1(stats.encode("utf-8")).hexdigest()


class CorpusView:
    """One bundle with the lookups pages need, and a memo for results derived from it."""

    def __init__(self, bundle: dict[str, Any], fingerprint: str) -> None:
        self.bundle = bundle
        self.fingerprint = fingerprint
        self.articles: dict[str, dict[str, Any]] = {a["id"]: a for a in bundle["articles"]}
        self.events: dict[str, dict[str, Any]] = {e["id"]: e for e in bundle["events"]}
        self.stories: dict[str, dict[str, Any]] = {s["id"]: s for s in bundle["stories"]}
        self.story_of_event: dict[str, str] = {}
        for story in bundle["stories"]:
            for eid in story["events"]:
                self.story_of_event[eid] = story["id"]
        for ev in bundle["events"]:
            if ev.get("story") and ev["id"] not in self.story_of_event:
                self.story_of_event[ev["id"]] = ev["story"]
        # Per-article annotations, keeping each item's index in its section (figure ids, conflicts).
        self.per_article: dict[str, dict[str, list[tuple[int, dict[str, Any]]]]] = defaultdict(lambda: defaultdict(list))
        for section in ("dates", "quotes", "figures"):
            for i, item in enumerate(bundle[section]):
                self.per_article[item["article"]][section].append((i, item))
        # Duplicate pairs an article belongs to, either side.
        self.pairs: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for group in bundle["duplicates"]:
            for aid in group["articles"]:
                self.pairs[aid].append(group)
        self.entities: dict[str, dict[str, Any]] = {e["name"]: e for e in bundle["entities"]}
        self.entity_of_alias: dict[str, str] = {}
        for ent in sorted(bundle["entities"], key=lambda e: -len(e["articles"])):
            for alias in [ent["name"], *ent["aliases"]]:
                self.entity_of_alias.setdefault(alias.casefold(), ent["name"])
        self._memo: dict[Any, Any] = {}
        self._lock = threading.Lock()

    def memo(self, key: Any, compute: Callable[[], T]) -> T:
        """``compute()``'s result, computed once per key for this view."""
        with self._lock:
            if key in self._memo:
                return self._memo[key]  # type: ignore[no-any-return]
        value = compute()
        with self._lock:
            return self._memo.setdefault(key, value)  # type: ignore[no-any-return]

    def has(self, key: Any) -> bool:
        """Whether ``key`` is memoised already."""
        with self._lock:
            return key in self._memo

    def story_articles(self, story_id: str) -> list[str]:
        """Article ids of a story's events, in event order."""
        ids: dict[str, None] = {}
        for eid in self.stories[story_id]["events"]:
            ids.update(dict.fromkeys(self.events[eid]["articles"] if eid in self.events else ()))
        return list(ids)


class ViewCache:
    """Hands out the current :class:`CorpusView` of a store, rebuilding it when the store changes.

    Args:
        store: the open store.
        recheck_s: how long a fingerprint is trusted before it is read again.
        clock: monotonic seconds (injectable for tests).
        build: makes the bundle from the store (:func:`storyline.engine.bundle`; injectable for tests).
    """

    def __init__(
        self,
        store: Store,
        *,
        recheck_s: float = 1.0,
        clock: Callable[[], float] = time.monotonic,
        build: Callable[[Store], dict[str, Any]] = engine.bundle,
    ) -> None:
        self.store = store
        self._build = build
        self.recheck_s = recheck_s
        self._clock = clock
        self._view: CorpusView | None = None
        self._checked = -float("inf")
        self._lock = threading.Lock()
        self.builds = 0

    def current(self) -> CorpusView:
        """The view of the store as it is now (at most ``recheck_s`` seconds old)."""
        now = self._clock()
        view = self._view
        if view is not None and now - self._checked < self.recheck_s:
            return view
        with self._lock:
            if self._view is not None and self._clock() - self._checked < self.recheck_s:
                return self._view
            fingerprint = store_fingerprint(self.store)
            if self._view is None or self._view.fingerprint != fingerprint:
                self._view = CorpusView(self._build(self.store), fingerprint)
                self.builds += 1
            self._checked = self._clock()
            return self._view
