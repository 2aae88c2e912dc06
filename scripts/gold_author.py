"""Turn an annotator's compact notes into gold records: spans are found in the text, offsets computed.

Usage: python scripts/gold_author.py NOTES.txt [NOTES2.txt ...] [--write]
(src on PYTHONPATH). Without --write the records are validated and summarised; with it each
dataset's records replace those of the same (doc, annotator) in realnews/<dataset>.jsonl (a1) or
realnews/<dataset>.<annotator>.jsonl, and the
stories declared replace those of the same (story, annotator) in realnews/stories.jsonl.

Keep the notes outside the repository: their anchors are article text. The notation, one item a line
(fields split by " | "; "-" means none):

    @doc ALIAS DATASET DOC story=KEY split=dev|test [annotator=a1]
    fig ID SPAN | VALUE | QUALIFIER | WHAT | SCOPE,.. | KIND | SOURCE | AS_OF
    rel ID ALIAS.ID RELATION | WHY
    sp START [.. END] | cue=TEXT | m=TEXT | REF | SPEAKER | KIND
    date SPAN | VALUE | SAID_ON
    nq START [.. END] | WHY          (a line longer than 12 words: span = its first 12)
    note TEXT
    @story KEY DATASET SPLIT [annotator=a1]
    ev ID DATE | TITLE | ALIAS,ALIAS | MAIN DEVELOPMENT

A SPAN is the exact text, or a longer unique anchor with the span in [[ ]], optionally followed by
"@N" for its N-th occurrence. A VALUE is a number or LO~HI. For ``sp`` the statement runs from the
start of START to the end of END (the first END after START); the cue and mention are the nearest
whole-word occurrences of their text around the statement.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any

from storyline.eval.gold import GOLD_DIR, MAX_SPAN_WORDS, gold_path, load_gold, load_stories, reader_text, text_sha1, validate


class NoteError(ValueError):
    """A line of the notes that cannot be turned into a record item."""


def locate(text: str, spec: str, after: int = 0) -> tuple[int, int]:
    """The offsets of ``spec`` (plain text or an anchor with [[span]], "@N" for the N-th hit) at or after ``after``."""
    nth = 1
    m = re.search(r"@(\d+)$", spec)
    if m:
        nth, spec = int(m.group(1)), spec[: m.start()]
    if "[[" in spec:
        pre, rest = spec.split("[[", 1)
        inner, post = rest.split("]]", 1)
    else:
        pre, inner, post = "", spec, ""
    at = after - 1
    for _ in range(nth):
        at = text.find(pre + inner + post, at + 1)
        if at < 0:
            raise NoteError(f"not found: {spec!r}")
    return at + len(pre), at + len(pre) + len(inner)


def nearest(text: str, needle: str, start: int, end: int) -> list[int]:
    """The whole-word occurrence of ``needle`` closest to [start, end), preferring one outside it."""
    best: tuple[int, int, int] | None = None
    for m in re.finditer(r"(?<!\w)" + re.escape(needle) + r"(?!\w)", text):
        inside = m.start() >= start and m.end() <= end
        dist = 0 if inside else min(abs(m.start() - end), abs(start - m.end()))
        key = (int(inside), dist, m.start())
        if best is None or key < best:
            best = key
    if best is None:
        raise NoteError(f"cue/mention not found: {needle!r}")
    return [best[2], best[2] + len(needle)]


def first_words(s: str, n: int = MAX_SPAN_WORDS) -> str:
    """The prefix of ``s`` that holds its first ``n`` words (so that it stays a prefix of the text)."""
    m = re.match(r"\s*(?:\S+\s+){0,%d}\S+" % (n - 1), s)
    return m.group(0) if m else s


def fields(rest: str, n: int) -> list[str]:
    """The span field and ``n`` more, split from the right so that a span may hold " | "."""
    return [x.strip() for x in rest.rsplit(" | ", n)]


def opt(v: str) -> str | None:
    v = v.strip()
    return None if v in ("-", "") else v


def number(v: str) -> Any:
    v = v.strip().replace(",", "")
    if "~" in v:
        lo, hi = v.split("~")
        return [number(lo), number(hi)]
    f = float(v)
    return int(f) if f.is_integer() else f


def parse(paths: list[Path]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Records and stories from the notes."""
    records: list[dict[str, Any]] = []
    stories: list[dict[str, Any]] = []
    alias: dict[str, dict[str, Any]] = {}
    pending: list[tuple[dict[str, Any], str, str, str, str]] = []
    rec: dict[str, Any] | None = None
    story: dict[str, Any] | None = None
    text = ""
    for path in paths:
        for lineno, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            head, _, rest = line.partition(" ")
            try:
                if head == "@doc":
                    parts = rest.split()
                    kv = dict(p.split("=", 1) for p in parts[3:])
                    text = reader_text(parts[1], parts[2])
                    published = re.search(r"/InputDocs/(\d{4}-\d\d-\d\d)/", parts[2])
                    rec = {"dataset": parts[1], "doc": parts[2], "file": f"{parts[1]}/{parts[2]}", "text_sha1": text_sha1(text),
                           "story": kv["story"], "split": kv["split"], "published": kv.get("published") or (published.group(1) if published else None),
                           "annotator": kv.get("annotator", "a1"), "figures": [], "relations": [], "speakers": [],
                           "quoted_dates": [], "not_quotes": []}
                    rec["_text"] = text
                    alias[parts[0]] = rec
                    records.append(rec)
                elif head == "@story":
                    parts = rest.split()
                    kv = dict(p.split("=", 1) for p in parts[3:])
                    story = {"story": parts[0], "dataset": parts[1], "split": parts[2], "annotator": kv.get("annotator", "a1"), "events": []}
                    stories.append(story)
                elif head == "ev":
                    assert story is not None
                    f = [x.strip() for x in rest.split(" | ")]
                    eid, date = f[0].split()
                    story["events"].append({"id": eid, "date": date, "title": f[1],
                                            "docs": [a for a in f[2].split(",") if a], "main_development": f[3]})
                elif rec is None:
                    raise NoteError("item before any @doc")
                elif head == "fig":
                    f = fields(rest, 7)
                    fid, spec = f[0].split(" ", 1)
                    s, e = locate(text, spec)
                    rec["figures"].append({"id": fid, "start": s, "end": e, "span": text[s:e], "value": number(f[1]),
                                           "qualifier": opt(f[2]), "what": f[3], "scope": [x.strip() for x in f[4].split(",") if opt(x)],
                                           "kind": f[5], "source": f[6], "as_of": opt(f[7])})
                elif head == "rel":
                    f = fields(rest, 1)
                    fid, target, relation = f[0].split()
                    pending.append((rec, fid, target, relation, f[1]))
                elif head == "sp":
                    f = fields(rest, 5)
                    first, _, last = f[0].partition(" .. ")
                    s, e = locate(text, first)
                    if last:
                        _, e = locate(text, last, after=s)
                    cue = f[1].removeprefix("cue=")
                    men = f[2].removeprefix("m=")
                    rec["speakers"].append({"start": s, "end": e, "span": first_words(text[s:e]),
                                            "cue": nearest(text, cue, s, e) if opt(cue) else None,
                                            "mention": nearest(text, men, s, e) if opt(men) else None,
                                            "ref": f[3], "speaker": f[4], "kind": f[5]})
                elif head == "date":
                    f = fields(rest, 2)
                    s, e = locate(text, f[0])
                    rec["quoted_dates"].append({"start": s, "end": e, "span": text[s:e], "value": opt(f[1]), "said_on": opt(f[2])})
                elif head == "nq":
                    f = fields(rest, 1)
                    first, _, last = f[0].partition(" .. ")
                    s, e = locate(text, first)
                    if last:
                        _, e = locate(text, last, after=s)
                    rec["not_quotes"].append({"start": s, "end": e, "span": first_words(text[s:e]), "why": f[1]})
                elif head == "note":
                    rec["notes"] = (rec.get("notes", "") + " " + rest).strip()
                else:
                    raise NoteError(f"unknown item {head!r}")
            except (NoteError, KeyError, IndexError, ValueError, AssertionError) as e:
                raise NoteError(f"{path}:{lineno}: {e} in {line[:100]!r}") from None
    for rec, fid, target, relation, why in pending:
        a, _, tid = target.partition(".")
        if a not in alias:
            raise NoteError(f"{rec['doc']} rel {fid}: unknown doc alias {a!r}")
        rec["relations"].append({"figure": fid, "to": {"doc": alias[a]["doc"], "figure": tid}, "relation": relation, "why": why})
    for st in stories:
        for ev in st["events"]:
            ev["docs"] = [alias[a]["doc"] if a in alias else a for a in ev["docs"]]
    return records, stories


