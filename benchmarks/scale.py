"""Archive scale, part one: analyze throughput on real text against spaCy alone, in one run.

Real text: a fixed sample of Timeline17 articles (every k-th of the sorted files, all nine topics),
read from ../shared/data. On the same texts, one after the other in this run:

1. spaCy alone: ``nlp.pipe(texts, n_process=P, batch_size=32)`` with exactly the components the
   pipeline loads (``storyline.pipeline.nlp.components_for_pipeline``), for P = 1 and P = cores;
2. ``storyline analyze --workers W`` in a child process on a fresh SQLite store, for W = 1 and
   W = cores (every stage: article and corpus).

It prints articles/s and words/s of each, the ratio of the whole analyze to spaCy alone on the
same number of cores, the peak RSS summed over the
analyze process tree (sampled from /proc every 0.1 s), and the store's size against the text's:
the stored parse (``nlp`` blobs) and the whole SQLite file.

    python benchmarks/scale.py                 # 240 articles
    python benchmarks/scale.py --articles 600
    python benchmarks/scale.py --ray-only --articles 120   # needs storyline[ray]

With ``--ray`` (or ``--ray-only``) it also times the article stages alone on a local Ray (started
once, ``num_cpus`` = cores) with 1 actor and with ``cores`` actors, on the same store one after
the other (``--force``), prints the ratio and checks that both runs stored the same results.

Not measured here yet (issue 12): the growth runs at 1k/10k/100k articles and page latencies.
This script says so rather than printing numbers it did not measure.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data"
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from _machine import machine  # noqa: E402


def _cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def _sample(n: int) -> list[dict[str, str | None]]:
    from storyline.eval.readers.timeline17 import read_timeline17

    docs = []
    for folder in sorted((DATA / "timeline17").iterdir()):
        if folder.is_dir():
            docs.extend((folder.name, d) for d in read_timeline17(folder))
    step = max(1, len(docs) // n)
    picked = docs[::step][:n]
    return [
        {"id": f"{name}/{d.id}", "text": d.text, "outlet": d.outlet, "published": d.published.isoformat() if d.published else None}
        for name, d in picked
    ]


def _tree_rss_kib(pid: int) -> int:
    """Resident memory of ``pid`` and all its descendants, from /proc (Linux)."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            status = Path(f"/proc/{p}/status").read_text()
            total += next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:"))
            for task in Path(f"/proc/{p}/task").iterdir():
                todo.extend(int(c) for c in (task / "children").read_text().split())
        except (OSError, StopIteration, ValueError):
            continue
    return total


