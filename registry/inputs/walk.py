"""Walk a directory tree the way a repository sees it: vendored, tool and git-ignored paths left out.

    walk_tree("shop-connector", stats)   # → ['shop-connector/src/Client.php', 'shop-connector/logs/access.log.gz', …]

- Directories named in ``SKIP_DIRS`` (``vendor``, ``node_modules``, ``.git``, …) are not entered.
- Symbolic links to directories are not followed (so a symlink loop cannot trap the walk); links to
  files inside the folder are listed like files, links to files outside it are not followed: each is one
  skipped file in ``stats`` (``src/x.php: skipped file: a symbolic link to a file outside src/; not
  followed.``), so a tree can never make the scan read what lies outside the folder given. Pipes,
  devices and sockets are listed, and the readers skip them unopened.
- ``.gitignore``: inside a git work tree, ``git check-ignore --no-index`` decides (all of git's rules,
  nested files and ``.git/info/exclude`` included). Outside one, or without git, a simple reader of
  the ``.gitignore`` files within the tree applies this subset: blank lines and ``#`` comments are
  ignored; ``!`` re-includes; a trailing ``/`` matches directories only; a pattern with another ``/``
  is anchored at its ``.gitignore``'s directory and matched against the path below it; a pattern
  without one matches a file or directory name at any depth; ``*``, ``?`` and ``[…]`` work as in
  ``fnmatch`` (so ``*`` and ``**`` may cross ``/``); the last matching pattern wins; escapes (``\\#``)
  are not supported.

Paths come back sorted, joined to ``root`` as given, and everything left out is mentioned once in
``ReadStats.notes`` (``vendor/: not read (vendored or tool directory)``).
"""
from __future__ import annotations

import fnmatch
import os
import subprocess
from dataclasses import dataclass

from registry.inputs.base import ReadStats
from registry.inputs.source.files import SKIP_DIRS


@dataclass(frozen=True)
class _Rule:
    base: str  # directory of the .gitignore, relative to the root ("" = root)
    pattern: str
    negate: bool
    dir_only: bool
    anchored: bool


def _parse_gitignore(path: str, base: str) -> list[_Rule]:
    rules: list[_Rule] = []
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            lines = f.read().splitlines()
    except OSError:
        return rules
    for raw in lines:
        line = raw.rstrip()
        if not line or line.startswith("#"):
            continue
        negate = line.startswith("!")
        if negate:
            line = line[1:]
        dir_only = line.endswith("/")
        line = line.rstrip("/")
        if not line:
            continue
        anchored = "/" in line
        rules.append(_Rule(base, line.lstrip("/"), negate, dir_only, anchored))
    return rules


def _ignored(rel: str, is_dir: bool, rules: list[_Rule]) -> bool:
    result = False
    name = rel.rsplit("/", 1)[-1]
    for rule in rules:
        if rule.dir_only and not is_dir:
            continue
        if rule.base:
            if not rel.startswith(rule.base + "/"):
                continue
            below = rel[len(rule.base) + 1 :]
        else:
            below = rel
        target = below if rule.anchored else name
        if fnmatch.fnmatchcase(target, rule.pattern) or (rule.anchored and fnmatch.fnmatchcase(target, rule.pattern.replace("**/", ""))):
            result = not rule.negate
    return result


def _git_ignored(root: str, rels: list[str]) -> set[str] | None:
    """The subset of ``rels`` git ignores, or ``None`` when ``root`` is not in a git work tree (or no git)."""
    if not rels:
        return set()
    try:
        probe = subprocess.run(
            ["git", "-C", root, "rev-parse", "--is-inside-work-tree"],
            capture_output=True, text=True, timeout=30, check=False,
        )
        if probe.returncode != 0 or probe.stdout.strip() != "true":
            return None
        done = subprocess.run(
            ["git", "-C", root, "check-ignore", "--no-index", "-z", "--stdin"],
            input="\0".join(rels) + "\0", capture_output=True, text=True, timeout=120, check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    if done.returncode not in (0, 1):  # 1 = nothing ignored
        return None
    return {p for p in done.stdout.split("\0") if p}


def walk_tree(root: str, stats: ReadStats) -> list[str]:
    """Every file below ``root`` that a scan should look at, sorted; exclusions noted in ``stats.notes``."""
    root = root.rstrip("/\\") or root
    shown_root = root.replace(os.sep, "/")
    inside = os.path.realpath(root)
    files: list[str] = []
    dirs: list[str] = []
    rules: list[_Rule] = []
    for current, dirnames, filenames in os.walk(root, followlinks=False):
        rel_dir = os.path.relpath(current, root).replace(os.sep, "/")
        rel_dir = "" if rel_dir == "." else rel_dir
        if ".gitignore" in filenames:
            rules.extend(_parse_gitignore(os.path.join(current, ".gitignore"), rel_dir))
        keep = []
        for d in sorted(dirnames):
            rel = f"{rel_dir}/{d}" if rel_dir else d
            full = os.path.join(current, d)
            if d in SKIP_DIRS:
                stats.notes.append(f"{shown_root}/{rel}/: not read (vendored or tool directory)")
            elif os.path.islink(full):
                stats.notes.append(f"{shown_root}/{rel}/: not read (symbolic link to a directory; not followed)")
            else:
                keep.append(d)
                dirs.append(rel)
        dirnames[:] = keep
        for name in sorted(filenames):
            rel = f"{rel_dir}/{name}" if rel_dir else name
            full = os.path.join(current, name)
            if os.path.islink(full):
                if not os.path.exists(full):
                    stats.notes.append(f"{shown_root}/{rel}: not read (broken symbolic link)")
                    continue
                target = os.path.realpath(full)
                if os.path.commonpath([inside, target]) != inside:
                    stats.skip(f"{shown_root}/{rel}: skipped file: a symbolic link to a file outside {shown_root}/; "
                               "not followed.")
                    continue
            files.append(rel)
    ignored = _git_ignored(root, files + [d + "/" for d in dirs])
    if ignored is None:
        ignored_dirs = {d for d in dirs if _ignored(d, True, rules)}
        ignored = {
            f for f in files
            if _ignored(f, False, rules) or any(f.startswith(d + "/") for d in ignored_dirs)
        } | {d + "/" for d in ignored_dirs}
    else:
        ignored_dirs = {p.rstrip("/") for p in ignored if p.endswith("/")}
        ignored |= {f for f in files if any(f.startswith(d + "/") for d in ignored_dirs)}
    for d in sorted(ignored_dirs):
        if not any(d.startswith(o + "/") for o in ignored_dirs if o != d):
            stats.notes.append(f"{shown_root}/{d}/: not read (ignored by .gitignore)")
    out = []
    for f in files:
        if f in ignored:
            if not any(f.startswith(d + "/") for d in ignored_dirs):
                stats.notes.append(f"{shown_root}/{f}: not read (ignored by .gitignore)")
            continue
        out.append(os.path.join(root, f) if root != "." else f)
    return sorted(out)
