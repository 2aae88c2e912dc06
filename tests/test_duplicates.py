"""The duplicates stage: copies, rewrites, independent reports, originals and passages."""

from __future__ import annotations

from datetime import date

import pytest

from storyline.cluster.dedup import DedupConfig, DedupDoc, DuplicateFinder, credits_own_outlet, shingle_hashes
from storyline.cluster.options import with_overrides
from storyline.cluster.terms import split_sentences, tokens
from storyline.errors import PipelineError
from storyline.models import Article, StageResult
from storyline.pipeline import ArticleDoc, CorpusContext
from storyline.pipeline.duplicates import duplicates

WIRE = """HALDEN, Norvia, March 4 (NPA) - Floodwaters broke through a levee on the Sava river early on Tuesday, forcing 2,300 people from their homes in the town of Halden, the regional emergency office said.

Rescue teams in boats reached 140 residents who had spent the night on rooftops in the low-lying Kesten district, the office said in a statement.

Governor Ilse Marten said 18 shelters had opened in schools and sports halls and that the army had sent 400 soldiers to reinforce the remaining levees.

"The water came faster than any forecast said it would," Marten told reporters at the town hall.

The national weather service recorded 210 millimetres of rain in 48 hours, the heaviest fall in the valley since 1994.

Rail services between Halden and the capital were suspended after a section of track near Vesby was washed away.

The power company said 9,000 homes were without electricity and that crews would not reach the worst-hit areas before Thursday.

Officials expect the river to crest on Wednesday evening at about 6.8 metres."""

REWRITE = """Some 2,300 Halden residents had to leave their homes on Tuesday after the swollen Sava breached a levee, according to the regional emergency office.

Boats were used to rescue 140 people stranded overnight on roofs in Kesten, a low-lying part of town.

Eighteen shelters are now open in schools and sports halls, Governor Ilse Marten said, adding that 400 soldiers were shoring up the other levees.

The weather service says 210 millimetres of rain fell in two days, more than at any time since 1994.

Trains between Halden and the capital have stopped because floodwater swept away track near Vesby.

About 9,000 homes have no power, and repair crews will only get to the worst areas on Thursday, the power company said.

The Sava is expected to peak on Wednesday evening at around 6.8 metres."""

INDEPENDENT = """Anna Brod watched from her attic window on Tuesday as brown water rose over the garden fence she painted last summer.

"We had ten minutes to grab the children and the dog," said Brod, 41, who now sleeps on a camp bed in the gym of the Halden secondary school.

Volunteers from the local football club carried sandbags through the night and cooked soup for more than 300 people at the club house.

Shop owners on Market Street said the flood would ruin the spring trade, and several asked why the levee had not been repaired after a survey warned of cracks two years ago.

"The water came faster than any forecast said it would," Governor Ilse Marten said at the town hall, promising an inquiry.

Farmers north of the town said they had lost calves and winter feed, and feared their fields would stay under water for weeks."""


def _doc(aid: str, text: str, day: date, outlet: str, title: str = "") -> ArticleDoc:
    art = Article(id=aid, text=text, title=title or aid, outlet=outlet, published=day)
    return ArticleDoc(art, {"clean": StageResult({})})


def _run(docs: list[ArticleDoc], config: dict | None = None) -> dict:
    ctx = CorpusContext(docs=lambda: iter(docs), corpus_results={}, config=config or {})
    return duplicates(ctx).data


def test_copy_with_new_boilerplate_points_at_the_wire() -> None:
    day = date(2024, 3, 4)
    rerun = WIRE + "\n\nRead more local news on our website every morning."
    data = _run([_doc("wire", WIRE, day, "Norvia Press Agency"), _doc("paper", rerun, date(2024, 3, 5), "Halden Post")])
    assert [(d["articles"], d["kind"]) for d in data["duplicates"]] == [(["wire", "paper"], "copy")]
    assert data["duplicates"][0]["score"] >= 0.9
    assert data["article_fields"] == {"paper": {"duplicate_of": "wire"}}


