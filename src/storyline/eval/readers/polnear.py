"""Read PolNeAR (Political News Attribution Relations) from its brat standoff files.

Layout expected under the data root (as published):
``<split>/text/<article>.txt`` and ``<split>/attributions/<article>_<annotator>.ann``. One
article may be annotated by several annotators; each ``.ann`` file is read as its own gold
document over the same text.

In each ``.ann`` file, ``T`` lines are spans (``T3<TAB>Content 115 290<TAB>text``; a
discontinuous span lists ``start end`` pairs joined by ``;``) and ``E`` lines tie one
attribution together (``E1<TAB>Attribution:T4 Content:T3 Cue:T2 Source:T1``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from storyline.errors import InputError

Span = tuple[int, int]
_ROLES = ("Content", "Cue", "Source")
_SPLITS = ("train", "dev", "test")
# A brat annotation line opens with its id and a tab ("T12\t", "E3\t", "#1\t").
_ID = re.compile(r"[A-Z#]\d+\t")


@dataclass
class GoldAttribution:
    """One gold attribution relation: content, cue and (optional) source spans."""

    content: list[Span]
    cue: list[Span] = field(default_factory=list)
    source: list[Span] = field(default_factory=list)


@dataclass
class GoldDocument:
    """One annotation file over one article text."""

    name: str
    text: str
    attributions: list[GoldAttribution]


def _spans(raw: str, path: Path, line: int) -> list[Span]:
    out = []
    for part in raw.split(";"):
        try:
            start, end = (int(x) for x in part.split())
        except ValueError:
            raise InputError(path, line, f"bad span {part!r}", "'START END' pairs of integers joined by ';'") from None
        out.append((start, end))
    return out


def read_ann(path: Path, text: str) -> list[GoldAttribution]:
    """Parse one brat ``.ann`` file of PolNeAR into attribution relations.

    Raises:
        InputError: a line that is not a brat span or relation, or a span outside the text.
    """
    spans: dict[str, tuple[str, list[Span]]] = {}
    relations: list[list[tuple[str, str]]] = []
    for n, line in enumerate(path.read_bytes().decode("utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if not _ID.match(line):
            # The span text of the line before ran over a line break ("…\n\nThe number of …"):
            # not an annotation line of its own.
            continue
        if line.startswith("T"):
            if len(fields) < 2 or " " not in fields[1]:
                raise InputError(path, n, f"bad span line {line[:60]!r}", "'T<n><TAB>Type START END<TAB>text'")
            label, _, raw = fields[1].partition(" ")
            parts = _spans(raw, path, n)
            if any(s < 0 or e > len(text) or e < s for s, e in parts):
                raise InputError(path, n, f"span {raw!r} lies outside the text ({len(text)} characters)", "offsets within the article text")
            spans[fields[0]] = (label, parts)
        elif line.startswith("E"):
            if len(fields) < 2:
                raise InputError(path, n, f"bad relation line {line[:60]!r}", "'E<n><TAB>Attribution:T.. Content:T.. ...'")
            args = []
            for arg in fields[1].split():
                role, _, ref = arg.partition(":")
                args.append((re.sub(r"\d+$", "", role), ref))
            relations.append(args)
    out = []
    for args in relations:
        got: dict[str, list[Span]] = {r: [] for r in _ROLES}
        for role, ref in args:
            if role in got and ref in spans:
                got[role].extend(spans[ref][1])
        if got["Content"]:
            out.append(GoldAttribution(sorted(got["Content"]), sorted(got["Cue"]), sorted(got["Source"])))
    return out


def read_split(root: str | Path, split: str = "dev", limit: int | None = None) -> Iterator[GoldDocument]:
    """Yield the gold documents of one PolNeAR split, in file-name order.

    Raises:
        InputError: the split is missing or unknown, or an annotation file is malformed.
    """
    root = Path(root)
    if split not in _SPLITS:
        raise InputError(root, None, f"unknown split {split!r}", ", ".join(_SPLITS))
    text_dir, ann_dir = root / split / "text", root / split / "attributions"
    if not text_dir.is_dir() or not ann_dir.is_dir():
        raise InputError(root, None, f"no {split}/text and {split}/attributions folders here", "the PolNeAR data folder (with train/ and dev/)")
    texts: dict[str, str] = {}
    for n, ann in enumerate(sorted(ann_dir.glob("*.ann"))):
        if limit is not None and n >= limit:
            break
        stem = ann.stem.rsplit("_", 1)[0]
        if stem not in texts:
            txt = text_dir / f"{stem}.txt"
            if not txt.is_file():
                raise InputError(ann, None, f"no text file {txt.name!r} for this annotation", "a .txt of the same name in text/")
            texts[stem] = txt.read_bytes().decode("utf-8")
        yield GoldDocument(ann.stem, texts[stem], read_ann(ann, texts[stem]))
