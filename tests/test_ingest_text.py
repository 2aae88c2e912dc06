"""Plain-text ingest: the header block, the title line, overrides, ids and language."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from storyline.errors import InputError
from storyline.ingest import iter_path
from storyline.models import Article, derive_id

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"

FERRY_BODY = (
    "The harbour council of Brennmoor voted on Thursday to close the north ferry line at the end "
    "of the year, ending a service that has run for more than forty years."
)


def only_article(path: Path, **overrides: object) -> Article:
    items = list(iter_path(path, **overrides))  # type: ignore[arg-type]
    assert len(items) == 1, items
    assert isinstance(items[0], Article), items[0]
    return items[0]


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_header_fields_title_and_body() -> None:
    article = only_article(FIXTURES / "wire_ferry.txt")
    assert article.id == "mw-2023-1124-ferry"
    assert article.title == "Harbour council votes to close north ferry line"
    assert article.outlet == "Meridian Wire"
    assert article.published == date(2023, 11, 24)
    assert article.url == "https://wire.example/2023/11/24/ferry-line"
    assert article.language == "en"
    assert article.text.startswith("BRENNMOOR, Nov 24 (Meridian Wire) - The harbour council")
    assert article.text.endswith("the council published in October.")
    assert article.meta["byline"] == "Ines Varga"
    assert article.meta["header"] == {"desk": "Regional"}
    assert article.meta["credits"] == ["Reporting by Ines Varga; Editing by Tomas Reyes"]
    assert article.source_path == str(FIXTURES / "wire_ferry.txt")
    assert article.source_line == 1


def test_paragraphs_are_separated_by_one_blank_line() -> None:
    article = only_article(FIXTURES / "wire_ferry.txt")
    paragraphs = article.text.split("\n\n")
    assert len(paragraphs) == 3
    assert all(p.strip() == p and p for p in paragraphs)


def test_header_keys_are_case_insensitive_and_aliased(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "a.txt",
        f"SOURCE: Fjord Times\ndate: Nov 24, 2023\nLink: https://fjord.example/a\nHEADLINE: Ferry vote\nauthor: Ola Strand\n\n{FERRY_BODY}\n",
    )
    article = only_article(path)
    assert (article.outlet, article.published, article.url) == ("Fjord Times", date(2023, 11, 24), "https://fjord.example/a")
    # A Title in the header means everything after the header is body.
    assert article.title == "Ferry vote"
    assert article.text == FERRY_BODY
    assert article.meta["byline"] == "Ola Strand"


def test_header_title_repeated_in_body_is_removed(tmp_path: Path) -> None:
    path = write(tmp_path, "a.txt", f"Title: Ferry vote\n\nFerry vote\n\n{FERRY_BODY}\n")
    assert only_article(path).text == FERRY_BODY


def test_without_header_the_first_line_is_the_title(tmp_path: Path) -> None:
    path = write(tmp_path, "a.txt", f"\n\n  Ferry line to close  \n{FERRY_BODY}\n")
    article = only_article(path)
    assert article.title == "Ferry line to close"
    assert article.text == FERRY_BODY
    assert article.outlet is None and article.published is None


def test_a_colon_title_is_not_taken_for_a_header(tmp_path: Path) -> None:
    path = write(tmp_path, "a.txt", f"Breaking: ferry line to close\n\n{FERRY_BODY}\n")
    article = only_article(path)
    assert article.title == "Breaking: ferry line to close"
    assert article.text == FERRY_BODY


def test_leading_date_line_in_the_body_fills_published(tmp_path: Path) -> None:
    article = only_article(FIXTURES / "courier_rewrite.txt")
    assert article.published == date(2023, 11, 25)
    assert article.meta["published_from"] == "text"
    assert "ALSO READ" not in article.text and "Sign up" not in article.text and "Facebook" not in article.text
    assert article.text.startswith("Residents of the northern islands")


def test_overrides_replace_what_the_file_says() -> None:
    article = only_article(FIXTURES / "wire_ferry.txt", outlet="Override Desk", published=date(2024, 1, 2))
    assert article.outlet == "Override Desk"
    assert article.published == date(2024, 1, 2)


def test_published_override_skips_an_unreadable_date(tmp_path: Path) -> None:
    path = write(tmp_path, "a.txt", f"Published: last Thursday\n\nFerry vote\n{FERRY_BODY}\n")
    assert isinstance(next(iter(iter_path(path))), InputError)
    assert only_article(path, published=date(2023, 11, 24)).published == date(2023, 11, 24)


def test_id_is_derived_from_url_else_text(tmp_path: Path) -> None:
    with_url = only_article(write(tmp_path, "a.txt", f"URL: https://fjord.example/a\n\nFerry vote\n{FERRY_BODY}\n"))
    assert with_url.id == derive_id("https://fjord.example/a", with_url.text)
    without = only_article(write(tmp_path, "b.txt", f"Ferry vote\n{FERRY_BODY}\n"))
    assert without.id == derive_id(None, FERRY_BODY)
    # Same content, same id: re-ingesting is idempotent.
    again = only_article(write(tmp_path, "c.txt", f"Ferry vote\n\n{FERRY_BODY}\n\n"))
    assert again.id == without.id


def test_non_english_article_is_yielded_with_its_language(tmp_path: Path) -> None:
    german = (
        "Der Hafenrat von Brennmoor hat am Donnerstag beschlossen, die nördliche Fährlinie zum Jahresende "
        "einzustellen. Die Verbindung bestand seit mehr als vierzig Jahren."
    )
    article = only_article(write(tmp_path, "de.txt", f"Fährlinie wird eingestellt\n{german}\n"))
    assert article.language == "de"
    assert not article.is_english


def test_declared_language_code_is_kept_and_normalised(tmp_path: Path) -> None:
    article = only_article(write(tmp_path, "a.txt", f"Language: EN-gb\n\nFerry vote\n{FERRY_BODY}\n"))
    assert article.language == "en"


def test_short_text_leaves_language_undetected(tmp_path: Path) -> None:
    article = only_article(write(tmp_path, "a.txt", "Ferry vote\nShort one.\n"))
    assert article.language is None
    assert article.is_english  # analysis treats undetected as English


def test_crlf_and_byte_order_mark(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(("\ufeffOutlet: Fjord Times\r\n\r\nFerry vote\r\n" + FERRY_BODY + "\r\n").encode("utf-8"))
    article = only_article(path)
    assert (article.outlet, article.title, article.text) == ("Fjord Times", "Ferry vote", FERRY_BODY)
