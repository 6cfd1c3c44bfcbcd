"""Fixtures of the reader tests."""
from __future__ import annotations

from pathlib import Path

import pytest
from inputs_support import INPUTS


@pytest.fixture
def in_inputs(monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run the test inside tests/fixtures/inputs, so locations read as the files' plain names."""
    monkeypatch.chdir(INPUTS)
    return INPUTS
