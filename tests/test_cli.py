"""The command line: exit codes, messages without tracebacks, --db / STORYLINE_DB, and a killed ingest."""

import json
import os
import re
import signal
import subprocess
import sys
import time

import pytest
from typer.testing import CliRunner

from storyline.cli import app
from storyline.store import open_store

runner = CliRunner()

GOOD_TXT = """Id: wire-1
Outlet: Meridian Wire
Published: 2023-11-21

Harbour workers walk out in Port Calder

Harbour workers in Port Calder walked out on Tuesday, union leader Alma Reyes said.

"We have waited long enough," Reyes said.
"""


def _write(path, text):
    path.write_text(text, encoding="utf-8")
    return path


def _jsonl(path, rows, bad_line=None):
    lines = [json.dumps(r) for r in rows]
    if bad_line is not None:
        lines.insert(bad_line, '{"id": "broken", "text": ')
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _rows(n, prefix="r"):
    return [
        {"id": f"{prefix}{i}", "outlet": "Northern Ledger", "published": "2023-11-22", "title": f"Story {i}",
         "text": f"Report number {i} from Brennmoor, where the river rose again on Wednesday and crews kept working."}
        for i in range(n)
    ]


@pytest.mark.parametrize("command", [[], ["ingest"], ["analyze"], ["export"], ["stats"], ["summary"], ["serve"], ["eval"]])
def test_help_everywhere(command):
    result = runner.invoke(app, [*command, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage" in result.output


def test_ingest_ok_and_idempotent(tmp_path, store_url):
    src = _write(tmp_path / "a.txt", GOOD_TXT)
    first = runner.invoke(app, ["ingest", str(src), "--db", store_url])
    assert first.exit_code == 0, first.output
    assert "1 added" in first.output
    second = runner.invoke(app, ["ingest", str(src), "--db", store_url])
    assert second.exit_code == 0
    assert "0 added" in second.output and "1 unchanged" in second.output


def test_rejected_record_exit_1_and_good_ones_kept(tmp_path, store_url):
    src = _jsonl(tmp_path / "feed.jsonl", _rows(3), bad_line=1)
    result = runner.invoke(app, ["ingest", str(src), "--db", store_url])
    assert result.exit_code == 1
    assert f"{src}:2" in result.output  # the file and line of the bad record
    assert "Traceback" not in result.output
    with open_store(store_url) as store:
        assert store.count_articles() == 3


def test_strict_writes_nothing(tmp_path, store_url):
    src = _jsonl(tmp_path / "feed.jsonl", _rows(3), bad_line=2)
    result = runner.invoke(app, ["ingest", str(src), "--db", store_url, "--strict"])
    assert result.exit_code == 1
    with open_store(store_url) as store:
        assert store.count_articles() == 0


def test_missing_path_is_usage_error(tmp_path):
    result = runner.invoke(app, ["ingest", str(tmp_path / "nope.txt"), "--db", str(tmp_path / "x.db")])
    assert result.exit_code == 2
    assert "nope.txt" in result.output


def test_bad_published_override_is_usage_error(tmp_path):
    src = _write(tmp_path / "a.txt", GOOD_TXT)
    result = runner.invoke(app, ["ingest", str(src), "--db", str(tmp_path / "x.db"), "--published", "last Tuesday"])
    assert result.exit_code == 2
    assert "YYYY-MM-DD" in result.output


def test_unreachable_database_exit_3(tmp_path):
    src = _write(tmp_path / "a.txt", GOOD_TXT)
    result = runner.invoke(app, ["ingest", str(src), "--db", "postgresql://nobody@127.0.0.1:1/none"])
    assert result.exit_code == 3
    assert "Traceback" not in result.output
    assert "127.0.0.1:1" in result.output


def test_env_var_selects_database(tmp_path, monkeypatch):
    db = tmp_path / "env.db"
    monkeypatch.setenv("STORYLINE_DB", str(db))
    src = _write(tmp_path / "a.txt", GOOD_TXT)
    assert runner.invoke(app, ["ingest", str(src)]).exit_code == 0
    assert db.exists()


def test_export_needs_a_target(tmp_path):
    result = runner.invoke(app, ["export", "--db", str(tmp_path / "x.db")])
    assert result.exit_code == 2
    assert "--json" in result.output


def test_analyze_writes_valid_bundle_and_report(tmp_path, store_url):
    src = _write(tmp_path / "a.txt", GOOD_TXT)
    out_json, out_html = tmp_path / "s.json", tmp_path / "s.html"
    result = runner.invoke(app, ["analyze", str(src), "--db", store_url, "--json", str(out_json), "--html", str(out_html), "--quiet"])
    assert result.exit_code == 0, result.output
    data = json.loads(out_json.read_text(encoding="utf-8"))
    assert data["schema"] == "storyline/1"
    assert [a["id"] for a in data["articles"]] == ["wire-1"]
    assert out_html.read_text(encoding="utf-8").startswith("<!doctype html>")
    stats = runner.invoke(app, ["stats", "--db", store_url, "--json"])
    assert stats.exit_code == 0
    assert '"articles": 1' in stats.output
    plain = runner.invoke(app, ["stats", "--db", store_url], env={"COLUMNS": "200"})
    assert plain.exit_code == 0, plain.output
    # readable lines and a per-stage table, not "key: value, key: value" dumps
    assert re.search(r"outlets\s+Meridian Wire 1 *\n", plain.output) and re.search(r"languages\s+en 1 *\n", plain.output)
    assert re.search(r"articles\s+1 \(1 analysable\)", plain.output)
    assert "results per stage" in plain.output and re.search(r"│ article\s+│ 1\s+│\s+1 │", plain.output)
    assert "outlet:" not in plain.output and "stage:" not in plain.output
    summary = runner.invoke(app, ["summary", "--db", store_url])
    assert summary.exit_code == 0, summary.output
    # one article, one outlet: counts of one read in the singular
    assert "1 article from 1 outlet:" in summary.output
    assert "1 articles" not in summary.output and "1 outlets" not in summary.output


@pytest.mark.parametrize(("n", "many", "text"), [
    (1, "articles", "1 article"), (2, "articles", "2 articles"), (0, "failures", "0 failures"),
    (1, "stories", "1 story"), (1, "copies", "1 copy"), (1, "series", "1 series"), (1, "entities", "1 entity"),
])
def test_counts_read_in_the_singular_for_one(n, many, text):
    from storyline.cli_text import count as _count

    assert _count(n, many) == text


def test_killed_ingest_leaves_store_consistent(tmp_path):
    """SIGKILL an ingest midway: stored batches are whole, and a re-run completes without duplicates."""
    n = 6000
    src = _jsonl(tmp_path / "big.jsonl", _rows(n, prefix="k"))
    db = tmp_path / "kill.db"
    cmd = [sys.executable, "-m", "storyline", "ingest", str(src), "--db", str(db), "--quiet"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    # Wait until at least one batch is committed, then kill without warning.
    while time.monotonic() < deadline and proc.poll() is None:
        if db.exists():
            with open_store(str(db)) as store:
                if store.count_articles() > 0:
                    break
        time.sleep(0.05)
    if proc.poll() is None:
        os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    with open_store(str(db)) as store:
        partial = store.count_articles()
        assert partial % 200 == 0 or partial == n  # whole batches only
    rerun = subprocess.run(cmd, capture_output=True, text=True)
    assert rerun.returncode == 0, rerun.stderr
    with open_store(str(db)) as store:
        assert store.count_articles() == n
