"""The planted fake credentials are really in the fixtures, and no reader lets one through."""
from __future__ import annotations

from pathlib import Path

from inputs_support import INPUTS, SECRETS, VOCABULARY

from registry.inputs.detect import read_inputs


def test_every_planted_secret_is_in_some_fixture() -> None:
    texts = [p.read_bytes().decode("utf-8", "replace") for p in INPUTS.rglob("*") if p.is_file()]
    missing = [s for s in SECRETS if not any(s in t for t in texts)]
    assert missing == []


def test_no_reader_output_or_message_carries_a_secret(in_inputs: Path) -> None:
    items, stats = read_inputs(["."], postman_env="shop.postman_environment.json", vocabulary=VOCABULARY)
    text = repr(list(items)) + repr(stats)
    assert [s for s in SECRETS if s in text] == []
    assert "REDACTED" in text
