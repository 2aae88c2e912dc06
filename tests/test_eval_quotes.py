"""The PolNeAR quote scorer on a tiny hand-made brat example, and the real run when the data is there."""

from __future__ import annotations

from pathlib import Path

import pytest

from storyline.errors import InputError
from storyline.eval.quotes import Item, SystemScore, alnum_chars, gold_items, gold_kind, match, run, score_document
from storyline.eval.readers.polnear import read_ann, read_split

POLNEAR = Path(__file__).resolve().parents[2] / "shared" / "data" / "polnear"

TEXT = (
    "“We will rebuild,” Vanek said. “Every house.”\n"
    "Mareck said the aid was late.\n"
    "The storm hit on Monday."
)


def _span(text: str, part: str, after: str = "") -> str:
    start = TEXT.index(part, TEXT.index(after) if after else 0)
    return f"{start} {start + len(part)}"


ANN = "\n".join(
    [
        f"T1\tContent {_span(TEXT, '“We will rebuild,”')};{_span(TEXT, '“Every house.”')}\t…",
        f"T2\tSource {_span(TEXT, 'Vanek')}\tVanek",
        f"T3\tCue {_span(TEXT, 'said')}\tsaid",
        f"T4\tAttribution {_span(TEXT, 'said')}\tsaid",
        "E1\tAttribution:T4 Content:T1 Cue:T3 Source:T2",
        f"T5\tContent {_span(TEXT, 'the aid was late')}\tthe aid was late",
        f"T6\tSource {_span(TEXT, 'Mareck')}\tMareck",
        f"T7\tCue {_span(TEXT, 'said', after='Mareck')}\tsaid",
        f"T8\tAttribution {_span(TEXT, 'said', after='Mareck')}\tsaid",
        "E2\tAttribution:T8 Content:T5 Cue:T7 Source:T6",
        f"T9\tDiscard {_span(TEXT, 'The storm')}\tThe storm",
    ]
)


