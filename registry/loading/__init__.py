"""Reading the dataset: YAML with line numbers (``yaml_source``), validation (``loader``), the cache."""
from __future__ import annotations

from pathlib import Path


def default_data_dir() -> Path:
    """The shipped dataset: ``registry/_data`` in an installed wheel, ``data/`` in a checkout."""
    here = Path(__file__).resolve().parent.parent
    bundled = here / "_data"
    return bundled if bundled.is_dir() else here.parent / "data"
