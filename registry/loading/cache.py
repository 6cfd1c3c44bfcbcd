"""A validated copy of the dataset, keyed by the hash of its content, that can only ever be read as data.

Validating ~700 records with pydantic and checking every template costs a few hundred milliseconds; a
command that answers one question should not pay it each time. The first load of a dataset writes the
``Registry`` to ``$XDG_CACHE_HOME/xreg/<sha256>.json`` (default ``~/.cache``); any later load whose files
hash the same rebuilds it from there (``registry.records``, "trusted": no pydantic import). The hash
covers every file's path and bytes plus the package and Python versions and the loader's own code, so
an edit, a new file or an upgrade misses the cache and validates again; the folder keeps the 8 most
recent files. Set ``XREG_NO_CACHE=1`` to bypass it. A dataset with errors is never cached.

A cache folder may be shared, or restored from a CI cache someone else filled, so nothing in it is trusted:

- **Data only.** The file is JSON: plain values and objects named by class, built only from an allow-list
  (the records of ``registry.records``, ``Resolved``, ``Seen``, ``Registry``, ``Problem``,
  ``SourceLocation``), by setting their fields. Reading it runs no code of the file's choosing (the
  pickle this replaced did).
- **Signed.** Each file carries an HMAC-SHA256 of its bytes under a key of 32 random bytes kept in the
  user's private state folder (``$XDG_STATE_HOME/xreg/cache.key``, default ``~/.local/state``; mode
  0600), never in the cache folder: a file written with another key (planted, or restored from
  elsewhere) is ignored and rewritten.
- **Private folder.** The cache folder and the key's folder are used only when they are real folders (not
  symbolic links) owned by the user and not writable by group or others; the files only when they are
  regular files owned by the user. Otherwise the dataset is validated, as without a cache.
"""
from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import stat
import sys
import tempfile
from pathlib import Path
from typing import Any

_FORMAT = 2
_MAGIC = b"xreg-cache 2\n"
_KEEP = 8  # files kept: the shipped dataset, a user's fork or two, and their recent edits
_MAX_BYTES = 64 * 1024 * 1024


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "xreg"


def key_path() -> Path:
    """Where the cache's signing key lives: the user's private state folder, not the cache folder."""
    base = os.environ.get("XDG_STATE_HOME") or os.path.join(os.path.expanduser("~"), ".local", "state")
    return Path(base) / "xreg" / "cache.key"


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
                 "matching/shapes.py"):
        digest.update((package / code).read_bytes())  # a code change must not read an old file
    files, refused = dataset_files(root)  # the loader's own listing: no link followed, no FIFO opened
    for problem in refused:
        digest.update(f"refused {problem.location.path}\0".encode())
    for file in files:
        digest.update(file.relative_to(root).as_posix().encode() + b"\0")
        digest.update(read_dataset_file(file))
        digest.update(b"\0")
    return digest.hexdigest()


def cache_path(root: Path, strict: bool = False) -> Path:
    """The file a dataset's copy is written to (the name is computable: the content decides, not a secret)."""
    return cache_dir() / f"{content_key(root, strict)}.json"


def load_cached(root: Path, strict: bool, load: Any) -> Any:
    """``load(root, strict)`` through the cache; ``load`` is the real loader."""
    if os.environ.get("XREG_NO_CACHE") == "1":
        return load(root, strict)
    try:
        path = cache_path(root, strict)
    except OSError:
        return load(root, strict)
    key = _signing_key() if _private_dir(path.parent) else None
    if key is None:
        return load(root, strict)
    reg = _read(path, key)
    if reg is not None:
        reg.data_dir = str(root)
        return reg
    reg = load(root, strict)
    try:
        body = encode(reg)
    except (TypeError, ValueError):
        return reg  # something the format does not know: this dataset is validated each time
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")  # mode 0600
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(_MAGIC + hmac.new(key, body, hashlib.sha256).digest() + body)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        _prune(path.parent, keep=_KEEP)
    except OSError:
        pass  # a read-only or full home is no reason to fail
    return reg


