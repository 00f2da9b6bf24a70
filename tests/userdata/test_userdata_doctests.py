"""The runnable examples in the docstrings of issue 6's modules stay true."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
    "analysis.render",
    "analysis.userdata.names",
    "analysis.userdata.reading",
    "analysis.userdata.matching",
    "analysis.userdata.layer",
    "analysis.userdata.importer",
    "analysis.export.safety",
    "analysis.export.bundle",
    "analysis.report.common",
    "analysis.report.bulletin",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0, f"{name} has no examples"
    assert result.failed == 0
