"""Inter-annotator agreement between the a1 and a2 records of the real-news gold.

Usage: python scripts/gold_agreement.py [--gold DIR] [--dataset NAME ...] [--disagreements]

For every article annotated by both a1 and a2 (same dataset, doc id and text_sha1) it matches the
annotated items by character overlap and reports, per field, how often the two annotators agree,
with the counts beside each number, plus finding F1 (a1 as the reference) and Cohen's kappa for
the categorical fields. It also reports how many of a1's event titles and main developments the
second annotator judged fitting (stories.a2.jsonl).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

DEFAULT_GOLD = Path(__file__).resolve().parents[1] / "src" / "storyline" / "eval" / "gold" / "realnews"
SPEAKER_FIELDS = ("speaker", "ref", "kind")
FIGURE_FIELDS = ("value", "qualifier", "what", "scope", "kind", "source", "as_of")
KAPPA_FIELDS = {"speakers": ("ref", "kind"), "figures": ("kind", "qualifier")}
MIN_SHARE = 0.5  # two spans match when they overlap by at least half of the shorter one

Record = dict[str, Any]
Item = dict[str, Any]


def overlap_share(a: Item, b: Item) -> float:
    """Overlap of two [start, end) spans as a share of the shorter one."""
    inter = min(a["end"], b["end"]) - max(a["start"], b["start"])
    shorter = min(a["end"] - a["start"], b["end"] - b["start"])
    if inter <= 0 or shorter <= 0:
        return 0.0
    return inter / shorter


def match_spans(ref: list[Item], hyp: list[Item], min_share: float = MIN_SHARE) -> list[tuple[int, int]]:
    """One-to-one matching of two item lists by span overlap, best overlaps first."""
    scored = []
    for i, a in enumerate(ref):
        for j, b in enumerate(hyp):
            exact = a["start"] == b["start"] and a["end"] == b["end"]
            share = overlap_share(a, b)
            if exact or share >= min_share:
                # identical spans first, then larger overlap, then nearer starts; indexes keep it stable
                scored.append((not exact, -share, abs(a["start"] - b["start"]), i, j))
    scored.sort()
    used_ref: set[int] = set()
    used_hyp: set[int] = set()
    pairs = []
    for _, _, _, i, j in scored:
        if i in used_ref or j in used_hyp:
            continue
        used_ref.add(i)
        used_hyp.add(j)
        pairs.append((i, j))
    return sorted(pairs)


def f1_score(n_ref: int, n_hyp: int, matched: int) -> tuple[float | None, float | None, float | None]:
    """Precision, recall and F1 of the hypothesis against the reference (None when undefined)."""
    precision = matched / n_hyp if n_hyp else None
    recall = matched / n_ref if n_ref else None
    if not precision or not recall:
        f1 = 0.0 if (n_ref or n_hyp) else None
    else:
        f1 = 2 * precision * recall / (precision + recall)
    return precision, recall, f1


def cohen_kappa(pairs: list[tuple[str, str]]) -> float | None:
    """Cohen's kappa of paired category labels; None when fewer than two categories occur."""
    if not pairs:
        return None
    n = len(pairs)
    left = Counter(a for a, _ in pairs)
    right = Counter(b for _, b in pairs)
    if len(set(left) | set(right)) < 2:
        return None
    observed = sum(1 for a, b in pairs if a == b) / n
    expected = sum(left[c] * right[c] for c in set(left) | set(right)) / (n * n)
    if expected == 1.0:
        return None
    return (observed - expected) / (1 - expected)


def _text(value: Any) -> str:
    return " ".join(str(value).split()).casefold() if value is not None else ""


def same_value(a: Any, b: Any) -> bool:
    """Numbers equal to 1e-9 relative; ranges compared end by end."""
    if isinstance(a, list) or isinstance(b, list):
        if not (isinstance(a, list) and isinstance(b, list)) or len(a) != len(b):
            return False
        return all(same_value(x, y) for x, y in zip(a, b))
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))
    return a == b


def same_scope(a: Any, b: Any) -> bool:
    """Scopes agree when they name the same places/groups, ignoring order and case."""
    return {_text(x) for x in a or []} == {_text(x) for x in b or []}


COMPARE: dict[str, Callable[[Any, Any], bool]] = {
    "value": same_value,
    "scope": same_scope,
    "qualifier": lambda a, b: a == b,
    "as_of": lambda a, b: a == b,
}


def same_field(name: str, a: Any, b: Any) -> bool:
    """Field-specific equality; free-text fields compare case-insensitively."""
    return COMPARE.get(name, lambda x, y: _text(x) == _text(y))(a, b)


STOP = frozenset({"the", "a", "an", "of", "s", "in", "for", "to", "by"})
LOOSE_FIELDS = ("speaker", "what", "scope", "source")


