"""``storyline train …`` commands: fit a model shipped inside the package from public gold data.

Each command only parses options, calls one training function (which returns plain data) and
prints it.
"""

from __future__ import annotations

import typer

train_app = typer.Typer(help="Train the models shipped inside the package from public gold data.", no_args_is_help=True)


@train_app.command("quotes")
def quotes_cmd(
    data: str = typer.Option(..., "--data", help="PolNeAR's folder (with train/ and dev/, each holding text/ and attributions/)."),
    out: str = typer.Option(None, "--out", help="Where to write the model (default: inside the package, where it ships)."),
    cache_dir: str = typer.Option(".cache/quotes-eval", "--cache-dir", help="Cache of parsed documents ('' for none)."),
    limit: int = typer.Option(None, "--limit", help="Read only the first N annotation files of each split (a quick check)."),
) -> None:
    """The attribution model: fit on PolNeAR train, select on PolNeAR dev, write it with its card."""
    from rich.console import Console

    from storyline.errors import StorylineError
    from storyline.eval.train_quotes import train
    from storyline.quotes.model import MODEL_PATH

    console = Console()
    try:
        result = train(data, out or MODEL_PATH, cache_dir=cache_dir or None, limit=limit, progress=console.print)
    except StorylineError as e:
        console.print(f"[red]error:[/red] {e}")
        raise typer.Exit(2) from None
    dev = result["dev"]
    console.print(
        f"wrote {result['out']} ({result['bytes'] / 1e6:.2f} MB) and its model card in {result['seconds']:.0f} s: "
        f"threshold {result['threshold']}, rule floor {result['rule_floor']}, C {result['c']}; dev content F1 {dev['all']['f1']:.3f}, speaker {dev['speaker']:.3f}"
    )
