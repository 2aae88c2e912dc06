"""The timeline summariser (storyline.tls) on hand-built stories: which days, which sentences."""

from __future__ import annotations

from datetime import date

import pytest

from storyline.tls import TlsConfig, TlsSentence, build_timeline, days_named, display_text, value_day
from storyline.tls.days import day_evidence, rank_days

MON, TUE, WED, THU, FRI = (date(2023, 11, d) for d in (6, 7, 8, 9, 10))


def _article(aid: str, published: date, outlet: str, *sentences: tuple[str, tuple[date, ...]]) -> list[TlsSentence]:
    return [TlsSentence(text, aid, published, i, days, outlet) for i, (text, days) in enumerate(sentences)]


def _story() -> list[TlsSentence]:
    """Floods on Monday, a dam failure on Wednesday; Friday only has articles, no named event."""
    return [
        *_article(
            "a1", MON, "Meridian",
            ("The Orva river burst its banks on Monday, forcing 1,200 people from their homes.", (MON,)),
            ("Rain had fallen for four days across the upper valley before the flood.", ()),
        ),
        *_article(
            "a2", TUE, "Herald",
            ("Rescue crews reached families stranded on rooftops after the river flooded on Monday.", (MON,)),
            ("Schools in Stenna stayed closed while the water receded slowly.", ()),
        ),
        *_article(
            "a3", THU, "Chronicle",
            ("The Kessin dam spillway apron collapsed on Wednesday, the water authority said.", (WED,)),
            ("The floods that began on Monday had already displaced thousands of people.", (MON,)),
        ),
        # Another outlet runs the same wire sentence about Wednesday.
        *_article(
            "a4", THU, "Courier",
            ("The Kessin dam spillway apron collapsed on Wednesday, the water authority said.", (WED,)),
            ("Engineers were sent to inspect the damaged structure downstream of the town.", ()),
        ),
        *_article(
            "a5", FRI, "Meridian",
            ("Volunteers handed out blankets and food in the valley town of Stenna.", ()),
            ("Officials gave no new figure for the number of people evacuated so far.", ()),
        ),
    ]


def test_value_day_keeps_only_day_values() -> None:
    assert value_day("2023-11-30") == date(2023, 11, 30)
    assert value_day("2023-11-30TNI") == date(2023, 11, 30)
    for coarse in ("2023-11", "2023-W48", "2023", "PAST_REF", "P4D", None, "", "2023-02-30"):
        assert value_day(coarse) is None


def test_days_named_by_many_articles_rank_first() -> None:
    sents = _story()
    published = {s.article: s.published for s in sents}
    evidence = day_evidence(sents, published)
    assert evidence[MON].articles == {"a1", "a2", "a3"}
    assert evidence[MON].later == {"a2", "a3"}
    assert evidence[WED].articles == {"a3", "a4"} and evidence[WED].published == 0
    ranked = [d for d, _ in rank_days(evidence, TlsConfig())]
    assert ranked[:2] == [MON, WED]
    # Friday has an article but nobody names it: it comes after both named days.
    assert ranked.index(FRI) > 1


def test_two_day_timeline_picks_named_days_and_their_sentences() -> None:
    entries = build_timeline(_story(), TlsConfig(max_dates=2, per_date=1))
    assert [e.day for e in entries] == [MON, WED]
    monday, wednesday = entries
    assert "Monday" in monday.text and monday.sentences[0].days == (MON,)
    assert "Kessin dam" in wednesday.text


def test_copies_across_outlets_collapse_into_one_entry() -> None:
    entries = build_timeline(_story(), TlsConfig(max_dates=2, per_date=2))
    wednesday = next(e for e in entries if e.day == WED)
    texts = [s.text for s in wednesday.sentences]
    # The wire sentence appears once, credited to both outlets' articles.
    assert sum("Kessin dam spillway" in t for t in texts) == 1
    assert {"a3", "a4"} <= set(wednesday.articles)


def test_no_sentence_repeats_across_days() -> None:
    entries = build_timeline(_story(), TlsConfig(max_dates=5, per_date=2))
    texts = [s.text for e in entries for s in e.sentences]
    assert len(texts) == len(set(texts))


def test_window_bounds_the_days() -> None:
    entries = build_timeline(_story(), TlsConfig(max_dates=5, start=TUE, end=THU))
    assert entries and all(TUE <= e.day <= THU for e in entries)
    assert WED in [e.day for e in entries]


def test_publication_dating_uses_only_publication_days() -> None:
    config = TlsConfig(max_dates=5, assign="publication", rank="publications", pub_lag=0)
    entries = build_timeline(_story(), config)
    days = {e.day for e in entries}
    assert days <= {MON, TUE, THU, FRI}
    for entry in entries:
        assert all(s.published == entry.day for s in entry.sentences)


