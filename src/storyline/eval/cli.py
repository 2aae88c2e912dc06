"""``storyline eval …`` commands: each reads a public gold set from --data and prints its measures.

Each evaluation module adds one command here; the command only parses options, calls the
module's ``run`` function (which returns plain data) and prints it.
"""

from __future__ import annotations

import typer

eval_app = typer.Typer(help="Measure quality against public gold data read from a path.", no_args_is_help=True)
