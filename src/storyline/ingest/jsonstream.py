"""Stream the records of a JSON file without loading it whole.

Handles a top-level array (each element is yielded as soon as it is parsed), several
top-level values one after another (pretty-printed objects, or JSON Lines saved as .json),
and a single top-level object (yielded whole).

Written over the standard library's ``json.JSONDecoder.raw_decode`` because no streaming
JSON parser is among our dependencies: the buffer holds one record plus one read chunk, so
memory stays flat however long the array. The limit: one record (or a single top-level
object) is held in memory whole.
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Iterator
from typing import Any, BinaryIO

CHUNK = 1 << 16
_WS = re.compile(r"[ \t\n\r]*")
# Within this many characters of the buffer's end a decode error may just mean "cut short".
_TAIL = 32
_decoder = json.JSONDecoder()


class JsonStreamError(ValueError):
    """Malformed JSON or non-UTF-8 bytes at ``line``; nothing after it can be read reliably."""

    def __init__(self, line: int, problem: str) -> None:
        self.line = line
        self.problem = problem
        super().__init__(f"line {line}: {problem}")


class _Buffer:
    """Decoded text read in chunks, with the current position and its line number."""

    def __init__(self, fh: BinaryIO) -> None:
        self.fh = fh
        self.decoder = codecs.getincrementaldecoder("utf-8-sig")("strict")
        self.text = ""
        self.pos = 0
        self.line = 1
        self.eof = False
        self._bytes_newlines = 0

    def more(self) -> bool:
        """Read another chunk (at least as large as what is pending, so re-parsing stays linear)."""
        if self.eof:
            return False
        chunk = self.fh.read(max(CHUNK, len(self.text) - self.pos))
        try:
            new = self.decoder.decode(chunk, final=not chunk)
        except UnicodeDecodeError as e:
            line = self._bytes_newlines + chunk.count(b"\n", 0, e.start) + 1
            bad = chunk[e.start : e.start + 4]
            raise JsonStreamError(line, f"bytes {bad!r} are not valid UTF-8") from e
        self._bytes_newlines += chunk.count(b"\n")
        if not chunk:
            self.eof = True
        self.text = self.text[self.pos :] + new
        self.pos = 0
        return True

    def advance_to(self, index: int) -> None:
        self.line += self.text.count("\n", self.pos, index)
        self.pos = index

    def skip_ws(self) -> str:
        """Skip whitespace; the next character, or "" at the end of the file."""
        while True:
            match = _WS.match(self.text, self.pos)
            assert match is not None  # the pattern matches the empty string
            self.advance_to(match.end())
            if self.pos < len(self.text):
                return self.text[self.pos]
            if not self.more():
                return ""

    def value(self) -> tuple[int, Any]:
        """Decode the JSON value at the current position: its first line and the value."""
        start_line = self.line
        while True:
            try:
                value, end = _decoder.raw_decode(self.text, self.pos)
            except json.JSONDecodeError as e:
                maybe_cut = e.pos >= len(self.text) - _TAIL or e.msg.startswith("Unterminated string")
                if maybe_cut and self.more():
                    continue
                line = self.line + self.text.count("\n", self.pos, e.pos)
                near = self.text[e.pos : e.pos + 40]
                raise JsonStreamError(line, f"malformed JSON ({e.msg}) near {near!r}") from e
            # A number that ends exactly at the buffer's end may continue in the next chunk.
            if end == len(self.text) and isinstance(value, int | float) and self.more():
                continue
            self.advance_to(end)
            return start_line, value


def iter_json(fh: BinaryIO) -> Iterator[tuple[int, Any, bool]]:
    """Yield ``(line, value, in_array)`` for each record of a JSON file.

    ``in_array`` is True for elements of a top-level array and False for a top-level value.

    Raises:
        JsonStreamError: at the first malformed value or non-UTF-8 byte; records before it
            have been yielded.
    """
    buf = _Buffer(fh)
    while True:
        char = buf.skip_ws()
        if not char:
            return
        if char != "[":
            line, value = buf.value()
            yield line, value, False
            continue
        buf.advance_to(buf.pos + 1)
        if buf.skip_ws() == "]":
            buf.advance_to(buf.pos + 1)
            continue
        while True:
            line, value = buf.value()
            yield line, value, True
            char = buf.skip_ws()
            if char == ",":
                buf.advance_to(buf.pos + 1)
                buf.skip_ws()
                continue
            if char == "]":
                buf.advance_to(buf.pos + 1)
                break
            found = repr(char) if char else "the end of the file"
            raise JsonStreamError(buf.line, f"expected ',' or ']' after an array element, found {found}")
