"""Judge the system's timeline entries and event titles by hand (docs/annotation.md §5.1).

    python -m storyline eval trust --data ../shared/data --datasets timeline17 --json /tmp/trust.json
    python scripts/trust_judge.py /tmp/trust.json --judge j1 > /tmp/todo.txt   # what j1 has not judged yet
    # edit: put y or n in front of each "? " line, then
    python scripts/trust_judge.py /tmp/trust.json --judge j1 --write /tmp/todo.txt
    python scripts/trust_judge.py /tmp/trust.json --judge j3 --agree j1              # yes-rates and agreement

The list shows the gold event (its title, main development and the a2 replacements) and the system
text, never another judge's verdict, so a second pass is blind to the first. Verdicts are appended to
``src/storyline/eval/gold/realnews/stories.judged.jsonl`` keyed by the SHA-1 of the system text.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from storyline.eval.gold import GOLD_DIR, load_stories
from storyline.eval.trust_stories import JUDGED_FILE, KINDS, kappa, load_judged, second_opinions


def todo(result: dict, judge: str) -> list[str]:
    """One block per unjudged (event, kind, text): the gold, the system text, and a '? key' line to answer."""
    gold = {(s["story"], e["id"]): e for s in load_stories() for e in s["events"]}
    second = second_opinions()
    judged = load_judged()
    lines, seen = [], set()
    for row in result["stories"]["events"]:
        for kind in KINDS:
            text, sha = row.get(kind), row.get(f"{kind}_sha1")
            key = (row["story"], row["event"], kind, sha)
            if not text or judge in judged.get(key, {}) or key in seen:
                continue
            seen.add(key)
            ev, alt = gold[(row["story"], row["event"])], second.get((row["story"], row["event"]), {})
            lines += [f"# {row['story']} {row['event']} {ev['date']} [{kind}]", f"#   gold title: {ev['title']}", f"#   gold development: {ev['main_development']}"]
            lines += [f"#   a2 {k}: {alt[k]}" for k in ("title", "main_development") if alt.get(k)]
            lines += [f"#   system ({row.get('entry_date') or ''}): {' '.join(text.split())}", f"? {row['story']} {row['event']} {kind} {sha}", ""]
    return lines


def write(answers: Path, judge: str) -> int:
    """Append the y/n answers of ``answers`` as judge ``judge``; returns how many were written."""
    out = []
    for line in answers.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) == 5 and parts[0] in ("y", "n"):
            verdict, story, event, kind, sha = parts
            out.append({"story": story, "event": event, "kind": kind, "sha1": sha, "judge": judge, "fits": verdict == "y"})
    with (GOLD_DIR / JUDGED_FILE).open("a", encoding="utf-8") as f:
        for rec in out:
            f.write(json.dumps(rec) + "\n")
    return len(out)


def agree(result: dict, judge: str, other: str) -> list[str]:
    """Per kind and split: ``judge``'s yes-rate, and its raw agreement and Cohen's kappa with ``other``
    on the (event, text) items both judged."""
    judged, lines = load_judged(), []
    for kind in KINDS:
        for split in ("dev", "test", "all"):
            rows = [r for r in result["stories"]["events"] if r.get(kind) and split in ("all", r.get("split"))]
            verdicts = [judged.get((r["story"], r["event"], kind, r.get(f"{kind}_sha1")), {}) for r in rows]
            mine = [v[judge] for v in verdicts if judge in v]
            pairs = [(v[judge], v[other]) for v in verdicts if judge in v and other in v]
            k = kappa(pairs)
            lines.append(
                f"{kind:5} {split:4}  {judge} yes {sum(mine)}/{len(mine)}"
                f"  {other} yes {sum(b for _, b in pairs)}/{len(pairs)}"
                f"  agreement {sum(a == b for a, b in pairs)}/{len(pairs)}"
                f"  kappa {'n/a' if k is None else f'{k:.2f}'}"
            )
    return lines


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("result", type=Path, help="the JSON written by storyline eval trust --json")
    ap.add_argument("--judge", required=True, help="j1 (first pass) or j2 (later blind pass)")
    ap.add_argument("--write", type=Path, help="an answered todo list to record")
    ap.add_argument("--agree", metavar="OTHER", help="print yes-rates and agreement of --judge with judge OTHER")
    args = ap.parse_args()
    if args.agree:
        print("\n".join(agree(json.loads(args.result.read_text(encoding="utf-8")), args.judge, args.agree)))
        return
    if args.write:
        print(f"wrote {write(args.write, args.judge)} verdicts", file=sys.stderr)
        return
    print("\n".join(todo(json.loads(args.result.read_text(encoding="utf-8")), args.judge)))


if __name__ == "__main__":
    main()
