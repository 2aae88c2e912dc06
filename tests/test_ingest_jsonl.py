"""JSON and JSON Lines ingest: field names, ids, wrappers, streaming and flat memory."""

from __future__ import annotations

import io
import json
import tracemalloc
from datetime import date
from pathlib import Path

import pytest

from storyline.errors import InputError
from storyline.ingest import iter_path
from storyline.ingest.jsonstream import JsonStreamError, iter_json
from storyline.models import Article

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"

BODY = "The fisheries board cut next season's quotas by 12 percent on Tuesday, citing falling stocks."


def articles(path: Path) -> list[Article]:
    items = list(iter_path(path))
    assert all(isinstance(i, Article) for i in items), items
    return items  # type: ignore[return-value]


def write_jsonl(path: Path, records: list[object]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def test_common_field_names() -> None:
    by_title = {a.title: a for a in articles(FIXTURES / "records.jsonl")}
    first = by_title["Fishing quotas cut"]
    assert (first.id, first.outlet, first.published, first.url) == (
        "fj-001", "Fjord Times", date(2023, 11, 21), "https://fjord.example/quotas",
    )
    assert first.text.split("\n\n")[1] == "Boat owners said the cut would cost jobs."
    assert first.source_line == 1

    news_please = by_title["Quota cut criticised"]  # body / date_publish / source_domain
    assert (news_please.outlet, news_please.published, news_please.source_line) == ("ledger.example", date(2023, 11, 22), 2)
    assert news_please.meta["published_at"] == "2023-11-22T10:15:00"

    api = by_title["Board defends quota decision"]  # headline / content / publishedAt / source.name
    assert (api.outlet, api.published, api.source_line) == ("Harbour Post", date(2023, 11, 23), 4)
    assert api.meta["byline"] == "Ines Varga, Tomas Reyes"
    assert api.meta["extra"] == {"section": "Business"}

    page = by_title["Ferry page"]  # an "html" field holding a whole page, epoch-seconds date
    assert page.outlet == "The Coastal Ledger"
    assert page.published == date(2023, 11, 24)
    assert page.text.startswith("The harbour council of Brennmoor voted on Thursday")
    assert "<p>" not in page.text


def test_ids_are_kept_even_when_numbers() -> None:
    ids = [a.id for a in articles(FIXTURES / "records.json")]
    assert ids == ["17", "mw-storm-2"]


def test_json_array_elements_know_their_lines() -> None:
    found = articles(FIXTURES / "records.json")
    assert [a.source_line for a in found] == [2, 9]
    assert found[1].text == (
        "The harbour in Brennmoor was closed on Monday as the storm reached the coast.\n\n"
        "Ferries to the islands were cancelled for the day."
    )
    assert found[1].language == "en"  # "en-GB" as declared


def test_wrapper_object_of_a_news_api() -> None:
    items = list(iter_path(FIXTURES / "api_response.json"))
    assert isinstance(items[0], Article)
    assert (items[0].title, items[0].outlet, items[0].published) == ("Mayor sworn in", "Fjord Times", date(2023, 11, 20))
    assert isinstance(items[1], InputError)
    assert "element 2 of 'articles'" in items[1].message and "no text" in items[1].message


def test_jsonl_saved_as_json_and_array_saved_as_jsonl(tmp_path: Path) -> None:
    records = [{"id": f"r{i}", "title": f"T{i}", "text": BODY} for i in range(3)]
    lines = write_jsonl(tmp_path / "lines.json", records)
    assert [a.id for a in articles(lines)] == ["r0", "r1", "r2"]
    array = tmp_path / "array.jsonl"
    array.write_text(json.dumps(records, indent=2), encoding="utf-8")
    assert [a.id for a in articles(array)] == ["r0", "r1", "r2"]


def test_text_given_as_markup_or_paragraph_list(tmp_path: Path) -> None:
    path = write_jsonl(
        tmp_path / "a.jsonl",
        [
            {"id": "m", "text": "<p>First paragraph of the story.</p><p>Second paragraph.</p>"},
            {"id": "l", "body": ["First paragraph.", "Second paragraph."]},
            {"id": "h", "html": "<p>A fragment &amp; no page.</p>"},
        ],
    )
    found = {a.id: a.text for a in articles(path)}
    assert found == {
        "m": "First paragraph of the story.\n\nSecond paragraph.",
        "l": "First paragraph.\n\nSecond paragraph.",
        "h": "A fragment & no page.",
    }


def test_database_export_ids_and_dates(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "a.jsonl", [{"_id": {"$oid": "65a1f0c2"}, "date": {"$date": "2023-11-24T10:00:00Z"}, "text": BODY}])
    (article,) = articles(path)
    assert (article.id, article.published) == ("65a1f0c2", date(2023, 11, 24))


def test_exported_bundle_is_refused_with_a_reason(tmp_path: Path) -> None:
    path = tmp_path / "story.json"
    path.write_text(json.dumps({"schema": "storyline/1", "articles": [{"id": "a"}]}), encoding="utf-8")
    items = list(iter_path(path))
    assert len(items) == 1 and isinstance(items[0], InputError)
    assert "exported storyline bundle" in items[0].message


def test_stream_reader_reads_values_across_chunk_boundaries(monkeypatch: pytest.MonkeyPatch) -> None:
    import storyline.ingest.jsonstream as jsonstream

    monkeypatch.setattr(jsonstream, "CHUNK", 5)  # every value straddles chunks
    data = '[{"a": "long string \\u00e9 value"},\n 1234567890,\n\n {"b": [1, 2, {"c": null}]}]'.encode()
    assert list(iter_json(io.BytesIO(data))) == [
        (1, {"a": "long string é value"}, True),
        (2, 1234567890, True),
        (4, {"b": [1, 2, {"c": None}]}, True),
    ]


def test_stream_reader_stops_at_malformed_json_with_its_line() -> None:
    data = b'[{"a": 1},\n{"b": 2},\n{"c" 3}]'
    seen = []
    with pytest.raises(JsonStreamError) as caught:
        for item in iter_json(io.BytesIO(data)):
            seen.append(item)
    assert seen == [(1, {"a": 1}, True), (2, {"b": 2}, True)]
    assert caught.value.line == 3


def _write_big_jsonl(path: Path, size: int) -> int:
    # Long records keep the per-record costs (language model, hashing) from dominating the run.
    paragraph = "The harbour council voted on Thursday to close the north ferry line, Olsen said. " * 40
    text = "\n\n".join([paragraph] * 60)
    count = 0
    with path.open("w", encoding="utf-8") as fh:
        while fh.tell() < size:
            record = {"id": f"big-{count}", "title": f"Ferry {count}", "text": text, "published": "2023-11-24"}
            fh.write(json.dumps(record) + "\n")
            count += 1
    return count


@pytest.mark.slow
def test_100mb_jsonl_streams_with_flat_memory(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    size = 100 * 1024 * 1024
    expected = _write_big_jsonl(path, size)
    stream = iter_path(path)
    first = next(stream)  # loads the language model and imports: one-off costs, not per-record
    assert isinstance(first, Article)
    tracemalloc.start()
    try:
        count = 1 + sum(1 for item in stream if isinstance(item, Article))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == expected
    # Flat: a few records' worth, far below the file (about 200 KB a record, 100 MB in all).
    assert peak < size / 20, f"peak {peak} bytes while streaming a {size}-byte file"


@pytest.mark.slow
def test_large_json_array_streams_with_flat_memory(tmp_path: Path) -> None:
    path = tmp_path / "big.json"
    record = {"title": "Ferry", "text": "The harbour council voted on Thursday to close the ferry line. " * 1000}
    count = 500
    with path.open("w", encoding="utf-8") as fh:
        fh.write("[\n")
        fh.write(",\n".join(json.dumps({**record, "id": f"a{i}"}) for i in range(count)))
        fh.write("\n]\n")
    size = path.stat().st_size
    stream = iter_path(path)
    next(stream)
    tracemalloc.start()
    try:
        seen = 1 + sum(1 for _ in stream)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert seen == count
    assert peak < size / 10, f"peak {peak} bytes while streaming a {size}-byte array"
