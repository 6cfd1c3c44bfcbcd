"""A compiled, validated copy of the dataset, keyed by the hash of its content.

Validating ~700 records with pydantic and checking every template costs a few hundred
milliseconds; a command that answers one question should not pay it each time. The first load of
a dataset pickles the ``Registry`` to ``$XDG_CACHE_HOME/xreg/<sha256>.pickle`` (default
``~/.cache``); any later load whose files hash the same reads it back, its records as the plain
twins of ``registry.records`` (no pydantic import). The hash covers every file's
path and bytes plus the package and Python versions and the loader's own code, so an edit, a new file or an upgrade misses the
cache and validates again; the folder keeps the 8 most recent pickles. Set ``XREG_NO_CACHE=1`` to bypass it. A dataset with errors is never cached.
"""
from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from pathlib import Path
from typing import Any

from registry.records import new_record, twin_state

_FORMAT = 1
_KEEP = 8  # pickles kept: the shipped dataset, a user's fork or two, and their recent edits


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "xreg"


def content_key(root: Path, strict: bool) -> str:
    """The sha256 of every YAML file under ``root`` (path and bytes), the versions, ``strict``, and where the
    dataset is (its path as messages and records show it: two copies of one dataset have their own locations)."""
    from registry import __version__
    from registry.errors import display_path
    from registry.loading.yaml_source import dataset_files, read_dataset_file

    digest = hashlib.sha256(f"{_FORMAT}|{__version__}|{sys.version_info[:2]}|{strict}".encode())
    digest.update(f"{root.resolve()}\0{display_path(root)}\0".encode())
    package = Path(__file__).resolve().parent.parent
    for code in ("models.py", "records.py", "dataset.py", "loading/loader.py", "loading/cache.py", "matching/templates.py",
                 "matching/shapes.py", "probe/observations.py"):
        digest.update((package / code).read_bytes())  # a code change must not read an old pickle
    files, refused = dataset_files(root)  # the loader's own listing: no link followed, no FIFO opened
    for problem in refused:
        digest.update(f"refused {problem.location.path}\0".encode())
    for file in files:
        digest.update(file.relative_to(root).as_posix().encode() + b"\0")
        digest.update(read_dataset_file(file))
        digest.update(b"\0")
    return digest.hexdigest()


def load_cached(root: Path, strict: bool, load: Any) -> Any:
    """``load(root, strict)`` through the cache; ``load`` is the real loader."""
    if os.environ.get("XREG_NO_CACHE") == "1":
        return load(root, strict)
    try:
        key = content_key(root, strict)
    except OSError:
        return load(root, strict)
    path = cache_dir() / f"{key}.pickle"
    try:
        with open(path, "rb") as fh:
            reg = pickle.load(fh)  # noqa: S301 - our own file, named by the content it was built from
        reg.data_dir = str(root)
        return reg
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
        pass
    reg = load(root, strict)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            _TwinPickler(fh, protocol=pickle.HIGHEST_PROTOCOL).dump(reg)
        os.replace(tmp, path)
        _prune(path.parent, keep=_KEEP)
    except OSError:
        pass  # a read-only home is no reason to fail
    return reg


class _TwinPickler(pickle.Pickler):
    """Pickles each pydantic record as its plain twin (``registry.records``): reading the cache back
    then needs no pydantic import."""

    def reducer_override(self, obj: Any) -> Any:
        twin = twin_state(obj)
        if twin is None:
            return NotImplemented
        cls, state = twin
        return new_record, (cls,), state


def _prune(folder: Path, keep: int) -> None:
    """Delete all but the ``keep`` most recently written pickles (each edit of a dataset writes one)."""
    pickles = sorted(folder.glob("*.pickle"), key=lambda p: p.stat().st_mtime_ns, reverse=True)
    for old in pickles[keep:]:
        old.unlink(missing_ok=True)
