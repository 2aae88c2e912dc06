"""Fetching news from the web, politely: what ``storyline follow`` and url arguments use.

* :mod:`.client`: the polite HTTP client (robots.txt, per-host spacing, a concurrency cap,
  conditional GETs, backoff on 429 and 5xx honouring ``Retry-After``, timeouts, a size cap);
* :mod:`.robots`: robots.txt, fetched once per host per run and cached in the store for a day;
* :mod:`.feeds`: OPML files and url lists in; feeds, JSON Feeds, sitemaps and pages read;
* :mod:`.follow`: one poll cycle, with the fetch state the store keeps between runs;
* :mod:`.local`: a transport that sends every host name to one local server (tests, benchmarks).

The loop itself, storing and analysis, is ``engine.follow``.
"""

from storyline.fetch.client import DEFAULT_USER_AGENT, FetchOptions, PoliteClient, Response
from storyline.fetch.follow import FetchFailure, FollowReport

__all__ = ["DEFAULT_USER_AGENT", "FetchFailure", "FetchOptions", "FollowReport", "PoliteClient", "Response"]
