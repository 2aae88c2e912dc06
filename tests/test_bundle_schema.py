"""The storyline/1 JSON Schema: what it accepts and what it rejects."""

import copy

import pytest

from storyline.bundle import SECTIONS, load_schema, validate_bundle
from storyline.errors import BundleError

GOOD = {
    "schema": "storyline/1",
    "articles": [
        {"id": "a1", "outlet": "Meridian Wire", "title": "T", "published": "2023-11-24", "url": None, "event": "E1", "duplicate_of": None},
        {"id": "a2", "outlet": "Daily", "title": "T2", "published": None, "url": "https://x.test/2", "event": "E1", "duplicate_of": "a1"},
    ],
    "duplicates": [{"articles": ["a1", "a2"], "kind": "copy", "score": 0.97}],
    "events": [{"id": "E1", "title": "Harbour closes", "date": "2023-11-24", "articles": ["a1", "a2"], "story": "S1"}],
    "stories": [{"id": "S1", "title": "The harbour", "events": ["E1"]}],
    "dates": [{"article": "a1", "text": "Thursday", "start": 3, "end": 11, "value": "2023-11-23"}],
    "quotes": [{"article": "a1", "speaker": "Alma Reyes", "text": "We will reopen", "kind": "direct", "start": 20, "end": 34}],
    "figures": [{"article": "a1", "value": 31, "unit": "killed", "text": "at least 31", "source": None, "date": "2023-11-24", "start": 40, "end": 51}],
    "entities": [{"name": "Alma Reyes", "type": "PERSON", "aliases": ["Reyes"], "articles": ["a1"]}],
    "timeline": [{"date": "2023-11-24", "text": "The harbour closed.", "articles": ["a1"], "event": "E1"}],
    "conflicts": [],
}


def test_schema_lists_every_section():
    assert set(load_schema()["required"]) == {"schema", "articles", *SECTIONS}


def test_good_bundle_validates():
    validate_bundle(GOOD)


@pytest.mark.parametrize(
    "mutate, where",
    [
        (lambda b: b.pop("quotes"), "quotes"),
        (lambda b: b["duplicates"][0].update(kind="similar"), "duplicates/0/kind"),
        (lambda b: b["articles"][0].update(published="24 Nov 2023"), "articles/0/published"),
        (lambda b: b["dates"][0].update(start=-1), "dates/0/start"),
        (lambda b: b.update(schema="storyline/0"), "schema"),
    ],
)
def test_bad_bundle_names_the_place(mutate, where):
    bad = copy.deepcopy(GOOD)
    mutate(bad)
    with pytest.raises(BundleError) as info:
        validate_bundle(bad)
    assert "storyline/1" in str(info.value)
    if where != "quotes":
        assert where in str(info.value)
