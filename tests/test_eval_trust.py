"""storyline eval trust: the matching rules (trust_match) and the scoring on hand-made gold and bundle items, and one run on the real gold
(one small dataset; skipped visibly when ../shared is absent)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storyline.eval import trust
from storyline.eval import trust_match as match

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"


def _gold(doc: str = "a", **parts) -> dict:
    rec = {"dataset": "set", "doc": doc, "split": "dev", "story": "s", "figures": [], "relations": [], "speakers": [], "quoted_dates": [], "not_quotes": []}
    rec.update(parts)
    return rec


def _gfig(fid: str, start: int, end: int, value, **kw) -> dict:
    fig = {"id": fid, "start": start, "end": end, "span": "x", "value": value, "qualifier": None, "what": "killed", "scope": [], "kind": "running_total", "source": "police", "as_of": "2020-01-02"}
    fig.update(kw)
    return fig


def _sfig(article: str, start: int, end: int, value, **kw) -> dict:
    fig = {"article": article, "start": start, "end": end, "value": value, "unit": "killed", "category": "killed", "kind": "cumulative", "scope": [], "source": "police", "date": "2020-01-02", "text": "x"}
    fig.update(kw)
    return fig


def _bundle(**parts) -> dict:
    out = {"articles": [{"id": "set:a", "outlet": "Daily Planet"}, {"id": "set:b", "outlet": "Daily Bugle"}], "figures": [], "quotes": [], "dates": [], "conflicts": []}
    out.update(parts)
    return out


def test_same_name_is_strict():
    assert match.same_name("Donald Trump", "donald trump")
    assert match.same_name("Trump", "Donald Trump")
    assert match.same_name("Donald J. Trump", "Donald Trump")
    assert match.same_name("World Health Organisation", "World Health Organization")
    assert match.same_name("U.S. intelligence", "US intelligence")
    assert match.same_name("World Health Organization (WHO", "World Health Organization")
    assert not match.same_name("Bill Clinton", "Hillary Clinton")
    assert not match.same_name("officials", "U.S. officials")
    assert not match.same_name("government", "Government of South Korea")
    assert not match.same_name("", "Donald Trump")


def test_speaker_right_reads_anonymous_groups_and_anonymous_gold():
    assert match.speaker_right({"speaker": "anonymous: health officials", "speaker_type": "anonymous"}, "health officials")
    assert match.speaker_right({"speaker": "anonymous: one woman", "speaker_type": "anonymous"}, "anonymous")
    assert match.speaker_right({"speaker": "anonymous: officials", "speaker_type": "anonymous"}, "unresolved")
    assert not match.speaker_right({"speaker": "Liz Cheney", "speaker_type": "person"}, "unresolved")
    assert not match.speaker_right({"speaker": "Iran", "speaker_type": "place"}, "Donald Trump")
    assert not match.speaker_resolved({"speaker": "unresolved", "speaker_type": "unresolved"})


def test_values_ranges_and_dates():
    assert match.same_value(230000, 230000.0)
    assert match.same_value([10, 20], [10, 20])
    assert not match.same_value([10, 20], 10)
    assert match.date_value_right("2009-04-23TMO", "2009-04-23")
    assert match.date_value_right("2012-W03", "2012-01")
    assert not match.date_value_right("PXW", "2011-05")
    assert not match.date_value_right("2011-11", "2012-11")


def test_quantity_parts_map_the_systems_vocabulary():
    assert match.what_right("killed", "deaths")
    assert match.what_right("wounded", "injured")
    assert match.what_right("USD", "dollars paid in taxes")
    assert not match.what_right("percent", "effective tax rate")
    assert match.scope_right([], [])
    assert match.scope_right(["Haiti"], ["haiti"])
    assert not match.scope_right([], ["Haiti"])
    assert match.scope_not_contradicted([], ["Haiti"])
    assert match.system_kind({"kind": "cumulative"}) == "running_total"
    assert match.system_kind({"kind": "increment"}) == "period"
    assert match.system_kind({"kind": None, "unit": "percent"}) == "rate"
    assert match.system_kind({"kind": None, "value": [1, 2]}) == "estimate_range"


def test_source_right_takes_the_outlet_as_the_voice_of_unattributed_figures():
    assert match.source_right(None, "Daily Planet", "Daily Planet")
    assert match.source_right(None, "The New York Times", "nyt")
    assert not match.source_right(None, "police", "Daily Planet")
    assert match.source_right("Police", "police", "Daily Planet")


def test_gold_conflict_pairs_extend_over_agreeing_figures():
    recs = [
        _gold("a", relations=[{"figure": "f1", "to": {"doc": "b", "figure": "f1"}, "relation": "conflicts"}]),
        _gold("b", relations=[{"figure": "f2", "to": {"doc": "a", "figure": "f1"}, "relation": "agrees"}]),
    ]
    pairs = match.gold_conflict_pairs(recs)
    a1, b1, b2 = ("set:a", "f1"), ("set:b", "f1"), ("set:b", "f2")
    assert pairs == {frozenset((a1, b1)), frozenset((b2, b1))}
    assert list(match.gold_conflicts(recs)) == [frozenset((a1, b1))]


def test_system_conflict_pairs_need_different_values_and_sources():
    bundle = _bundle(
        figures=[_sfig("set:a", 0, 2, 10), _sfig("set:b", 0, 2, 12, source="army"), _sfig("set:b", 5, 7, 10, source="army")],
        conflicts=[{"figures": [{"article": "set:a", "start": 0, "end": 2}, {"article": "set:b", "start": 0, "end": 2}, {"article": "set:b", "start": 5, "end": 7}], "note": ""}],
    )
    assert match.system_conflict_pairs(bundle) == {frozenset((("set:a", 0, 2), ("set:b", 0, 2)))}


def test_score_counts_figures_conflicts_speakers_dates_and_not_quotes():
    recs = [
        _gold(
            "a",
            figures=[_gfig("f1", 0, 2, 10), _gfig("f2", 10, 12, 30, kind="not_a_count"), _gfig("f3", 20, 22, 5)],
            relations=[{"figure": "f1", "to": {"doc": "b", "figure": "f1"}, "relation": "conflicts"}],
            speakers=[
                {"start": 30, "end": 50, "span": "x", "ref": "named", "speaker": "Jane Roe"},
                {"start": 60, "end": 80, "span": "x", "ref": "pronoun", "speaker": "Jane Roe"},
            ],
            quoted_dates=[{"start": 40, "end": 48, "span": "tomorrow", "value": "2020-01-03"}],
            not_quotes=[{"start": 90, "end": 100, "span": "x", "why": "headline"}],
        ),
        _gold("b", figures=[_gfig("f1", 0, 2, 12, source="army")],
              relations=[{"figure": "f1", "to": {"doc": "a", "figure": "f3"}, "relation": "updates"}]),
    ]
    bundle = _bundle(
        figures=[
            _sfig("set:a", 0, 2, 10),
            _sfig("set:a", 10, 12, 30),  # a not_a_count figure reported
            _sfig("set:a", 14, 16, 3),  # a figure gold does not have
            _sfig("set:b", 0, 2, 12, source="army", kind=None, scope=["Haiti"]),
        ],
        conflicts=[{"figures": [{"article": "set:a", "start": 0, "end": 2}, {"article": "set:b", "start": 0, "end": 2}], "note": ""}],
        quotes=[
            {"article": "set:a", "start": 32, "end": 50, "speaker": "Roe", "speaker_type": "person"},
            {"article": "set:a", "start": 60, "end": 70, "speaker": "unresolved", "speaker_type": "unresolved"},
            {"article": "set:a", "start": 91, "end": 99, "speaker": "Roe", "speaker_type": "person"},
        ],
        dates=[{"article": "set:a", "start": 40, "end": 48, "value": "2020-01-03", "type": "DATE"}],
    )
    result = trust.score(recs, bundle)
    m = result["measures"]
    assert (m["figures found recall"]["num"], m["figures found recall"]["den"]) == (2, 3)
    assert (m["figures found precision"]["num"], m["figures found precision"]["den"]) == (2, 4)
    assert (m["not_a_count figures reported"]["num"], m["not_a_count figures reported"]["den"]) == (1, 1)
    assert m["value right"]["value"] == 1.0
    assert (m["kind right"]["num"], m["scope right"]["num"], m["quantity right (what+scope+kind)"]["num"]) == (1, 1, 1)
    assert m["source right"]["num"] == 2 and m["as-of right"]["num"] == 2
    assert (m["conflicts precision"]["num"], m["conflicts precision"]["den"]) == (1, 1)
    assert (m["conflicts recall"]["num"], m["conflicts recall"]["den"]) == (1, 1)
    # The update's figure f3 of a was not found: nothing to tell apart.
    assert m["updates/revisions told from conflicts"]["den"] == 0
    assert m["updates/revisions with both figures found"]["den"] == 1
    assert (m["speaker accuracy (resolved)"]["num"], m["speaker accuracy (resolved)"]["den"]) == (1, 1)
    assert (m["speaker resolved"]["num"], m["speaker resolved"]["den"]) == (1, 2)
    assert result["speakers_by_ref"]["pronoun"]["resolved"]["den"] == 1
    assert m["relative dates in quotes right"]["value"] == 1.0
    assert (m["not_quotes reported as quotes"]["num"], m["not_quotes reported as quotes"]["den"]) == (1, 1)
    assert "figure not in gold" in result["errors"] and "figure missed" in result["errors"]


def test_load_gold_filters_annotator_and_dataset(tmp_path: Path):
    rows = [_gold("a", annotator="a1"), _gold("a", annotator="a2"), {**_gold("c"), "dataset": "other"}]
    (tmp_path / "set.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    (tmp_path / "stories.jsonl").write_text(json.dumps({"story": "s", "events": [{"id": "e1"}]}) + "\n", encoding="utf-8")
    assert [r["doc"] for r in trust.load_gold(tmp_path, datasets=["set"])] == ["a"]
    assert len(trust.load_gold(tmp_path)) == 2
    assert trust.gold_stories(tmp_path)[0]["story"] == "s"


def test_run_on_the_real_gold():
    if not (DATA / "newswcl50").is_dir():
        pytest.skip(f"{DATA} is absent: the trust run on the real gold needs ../shared")
    result = trust.run(DATA, datasets=["newswcl50"])
    assert not result["problems"]
    assert result["articles"]["all"] == result["articles"]["dev"] + result["articles"]["test"] > 0
    for split in trust.SPLITS:
        measures = result["splits"][split]["measures"]
        assert set(trust.TARGETS) <= set(measures)
        for name, m in measures.items():
            assert 0 <= m["num"] <= m["den"], name
            assert m["value"] is None or 0.0 <= m["value"] <= 1.0
        assert set(result["splits"][split]["speakers_by_ref"]) == {"named", "role", "pronoun", "nominal", "none"}
    assert result["splits"]["all"]["measures"]["statements found (speaker spans)"]["den"] > 20


# --- timeline entries and event titles (trust_stories) ------------------------------


def test_story_rules_dice_and_title_form():
    from storyline.eval import trust_stories as ts

    assert ts.dice("Rebels seize the town of Tarvik", "Tarvik seized by rebels") > 0.5
    assert ts.dice("Rebels seize Tarvik", "Parliament passes the budget") == 0.0
    assert ts.title_form_ok("Rebels seize Tarvik")
    assert not ts.title_form_ok("BRENNICK | Wed Nov 8, 2023 6:42 pm EDT Dam gives way")
    assert not ts.title_form_ok("By the Sentinel Wire Staff Dam gives way")
    assert not ts.title_form_ok("Orva floods LIVE Updates")
    assert not ts.title_form_ok(" ".join(["word"] * 16))
    refs = ["Rebels seize Tarvik", "Highland fighters take the mining town of Tarvik overnight."]
    assert ts.fits("Fighters seize the mining town of Tarvik", refs, title=True)
    assert not ts.fits("A charity counts 12,000 people in a camp at Orsk", refs)
    assert ts.kappa([(True, True), (False, False)]) == 1.0
    assert ts.kappa([(True, False), (False, True)]) == -1.0
    assert ts.kappa([(True, True), (True, True)]) is None


def test_story_outputs_map_gold_events_to_system_events_and_entries(tmp_path: Path):
    from storyline.eval import trust_stories as ts

    story = {"story": "s", "dataset": "set", "split": "dev", "events": [
        {"id": "e1", "date": "2024-01-15", "title": "Rebels seize Tarvik", "docs": ["a", "b"], "main_development": "Rebel fighters seize the mining town of Tarvik."},
        {"id": "e2", "date": "2024-01-19", "title": "Truce agreed for Tarvik", "docs": ["c"], "main_development": "The army and the rebels agree a truce around Tarvik."},
    ]}
    bundle = {
        "articles": [{"id": "set:a", "event": "E1"}, {"id": "set:b", "event": "E1"}, {"id": "set:c", "event": "E2"}],
        "events": [{"id": "E1", "title": "Rebels seize the mining town of Tarvik"}, {"id": "E2", "title": "KESSIN | Fri Jan 19, 2024 9:00 am EDT Truce"}],
        "timeline": [
            {"date": "2024-01-14", "text": "Rebel fighters seized the mining town of Tarvik overnight.", "event": "E1"},
            {"date": "2024-01-25", "text": "A charity counted 12,000 people at a camp in Orsk.", "event": "E1"},
        ],
    }
    sha = ts.text_sha1("Rebel fighters seized the mining town of Tarvik overnight.")
    (tmp_path / ts.JUDGED_FILE).write_text(
        "\n".join(json.dumps({"story": "s", "event": "e1", "kind": "entry", "sha1": sha, "judge": j, "fits": f}) for j, f in (("j1", True), ("j2", False))) + "\n",
        encoding="utf-8",
    )
    rows = ts.outputs([story], bundle, tmp_path)
    assert [r["system_events"] for r in rows] == [["E1"], ["E2"]]
    assert [r["has_entry"] for r in rows] == [True, False]
    assert rows[0]["entry_date"] == "2024-01-14" and rows[0]["entry_auto"] and rows[0]["title_auto"]
    assert rows[0]["entry_hand"] == {"j1": True, "j2": False}
    assert not rows[1]["title_auto"]  # a dateline in the title
    m = ts.measures(rows)
    assert (m["events with a timeline entry"]["num"], m["events with a timeline entry"]["den"]) == (1, 2)
    assert (m["entry is the main development (auto)"]["num"], m["entry is the main development (auto)"]["den"]) == (1, 2)
    # e2 has no entry: it counts as judged and not fitting.
    assert (m["entry is the main development (judged j1)"]["num"], m["entry is the main development (judged j1)"]["den"]) == (1, 2)
    agree = ts.agreement(rows)
    assert (agree["entry: j1 vs j2"]["num"], agree["entry: j1 vs j2"]["den"]) == (0, 1)
    assert (agree["entry: auto vs j1"]["num"], agree["entry: auto vs j1"]["den"]) == (1, 1)
