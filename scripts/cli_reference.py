"""Print docs/cli.md's command reference from the CLI itself: `python scripts/cli_reference.py > docs/cli.md`.

tests/test_docs.py fails when a command or option is missing from docs/cli.md, so re-run this after
changing the CLI (and re-read the result: the help texts are the documentation).
"""

from __future__ import annotations

import click
import typer.main

from storyline.cli import app

HEADER = """# Command reference

Generated from the CLI's own help by `scripts/cli_reference.py`; `tests/test_docs.py` fails when a
command or option is missing here. Every command also answers `--help`.

Every command that opens a database takes `--db URL` or reads `STORYLINE_DB`; the default is
`./storyline.db`. Exit codes: `0` ok · `1` some input was rejected · `2` usage error · `3` the database
could not be reached or opened · `4` the analysis finished but some articles failed a stage (`1` wins when
input was also rejected).
"""


def commands(group: click.Command, prefix: str = "") -> list[tuple[str, click.Command]]:
    """Every leaf command under ``group`` with its full name, sorted."""
    found = []
    for name, sub in sorted(getattr(group, "commands", {}).items()):
        full = f"{prefix} {name}".strip()
        if getattr(sub, "commands", None):
            found.extend(commands(sub, full))
        else:
            found.append((full, sub))
    return found


def render() -> str:
    lines = [HEADER]
    for name, cmd in commands(typer.main.get_command(app)):
        lines.append(f"## `storyline {name}`\n")
        lines.append(" ".join((cmd.help or "").strip().split("\n\n")[0].split()) + "\n")
        lines.append("| argument or option | what |\n|---|---|")
        for param in cmd.params:
            if param.param_type_name == "argument":
                many = "..." if param.nargs == -1 else ""
                lines.append(f"| `{param.name.upper()}{many}` | positional |")
            else:
                opts = ", ".join(f"`{o}`" for o in param.opts)
                text = " ".join((param.help or "").split()).replace("|", r"\|")
                lines.append(f"| {opts} | {text} |")
        lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    print(render(), end="")
