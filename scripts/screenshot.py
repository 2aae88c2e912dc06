"""Make docs/img/story.png, the README's picture of the story page, from the sample corpus.

    .venv/bin/python scripts/screenshot.py [--out docs/img/story.png] [--db analysed.db]

Analyses examples/corpus into a temporary database (unless --db names an analysed one), serves it,
and photographs the story whose figures chart has the most points with headless Debian chromium.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "img" / "story.png")
    parser.add_argument("--db", help="an analysed database (default: analyse the sample corpus)")
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=1500)
    args = parser.parse_args()
    if not Path(CHROMIUM).exists():
        print(f"{CHROMIUM} is missing: run `bash scripts/install-browser.sh` first", file=sys.stderr)
        return 2

    from playwright.sync_api import sync_playwright

    from storyline import engine
    from storyline.store import open_store
    from storyline.web import create_app
    from storyline.web.server import BackgroundServer

    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or str(Path(tmp) / "corpus.db")
        if args.db is None:
            with open_store(db) as store:
                engine.ingest(store, [ROOT / "examples" / "corpus"])
                engine.analyze(store)
        with BackgroundServer(create_app(db)) as server, sync_playwright() as playwright:
            stories = httpx.get(f"{server.url}/index.json", timeout=60).json()["stories"]
            if not stories:
                print("the analysed corpus has no stories to photograph", file=sys.stderr)
                return 1

            def points(story: dict) -> int:
                data = httpx.get(f"{server.url}/story/{story['id']}.json", timeout=60).json()
                return sum(u["points"] for u in data["figures"]["units"])

            story = max(stories, key=points)
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            page = browser.new_page(viewport={"width": args.width, "height": args.height}, device_scale_factor=1)
            page.goto(f"{server.url}/story/{story['id']}")
            page.locator("svg.chart").first.wait_for()
            args.out.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(args.out))
            browser.close()
    print(f"wrote {args.out} (story {story['title']!r})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
