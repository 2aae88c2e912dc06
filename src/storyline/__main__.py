"""``python -m storyline``: run the CLI as a module (used by tests that start a real process)."""

from storyline.cli import app

if __name__ == "__main__":
    app()
