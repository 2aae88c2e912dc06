"""Soak test: the full ``storyline analyze`` over every real set in ../shared/data.

Each set is converted to storyline's JSONL input in a work folder outside the repository, then
analysed by a child process (``python -m storyline analyze INPUT --db DB --json BUNDLE --quiet``),
exactly as a user would run it. For each set the table gives the articles stored, the records
rejected at ingest, the articles that failed a stage (``storyline stats --json`` → ``failures``;
"?" where this storyline has no such key), the wall time, the child's peak RSS, the exit code and
the bundle's counts.

Peak RSS is the child's own ``ru_maxrss``, read with ``os.wait4`` on its process id (so each set
is measured alone, unlike ``RUSAGE_CHILDREN``, which keeps the maximum over all children).

    python benchmarks/soak.py                          # every set: over an hour
    python benchmarks/soak.py --sets basil newswcl50 --limit 5
    python benchmarks/soak.py --keep                   # reuse the stores: only what changed is recomputed

Sets: t17-all (Timeline17, one store), t17-<topic> (one store per topic, all its outlets), basil,
giveme5w1h, newswcl50, polnear-train, polnear-dev, ecbplus-train, ecbplus-dev, tbaq, meantime, uci.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data"
# The readers come from this checkout, as the child processes' storyline does.
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from _machine import machine  # noqa: E402
SECTIONS = ("events", "stories", "quotes", "figures", "dates", "timeline")

Record = dict[str, Any]


# --- conversion of each set to JSONL records ------------------------------------------------------


def _day(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _eval_docs(docs: Iterable[Any], split: str | None = None) -> Iterator[Record]:
    for d in docs:
        if split is not None and d.split != split:
            continue
        yield {"id": d.id, "title": d.title, "text": d.text, "outlet": d.outlet, "published": _day(d.published)}


def _t17(topic: str | None) -> Callable[[Path], Iterator[Record]]:
    def read(data: Path) -> Iterator[Record]:
        from storyline.eval.readers.timeline17 import read_timeline17

        for folder in sorted((data / "timeline17").iterdir()):
            if not folder.is_dir() or (topic is not None and folder.name.split("_")[0] != topic):
                continue
            for d in read_timeline17(folder):
                yield {"id": f"{folder.name}/{d.id}", "text": d.text, "outlet": d.outlet, "published": _day(d.published)}

    return read


def _basil(data: Path) -> Iterator[Record]:
    from storyline.eval.readers.basil import read_basil

    return _eval_docs(read_basil(data / "basil"))


def _giveme(data: Path) -> Iterator[Record]:
    from storyline.eval.readers.giveme5w1h import read_giveme5w1h

    return _eval_docs(read_giveme5w1h(data / "giveme5w1h_news"))


def _newswcl(data: Path) -> Iterator[Record]:
    from storyline.eval.readers.newswcl50 import read_newswcl50

    return _eval_docs(read_newswcl50(data / "newswcl50"))


def _ecb(split: str) -> Callable[[Path], Iterator[Record]]:
    def read(data: Path) -> Iterator[Record]:
        from storyline.eval.readers.ecbplus import read_ecbplus

        return _eval_docs(read_ecbplus(data / "ecbplus"), split)

    return read


def _polnear(split: str) -> Callable[[Path], Iterator[Record]]:
    def read(data: Path) -> Iterator[Record]:
        # The texts alone: some articles are annotated twice, and the soak needs each text once.
        for txt in sorted((data / "polnear" / split / "text").glob("*.txt")):
            yield {"id": txt.stem, "text": txt.read_bytes().decode("utf-8")}

    return read


def _timeml(folder: str) -> Callable[[Path], Iterator[Record]]:
    def read(data: Path) -> Iterator[Record]:
        from storyline.eval.readers.timeml import iter_corpus

        for d in iter_corpus(data / folder):
            yield {"id": f"{d.group}/{d.doc_id}", "text": d.text, "published": d.dct[:10] or None}

    return read


def _uci(data: Path) -> Iterator[Record]:
    from storyline.eval.readers.uci import read_uci

    return _eval_docs(read_uci(data / "uci_news_aggregator_sample"))


T17_TOPICS = ("bpoil", "H1N1", "SyrianCrisis", "LibyaWar", "EgyptianProtest", "Finan", "IraqWar", "MJ", "haiti")
SETS: dict[str, Callable[[Path], Iterator[Record]]] = {
    "t17-all": _t17(None),
    **{f"t17-{t}": _t17(t) for t in T17_TOPICS},
    "basil": _basil,
    "giveme5w1h": _giveme,
    "newswcl50": _newswcl,
    "polnear-train": _polnear("train"),
    "polnear-dev": _polnear("dev"),
    "ecbplus-train": _ecb("train"),
    "ecbplus-dev": _ecb("dev"),
    "tbaq": _timeml("tempeval3/TBAQ-cleaned"),
    "meantime": _timeml("meantime_en"),
    "uci": _uci,
}


def write_input(name: str, data: Path, folder: Path, limit: int | None) -> tuple[Path, int]:
    """The set's JSONL input (rewritten only when its content changed, so --keep reuses stores)."""
    lines = []
    for record in SETS[name](data):
        if limit is not None and len(lines) >= limit:
            break
        lines.append(json.dumps({k: v for k, v in record.items() if v not in (None, "")}, ensure_ascii=False))
    path = folder / f"{name}.jsonl"
    text = "\n".join(lines) + "\n"
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")
    return path, len(lines)


