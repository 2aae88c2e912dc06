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
    assert public == set(storyline.__all__)


def test_errors_share_one_base():
    for name in storyline.__all__:
        value = getattr(storyline, name)
        if inspect.isclass(value) and issubclass(value, Exception):
            assert issubclass(value, storyline.StorylineError), name
