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


def test_a_name_with_its_acronym_in_brackets_is_two_mentions() -> None:
    from storyline.pipeline.mentions import split_acronym

    text = "Harbour Safety Board (HSB"
    assert [text[s:e] for s, e in split_acronym(text, 0)] == ["Harbour Safety Board", "HSB"]
    text = "Harbour Safety Board (HSB)"
    assert [text[s:e] for s, e in split_acronym(text, 0)] == ["Harbour Safety Board", "HSB"]
    assert split_acronym("Kerem Dalton", 10) == [(10, 22)]


def test_british_and_american_spellings_share_an_organisation_key() -> None:
    from storyline.people.names import org_key

    assert org_key("Valtian Flood Organisation") == org_key("Valtian Flood Organization")
    assert org_key("the Centre for Rain Studies") == org_key("Center for Rain Studies")


def test_a_company_is_named_without_its_legal_ending_when_both_are_used() -> None:
    from collections import Counter

    from storyline.people.corpus import Entity

    assert Entity("org", "vantor plc", forms=Counter({"Vantor Plc": 1, "Vantor": 3})).name == "Vantor"
    assert Entity("org", "vantor plc", forms=Counter({"Vantor Plc": 2})).name == "Vantor Plc"


def test_a_definite_company_noun_goes_to_the_company_named_before(analyse: Any) -> None:
    atts = analyse("Shares in Vantor Oil Company fell on Thursday after the oil major said its well was leaking.")
    sp = _speaker_of(atts, "well was leaking")
    assert sp["type"] == "organization"
    assert "Vantor" in sp["name"]


def test_a_title_before_a_name_the_recogniser_missed_makes_a_person(analyse: Any) -> None:
    atts = analyse("Deputy Chief Constable Orla Vantreece said the line would reopen on Monday.")
    sp = _speaker_of(atts, "reopen")
    assert sp["type"] == "person"
    assert sp["name"].endswith("Orla Vantreece") and "Constable" not in sp["name"]


def test_an_official_of_an_unnamed_institution_speaks_for_it(analyse: Any) -> None:
    atts = analyse("A spokesman for the port authority said the ferries would sail again on Sunday.")
    sp = _speaker_of(atts, "ferries")
    assert sp["type"] == "organization"
    assert sp["name"] == "port authority"


def test_a_qualified_institution_does_not_go_to_another_of_the_same_head(analyse: Any) -> None:
    atts = analyse(
        "The Valtian government closed the border on Monday. "
        "The Orvish government said it would send food across the river."
    )
    sp = _speaker_of(atts, "send food")
    assert "Valtian" not in sp["name"]



def test_the_same_kind_of_source_again_is_the_one_before(analyse: Any) -> None:
    atts = analyse(
        "A spokesperson for the Orvel Water Board said the reservoir was full. "
        "The spokesperson said no town would go dry this summer."
    )
    sp = _speaker_of(atts, "go dry")
    assert sp["type"] == "organization"
    assert "Orvel Water Board" in sp["name"]


def test_a_member_body_of_a_named_one_is_the_body_named_before(analyse: Any) -> None:
    atts = analyse(
        "The Harbour Safety Organisation counted forty wrecks this year. "
        "The United Nations agency said most of them had been old fishing boats."
    )
    sp = _speaker_of(atts, "fishing boats")
    assert "Harbour Safety" in sp["name"]
