"""Each clean-up rule alone, on lines it must catch and on look-alike lines of news it must keep."""

from __future__ import annotations

from datetime import date

import pytest

from storyline.ingest.cleanup import (
    clean_text,
    credit_line,
    is_cms_footer,
    is_headline_repeat,
    is_promo,
    is_share_leftover,
    is_syndication_note,
    normalize_whitespace,
    parse_byline,
    parse_date_line,
    parse_dateline,
)

# --- syndication and edit notes --------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "(Except for the headline, this story has not been edited by Harbour Post staff and is published from a syndicated feed.)",
        "Except for the title, nothing in this piece was changed by our desk.",
        "This article was auto-generated from a wire feed.",
        "[This story has not been modified by our editors.]",
        "This copy wasn't edited by the night desk.",
        "*This report originally appeared in The Norland Courier.*",
        "Editor's note: this story is provided by Meridian Wire.",
        "(The article was automatically generated and has not been reviewed.)",
        "Auto-generated from the agency feed.",
        "Published via a syndicated news feed",
        "Republished with permission from the Fjord Times.",
        "(This report was published unedited from an agency feed; only the headline was changed.)",
        "(The Ledger ran this wire story as received; the headline is our own.)",
        "(We carried this agency copy without changes.)",
    ],
)
def test_syndication_notes_are_caught(line: str) -> None:
    assert is_syndication_note(line)


@pytest.mark.parametrize(
    "line",
    [
        # "the report ... was not edited" is news when it is not a bracketed note about this piece
        "The report was not edited by the ministry before release, officials said.",
        "This report found that passenger numbers fell by a third.",
        "The story of the ferry began in 1981, when the line opened.",
        "Olsen said the article of the treaty had not been changed since 1990.",
        "The wire service reported the vote first.",
        "The minister said this report was published verbatim by the agency.",
        "(This figure is unchanged from last year.)",
        # a long paragraph is reporting whatever it says
        "This story has not been edited " + "and the council said more about it " * 10,
    ],
)
def test_news_sentences_are_not_syndication_notes(line: str) -> None:
    assert not is_syndication_note(line)


def test_credit_lines_only_when_bracketed() -> None:
    assert credit_line("(Reporting by Ines Varga; Editing by Tomas Reyes)") == "Reporting by Ines Varga; Editing by Tomas Reyes"
    assert credit_line("[With inputs from agencies]") == "With inputs from agencies"
    assert credit_line("(Additional reporting by Ola Strand in Brennmoor)") is not None
    assert credit_line("Reporting by the audit office found a gap of 150,000 crowns.") is None
    assert credit_line("(The council met on Friday.)") is None


# --- promo lines -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "CLICK HERE TO READ MORE…",
        "Click here to subscribe to our newsletter",
        "Tap the link below to join our channel",
        "ALSO READ: Council approves harbour budget",
        "Read more: Ferry fares to rise",
        "► Read also: Fishermen protest",
        "Must read | The islands that time forgot",
        "Sign up for our free morning briefing",
        "Subscribe now to get unlimited access",
        "Get the Ledger newsletter delivered to your inbox",
        "Download our app for breaking news alerts",
        "Follow us on Facebook and X",
        "Follow The Coastal Ledger on Instagram",
        "Don't miss: the best of the week",
        "Related stories: Harbour dredging to start",
        "Recommended for you:",
        "WATCH: Council debate in full",
        "Share this article",
        "Advertisement",
        "Story continues below advertisement",
        "Continue reading below",
        "Follow the Ledger on social media for live updates.",
        "Want the day's top stories? Click here to sign up for The Briefing.",
        "Never miss a story! Sign up for our alerts",
    ],
)
def test_promo_lines_are_caught(line: str) -> None:
    assert is_promo(line)


@pytest.mark.parametrize(
    "line",
    [
        "Read the council's statement, Olsen told reporters, and you will see why.",
        "Sign-ups for the new ferry pass opened on Monday.",
        "Subscribers to the ferry pass will get a refund, the council said.",
        "More than 400 people signed the petition.",
        "Click, the software firm, said it would appeal.",
        "Follow-up talks are planned for December.",
        "Latest figures show a decline of 12%.",
        "Share prices fell by 3% on Friday.",
        "Watch officials said the tower would be rebuilt.",
        "The print edition carried the story on page 3.",
        "Register of ships lists 40 vessels.",
        "Get ready for a long winter, the forecasters warned.",
        # a call to action after a sentence of news is not a promo line as a whole
        "The council met on Friday. Click here to read the statement.",
    ],
)
def test_news_lines_are_not_promo(line: str) -> None:
    assert not is_promo(line)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Share | Facebook | X | Email", True),
        ("Facebook Twitter WhatsApp Email Copy link", True),
        ("Share", True),
        ("Print / Email / Comments", True),
        ("Facebook said on Monday it would open an office.", False),
        ("Email records show the council knew in May.", False),
    ],
)
def test_share_button_leftovers(line: str, expected: bool) -> None:
    assert is_share_leftover(line) is expected