def test_rewrite_is_found_by_sentence_alignment_with_passages() -> None:
    docs = [_doc("wire", WIRE, date(2024, 3, 4), "Norvia Press Agency"), _doc("blog", REWRITE, date(2024, 3, 5), "Valley Blog")]
    data = _run(docs)
    assert len(data["duplicates"]) == 1
    dup = data["duplicates"][0]
    assert dup["articles"] == ["wire", "blog"] and dup["kind"] == "rewrite"
    # Shingles alone would miss it: the two share almost no five-word runs.
    a, b = shingle_hashes(tokens(WIRE), 5), shingle_hashes(tokens(REWRITE), 5)
    assert len(set(a.tolist()) & set(b.tolist())) / len(set(a.tolist()) | set(b.tolist())) < 0.1
    assert len(dup["passages"]) >= 5
    for p in dup["passages"]:
        source, target = WIRE[p["source"][0] : p["source"][1]], REWRITE[p["target"][0] : p["target"][1]]
        assert source and target and 0 < p["score"] <= 1
    # The passage about the rain lines up with the original's sentence about the rain.
    rain = [p for p in dup["passages"] if "210 millimetres" in REWRITE[p["target"][0] : p["target"][1]]]
    assert rain and "210 millimetres" in WIRE[rain[0]["source"][0] : rain[0]["source"][1]]


def test_independent_report_of_the_same_event_is_not_a_duplicate() -> None:
    docs = [_doc("wire", WIRE, date(2024, 3, 4), "Norvia Press Agency"), _doc("local", INDEPENDENT, date(2024, 3, 4), "Halden Post")]
    assert _run(docs)["duplicates"] == []


def test_same_day_original_is_the_article_crediting_its_own_outlet() -> None:
    day = date(2024, 3, 4)
    # "a-paper" sorts before "z-wire", so publication order alone would make the paper first.
    docs = [_doc("a-paper", WIRE, day, "Halden Post"), _doc("z-wire", WIRE, day, "Norvia Press Agency")]
    data = _run(docs)
    assert data["article_fields"] == {"a-paper": {"duplicate_of": "z-wire"}}
    assert data["duplicates"][0]["articles"] == ["z-wire", "a-paper"]


def test_chain_of_copies_points_at_the_first_original() -> None:
    docs = [
        _doc("wire", WIRE, date(2024, 3, 4), "Norvia Press Agency"),
        _doc("paper", WIRE + "\n\nSubscribe for more.", date(2024, 3, 5), "Halden Post"),
        _doc("later", WIRE + "\n\nSubscribe for more.\n\nShare this story.", date(2024, 3, 6), "Weekly"),
    ]
    fields = _run(docs)["article_fields"]
    assert fields["paper"] == {"duplicate_of": "wire"} and fields["later"] == {"duplicate_of": "wire"}


def test_originals_outside_the_window_are_forgotten() -> None:
    docs = [_doc("wire", WIRE, date(2024, 3, 4), "Norvia Press Agency"), _doc("paper", WIRE, date(2024, 6, 4), "Halden Post")]
    assert _run(docs)["duplicates"] == []
    assert len(_run(docs, {"duplicates": {"window_days": 120}})["duplicates"]) == 1


def test_finder_is_usable_without_the_pipeline() -> None:
    finder = DuplicateFinder(DedupConfig())
    assert finder.add(DedupDoc("a", 1, WIRE, split_sentences(WIRE), "Norvia Press Agency")) is None
    match = finder.add(DedupDoc("b", 2, REWRITE, split_sentences(REWRITE), "Valley Blog"))
    assert match is not None and (match.original, match.target, match.kind) == ("a", "b", "rewrite")
    assert finder.roots() == {"b": "a"}


def test_dateline_credit() -> None:
    assert credits_own_outlet(WIRE, "Norvia Press Agency")
    assert not credits_own_outlet(WIRE, "Halden Post")
    assert credits_own_outlet("LONDON (Reuters) - Shares fell.", "Reuters")
    assert not credits_own_outlet("No dateline here.", "Reuters")


def test_shingle_hashes_are_stable_and_order_sensitive() -> None:
    a = shingle_hashes(["a", "b", "c", "d", "e", "f"], 5)
    assert a.tolist() == shingle_hashes(["a", "b", "c", "d", "e", "f"], 5).tolist()
    assert len(a) == 2
    assert a.tolist() != shingle_hashes(["f", "e", "d", "c", "b", "a"], 5).tolist()


def test_unknown_option_is_refused_with_the_known_ones() -> None:
    with pytest.raises(PipelineError, match=r"'shingel'.*known: .*shingle"):
        with_overrides(DedupConfig(), {"shingel": 4}, "duplicates")