def test_automatic_length_keeps_well_supported_days() -> None:
    entries = build_timeline(_story(), TlsConfig(per_date=1))
    days = [e.day for e in entries]
    assert MON in days and WED in days
    # A one-article story still gets its strongest day.
    lone = _article("z", MON, "Meridian", ("The Orva river burst its banks on Monday in the lower valley.", (MON,)))
    assert [e.day for e in build_timeline(lone, TlsConfig())] == [MON]


def test_short_questions_and_quotes_never_chosen() -> None:
    sents = _article(
        "q", MON, "Herald",
        ("Floods on Monday?", (MON,)),
        ("Will the dam hold after the floods of Monday in the valley?", (MON,)),
        ("\u201cWe lost everything on Monday,\u201d said a farmer from the lower valley.", (MON,)),
        ("The river burst its banks on Monday and flooded the lower valley towns.", (MON,)),
    )
    [entry] = build_timeline(sents, TlsConfig(max_dates=1, per_date=3))
    assert [s.index for s in entry.sentences] == [3]


def test_empty_input_gives_empty_timeline() -> None:
    assert build_timeline([], TlsConfig(max_dates=3)) == []


@pytest.mark.parametrize("rank", ["combined", "mentions", "publications"])
def test_every_ranking_respects_the_length(rank: str) -> None:
    entries = build_timeline(_story(), TlsConfig(max_dates=2, rank=rank))  # type: ignore[arg-type]
    assert 1 <= len(entries) <= 2
    assert [e.day for e in entries] == sorted(e.day for e in entries)


def _named(text: str, *phrases: tuple[str, str]) -> tuple[tuple[date, ...], bool]:
    return days_named(text, [(value, text.index(phrase)) for phrase, value in phrases])


def test_days_named_puts_the_event_day_first() -> None:
    said = "At least 31 people were killed on Tuesday, the ministry said on Wednesday."
    assert _named(said, ("Tuesday", "2023-12-05"), ("Wednesday", "2023-12-06")) == ((date(2023, 12, 5),), False)
    # Only a day of saying: the statement is the event.
    assert _named("The ministry said on Wednesday it would act.", ("Wednesday", "2023-12-06")) == ((date(2023, 12, 6),), False)
    # A day measured from counts as a reference but is not what the sentence tells.
    since = "The ministry said on Monday that 5,100 people had left since Nov. 6."
    days, anchored = _named(since, ("Monday", "2023-11-13"), ("Nov. 6", "2023-11-06"))
    assert days == (date(2023, 11, 13), date(2023, 11, 6)) and not anchored
    assert _named("The road has been blocked by snow since Wednesday.", ("Wednesday", "2024-01-17")) == ((date(2024, 1, 17),), True)
    # The dateline's day is the filing day, not an event: skipped.
    wire = "KESSIN, Nov 9 (MPA) - The spillway collapsed overnight Wednesday."
    assert _named(wire, ("Nov 9", "2023-11-09"), ("Wednesday", "2023-11-08TNI")) == ((date(2023, 11, 8),), False)


def test_anchored_sentences_are_not_told_for_their_day() -> None:
    sents = [
        TlsSentence("Rescue crews have worked without rest since Monday in the valley.", "b", TUE, 3, (MON,), anchored=True),
        TlsSentence("The Orva river burst its banks on Monday in the lower valley.", "c", TUE, 0, (MON,)),
    ]
    [entry] = build_timeline(sents, TlsConfig(max_dates=1, per_date=2))
    assert [s.article for s in entry.sentences] == ["c"]


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("BRENNICK, Marrovia, Nov 6 (MPA) - The Orva river burst its banks.", "The Orva river burst its banks."),
        ("Cairo, Egypt (CNN) -- Egypt braced for a march.", "Egypt braced for a march."),
        ("(Update 12:41 a.m. Tuesday in Cairo) Networks will be shut.", "Networks will be shut."),
        ("WASHINGTON - The Senate voted.", "The Senate voted."),
        ("The U.S. Embassy (in Cairo) - said nothing.", "The U.S. Embassy (in Cairo) - said nothing."),
        ("BP said on Monday - as expected - that it would pay.", "BP said on Monday - as expected - that it would pay."),
    ],
)
def test_display_text_drops_datelines_only(raw: str, shown: str) -> None:
    assert display_text(raw) == shown


def test_first_and_second_person_sentences_never_chosen() -> None:
    sents = _article(
        "p", MON, "Herald",
        ("We think the river burst its banks on Monday because of the rain.", (MON,)),
        ("You could see the river burst its banks on Monday from the bridge.", (MON,)),
        ("The US army said the river burst its banks on Monday in the valley.", (MON,)),
    )
    [entry] = build_timeline(sents, TlsConfig(max_dates=1, per_date=3))
    assert [s.index for s in entry.sentences] == [2]