@pytest.fixture
def brat(tmp_path: Path) -> Path:
    (tmp_path / "dev" / "text").mkdir(parents=True)
    (tmp_path / "dev" / "attributions").mkdir(parents=True)
    (tmp_path / "dev" / "text" / "paper_2016-01-01_x.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "dev" / "attributions" / "paper_2016-01-01_x_ab12.ann").write_text(ANN + "\n", encoding="utf-8")
    return tmp_path


def test_read_ann_ties_relations_and_discontinuous_spans(brat: Path) -> None:
    (doc,) = read_split(brat, "dev")
    first, second = doc.attributions
    assert len(first.content) == 2 and TEXT[slice(*first.source[0])] == "Vanek"
    assert TEXT[slice(*second.content[0])] == "the aid was late"


def test_gold_kind_by_quotation_marks(brat: Path) -> None:
    (doc,) = read_split(brat, "dev")
    assert [gold_kind(TEXT, a.content) for a in doc.attributions] == ["direct", "indirect"]
    assert gold_kind("He said “yes” to it.", [(9, 12)]) == "direct"
    assert gold_kind("He said that it was “fine”.", [(8, 26)]) == "indirect"


def test_match_needs_half_of_both_spans() -> None:
    text = "abcdefghij klmnopqrstu"
    gold = [Item(alnum_chars(text, [(0, 10)]), "indirect")]
    assert match(gold, [Item(alnum_chars(text, [(0, 6)]), "indirect")]) == [(0, 0)]
    assert match(gold, [Item(alnum_chars(text, [(0, 4)]), "indirect")]) == []  # 4 of the gold's 10
    assert match(gold, [Item(alnum_chars(text, [(0, 22)]), "indirect")]) == []  # 10 of the prediction's 21
    assert match(gold, [Item(alnum_chars(text, [(0, 10)]), "indirect"), Item(alnum_chars(text, [(0, 10)]), "indirect")]) == [(0, 0)]


def test_scores_per_kind_and_speaker(brat: Path) -> None:
    (doc,) = read_split(brat, "dev")
    gold = gold_items(doc)
    vanek = TEXT.index("Vanek")
    pred = [
        # the direct quote, one part only: 13 of 23 gold characters, so it matches
        Item(alnum_chars(TEXT, [(1, 17)]), "direct", [(vanek, vanek + 5)]),
        # the reported speech with a wrong speaker, left unresolved
        Item(alnum_chars(TEXT, [(TEXT.index("the aid"), TEXT.index("late") + 4)]), "indirect", [(0, 2)], resolved=False),
        # a false positive
        Item(alnum_chars(TEXT, [(TEXT.index("The storm"), len(TEXT))]), "indirect", []),
    ]
    score = SystemScore()
    score_document(gold, pred, score)
    out = score.as_dict()
    assert (out["direct"]["matched"], out["direct"]["gold"], out["direct"]["predicted"]) == (1, 1, 1)
    assert (out["indirect"]["matched"], out["indirect"]["gold"], out["indirect"]["predicted"]) == (1, 1, 2)
    assert out["all"]["precision"] == pytest.approx(2 / 3) and out["all"]["recall"] == 1.0
    sp = out["speaker"]
    assert {k: sp[k] for k in ("accuracy", "correct", "matched")} == {"accuracy": 0.5, "correct": 1, "matched": 2}
    # Abstentions apart: the unresolved wrong speaker is out of the accuracy on resolved.
    assert sp["by_ref"]["all"] == {"accuracy_resolved": 1.0, "correct": 1, "resolved": 1, "resolved_share": 0.5, "matched": 2}


def test_bad_annotation_line_names_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "x.ann"
    bad.write_text("T1\tContent 3 x\tfoo\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"x\.ann:1: bad span '3 x'"):
        read_ann(bad, "some text")


def test_missing_split_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no dev/text and dev/attributions"):
        list(read_split(tmp_path, "dev"))


def test_run_on_the_brat_example(brat: Path) -> None:
    out = run(brat, split="dev", textacy=False, cache_dir=None)
    assert out["documents"] == 1 and out["gold"] == {"direct": 1, "indirect": 1, "all": 2}
    assert out["systems"]["storyline"]["all"]["recall"] == 1.0


@pytest.mark.skipif(not (POLNEAR / "dev").is_dir(), reason=f"PolNeAR is not at {POLNEAR}")
def test_run_on_polnear_dev_sample(tmp_path: Path) -> None:
    out = run(POLNEAR, split="dev", limit=3, cache_dir=tmp_path)
    assert out["documents"] == 3 and set(out["systems"]) == {"storyline", "storyline+stance", "textacy"}
    assert out["systems"]["storyline"]["all"]["matched"] > 0


def test_span_text_over_a_line_break_is_not_a_line_of_its_own(tmp_path: Path) -> None:
    # brat keeps a span's text as written, so a span over a paragraph break runs onto the next
    # line ("The …" there starts with a T but is no span line).
    text = "3.\n\nThe ferry runs again, officials reported."
    ann = tmp_path / "x.ann"
    ann.write_text(
        "T1\tContent 0 2;4 24\t3.\n\nThe ferry runs again\nT2\tCue 36 44\treported\nE1\tAttribution:T2 Content:T1 Cue:T2\n",
        encoding="utf-8",
    )
    (att,) = read_ann(ann, text)
    assert att.content == [(0, 2), (4, 24)] and att.cue == [(36, 44)]


GATE = "quotes.polnear_dev"


@pytest.mark.skipif(not (POLNEAR / "dev").is_dir(), reason=f"PolNeAR is not at {POLNEAR}")
def test_polnear_dev_meets_its_floors() -> None:
    """The PolNeAR dev gate: content F1 of all attributions (≥ 50% overlap both ways) and speaker
    accuracy on matched ones, for the quotes the bundle shows (stances included)."""
    import eval_gate

    out = run(POLNEAR, split="dev", textacy=False)
    scores = out["systems"]["storyline"]
    eval_gate.check(GATE, {"content_f1": scores["all"]["f1"], "speaker_accuracy": scores["speaker"]["accuracy"]})
