"""Timeline measures: date F1 and the alignment-based ROUGE of Martschat & Markert (2017).

The ROUGE variants (concat, agreement, align+ m:1) come from ``tilse``, the authors' own
package, which news-tls (Gholipour Ghalandari & Ifrim, ACL 2020) also used, with the original
ROUGE-1.5.5 Perl script (Porter stemming, stop words removed, raw counts) underneath. We only
change *how often* Perl starts: tilse starts it once per compared pair of daily summaries
(about 0.3 s each, hours for Timeline17), while the metrics' control flow never depends on the
counts ROUGE returns (alignments use tilse's own ROUGE approximation). So we run tilse's code
twice: first recording every pair it asks ROUGE about, then, after one Perl run that scores all
recorded pairs as separate evaluations, replaying the counts in the same order. The result is
the same number tilse gives on its own; ``tests/test_eval_timeline.py`` checks that.

``rouge="reimpl"`` uses tilse's Python approximation of ROUGE instead (fast, for development;
never for reported numbers).
"""

from __future__ import annotations

import re
import subprocess
import tempfile
from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any, Literal

from storyline.errors import StorylineError

RougeMode = Literal["perl", "reimpl"]
# Our names for tilse's metrics, in report order.
METRICS = {
    "concat": "evaluate_concat",
    "agreement": "evaluate_agreement",
    "align+ m:1": "evaluate_align_date_content_costs_many_to_one",
}
MEASURES = ("rouge_1", "rouge_2")
_TILSE_HINT = "the timeline metrics need tilse (pip install 'storyline[eval]', or pip install tilse)"

Summary = Mapping[date, Sequence[str]]


def date_prf(predicted: Sequence[date] | set[date], reference: Sequence[date] | set[date]) -> dict[str, float]:
    """Precision, recall and F1 of the predicted days against the reference days (exact match)."""
    pred, ref = set(predicted), set(reference)
    shared = len(pred & ref)
    p = shared / len(pred) if pred else 0.0
    r = shared / len(ref) if ref else 0.0
    return {"precision": p, "recall": r, "f_score": 2 * p * r / (p + r) if p + r else 0.0}


def _tilse() -> tuple[Any, Any, Any]:
    try:
        from tilse.data.timelines import GroundTruth, Timeline
        from tilse.evaluation import rouge
    except ImportError as e:  # pragma: no cover - depends on the environment
        raise StorylineError(f"{_TILSE_HINT} ({e})") from None
    return Timeline, GroundTruth, rouge


def perl_available() -> bool:
    """Whether tilse and its bundled ROUGE-1.5.5 Perl script can run here."""
    try:
        from pyrouge.base import ROUGE_EVAL_HOME
    except ImportError:
        return False
    import shutil

    return shutil.which("perl") is not None and Path(ROUGE_EVAL_HOME, "ROUGE-1.5.5.pl").is_file()


class _Recorder:
    """Stands in for tilse's ROUGE object and writes down what it is asked."""

    def __init__(self) -> None:
        self.calls: list[tuple[list[list[str]], dict[str, list[list[str]]]]] = []

    def score_summary(self, summary: list[list[str]], references: dict[str, list[list[str]]]) -> dict[str, int]:
        self.calls.append((summary, references))
        # Any non-zero counts do: the metrics divide by them but never branch on them.
        return {f"{m}_{c}": 1 for m in MEASURES for c in ("h_count", "p_count", "m_count")}


class _Replayer:
    """Answers tilse's ROUGE calls from counts computed beforehand, checking that the calls match."""

    def __init__(self, calls: list[Any], counts: list[dict[str, int]]) -> None:
        self.calls, self.counts, self.i = calls, counts, 0

    def score_summary(self, summary: list[list[str]], references: dict[str, list[list[str]]]) -> dict[str, int]:
        if self.i >= len(self.calls) or self.calls[self.i] != (summary, references):
            raise StorylineError("tilse asked ROUGE different questions on replay; the batched scores would be wrong")
        self.i += 1
        return self.counts[self.i - 1]


def _see(title: str, sentences: list[list[str]]) -> str:
    """A summary in ROUGE's SEE format, written exactly as tilse's pyrouge writes it."""
    lines = []
    for i, sent in enumerate(sentences, 1):
        text = " ".join(tok.replace("^", "&circ;") for tok in sent)
        lines.append(f'<a name="{i}">[{i}]</a> <a href="#{i}" id={i}>{text}</a>')
    return f"<html>\n  <head>\n    <title>{title}</title>\n  </head>\n  <body>\n" + "\n".join(lines) + "\n  </body>\n</html>"


_EVAL_LINE = re.compile(r"^\S+ ROUGE-(\d) Eval (e\d+)\.\S+ R:(\d+) P:(\d+) F:(\d+)", re.MULTILINE)