# --- headline repeats ------------------------------------------------------------------------


def test_headline_repeat_ignores_case_punctuation_and_decoration() -> None:
    title = "Harbour council votes to close north ferry line"
    assert is_headline_repeat("HARBOUR COUNCIL VOTES TO CLOSE NORTH FERRY LINE", title)
    assert is_headline_repeat("Harbour council votes to close north ferry line.", title)
    assert is_headline_repeat("## Harbour council votes to close north-ferry line", title)
    assert not is_headline_repeat("Harbour council votes to close north ferry line, Olsen said.", title)
    assert not is_headline_repeat("Harbour council votes", title)
    assert not is_headline_repeat("Anything", "")


# --- leading metadata ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "kind", "value"),
    [
        ("date 2023-12-01", "published", date(2023, 12, 1)),
        ("Published: Nov 24, 2023", "published", date(2023, 11, 24)),
        ("Posted on 24/11/2023 at 09:30", "published", date(2023, 11, 24)),
        ("November 24, 2023", "published", date(2023, 11, 24)),
        ("Friday, 24 November 2023 09:30 GMT", "published", date(2023, 11, 24)),
        ("Last updated: 2023-11-25T10:00:00Z", "updated", date(2023, 11, 25)),
        ("Updated 2 hours ago", "updated", None),
    ],
)
def test_date_lines(line: str, kind: str, value: date | None) -> None:
    found = parse_date_line(line)
    assert found is not None
    assert (found.kind, found.value) == (kind, value)


@pytest.mark.parametrize(
    "line",
    ["Published in 2023 by the council", "12 ships sank.", "Dated buildings line the harbour front.", "Thursday"],
)
def test_lines_that_are_not_date_lines(line: str) -> None:
    assert parse_date_line(line) is None


@pytest.mark.parametrize(
    ("line", "names"),
    [
        ("By Ines Varga", "Ines Varga"),
        ("BY INES VARGA and Tomas Reyes", "INES VARGA and Tomas Reyes"),
        ("By Ines Varga, Staff Reporter", "Ines Varga"),
        ("By Ines Varga in Brennmoor", "Ines Varga"),
        ("By Jan de Vries, Meridian Wire", "Jan de Vries"),
        ("By the time the vote ended, most had left.", None),
        ("By Thursday, the council had agreed", None),
        ("By Friday", None),
    ],
)
def test_bylines(line: str, names: str | None) -> None:
    assert parse_byline(line) == names


def test_dateline_parts_are_reported() -> None:
    assert parse_dateline("BRENNMOOR, Nov 24 (Meridian Wire) - The harbour council voted.") == {
        "place": "BRENNMOOR",
        "date": "Nov 24",
        "outlet": "Meridian Wire",
    }
    assert parse_dateline("BRENNMOOR, Norland, 24 Nov (Meridian Wire) -- The council met.") == {
        "place": "BRENNMOOR, Norland",
        "date": "24 Nov",
        "outlet": "Meridian Wire",
    }
    assert parse_dateline("BRENNMOOR (Meridian Wire) — The council met.") == {"place": "BRENNMOOR", "outlet": "Meridian Wire"}
    assert parse_dateline("NATO said - nothing more") is None
    assert parse_dateline("The council met on Nov 24 (a Friday) - late.") is None


# --- whitespace ------------------------------------------------------------------------------


def test_whitespace_is_normalised_and_paragraphs_kept() -> None:
    raw = "\ufeff  First\u00a0 line\tof   one paragraph \r\nsecond line\u200b\r\n\r\n\r\n\n Next\u2003paragraph. \n\n"
    assert normalize_whitespace(raw) == "First line of one paragraph\nsecond line\n\nNext paragraph."


def test_lines_without_any_blank_line_are_paragraphs() -> None:
    assert normalize_whitespace("One.\nTwo.\nThree.") == "One.\n\nTwo.\n\nThree."


# --- the whole clean-up ----------------------------------------------------------------------


