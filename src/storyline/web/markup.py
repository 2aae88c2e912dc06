"""Article text with annotated spans (dates, quotes, figures, entities, shared passages) as HTML.

Spans may nest (a date inside a quote) or cross (a shared passage that ends inside a quote). HTML
elements must nest, so a crossing span is closed and reopened around the boundary; every piece keeps
the span's attributes, only its first piece carries the ``id``, pieces after the first get the class
``cont`` and pieces before the last the class ``split`` (so a label is drawn once, not on every piece).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from html import escape

from markupsafe import Markup


@dataclass(frozen=True)
class Span:
    """One annotation: ``text[start:end]`` wrapped in ``<tag class="kind" ...attrs>``.

    ``rank`` orders spans that start together: a lower rank is the outer element.
    """

    start: int
    end: int
    kind: str
    attrs: Mapping[str, str | None] = field(default_factory=dict)  # a None value leaves the attribute out
    tag: str = "mark"
    rank: int = 0


def _open(span: Span, first: bool, split: bool = False) -> str:
    kind = span.kind + ("" if first else " cont") + (" split" if split else "")
    attrs = {"class": kind, **span.attrs}
    if not first:
        attrs.pop("id", None)
    rendered = "".join(f' {name}="{escape(str(value), quote=True)}"' for name, value in attrs.items() if value is not None)
    return f"<{span.tag}{rendered}>"


def annotate(text: str, spans: Iterable[Span]) -> Markup:
    """``text`` escaped, with every valid span wrapped in its element (see the module docstring).

    Spans outside the text or empty are skipped, never an error: offsets come from stored analysis
    results, and a page must still render when one of them is off.
    """
    valid = sorted(
        (s for s in spans if 0 <= s.start < s.end <= len(text)),
        key=lambda s: (s.start, -s.end, s.rank),
    )
    bounds = sorted({0, len(text), *(s.start for s in valid), *(s.end for s in valid)})
    out: list[str] = []
    stack: list[Span] = []
    opened: set[int] = set()
    # Where the open tag of each open span's current piece is in ``out``, and whether it is the first piece.
    tag_at: dict[int, tuple[int, bool]] = {}
    for left, right in zip(bounds, bounds[1:]):
        active = [s for s in valid if s.start <= left and right <= s.end]
        keep = 0
        while keep < len(stack) and keep < len(active) and stack[keep] is active[keep]:
            keep += 1
        for span in reversed(stack[keep:]):
            if span.end > left:  # closed before its end: mark the piece, so CSS labels only the last one
                at, first = tag_at[id(span)]
                out[at] = _open(span, first, split=True)
            out.append(f"</{span.tag}>")
        for span in active[keep:]:
            tag_at[id(span)] = (len(out), id(span) not in opened)
            out.append(_open(span, id(span) not in opened))
            opened.add(id(span))
        stack = active
        out.append(escape(text[left:right], quote=False))
    for span in reversed(stack):
        out.append(f"</{span.tag}>")
    return Markup("".join(out))


def paragraphs(text: str, spans: Sequence[Span]) -> Markup:
    """Like :func:`annotate`, but each blank-line-separated paragraph becomes a ``<p>``.

    Spans crossing a paragraph break are split there, so every ``<p>`` holds well-formed markup.
    """
    out = []
    pos = 0
    for block in text.split("\n\n"):
        start, end = pos, pos + len(block)
        pos = end + 2
        if not block.strip():
            continue
        inside = [
            Span(max(s.start, start) - start, min(s.end, end) - start, s.kind, s.attrs if s.start >= start else
                 {k: v for k, v in s.attrs.items() if k != "id"}, s.tag, s.rank)
            for s in spans
            if s.start < end and s.end > start
        ]
        out.append(f"<p>{annotate(block, inside)}</p>")
    return Markup("\n".join(out))
