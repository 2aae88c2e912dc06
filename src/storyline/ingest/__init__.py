"""Ingest: read articles from every common news format, cleaned and ready to store.

:func:`iter_path` is the one entry point. It yields :class:`~storyline.models.Article`
values and, for anything it cannot take, :class:`~storyline.errors.InputError` values
(yielded, not raised) so that the caller chooses: store the good records (lenient) or write
nothing (strict).

Formats, one module each: :mod:`.plaintext`, :mod:`.html`, :mod:`.jsonl` (JSON, JSON Lines and
JSON Feed, under the field names of news APIs and of the crawlers news-please, trafilatura and
newspaper4k), :mod:`.csvfile` (CSV/TSV, the same names), :mod:`.feed` (RSS/Atom) and
:mod:`.trafxml` (trafilatura's XML). Shared steps (dates, clean-up, language, outlet, ids) live
in :mod:`.record`, :mod:`.published`, :mod:`.cleanup`, :mod:`.language` and :mod:`.outlets`.

Directory walk rule
-------------------
A path named by the user is always read: its format comes from its extension, and from
its content when it has no extension or is ``.xml`` (a file storyline cannot read is an
:class:`~storyline.errors.UnknownFormatError`). A directory is walked recursively in sorted
path order (names sorted, files and sub-directories interleaved; links to directories are
not followed), and in it storyline reads only files with a supported extension
(.txt .text .html .htm .xhtml .json .jsonl .ndjson .csv .tsv .rss .atom .xml), skipping:

- hidden files and directories (names starting with ``.``);
- documentation: a name whose part before the first dot is README, LICENSE, LICENCE,
  CHANGELOG, CHANGES, NOTICE, CONTRIBUTING or AUTHORS (any case, any extension);
- answer keys: a file whose name before the extension is ``gold`` or ends in
  ``.gold``/``-gold``/``_gold`` (``gold.json``, ``dev-gold.jsonl``);
- everything else, such as images, .md files or extension-less files: counted by extension in
  the ``skipped`` counter the caller passes, so that it can warn once per run.

A directory in which nothing is readable, or that cannot be listed, yields one InputError.
"""

from __future__ import annotations

import logging
import os
import re
from collections import Counter
from collections.abc import Iterator, Mapping
from datetime import date
from pathlib import Path

from storyline.errors import InputError, UnknownFormatError
from storyline.ingest.detect import EXTENSIONS, SUPPORTED_FORMATS, decode_utf8, detect_format
from storyline.ingest.record import RawRecord, finish
from storyline.models import Article

__all__ = ["SUPPORTED_FORMATS", "iter_path", "iter_file", "walk"]

log = logging.getLogger(__name__)

_DOC_STEMS = frozenset({"readme", "license", "licence", "changelog", "changes", "notice", "contributing", "authors"})
_GOLD_STEM = re.compile(r"(?:^|[._-])gold$", re.IGNORECASE)
WALKED_EXTENSIONS = frozenset(EXTENSIONS) | {".xml"}


def iter_path(
    path: str | Path,
    *,
    outlet: str | None = None,
    published: date | None = None,
    columns: Mapping[str, str] | None = None,
    skipped: Counter[str] | None = None,
) -> Iterator[Article | InputError]:
    """Yield the articles under ``path`` (a file or a directory), and an InputError per rejected record.

    Args:
        path: a file in any supported format, or a directory walked recursively (see the
            module docstring for which files a walk reads).
        outlet: when given, replaces every article's outlet.
        published: when given, replaces every article's publication date (the file's own
            date is then not parsed, so a bad one is no error).
        columns: storyline's field names mapped to a CSV's columns or JSON's field names,
            for inputs that name them otherwise (``{"text": "body"}``).
        skipped: counts, by extension, the files a directory walk does not read.
    """
    path = Path(path)
    if path.is_dir():
        found = False
        for file in walk(path, skipped):
            found = True
            if isinstance(file, InputError):
                yield file
            else:
                yield from iter_file(file, outlet=outlet, published=published, columns=columns)
        if not found:
            yield InputError(path, None, "the directory holds no file storyline reads", SUPPORTED_FORMATS)
        return
    if not path.exists():
        yield InputError(path, None, "no such file or directory", SUPPORTED_FORMATS)
        return
    yield from iter_file(path, outlet=outlet, published=published, columns=columns)