# --- running ------------------------------------------------------------------------------------


@dataclass
class Row:
    """What one set's soak run measured."""

    name: str
    records: int = 0
    articles: int | None = None
    rejected: int | None = None
    repeated: int | None = None
    not_english: int | None = None
    failures: dict[str, int] | None = None
    seconds: float = 0.0
    peak_mib: float = 0.0
    exit_code: int | None = None
    counts: dict[str, int] = field(default_factory=dict)
    error: str = ""


def _child(args: list[str], env: dict[str, str], log: Path) -> tuple[int, float, float]:
    """Run a child process; its exit code, wall seconds and peak RSS (MiB) from its own rusage."""
    start = time.perf_counter()
    with log.open("wb") as out:
        proc = subprocess.Popen(args, stdout=out, stderr=subprocess.STDOUT, env=env, cwd=ROOT)
        _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)  # so Popen does not wait on it again
    seconds = time.perf_counter() - start
    return proc.returncode, seconds, usage.ru_maxrss / 1024  # ru_maxrss is in KiB on Linux


def run_set(name: str, data: Path, work: Path, limit: int | None, keep: bool) -> Row:
    """Convert, analyse and measure one set."""
    row = Row(name)
    try:
        path, row.records = write_input(name, data, work, limit)
    except Exception as e:  # a missing or unreadable set is reported in its row, the soak goes on
        row.error = f"{type(e).__name__}: {e}"
        return row
    db, bundle, log = work / f"{name}.db", work / f"{name}.json", work / f"{name}.log"
    if not keep:
        for stale in (db, Path(f"{db}-wal"), Path(f"{db}-shm"), bundle):
            stale.unlink(missing_ok=True)
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src") + os.pathsep + os.environ.get("PYTHONPATH", ""))
    url = f"sqlite:///{db}"
    cmd = [sys.executable, "-m", "storyline", "analyze", str(path), "--db", url, "--json", str(bundle), "--quiet"]
    row.exit_code, row.seconds, row.peak_mib = _child(cmd, env, log)
    printed = log.read_text(encoding="utf-8", errors="replace")
    stats = subprocess.run(
        [sys.executable, "-m", "storyline", "stats", "--db", url, "--json"], capture_output=True, text=True, env=env, cwd=ROOT
    )
    try:
        info = json.loads(stats.stdout)
    except json.JSONDecodeError:
        info = {}
    row.articles = info.get("articles")
    # Rejections are printed even with --quiet; records that are neither rejected nor stored were
    # identical to one already stored (the same text twice in a set), which ingest keeps once.
    row.rejected = sum(1 for line in printed.splitlines() if line.lstrip().startswith("rejected:"))
    row.repeated = row.records - row.articles - row.rejected if row.articles is not None else None
    langs = info.get("languages") or []
    row.not_english = sum(int(x["articles"]) for x in langs if x.get("language") not in (None, "en"))
    if "failures" in info:
        row.failures = dict(Counter(f.get("stage", "?") for f in info["failures"]))
    if bundle.exists():
        data_ = json.loads(bundle.read_text(encoding="utf-8"))
        row.counts = {k: len(data_.get(k) or []) for k in SECTIONS}
    if row.exit_code not in (0,) and not row.error:
        row.error = (printed.strip().splitlines() or [""])[-1][:200]
    return row


