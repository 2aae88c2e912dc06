"""The clustering evaluation: measures, readers of each set's native form, and a whole run
on tiny hand-written sets (the public data is read only by the eval gate)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storyline.errors import InputError, StorylineError
from storyline.eval.clustering import TfidfAgglomerative, TfidfKMeans, hashed_split, kmeans_rows, run, score, subsample
from storyline.eval.readers.basil import read_basil
from storyline.eval.readers.common import EvalDoc, detokenize
from storyline.eval.readers.ecbplus import read_ecbplus
from storyline.eval.readers.giveme5w1h import read_giveme5w1h
from storyline.eval.readers.newswcl50 import read_newswcl50
from storyline.eval.readers.uci import read_uci


def test_bcubed_and_pairwise_by_hand() -> None:
    gold = {"a": "1", "b": "1", "c": "2"}
    s = score({"a": "x", "b": "y", "c": "y"}, gold)
    assert (round(s.bcubed_p, 6), round(s.bcubed_r, 6), round(s.bcubed_f1, 6)) == (0.666667, 0.666667, 0.666667)
    assert (s.pairwise_p, s.pairwise_r, s.pairwise_f1) == (0.0, 0.0, 0.0)
    perfect = score({"a": "p", "b": "p", "c": "q"}, gold)
    assert perfect.bcubed_f1 == perfect.pairwise_f1 == 1.0 and perfect.clusters == 2


def test_one_big_cluster_has_full_recall_and_low_precision() -> None:
    gold = {str(i): str(i // 2) for i in range(6)}  # three pairs
    s = score({k: "all" for k in gold}, gold)
    assert s.bcubed_r == 1.0 and abs(s.bcubed_p - 2 / 6) < 1e-12
    assert s.pairwise_r == 1.0 and abs(s.pairwise_p - 3 / 15) < 1e-12


def test_singletons_have_no_pairs_and_get_pairwise_precision_zero() -> None:
    gold = {"a": "1", "b": "1"}
    s = score({"a": "a", "b": "b"}, gold)
    assert s.bcubed_p == 1.0 and s.bcubed_r == 0.5 and s.pairwise_p == 0.0


def test_score_refuses_different_items() -> None:
    with pytest.raises(StorylineError, match="different items"):
        score({"a": "1"}, {"b": "1"})


def test_detokenize() -> None:
    assert detokenize(["He", "said", ",", "(", "quietly", ")", "it", "'s", "done", "."]) == "He said, (quietly) it's done."


def _write_ecb(root: Path) -> None:
    for topic, half, n, words in [(1, "ecb", 1, "Actor checks into rehab clinic"), (1, "ecbplus", 1, "Singer enters rehab centre"), (2, "ecb", 1, "Quake hits island town")]:
        folder = root / "ECB+" / str(topic)
        folder.mkdir(parents=True, exist_ok=True)
        toks = ["http", ":", "//www.example.com"] + words.split() + ["."]
        body = "".join(
            f'<token t_id="{i}" sentence="{0 if i <= 3 else 1}" number="{i}">{t}</token>\n' for i, t in enumerate(toks, 1)
        )
        (folder / f"{topic}_{n}{half}.xml").write_text(f'<Document doc_name="x">\n{body}</Document>\n', encoding="utf-8")


def test_ecbplus_reader_gold_split_and_url_lines(tmp_path: Path) -> None:
    _write_ecb(tmp_path)
    docs = {d.id: d for d in read_ecbplus(tmp_path)}
    assert set(docs) == {"1_1ecb", "1_1ecbplus", "2_1ecb"}
    assert docs["1_1ecb"].text == "Actor checks into rehab clinic."
    assert (docs["1_1ecbplus"].event, docs["1_1ecbplus"].story) == ("1ecbplus", "1")
    assert docs["2_1ecb"].split == "dev" and docs["1_1ecb"].split == "train"


def test_ecbplus_reader_names_a_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file or directory"):
        list(read_ecbplus(tmp_path / "nope"))


def test_basil_reader(tmp_path: Path) -> None:
    (tmp_path / "articles" / "2015").mkdir(parents=True)
    art = {"title": "T", "date": "2015-03-02", "source": "NYT", "triplet-uuid": "u1", "body-paragraphs": [["One.", "Two."], ["Three."]]}
    (tmp_path / "articles" / "2015" / "u1_1.json").write_text(json.dumps(art), encoding="utf-8")
    [doc] = read_basil(tmp_path)
    assert (doc.event, doc.outlet, doc.published.isoformat(), doc.text) == ("u1", "nyt", "2015-03-02", "One. Two.\n\nThree.")
    (tmp_path / "articles" / "2015" / "u2_1.json").write_text('{"title": "no gold"}', encoding="utf-8")
    with pytest.raises(InputError, match="triplet-uuid"):
        list(read_basil(tmp_path))


def test_giveme_reader_reads_the_python_literal_label(tmp_path: Path) -> None:
    (tmp_path / "news_cluster").mkdir()
    rec = {"title": "T", "text": "Body.", "date_publish": "2017-09-15T00:00:00", "source_domain": "x.example", "newsCluster": "{'EventId': 70, 'Event': 'e'}"}
    (tmp_path / "news_cluster" / "a.json").write_text(json.dumps(rec), encoding="utf-8")
    [doc] = read_giveme5w1h(tmp_path)
    assert (doc.event, doc.published.isoformat(), doc.outlet) == ("70", "2017-09-15", "x.example")


def test_newswcl50_reader(tmp_path: Path) -> None:
    lines = ["#begin document 3/-/3_L; part 000", "3/-/3_L\t0\t0\tHello\t-", "3/-/3_L\t0\t1\t,\t-", "3/-/3_L\t0\t2\t\\n\t-", "3/-/3_L\t1\t0\tworld\t-", "#end document"]
    (tmp_path / "NewsWCL50.conll").write_text("\n".join(lines) + "\n", encoding="utf-8")
    [doc] = read_newswcl50(tmp_path)
    assert (doc.id, doc.event, doc.outlet, doc.text) == ("3/-/3_L", "3", "L", "Hello,\nworld")


def test_uci_reader_and_bad_timestamp(tmp_path: Path) -> None:
    head = "ID,TITLE,URL,PUBLISHER,CATEGORY,STORY,HOSTNAME,TIMESTAMP\n"
    (tmp_path / "u.csv").write_text(head + '1,"Fed holds rates",http://x,Pub,b,s1,x,1394470370698\n', encoding="utf-8")
    [doc] = read_uci(tmp_path / "u.csv")
    assert (doc.title, doc.text, doc.event, doc.published.isoformat()) == ("Fed holds rates", "Fed holds rates", "s1", "2014-03-10")
    (tmp_path / "u.csv").write_text(head + "2,T,http://x,Pub,b,s1,x,yesterday\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"u\.csv:2: unreadable TIMESTAMP 'yesterday'"):
        list(read_uci(tmp_path / "u.csv"))


def test_hashed_split_keeps_events_whole_and_subsample_is_deterministic() -> None:
    docs = [EvalDoc(f"d{i}", "", "text", None, None, f"e{i % 7}") for i in range(70)]
    split = hashed_split(docs)
    for event in {d.event for d in docs}:
        assert len({d.split for d in split if d.event == event}) == 1
    assert {d.split for d in split} == {"dev", "test"}
    assert subsample(docs, 3) == subsample(list(reversed(docs)), 3)[::-1] or {d.event for d in subsample(docs, 3)} == {
        d.event for d in subsample(list(reversed(docs)), 3)
    }
    assert len({d.event for d in subsample(docs, 3)}) == 3


def test_baseline_cuts_the_dendrogram() -> None:
    docs = [
        EvalDoc("a", "", "quake velar rescue collapsed houses", None, None, "q"),
        EvalDoc("b", "", "velar quake rescue survivors houses", None, None, "q"),
        EvalDoc("c", "", "budget parliament vote taxes", None, None, "b"),
    ]
    base = TfidfAgglomerative(docs)
    t, s = base.best({"a": "q", "b": "q", "c": "b"})
    assert s.bcubed_f1 == 1.0
    assert len(set(base.cut(0.0).values())) == 3


def _three_events() -> list[EvalDoc]:
    texts = {
        "q": ["quake velar rescue collapsed houses", "velar quake rescue survivors houses", "quake survivors velar ruins"],
        "b": ["budget parliament vote taxes", "parliament budget taxes passed", "taxes budget vote lind"],
        "f": ["norvia cup final dastrel", "cup final norvia ostrevik", "dastrel final norvia goals"],
    }
    return [EvalDoc(f"{e}{i}", "", t, None, None, e) for e, ts in texts.items() for i, t in enumerate(ts)]


def test_kmeans_rows_use_the_gold_k_and_are_deterministic() -> None:
    docs = _three_events()
    gold = {d.id: d.event for d in docs}
    rows, notes = kmeans_rows(docs, gold)
    again, _ = kmeans_rows(list(docs), gold)
    assert rows == again
    given, chosen = rows
    assert given["level"] == chosen["level"] == "events"
    assert given["method"].startswith("tfidf+k-means, k = 3 gold events (given") and given["clusters"] == 3
    assert "by silhouette (chosen on this data)" in chosen["method"]
    assert given["bcubed_f1"] == 1.0 and notes == []


def test_kmeans_silhouette_searches_two_to_n_minus_one_and_samples() -> None:
    docs = _three_events()
    km = TfidfKMeans(docs)
    k, used = km.by_silhouette()
    assert 2 <= k <= len(docs) - 1 and used == len(docs)
    assert km.by_silhouette(sample=5)[1] == 5
    assert TfidfKMeans(docs[:2]).by_silhouette() == (1, 2)


def test_run_on_a_tiny_set_reports_ours_and_the_baselines(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STORYLINE_CACHE", str(tmp_path / "cache"))
    folder = tmp_path / "articles" / "2020"
    folder.mkdir(parents=True)
    stories = {
        "quake": ["A strong earthquake hit Velar on Monday, killing 12 people.", "Rescuers searched the ruins of Velar after the earthquake killed 12."],
        "budget": ["Parliament passed Oskar Lind's budget on Monday by 210 votes.", "Oskar Lind's budget cleared parliament, 210 votes to 150."],
        "final": ["Norvia won the cup final 3-1 in Dastrel on Monday night.", "Norvia beat Ostrevik 3-1 to lift the cup in Dastrel."],
    }
    for label, texts in stories.items():
        for i, text in enumerate(texts, 1):
            art = {"title": text.split(",")[0], "date": "2020-05-04", "source": "nyt", "triplet-uuid": label, "body-paragraphs": [[text]]}
            (folder / f"{label}_{i}.json").write_text(json.dumps(art), encoding="utf-8")
    result = run(tmp_path, "basil", split="all")
    assert result["documents"] == 6 and result["gold_events"] == 3
    methods = [r["method"] for r in result["rows"]]
    assert methods[0] == "storyline (stages)" and any("oracle" in m for m in methods)
    assert "tfidf+k-means, k = 3 gold events (given: oracle input)" in methods
    assert any(m.startswith("tfidf+k-means, k = ") and m.endswith("by silhouette (chosen on this data)") for m in methods)
    ours = result["rows"][0]
    assert ours["level"] == "events" and ours["bcubed_f1"] == 1.0
    bertopic_rows = [m for m in methods if m.startswith("BERTopic")]
    assert bertopic_rows or any("BERTopic skipped" in n for n in result["notes"])
    assert list((tmp_path / "cache").glob("ner-basil.json"))


def _t17_tree(root: Path) -> None:
    """A tiny Timeline17-shaped folder: two outlets of one topic and a second topic, one article a day."""
    texts = {
        "floods_bbc": "The river rose again in Dornach , where mayor Ilse Kern ordered families out .",
        "floods_cnn": "Mayor Ilse Kern said the Dornach floods had reached the old bridge .",
        "vote_cnn": "Parliament passed Oskar Lind 's budget by 210 votes to 150 .",
    }
    for folder, text in texts.items():
        for day in range(1, 6):
            path = root / folder / "InputDocs" / f"2020-05-0{day}" / "1.htm.txt"
            path.parent.mkdir(parents=True)
            path.write_text(f"{text}\nDay {day} of the coverage .\n", encoding="utf-8")


def test_timeline17_slice_spreads_each_topic_over_its_dates(tmp_path: Path) -> None:
    from storyline.eval.clustering_t17 import read_timeline17_slice, t17_topic

    _t17_tree(tmp_path)
    assert t17_topic("bpoil_washingtonpost") == "bpoil" and t17_topic("MJ_bbc") == "MJ"
    docs = read_timeline17_slice(tmp_path, per_topic=3)
    by_topic: dict[str, list[EvalDoc]] = {}
    for d in docs:
        by_topic.setdefault(str(d.story), []).append(d)
    assert sorted(by_topic) == ["floods", "vote"]
    # Ten flood articles over two outlets: the first, the middle and the last in date order.
    assert [(d.published.day, d.outlet) for d in by_topic["floods"]] == [(1, "bbc"), (3, "bbc"), (5, "cnn")]
    assert [d.published.day for d in by_topic["vote"]] == [1, 3, 5]
    assert all(d.event == d.story and d.title == "" for d in docs)


def test_timeline17_run_scores_stories_and_says_it_is_a_slice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STORYLINE_CACHE", str(tmp_path / "cache"))
    _t17_tree(tmp_path / "t17")
    result = run(tmp_path / "t17", "timeline17", baselines=False)
    assert result["documents"] == 15 and result["gold_stories"] == 2
    assert [r["level"] for r in result["rows"]] == ["stories"]
    assert result["notes"][0].startswith("a SLICE of Timeline17")
    assert result["notes"][2].startswith("share of each topic in its largest story: floods ")


def test_timeline17_second_slice_takes_the_articles_between(tmp_path: Path) -> None:
    from storyline.eval.clustering_t17 import read_timeline17_slice

    _t17_tree(tmp_path)
    first = {d.id for d in read_timeline17_slice(tmp_path, per_topic=3)}
    second = [d for d in read_timeline17_slice(tmp_path, per_topic=3, second=True) if d.story == "vote"]
    assert [d.published.day for d in second] == [2, 4] and not first & {d.id for d in second}
    with pytest.raises(StorylineError, match="slices are 'a'"):
        run(tmp_path, "timeline17", split="c", baselines=False)
