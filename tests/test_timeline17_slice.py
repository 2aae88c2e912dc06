"""A slice of real news through the whole analysis, with no failure allowed.

One hundred Reuters articles on H1N1 from Timeline17, in the set's order, including
``InputDocs/2009-05-11/423.htm.txt``: a number range in it ("from 5 to 10 …" with only the end
tagged as a date) once raised StopIteration in the figures stage and stopped the whole run.
Skipped, with the reason, when ../shared is not beside the checkout.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from storyline import engine
from storyline.models import Article
from storyline.store import open_store

TOPIC = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "timeline17" / "H1N1_reuters"
ONCE_CRASHED = "InputDocs/2009-05-11/423.htm.txt"
SLICE = slice(100, 200)


@pytest.mark.slow
def test_a_hundred_real_articles_analyse_without_a_failure(tmp_path: Path) -> None:
    if not TOPIC.is_dir():
        pytest.skip(f"{TOPIC} is absent: the Timeline17 slice test needs ../shared")
    from storyline.eval.readers.timeline17 import read_timeline17

    docs = list(read_timeline17(TOPIC))[SLICE]
    assert len(docs) == 100 and ONCE_CRASHED in {d.id for d in docs}
    articles = [
        Article(id=d.id, text=d.text, title=d.text.split("\n", 1)[0][:200], outlet="Reuters", published=d.published)
        for d in docs
    ]
    with open_store(f"sqlite:///{tmp_path / 'slice.db'}") as store:
        store.add_articles(articles)
        report = engine.analyze(store)
        assert [f.as_dict() for f in report.failed] == []
        assert store.failures() == []
        assert report.computed["figures"] + report.reused["figures"] == 100
        bundle = engine.bundle(store)
    assert any(f["article"] == ONCE_CRASHED for f in bundle["figures"]) or any(
        d["article"] == ONCE_CRASHED for d in bundle["dates"]
    )
    assert bundle["events"] and bundle["timeline"]
