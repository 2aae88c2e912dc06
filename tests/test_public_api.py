"""The public surface: everything in storyline.__all__ exists and nothing public is left out."""

import inspect

import storyline


def test_all_names_exist():
    for name in storyline.__all__:
        assert hasattr(storyline, name), name


def test_public_members_are_exported():
    public = {
        name
        for name, value in vars(storyline).items()
        if not name.startswith("_") and (inspect.isclass(value) or inspect.isfunction(value))
    }
    exported = {name for name in storyline.__all__ if not inspect.ismodule(getattr(storyline, name))}
    assert public == exported
    assert inspect.ismodule(storyline.engine)


def test_subpackages_do_not_shadow_exports():
    import storyline.bundle  # noqa: F401
    import storyline.ingest  # noqa: F401

    for name in storyline.__all__:
        value = getattr(storyline, name)
        assert not inspect.ismodule(value) or name == "engine", name


def test_errors_share_one_base():
    for name in storyline.__all__:
        value = getattr(storyline, name)
        if inspect.isclass(value) and issubclass(value, Exception):
            assert issubclass(value, storyline.StorylineError), name
