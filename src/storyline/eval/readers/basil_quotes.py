"""Read BASIL's quote spans and their gold speakers.

Layout (as published): ``articles/<year>/<triplet>_<n>.json`` (``body-paragraphs``: a list of
paragraphs, each a list of sentences) and ``annotations/<year>/<triplet>_<n>_ann.json``, whose
``phrase-level-annotations`` mark bias spans; those with ``quote: "yes"`` carry a ``speaker``
label ("Donald_Trump", "House_Democrats", or "other_pro" / "other_anti" / "other_neutral" for
anyone else). The spans' offsets are relative to an unnamed paragraph, so a span is placed by
finding its text in the article.

The article text is the paragraphs joined by a blank line, each paragraph's sentences by a space.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from storyline.errors import InputError


@dataclass
class QuoteSpan:
    """A gold quote span placed in the article text, with its speaker label."""

    start: int
    end: int
    speaker: str


@dataclass
class BasilArticle:
    """One BASIL article with its quote spans."""

    id: str
    text: str
    published: str
    quotes: list[QuoteSpan]


def _load(path: Path) -> dict:  # type: ignore[type-arg]
    try:
        return json.loads(path.read_text(encoding="utf-8"))  # type: ignore[no-any-return]
    except (json.JSONDecodeError, UnicodeDecodeError) as e:
        raise InputError(path, getattr(e, "lineno", None), f"not JSON: {e}", "a BASIL JSON object") from None


def read_basil_quotes(root: str | Path) -> Iterator[BasilArticle]:
    """Yield every BASIL article that has an annotation file, with its placed quote spans.

    Raises:
        InputError: the folder lacks articles/ or annotations/, a file is not JSON, or an
            annotation file's article is missing or has another uuid.
    """
    root = Path(root)
    if not (root / "articles").is_dir() or not (root / "annotations").is_dir():
        raise InputError(root, None, "no articles/ and annotations/ folders here", "the BASIL data folder")
    for ann_path in sorted((root / "annotations").glob("*/*_ann.json")):
        art_path = root / "articles" / ann_path.parent.name / ann_path.name.replace("_ann.json", ".json")
        if not art_path.is_file():
            raise InputError(ann_path, None, f"no article file {art_path.name!r}", "articles/<year>/<triplet>_<n>.json")
        ann, art = _load(ann_path), _load(art_path)
        if ann.get("uuid") != art.get("uuid"):
            raise InputError(ann_path, None, f"uuid {ann.get('uuid')!r} is not the article's {art.get('uuid')!r}", "matching uuids")
        paragraphs = [" ".join(p) if isinstance(p, list) else str(p) for p in art.get("body-paragraphs", [])]
        text = "\n\n".join(p for p in paragraphs if p.strip())
        quotes = []
        for item in ann.get("phrase-level-annotations", []):
            if item.get("quote") != "yes" or not item.get("txt"):
                continue
            start = text.find(item["txt"])
            if start >= 0:
                quotes.append(QuoteSpan(start, start + len(item["txt"]), str(item.get("speaker") or "")))
        yield BasilArticle(art_path.stem, text, str(art.get("date") or ""), quotes)