def name_tokens(value: Any) -> frozenset[str]:
    """Content words of a name or description (lists flattened), for the lenient comparison."""
    items = value if isinstance(value, list) else [value]
    words = re.findall(r"[a-z0-9]+", " ".join(_text(x) for x in items if x is not None))
    return frozenset(w for w in words if w not in STOP)


def loosely_same(a: Any, b: Any) -> bool:
    """Lenient equality: one side's content words contain the other's (naming conventions aside)."""
    ta, tb = name_tokens(a), name_tokens(b)
    if not ta or not tb:
        return ta == tb
    return ta <= tb or tb <= ta


def label(value: Any) -> str:
    """A category label for kappa (a missing qualifier is its own category)."""
    return "null" if value is None else str(value)


@dataclass
class Section:
    """Counts for one kind of annotated item over all compared documents."""

    n_ref: int = 0
    n_hyp: int = 0
    matched: int = 0
    agree: Counter = field(default_factory=Counter)
    loose: Counter = field(default_factory=Counter)
    pairs: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    disagreements: list[str] = field(default_factory=list)


@dataclass
class Report:
    """Agreement over all the documents that both annotators did."""

    docs: list[tuple[str, str]] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    sections: dict[str, Section] = field(default_factory=dict)


def compare_items(
    section: Section,
    doc: str,
    ref: list[Item],
    hyp: list[Item],
    fields: Iterable[str],
    kappa_fields: Iterable[str] = (),
) -> None:
    """Match two annotators' items of one document and add the counts to the section."""
    pairs = match_spans(ref, hyp)
    section.n_ref += len(ref)
    section.n_hyp += len(hyp)
    section.matched += len(pairs)
    for i, j in pairs:
        a, b = ref[i], hyp[j]
        for name in fields:
            if name in LOOSE_FIELDS and loosely_same(a.get(name), b.get(name)):
                section.loose[name] += 1
            if same_field(name, a.get(name), b.get(name)):
                section.agree[name] += 1
            else:
                section.disagreements.append(
                    f"{doc} [{a['start']},{a['end']}) {name}: a1={a.get(name)!r} a2={b.get(name)!r}"
                )
        for name in kappa_fields:
            section.pairs.setdefault(name, []).append((label(a.get(name)), label(b.get(name))))
    matched_ref = {i for i, _ in pairs}
    matched_hyp = {j for _, j in pairs}
    for i, a in enumerate(ref):
        if i not in matched_ref:
            section.disagreements.append(f"{doc} only a1: [{a['start']},{a['end']}) {a.get('span', '')[:60]!r}")
    for j, b in enumerate(hyp):
        if j not in matched_hyp:
            section.disagreements.append(f"{doc} only a2: [{b['start']},{b['end']}) {b.get('span', '')[:60]!r}")


def load_records(gold: Path) -> list[Record]:
    """All records in every *.jsonl file of the gold folder (a1 and a2 files alike)."""
    records = []
    for path in sorted(gold.glob("*.jsonl")):
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    rec = json.loads(line)
                    if "doc" in rec and "annotator" in rec:
                        records.append(rec)
    return records


def agreement(records: Iterable[Record]) -> Report:
    """Compare a1 with a2 on every document that both annotated."""
    by_key: dict[tuple[str, str], dict[str, Record]] = {}
    for rec in records:
        by_key.setdefault((rec["dataset"], rec["doc"]), {})[rec["annotator"]] = rec
    report = Report(sections={name: Section() for name in ("speakers", "figures", "quoted_dates", "not_quotes")})
    for key in sorted(by_key):
        pair = by_key[key]
        if "a1" not in pair or "a2" not in pair:
            continue
        a1, a2 = pair["a1"], pair["a2"]
        doc = f"{key[0]}:{key[1]}"
        if a1.get("text_sha1") != a2.get("text_sha1"):
            report.skipped.append(doc)
            continue
        report.docs.append(key)
        s = report.sections
        compare_items(s["speakers"], doc, a1.get("speakers", []), a2.get("speakers", []), SPEAKER_FIELDS, KAPPA_FIELDS["speakers"])
        compare_items(s["figures"], doc, a1.get("figures", []), a2.get("figures", []), FIGURE_FIELDS, KAPPA_FIELDS["figures"])
        compare_items(s["quoted_dates"], doc, a1.get("quoted_dates", []), a2.get("quoted_dates", []), ("value",))
        compare_items(s["not_quotes"], doc, a1.get("not_quotes", []), a2.get("not_quotes", []), ("why",))
    return report