# --- report -------------------------------------------------------------------------------------


def _failures(row: Row) -> str:
    if row.failures is None:
        return "?"
    return ", ".join(f"{k}: {v}" for k, v in sorted(row.failures.items())) or "0"


def table(rows: list[Row]) -> str:
    """The results as a markdown table."""
    head = ["set", "records", "articles", "rejected", "repeated", "not English", "failures", "wall s", "peak RSS MiB", "exit", *SECTIONS]
    out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in rows:
        cells = [
            r.name, str(r.records), str(r.articles if r.articles is not None else "?"),
            str(r.rejected if r.rejected is not None else "?"), str(r.repeated if r.repeated is not None else "?"),
            str(r.not_english if r.not_english is not None else "?"), _failures(r), f"{r.seconds:.1f}", f"{r.peak_mib:.0f}",
            str(r.exit_code if r.exit_code is not None else "-"), *(str(r.counts.get(k, "-")) for k in SECTIONS),
        ]
        out.append("| " + " | ".join(cells) + " |")
    notes = [f"- {r.name}: {r.error}" for r in rows if r.error]
    return "\n".join(out + ([""] + notes if notes else [])) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DATA, help="the shared data folder (default: %(default)s)")
    parser.add_argument("--work", type=Path, default=Path("/tmp/storyline-soak"), help="inputs, stores and logs (default: %(default)s)")
    parser.add_argument("--sets", nargs="+", choices=sorted(SETS), metavar="SET", help=f"sets to run (default: all): {', '.join(SETS)}")
    parser.add_argument("--limit", type=int, help="at most N articles per set, for a quick run")
    parser.add_argument("--keep", action="store_true", help="reuse the stores of an earlier run")
    parser.add_argument("--out", type=Path, help="also write the markdown table here (e.g. benchmarks/results/soak.md)")
    args = parser.parse_args(argv)
    if ROOT in args.work.resolve().parents or args.work.resolve() == ROOT:
        parser.error(f"--work must lie outside the repository (not {str(args.work)!r})")
    args.work.mkdir(parents=True, exist_ok=True)

    print(machine())
    print("peak RSS: each child's ru_maxrss from os.wait4")
    rows = []
    for name in args.sets or list(SETS):
        row = run_set(name, args.data, args.work, args.limit, args.keep)
        rows.append(row)
        counts = ", ".join(f"{k} {v}" for k, v in row.counts.items())
        print(
            f"{name}: {row.records} records, {row.articles} articles, {row.rejected} rejected, {row.repeated} repeated, "
            f"{row.not_english} not English, "
            f"failures {_failures(row)}, {row.seconds:.1f} s, {row.peak_mib:.0f} MiB, exit {row.exit_code}; {counts}"
            + (f"; {row.error}" if row.error else ""),
            flush=True,
        )
    report = table(rows)
    print(report)
    if args.out:
        header = (
            "# Soak: storyline analyze over the real sets\n\n"
            f"Machine: {machine()}. Limit: {args.limit or 'none'}. Peak RSS: the child's own ru_maxrss (os.wait4).\n"
            "Failures: articles that failed a stage, from `storyline stats --json` (\"?\" where the key is absent).\n\n"
        )
        args.out.write_text(header + report, encoding="utf-8")
    return 0 if all(r.exit_code == 0 for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
