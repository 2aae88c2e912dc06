"""Reader for ECB+ in its native CAT XML form (one file per article, ``ECB+/<topic>/<file>.xml``).

Gold: the story is the topic (the folder), the event is the sub-topic: the topic plus
``ecb`` or ``ecbplus`` from the file name (the two halves describe two distinct real-world
events of the same kind). ECB+ has no dates and no outlets. The first sentence is often the
source URL; sentences made only of URL pieces are dropped from the text.

Split (Cybulska & Vossen): dev topics 2, 5, 12, 18, 21, 23, 34, 35; the rest of 1-35 train.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

from storyline.errors import InputError
from storyline.eval.readers.common import EvalDoc, detokenize, require_dir

DEV_TOPICS = frozenset({2, 5, 12, 18, 21, 23, 34, 35})
_FILE = re.compile(r"^(\d+)_(\d+)(ecbplus|ecb)\.xml$")
_URLISH = re.compile(r"^(?:https?|www|com|html?|org|net|[/:.?=&_\-]+|\S*\.(?:com|org|net|co|uk)\S*)$", re.IGNORECASE)


def _is_url_sentence(tokens: list[str]) -> bool:
    joined = "".join(tokens).lower()
    return joined.startswith(("http", "www.")) or sum(bool(_URLISH.match(t)) for t in tokens) >= max(2, len(tokens) // 2)


def read_ecbplus(path: str | Path) -> Iterator[EvalDoc]:
    """Yield every article under ``path`` (the folder holding ``ECB+/``, or ``ECB+`` itself), sorted by file."""
    root = Path(path)
    root = root / "ECB+" if (root / "ECB+").is_dir() else root
    require_dir(root, "ECB+", "ECB+/<topic>/<topic>_<n>ecb[plus].xml")
    files = sorted(root.glob("*/*.xml"), key=lambda p: (int(p.parent.name) if p.parent.name.isdigit() else 0, p.name))
    if not files:
        raise InputError(root, None, "no ECB+ XML files found", "files named <topic>_<n>ecb.xml or <topic>_<n>ecbplus.xml")
    for file in files:
        m = _FILE.match(file.name)
        if not m:
            raise InputError(file, None, f"unexpected file name {file.name!r}", "<topic>_<n>ecb.xml or <topic>_<n>ecbplus.xml")
        topic, half = int(m.group(1)), m.group(3)
        try:
            tree = ET.parse(file)
        except ET.ParseError as e:
            raise InputError(file, e.position[0], f"malformed XML: {e}", "ECB+ CAT XML") from None
        sentences: dict[int, list[str]] = {}
        for tok in tree.getroot().iter("token"):
            sentences.setdefault(int(tok.get("sentence", "0")), []).append(tok.text or "")
        kept = [toks for _, toks in sorted(sentences.items()) if toks and not _is_url_sentence(toks)]
        text = "\n".join(detokenize(toks) for toks in kept)
        yield EvalDoc(
            id=file.stem,
            title="",
            text=text,
            published=None,
            outlet=None,
            event=f"{topic}{half}",
            story=str(topic),
            split="dev" if topic in DEV_TOPICS else "train",
        )
