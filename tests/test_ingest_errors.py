"""Bad input: every case yields an InputError naming the file and line, quoting the value and
saying what is accepted, never raises, and the good records around it are still yielded."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storyline.errors import InputError, UnknownFormatError
from storyline.ingest import SUPPORTED_FORMATS, iter_path
from storyline.models import Article

BODY = "The harbour council voted on Thursday to close the north ferry line at the end of the year."


def split(path: Path) -> tuple[list[Article], list[InputError]]:
    items = list(iter_path(path))
    good = [i for i in items if isinstance(i, Article)]
    bad = [i for i in items if isinstance(i, InputError)]
    assert len(good) + len(bad) == len(items)
    return good, bad


def only_error(path: Path) -> InputError:
    good, bad = split(path)
    assert not good and len(bad) == 1, (good, bad)
    error = bad[0]
    assert str(path) in error.message  # the file is always named
    assert error.accepted  # and what would be accepted
    assert "(accepted: " in error.message
    return error


# --- malformed JSONL ------------------------------------------------------------------------


def test_malformed_jsonl_line_is_reported_and_good_lines_kept(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_text(
        json.dumps({"id": "one", "text": BODY}) + "\n"
        '{"id": "two", "text": "unterminated\n'
        + json.dumps({"id": "three", "text": BODY}) + "\n",
        encoding="utf-8",
    )
    good, bad = split(path)
    assert [a.id for a in good] == ["one", "three"]
    (error,) = bad
    assert error.line == 2
    assert f"{path}:2: malformed JSON" in error.message
    assert '{"id": "two", "text": "unterminated' in error.message  # the bad value is quoted
    assert "one JSON object per line" in error.accepted


def test_jsonl_line_that_is_not_an_object(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps({"text": BODY}) + "\n[1, 2]\n", encoding="utf-8")
    good, (error,) = split(path)
    assert len(good) == 1
    assert error.line == 2 and "JSON list" in error.message and "[1, 2]" in error.message


def test_malformed_json_array_stops_with_the_line(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_text(f'[\n{{"id": "a", "text": "{BODY}"}},\n{{"id": "b" "text": "x"}}\n]', encoding="utf-8")
    good, (error,) = split(path)
    assert [a.id for a in good] == ["a"]
    assert error.line == 3 and "malformed JSON" in error.message and "reading stopped there" in error.message


# --- non-UTF-8 ------------------------------------------------------------------------------

LATIN1 = "Brønnmoor's council voted.".encode("iso-8859-1")


@pytest.mark.parametrize("name", ["a.txt", "a.json", "noext"])
def test_non_utf8_file(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    data = b"Ferry vote\n\n" + LATIN1 if name != "a.json" else b'{"text": "' + LATIN1 + b'"}'
    path.write_bytes(data)
    error = only_error(path)
    assert "not valid UTF-8" in error.message
    assert "b'\\xf8" in error.message  # the offending bytes, quoted
    assert error.line == (3 if name != "a.json" else 1)
    assert "UTF-8" in error.accepted


def test_non_utf8_jsonl_line_keeps_the_other_lines(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_bytes(
        json.dumps({"id": "ok", "text": BODY}).encode() + b"\n" + b'{"text": "' + LATIN1 + b'"}\n'
    )
    good, (error,) = split(path)
    assert [a.id for a in good] == ["ok"]
    assert error.line == 2 and "not valid UTF-8" in error.message


def test_html_without_utf8_or_declared_charset(tmp_path: Path) -> None:
    path = tmp_path / "a.html"
    path.write_bytes(b"<html><body><p>" + LATIN1 * 20 + b"</p></body></html>")
    error = only_error(path)
    assert "not valid UTF-8" in error.message and "charset" in error.accepted


# --- empty files ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["a.txt", "a.jsonl", "a.json", "a.html", "a.rss"])
@pytest.mark.parametrize("content", [b"", b"  \n\n\t \n"])
def test_empty_file(tmp_path: Path, name: str, content: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    error = only_error(path)
    assert "empty" in error.message


# --- HTML with no article -------------------------------------------------------------------


def test_html_with_no_article(tmp_path: Path) -> None:
    path = tmp_path / "a.html"
    links = "".join(f"<li><a href='/n/{i}'>Headline number {i} about the harbour council</a></li>" for i in range(12))
    path.write_text(f"<html><head><title>Index</title></head><body><ul>{links}</ul></body></html>", encoding="utf-8")
    error = only_error(path)
    assert "no article text found" in error.message and error.line is None


# --- unknown formats ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content"),
    [("report.pdf", b"%PDF-1.7\n..."), ("scan", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), ("data.xml", b"<?xml version='1.0'?><catalog/>")],
)
def test_unknown_format(tmp_path: Path, name: str, content: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    error = only_error(path)
    assert isinstance(error, UnknownFormatError)
    assert "cannot tell the format" in error.message
    assert error.accepted == SUPPORTED_FORMATS
    assert ".jsonl" in error.accepted and "directory" in error.accepted


def test_missing_path(tmp_path: Path) -> None:
    error = only_error(tmp_path / "nowhere.jsonl")
    assert "no such file or directory" in error.message


# --- records without text -------------------------------------------------------------------


def test_json_record_without_text(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_text(
        json.dumps({"title": "Headline only", "url": "https://x.example/a"}) + "\n"
        + json.dumps({"title": "Blank", "text": "   "}) + "\n"
        + json.dumps({"title": "Fine", "text": BODY}) + "\n",
        encoding="utf-8",
    )
    good, bad = split(path)
    assert [a.title for a in good] == ["Fine"]
    assert [e.line for e in bad] == [1, 2]
    assert "record has no text (its fields: 'title', 'url')" in bad[0].message
    assert "'text'" in bad[0].accepted and "'html'" in bad[0].accepted


def test_text_file_with_a_title_but_no_body(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("Outlet: Fjord Times\n\nJust a headline\n", encoding="utf-8")
    error = only_error(path)
    assert "no text" in error.message and "title line followed by the article body" in error.accepted


def test_record_of_boilerplate_only(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps({"text": "Advertisement\n\nClick here to subscribe to our newsletter"}) + "\n", encoding="utf-8")
    error = only_error(path)
    assert "no text left after removing promo and syndication lines" in error.message


# --- unparseable dates ----------------------------------------------------------------------


def test_unparseable_date_in_jsonl(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_text(
        json.dumps({"id": "ok", "text": BODY, "published": "2023-11-24"}) + "\n"
        + json.dumps({"id": "bad", "text": BODY, "published": "the day before yesterday"}) + "\n",
        encoding="utf-8",
    )
    good, (error,) = split(path)
    assert [a.id for a in good] == ["ok"]
    assert error.line == 2
    assert "unparseable published date 'the day before yesterday'" in error.message
    assert "ISO 8601 like 2023-11-24" in error.accepted and "RFC 822" in error.accepted


def test_unparseable_date_in_a_text_header_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(f"Outlet: Fjord Times\nPublished: 31/31/2023\n\nFerry vote\n{BODY}\n", encoding="utf-8")
    error = only_error(path)
    assert error.line == 2 and "'31/31/2023'" in error.message


def test_unparseable_date_in_a_feed_entry(tmp_path: Path) -> None:
    path = tmp_path / "a.rss"
    path.write_text(
        '<?xml version="1.0"?>\n<rss version="2.0"><channel><title>Post</title>\n'
        f"<item><guid>g1</guid><pubDate>sometime soon</pubDate><description>{BODY}</description></item>\n"
        "</channel></rss>",
        encoding="utf-8",
    )
    error = only_error(path)
    assert error.line == 3 and "'sometime soon'" in error.message


# --- errors are values, not exceptions ------------------------------------------------------


def test_a_directory_of_mixed_input_yields_every_good_record(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(f"Ferry vote\n{BODY}\n", encoding="utf-8")
    (tmp_path / "empty.jsonl").write_bytes(b"")
    (tmp_path / "bad.json").write_text("{not json", encoding="utf-8")
    (tmp_path / "latin.txt").write_bytes(b"Title\n" + LATIN1)
    good, bad = split(tmp_path)
    assert [a.title for a in good] == ["Ferry vote"]
    assert sorted(Path(e.path).name for e in bad) == ["bad.json", "empty.jsonl", "latin.txt"]
