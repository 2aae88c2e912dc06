"""Evaluate the ``dates`` extraction against TimeML gold with the TempEval-3 measures.

The measures follow the official TempEval-3 entity scorer (UzZaman et al. 2013):

* system and gold TIMEX3s are paired one to one when their extents overlap (exact extents are
  paired first); the DCT (``t0``) is not scored;
* strict P/R/F1 count pairs whose extents are identical, relaxed P/R/F1 count every pair;
  P divides by the number of system expressions, R by the number of gold ones;
* value and type are compared as exact strings on the relaxed pairs, and reported as attribute
  F1 = 2·correct / (system + gold), which equals the official "accuracy × relaxed F1". An
  unresolved (null) system value never matches.

Every document is analysed from its text alone, with its DCT as the publication date.
"""

from __future__ import annotations

import functools
import json
import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from storyline.eval.readers.timeml import GoldTimex, TimexDoc, iter_corpus

if TYPE_CHECKING:
    from spacy.tokens import Doc

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SysTimex:
    """A system expression as the scorer sees it."""

    start: int
    end: int
    text: str
    type: str
    value: str | None


@dataclass
class Counts:
    """Raw TempEval-3 counts for one system on one set of documents."""

    gold: int = 0
    system: int = 0
    strict: int = 0
    relaxed: int = 0
    value: int = 0
    type: int = 0

    def add(self, other: "Counts") -> None:
        for name in ("gold", "system", "strict", "relaxed", "value", "type"):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @staticmethod
    def _f1(hits: int, system: int, gold: int) -> float:
        return 2 * hits / (system + gold) if system + gold else 0.0

    def measures(self) -> dict[str, float]:
        """Precision, recall and F1 (strict, relaxed), value/type F1 and accuracy, as fractions."""
        p = lambda hits: hits / self.system if self.system else 0.0  # noqa: E731
        r = lambda hits: hits / self.gold if self.gold else 0.0  # noqa: E731
        return {
            "strict_p": p(self.strict),
            "strict_r": r(self.strict),
            "strict_f1": self._f1(self.strict, self.system, self.gold),
            "relaxed_p": p(self.relaxed),
            "relaxed_r": r(self.relaxed),
            "relaxed_f1": self._f1(self.relaxed, self.system, self.gold),
            "value_f1": self._f1(self.value, self.system, self.gold),
            "type_f1": self._f1(self.type, self.system, self.gold),
            "value_accuracy": self.value / self.relaxed if self.relaxed else 0.0,
        }


def pair(gold: Sequence[GoldTimex], system: Sequence[SysTimex]) -> list[tuple[int, int]]:
    """One-to-one pairs (gold index, system index) of overlapping extents, exact extents first."""
    pairs: list[tuple[int, int]] = []
    used_g: set[int] = set()
    used_s: set[int] = set()
    exact = {(s.start, s.end): j for j, s in enumerate(system)}
    for i, g in enumerate(gold):
        j = exact.get((g.start, g.end))
        if j is not None and j not in used_s:
            pairs.append((i, j))
            used_g.add(i)
            used_s.add(j)
    candidates = []
    for i, g in enumerate(gold):
        if i in used_g:
            continue
        for j, s in enumerate(system):
            if j not in used_s and s.start < g.end and g.start < s.end:
                overlap = min(g.end, s.end) - max(g.start, s.start)
                candidates.append((-overlap, g.start, s.start, i, j))
    for _, _, _, i, j in sorted(candidates):
        if i not in used_g and j not in used_s:
            pairs.append((i, j))
            used_g.add(i)
            used_s.add(j)
    return pairs


def score_document(gold: Sequence[GoldTimex], system: Sequence[SysTimex], excluded: Iterable[tuple[int, int]] = ()) -> tuple[Counts, list[dict[str, Any]]]:
    """TempEval-3 counts for one document, and the list of disagreements (for error analysis)."""
    spans = list(excluded)
    system = [s for s in system if not any(s.start < e and b < s.end for b, e in spans)]
    counts = Counts(gold=len(gold), system=len(system))
    errors: list[dict[str, Any]] = []
    pairs = pair(gold, system)
    paired_g = {i for i, _ in pairs}
    paired_s = {j for _, j in pairs}
    for i, j in pairs:
        g, s = gold[i], system[j]
        counts.relaxed += 1
        counts.strict += (g.start, g.end) == (s.start, s.end)
        counts.value += s.value is not None and s.value == g.value
        counts.type += s.type == g.type
        if s.value != g.value or (g.start, g.end) != (s.start, s.end) or s.type != g.type:
            errors.append({"kind": "pair", "at": g.start, "gold": [g.text, g.type, g.value], "system": [s.text, s.type, s.value]})
    errors += [{"kind": "missed", "at": g.start, "gold": [g.text, g.type, g.value]} for i, g in enumerate(gold) if i not in paired_g]
    errors += [{"kind": "spurious", "at": s.start, "system": [s.text, s.type, s.value]} for j, s in enumerate(system) if j not in paired_s]
    return counts, errors


