"""Reader for the Giveme5W1H news-cluster set in its native news-please JSON form
(``news_cluster/<id>.json``). Gold event: ``newsCluster.EventId``."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

from storyline.errors import InputError
from storyline.eval.readers.common import EvalDoc, iter_json_files, parse_day, require_dir


def read_giveme5w1h(path: str | Path) -> Iterator[EvalDoc]:
    """Yield every article under ``path`` (the set's folder or its ``news_cluster`` folder), sorted by file."""
    root = Path(path)
    root = root / "news_cluster" if (root / "news_cluster").is_dir() else root
    require_dir(root, "Giveme5W1H news_cluster", "news_cluster/<id>.json")
    for file, data in iter_json_files(
        root, "*.json", "no article JSON files found", "news_cluster/<id>.json in news-please form", "a news-please JSON object"
    ):
        cluster = data.get("newsCluster")
        if isinstance(cluster, str):
            # The set stores the label dict as a Python literal, not as JSON.
            try:
                cluster = ast.literal_eval(cluster)
            except (ValueError, SyntaxError):
                raise InputError(file, None, f"unreadable newsCluster {cluster[:80]!r}", "a dict with EventId") from None
        if not isinstance(cluster, dict) or "EventId" not in cluster:
            raise InputError(file, None, f"missing newsCluster.EventId (got {str(cluster)[:80]!r})", "a dict with EventId")
        text = str(data.get("text") or "")
        title = str(data.get("title") or "")
        yield EvalDoc(
            id=file.stem,
            title=title,
            text=text if text.strip() else title,
            published=parse_day(str(data.get("date_publish") or ""), file, None, "an ISO date"),
            outlet=str(data.get("source_domain") or "") or None,
            event=str(cluster["EventId"]),
        )
