"""The web app (``storyline serve``): server-rendered pages, each with a JSON twin."""

from storyline.web.app import create_app

__all__ = ["create_app"]
