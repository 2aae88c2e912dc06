"""Every event of a story gets a timeline entry told by its main development: what most of its
reports lead with, not a side incident, a caption or a dateline. Texts written for the test."""

from __future__ import annotations

from datetime import date

from storyline.tls import TlsConfig, TlsSentence
from storyline.tls.events import entry_day, main_development, with_main_developments

D = date(2024, 1, 19)


def _article(aid: str, sentences: list[str], day: date = D, days: dict[int, tuple[date, ...]] | None = None) -> list[TlsSentence]:
    days = days or {}
    return [TlsSentence(text, aid, day, i, days.get(i, ())) for i, text in enumerate(sentences)]


TRUCE = _article(
    "a",
    [
        "TARVIK, Marrovia, Jan 19 (Reuters) - The army and the Highland Front agreed on Friday to a 72-hour truce around the mining town of Tarvik.",
        "The truce, brokered by a foreign minister, takes effect at noon on Saturday, the army said.",
        "A charity said more than 12,000 people had fled the town and the villages around it.",
    ],
)
CAMP = _article(
    "b",
    [
        "Children at a snowbound camp at Orsk carry water (left), Jan. 19.",
        "News of the truce between the army and the Highland Front reached the camp at Orsk on Friday by radio.",
        "The camp, built by a charity for 5,000 people, held more than 12,000 by Friday, the charity said.",
    ],
)
SIDE = _article(
    "c",
    [
        "The army and the Highland Front signed a truce for Tarvik on Friday, officials said.",
        "Aid lorries waited at the edge of the town for the truce to begin.",
    ],
)


def test_main_development_is_what_most_reports_lead_with() -> None:
    found = main_development(["a", "b", "c"], {"a": TRUCE, "b": CAMP, "c": SIDE}, TlsConfig())
    assert found is not None
    sentence, carriers = found
    # The truce (what a and c lead with) wins over the side fact a and b share (12,000 fled).
    assert sentence.text.startswith("The army and the Highland Front") and "truce" in sentence.text
    assert "12,000" not in sentence.text and not sentence.text.startswith("TARVIK")
    assert {"a", "c"} <= set(carriers)


def test_captions_and_bare_datelines_never_tell_an_event() -> None:
    only = _article("d", ["Rescuers carry a boy from the water in Stenna (left), Nov. 6.", "BRENNICK (Reuters) -", "The Orva river burst its banks on Monday after four days of heavy rain."])
    sentence, _ = main_development(["d"], {"d": only}, TlsConfig()) or (None, None)
    assert sentence is not None and sentence.text.startswith("The Orva river burst its banks")


def test_copies_vote_as_their_original() -> None:
    one = _article("x", ["Rebels freed fourteen soldiers held since the fall of Tarvik in an exchange on Monday.", "The truce was extended by seven days, the army said."])
    two = _article("y", ["The army and the rebels extended their truce by seven days on Monday.", "Fourteen soldiers were freed in an exchange on Monday, the army said."])
    # Alone, each report's first sentence is as good as the other's: the earlier report wins.
    first, _ = main_development(["x", "y"], {"x": one, "y": two}, TlsConfig()) or (None, None)
    # With three copies of y, what y leads with is what most reports lead with.
    voted, _ = main_development(["x", "y"], {"x": one, "y": two}, TlsConfig(), {"y": 3}) or (None, None)
    assert first is not None and voted is not None
    assert voted.text.startswith("The army and the rebels extended their truce")
    assert first.text != voted.text


def test_entry_day_is_the_day_told_when_it_lies_within_the_event() -> None:
    told = TlsSentence("The dam gave way on Wednesday night.", "a", date(2023, 11, 9), 0, (date(2023, 11, 8),))
    assert entry_day(told, date(2023, 11, 9), date(2023, 11, 10)) == date(2023, 11, 8)
    long_ago = TlsSentence("The dam was built in March.", "a", date(2023, 11, 9), 0, (date(2023, 3, 1),))
    assert entry_day(long_ago, date(2023, 11, 9), date(2023, 11, 10)) == date(2023, 11, 9)


def test_every_event_gets_an_entry_and_a_side_incident_is_replaced() -> None:
    events = [
        {"id": "E1", "articles": ["a", "b", "c"], "date": "2024-01-19", "end": "2024-01-19"},
        {"id": "E2", "articles": ["x"], "date": "2024-01-22", "end": "2024-01-22"},
    ]
    sentences = {"a": TRUCE, "b": CAMP, "c": SIDE, "x": _article("x", ["Rebels freed fourteen soldiers in an exchange on Monday near Tarvik."], date(2024, 1, 22))}
    side = {"date": "2024-01-19", "text": "A charity said more than 12,000 people had fled.", "articles": ["a"], "event": "E1", "story": "S", "outlets": []}
    items = with_main_developments([side], events, sentences, {}, TlsConfig(), "S", {"a": "Wire"})
    assert [(it["date"], it["event"]) for it in items] == [("2024-01-19", "E1"), ("2024-01-22", "E2")]
    assert items[0]["text"].startswith("The army and the Highland Front") and "12,000" not in items[0]["text"]
    assert "a" in items[0]["articles"] and items[0]["outlets"] == ["Wire"]
    # A timeline asked for a fixed number of days gets no extra day.
    fixed = with_main_developments([side], events, sentences, {}, TlsConfig(max_dates=1), "S", {})
    assert [it["event"] for it in fixed] == ["E1"]