def load_judgements(gold: Path) -> list[Record]:
    """The second annotator's story judgements (stories.a2.jsonl), if any."""
    path = gold / "stories.a2.jsonl"
    if not path.is_file():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def story_agreement(judgements: Iterable[Record]) -> dict[str, tuple[int, int, int]]:
    """Per story: events judged, titles judged fitting, main developments judged fitting."""
    out: dict[str, tuple[int, int, int]] = {}
    for j in judgements:
        events = j.get("events", [])
        out[j["story"]] = (
            len(events),
            sum(1 for ev in events if ev.get("title_ok") is True),
            sum(1 for ev in events if ev.get("development_ok") is True),
        )
    return out


def render_stories(per_story: dict[str, tuple[int, int, int]], judgements: Iterable[Record] = (), disagreements: bool = False) -> str:
    """The title/main-development table as Markdown (a1's events, a2's verdicts)."""
    if not per_story:
        return ""
    lines = ["## Event titles and main developments (a1 written, a2 judged)", "",
             "| story | events | title judged fitting | main development judged fitting |", "|---|---|---|---|"]
    total = [0, 0, 0]
    for story in sorted(per_story):
        n, titles, devs = per_story[story]
        total = [total[0] + n, total[1] + titles, total[2] + devs]
        lines.append(f"| {story} | {n} | {_share(titles, n)} | {_share(devs, n)} |")
    lines.append(f"| all | {total[0]} | {_share(total[1], total[0])} | {_share(total[2], total[0])} |")
    if disagreements:
        lines += ["", "Rejected by a2 (a2's replacement):", ""]
        for j in judgements:
            for ev in j.get("events", []):
                for flag, key in (("title_ok", "title"), ("development_ok", "main_development")):
                    if ev.get(flag) is False:
                        lines.append(f"- {j['story']} {ev['id']} {key}: {ev.get(key)!r}")
    return "\n".join(lines) + "\n"


def _share(num: int, den: int) -> str:
    return f"{num / den:.2f} ({num}/{den})" if den else f"– (0/0)"


def _opt(x: float | None) -> str:
    return "–" if x is None else f"{x:.2f}"


def render(report: Report, disagreements: bool = False) -> str:
    """The agreement tables as Markdown."""
    datasets = Counter(ds for ds, _ in report.docs)
    lines = [
        f"Documents with both a1 and a2: {len(report.docs)} "
        + "(" + ", ".join(f"{ds} {n}" for ds, n in sorted(datasets.items())) + ")",
    ]
    if report.skipped:
        lines.append(f"Skipped (text_sha1 differs): {', '.join(report.skipped)}")
    lines += ["", "## Finding (a1 as reference)", "", "| items | a1 | a2 | matched | precision | recall | F1 |", "|---|---|---|---|---|---|---|"]
    for name, sec in report.sections.items():
        p, r, f = f1_score(sec.n_ref, sec.n_hyp, sec.matched)
        lines.append(f"| {name} | {sec.n_ref} | {sec.n_hyp} | {sec.matched} | {_opt(p)} | {_opt(r)} | {_opt(f)} |")
    lines += ["", "## Field agreement on matched pairs", "", "| items | field | agreement (agreed/matched) | lenient | Cohen's kappa (n) |", "|---|---|---|---|---|"]
    for name, sec in report.sections.items():
        fields = {"speakers": SPEAKER_FIELDS, "figures": FIGURE_FIELDS, "quoted_dates": ("value",), "not_quotes": ("why",)}[name]
        for fld in fields:
            pairs = sec.pairs.get(fld)
            kappa = f"{_opt(cohen_kappa(pairs))} ({len(pairs)})" if pairs is not None else ""
            loose = _share(sec.loose[fld], sec.matched) if fld in LOOSE_FIELDS else ""
            lines.append(f"| {name} | {fld} | {_share(sec.agree[fld], sec.matched)} | {loose} | {kappa} |")
    lines += [
        "",
        "Spans match when they overlap by at least half of the shorter one (one-to-one, best first).",
        "Agreement is exact (case-insensitive for text, as sets for scope); lenient counts names and",
        "descriptions as the same when one side's content words contain the other's.",
    ]
    if disagreements:
        lines += ["", "## Disagreements", ""]
        for name, sec in report.sections.items():
            lines += [f"### {name}", ""] + [f"- {d}" for d in sec.disagreements] + [""]
    return "\n".join(lines).rstrip() + "\n"


def main(argv: list[str] | None = None) -> int:
    """Command line: print the agreement tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, default=DEFAULT_GOLD, help="folder with the <dataset>[.a2].jsonl files")
    parser.add_argument("--disagreements", action="store_true", help="also list every disagreement")
    parser.add_argument("--dataset", action="append", default=[], help="only these datasets (repeatable)")
    args = parser.parse_args(argv)
    records = [r for r in load_records(args.gold) if not args.dataset or r["dataset"] in args.dataset]
    report = agreement(records)
    judgements = load_judgements(args.gold)
    stories = render_stories(story_agreement(judgements), judgements, args.disagreements)
    sys.stdout.write(render(report, args.disagreements) + ("\n" + stories if stories else ""))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
