"""Reading the dataset: YAML with line numbers (``yaml_source``), validation (``loader``), the cache."""
from __future__ import annotations

from pathlib import Path


def default_data_dir() -> Path:
    """The shipped dataset: ``registry/_data`` in an installed wheel, ``data/`` in a checkout."""
    here = Path(__file__).resolve().parent.parent
    bundled = here / "_data"
    return bundled if bundled.is_dir() else here.parent / "data"


def is_installed_dataset(path: Path) -> bool:
    """Whether ``path`` is the dataset inside an installed package (``registry/_data``): read-only for ``xreg``."""
    bundled = Path(__file__).resolve().parent.parent / "_data"
    try:
        return bundled.is_dir() and Path(path).resolve() == bundled.resolve()
    except OSError:
        return False


def copy_dataset(target: Path, source: Path | None = None) -> int:
    """Copy the dataset (default: the shipped one) into the new folder ``target``; the number of files copied.

    Raises ``UsageError`` when ``target`` exists and is not an empty folder. Written into a temporary
    folder beside ``target`` and renamed, so ``target`` holds the whole copy or nothing.
    """
    import shutil
    import tempfile

    from registry.errors import UsageError

    source = Path(source) if source is not None else default_data_dir()
    target = Path(target)
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise UsageError(f"{target}: already exists and is not an empty folder (expected a new folder). "
                         "Pass another DIR.")
    parent = target.resolve().parent
    parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=parent))
    try:
        # symlinks=True: a link stays a link (which the loader refuses), never a copy of what it points to
        copied = shutil.copytree(source, staging / "data", symlinks=True,
                                 ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        count = sum(1 for f in Path(copied).rglob("*") if f.is_file())
        if target.is_dir():
            target.rmdir()
        (staging / "data").rename(target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return count
