"""Temporal expressions that once crashed the ``dates`` stage, found by fuzzing and real articles."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from storyline.temporal import extract


@pytest.fixture(scope="module")
def nlp() -> Any:
    from storyline.pipeline.dates import spacy_model

    return spacy_model()


def _values(nlp: Any, text: str, dct: date | None) -> dict[str, str | None]:
    out = {}
    for t in extract(text, dct, nlp(text)):
        assert text[t.start : t.end] == t.text
        out[t.text] = t.value
    return out


def test_a_millennium_ago_is_a_year(nlp: Any) -> None:
    # "millennium" is a unit of the lexicon but had no calendar step: KeyError 'ML'.
    got = _values(nlp, "The town was founded a millennium ago, historians say.", date(2024, 3, 1))
    assert got == {"a millennium ago": "1024"}
    assert _values(nlp, "The vault should stay sealed a millennium from now.", date(2024, 3, 1)) == {"a millennium from now": "3024"}


@pytest.mark.parametrize("dct", [date(1, 1, 1), date(9999, 12, 31)])
def test_publication_date_at_the_ends_of_the_calendar_is_no_anchor(nlp: Any, dct: date) -> None:
    # Anchoring "on Tuesday" to year 1 stepped out of Python's calendar: OverflowError.
    got = _values(nlp, "Police said on Tuesday that the bridge would reopen next month.", dct)
    assert got == {"Tuesday": None, "next month": None}
