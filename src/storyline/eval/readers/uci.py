"""Reader for the UCI News Aggregator CSV (ID, TITLE, URL, PUBLISHER, CATEGORY, STORY, HOSTNAME, TIMESTAMP).

Headlines only: each headline is the article's title and its text. Gold event: STORY.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path

from storyline.errors import InputError
from storyline.eval.readers.common import EvalDoc

_COLUMNS = ("ID", "TITLE", "PUBLISHER", "STORY", "TIMESTAMP")


def read_uci(path: str | Path) -> Iterator[EvalDoc]:
    """Yield every headline of ``path`` (the CSV, or a folder holding one ``.csv``)."""
    file = Path(path)
    if file.is_dir():
        found = sorted(file.glob("*.csv"))
        if not found:
            raise InputError(file, None, "no .csv file in folder", "the UCI News Aggregator CSV")
        file = found[0]
    with file.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in _COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise InputError(file, 1, f"missing column(s) {', '.join(missing)}", f"a header with {', '.join(_COLUMNS)}")
        for row in reader:
            line = reader.line_num
            try:
                ts = datetime.fromtimestamp(int(row["TIMESTAMP"]) / 1000, tz=timezone.utc)
            except (TypeError, ValueError):
                raise InputError(file, line, f"unreadable TIMESTAMP {row['TIMESTAMP']!r}", "epoch milliseconds") from None
            title = (row["TITLE"] or "").strip()
            if not title:
                continue
            yield EvalDoc(
                id=str(row["ID"]),
                title=title,
                text=title,
                published=ts.date(),
                outlet=row["PUBLISHER"] or None,
                event=str(row["STORY"]),
            )