def test_clean_text_lifts_metadata_and_drops_non_story_lines() -> None:
    title = "Harbour council votes to close north ferry line"
    raw = "\n".join(
        [
            "Harbour council votes to close north ferry line",
            "By Ines Varga | November 24, 2023",
            "Updated: Nov 25, 2023",
            "",
            "BRENNMOOR, Nov 24 (Meridian Wire) - The council voted on Thursday to close the line.",
            "",
            "ALSO READ: Storm warning for the coast",
            "",
            '"We looked at every option," Olsen said.',
            "",
            "Share | Facebook | X | Email",
            "(Reporting by Ines Varga; Editing by Tomas Reyes)",
            "(Except for the headline, this story has not been edited by Post staff and is published from a syndicated feed.)",
        ]
    )
    cleaned = clean_text(raw, title=title)
    assert cleaned.text == (
        "BRENNMOOR, Nov 24 (Meridian Wire) - The council voted on Thursday to close the line.\n\n"
        '"We looked at every option," Olsen said.'
    )
    assert cleaned.published == date(2023, 11, 24)
    assert cleaned.meta["byline"] == "Ines Varga"
    assert cleaned.meta["updated"] == "2023-11-25"
    assert cleaned.meta["dateline"]["outlet"] == "Meridian Wire"
    assert cleaned.meta["credits"] == ["Reporting by Ines Varga; Editing by Tomas Reyes"]
    rules = [r["rule"] for r in cleaned.meta["removed"]]
    assert rules == ["headline", "metadata", "metadata", "promo", "promo", "credit", "syndication"]


def test_leading_lifting_stops_at_the_first_body_line() -> None:
    raw = "The council met on Thursday.\n\nPublished: Nov 24, 2023\n\nBy Ines Varga"
    cleaned = clean_text(raw)
    # Metadata-looking lines after the body has started are not lifted: they may be content.
    assert cleaned.published is None
    assert "byline" not in cleaned.meta
    assert cleaned.text == "The council met on Thursday.\n\nPublished: Nov 24, 2023\n\nBy Ines Varga"


def test_kept_lines_are_untouched_inside() -> None:
    line = 'Olsen said:  "We  looked at every option" -- and left.'
    assert clean_text(line).text == 'Olsen said: "We looked at every option" -- and left.'
    assert clean_text("Ferry fares rose 12 % (from 40 to 45 crowns).").text == "Ferry fares rose 12 % (from 40 to 45 crowns)."


def test_text_made_only_of_boilerplate_cleans_to_nothing() -> None:
    assert clean_text("Advertisement\n\nClick here to read more\n\nShare this article").text == ""


# --- CMS footers ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "The post Ferry line to close at year end appeared first on Harbour Post.",
        "The post Council votes again appeared first on The Island Post",
        "Read more",
        "Read more »",
        "[Read the full story]",
        "Continue reading Protest planned over ferry closure →",
        "Continue reading…",
        "Share this:",
        "Like this:",
        "Click to share on Facebook (Opens in new window)",
        "Click to email a link to a friend (Opens in new window)",
        "Like Loading...",
    ],
)
def test_cms_footers_are_recognised(line: str) -> None:
    assert is_cms_footer(line)
    assert clean_text(f"The harbour council voted on Thursday.\n\n{line}").text == "The harbour council voted on Thursday."


@pytest.mark.parametrize(
    "line",
    [
        "The post of harbour master appeared vacant for most of the year.",
        "Readers shared the petition more than 3,000 times, organisers said.",
        "She said she liked this plan better than the last one.",
        "Clicking through the council's own figures shows a deficit.",
    ],
)
def test_sentences_like_cms_footers_are_kept(line: str) -> None:
    assert not is_cms_footer(line)
    assert clean_text(f"The harbour council voted on Thursday.\n\n{line}").text.endswith(line)


def test_a_headline_only_record_keeps_its_headline_as_text() -> None:
    # Headline data sets (and some feeds) give the headline as the only text: it is not a repeat.
    title = "Harbour workers in Port Calder vote to end their strike"
    cleaned = clean_text(title, title=title)
    assert cleaned.text == title
    assert cleaned.meta.get("headline_only") is True


def test_a_repeated_headline_is_still_dropped_above_a_body() -> None:
    title = "Harbour workers vote to end strike"
    cleaned = clean_text(f"{title}\n\nThe union said the vote was close.", title=title)
    assert cleaned.text == "The union said the vote was close."
    assert "headline_only" not in cleaned.meta
