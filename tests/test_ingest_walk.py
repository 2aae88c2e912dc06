"""Directory walks: which files are read, in which order, and format detection."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storyline.errors import InputError
from storyline.ingest import iter_path, walk
from storyline.ingest.detect import detect_format, sniff
from storyline.models import Article

BODY = "The harbour council voted on Thursday to close the north ferry line at the end of the year."
CORPUS = Path(__file__).parent.parent / "examples" / "corpus"


def make_tree(root: Path) -> None:
    files = {
        "b/2.txt": f"Second\n{BODY}\n",
        "b/1.txt": f"First\n{BODY}\n",
        "b/notice-of-strike.txt": f"Strike notice\n{BODY}\n",  # not a NOTICE file
        "a.jsonl": json.dumps({"id": "j", "title": "Json", "text": BODY}) + "\n",
        "feed.xml": (
            '<?xml version="1.0"?><rss version="2.0"><channel><title>Post</title>'
            f"<item><guid>x</guid><title>Feed</title><description>{BODY}</description></item></channel></rss>"
        ),
        # never read in a walk:
        "gold.json": json.dumps({"duplicates": []}),
        "dev-gold.jsonl": json.dumps({"text": BODY}) + "\n",
        "README.md": "# Our corpus\n",
        "README.txt": "About this corpus\nIt is fiction.\n",
        "LICENSE": "All rights reserved.\n",
        "notes.md": "# Notes\n",
        "articlewithoutextension": f"Title\n{BODY}\n",
        ".hidden.txt": f"Hidden\n{BODY}\n",
        ".git/config.txt": f"Hidden dir\n{BODY}\n",
        "c/image.png": "\x89PNG",
    }
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")


def test_public_names_exist() -> None:
    import storyline.ingest as ingest

    assert ingest.__all__
    for name in ingest.__all__:
        assert hasattr(ingest, name), name


def test_walk_reads_supported_files_in_sorted_order(tmp_path: Path) -> None:
    make_tree(tmp_path)
    walked = [p.relative_to(tmp_path).as_posix() for p in walk(tmp_path) if isinstance(p, Path)]
    assert walked == ["a.jsonl", "b/1.txt", "b/2.txt", "b/notice-of-strike.txt", "feed.xml"]
    items = list(iter_path(tmp_path))
    assert all(isinstance(i, Article) for i in items), items
    assert [a.title for a in items] == ["Json", "First", "Second", "Strike notice", "Feed"]  # type: ignore[union-attr]


def test_a_file_named_explicitly_is_read_whatever_the_walk_rule(tmp_path: Path) -> None:
    make_tree(tmp_path)
    (article,) = list(iter_path(tmp_path / "articlewithoutextension"))  # sniffed as text
    assert isinstance(article, Article) and article.title == "Title"
    (gold,) = list(iter_path(tmp_path / "dev-gold.jsonl"))
    assert isinstance(gold, Article)


def test_directory_with_nothing_readable(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("# nothing\n", encoding="utf-8")
    (error,) = list(iter_path(tmp_path))
    assert isinstance(error, InputError)
    assert "holds no file storyline reads" in error.message and ".jsonl" in error.accepted


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (b'<?xml version="1.0"?>\n<rss version="2.0">', "feed"),
        (b"<feed xmlns='http://www.w3.org/2005/Atom'>", "feed"),
        (b"\xef\xbb\xbf  <!DOCTYPE html><html>", "html"),
        (b'{"text": "a"}\n{"text": "b"}\n', "jsonl"),
        (b'{"text": "a"}\n', "json"),
        (b'[\n {"text": "a"}\n]', "json"),
        (b"Title\nBody text.", "text"),
        (b"\x00\x01binary", None),
        (b"<?xml version='1.0'?><catalog/>", None),
    ],
)
def test_sniff(head: bytes, expected: str | None) -> None:
    assert sniff(head) == expected


def test_extension_decides_unless_content_must(tmp_path: Path) -> None:
    cases = {"a.htm": "<p>x</p>", "a.rss": "<rss/>", "b.jsonl": '[{"text": "a"},\n{"text": "b"}]', "c.json": '{"a": 1}\n{"b": 2}\n'}
    for name, content in cases.items():
        (tmp_path / name).write_text(content, encoding="utf-8")
    assert detect_format(tmp_path / "a.htm") == "html"
    assert detect_format(tmp_path / "a.rss") == "feed"
    assert detect_format(tmp_path / "b.jsonl") == "json"  # a pretty array saved as .jsonl
    assert detect_format(tmp_path / "c.json") == "jsonl"  # JSON Lines saved as .json
    (tmp_path / "x.docx").write_bytes(b"PK\x03\x04")
    assert detect_format(tmp_path / "x.docx") is None


@pytest.mark.skipif(not CORPUS.is_dir(), reason="examples/corpus is not in this checkout")
def test_sample_corpus_ingests_cleanly_without_its_gold_or_readme() -> None:
    items = list(iter_path(CORPUS))
    errors = [i for i in items if isinstance(i, InputError)]
    assert not errors, [e.message for e in errors]
    sources = {Path(a.source_path or "").name for a in items if isinstance(a, Article)}
    assert sources and "gold.json" not in sources and "README.md" not in sources


def test_unsupported_types_in_a_folder_are_warned_once_grouped_by_extension(tmp_path: Path) -> None:
    from collections import Counter

    from storyline import engine
    from storyline.store import open_store

    make_tree(tmp_path)
    (tmp_path / "c" / "other.png").write_bytes(b"\x89PNG")
    (tmp_path / "c" / "scan.pdf").write_bytes(b"%PDF")
    skipped: Counter[str] = Counter()
    list(iter_path(tmp_path, skipped=skipped))
    # README.md, LICENSE, gold files and hidden files are skipped by rule, not for their type.
    assert skipped == Counter({".png": 2, ".pdf": 1, ".md": 1, "(no extension)": 1})
    with open_store(str(tmp_path / "w.db")) as store:
        report = engine.ingest(store, [tmp_path, tmp_path / "b"])
    warned = [w for w in report.warnings if "types storyline does not read" in w]
    assert len(warned) == 1
    assert ".md (1)" in warned[0] and ".pdf (1)" in warned[0] and ".png (2)" in warned[0] and ".csv" in warned[0]


def test_csv_files_in_a_folder_are_read(tmp_path: Path) -> None:
    (tmp_path / "rows.csv").write_text(f"title,text\nRow,{BODY}\n", encoding="utf-8")
    (article,) = list(iter_path(tmp_path))
    assert isinstance(article, Article) and article.title == "Row"
