"""CSV and TSV articles: one row per article, its columns named as JSON fields are.

Spreadsheets, Media Cloud exports (``stories_id``/``id``, ``publish_date``, ``title``, ``url``,
``media_name``, ``media_url``, ``language``, ``text``) and newspaper4k's CSV all name their
columns like the JSON field names :mod:`storyline.ingest.jsonl` maps, so a row goes through
the same mapping. ``--columns text=body,published=date`` names anything else.

Read with the standard library's ``csv`` module, row by row: a file of any size is never held
in memory. The delimiter is a tab for .tsv; for .csv, whichever of comma, semicolon or tab
splits the header line (spreadsheets in some locales write semicolons).
"""

from __future__ import annotations

import csv
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TextIO

from storyline.errors import InputError
from storyline.ingest.detect import UTF8_ACCEPTED
from storyline.ingest.jsonl import TEXT_ACCEPTED, has_text, record_from_mapping, remap
from storyline.ingest.record import RawRecord

CSV_ACCEPTED = (
    "a CSV file whose first row names the columns (text or body, title, published or publish_date, url, "
    "outlet or media_name), one article per row; --columns text=COLUMN,... names other columns"
)
_DELIMITERS = (",", ";", "\t")

# Article bodies easily exceed csv's default 128 KiB field limit; allow the largest the C long holds.
_limit = sys.maxsize
while True:
    try:
        csv.field_size_limit(_limit)
        break
    except OverflowError:
        _limit //= 2


def parse_csv(path: str | Path, columns: Mapping[str, str] | None = None) -> Iterator[RawRecord | InputError]:
    """Yield a record (or an InputError naming its line) per data row, streaming the file.

    ``columns`` maps storyline's fields to this file's column names (``{"text": "body"}``).
    """
    path = Path(path)
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            yield from _rows(path, fh, columns)
    except UnicodeDecodeError as e:
        yield InputError(path, None, f"bytes {e.object[e.start : e.start + 4]!r} are not valid UTF-8; reading stopped there", UTF8_ACCEPTED)


def _rows(path: Path, fh: TextIO, columns: Mapping[str, str] | None) -> Iterator[RawRecord | InputError]:
    first = fh.readline()
    if not first.strip():
        yield InputError(path, 1, "the first line is empty: it should name the columns", CSV_ACCEPTED)
        return
    delimiter = "\t" if path.suffix.lower() == ".tsv" else max(_DELIMITERS, key=first.count)
    header = next(csv.reader([first], delimiter=delimiter))
    names = [h.strip() for h in header]
    missing = [name for name in (columns or {}).values() if name not in names]
    if missing:
        yield InputError(
            path, 1, f"--columns names {', '.join(map(repr, missing))}, not in the header (its columns: "
            f"{', '.join(map(repr, names))})", CSV_ACCEPTED,
        )
        return
    reader = csv.reader(fh, delimiter=delimiter, strict=True)
    line, seen = 2, 0
    while True:
        start = line
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as e:
            yield InputError(path, start, f"malformed CSV row ({e}); reading stopped there", CSV_ACCEPTED)
            return
        line = reader.line_num + 2
        if not any(cell.strip() for cell in row):
            continue
        seen += 1
        if len(row) != len(names):
            yield InputError(
                path, start, f"row has {len(row)} cells but the header names {len(names)} columns", CSV_ACCEPTED
            )
            continue
        obj = remap({name: cell for name, cell in zip(names, row) if cell.strip()}, columns)
        if not has_text(obj):
            fields = ", ".join(repr(n) for n in names[:12])
            yield InputError(path, start, f"row has no text (the file's columns: {fields})", TEXT_ACCEPTED)
            continue
        yield record_from_mapping(obj, line=start)
    if not seen:
        yield InputError(path, None, "the file has a header but no rows", CSV_ACCEPTED)
