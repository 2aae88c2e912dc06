"""The one eval gate: every quality floor of the project lives in ``floors.json`` next to this file.

A gate is a named group of measures on one data set (``dates.sample_corpus``,
``clustering.ecbplus``, ``timeline17.h1n1`` …); its test measures them and calls :func:`check`,
which fails when any measure is below its floor and lists every one that is. A floor is named
``<gate>/<measure>`` wherever one is quoted (CHANGES.md, failure messages, the gate command).

When the environment variable ``STORYLINE_EVAL_GATE_RECORD`` names a file, :func:`check` appends
what it measured there (one JSON object a line) before asserting, so the gate command
(``tests/eval_gate/gate.py``) can raise floors from a test run, even one that failed.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
FLOORS_PATH = HERE / "floors.json"
ROOT = HERE.parent.parent
CHANGES_PATH = ROOT / "benchmarks" / "results" / "CHANGES.md"
DATA = ROOT.parent / "shared" / "data"
RECORD_ENV = "STORYLINE_EVAL_GATE_RECORD"


def load(path: Path = FLOORS_PATH) -> dict[str, Any]:
    """The floors file as data."""
    return json.loads(path.read_text(encoding="utf-8"))


def gate(name: str) -> dict[str, Any]:
    """One gate's entry (its data set settings and ``floors``)."""
    gates = load()["gates"]
    if name not in gates:
        raise KeyError(f"no gate {name!r} in {FLOORS_PATH} (known: {', '.join(sorted(gates))})")
    return dict(gates[name])


def floors(name: str) -> dict[str, float]:
    """One gate's floors, measure -> number."""
    return {measure: float(entry["floor"]) for measure, entry in gate(name)["floors"].items()}


def flat(doc: dict[str, Any]) -> dict[str, float]:
    """Every floor of a floors file as ``{"<gate>/<measure>": floor}``.

    Also reads the file's first layout (``sample_corpus`` and ``sets``, clustering only, plain
    numbers), so the history test can compare with versions committed before the gates were merged.
    """
    out: dict[str, float] = {}
    if "gates" in doc:
        for name, spec in doc["gates"].items():
            for measure, entry in spec["floors"].items():
                out[f"{name}/{measure}"] = float(entry["floor"] if isinstance(entry, dict) else entry)
        return out
    for measure, value in doc.get("sample_corpus", {}).items():
        out[f"clustering.sample_corpus/{measure}"] = float(value)
    for name, spec in doc.get("sets", {}).items():
        for measure, value in spec.get("floors", {}).items():
            out[f"clustering.{name}/{measure}"] = float(value)
    return out


def record(name: str, measured: dict[str, float]) -> None:
    """Append what a gate measured to the record file, when the gate command asked for one."""
    path = os.environ.get(RECORD_ENV)
    if not path:
        return
    line = json.dumps({"gate": name, "measured": {k: float(v) for k, v in measured.items()}})
    with open(path, "a", encoding="utf-8") as out:
        out.write(line + "\n")


def check(name: str, measured: dict[str, float], detail: str = "") -> None:
    """Fail when a measure of gate ``name`` is below its floor or was not measured; list them all."""
    record(name, measured)
    problems = []
    for measure, floor in floors(name).items():
        if measure not in measured:
            problems.append(f"{name}/{measure}: not measured (floor {floor})")
        elif measured[measure] < floor:
            problems.append(f"{name}/{measure}: {measured[measure]:.4f} is below its floor {floor}")
    if problems:
        got = ", ".join(f"{k}={v:.4f}" for k, v in sorted(measured.items()))
        raise AssertionError("\n".join([*problems, f"measured: {got}", *([detail] if detail else [])]))
