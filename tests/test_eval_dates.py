"""The dates evaluation: TimeML and CAT readers, the TempEval-3 scorer on hand-made documents,
and the evaluation itself on ../shared's TimeML gold (skipped visibly when absent), with
pinned floors that may be raised as the stage improves, never lowered silently."""

from __future__ import annotations

from pathlib import Path

import eval_gate
import pytest

from storyline.errors import InputError
from storyline.eval.dates import Counts, SysTimex, pair, run, score_document
from storyline.eval.readers.timeml import GoldTimex, iter_corpus, read_cat, read_timeml

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
TBAQ = SHARED / "tempeval3" / "TBAQ-cleaned"
MEANTIME = SHARED / "meantime_en"

# Our own two-sentence document in TimeML, with the DCT outside the text as in TempEval-3.
TIMEML = """<?xml version="1.0" ?>
<TimeML>
<DOCID>demo</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="2023-12-01" temporalFunction="false" functionInDocument="CREATION_TIME">2023-12-01</TIMEX3></DCT>
<TEXT>
The council <EVENT eid="e1" class="REPORTING">said</EVENT> <TIMEX3 tid="t1" type="DATE" value="2023-11-30">Thursday</TIMEX3> that repairs take <TIMEX3 tid="t2" type="DURATION" value="P3D">three days</TIMEX3> &amp; start <TIMEX3 tid="t3" type="DATE" value="2023-W49">early next week</TIMEX3>.
</TEXT>
</TimeML>
"""

# Our own CAT document: title, dateline (the DCT), one annotated sentence and one that is not.
CAT = """<?xml version="1.0" ?><Document doc_id="1" doc_name="1_demo" lang="en">
<token number="0" sentence="0" t_id="1">Dam</token><token number="1" sentence="0" t_id="2">holds</token>
<token number="2" sentence="1" t_id="3">December</token><token number="3" sentence="1" t_id="4">1</token>
<token number="4" sentence="1" t_id="5">,</token><token number="5" sentence="1" t_id="6">2023</token>
<token number="6" sentence="2" t_id="7">It</token><token number="7" sentence="2" t_id="8">cracked</token>
<token number="8" sentence="2" t_id="9">on</token><token number="9" sentence="2" t_id="10">Monday</token>
<token number="10" sentence="2" t_id="11">.</token>
<token number="11" sentence="3" t_id="12">Repairs</token><token number="12" sentence="3" t_id="13">start</token>
<token number="13" sentence="3" t_id="14">today</token><token number="14" sentence="3" t_id="15">.</token>
<Markables>
<TIMEX3 m_id="20" type="DATE" value="2023-12-01" functionInDocument="CREATION_TIME"><token_anchor t_id="3"/><token_anchor t_id="4"/><token_anchor t_id="5"/><token_anchor t_id="6"/></TIMEX3>
<TIMEX3 m_id="21" type="DATE" value="2023-11-27" functionInDocument="NONE"><token_anchor t_id="10"/></TIMEX3>
<TIMEX3 m_id="22" type="DATE" value="2023-11-27" functionInDocument="NONE" TAG_DESCRIPTOR="implicit"/>
<EVENT_MENTION m_id="23"><token_anchor t_id="8"/></EVENT_MENTION>
</Markables>
</Document>
"""


def test_timeml_reader_gives_text_offsets_and_skips_the_dct(tmp_path: Path) -> None:
    path = tmp_path / "demo.tml"
    path.write_text(TIMEML, encoding="utf-8")
    doc = read_timeml(path)
    assert doc.dct == "2023-12-01"
    assert [(t.text, t.type, t.value) for t in doc.timexes] == [
        ("Thursday", "DATE", "2023-11-30"),
        ("three days", "DURATION", "P3D"),
        ("early next week", "DATE", "2023-W49"),
    ]
    for t in doc.timexes:
        assert doc.text[t.start : t.end] == t.text
    assert "repairs take three days & start" in doc.text


def test_cat_reader_rebuilds_text_and_scopes_the_gold(tmp_path: Path) -> None:
    path = tmp_path / "1_demo.xml"
    path.write_text(CAT, encoding="utf-8")
    doc = read_cat(path)
    assert doc.text.splitlines() == ["Dam holds", "December 1, 2023", "It cracked on Monday.", "Repairs start today."]
    assert doc.dct == "2023-12-01"
    assert [(t.text, t.value) for t in doc.timexes] == [("Monday", "2023-11-27")]
    # The dateline (the DCT) and the unannotated last sentence are out of scope.
    dateline = doc.text.index("December")
    last = doc.text.index("Repairs")
    assert (dateline, dateline + len("December 1, 2023")) in doc.excluded
    assert any(start <= last and end == len(doc.text) for start, end in doc.excluded)


