"""Reader for BASIL in its native form: ``articles/<year>/<triplet-uuid>_<n>.json``.

Gold event: ``triplet-uuid`` (the same for the NYT, Fox News and HuffPost articles of one event).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from storyline.errors import InputError
from storyline.eval.readers.common import EvalDoc, iter_json_files, parse_day, require_dir


def read_basil(path: str | Path) -> Iterator[EvalDoc]:
    """Yield every article under ``path`` (the BASIL folder or its ``articles`` folder), sorted by file."""
    root = Path(path)
    root = root / "articles" if (root / "articles").is_dir() else root
    require_dir(root, "BASIL", "articles/<year>/<uuid>_<n>.json")
    for file, data in iter_json_files(
        root, "*/*.json", "no BASIL article files found", "articles/<year>/<triplet-uuid>_<n>.json", "a BASIL article JSON object"
    ):
        for key in ("triplet-uuid", "body-paragraphs"):
            if key not in data:
                raise InputError(file, None, f"missing field {key!r}", "BASIL article JSON with triplet-uuid and body-paragraphs")
        paragraphs = [" ".join(p) if isinstance(p, list) else str(p) for p in data["body-paragraphs"]]
        yield EvalDoc(
            id=file.stem,
            title=str(data.get("title") or ""),
            text="\n\n".join(p for p in paragraphs if p.strip()),
            published=parse_day(str(data.get("date") or ""), file, None, "YYYY-MM-DD"),
            outlet=str(data.get("source") or "").lower() or None,
            event=str(data["triplet-uuid"]),
        )
