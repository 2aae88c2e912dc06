"""What every clustering-set reader yields, and helpers shared by the readers of tokenised sets."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from storyline.errors import InputError


@dataclass(frozen=True)
class EvalDoc:
    """One article of a public clustering set, with its gold labels.

    Attributes:
        id: the set's own document id.
        title: the headline ("" when the set has none).
        text: the body (the headline itself for headline-only sets).
        published: publication day, when the set gives one.
        outlet: the publisher, when the set gives one.
        event: gold event label.
        story: gold story label, for sets that have one (ECB+ topics), else None.
        split: "train" or "dev" where the set has a split, else "all".
    """

    id: str
    title: str
    text: str
    published: date | None
    outlet: str | None
    event: str
    story: str | None = None
    split: str = "all"


_NO_SPACE_BEFORE = re.compile(r"^(?:[.,;:!?%)\]}”’]|'s|'re|'ve|'ll|'d|'m|n't|'|\.\.\.)$", re.IGNORECASE)
_NO_SPACE_AFTER = frozenset({"(", "[", "{", "“", "‘", "$", "#"})


def detokenize(tokens: Iterable[str]) -> str:
    """Join tokens into readable text: no space before closing punctuation or after opening ones."""
    out: list[str] = []
    prev = ""
    for tok in tokens:
        if out and not _NO_SPACE_BEFORE.match(tok) and prev not in _NO_SPACE_AFTER:
            out.append(" ")
        out.append(tok)
        prev = tok
    return "".join(out)


def require_dir(path: Path, what: str, expected: str) -> Path:
    """``path`` if it is a directory holding ``expected``; else an InputError saying what is accepted."""
    if not path.exists():
        raise InputError(path, None, f"no such file or directory: {str(path)!r}", f"the {what} folder ({expected})")
    return path


def parse_day(value: str, path: Path, line: int | None, accepted: str) -> date | None:
    """A YYYY-MM-DD prefix as a date; empty or "None" gives None; anything else an InputError."""
    value = (value or "").strip()
    if not value or value == "None":
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        raise InputError(path, line, f"unreadable date {value!r}", accepted) from None


def iter_json_files(root: Path, pattern: str, missing: str, expected: str, form: str) -> Iterator[tuple[Path, dict[str, Any]]]:
    """Each ``pattern`` file under ``root``, sorted, with its parsed JSON object.

    Raises:
        InputError: no file matches (``missing``, accepted ``expected``), or a file is not JSON
            (accepted ``form``).
    """
    files = sorted(root.glob(pattern))
    if not files:
        raise InputError(root, None, missing, expected)
    for file in files:
        try:
            data = json.loads(file.read_text(encoding="utf-8"))
        except (json.JSONDecodeError, UnicodeDecodeError) as e:
            raise InputError(file, getattr(e, "lineno", None), f"not JSON: {e}", form) from None
        yield file, data
