"""Speaker resolution on sentences we wrote: roles, groups, pronouns and unresolved speakers."""

from __future__ import annotations

from typing import Any

from test_quotes import analyse  # noqa: F401  (the clean → quotes pipeline fixture)


def _speaker_of(atts: list[dict[str, Any]], containing: str) -> dict[str, Any]:
    found = [a for a in atts if containing in a["text"]]
    assert found, f"no quote with {containing!r} in {[a['text'] for a in atts]}"
    sp = found[0]["speaker"]
    assert sp is not None, f"the quote with {containing!r} has no speaker"
    return sp  # type: ignore[no-any-return]


def test_unnamed_group_is_named_by_its_group_words(analyse: Any) -> None:
    atts = analyse("Some angry farmers in the valley said the new canal had dried their fields.")
    sp = _speaker_of(atts, "canal")
    assert sp["type"] == "anonymous"
    assert sp["name"] == "anonymous: angry farmers"


def test_officials_of_a_named_organisation_speak_for_it(analyse: Any) -> None:
    atts = analyse(
        "The Orvel Water Board opened a new reservoir on Monday. "
        "Orvel Water Board officials said the reservoir would hold a year of rain."
    )
    sp = _speaker_of(atts, "year of rain")
    assert sp["type"] == "organization"
    assert "Orvel Water Board" in sp["name"]


def test_spokesperson_for_a_named_organisation_speaks_for_it(analyse: Any) -> None:
    atts = analyse(
        "The Orvel Water Board opened a new reservoir on Monday. "
        "A spokesperson for the Orvel Water Board said the dam had passed every test."
    )
    sp = _speaker_of(atts, "passed every test")
    assert sp["type"] == "organization"
    assert "Orvel Water Board" in sp["name"]


def test_he_goes_on_with_the_unnamed_speaker_before_it(analyse: Any) -> None:
    atts = analyse(
        "Kerem Dalton ordered the bridge closed on Friday. "
        "A doctor at the town clinic said twelve people had been hurt. "
        "He said the clinic was running short of bandages."
    )
    sp = _speaker_of(atts, "bandages")
    assert sp["type"] == "anonymous"
    assert sp["name"] == "anonymous: doctor"


def test_she_does_not_go_on_with_a_male_speaker(analyse: Any) -> None:
    atts = analyse(
        "Mara Lindqvist chairs the harbour committee. "
        "The father of one of the sailors said the boat had left too late. "
        "She said the harbour would stay closed."
    )
    sp = _speaker_of(atts, "stay closed")
    assert sp["name"] != "anonymous: father"


def test_first_and_second_person_with_nobody_to_stand_for_stay_unresolved(analyse: Any) -> None:
    atts = analyse('"The rain will stop by noon," I said. You said the roads were flooded.')
    for containing in ("rain will stop", "roads were flooded"):
        found = [a for a in atts if containing in a["text"]]
        for att in found:
            sp = att["speaker"]
            assert sp is None or sp["type"] == "unresolved", sp
