"""Every bad-input case through the real command, on both backends: a clear message naming the file
(and line), a non-zero exit, no traceback; good records stored by default and nothing with --strict."""

import json

import pytest
from typer.testing import CliRunner

from storyline.cli import app
from storyline.store import open_store

runner = CliRunner()

GOOD = {"id": "good-1", "outlet": "Meridian Wire", "published": "2023-11-21", "title": "Harbour strike",
        "text": "Harbour workers in Port Calder walked out on Tuesday, and the union said talks would resume soon."}

# name -> (file name, bytes, text expected in the message)
CASES = {
    "malformed_jsonl_line": ("bad.jsonl", (json.dumps({**GOOD, "id": "j1", "text": "A second report: the ferry to Brennmoor was cancelled again on Wednesday."}) + '\n{"id": "j2", "text": \n').encode(), "bad.jsonl:2"),
    "non_utf8": ("latin.txt", "Titel\n\nDer Hafen von Calder ist geschlossen, sagte der Bürgermeister.".encode("latin-1"), "latin.txt"),
    "empty_file": ("empty.jsonl", b"", "empty.jsonl"),
    "html_without_article": ("nav.html", b"<html><head><title>x</title></head><body><nav><a href='/'>Home</a></nav></body></html>", "nav.html"),
    "unknown_format": ("notes.pdf", b"%PDF-1.4 binary", "notes.pdf"),
    "record_without_text": ("notext.jsonl", (json.dumps({"id": "t1", "title": "Only a title", "outlet": "X"}) + "\n").encode(), "notext.jsonl:1"),
    "unparseable_date": ("baddate.jsonl", (json.dumps({**GOOD, "id": "d1", "published": "the day after the storm"}) + "\n").encode(), "baddate.jsonl:1"),
}


def _setup(tmp_path, case):
    """A folder with one good file and the bad one; returns the paths to name on the command line.

    A directory walk reads only known extensions, so a file of unknown format is named directly.
    """
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.jsonl").write_text(json.dumps(GOOD) + "\n", encoding="utf-8")
    name, content, expected = CASES[case]
    if case == "unknown_format":
        bad = tmp_path / name
        bad.write_bytes(content)
        return [str(folder), str(bad)], expected
    (folder / name).write_bytes(content)
    return [str(folder)], expected


def _ids(url):
    with open_store(url) as store:
        return {a.id for a in store.iter_articles()}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input_lenient(tmp_path, store_url, case):
    paths, expected = _setup(tmp_path, case)
    result = runner.invoke(app, ["ingest", *paths, "--db", store_url])
    assert result.exit_code == 1, result.output
    assert expected in result.output.replace("\n", "")
    assert "accepted" in result.output
    assert "Traceback" not in result.output
    assert "good-1" in _ids(store_url)


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input_strict_writes_nothing(tmp_path, store_url, case):
    paths, expected = _setup(tmp_path, case)
    result = runner.invoke(app, ["ingest", *paths, "--db", store_url, "--strict"])
    assert result.exit_code == 1, result.output
    assert expected in result.output.replace("\n", "")
    assert _ids(store_url) == set()