def _run_measured(cmd: list[str]) -> tuple[float, int, str]:
    """Run ``cmd``; return its wall time, the peak RSS of its process tree in KiB, and its stdout."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=ROOT)
    peak = [0]

    def sample() -> None:
        while proc.poll() is None:
            peak[0] = max(peak[0], _tree_rss_kib(proc.pid))
            time.sleep(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, _ = proc.communicate()
    wall = time.perf_counter() - start
    sampler.join()
    if proc.returncode not in (0, 4):
        raise SystemExit(f"{' '.join(cmd)} exited {proc.returncode}:\n{out[-3000:]}")
    return wall, peak[0], out


def _spacy_alone(texts: list[str], n_process: int) -> float:
    from storyline.parsing import load_model
    from storyline.pipeline.nlp import components_for_pipeline

    import storyline.pipeline  # noqa: F401 - registers the stages whose components are loaded

    nlp = load_model(components_for_pipeline())
    start = time.perf_counter()
    for _ in nlp.pipe(texts, n_process=n_process, batch_size=32):
        pass
    return time.perf_counter() - start


def _store_sizes(db: Path) -> tuple[int, int]:
    con = sqlite3.connect(db)
    parse = con.execute("select coalesce(sum(length(blob)), 0) from stage_results where stage = 'nlp'").fetchone()[0]
    con.close()
    size = db.stat().st_size + sum(p.stat().st_size for p in db.parent.glob(db.name + "-*"))
    return int(parse), size


def _ray_rows(records: list[dict[str, str | None]], words: int, cores: int, tmp: str) -> None:
    """The article stages on a local Ray, 1 actor against ``cores`` actors, on the same store."""
    import ray

    from storyline import engine
    from storyline.pipeline import resolve
    from storyline.store import open_store

    src = Path(tmp) / "ray-sample.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    stages = [st.name for st in resolve() if st.scope == "article"]
    ray.init(num_cpus=cores, include_dashboard=False, log_to_driver=False)
    times, stored = {}, {}
    try:
        with open_store(f"sqlite:///{Path(tmp) / 'ray.db'}") as store:
            engine.ingest(store, [src])
            for w in sorted({1, cores}):
                start = time.perf_counter()
                engine.analyze(store, stages=stages, force=True, engine="ray", workers=w)
                times[w] = time.perf_counter() - start
                stored[w] = {name: {k: v.data for k, v in store.article_results(name, with_blob=False).items()} for name in stages}
    finally:
        ray.shutdown()
    same = len({json.dumps(v, sort_keys=True, default=str) for v in stored.values()}) == 1
    print(f"\nRay, article stages only ({', '.join(stages)}), local Ray with num_cpus={cores}:")
    for w, wall in times.items():
        print(f"  {w} actor(s): {wall:7.1f} s, {len(records) / wall:6.2f} art/s, {words / wall:8.0f} words/s")
    if len(times) > 1:
        print(f"  {cores} actors vs 1: {times[1] / times[cores]:.2f}x; results identical: {same}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, default=240)
    ap.add_argument("--ray", action="store_true", help="also time the article stages on a local Ray, 1 vs cores actors")
    ap.add_argument("--ray-only", action="store_true", help="only the Ray measurement")
    args = ap.parse_args()
    if not (DATA / "timeline17").is_dir():
        raise SystemExit(f"needs Timeline17 at {DATA / 'timeline17'}")
    cores = _cores()
    records = _sample(args.articles)
    texts = [str(r["text"]) for r in records]
    words = sum(len(t.split()) for t in texts)
    text_bytes = sum(len(t.encode("utf-8")) for t in texts)
    print(f"machine: {machine()}; usable cores: {cores}")
    print(f"sample: {len(records)} Timeline17 articles, {words:,} words, {text_bytes / 1e6:.1f} MB of text")
    flags = " --ray-only" if args.ray_only else " --ray" if args.ray else ""
    print(f"command: python benchmarks/scale.py --articles {args.articles}{flags}\n")
    if args.ray or args.ray_only:
        with tempfile.TemporaryDirectory(prefix="storyline-scale-ray-") as tmp:
            _ray_rows(records, words, cores, tmp)
        if args.ray_only:
            return

    rows = []
    spacy_time = {}
    for p in sorted({1, cores}):
        spacy_time[p] = _spacy_alone(texts, p)
        rows.append((f"spaCy alone, n_process={p}", spacy_time[p], None, "", ""))

    with tempfile.TemporaryDirectory(prefix="storyline-scale-") as tmp:
        src = Path(tmp) / "sample.jsonl"
        src.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
        py = [sys.executable, "-m", "storyline"]
        for w in sorted({1, cores}):
            db = Path(tmp) / f"w{w}.db"
            subprocess.run([*py, "ingest", str(src), "--db", str(db), "--quiet"], check=True, cwd=ROOT,
                           stdout=subprocess.DEVNULL)
            wall, peak, _ = _run_measured([*py, "analyze", "--db", str(db), "--workers", str(w), "--quiet"])
            parse, size = _store_sizes(db)
            ratio = spacy_time[w] / wall if w in spacy_time else None
            rows.append((f"storyline analyze --workers {w}", wall, ratio, f"{peak / 1024:.0f} MB",
                         f"parse {parse / text_bytes:.1f}x, store {size / text_bytes:.1f}x"))
        print(f"{'run':36} {'wall s':>8} {'art/s':>7} {'words/s':>9} {'vs spaCy same cores':>20} {'peak RSS (tree)':>16}  store/text")
        for name, wall, ratio, rss, store in rows:
            r = f"{ratio:.2f}x" if ratio is not None else ""
            print(f"{name:36} {wall:8.1f} {len(texts) / wall:7.2f} {words / wall:9.0f} {r:>20} {rss:>16}  {store}")
    print("not measured by this script yet: growth at 1k/10k/100k articles, page latencies (issue 12)")


if __name__ == "__main__":
    main()
