"""Applying user overrides (``analyze(config={"events": {...}})``) to a stage's config dataclass."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any, TypeVar

from storyline.errors import PipelineError

C = TypeVar("C")


def with_overrides(base: C, overrides: Mapping[str, Any] | None, stage: str) -> C:
    """``base`` with the fields named in ``overrides`` replaced.

    Raises:
        PipelineError: an override names no field of the config, quoting it and the fields known.
    """
    if not overrides:
        return base
    known = {f.name for f in dataclasses.fields(base)}  # type: ignore[arg-type]
    unknown = sorted(set(overrides) - known)
    if unknown:
        raise PipelineError(
            f"unknown option(s) {', '.join(map(repr, unknown))} for stage {stage!r} (known: {', '.join(sorted(known))})"
        )
    return dataclasses.replace(base, **dict(overrides))  # type: ignore[type-var]
