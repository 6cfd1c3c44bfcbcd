"""Write dataset files: deterministic YAML, and a set of files replaced all together or not at all.

``dump_yaml`` always gives the same text for the same data (keys in the given order, versions and
YAML 1.1 booleans double-quoted, the list of every ``scopes`` key and any ``Flow`` list in flow style),
so re-writing unchanged data changes no byte, whether the data was just built or read back from a file::

    dump_yaml({"id": "xentral.products.get-v1", "removed_in": "24.48.10", "scopes": ["product:read"]}) gives

    id: xentral.products.get-v1
    removed_in: "24.48.10"
    scopes: ['product:read']

``replace_files({path: text, ...})`` stages every file as a hidden temporary file beside its target,
then moves them into place; if anything fails before the last move, the files already moved are put
back, so the dataset holds either all new files or all old ones. SIGINT and SIGTERM wait until the
replace has finished or been rolled back. What it cannot cover: the process being killed (SIGKILL, power
loss) in the middle of the moves, a window of one rename per changed file; the hidden ``.*.tmp-*`` /
``.*.bak-*`` files left then do not end in ``.yaml`` (never loaded) and the next replace removes them.
"""
from __future__ import annotations

import contextlib
import errno
import os
import re
import secrets
import shutil
import time
from pathlib import Path
from typing import Any, Iterator

import yaml

_VERSION_LIKE = re.compile(r"^\d+(\.\d+)*$")
# Words YAML 1.1 reads as booleans or null: quote them so they stay strings everywhere.
_WORDS = {"y", "n", "yes", "no", "on", "off", "true", "false", "null", "~", ""}


class Flow(list):  # type: ignore[type-arg]
    """A list written in flow style: ``[a, b]``."""


class _Dumper(yaml.SafeDumper):
    pass


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if _VERSION_LIKE.match(value) or value.lower() in _WORDS:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style='"')
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


def _flow(dumper: yaml.SafeDumper, value: Flow) -> yaml.SequenceNode:
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=True)


#: Keys whose list is always written in flow style. The style follows the key, not the Python type, so a
#: list read back from a file (a plain list) is written as it was read (re-importing one spec used to
#: rewrite every ``scopes:`` line of the other spec's endpoints in block style).
FLOW_KEYS = frozenset({"scopes", "query"})


def _dict(dumper: yaml.SafeDumper, value: dict[Any, Any]) -> yaml.MappingNode:
    items = [(k, Flow(v) if k in FLOW_KEYS and isinstance(v, list) else v) for k, v in value.items()]
    return dumper.represent_mapping("tag:yaml.org,2002:map", items)


_Dumper.add_representer(str, _str)
_Dumper.add_representer(Flow, _flow)
_Dumper.add_representer(dict, _dict)


def dump_yaml(value: Any) -> str:
    """Deterministic block-style YAML for plain dicts, lists and scalars (keys keep their order)."""
    return yaml.dump(value, Dumper=_Dumper, sort_keys=False, default_flow_style=False, allow_unicode=True,
                     width=120, indent=2)


