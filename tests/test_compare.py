"""Outlet comparison on a hand-built bundle: coverage, figures by source, quotes by speaker, framing."""

from collections import Counter

import pytest

from storyline import compare


def _art(aid, outlet, published, event, duplicate_of=None):
    return {"id": aid, "outlet": outlet, "title": f"title {aid}", "published": published, "url": None,
            "event": event, "duplicate_of": duplicate_of}


TEXTS = {
    "w1": "Gunmen attacked the market on Monday. Police said 12 people were killed in the attack.",
    "d1": "Gunmen attacked the market on Monday. Police said 12 people were killed in the attack.",
    "h1": "Attackers hit a busy market, police said, leaving 12 dead after the attack.",
    "l1": "A massacre at the market: militants slaughtered civilians. The massacre shocked Port Ellis. "
          "Witnesses described the massacre and the slaughtered families.",
    "r1": "Clashes near the market left several dead. The clashes followed weeks of unrest. "
          "Officials blamed the clashes on both sides.",
    "w2": "The port reopened on Friday, said harbour master Alma Reyes. \"We are open,\" Reyes said.",
    "l2": "The port reopened after the massacre; the slaughtered were mourned.",
    "r2": "The port reopened after the clashes.",
}

BUNDLE = {
    "schema": "storyline/1",
    "articles": [
        _art("w1", "Wire", "2024-03-04", "E1"),
        _art("d1", "Daily", "2024-03-04", "E1", "w1"),
        _art("h1", "Herald", "2024-03-05", "E1", "w1"),
        _art("l1", "Left", "2024-03-05", "E1"),
        _art("r1", "Right", "2024-03-06", "E1"),
        _art("w2", "Wire", "2024-03-08", "E2"),
        _art("l2", "Left", "2024-03-09", "E2"),
        _art("r2", "Right", None, "E2"),
        _art("x9", None, "2024-03-01", None),
    ],
    "duplicates": [
        {"articles": ["w1", "d1"], "kind": "copy", "score": 1.0},
        {"articles": ["w1", "h1"], "kind": "rewrite", "score": 0.7},
    ],
    "events": [
        {"id": "E2", "title": "Port reopens", "date": "2024-03-08", "articles": ["w2", "l2", "r2"], "story": "S1"},
        {"id": "E1", "title": "Market attack", "date": "2024-03-04", "articles": ["w1", "d1", "h1", "l1", "r1"], "story": "S1"},
    ],
    "stories": [{"id": "S1", "title": "Port Ellis", "events": ["E1", "E2"]}],
    "dates": [],
    "quotes": [
        {"article": "w2", "speaker": "Alma Reyes", "text": "We are open,", "kind": "direct", "start": 61, "end": 73},
        {"article": "l2", "speaker": "Alma Reyes", "text": "we are open", "kind": "direct", "start": 0, "end": 5},
        {"article": "w1", "speaker": "Police", "text": "12 people were killed", "kind": "indirect", "start": 50, "end": 71},
        {"article": "r1", "speaker": None, "text": "both sides", "kind": "indirect", "start": 0, "end": 4},
    ],
    "figures": [
        {"article": "w1", "value": 12, "unit": "killed", "text": "12 people were killed", "source": "Police",
         "date": "2024-03-04", "start": 50, "end": 71},
        {"article": "h1", "value": 12, "unit": "killed", "text": "12 dead", "source": "Police", "date": None,
         "start": 55, "end": 62},
        {"article": "l1", "value": [20, 25], "unit": "killed", "text": "20 to 25", "source": "witnesses",
         "date": "2024-03-05", "start": 0, "end": 8},
        {"article": "w2", "value": 3, "unit": "ships", "text": "3 ships", "source": None, "date": None, "start": 0, "end": 7},
    ],
    "entities": [],
    "timeline": [],
    "conflicts": [{"figures": [0, {"article": "l1", "start": 0}, "nope:x"], "note": "killed: 12 (Police) vs 20-25 (witnesses)"}],
}


def _span(aid, words):
    start = TEXTS[aid].index(words)
    return (start, start + len(words))


