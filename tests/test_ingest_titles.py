"""Article titles: live-blog headings and site or CMS names are never titles; an untitled
article takes the headline its text opens with; datelines and bylines never enter a title.
Every text here is written for the test."""

from __future__ import annotations

from pathlib import Path

from storyline.ingest.outlets import is_site_title
from storyline.ingest.record import RawRecord, finish
from storyline.ingest.titles import (
    clean_title,
    first_line_headline,
    headline_from_text,
    is_caption,
    is_live_heading,
    lead_of,
)


def test_live_blog_headings_are_not_titles() -> None:
    assert is_live_heading("Kessin dam collapse LIVE Updates")
    assert is_live_heading("Live: rescuers reach the Orva valley")
    assert is_live_heading("Tarvik siege - as it happened")
    assert not is_live_heading("Live music returns to Dastrel after the floods")
    assert not is_live_heading("Villagers live in tents at Orsk")


def test_site_and_cms_names_are_not_titles() -> None:
    assert is_site_title("escenic")
    assert is_site_title("Harbour Times - Europe", "Harbour Times")
    assert is_site_title("Harbour Times", "Harbour Times")
    assert not is_site_title("Dam inquiry ordered - Harbour Times", "Harbour Times")
    assert not is_site_title("Rebels seize Tarvik", "Harbour Times")


def test_datelines_stamps_and_bylines_never_stay_in_a_title() -> None:
    assert clean_title("BRENNICK | Wed Nov 8, 2023 6:42 pm EDT Kessin dam gives way") == "Kessin dam gives way"
    assert clean_title("By the Sentinel Wire Staff") == ""
    assert clean_title("Rebels seize Tarvik") == "Rebels seize Tarvik"


def test_first_line_is_the_headline_when_it_is_one() -> None:
    text = "Orva river bursts its banks\n\nThe Orva river burst its banks on Monday after four days of rain."
    assert first_line_headline(text) == "Orva river bursts its banks"
    # A first line that is a sentence, a byline or a live heading is no headline.
    assert first_line_headline("The river rose on Monday and kept rising.\nMore text.") == ""
    assert first_line_headline("By Ines Varga\nOrva river bursts its banks\nText.") == "Orva river bursts its banks"
    assert first_line_headline("Orva floods LIVE Updates\nText follows here.") == ""


def test_headline_glued_before_a_wire_dateline() -> None:
    text = "Thousands flee as Orva river floods BRENNICK | Mon Nov 6, 2023 9:10 am EDT BRENNICK (Reuters) - Thousands fled the Orva valley on Monday as the river flooded villages."
    assert headline_from_text(text) == ("Thousands flee as Orva river floods", "headline")


def test_a_glued_caption_is_not_taken_for_a_headline() -> None:
    # "Children wait for bread at a camp" is a caption: the lead after it tells something else.
    text = "Children wait for bread at a camp The army and the rebels agreed a 72-hour truce around Tarvik on Friday, the army said."
    title, how = headline_from_text(text, names=[])
    assert how == "lead" and title.startswith("The army and the rebels agreed a 72-hour truce")
    # A glued headline that the lead tells is kept.
    text = "Rebels agree a truce in Tarvik The rebels agreed on Friday to a truce in Tarvik, the army said."
    assert headline_from_text(text, names=["Tarvik"]) == ("Rebels agree a truce in Tarvik", "headline")


def test_a_lead_is_cut_to_a_titles_length_and_skips_captions() -> None:
    text = (
        "Rescuers search the rubble in Stenna (left), Nov. 6.\n"
        "The spillway of the Kessin dam gave way overnight, sending a surge of water down the valley after days of heavy rain in the hills."
    )
    title, how = headline_from_text(text, names=[])
    assert how == "lead"
    assert title == "The spillway of the Kessin dam gave way overnight"
    assert len(title.split()) <= 15


def test_captions_and_leads() -> None:
    assert is_caption("A nurse (R) checks a patient in Brennick, Nov. 9, 2023.")
    assert is_caption("Flood water in Stenna in an image courtesy of the Red Lantern Society.")
    assert not is_caption("The Orva river burst its banks on Monday.")
    assert lead_of("BRENNICK, Nov 6 (Reuters) - The Orva river burst its banks on Monday after days of rain.") == (
        "The Orva river burst its banks on Monday after days of rain."
    )
    assert lead_of("By the Sentinel Wire Staff BRENNICK (Reuters) -") == ""


def test_ingest_gives_an_untitled_record_its_first_line_and_drops_live_headings() -> None:
    raw = RawRecord(text="Kessin dam inquiry ordered\n\nThe prime minister ordered an inquiry into the dam on Monday.", title="")
    article = finish(raw, Path("x.jsonl"))
    assert article.title == "Kessin dam inquiry ordered"
    assert article.text.startswith("Kessin dam inquiry ordered")  # the text is left as it was
    raw = RawRecord(text="Rescuers reach Stenna\n\nRescuers reached the village of Stenna by boat on Tuesday.", title="Orva floods LIVE Updates")
    article = finish(raw, Path("x.jsonl"))
    assert article.title == "Rescuers reach Stenna" and article.meta["dropped_title"] == "Orva floods LIVE Updates"
    raw = RawRecord(text="The prime minister ordered an inquiry into the dam on Monday.", title="escenic")
    assert finish(raw, Path("x.jsonl")).title == ""