def plain(value: Any) -> Any:
    """A deep copy made of plain ``dict``/``list`` (the YAML reader's line-aware subclasses can't be dumped)."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


#: The hidden files ``replace_files`` stages and backs up with (``.adressen.yaml.tmp-1a2b3c4d``).
_LEFTOVER = re.compile(r"^\..+\.(?:tmp|bak)-[0-9a-f]{8}$")


def replace_files(changes: dict[Path, str] | dict[Path, bytes]) -> None:
    """Replace every file in ``changes`` with its new text (UTF-8) or bytes, all or nothing (see the module
    docstring). ``xreg import-openapi`` writes the dataset with it, ``xreg site`` the pages.

    - The staged files reach the disk with one ``sync`` for the whole set (not one ``fsync`` per file: an
      import of 11,000 groups took over a minute), then are renamed into place.
    - SIGINT and SIGTERM wait while it works: one that comes while files are staged rolls the replace back
      (no file changed, no temporary file left), one that comes during the renames lets them finish; then the
      signal takes effect as it would have (exit, or ``KeyboardInterrupt``).
    - Hidden files an earlier run left beside the targets (killed with SIGKILL, or power loss) are removed
      first. Callers hold the folder's lock (``folder_lock``), so no other writer's files are touched.
    """
    tag = secrets.token_hex(4)
    staged: list[tuple[Path, Path]] = []
    with _signals_deferred() as caught:
        try:
            _remove_leftovers({path.parent for path in changes})
            for path, text in sorted(changes.items()):
                if caught:
                    raise _Interrupted()
                path.parent.mkdir(parents=True, exist_ok=True)
                tmp = path.with_name(f".{path.name}.tmp-{tag}")
                staged.append((path, tmp))  # before writing: a write that fails half-way is cleaned up too (tests/test_nothing_lost.py)
                with open(tmp, "wb") as fh:
                    fh.write(text if isinstance(text, bytes) else text.encode("utf-8"))
            _sync()
            if caught:
                raise _Interrupted()
        except BaseException:
            for _path, tmp in staged:
                tmp.unlink(missing_ok=True)
            if caught:  # rolled back; leaving the block delivers the signal (or, were it ignored, this error)
                raise InterruptedError(errno.EINTR, f"signal {caught[0]} came while the files were staged; "
                                                    "nothing was replaced") from None
            raise
        done: list[tuple[Path, Path | None]] = []  # (target, backup of the old file or None if it was new)
        try:
            for path, tmp in staged:  # a signal now waits: the renames finish first
                backup: Path | None = None
                if path.exists():
                    backup = path.with_name(f".{path.name}.bak-{tag}")
                    try:
                        os.link(path, backup)
                    except OSError:  # a file system without hard links
                        shutil.copy2(path, backup)
                os.replace(tmp, path)
                done.append((path, backup))
        except BaseException:
            for path, backup in reversed(done):
                if backup is not None:
                    os.rename(backup, path)  # rename, not replace: the failure may sit in os.replace itself
                else:
                    path.unlink(missing_ok=True)
            for path, tmp in staged:
                tmp.unlink(missing_ok=True)
                path.with_name(f".{path.name}.bak-{tag}").unlink(missing_ok=True)
            raise
        for _path, backup in done:
            if backup is not None:
                backup.unlink(missing_ok=True)
        _fsync_dirs({path.parent for path in changes})


class _Interrupted(Exception):
    """SIGINT or SIGTERM came while files were staged: roll back, then let the signal act."""


@contextlib.contextmanager
def _signals_deferred() -> Iterator[list[int]]:
    """Hold SIGINT and SIGTERM back for the ``with`` block (the list it gives fills with those that came), then
    restore their handlers and deliver the first one that came. Only the main thread can; elsewhere nothing
    is held back."""
    import signal
    import threading

    caught: list[int] = []
    if threading.current_thread() is not threading.main_thread():
        yield caught
        return
    previous = {}
    for signum in (signal.SIGINT, signal.SIGTERM):
        try:
            previous[signum] = signal.signal(signum, lambda number, _frame: caught.append(number))
        except (ValueError, OSError):
            pass
    try:
        yield caught
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        if caught:
            signal.raise_signal(caught[0])


def _sync() -> None:
    """Put every written file on the disk with one call (``os.sync``; where it is missing, nothing)."""
    sync = getattr(os, "sync", None)
    if sync is not None:
        sync()


def _remove_leftovers(dirs: set[Path]) -> None:
    """Remove the hidden staging and backup files an earlier, killed run of ``replace_files`` left in ``dirs``."""
    for d in dirs:
        try:
            names = os.listdir(d)
        except OSError:
            continue
        for name in names:
            if _LEFTOVER.match(name):
                try:
                    os.unlink(os.path.join(d, name))
                except OSError:
                    pass


#: How long a writer waits for another one to finish with the same folder (``XREG_LOCK_WAIT`` seconds overrides).
LOCK_WAIT = 60.0


@contextlib.contextmanager
def folder_lock(folder: Path, waiting: Any = None) -> Iterator[None]:
    """Hold the write lock of ``folder`` (an exclusive ``flock`` on the folder itself: no lock file, released
    when the process ends however it ends) for the ``with`` block.

    Every command that writes a dataset (``xreg import-openapi``) or a site folder (``xreg site``) takes it
    before it reads what it will rewrite, so two writers run one after the other and neither loses the
    other's changes. A second writer waits up to ``LOCK_WAIT`` seconds (``waiting(message)`` is called once
    when it starts to wait), then raises ``LockError`` naming the holder (its pid and command line, read
    from ``/proc/locks`` on Linux).
    """
    try:
        import fcntl
    except ImportError:  # (not POSIX: no lock)
        yield
        return
    from registry.errors import LockError, display_path

    fd = os.open(folder, os.O_RDONLY)
    try:
        wait = float(os.environ.get("XREG_LOCK_WAIT", LOCK_WAIT))
        deadline = time.monotonic() + wait
        told = False
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if not told and waiting is not None:
                    waiting(f"{display_path(folder)}: waiting for {lock_holder(fd)} to finish writing it")
                    told = True
                if time.monotonic() >= deadline:
                    raise LockError(f"{display_path(folder)}: {lock_holder(fd)} is writing this folder; waited "
                                    f"{wait:g} s. Run again when it has finished.") from None
                time.sleep(0.05)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def lock_holder(fd: int) -> str:
    """Who holds the ``flock`` on the file behind ``fd``: ``process 4242 (xreg import-openapi spec.json)``, from
    ``/proc/locks`` (Linux); ``another process`` where that cannot be told."""
    try:
        info = os.fstat(fd)
        wanted = f"{os.major(info.st_dev):02x}:{os.minor(info.st_dev):02x}:{info.st_ino}"
        with open("/proc/locks", encoding="ascii", errors="replace") as fh:
            for line in fh:
                parts = line.split()
                if "FLOCK" in parts and "->" not in parts and wanted in parts:
                    pid = parts[parts.index("FLOCK") + 3]
                    with open(f"/proc/{pid}/cmdline", "rb") as cmd:
                        words = [w for w in cmd.read().decode("utf-8", "replace").split("\0") if w]
                    from registry.escaping import quote

                    shown = " ".join(os.path.basename(w) if i < 2 else w for i, w in enumerate(words))
                    return f"process {pid} ({quote(shown, 80)})"
    except (OSError, ValueError, IndexError):
        pass
    return "another process"


def _fsync_dirs(dirs: set[Path]) -> None:
    for d in sorted(dirs):
        try:
            fd = os.open(d, os.O_RDONLY)
        except OSError:
            continue
        try:
            os.fsync(fd)
        except OSError:
            pass
        finally:
            os.close(fd)
