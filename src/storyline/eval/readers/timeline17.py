"""Reader for Timeline17's input articles (``<topic>_<outlet>/InputDocs/<YYYY-MM-DD>/<n>.htm.txt``).

The files are plain text, one sentence per line, lightly tokenised in the Penn Treebank manner
("Thursday 's", "`` useless ''"). The reader undoes that tokenisation so that the text reads like
an article again; the folder name gives the publication date and the topic folder the outlet.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from storyline.errors import InputError

_GLUE_LEFT = re.compile(r" (?=(?:[.,;:!?%)\]}]|'s|'re|'ve|'ll|'d|'m|n't|'')(?:\s|$))", re.IGNORECASE)
_GLUE_RIGHT = re.compile(r"(``|[(\[{$]) ")


@dataclass(frozen=True)
class T17Doc:
    """One input article: its path relative to the set's folder, publication day, outlet and text."""

    id: str
    published: date
    outlet: str
    text: str


def untokenize(line: str) -> str:
    """A Penn-tokenised line as plain text: "Thursday 's `` historic '' decrees ." → "Thursday's "historic" decrees."."""
    line = line.strip().replace("-LRB-", "(").replace("-RRB-", ")")
    line = _GLUE_RIGHT.sub(r"\1", _GLUE_LEFT.sub("", line))
    return line.replace("``", '"').replace("''", '"')


def list_files(root: Path) -> list[Path]:
    """Every input article under ``root`` (the set's folder or one topic folder), sorted."""
    if not root.is_dir():
        raise InputError(root, None, f"no such folder: {str(root)!r}", "the Timeline17 folder (<topic>_<outlet>/InputDocs/<YYYY-MM-DD>/<n>.htm.txt)")
    files = sorted(root.glob("*/InputDocs/*/*.txt")) or sorted(root.glob("InputDocs/*/*.txt"))
    if not files:
        raise InputError(root, None, "no InputDocs/<YYYY-MM-DD>/*.txt files found", "the Timeline17 folder layout")
    return files


def read_timeline17(path: str | Path, *, limit: int | None = None, seed: int = 17) -> Iterator[T17Doc]:
    """Yield the set's articles in path order; ``limit`` picks that many at random (seeded, so repeatable).

    Raises:
        InputError: the folder is missing or holds no input articles, or a date folder is not a date.
    """
    root = Path(path)
    files = list_files(root)
    if limit is not None and limit < len(files):
        files = sorted(random.Random(seed).sample(files, limit))
    for file in files:
        day = file.parent.name
        try:
            published = date.fromisoformat(day)
        except ValueError:
            raise InputError(file, None, f"date folder {day!r} is not a date", "InputDocs/<YYYY-MM-DD>/") from None
        topic = file.parent.parent.parent.name
        outlet = topic.rsplit("_", 1)[-1] if "_" in topic else topic
        raw = file.read_text(encoding="utf-8", errors="replace")
        text = "\n".join(untokenize(line) for line in raw.splitlines() if line.strip())
        if not text:
            continue  # a few files of the set are empty
        yield T17Doc(id=str(file.relative_to(root)), published=published, outlet=outlet, text=text)
