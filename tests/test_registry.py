"""The stage registry: registration, ordering checks, versions and component needs."""

import pytest

from storyline.errors import PipelineError
from storyline.pipeline import DEFAULT_PIPELINE, get_stage, registered, resolve
from storyline.pipeline import registry


def test_builtin_stages_registered_in_order():
    names = list(DEFAULT_PIPELINE)
    assert names[:3] == ["clean", "nlp", "mentions"]
    # Every stage's requirements come before it in the default order.
    for i, name in enumerate(names):
        for req in get_stage(name).requires:
            assert names.index(req) < i, f"{name} requires {req}, which runs later"


def test_resolve_rejects_wrong_order():
    with pytest.raises(PipelineError, match="requires 'clean'"):
        resolve(["nlp", "clean"])


def test_resolve_rejects_unknown_stage():
    with pytest.raises(PipelineError, match="no stage named 'nope'"):
        resolve(["clean", "nope"])


def test_register_twice_and_missing_requirement(monkeypatch):
    monkeypatch.setattr(registry, "_REGISTRY", dict(registry._REGISTRY))
    monkeypatch.setattr(registry, "DEFAULT_PIPELINE", list(registry.DEFAULT_PIPELINE))
    with pytest.raises(PipelineError, match="registered twice"):
        registry.stage("clean", version="9")(lambda docs: [])
    with pytest.raises(PipelineError, match="requires 'ghost'"):
        registry.stage("after-ghost", version="1", requires=["ghost"])(lambda docs: [])
    registry.stage("extra", version="2", requires=["clean"], default=False)(lambda docs: [])
    assert "extra" in registry.registered()
    assert "extra" not in registry.DEFAULT_PIPELINE


def test_callable_version_is_read_each_time(monkeypatch):
    monkeypatch.setattr(registry, "_REGISTRY", dict(registry._REGISTRY))
    monkeypatch.setattr(registry, "DEFAULT_PIPELINE", list(registry.DEFAULT_PIPELINE))
    box = {"v": "1"}
    registry.stage("moving", version=lambda: box["v"], default=False)(lambda docs: [])
    assert registry.get_stage("moving").version == "1"
    box["v"] = "2"
    assert registry.get_stage("moving").version == "2"


def test_registered_returns_a_copy():
    reg = registered()
    reg.pop("clean")
    assert "clean" in registered()