# -- the folder, the key, the file ------------------------------------------------------------------
def _private_dir(folder: Path) -> bool:
    """Create ``folder`` (mode 0700) if missing; True when it is a real folder owned by the user that neither
    group nor others may write."""
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        try:
            folder.mkdir(mode=0o700)
        except FileExistsError:
            pass
        info = os.lstat(folder)
    except OSError:
        return False
    return stat.S_ISDIR(info.st_mode) and info.st_uid == os.getuid() and not info.st_mode & 0o022


def _signing_key() -> bytes | None:
    """The user's cache key, made on first use; None when its folder or file is not private."""
    path = key_path()
    if not _private_dir(path.parent):
        return None
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
    except FileExistsError:
        data = _read_private(path, 1024, private=True)
        return data if data is not None and len(data) >= 16 else None
    except OSError:
        return None
    key = secrets.token_bytes(32)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(key)
    except OSError:
        return None
    return key


def _read_private(path: Path, limit: int, private: bool = False) -> bytes | None:
    """The bytes of a regular file owned by the user (``private``: and unreadable by others), else None."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_uid != os.getuid() or info.st_size > limit:
            return None
        if private and info.st_mode & 0o077:
            return None
        with os.fdopen(fd, "rb", closefd=False) as fh:
            return fh.read(limit + 1)
    except OSError:
        return None
    finally:
        os.close(fd)


def _read(path: Path, key: bytes) -> Any:
    """The registry in ``path``, or None when the file is missing, not ours, not signed with ``key`` or damaged."""
    data = _read_private(path, _MAX_BYTES)
    if data is None or not data.startswith(_MAGIC):
        return None
    mac, body = data[len(_MAGIC):len(_MAGIC) + 32], data[len(_MAGIC) + 32:]
    if not hmac.compare_digest(mac, hmac.new(key, body, hashlib.sha256).digest()):
        return None
    try:
        return decode(body)
    except (ValueError, TypeError, KeyError, IndexError, AttributeError):
        return None


def _prune(folder: Path, keep: int) -> None:
    """Delete all but the ``keep`` most recently written files, and the pickles of the format before this one."""
    for old in folder.glob("*.pickle"):
        old.unlink(missing_ok=True)
    files = sorted(folder.glob("*.json"), key=lambda p: p.stat().st_mtime_ns, reverse=True)
    for old in files[keep:]:
        old.unlink(missing_ok=True)


# -- the format ---------------------------------------------------------------------------------------
def _classes() -> dict[str, type]:
    """Every class a cache file may name, by name: nothing else can be built from one."""
    from registry import records
    from registry.dataset import Registry, Resolved, Seen
    from registry.errors import Problem, SourceLocation

    allowed: dict[str, type] = {"Registry": Registry, "Resolved": Resolved, "Seen": Seen, "Problem": Problem,
                                "SourceLocation": SourceLocation}
    for name in dir(records):
        cls = records.record_class(name)
        if cls is not None:
            allowed[name] = cls
    return allowed


def _is_plain(value: Any) -> bool:
    """True for a value JSON keeps as it is (read back without a look: no tuple, no object, string keys)."""
    kind = type(value)
    if value is None or kind in (str, int, float, bool):
        return True
    if kind is list:
        return all(_is_plain(v) for v in value)
    if kind is dict:
        return all(type(k) is str and _is_plain(v) for k, v in value.items())
    return False


def encode(reg: Any) -> bytes:
    """The registry as JSON: ``{"format", "shapes", "objects", "root"}``.

    A shape is ``[class name, [plain field names], [coded field names]]``; an object is ``[shape index, plain
    values…, coded values…]``. Objects are listed after everything they hold, so each reference
    (``{"@": i}``) points back; a shared object is listed once. Coded values: ``{"t": [...]}`` a tuple,
    ``{"m": {...}}`` a dict with string keys, ``{"T": [[[k1, k2], v], ...]}`` a dict with tuple keys,
    ``{"d": [[k, v], ...]}`` any other dict, ``{"@": i}`` an object; lists are lists. Raises ``TypeError``
    for a class outside the allow-list, ``ValueError`` for a cycle.
    """
    allowed = _classes()
    objects: list[Any] = []
    shapes: list[Any] = []
    shape_index: dict[tuple[Any, ...], int] = {}
    index: dict[int, int] = {}
    busy: set[int] = set()

    def value(v: Any) -> Any:
        kind = type(v)
        if v is None or kind in (str, int, float, bool):
            return v
        if kind is list:
            return [value(x) for x in v]
        if kind is tuple:
            return {"t": [value(x) for x in v]}
        if kind is dict:
            if all(type(k) is str for k in v):
                return {"m": {k: value(x) for k, x in v.items()}}
            if all(type(k) is tuple and _is_plain(list(k)) for k in v):  # (statements: (endpoint, auth) -> Resolved)
                return {"T": [[list(k), value(x)] for k, x in v.items()]}
            return {"d": [[value(k), value(x)] for k, x in v.items()]}
        return {"@": obj(v)}

    def obj(v: Any) -> int:
        key = id(v)
        if key in index:
            return index[key]
        name = type(v).__name__
        if allowed.get(name) is not type(v):
            raise TypeError(f"the dataset cache cannot hold a {type(v).__module__}.{name}")
        if key in busy:
            raise ValueError("the registry holds a cycle")
        busy.add(key)
        state = {k: x for k, x in vars(v).items() if not (name == "Registry" and k in ("_matcher", "_migrations_by_legacy"))}
        plain = [k for k, x in state.items() if _is_plain(x)]
        coded = [k for k in state if k not in plain]
        values = [state[k] for k in plain] + [value(state[k]) for k in coded]
        shape = (name, tuple(plain), tuple(coded))
        if shape not in shape_index:
            shape_index[shape] = len(shapes)
            shapes.append([name, plain, coded])
        objects.append([shape_index[shape], *values])
        index[key] = len(objects) - 1
        return index[key]

    root = obj(reg)
    return json.dumps({"format": _FORMAT, "shapes": shapes, "objects": objects, "root": root}, ensure_ascii=False,
                      separators=(",", ":")).encode("utf-8")


def decode(body: bytes) -> Any:
    """The registry ``encode`` wrote; raises ``ValueError`` (or ``TypeError``, ``KeyError``) for anything else."""
    import gc

    enabled = gc.isenabled()
    gc.disable()  # tens of thousands of new containers, none of them garbage: a collection run would find nothing
    try:
        return _decode(body)
    finally:
        if enabled:
            gc.enable()


def _decode(body: bytes) -> Any:
    from registry.dataset import Registry

    doc = json.loads(body)
    if type(doc) is not dict or doc.get("format") != _FORMAT:
        raise ValueError("not a cache file of this format")
    allowed = _classes()
    shapes = [(allowed[name], list(plain), list(coded), len(plain)) for name, plain, coded in doc["shapes"]]
    built: list[Any] = []

    def value(v: Any) -> Any:
        kind = type(v)
        if kind is dict:
            ((tag, inner),) = v.items()
            if tag == "@":
                return built[inner]
            if tag == "t":
                return tuple([value(x) for x in inner])
            if tag == "m":
                return {k: value(x) for k, x in inner.items()}
            if tag == "T":
                return {tuple(k): built[x["@"]] if type(x) is dict and "@" in x else value(x) for k, x in inner}
            if tag == "d":
                return {value(k): value(x) for k, x in inner}
            raise ValueError(f"unknown tag {tag!r}")
        if kind is list:
            return [value(x) for x in v]
        return v

    for item in doc["objects"]:
        cls, plain, coded, n = shapes[item[0]]
        fields = dict(zip(plain, item[1:n + 1]))
        for k, v in zip(coded, item[n + 1:]):
            fields[k] = built[v["@"]] if type(v) is dict and "@" in v else value(v)
        if cls is Registry:
            built.append(Registry(**{k: v for k, v in fields.items() if k in Registry.__dataclass_fields__}))
        else:
            record = cls.__new__(cls)
            record.__dict__.update(fields)  # fields set as data: no __init__, no validator, no code of the file's
            built.append(record)
    return built[doc["root"]]