def test_scope_articles_of_story_and_event():
    assert set(compare.scope_articles(BUNDLE, story="S1")) == {"w1", "d1", "h1", "l1", "r1", "w2", "l2", "r2"}
    assert compare.scope_articles(BUNDLE, event="E2") == ["w2", "l2", "r2"]
    assert len(compare.scope_articles(BUNDLE)) == 9
    assert compare.scope_articles(BUNDLE, story="nope") == []


def test_coverage_matrix_and_who_was_first():
    cov = compare.coverage(BUNDLE, compare.scope_articles(BUNDLE) )
    assert [r["id"] for r in cov["events"]] == ["E1", "E2", None]  # by date, no-event row last
    e1 = cov["events"][0]
    # The wire and the paper that copied it share the day; the copy is not first.
    assert e1["first"] == {"date": "2024-03-04", "outlets": ["Wire"], "articles": ["w1"]}
    assert [c["kind"] for c in e1["cells"]["Daily"]] == ["copy"]
    assert [c["kind"] for c in e1["cells"]["Herald"]] == ["rewrite"]
    assert "Daily" not in cov["events"][1]["cells"]
    # r2 has no date: E2's first report is still the wire's.
    assert cov["events"][1]["first"]["outlets"] == ["Wire"]
    assert cov["totals"]["Wire"] == {"articles": 2, "events": 2, "first": 2, "copies": 0, "rewrites": 0}
    assert cov["totals"]["Daily"]["copies"] == 1
    assert cov["totals"][compare.UNKNOWN_OUTLET]["first"] == 0  # the no-event row counts for no one
    assert cov["outlets"][:3] == ["Left", "Right", "Wire"]  # most articles first, then by name


def test_coverage_first_when_nothing_is_dated():
    bundle = {**BUNDLE, "articles": [_art("a", "A", None, "E1")], "duplicates": []}
    assert compare.coverage(bundle, ["a"])["events"][0]["first"] is None


def test_figures_by_source_series_and_conflicts():
    figs = compare.figures_by_source(BUNDLE, compare.scope_articles(BUNDLE, event="E1"))
    assert [u["unit"] for u in figs["units"]] == ["killed"]  # the ships figure is in E2
    series = {s["source"]: s["points"] for s in figs["units"][0]["series"]}
    assert [p["date"] for p in series["Police"]] == ["2024-03-04", "2024-03-05"]  # h1: published date stands in
    assert (series["witnesses"][0]["low"], series["witnesses"][0]["high"]) == (20.0, 25.0)
    assert series["Police"][0]["conflict"] == ["killed: 12 (Police) vs 20-25 (witnesses)"]
    assert series["Police"][1]["conflict"] == []
    # The unresolvable reference is dropped, the two others resolve.
    assert [len(c["figures"]) for c in figs["conflicts"]] == [2]


def test_figures_unattributed_and_without_unit():
    bundle = {**BUNDLE, "figures": [{**BUNDLE["figures"][3], "unit": None}], "conflicts": []}
    figs = compare.figures_by_source(bundle, ["w2"])
    assert figs["units"][0]["unit"] == compare.NO_UNIT
    # a figure the outlet states without attribution shows the outlet's name (issue 10 §2, Display)
    assert figs["units"][0]["series"][0]["source"] == "Wire"
    assert figs["units"][0]["series"][0]["points"][0]["attributed"] is False
    assert figs["undated"] == 0  # the article's publication date stands in


def test_quotes_by_speaker_and_who_left_them_out():
    q = compare.quotes_by_speaker(BUNDLE, compare.scope_articles(BUNDLE, story="S1"))
    reyes = next(s for s in q["speakers"] if s["speaker"] == "Alma Reyes")
    assert reyes["outlets"] == {"Wire": 1, "Left": 1}
    # Right covered the reopening but quoted no one from it.
    assert reyes["left_out"] == ["Right"]
    # The same words from two outlets are one quote carried by both.
    assert len(reyes["quotes"]) == 1 and reyes["quotes"][0]["outlets"] == ["Wire", "Left"]
    police = next(s for s in q["speakers"] if s["speaker"] == "Police")
    assert police["left_out"] == ["Daily", "Herald", "Left", "Right"]
    assert q["unattributed"] == 1
    assert q["speakers"][0]["speaker"] == "Alma Reyes"  # quoted by the most outlets


