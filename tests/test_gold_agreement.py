"""The agreement arithmetic of scripts/gold_agreement.py on hand-made records."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "gold_agreement.py"
spec = importlib.util.spec_from_file_location("gold_agreement", SCRIPT)
ga = importlib.util.module_from_spec(spec)
assert spec.loader is not None
sys.modules["gold_agreement"] = ga  # dataclasses look their module up by name
spec.loader.exec_module(ga)


def stmt(start: int, end: int, speaker: str, ref: str = "named", kind: str = "direct") -> dict:
    return {"start": start, "end": end, "span": "x", "speaker": speaker, "ref": ref, "kind": kind}


def figure(start: int, end: int, value, kind: str = "running_total", qualifier=None, source: str = "AP") -> dict:
    return {"start": start, "end": end, "span": "x", "value": value, "qualifier": qualifier, "what": "killed",
            "scope": ["Haiti"], "kind": kind, "source": source, "as_of": "2010-01-13"}


def record(annotator: str, speakers=(), figures=(), dates=(), notq=(), sha: str = "s") -> dict:
    return {"dataset": "d", "doc": "1", "text_sha1": sha, "annotator": annotator, "speakers": list(speakers),
            "figures": list(figures), "quoted_dates": list(dates), "not_quotes": list(notq)}


def test_overlap_share_uses_the_shorter_span():
    assert ga.overlap_share({"start": 0, "end": 100}, {"start": 90, "end": 110}) == pytest.approx(0.5)
    assert ga.overlap_share({"start": 0, "end": 10}, {"start": 10, "end": 20}) == 0.0


def test_match_is_one_to_one_and_prefers_identical_spans():
    ref = [{"start": 0, "end": 10}, {"start": 50, "end": 60}]
    hyp = [{"start": 2, "end": 10}, {"start": 0, "end": 10}, {"start": 80, "end": 90}]
    assert ga.match_spans(ref, hyp) == [(0, 1)]


def test_f1_counts():
    p, r, f = ga.f1_score(n_ref=4, n_hyp=2, matched=2)
    assert (p, r) == (1.0, 0.5)
    assert f == pytest.approx(2 / 3)
    assert ga.f1_score(0, 0, 0) == (None, None, None)


def test_kappa_known_values():
    perfect = [("a", "a"), ("b", "b")]
    assert ga.cohen_kappa(perfect) == pytest.approx(1.0)
    # observed 0.5, expected 0.5 -> kappa 0
    assert ga.cohen_kappa([("a", "a"), ("a", "b"), ("b", "a"), ("b", "b")]) == pytest.approx(0.0)
    # 20 pairs: po = 0.7, pe = 0.5*0.6 + 0.5*0.4 = 0.5 -> 0.4
    pairs = [("y", "y")] * 8 + [("y", "n")] * 2 + [("n", "y")] * 4 + [("n", "n")] * 6
    assert ga.cohen_kappa(pairs) == pytest.approx(0.4)
    assert ga.cohen_kappa([("a", "a")] * 3) is None


def test_agreement_per_field_and_finding():
    a1 = record("a1",
                speakers=[stmt(0, 40, "Barack Obama"), stmt(100, 140, "unresolved", ref="pronoun"), stmt(200, 220, "X")],
                figures=[figure(10, 20, 230000, qualifier="at least"), figure(30, 35, [1, 3], kind="estimate_range")],
                dates=[{"start": 5, "end": 9, "span": "x", "value": "2010-01-12"}],
                notq=[{"start": 0, "end": 5, "span": "x", "why": "headline"}])
    a2 = record("a2",
                speakers=[stmt(0, 30, "barack obama"), stmt(110, 140, "Michelle Obama", ref="named")],
                figures=[figure(10, 20, 230000.0, qualifier="at least", source="ap"), figure(30, 35, [1, 4], kind="estimate_range")],
                dates=[{"start": 5, "end": 9, "span": "x", "value": "2010-01-11"}])
    rep = ga.agreement([a1, a2])
    sp = rep.sections["speakers"]
    assert (sp.n_ref, sp.n_hyp, sp.matched) == (3, 2, 2)
    assert sp.agree["speaker"] == 1 and sp.agree["ref"] == 1 and sp.agree["kind"] == 2
    fig = rep.sections["figures"]
    assert fig.matched == 2
    assert fig.agree["value"] == 1 and fig.agree["source"] == 2 and fig.agree["qualifier"] == 2
    assert ga.cohen_kappa(fig.pairs["kind"]) == pytest.approx(1.0)
    assert rep.sections["quoted_dates"].agree["value"] == 0
    nq = rep.sections["not_quotes"]
    assert (nq.n_ref, nq.n_hyp, nq.matched) == (1, 0, 0)
    text = ga.render(rep)
    assert "| speakers | speaker | 0.50 (1/2) |" in text


def test_docs_with_different_texts_are_skipped():
    rep = ga.agreement([record("a1", speakers=[stmt(0, 5, "A")]), record("a2", sha="other")])
    assert rep.docs == [] and rep.skipped == ["d:1"]


def test_lenient_names():
    assert ga.loosely_same("office of Chuck Grassley", "Chuck Grassley's office")
    assert ga.loosely_same(["Hillary Clinton", "2013"], ["Hillary Clinton"])
    assert not ga.loosely_same("Associated Press", "The New York Times")


def test_story_judgements_are_counted_per_story():
    judged = [{"story": "s", "annotator": "a2", "events": [
        {"id": "e1", "title_ok": True, "development_ok": True},
        {"id": "e2", "title_ok": False, "development_ok": True, "title": "Better title"},
    ]}]
    per = ga.story_agreement(judged)
    assert per == {"s": (2, 1, 2)}
    text = ga.render_stories(per, judged, disagreements=True)
    assert "| all | 2 | 0.50 (1/2) | 1.00 (2/2) |" in text and "'Better title'" in text
    assert ga.render_stories({}) == ""
