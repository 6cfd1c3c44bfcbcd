"""Merge the operations of OpenAPI specs into ``data/xentral/<group>.yaml``: ``xreg import-openapi``.

``import_specs`` validates the specs (``registry.loading.openapi``), turns their operations into
endpoint records, rewrites the fields the importer owns (``IMPORTER_OWNED``) and keeps every other,
curated field; endpoints a spec no longer has are marked removed. All files of an import are replaced
together or not at all (``registry.loading.writing.replace_files``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from registry.errors import SpecError, display_path
from registry.loading.openapi import SPEC_REPOSITORY, Progress, group_of, operations, read_spec, validate_spec

#: Fields the importer writes on every import; every other field of an endpoint is curated and kept.
IMPORTER_OWNED = ("method", "path", "version", "operation_id", "resource", "scopes", "params", "query", "maturity",
                  "docs", "status", "removed_in", "spec")
_METHOD_RANK = {m.upper(): i for i, m in enumerate(("get", "post", "put", "patch", "delete", "head", "options"))}
_SPEC_KEYS = ("title", "version", "release", "openapi", "file", "source", "operations")
_FILE_HEADER = (
    "# Current Xentral API, group '{group}'. Written by `xreg import-openapi`, which rewrites the importer's\n"
    "# fields on every import and keeps every other field (notes, sources, support); see data/README.md.\n"
)


@dataclass
class SpecImport:
    """What one spec changed: counts of operations added, updated, unchanged and marked removed."""

    file: str
    title: str
    release: str
    operations: int
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0

    def summary(self) -> str:
        return (f"{self.file} ({self.title}, release {self.release}): {self.operations} operations: "
                f"{self.added} added, {self.updated} updated, {self.unchanged} unchanged, {self.removed} marked removed")


@dataclass
class ImportResult:
    """The outcome of ``import_specs``: one ``SpecImport`` per spec and the files rewritten."""

    specs: list[SpecImport]
    written: list[str]


def import_specs(spec_paths: list[str | Path], data_dir: str | Path, releases: list[str | None] | None = None,
                 progress: Progress | None = None, allow_older: bool = False) -> ImportResult:
    """Validate the specs and merge their operations into ``<data_dir>/xentral/<group>.yaml``.

    ``releases[i]`` is the Xentral release of ``spec_paths[i]`` (the files' ``info.version`` is not one,
    e.g. ``v0.1``); without it ``info.version`` is recorded. The importer rewrites only the fields in
    ``IMPORTER_OWNED``; an operation that a newer import of the same spec (same title) lacks is marked
    ``status: removed`` with ``removed_in: <release>``. The files and ``dataset.yaml``'s ``specs`` are
    replaced all together or not at all, and only files whose text changes are written.

    Refused (``check_release``, ``check_title``), unless ``allow_older`` for the first: a spec whose
    release is older than the one recorded for its title, and a spec whose title no recorded spec has
    while more than half of its operations are endpoints of one recorded spec (a renamed spec, not a new one).

    Raises ``SpecError`` (invalid spec, id collision, refused import) or ``DataError`` (unreadable dataset
    file); in all cases nothing was written.

    The whole import holds the dataset folder's write lock (``registry.loading.writing.folder_lock``): a
    second import of the same folder waits for it, then merges into what it wrote; nothing is lost
    (``LockError`` when another process keeps the folder locked too long).
    """
    from registry.loading.writing import folder_lock

    root = Path(data_dir)
    if not root.is_dir():
        raise SpecError(f"{display_path(root)}: not a dataset directory (no dataset.yaml). Pass --data DIR.")
    with folder_lock(root, progress):
        return _import_specs(spec_paths, root, releases, progress, allow_older)


def _import_specs(spec_paths: list[str | Path], data_dir: str | Path, releases: list[str | None] | None = None,
                  progress: Progress | None = None, allow_older: bool = False) -> ImportResult:
    """``import_specs`` once the lock is held."""
    from registry.loading.writing import replace_files

    root = Path(data_dir)
    if not (root / "dataset.yaml").is_file():
        raise SpecError(f"{display_path(root)}: not a dataset directory (no dataset.yaml). Pass --data DIR.")
    releases = list(releases or [None] * len(spec_paths))
    if len(releases) != len(spec_paths):
        raise SpecError(f"got {len(releases)} releases for {len(spec_paths)} specs (give one per spec, or none).")
    specs = [read_spec(p) for p in spec_paths]
    dataset_text = _read_text(root / "dataset.yaml")
    spec_entries = _read_spec_entries(dataset_text, display_path(root / "dataset.yaml"))
    if not allow_older:
        for spec, release in zip(specs, releases):
            check_release(spec.shown, spec.title, release or spec.version, spec_entries, display_path(root / "dataset.yaml"))
    for spec in specs:
        validate_spec(spec, progress)

    folder = root / "xentral"
    files, endpoints = _read_endpoint_files(folder)
    for spec in specs:
        check_title(spec.shown, spec.title, operations(spec), spec_entries, endpoints, display_path(root / "dataset.yaml"))
    results: list[SpecImport] = []
    collisions: list[str] = []
    for spec, release in zip(specs, releases):
        release = release or spec.version
        records = operations(spec)
        result = SpecImport(spec.path.name, spec.title, release, len(records))
        ids = set()
        for record in records:
            ids.add(record["id"])
            old = endpoints.get(record["id"])
            owner = old.get("spec") if old else None
            if old is not None and owner not in (None, spec.title) and old.get("status") != "removed":
                collisions.append(f"  {record['method']} {record['path']} of '{spec.title}' ({spec.shown}) gets id "
                                  f"'{record['id']}', already imported from '{owner}'")
                continue
            merged = {k: v for k, v in (old or {}).items() if k not in IMPORTER_OWNED}
            merged.update(record)
            merged = _ordered(merged)
            if old is None:
                result.added += 1
            elif merged == old:
                result.unchanged += 1
            else:
                result.updated += 1
            endpoints[record["id"]] = merged
        for endpoint_id, old in endpoints.items():
            if old.get("spec") == spec.title and endpoint_id not in ids and old.get("status") != "removed":
                old["status"], old["removed_in"] = "removed", release
                endpoints[endpoint_id] = _ordered(old)
                result.removed += 1
        spec_entries[spec.title] = {"title": spec.title, "version": spec.version, "release": release,
                                    "openapi": spec.openapi, "file": spec.path.name, "source": spec.source,
                                    "operations": str(len(records))}
        results.append(result)
    if collisions:
        raise SpecError("\n".join([f"{len(collisions)} operation{'s' if len(collisions) != 1 else ''} collide with "
                                   "another spec's endpoints:", *collisions,
                                   "The dataset was not changed. Import each operation from one spec only."]))

    changes = _render_files(folder, files, endpoints, spec_entries)
    new_dataset = _splice_specs(dataset_text, spec_entries)
    if new_dataset != dataset_text:
        changes[root / "dataset.yaml"] = new_dataset
    for result in results:
        if progress:
            progress(f"imported {result.summary()}")
    replace_files(changes)
    written = sorted(p.relative_to(root).as_posix() for p in changes)
    if progress:
        progress(f"wrote {len(written)} file{'s' if len(written) != 1 else ''}" if written else "no file changed")
    return ImportResult(results, written)


_RELEASE_NUMBER = re.compile(r"^\d+(?:\.\d+)*$")


def check_release(shown: str, title: str, release: str, recorded: dict[str, dict[str, str]], dataset: str) -> None:
    """Raise ``SpecError`` when ``release`` is older than the release recorded for the spec ``title``.

    Releases compare number by number (``24.2.5`` < ``24.48.10``); the same text is a re-import. A release
    that is not a number (an ``info.version`` such as ``v0.1``) cannot be ordered against another: refused
    too. A title with no recorded release passes.
    """
    before = recorded.get(title, {}).get("release")
    if before is None or before == release:
        return
    if _RELEASE_NUMBER.match(release) and _RELEASE_NUMBER.match(before):
        if tuple(map(int, release.split("."))) >= tuple(map(int, before.split("."))):
            return
        raise SpecError(f"{shown}: spec '{title}': release {release} is older than release {before} recorded in "
                        f"{dataset} (expected {before} or newer): importing it would mark every operation added since "
                        "as removed. Pass --allow-older to import it all the same.")
    raise SpecError(f"{shown}: spec '{title}': release '{release}' cannot be ordered against release '{before}' "
                    f"recorded in {dataset} (expected release numbers such as 24.48.10). Pass --release R, or "
                    "--allow-older to import it all the same.")


def check_title(shown: str, title: str, records: list[dict[str, Any]], recorded: dict[str, dict[str, str]],
                endpoints: dict[str, dict[str, Any]], dataset: str) -> None:
    """Raise ``SpecError`` when no recorded spec has ``title`` although the spec is not new.

    A spec is *new* unless more than half of its operations (method + path) are endpoints, not marked
    removed, imported from one spec recorded in ``dataset.yaml``: then a title no recorded spec has means
    the spec was renamed (or is the wrong file). (A new spec that shares a few operations with a recorded
    one is refused by the collision check, operation by operation.)
    """
    if title in recorded or not records:
        return
    owned = {(ep.get("method"), ep.get("path")): ep.get("spec") for ep in endpoints.values()
             if ep.get("spec") in recorded and ep.get("status") != "removed"}
    by_owner: dict[str, list[tuple[str, str]]] = {}
    for r in records:
        owner = owned.get((r["method"], r["path"]))
        if owner is not None:
            by_owner.setdefault(owner, []).append((r["method"], r["path"]))
    owner, shared = max(sorted(by_owner.items()), key=lambda kv: len(kv[1]), default=(None, []))
    if 2 * len(shared) <= len(records):
        return
    method, path = shared[0]
    titles = ", ".join(f"'{t}'" for t in sorted(recorded))
    raise SpecError(f"{shown}: spec title '{title}' matches no spec recorded in {dataset} (expected one of: {titles}, "
                    f"or a new spec), but {len(shared)} of its operations are endpoints of '{owner}' (e.g. {method} "
                    f"{path}). If the spec was renamed, change its title in {dataset} first.")


def _read_endpoint_files(folder: Path) -> tuple[dict[str, dict[str, Any]], dict[str, dict[str, Any]]]:
    """The existing files of ``data/xentral`` (by group) and their endpoints (by id), as plain dicts."""
    from registry.errors import DataError, Problem, SourceLocation
    from registry.loading.writing import plain
    from registry.loading.yaml_source import YamlSyntaxError, dataset_files, load_yaml

    files: dict[str, dict[str, Any]] = {}
    endpoints: dict[str, dict[str, Any]] = {}
    listed, refused = dataset_files(folder) if folder.is_dir() else ([], [])
    if refused:
        raise DataError(refused)
    for path in (p for p in listed if p.parent == folder):
        shown = display_path(path)
        try:
            doc = load_yaml(_read_text(path), shown)
        except YamlSyntaxError as exc:
            raise DataError([exc.problem]) from None
        if not isinstance(doc, dict) or not isinstance(doc.get("endpoints"), list):
            raise DataError([Problem(SourceLocation(shown, 1), "", "expected a mapping with an 'endpoints' list.",
                                     "Fix the file (xreg validate) and import again.")])
        files[path.stem] = plain(doc)
        for record in files[path.stem]["endpoints"]:
            if isinstance(record, dict) and isinstance(record.get("id"), str):
                endpoints[record["id"]] = record
    return files, endpoints


def _read_text(path: Path) -> str:
    """A dataset file's text, read as the loader reads it (no link followed, no FIFO opened, size capped)."""
    from registry.errors import DataError, Problem, SourceLocation
    from registry.loading.yaml_source import read_dataset_file

    try:
        return read_dataset_file(path).decode("utf-8")
    except OSError as exc:
        raise DataError([Problem(SourceLocation(display_path(path)), "", f"cannot read file: {exc.strerror or exc}.")]) from None
    except UnicodeDecodeError as exc:
        raise DataError([Problem(SourceLocation(display_path(path)), "",
                                 f"cannot read file: not UTF-8 text (byte {exc.start + 1}).")]) from None


