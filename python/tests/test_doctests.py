"""The docstring examples of the installed package run."""

from __future__ import annotations

import doctest

import pytest

import khabar
import khabar.spark


@pytest.mark.parametrize("module", [khabar, khabar.spark], ids=lambda m: m.__name__)
def test_docstring_examples(module):
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
    if module is khabar:
        assert result.attempted >= 10
