"""Test helper shared by the figures tests: claims tied to one place, as cross-article conflicts need."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from storyline.figures.series import claims_of as _claims_of


def claims_at(place: str) -> Callable[..., Any]:
    """``claims_of`` whose figures' clauses all name ``place`` unless ``places`` is given: across
    articles only figures tied to one place are compared (figures/conflicts.py)."""

    def claims_of(*args: Any, **kw: Any) -> Any:
        if "places" not in kw and len(args) < 7:
            kw["places"] = {f["start"]: (place,) for f in args[3]}
        return _claims_of(*args, **kw)

    return claims_of
