"""The runnable examples in the causes modules' docstrings stay true."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
    "analysis.spatial.weights",
    "analysis.spatial.autocorrelation",
    "analysis.spatial.smoothing",
    "analysis.typology",
    "analysis.trends",
    "analysis.lenses",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0, f"{name} has no examples"
    assert result.failed == 0