def write(records: list[dict[str, Any]], stories: list[dict[str, Any]]) -> None:
    """Replace the (doc, annotator) records and (story, annotator) stories in the gold files, keeping the rest."""
    for dataset, annotator in sorted({(r["dataset"], r["annotator"]) for r in records}):
        mine = [r for r in records if (r["dataset"], r["annotator"]) == (dataset, annotator)]
        keys = {r["doc"] for r in mine}
        kept = [r for r in load_gold(dataset, annotator) if r["doc"] not in keys]
        lines = [json.dumps(r, ensure_ascii=False) for r in kept + mine]
        gold_path(dataset, annotator).write_text("\n".join(lines) + "\n", encoding="utf-8")
    if stories:
        keys = {(s["story"], s["annotator"]) for s in stories}
        kept = [s for s in load_stories() if (s["story"], s["annotator"]) not in keys]
        lines = [json.dumps(s, ensure_ascii=False) for s in kept + stories]
        (GOLD_DIR / "stories.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    """Parse the notes, validate each record, and write them when asked."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("notes", nargs="+", type=Path)
    ap.add_argument("--write", action="store_true")
    args = ap.parse_args(argv)
    try:
        records, stories = parse(args.notes)
    except NoteError as e:
        print(e)
        return 1
    bad = 0
    for rec in records:
        text = rec.pop("_text")
        for p in validate(rec, text):
            print(p)
            bad += 1
    print(f"{len(records)} records, {sum(len(r['figures']) for r in records)} figures, "
          f"{sum(len(r['relations']) for r in records)} relations, {sum(len(r['speakers']) for r in records)} speakers, "
          f"{sum(len(r['quoted_dates']) for r in records)} quoted dates, {len(stories)} stories; {bad} problems")
    if args.write and not bad:
        write(records, stories)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