def walk(directory: Path, skipped: Counter[str] | None = None) -> Iterator[Path | InputError]:
    """The files a directory walk reads, recursively, in sorted path order.

    Entries are sorted by name with files and sub-directories interleaved, so ``a.txt``,
    ``b/1.txt``, ``c.txt`` come in that order. Symbolic links to directories are not followed
    (a link cycle would never end). A directory that cannot be listed is an InputError.
    Files of a type storyline does not read are counted in ``skipped`` by extension.
    """
    try:
        entries = sorted(os.scandir(directory), key=lambda e: e.name)
    except OSError as e:
        yield InputError(directory, None, f"cannot list the directory: {e.strerror or e}", "a readable directory")
        return
    for entry in entries:
        path = Path(entry.path)
        if entry.name.startswith("."):
            continue
        if entry.is_dir(follow_symlinks=False):
            yield from walk(path, skipped)
        elif _walked(path):
            yield path
        else:
            log.info("skipping %s: not an article file", path)
            if skipped is not None and _unsupported(path):
                skipped[path.suffix.lower() or "(no extension)"] += 1


def _unsupported(file: Path) -> bool:
    """Skipped for its type alone (not as documentation, an answer key or a hidden file)."""
    return not (file.name.split(".")[0].lower() in _DOC_STEMS or _GOLD_STEM.search(file.stem))


def _walked(file: Path) -> bool:
    name = file.name
    if name.startswith(".") or name.split(".")[0].lower() in _DOC_STEMS:
        return False
    if _GOLD_STEM.search(file.stem):
        return False
    return file.suffix.lower() in WALKED_EXTENSIONS


def iter_file(
    path: Path,
    *,
    outlet: str | None = None,
    published: date | None = None,
    columns: Mapping[str, str] | None = None,
) -> Iterator[Article | InputError]:
    """Yield the articles of one file, whatever its format, and an InputError per rejected record."""
    try:
        size = path.stat().st_size
        if size == 0:
            yield InputError(path, None, "file is empty", "a file holding at least one article")
            return
        kind = detect_format(path)
        if kind is None:
            what = f"extension {path.suffix!r}" if path.suffix else "no extension"
            yield UnknownFormatError(
                path, None, f"cannot tell the format of this file ({what}, and its content is no feed, HTML, JSON or text)",
                SUPPORTED_FORMATS,
            )
            return
        for item in _records(path, kind, columns):
            if isinstance(item, RawRecord):
                yield finish(item, path, outlet=outlet, published=published)
            else:
                yield item
    except OSError as e:
        yield InputError(path, None, f"cannot read the file: {e.strerror or e}", "a readable file")


def _records(path: Path, kind: str, columns: Mapping[str, str] | None = None) -> Iterator[RawRecord | InputError]:
    """Dispatch to the format's reader."""
    if kind == "jsonl":
        from storyline.ingest.jsonl import parse_jsonl

        yield from parse_jsonl(path, columns)
        return
    if kind == "json":
        from storyline.ingest.jsonl import parse_json

        yield from parse_json(path, columns)
        return
    if kind == "csv":
        from storyline.ingest.csvfile import parse_csv

        yield from parse_csv(path, columns)
        return
    data = path.read_bytes()
    if not data.strip():
        yield InputError(path, None, "file is empty (only whitespace)", "a file holding at least one article")
        return
    if kind == "feed":
        from storyline.ingest.feed import parse_feed

        yield from parse_feed(path, data)
        return
    if kind == "trafilatura":
        from storyline.ingest.trafxml import parse_trafilatura_xml

        yield from parse_trafilatura_xml(path, data)
        return
    if kind == "html":
        from storyline.ingest.html import decode_html, parse_html

        page = decode_html(path, data)
        yield from [page] if isinstance(page, InputError) else parse_html(path, page)
        return
    from storyline.ingest.plaintext import parse_text

    text = decode_utf8(path, data)
    yield from [text] if isinstance(text, InputError) else parse_text(path, text)