def perl_counts(calls: Sequence[tuple[list[list[str]], dict[str, list[list[str]]]]]) -> list[dict[str, int]]:
    """ROUGE-1/2 raw counts for every (summary, references) pair from one run of ROUGE-1.5.5.

    The options are tilse's (``-a -n 2 -x -f A -d -m -s -t 2``: Porter stemming, stop words
    removed, raw counts); with ``-d`` and ``-t 2`` the script prints each evaluation's
    reference count, summary count and hits (labelled R, P and F).
    """
    from pyrouge.base import ROUGE_EVAL_HOME

    if not calls:
        return []
    home = Path(ROUGE_EVAL_HOME)
    with tempfile.TemporaryDirectory(prefix="storyline-rouge-") as tmp:
        root = Path(tmp)
        peers, models = root / "peers", root / "models"
        peers.mkdir()
        models.mkdir()
        evals = []
        for n, (summary, references) in enumerate(calls):
            (peers / f"e{n}.html").write_text(_see("A", summary), encoding="utf-8")
            refs = []
            for j, (ref_id, ref) in enumerate(references.items()):
                name = f"e{n}_{j}.html"
                (models / name).write_text(_see(ref_id, ref), encoding="utf-8")
                refs.append(f'<M ID="{chr(65 + j)}">{name}</M>')
            evals.append(
                f'<EVAL ID="e{n}"><MODEL-ROOT>{models}</MODEL-ROOT><PEER-ROOT>{peers}</PEER-ROOT>'
                f'<INPUT-FORMAT TYPE="SEE">  </INPUT-FORMAT><PEERS><P ID="0">e{n}.html</P></PEERS>'
                f"<MODELS>{''.join(refs)}</MODELS></EVAL>"
            )
        settings = root / "settings.xml"
        settings.write_text('<ROUGE_EVAL version="1.55">\n' + "\n".join(evals) + "\n</ROUGE_EVAL>\n", encoding="utf-8")
        options = ["-e", str(home / "data"), "-a", "-n", "2", "-x", "-f", "A", "-d", "-m", "-s", "-t", "2", str(settings)]
        try:
            output = subprocess.run(
                ["perl", str(home / "ROUGE-1.5.5.pl"), *options], check=True, capture_output=True, text=True
            ).stdout
        except (OSError, subprocess.CalledProcessError) as e:
            detail = getattr(e, "stderr", "") or str(e)
            raise StorylineError(f"ROUGE-1.5.5 failed: {detail.strip()[:500]}") from None
    counts: list[dict[str, int]] = [{} for _ in calls]
    for n_gram, eval_id, m, p, h in _EVAL_LINE.findall(output):
        c = counts[int(eval_id[1:])]
        c[f"rouge_{n_gram}_m_count"], c[f"rouge_{n_gram}_p_count"], c[f"rouge_{n_gram}_h_count"] = int(m), int(p), int(h)
    for n, c in enumerate(counts):
        if len(c) != 6:
            raise StorylineError(f"ROUGE-1.5.5 printed no counts for evaluation e{n}; its output began {output[:200]!r}")
    return counts


def rouge_scores(
    pairs: Sequence[tuple[Summary, Summary]],
    *,
    metrics: Sequence[str] = tuple(METRICS),
    rouge: RougeMode = "perl",
) -> list[dict[str, dict[str, dict[str, float]]]]:
    """Alignment-based ROUGE of each (predicted, reference) timeline pair.

    Args:
        pairs: each a predicted and a reference timeline, as day -> sentences.
        metrics: names from :data:`METRICS`.
        rouge: ``"perl"`` (ROUGE-1.5.5, as published) or ``"reimpl"`` (tilse's approximation).

    Returns:
        For each pair: metric -> ``rouge_1``/``rouge_2`` -> precision, recall, f_score.

    Raises:
        StorylineError: tilse is missing, a metric name is unknown, or ROUGE-1.5.5 fails.
    """
    Timeline, GroundTruth, rouge_mod = _tilse()
    unknown = [m for m in metrics if m not in METRICS]
    if unknown:
        raise StorylineError(f"unknown timeline metric(s) {unknown!r} (known: {', '.join(METRICS)})")
    evaluator = rouge_mod.TimelineRougeEvaluator(measures=list(MEASURES), rouge_computation="reimpl")
    tilse_pairs = [
        (Timeline({d: list(s) for d, s in pred.items()}), GroundTruth([Timeline({d: list(s) for d, s in ref.items()})]))
        for pred, ref in pairs
    ]

    def run_all() -> list[dict[str, Any]]:
        return [{m: getattr(evaluator, METRICS[m])(p, g) for m in metrics} for p, g in tilse_pairs]

    if rouge == "reimpl":
        return run_all()
    if rouge != "perl":
        raise StorylineError(f"unknown ROUGE mode {rouge!r} (accepted: perl, reimpl)")
    recorder = _Recorder()
    evaluator.rouge = recorder
    run_all()
    evaluator.rouge = _Replayer(recorder.calls, perl_counts(recorder.calls))
    return run_all()
