"""render/same_code.py: the check that a ReportLab function is still the one a shortcut reproduces."""

from __future__ import annotations

from packgen.render import logo, subsets
from packgen.render.same_code import same_code
from packgen.render.tagging import canvas, tree


def _sample(a: int, b: str = "x") -> str:
    """A docstring, which is not compared."""
    return str(a) + b + "suffix"


def _names() -> tuple[str, ...]:
    return _sample.__code__.co_names


def test_same_code_compares_names_constants_and_defaults() -> None:
    names, constants = _names(), _sample.__code__.co_consts[1:]
    assert same_code(_sample, names)
    assert same_code(_sample, names, constants, ("x",))
    assert not same_code(_sample, (*names, "other"))
    assert not same_code(_sample, names, (*constants, "other"))
    assert not same_code(_sample, names, constants, ("y",))


def test_every_shortcut_finds_reportlab_unchanged() -> None:
    """The installed ReportLab is the one every shortcut reproduces: were one of these False, that
    shortcut would silently stop (the output still right, ReportLab's own code running)."""
    assert subsets.reportlab_unchanged()
    assert logo._reportlab_unchanged()
    assert canvas._LINK_URL_UNCHANGED and canvas._CATALOG_UNCHANGED
    assert tree._FORMAT_UNCHANGED
