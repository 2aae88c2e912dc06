"""The error tree of storyline.

Every error a user can cause is a subclass of :class:`StorylineError`; the CLI turns
these into a one-paragraph message and an exit code, never a traceback.

    StorylineError
    ├── InputError            bad input: names the file, the line and what would be accepted
    │   └── UnknownFormatError
    ├── StoreError            the database
    │   └── StoreUnavailableError   a URL that cannot be reached or opened
    ├── PipelineError         stage registration and ordering
    └── BundleError           an exported bundle that fails its JSON Schema
"""

from __future__ import annotations

from pathlib import Path


class StorylineError(Exception):
    """Base class for every error storyline raises on purpose."""


class InputError(StorylineError):
    """A record or file that cannot be ingested.

    Args:
        path: the file the bad input came from.
        line: 1-based line number (or record number for formats without lines), or None.
        problem: what is wrong, quoting the bad value.
        accepted: what would have been accepted instead.
    """

    def __init__(self, path: str | Path, line: int | None, problem: str, accepted: str = "") -> None:
        self.path = str(path)
        self.line = line
        self.problem = problem
        self.accepted = accepted
        super().__init__(self.message)

    @property
    def message(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else self.path
        text = f"{where}: {self.problem}"
        if self.accepted:
            text += f" (accepted: {self.accepted})"
        return text


class UnknownFormatError(InputError):
    """A file whose format storyline cannot recognise."""


class StoreError(StorylineError):
    """A database operation failed."""


class StoreUnavailableError(StoreError):
    """The database URL cannot be reached or opened."""


class PipelineError(StorylineError):
    """A stage is registered twice, or its requirements are not met by earlier stages."""


class BundleError(StorylineError):
    """An exported bundle does not validate against the storyline/1 JSON Schema."""