def test_bad_files_raise_input_errors(tmp_path: Path) -> None:
    (tmp_path / "broken.tml").write_text("<TimeML><TEXT>unclosed", encoding="utf-8")
    with pytest.raises(InputError, match="broken.tml"):
        list(iter_corpus(tmp_path))
    with pytest.raises(InputError, match="no .tml or .xml"):
        list(iter_corpus(tmp_path / "nothing-here"))


def _gold(text: str, *spans: tuple[str, str, str]) -> list[GoldTimex]:
    out = []
    for snippet, ttype, value in spans:
        start = text.index(snippet)
        out.append(GoldTimex(start, start + len(snippet), snippet, ttype, value))
    return out


def _sys(text: str, snippet: str, ttype: str, value: str | None) -> SysTimex:
    start = text.index(snippet)
    return SysTimex(start, start + len(snippet), snippet, ttype, value)


def test_tempeval3_measures_by_hand() -> None:
    text = "The council said Thursday that repairs take three days and start early next week."
    gold = _gold(text, ("Thursday", "DATE", "2023-11-30"), ("three days", "DURATION", "P3D"), ("early next week", "DATE", "2023-W49"))
    system = [
        _sys(text, "Thursday", "DATE", "2023-11-30"),  # exact, right value
        _sys(text, "days", "DURATION", "P3D"),  # overlap only, right value
        _sys(text, "next week", "DATE", "2023-W48"),  # overlap only, wrong value
        _sys(text, "The council", "DATE", None),  # spurious
    ]
    counts, errors = score_document(gold, system)
    assert counts == Counts(gold=3, system=4, strict=1, relaxed=3, value=2, type=3)
    m = counts.measures()
    assert m["strict_p"] == pytest.approx(1 / 4) and m["strict_r"] == pytest.approx(1 / 3)
    assert m["relaxed_f1"] == pytest.approx(6 / 7)
    # Attribute F1 = accuracy on relaxed matches × relaxed F1 = 2·correct / (system + gold).
    assert m["value_f1"] == pytest.approx(4 / 7) == pytest.approx(m["value_accuracy"] * m["relaxed_f1"])
    assert m["type_f1"] == pytest.approx(6 / 7)
    assert sorted(e["kind"] for e in errors) == ["pair", "pair", "spurious"]


def test_pairs_are_one_to_one_and_exact_extents_first() -> None:
    text = "on Friday morning and Friday"
    gold = _gold(text, ("Friday morning", "TIME", "x"))
    system = [_sys(text, "on Friday", "DATE", "x"), SysTimex(3, 17, "Friday morning", "TIME", "x")]
    assert pair(gold, system) == [(0, 1)]


def test_null_values_never_match_and_excluded_spans_are_not_scored() -> None:
    text = "Dateline. Officials met on Monday."
    gold = _gold(text, ("Monday", "DATE", "2023-11-27"))
    system = [_sys(text, "Monday", "DATE", None), _sys(text, "Dateline", "DATE", "2023-12-01")]
    counts, _ = score_document(gold, system, excluded=[(0, 8)])
    assert (counts.system, counts.relaxed, counts.value) == (1, 1, 0)


def test_run_scores_our_extraction_on_a_folder(tmp_path: Path) -> None:
    folder = tmp_path / "Demo"
    folder.mkdir()
    (folder / "demo.tml").write_text(TIMEML, encoding="utf-8")
    report = run(tmp_path, systems=("storyline",))
    rows = report.table()
    assert [(r["group"], r["name"], r["gold"]) for r in rows] == [("Demo", "storyline", 3)]
    assert rows[0]["relaxed_f1"] > 0.8  # Thursday, three days, next week


# --- the evaluation on public gold, with pinned floors -----------------------------------------------------

# The floors are the dates.meantime and dates.tempeval3 gates in tests/eval_gate/floors.json
# (TBAQ: TimeBank tuned, AQUAINT held out; MEANTIME apple), measured and rounded down.


def _check_floors(gate: str, report_rows: list[dict[str, float | str]]) -> None:
    measured = {
        f"{row['group']}.{measure}": float(row[measure])
        for row in report_rows
        if row["name"] == "storyline"
        for measure in ("value_f1", "relaxed_f1", "strict_f1")
        if measure in row
    }
    eval_gate.check(gate, measured)


def test_meantime_evaluation_keeps_its_floor() -> None:
    if not MEANTIME.exists():
        pytest.skip(f"{MEANTIME} is absent: the MEANTIME evaluation test needs ../shared")
    report = run(MEANTIME, systems=("storyline",))
    assert report.documents == 30
    _check_floors("dates.meantime", report.table())


@pytest.mark.slow
def test_tempeval3_evaluation_keeps_its_floors() -> None:
    if not TBAQ.exists():
        pytest.skip(f"{TBAQ} is absent: the TempEval-3 evaluation test needs ../shared")
    report = run(TBAQ, systems=("storyline",))
    assert report.documents == 256
    assert sum(c.gold for g, by in report.counts.items() if g != "all" for c in by.values()) == 1822
    _check_floors("dates.tempeval3", report.table())
