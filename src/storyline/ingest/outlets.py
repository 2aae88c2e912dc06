"""Outlet names: a site's name when the input gives one, else its domain, and the user's registry.

Crawlers name the outlet in many ways (``sitename``, ``source-hostname``, ``meta_site_name``,
a ``www.`` domain, a feed's channel title). This module turns them into one name per outlet:

- :func:`domain_of` reads the domain of a url or a bare host name, without ``www.``;
- :func:`is_site_name` tells a feed title that names a site ("Harbour Post") from one that
  describes a section ("World News - Breaking News, Top Stories");
- :func:`is_site_title` tells an article title that is only a site's or CMS's name ("escenic",
  "BBC News - Americas") from a headline;
- :func:`apply_registry` maps an article's domain or feed title through the outlet registry
  the store keeps (``storyline outlets``), and :func:`registry_seeds` says what an article
  teaches the registry.

An article whose outlet was guessed (from its domain or a feed title) says so in
``meta["outlet_from"]``; only such guesses give way to names the registry learnt by itself,
while a name the user set replaces any outlet the input gave.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

from storyline.models import Article

# Where an outlet name came from, weakest first.
FROM_DOMAIN = "domain"
FROM_FEED = "feed title"
# Registry entry origins: learnt from a site name, learnt from a domain alone, set by the user.
SEEN, GUESSED, USER = "seen", "guessed", "user"
KINDS = ("domain", "feed")

_HOST = re.compile(r"^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{1,62}$")
# A feed title split by these is "Section - Site" or "Site | Section": no single name.
_TITLE_SEPARATORS = re.compile(r"\s[-–—|:»·]\s|,|:\s")
_GENERIC = frozenset(
    "news latest breaking top stories story headlines home front page world national local all articles "
    "feed rss updates live today daily the and of & en english edition section".split()
)


@dataclass(frozen=True)
class OutletEntry:
    """One registry row: a domain or feed title (``key``) and the outlet name it stands for."""

    key: str
    kind: str  # "domain" or "feed"
    name: str
    origin: str  # SEEN, GUESSED or USER

    def as_dict(self) -> dict[str, str]:
        """The entry as plain data."""
        return dataclasses.asdict(self)


def looks_like_url(value: str) -> bool:
    """Whether ``value`` is an absolute http(s) url."""
    return bool(re.match(r"^https?://\S+$", value.strip(), re.IGNORECASE))


def domain_of(value: str | None) -> str | None:
    """The lower-case host of a url or a bare host name, without ``www.``; None when it is neither."""
    if not value:
        return None
    text = value.strip().lower()
    host = urlsplit(text).hostname if "//" in text else text.split("/")[0].split(":")[0]
    if not host or not _HOST.match(host):
        return None
    return host.removeprefix("www.")


def name_or_domain(value: str | None) -> tuple[str | None, bool]:
    """An outlet value as given, or its domain without ``www.`` when it is a host name; and which it was.

    A url is no outlet name at all: ``(None, False)``.
    """
    if not value or not value.strip() or looks_like_url(value):
        return None, False
    text = value.strip()
    if "." in text and " " not in text and domain_of(text):
        return domain_of(text), True
    return text, False


def registry_key(value: str) -> str:
    """The registry's form of a domain or feed title: lower case, single spaces, no ``www.``."""
    key = " ".join(value.split()).casefold()
    return domain_of(key) or key


def is_site_name(title: str) -> bool:
    """Whether a feed title reads as a site's name rather than a section's description."""
    title = " ".join(title.split())
    if not title or len(title) > 40 or _TITLE_SEPARATORS.search(title):
        return False
    words = re.findall(r"[\w']+", title.casefold())
    return bool(words) and not all(w in _GENERIC for w in words)


# Content-management systems whose name a page's title field sometimes carries instead of a headline.
_CMS_NAMES = frozenset(
    "escenic wordpress drupal joomla arc xp arcxp brightspot sitecore typo3 ghost contentful "
    "newscred polopoly methode eidos blox tow ellington".split()
)


def is_site_title(title: str, outlet: str | None = None) -> bool:
    """Whether an article's title names a site or its CMS rather than the story: a CMS name
    ("escenic"), the outlet's own name, or the outlet's name with a section ("BBC News - Americas")."""
    words = re.findall(r"[\w']+", title.casefold())
    if not words:
        return False
    if " ".join(words) in _CMS_NAMES or all(w in _CMS_NAMES for w in words):
        return True
    if not outlet:
        return False
    site = re.findall(r"[\w']+", outlet.casefold())
    parts = [re.findall(r"[\w']+", p.casefold()) for p in _TITLE_SEPARATORS.split(title) if p.strip()]
    if not site or not any(p[: len(site)] == site and all(w in _GENERIC for w in p[len(site) :]) for p in parts):
        return False
    # Every other part is a section's name: one word ("Americas") or generic words ("World News").
    return all(len(p) <= 1 or all(w in _GENERIC for w in p) or (p[: len(site)] == site) for p in parts)


def apply_registry(article: Article, registry: Mapping[str, OutletEntry], *, forced: bool = False) -> Article:
    """``article`` with its outlet mapped through the registry.

    A user's entry for the article's feed title or domain always wins; a learnt entry only
    replaces an outlet that was itself guessed. ``forced`` (``--outlet`` given) keeps the outlet.
    """
    if forced or not registry:
        return article
    guessed = article.meta.get("outlet_from") in (FROM_DOMAIN, FROM_FEED)
    for key in _keys(article):
        entry = registry.get(key)
        if entry is None or entry.name == article.outlet:
            continue
        if entry.origin == USER or (guessed and entry.origin == SEEN):
            meta = {k: v for k, v in article.meta.items() if k != "outlet_from"}
            meta["outlet_from"] = "registry"
            return dataclasses.replace(article, outlet=entry.name, meta=meta)
    return article


def registry_seeds(article: Article) -> list[OutletEntry]:
    """What an ingested article teaches the registry: its domain and feed title, each with its outlet."""
    if not article.outlet:
        return []
    origin = GUESSED if article.meta.get("outlet_from") in (FROM_DOMAIN, FROM_FEED) else SEEN
    seeds = []
    domain = domain_of(article.url)
    if domain:
        seeds.append(OutletEntry(domain, "domain", article.outlet, origin))
    title = article.meta.get("feed_title")
    if isinstance(title, str) and title.strip():
        seeds.append(OutletEntry(registry_key(title), "feed", article.outlet, origin))
    return seeds


def _keys(article: Article) -> list[str]:
    keys = []
    title = article.meta.get("feed_title")
    if isinstance(title, str) and title.strip():
        keys.append(registry_key(title))
    domain = domain_of(article.url)
    if domain:
        keys.append(domain)
    return keys


__all__ = [
    "FROM_DOMAIN", "FROM_FEED", "GUESSED", "KINDS", "SEEN", "USER", "OutletEntry", "apply_registry", "domain_of",
    "is_site_name", "looks_like_url", "name_or_domain", "registry_key", "registry_seeds",
]
