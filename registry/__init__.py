"""xentral-api-registry: which Xentral endpoints each API and auth method supports.

    import registry
    reg = registry.load()
    reg.support("rest.shopimport.post-auth", "pat-legacy").statement.support   # 'no'
"""
from __future__ import annotations

from pathlib import Path

from registry.dataset import Registry, Resolved
from registry.errors import DataError, InputError, Problem, RegistryError, SourceLocation, SpecError, UsageError
from registry.matching.matcher import Match, Matcher, MethodNotAllowed, Unmatched

__all__ = [
    "DataError",
    "InputError",
    "Match",
    "Matcher",
    "MethodNotAllowed",
    "Problem",
    "Registry",
    "RegistryError",
    "Resolved",
    "SourceLocation",
    "SpecError",
    "Unmatched",
    "UsageError",
    "load",
]

__version__ = "0.1.0"


def load(data_dir: str | Path | None = None, strict: bool = False) -> Registry:
    """Load and validate a dataset (default: the shipped one) into a ``Registry``.

    Raises ``DataError`` listing every problem with its ``file:line``.
    """
    from registry.loading import default_data_dir
    from registry.loading.cache import load_cached

    def validate(root: Path, strict: bool) -> Registry:
        from registry.loading.loader import load_registry  # YAML and the checks: only on a cache miss

        return load_registry(root, strict=strict)

    root = Path(data_dir) if data_dir is not None else default_data_dir()
    if not root.is_dir():
        return validate(root, strict)  # reports the missing directory
    return load_cached(root, strict, validate)
