"""xentral-api-registry: which Xentral endpoints each API and auth method supports.

    import registry
    reg = registry.load()
    reg.support("rest.shopimport.post-auth", "pat-legacy").statement.support   # 'no'
    items, stats = registry.read_inputs(["access.log"])
    plan = registry.advise(reg, items, auth="pat-legacy", inputs=stats)
    json.dumps(plan.to_dict())                                                  # the JSON report

``advise``, ``read_inputs`` and ``Plan`` are imported on first use (they pull in the readers), so
``import registry`` stays cheap for a script that only looks things up.
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from registry.dataset import Registry, Resolved
from registry.errors import DataError, InputError, Problem, RegistryError, SourceLocation, SpecError, UsageError
from registry.matching.matcher import Match, Matcher, MethodNotAllowed, Unmatched

if TYPE_CHECKING:
    from registry.advising import advise
    from registry.inputs.detect import read_inputs
    from registry.plan import Plan

__all__ = [
    "DataError",
    "InputError",
    "Match",
    "Matcher",
    "MethodNotAllowed",
    "Plan",
    "Problem",
    "Registry",
    "RegistryError",
    "Resolved",
    "SourceLocation",
    "SpecError",
    "Unmatched",
    "UsageError",
    "advise",
    "load",
    "read_inputs",
]

_LAZY = {"advise": "registry.advising", "read_inputs": "registry.inputs.detect", "Plan": "registry.plan"}


def __getattr__(name: str) -> Any:
    """``registry.advise``, ``registry.read_inputs`` and ``registry.Plan``, imported when first used."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'registry' has no attribute '{name}'")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value

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
