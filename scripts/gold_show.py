"""Print a gold document's reader text with the character offset of each line, for annotators.

Usage: python scripts/gold_show.py DATASET DOC [--find TEXT]
(run with src on PYTHONPATH; DOC is the reader's id, e.g. haiti_bbc/InputDocs/2010-01-13/1004.htm.txt)
"""

from __future__ import annotations

import argparse
import sys

from storyline.eval.gold import reader_text, text_sha1


def main(argv: list[str] | None = None) -> int:
    """Show the text, one numbered line per text line, each prefixed by its start offset."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dataset")
    ap.add_argument("doc")
    ap.add_argument("--find", action="append", default=[], help="also print every offset of this exact text")
    args = ap.parse_args(argv)
    text = reader_text(args.dataset, args.doc)
    print(f"# {args.dataset} {args.doc} length={len(text)} sha1={text_sha1(text)}")
    offset = 0
    for line in text.split("\n"):
        print(f"{offset:6d}  {line}")
        offset += len(line) + 1
    for needle in args.find:
        hits, at = [], text.find(needle)
        while at >= 0:
            hits.append(f"{at}-{at + len(needle)}")
            at = text.find(needle, at + 1)
        print(f"# {needle!r}: {', '.join(hits) or 'not found'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
