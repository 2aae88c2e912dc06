"""Docs are tested: every CLI command and option appears in docs/cli.md, every bundle section in docs/bundle.md."""

from pathlib import Path

import pytest
import typer.main

from storyline.bundle import SECTIONS
from storyline.cli import app

ROOT = Path(__file__).resolve().parents[1]


def _commands(group, prefix=""):
    for name, sub in sorted(getattr(group, "commands", {}).items()):
        full = f"{prefix} {name}".strip()
        if getattr(sub, "commands", None):
            yield from _commands(sub, full)
        else:
            yield full, sub


COMMANDS = list(_commands(typer.main.get_command(app)))


@pytest.mark.parametrize("name, command", COMMANDS, ids=[n for n, _ in COMMANDS])
def test_command_and_options_documented(name, command):
    docs = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    heading = f"## `storyline {name}`"
    assert heading in docs, f"{heading} missing from docs/cli.md (run scripts/cli_reference.py)"
    section = docs.split(heading, 1)[1].split("\n## ", 1)[0]
    for param in command.params:
        if param.param_type_name == "option":
            for opt in param.opts:
                assert f"`{opt}`" in section, f"{opt} of `storyline {name}` is not documented in docs/cli.md"


def test_readme_names_every_top_level_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in {n.split()[0] for n, _ in COMMANDS}:
        assert f"storyline {name}" in readme, f"README.md does not mention `storyline {name}`"


@pytest.mark.parametrize("section", SECTIONS)
def test_bundle_sections_documented(section):
    docs = (ROOT / "docs" / "bundle.md").read_text(encoding="utf-8")
    assert f"`{section}`" in docs
