"""Reader for NewsWCL50 in its native simplified CoNLL form (``NewsWCL50.conll``).

A document starts with ``#begin document <topic>/-/<topic>_<outlet>; part 000``; token lines
hold doc_id, sentence_id, token_id, token, coref. Gold event: the topic id (0-9). The set
carries no dates in this file, so the articles are undated here.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from storyline.errors import InputError
from storyline.eval.readers.common import EvalDoc, detokenize


def read_newswcl50(path: str | Path) -> Iterator[EvalDoc]:
    """Yield the 50 articles of ``path`` (the ``.conll`` file or the folder holding it)."""
    file = Path(path)
    if file.is_dir():
        file = file / "NewsWCL50.conll"
    if not file.is_file():
        raise InputError(file, None, f"no such file: {str(file)!r}", "NewsWCL50.conll or the folder holding it")
    docs: dict[str, dict[int, list[str]]] = {}
    with file.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            cols = line.split("\t")
            if len(cols) < 4 or not cols[1].isdigit():
                raise InputError(file, lineno, f"unexpected token line {line[:80]!r}", "doc_id<TAB>sentence<TAB>token_id<TAB>token<TAB>coref")
            tok = cols[3]
            if tok in ("\\n", ""):
                continue
            docs.setdefault(cols[0], {}).setdefault(int(cols[1]), []).append(tok)
    for doc_id in sorted(docs, key=lambda d: (int(d.split("/")[0]), d)):
        topic = doc_id.split("/")[0]
        sentences = [detokenize(toks) for _, toks in sorted(docs[doc_id].items())]
        outlet = doc_id.rsplit("_", 1)[-1]
        yield EvalDoc(id=doc_id, title="", text="\n".join(sentences), published=None, outlet=outlet, event=topic)
