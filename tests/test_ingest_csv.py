"""CSV and TSV ingest: header names mapped as JSON fields are, --columns, and errors that name the line."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from storyline import engine
from storyline.errors import InputError, StorylineError
from storyline.ingest import iter_path
from storyline.models import Article

BODY = "The harbour council voted on Thursday to close the north ferry line at the end of the year."


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_spreadsheet_rows_with_common_names(tmp_path: Path) -> None:
    path = write(tmp_path, "sheet.csv", f'title,body,date,source,link\nFerry vote,"{BODY}",2023-11-24,Harbour Post,https://post.example/a\n')
    (article,) = list(iter_path(path))
    assert isinstance(article, Article), article
    assert (article.title, article.outlet, article.published, article.url) == (
        "Ferry vote", "Harbour Post", date(2023, 11, 24), "https://post.example/a"
    )
    assert article.source_line == 2


def test_semicolons_tabs_and_multi_line_cells(tmp_path: Path) -> None:
    semi = write(tmp_path, "semi.csv", f'title;text\nA;"{BODY}\n\nSecond paragraph of the story."\nB;"{BODY}"\n')
    first, second = list(iter_path(semi))
    assert isinstance(first, Article) and first.text.endswith("Second paragraph of the story.")
    assert isinstance(second, Article) and second.source_line == 5  # the row after a 3-line cell
    tsv = write(tmp_path, "rows.tsv", f"title\ttext\nA\t{BODY}\n")
    assert isinstance(next(iter(iter_path(tsv))), Article)


def test_large_fields_are_allowed(tmp_path: Path) -> None:
    long_text = " ".join([BODY] * 3000)  # ~270 KB, over csv's default 128 KiB field limit
    path = write(tmp_path, "big.csv", f'title,text\nBig,"{long_text}"\n')
    (article,) = list(iter_path(path))
    assert isinstance(article, Article) and len(article.text) > 200_000


def test_columns_name_other_headers(tmp_path: Path) -> None:
    path = write(tmp_path, "odd.csv", f"headline_txt,story_body,when\nFerry vote,{BODY},2023-11-24\n")
    (error,) = list(iter_path(path))
    assert isinstance(error, InputError) and error.line == 2 and "no text" in error.message
    columns = engine.parse_columns("text=story_body, published=when")
    (article,) = list(iter_path(path, columns=columns))
    assert isinstance(article, Article), article
    assert article.text == BODY and article.published == date(2023, 11, 24)
    assert article.title == ""  # headline_txt was not named


def test_columns_apply_to_json_too(tmp_path: Path) -> None:
    path = write(tmp_path, "a.jsonl", '{"story_body": "%s", "when": "2023-11-24"}\n' % BODY)
    (article,) = list(iter_path(path, columns={"text": "story_body", "published": "when"}))
    assert isinstance(article, Article) and article.published == date(2023, 11, 24)


@pytest.mark.parametrize("spec", ["text", "body=text", "text=", "words=body"])
def test_bad_columns_spec_says_what_is_accepted(spec: str) -> None:
    with pytest.raises(StorylineError, match="FIELD=COLUMN"):
        engine.parse_columns(spec)


def test_column_named_but_missing_from_the_header(tmp_path: Path) -> None:
    path = write(tmp_path, "a.csv", f"title,text\nA,{BODY}\n")
    (error,) = list(iter_path(path, columns={"text": "story"}))
    assert isinstance(error, InputError)
    assert error.line == 1 and "'story'" in error.message and "'title', 'text'" in error.message


def test_bad_rows_name_file_and_line_and_good_rows_go_on(tmp_path: Path) -> None:
    path = write(tmp_path, "a.csv", f'title,text\nA,{BODY}\nB,{BODY},extra\nC,\nD,"{BODY}"\n')
    items = list(iter_path(path))
    assert [type(i).__name__ for i in items] == ["Article", "InputError", "InputError", "Article"]
    wide, empty = items[1], items[2]
    assert isinstance(wide, InputError) and wide.line == 3 and "3 cells" in wide.message and str(path) in wide.message
    assert "first row names the columns" in wide.accepted
    assert isinstance(empty, InputError) and empty.line == 4 and "no text" in empty.message


def test_unterminated_quote_stops_reading_and_says_where(tmp_path: Path) -> None:
    path = write(tmp_path, "a.csv", f'title,text\nA,{BODY}\nB,"{BODY}\n')
    items = list(iter_path(path))
    assert isinstance(items[0], Article)
    error = items[-1]
    assert isinstance(error, InputError) and error.line == 3 and "reading stopped there" in error.message


def test_header_only_and_not_utf8(tmp_path: Path) -> None:
    (error,) = list(iter_path(write(tmp_path, "h.csv", "title,text\n")))
    assert isinstance(error, InputError) and "no rows" in error.message
    latin = tmp_path / "l.csv"
    latin.write_bytes(f"title,text\nCaf\xe9,{BODY}\n".encode("latin-1"))
    errors = [i for i in iter_path(latin) if isinstance(i, InputError)]
    assert errors and "UTF-8" in errors[0].message


def test_columns_option_on_the_command_line(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from storyline.cli import app

    path = write(tmp_path, "odd.csv", f"headline_txt,story_body\nFerry vote,{BODY}\n")
    db = str(tmp_path / "c.db")
    runner = CliRunner()
    refused = runner.invoke(app, ["ingest", str(path), "--db", db, "--quiet"])
    assert refused.exit_code == 1
    ok = runner.invoke(app, ["ingest", str(path), "--db", db, "--quiet", "--columns", "text=story_body,title=headline_txt"])
    assert ok.exit_code == 0, ok.output
    bad = runner.invoke(app, ["ingest", str(path), "--db", db, "--columns", "body"])
    assert bad.exit_code == 2 and "FIELD=COLUMN" in bad.output
