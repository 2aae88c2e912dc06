"""Full-text search over article title and text, for SQLite (FTS5) and PostgreSQL.

Both backends take the same web-search style query: words (all must match), ``"quoted
phrases"``, ``OR`` between two terms, and ``-word`` to exclude. Any input is accepted: an
unbalanced quote or a stray operator is read as plain words, never a syntax error.

PostgreSQL parses that syntax itself (``websearch_to_tsquery``). FTS5 has no such parser and
its own query language raises on unbalanced quotes or bare operators, so :func:`fts5_query`
rewrites the user's words into FTS5 syntax with every term quoted.
"""

from __future__ import annotations

import html
import re
from typing import Any

from sqlalchemy import Connection, text

# Private-use characters mark the highlighted words: they never occur in news text, and they
# survive the database's snippet functions so we can escape the text before adding <mark>.
_START, _STOP = "\ue000", "\ue001"
_SNIPPET_WORDS = 24
_TOKEN = re.compile(r'(-?)(?:"([^"]*)"?|([^\s"]+))')
_WORD = re.compile(r"\w+")

_SQLITE_SEARCH = text(
    f"""
    SELECT a.id AS article, a.title AS title,
           snippet(articles_fts, 1, '{_START}', '{_STOP}', '…', {_SNIPPET_WORDS // 2}) AS snippet,
           -bm25(articles_fts, 2.0, 1.0) AS rank
    FROM articles_fts JOIN articles a ON a.seq = articles_fts.rowid
    WHERE articles_fts MATCH :query
    ORDER BY rank DESC, a.id
    LIMIT :limit
    """
)

# Rank first, then build headlines for the few rows kept: ts_headline re-parses the whole text.
_POSTGRESQL_SEARCH = text(
    f"""
    WITH q AS (SELECT websearch_to_tsquery('english', :query) AS query),
    hits AS (
        SELECT a.id, ts_rank(a.search, q.query) AS rank
        FROM articles a, q
        WHERE a.search @@ q.query
        ORDER BY rank DESC, a.id
        LIMIT :limit
    )
    SELECT a.id AS article, a.title AS title,
           ts_headline('english', left(a.text, 250000), q.query,
                       'StartSel={_START}, StopSel={_STOP}, MaxWords={_SNIPPET_WORDS},
                        MinWords={_SNIPPET_WORDS // 2}, MaxFragments=1, FragmentDelimiter=" … "') AS snippet,
           hits.rank AS rank
    FROM hits JOIN articles a ON a.id = hits.id, q
    ORDER BY hits.rank DESC, a.id
    """
)


def fts5_query(query: str) -> str | None:
    """Rewrite a web-search style query into a safe FTS5 MATCH expression.

    Returns None when the query has nothing to search for (no words, or only exclusions).

    >>> fts5_query('flood "river bank" OR levee -drought')
    '("flood" AND ("river bank" OR "levee")) NOT "drought"'
    """
    clauses: list[list[str]] = []  # AND of ORs
    excluded: list[str] = []
    join_next = False
    for match in _TOKEN.finditer(query):
        negated, phrase, bare = match.group(1), match.group(2), match.group(3)
        if bare == "OR" and not negated:
            join_next = bool(clauses)
            continue
        words = _WORD.findall(phrase if phrase is not None else bare)
        if not words:
            continue
        # Words come from \w+, so they hold no quote: wrapping them makes a valid FTS5 phrase.
        term = '"' + " ".join(words) + '"'
        if negated:
            excluded.append(term)
        elif join_next:
            clauses[-1].append(term)
        else:
            clauses.append([term])
        join_next = False
    if not clauses:
        return None
    expression = " AND ".join(c[0] if len(c) == 1 else "(" + " OR ".join(c) + ")" for c in clauses)
    if excluded:
        if len(clauses) > 1:
            expression = "(" + expression + ")"
        expression += "".join(f" NOT {term}" for term in excluded)
    return expression


def _hit(row: Any) -> dict[str, Any]:
    marked = row.snippet or ""
    plain = marked.replace(_START, "").replace(_STOP, "")
    snippet_html = html.escape(marked).replace(_START, "<mark>").replace(_STOP, "</mark>")
    return {
        "article": row.article,
        "title": row.title,
        "snippet": plain,
        "snippet_html": snippet_html,
        "rank": float(row.rank),
    }


def search(connection: Connection, query: str, limit: int) -> list[dict[str, Any]]:
    """Run a full-text search on ``connection``'s dialect. See :meth:`Store.search`."""
    query = query.replace("\x00", " ")  # PostgreSQL text cannot hold NUL; it is no word anyway
    if limit <= 0 or not query.strip():
        return []
    if connection.dialect.name == "sqlite":
        expression = fts5_query(query)
        if expression is None:
            return []
        rows = connection.execute(_SQLITE_SEARCH, {"query": expression, "limit": limit})
    else:
        rows = connection.execute(_POSTGRESQL_SEARCH, {"query": query, "limit": limit})
    return [_hit(row) for row in rows]


__all__ = ["fts5_query", "search"]