def test_tokens_drop_stop_words_and_spans():
    text = "The massacre, the militants' massacre."
    assert compare.tokens(text) == ["massacre", "militants", "massacre"]
    assert compare.tokens(text, [(4, 12)]) == ["militants", "massacre"]
    assert compare.tokens("It's Reyes’s port") == ["reyes", "port"]


def test_log_odds_is_antisymmetric_and_zero_for_shared_rates():
    counts = {"a": Counter(attack=10, port=5), "b": Counter(attack=1, port=5)}
    scores = compare.log_odds(counts, prior_share=0.5)
    assert scores["a"]["attack"][0] == pytest.approx(-scores["b"]["attack"][0])
    assert scores["a"]["attack"][1] > 0 > scores["b"]["attack"][1]
    even = compare.log_odds({"a": Counter(port=5, x=5), "b": Counter(port=5, x=5)})
    assert even["a"]["port"] == (pytest.approx(0.0), pytest.approx(0.0))


def test_log_odds_prior_shrinks_rare_words():
    rare = compare.log_odds({"a": Counter(w=2, z=20), "b": Counter(z=22)}, prior_share=0.01)["a"]["w"]
    shrunk = compare.log_odds({"a": Counter(w=2, z=20), "b": Counter(z=22)}, prior_share=1.0)["a"]["w"]
    assert abs(shrunk[0]) < abs(rare[0])


def test_framing_finds_each_outlets_words_with_counts():
    fr = compare.framing(BUNDLE, TEXTS, compare.scope_articles(BUNDLE, story="S1"), exclude={"l1": [_span("l1", "Port Ellis")]}, min_z=1.5)
    by_outlet = {o["outlet"]: o for o in fr["outlets"]}
    left = {w["word"]: w for w in by_outlet["Left"]["words"]}
    right = {w["word"]: w for w in by_outlet["Right"]["words"]}
    assert left["massacre"]["count"] == 4 and left["massacre"]["others"] == 0
    assert right["clashes"]["count"] == 4
    assert "massacre" not in right and "clashes" not in left
    assert "port" not in left and "ellis" not in left  # shared word; excluded name span
    # The verbatim copy is left out; the rewrite counts.
    assert "Daily" not in by_outlet and by_outlet["Herald"]["articles"] == 1
    assert fr["left_out"]["copies"] == 1
    row = next(r for r in fr["words"] if r["word"] == "massacre")
    assert row["counts"]["Left"] == 4 and row["counts"]["Right"] == 0


def test_framing_leaves_out_direct_quotes():
    texts = {"w2": TEXTS["w2"]}
    bundle = {**BUNDLE, "articles": [_art("w2", "Wire", None, None), _art("r2", "Right", None, None)]}
    fr = compare.framing(bundle, {**texts, "r2": TEXTS["r2"]}, ["w2", "r2"], min_z=-99, top=50)
    wire = {w["word"] for w in fr["outlets"][0]["words"] + fr["outlets"][1]["words"]}
    assert "open" not in wire  # only inside the direct quote


def test_framing_with_one_outlet_lists_nothing():
    fr = compare.framing(BUNDLE, TEXTS, ["l1"])
    assert fr["outlets"][0]["words"] == []


def test_figures_group_by_the_series_quantity_when_present():
    series = [{"quantity": "killed · children", "unit": "killed", "scope": ["children"], "kind": None,
               "points": [{"article": "l1", "start": 0, "end": 8, "date": "2024-03-05", "value": [20, 25],
                           "source": "witnesses", "also": [{"article": "w1", "start": 50, "end": 71}]}]}]
    figs = compare.figures_by_source({**BUNDLE, "series": series}, ["w1", "h1", "l1"])
    assert sorted((u["unit"], u["points"]) for u in figs["units"]) == [("killed", 1), ("killed · children", 2)]
    # Without the series section, a figure's own scope still tells the quantities apart.
    scoped = {**BUNDLE, "figures": [{**BUNDLE["figures"][0], "scope": ["children"]}, BUNDLE["figures"][1]], "conflicts": []}
    assert sorted(u["unit"] for u in compare.figures_by_source(scoped, ["w1", "h1"])["units"]) == ["killed", "killed · children"]
