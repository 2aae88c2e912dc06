"""Temporal expressions: find them in English news text and resolve them to TIMEX3 values.

``extract(text, dct, doc)`` is the entry point; see :mod:`storyline.temporal.extract`.
"""

from storyline.temporal.extract import Timex, extract

__all__ = ["Timex", "extract"]
