"""Ingest and NLP-stage throughput and peak memory on N generated articles.

    .venv/bin/python benchmarks/ingest.py --n 1000

Each phase runs in its own process so that its peak resident memory is its own. Prints the machine and
the command with the numbers. Measured, not asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


def phase(kind: str, db: str, data: str) -> None:
    """Run one phase in this process and print a JSON line with its timing and peak memory."""
    from storyline import engine
    from storyline.store import open_store

    store = open_store(db)
    t0 = time.perf_counter()
    if kind == "ingest":
        report = engine.ingest(store, [data])
        count = report.added
    else:
        report = engine.analyze(store, stages=["clean", "nlp"])
        count = report.computed.get("nlp", 0)
    elapsed = time.perf_counter() - t0
    store.close()
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"phase": kind, "articles": count, "seconds": elapsed, "peak_mib": peak_kb / 1024}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000, help="number of generated articles")
    parser.add_argument("--phase", choices=["ingest", "nlp"], help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    parser.add_argument("--data", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase:
        phase(args.phase, args.db, args.data)
        return

    from _corpus import write_jsonl

    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "bench.jsonl"
        words = write_jsonl(data, args.n)
        db = f"sqlite:///{tmp}/bench.db"
        print(f"command: {' '.join([Path(sys.executable).name, *sys.argv])}")
        print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()}")
        print(f"corpus:  {args.n} generated articles, {words} words, {data.stat().st_size / 1e6:.1f} MB JSONL")
        print(f"{'phase':<8} {'articles':>8} {'seconds':>8} {'articles/s':>11} {'words/s':>9} {'peak MiB':>9}")
        for kind in ("ingest", "nlp"):
            out = subprocess.run(
                [sys.executable, __file__, "--phase", kind, "--db", db, "--data", str(data)],
                check=True, capture_output=True, text=True,
            ).stdout.strip().splitlines()[-1]
            row = json.loads(out)
            rate = row["articles"] / row["seconds"] if row["seconds"] else float("inf")
            wps = words / row["seconds"] if row["seconds"] else float("inf")
            print(f"{kind:<8} {row['articles']:>8} {row['seconds']:>8.2f} {rate:>11.1f} {wps:>9.0f} {row['peak_mib']:>9.1f}")


if __name__ == "__main__":
    main()
