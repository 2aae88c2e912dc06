"""The gate command: re-measure every quality floor, raise the floors that improved.

    python tests/eval_gate/gate.py                      # measure, raise, refuse to lower
    python tests/eval_gate/gate.py --dry-run            # measure and report only
    python tests/eval_gate/gate.py --allow-lower --reason "why"   # also lower, logged in CHANGES.md

It runs the gate tests (each file named by a gate's ``test``) under pytest with a record file,
then compares every measure with its floor. A measure above its floor by more than ``--margin``
raises the floor to the measure less the margin, rounded down to three decimals; ``set_by``
becomes the current commit. A measure below its floor is refused (exit 1) unless
``--allow-lower`` is given with ``--reason``: then the floor is lowered the same way and a line
naming it, with the reason, is added to benchmarks/results/CHANGES.md.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from eval_gate import CHANGES_PATH, FLOORS_PATH, RECORD_ENV, ROOT, load  # noqa: E402


def head_sha() -> str:
    """The current commit's short sha, or "unknown" outside git."""
    try:
        out = subprocess.run(["git", "rev-parse", "--short=7", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return out.stdout.strip()


def measure(tests: list[str], pytest_args: list[str]) -> dict[str, dict[str, float]]:
    """Run the gate tests and return what each gate measured (the last run of each gate wins)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "measured.jsonl"
        env = dict(os.environ, **{RECORD_ENV: str(path)})
        cmd = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *tests, *pytest_args]
        subprocess.run(cmd, cwd=ROOT, env=env, check=False)
        out: dict[str, dict[str, float]] = {}
        if path.exists():
            for line in path.read_text(encoding="utf-8").splitlines():
                item = json.loads(line)
                out.setdefault(item["gate"], {}).update(item["measured"])
    return out


def pinned(value: float, margin: float) -> float:
    """The floor for a measured value: the value less the margin, rounded down to three decimals."""
    return max(0.0, math.floor((value - margin) * 1000 + 1e-9) / 1000)


def main(argv: list[str] | None = None) -> int:
    """Measure, update floors.json, and return the exit status."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--gate", action="append", help="only this gate (repeatable); all by default")
    parser.add_argument("--margin", type=float, default=0.005, help="how far under the measure a new floor is pinned")
    parser.add_argument("--allow-lower", action="store_true", help="lower floors whose measure fell (needs --reason)")
    parser.add_argument("--reason", help="why the floors are lowered; written to CHANGES.md")
    parser.add_argument("--dry-run", action="store_true", help="report only; change no file")
    parser.add_argument("pytest_args", nargs="*", help="extra pytest arguments (after --)")
    args = parser.parse_args(argv)
    if args.allow_lower and not args.reason:
        parser.error("--allow-lower needs --reason: each lowering is logged in benchmarks/results/CHANGES.md")

    doc = load()
    names = args.gate or sorted(doc["gates"])
    unknown = [n for n in names if n not in doc["gates"]]
    if unknown:
        parser.error(f"unknown gate(s) {unknown!r} (known: {', '.join(sorted(doc['gates']))})")
    tests = sorted({doc["gates"][n]["test"] for n in names})
    measured = measure(tests, args.pytest_args)

    sha, raised, lowered, refused = head_sha(), [], [], []
    for name in names:
        got = measured.get(name)
        if got is None:
            print(f"{name}: not measured (skipped or not run)")
            continue
        for key, entry in doc["gates"][name]["floors"].items():
            if key not in got:
                print(f"{name}/{key}: not measured")
                continue
            value, floor = got[key], float(entry["floor"])
            new = pinned(value, args.margin)
            if value < floor:
                (lowered if args.allow_lower else refused).append(f"{name}/{key}")
                print(f"{name}/{key}: {value:.4f} below its floor {floor}" + ("" if args.allow_lower else " (refused)"))
                if args.allow_lower and not args.dry_run:
                    entry.update(floor=min(new, floor), set_by=sha)
            elif new > floor:
                raised.append(f"{name}/{key}")
                print(f"{name}/{key}: {value:.4f}, floor raised {floor} -> {new}")
                if not args.dry_run:
                    entry.update(floor=new, set_by=sha)
            else:
                print(f"{name}/{key}: {value:.4f}, floor {floor} kept")

    if not args.dry_run and (raised or lowered):
        FLOORS_PATH.write_text(json.dumps(doc, indent=1) + "\n", encoding="utf-8")
        if lowered:
            with CHANGES_PATH.open("a", encoding="utf-8") as out:
                for floor_id in lowered:
                    out.write(f"- {date.today().isoformat()} lowered `{floor_id}` (measured on {sha}): {args.reason}\n")
    if refused:
        print(f"refused to lower {len(refused)} floor(s); rerun with --allow-lower --reason '...' if the drop is meant")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