def _ordered(record: dict[str, Any]) -> dict[str, Any]:
    """Keys in the model's field order (unknown keys last, sorted); ``dump_yaml`` writes scope lists in flow style."""
    from registry.models import Endpoint

    order = [k for k in Endpoint.model_fields if k in record]
    order += sorted(k for k in record if k not in Endpoint.model_fields)
    return {k: record[k] for k in order}


def _sort_key(record: dict[str, Any]) -> tuple[str, int, str]:
    return (str(record.get("path") or ""), _METHOD_RANK.get(str(record.get("method")), 99), str(record.get("id")))


def _render_files(folder: Path, files: dict[str, dict[str, Any]], endpoints: dict[str, dict[str, Any]],
                  spec_entries: dict[str, dict[str, str]]) -> dict[Path, str]:
    """The new text of every group file whose text changes."""
    from pydantic import ValidationError

    from registry.loading.writing import dump_yaml
    from registry.models import EndpointFile

    groups: dict[str, list[dict[str, Any]]] = {}
    for endpoint_id, record in endpoints.items():
        groups.setdefault(group_of(endpoint_id), []).append(record)
    changes: dict[Path, str] = {}
    for group, records in sorted(groups.items()):
        records.sort(key=_sort_key)
        old = files.get(group, {})
        titles = sorted({r["spec"] for r in records if r.get("spec") in spec_entries})
        doc: dict[str, Any] = {"api": "xentral", "group": group}
        sources = sorted({spec_entries[t]["source"] for t in titles})
        source = sources[0] if len(sources) == 1 else (SPEC_REPOSITORY if sources else old.get("source"))
        spec_text = "; ".join(f"{t} {spec_entries[t]['release']}" for t in titles) or old.get("spec")
        if source:
            doc["source"] = source
        if spec_text:
            doc["spec"] = spec_text
        doc["endpoints"] = records
        try:
            EndpointFile.model_validate(doc)
        except ValidationError as exc:
            first = exc.errors(include_url=False)[0]
            raise SpecError(f"{display_path(folder / (group + '.yaml'))}: the import would write an invalid file: "
                            f"{'.'.join(str(x) for x in first['loc'])}: {first['msg']}. Nothing was written.") from None
        text = _FILE_HEADER.format(group=group) + dump_yaml(doc)
        path = folder / f"{group}.yaml"
        try:
            current = path.read_text(encoding="utf-8")
        except OSError:
            current = None
        if text != current:
            changes[path] = text
    return changes


