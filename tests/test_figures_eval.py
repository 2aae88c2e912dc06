"""The GDELT-style cross-check (storyline.eval.figures) on a hand-made Timeline17-shaped folder."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storyline.errors import InputError
from storyline.eval.figures import precision, run
from storyline.eval.readers.timeline17 import read_timeline17, untokenize

ARTICLES = {
    "2011-03-02/1.htm.txt": "Rights groups say more than 200 people have been killed .\nPolice arrested 45 protesters on Tuesday .\n",
    "2011-03-03/2.htm.txt": "At least 12 people were wounded in the clashes , medics said .\nThe talks lasted 3 hours .\n",
    "2011-03-04/3.htm.txt": "About 9,000 people have fled the town , the UN says .\n",
}


@pytest.fixture
def t17(tmp_path: Path) -> Path:
    for rel, text in ARTICLES.items():
        path = tmp_path / "Storm_wire" / "InputDocs" / rel
        path.parent.mkdir(parents=True)
        path.write_text(text, encoding="utf-8")
    return tmp_path


def test_untokenize_undoes_penn_tokens() -> None:
    assert untokenize("the move was `` useless '' , he said .") == 'the move was "useless", he said.'
    assert untokenize("Thursday 's decrees cost $ 5 -LRB- 10 % more -RRB-") == "Thursday's decrees cost $5 (10% more)"


def test_reader_gives_dates_outlets_and_a_seeded_pick(t17: Path) -> None:
    docs = list(read_timeline17(t17))
    assert [d.published.isoformat() for d in docs] == ["2011-03-02", "2011-03-03", "2011-03-04"]
    assert {d.outlet for d in docs} == {"wire"}
    assert [d.id for d in read_timeline17(t17, limit=2, seed=3)] == [d.id for d in read_timeline17(t17, limit=2, seed=3)]
    with pytest.raises(InputError, match="no InputDocs"):
        list(read_timeline17(t17 / "Storm_wire" / "InputDocs"))


def test_coverage_and_sample(t17: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    out = tmp_path_factory.mktemp("sample") / "sample.jsonl"
    result = run(t17, sample_out=out, sample_size=2)
    cats = result["categories"]
    assert (cats["killed"]["claims"], cats["arrested"]["claims"], cats["wounded"]["claims"], cats["displaced"]["claims"]) == (1, 1, 1, 1)
    assert result["articles"] == 3 and result["any_category_articles"] == 3
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in rows] == ["f01", "f02"]
    for r in rows:
        a, b = r["in_sentence"]
        assert r["sentence"][a:b] == r["text"]


def test_sample_is_refused_inside_the_repository(t17: Path) -> None:
    inside = Path(__file__).resolve().parent / "figures_sample.jsonl"
    with pytest.raises(InputError, match="outside the repository"):
        run(t17, sample_out=inside)
    assert not inside.exists()


def test_precision_of_verdicts() -> None:
    got = precision([{"id": "f01", "correct": True}, {"id": "f02", "correct": False}, {"id": "f03", "correct": True}])
    assert got == {"checked": 3, "correct": 2, "precision": 0.6667}