# --- systems ---------------------------------------------------------------------------------

System = Callable[[TimexDoc, "Doc"], list[SysTimex]]


def storyline_system(doc: TimexDoc, spacy_doc: "Doc") -> list[SysTimex]:
    """storyline's own extraction and anchoring."""
    from storyline.temporal import extract

    return [SysTimex(t.start, t.end, t.text, t.type, t.value) for t in extract(doc.text, doc.dct, spacy_doc)]


def spacy_dateparser_system(doc: TimexDoc, spacy_doc: "Doc") -> list[SysTimex]:
    """Baseline: spaCy's DATE/TIME entities, each value parsed by dateparser relative to the DCT."""
    out = []
    for ent in spacy_doc.ents:
        if ent.label_ in ("DATE", "TIME"):
            ttype, value = _dateparser_value(ent.text, doc.dct)
            out.append(SysTimex(ent.start_char, ent.end_char, ent.text, ttype, value))
    return out


@functools.lru_cache(maxsize=8)
def _date_parser(dct: str) -> Any:
    from datetime import datetime

    from dateparser.date import DateDataParser

    base = datetime.fromisoformat(dct[:16] if "T" in dct else dct[:10])
    settings = {"PREFER_DATES_FROM": "past", "RETURN_TIME_AS_PERIOD": True, "RELATIVE_BASE": base}
    return DateDataParser(languages=["en"], settings=settings)


def _dateparser_value(text: str, dct: str) -> tuple[str, str | None]:
    """dateparser's reading of ``text`` relative to the DCT, written at the period it reports."""
    data = _date_parser(dct).get_date_data(text)
    when, period = data.date_obj, data.period
    if when is None:
        return "DATE", None
    if period == "time":
        return "TIME", when.strftime("%Y-%m-%dT%H:%M")
    if period == "week":
        iso = when.isocalendar()
        return "DATE", f"{iso[0]:04d}-W{iso[1]:02d}"
    fmt = {"day": "%Y-%m-%d", "month": "%Y-%m", "year": "%Y"}.get(period or "day", "%Y-%m-%d")
    return "DATE", when.strftime(fmt)


SYSTEMS: dict[str, System] = {"storyline": storyline_system, "spacy+dateparser": spacy_dateparser_system}


@dataclass
class Report:
    """What ``run`` returns: measures per system and document group, and error lists."""

    data: str
    documents: int
    counts: dict[str, dict[str, Counts]] = field(default_factory=dict)
    errors: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    def table(self) -> list[dict[str, Any]]:
        """One row per (group, system) with the raw counts and measures."""
        rows = []
        for group, by_system in self.counts.items():
            for system, counts in by_system.items():
                rows.append({"group": group, "name": system, **asdict(counts), **counts.measures()})
        return rows


def run(data: str | Path, *, systems: Sequence[str] = ("storyline", "spacy+dateparser"), limit: int | None = None) -> Report:
    """Score the named systems on every TimeML/CAT document under ``data``.

    Results are grouped by the folder that holds each document (TimeBank, AQUAINT, …) and
    over all of them ("all").

    Raises:
        InputError: the path holds no gold documents, or a file cannot be read.
        KeyError: an unknown system name.
    """
    from storyline.pipeline.dates import spacy_model

    chosen = {name: SYSTEMS[name] for name in systems}
    docs = list(iter_corpus(Path(data)))[:limit]
    nlp = spacy_model()
    report = Report(str(data), len(docs))
    for name in chosen:
        report.errors[name] = []
    for doc, spacy_doc in zip(docs, nlp.pipe((d.text for d in docs), batch_size=16)):
        for name, system in chosen.items():
            counts, errors = score_document(doc.timexes, system(doc, spacy_doc), doc.excluded)
            for group in (doc.group, "all"):
                report.counts.setdefault(group, {}).setdefault(name, Counts()).add(counts)
            report.errors[name].extend({"group": doc.group, "doc": doc.doc_id, "dct": doc.dct, **e} for e in errors)
    if len(report.counts) == 2:
        # A single group: "all" says the same thing.
        report.counts.pop("all")
    return report


def write_errors(report: Report, path: str | Path) -> None:
    """Write every disagreement as JSON lines, for error analysis."""
    with open(path, "w", encoding="utf-8") as fh:
        for system, errors in report.errors.items():
            for e in errors:
                fh.write(json.dumps({"system": system, **e}, ensure_ascii=False) + "\n")