def _read_spec_entries(text: str, shown: str) -> dict[str, dict[str, str]]:
    from registry.errors import DataError
    from registry.loading.writing import plain
    from registry.loading.yaml_source import YamlSyntaxError, load_yaml

    try:
        doc = plain(load_yaml(text, shown))
    except YamlSyntaxError as exc:
        raise DataError([exc.problem]) from None
    entries = doc.get("specs") if isinstance(doc, dict) else None
    return {str(e["title"]): {k: str(e[k]) for k in _SPEC_KEYS if k in e}
            for e in entries or [] if isinstance(e, dict) and "title" in e}


def _splice_specs(text: str, entries: dict[str, dict[str, str]]) -> str:
    """``dataset.yaml`` with its ``specs:`` block replaced; every other line (and comment) stays as it was."""
    from registry.loading.writing import dump_yaml

    rows = [{k: e[k] for k in _SPEC_KEYS if k in e} for _, e in sorted(entries.items())]
    block = "specs:\n" + "".join(f"  {line}\n" for line in dump_yaml(rows).splitlines()) if rows else "specs: []\n"
    lines = text.splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines) if re.match(r"^specs\s*:", line)), None)
    if start is None:
        return text + ("" if text.endswith("\n") or not text else "\n") + block
    end = start + 1
    while end < len(lines) and (lines[end].startswith((" ", "\t", "- ")) or not lines[end].strip()):
        end += 1
    while end > start + 1 and not lines[end - 1].strip():  # blank lines before the next key stay
        end -= 1
    return "".join(lines[:start]) + block + "".join(lines[end:])
