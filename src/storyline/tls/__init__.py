"""Timeline summarisation: pick the days that matter in a collection and tell each in a sentence.

The summariser works on plain records (:class:`TlsSentence`), so the ``timeline`` stage and the
Timeline17 evaluation run exactly the same code.
"""

from storyline.tls.days import days_named, value_day
from storyline.tls.model import TlsConfig, TlsEntry, TlsSentence
from storyline.tls.summarize import build_timeline, with_length
from storyline.tls.display import display_text

__all__ = [
    "TlsConfig",
    "TlsEntry",
    "TlsSentence",
    "build_timeline",
    "days_named",
    "display_text",
    "value_day",
    "with_length",
]
