"""Read an OpenAPI spec of the current Xentral API and turn its operations into endpoint records.

A spec is validated with openapi-spec-validator before anything is taken from it; a spec that fails
is rejected with a short, located summary (``SpecError``). Every operation becomes one plain dict
holding only the facts the importer owns (no summaries, no descriptions)::

    GET /api/v1/products/{id}   operationId product.view, tags [Product], id schema {pattern: \\d+}
    -> {"id": "xentral.products.get-v1-id", "method": "GET", "path": "/api/v1/products/{id}",
        "version": "v1", "operation_id": "product.view", "resource": "Product",
        "params": {"id": "\\d+"}, "docs": "https://developer.xentral.com/reference/productview"}

    PATCH /api/v3/salesOrders/{id}/actions/release   x-scopes [salesOrder:release]
    -> {"id": "xentral.salesOrders.patch-v3-id-actions-release", ..., "scopes": ["salesOrder:release"]}

``import_specs`` merges these records into ``data/xentral/<group>.yaml`` (one file per first path
segment after the version), keeping every curated field; ``registry.diffing`` compares the operations
of two specs or datasets.
"""
from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from registry.errors import SpecError, display_path
from registry.matching.regex_safety import backtracking_risk

#: Where Xentral publishes its specs; a spec's file name is appended to give an endpoint file's ``source``.
SPEC_REPOSITORY = "xentral/api-spec-public:openapi/"
#: Reference pages of the developer portal; the slug comes from ``docs_slug``.
DOCS_BASE = "https://developer.xentral.com/reference/"

HTTP_METHODS = ("get", "put", "post", "patch", "delete", "head", "options")
#: Summary prefixes that older specs (SPEC-A, 24.x) use instead of ``x-beta``.
_MARKERS = (("[EARLY ACCESS]", "early-access"), ("[ALPHA]", "alpha"), ("[BETA]", "beta"))
_VERSION_PATH = re.compile(r"^/api/(?:(?P<version>v\d+)/)?(?P<rest>.*)$")
_UNSAFE = re.compile(r"[^A-Za-z0-9_-]")
_UUID = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
#: How many validator problems a rejection lists before it only counts the rest.
MAX_LISTED = 5

Progress = Callable[[str], None]


@dataclass(frozen=True)
class Spec:
    """A parsed spec file: where it came from, what it calls itself, and the document."""

    path: Path
    doc: dict[str, Any]
    title: str
    version: str
    openapi: str

    @property
    def shown(self) -> str:
        return display_path(self.path)

    @property
    def source(self) -> str:
        """The spec's place in Xentral's public repository (``xentral/api-spec-public:openapi/<file>``)."""
        return SPEC_REPOSITORY + self.path.name


# -- reading and validating ---------------------------------------------------------------------
def read_spec(path: str | Path) -> Spec:
    """Parse a JSON spec file (the json module: several times faster than a YAML parser).

    Raises ``SpecError`` for an unreadable file, invalid JSON (with line and column) or a document
    that is not OpenAPI 3.0/3.1.
    """
    p = Path(path)
    shown = display_path(p)
    try:
        text = p.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SpecError(f"{shown}: cannot read the spec: {exc}") from None
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SpecError(f"{shown}:{exc.lineno}: invalid JSON: {exc.msg} (column {exc.colno}). "
                        "The importer reads JSON specs only.") from None
    if not isinstance(doc, dict):
        raise SpecError(f"{shown}:1: not an OpenAPI document (expected a JSON object at the top).")
    openapi = str(doc.get("openapi", ""))
    if not re.match(r"^3\.[01]\.\d+$", openapi):
        found = f"openapi '{openapi}'" if openapi else (
            f"swagger '{doc['swagger']}'" if "swagger" in doc else "no 'openapi' field")
        raise SpecError(f"{shown}: unsupported document: {found} (expected OpenAPI 3.0 or 3.1).")
    info = doc.get("info") if isinstance(doc.get("info"), dict) else {}
    return Spec(path=p, doc=doc, title=str(info.get("title", "")), version=str(info.get("version", "")),
                openapi=openapi)


def validate_spec(spec: Spec, progress: Progress | None = None) -> None:
    """Validate with openapi-spec-validator; raise ``SpecError`` listing the first problems by JSON pointer.

    The message looks like::

        broken.json: rejected by openapi-spec-validator (OpenAPI 3.0.3): 2 problems
          broken.json#/paths/~1api~1v1~1things/get: 'responses' is a required property
          broken.json#/paths/~1api~1v1~1things~1{id}/get: Path parameter 'id' for 'get' operation in '/api/v1/things/{id}' was not resolved
    """
    from openapi_spec_validator import OpenAPIV30SpecValidator, OpenAPIV31SpecValidator

    started = time.monotonic()
    if progress:
        progress(f"validating {spec.path.name} …")
    validator_class = OpenAPIV31SpecValidator if spec.openapi.startswith("3.1") else OpenAPIV30SpecValidator
    problems: list[str] = []
    count = 0
    for error in validator_class(spec.doc).iter_errors():
        count += 1
        if len(problems) < MAX_LISTED:
            problems.append(f"  {spec.shown}#{_pointer(error)}: {_short(error.message)}")
    elapsed = time.monotonic() - started
    if count:
        if progress:
            progress(f"validating {spec.path.name} … failed in {elapsed:.1f} s")
        more = [f"  … and {count - len(problems)} more"] if count > len(problems) else []
        head = f"{spec.shown}: rejected by openapi-spec-validator (OpenAPI {spec.openapi}): " \
               f"{count} problem{'s' if count != 1 else ''}"
        raise SpecError("\n".join([head, *problems, *more, "The dataset was not changed. Fix the spec and import again."]))
    if progress:
        progress(f"validating {spec.path.name} … ok in {elapsed:.1f} s")


def _pointer(error: Any) -> str:
    """The JSON pointer of a validator error; keyword errors carry none, so read it from their message."""
    parts = [str(p) for p in getattr(error, "absolute_path", ())]
    if not parts:
        m = re.search(r"for '(?P<method>\w+)'(?: operation)? in '(?P<url>[^']*)'", error.message)
        if m:
            parts = ["paths", m.group("url"), m.group("method")]
    if not parts:
        return ""
    return "/" + "/".join(p.replace("~", "~0").replace("/", "~1") for p in parts)


def _short(message: str, limit: int = 200) -> str:
    one_line = " ".join(message.split())
    return one_line if len(one_line) <= limit else one_line[: limit - 1] + "…"


# -- operations -> endpoint records --------------------------------------------------------------
def operations(spec: Spec) -> list[dict[str, Any]]:
    """Every operation of the spec as an endpoint record (importer-owned fields only), in spec order.

    Raises ``SpecError`` when a path is not under ``/api/`` or two operations get the same id.
    """
    records: list[dict[str, Any]] = []
    seen: dict[str, str] = {}
    slugs: dict[str, int] = {}
    paths = spec.doc.get("paths") or {}
    for path, item in paths.items():
        if not isinstance(item, dict):
            continue
        shared = item.get("parameters") or []
        for method in HTTP_METHODS:
            op = item.get(method)
            if not isinstance(op, dict):
                continue
            where = f"{spec.shown}#/paths/{_escape(path)}/{method}"
            endpoint_id = make_endpoint_id(method, path, where)
            if endpoint_id in seen:
                raise SpecError(f"{where}: operation gets id '{endpoint_id}', already taken by {seen[endpoint_id]} "
                                "(path segments differ only in characters outside [A-Za-z0-9_-]).")
            seen[endpoint_id] = f"{method.upper()} {path}"
            records.append(_record(spec, endpoint_id, method, path, op, shared, slugs))
    return records


def _record(spec: Spec, endpoint_id: str, method: str, path: str, op: dict[str, Any],
            shared: list[Any], slugs: dict[str, int]) -> dict[str, Any]:
    m = _VERSION_PATH.match(path)
    version = m.group("version") if m else None
    operation_id = op.get("operationId")
    tags = op.get("tags") or []
    record: dict[str, Any] = {
        "id": endpoint_id,
        "method": method.upper(),
        "path": path,
        "resource": str(tags[0]) if tags else endpoint_id.split(".")[1],
    }
    if version:
        record["version"] = version
    if operation_id:
        record["operation_id"] = str(operation_id)
    scopes = op.get("x-scopes") or []
    if scopes:
        record["scopes"] = [str(s) for s in scopes]
    params = path_params(spec.doc, path, [*shared, *(op.get("parameters") or [])])
    if params:
        record["params"] = params
    maturity = maturity_of(op)
    if maturity != "stable":
        record["maturity"] = maturity
    if operation_id:
        slug = docs_slug(str(operation_id))
        n = slugs.get(slug, 0)
        slugs[slug] = n + 1
        record["docs"] = DOCS_BASE + (slug if n == 0 else f"{slug}-{n}")
    record["spec"] = spec.title
    return record


def make_endpoint_id(method: str, path: str, where: str = "") -> str:
    """The stable id of a current-API operation (the scheme in data/README.md).

    ``GET /api/v1/products/{id}`` -> ``xentral.products.get-v1-id``;
    ``POST /api/creditNotes`` (unversioned) -> ``xentral.creditNotes.post``.
    """
    m = _VERSION_PATH.match(path)
    segments = [s for s in (m.group("rest") if m else "").split("/") if s]
    if not m or not segments:
        raise SpecError(f"{where or path}: path '{path}' is not below /api/<resource> (expected e.g. /api/v1/products).")
    names = [s[1:-1] if s.startswith("{") and s.endswith("}") else s for s in segments]
    group, tail = _UNSAFE.sub("-", names[0]), [_UNSAFE.sub("-", s) for s in names[1:]]
    head = [method.lower(), *([m.group("version")] if m.group("version") else [])]
    return f"xentral.{group}.{'-'.join(head + tail)}"


def group_of(endpoint_id: str) -> str:
    """The file (group) an endpoint id belongs to: ``xentral.salesOrders.get-v1`` -> ``salesOrders``."""
    return endpoint_id.split(".")[1]


def maturity_of(op: dict[str, Any]) -> str:
    """``beta`` for ``x-beta: true``; else the marker a summary starts with; else ``stable``."""
    if op.get("x-beta") is True:
        return "beta"
    summary = str(op.get("summary") or "").lstrip()
    for marker, maturity in _MARKERS:
        if summary.startswith(marker):
            return maturity
    return "stable"


def docs_slug(operation_id: str) -> str:
    """The developer portal's page slug (inferred rule, XENTRAL-FACTS §5): lower case, '::' and '.' removed.

    ``GET::api-v3-salesorders-id`` -> ``getapi-v3-salesorders-id``; ``deliveryNote.list`` -> ``deliverynotelist``.
    """
    return operation_id.lower().replace("::", "").replace(".", "")


def path_params(doc: dict[str, Any], path: str, parameters: list[Any]) -> dict[str, str]:
    """Regex per path parameter from its schema, for the placeholders of ``path`` that have one."""
    names = set(re.findall(r"\{([^{}/]+)\}", path))
    out: dict[str, str] = {}
    for param in parameters:
        param = _resolve(doc, param)
        if not isinstance(param, dict) or param.get("in") != "path" or param.get("name") not in names:
            continue
        regex = param_regex(_resolve(doc, param.get("schema") or {}))
        if regex is not None:
            out[str(param["name"])] = regex
    return dict(sorted(out.items()))


def param_regex(schema: Any) -> str | None:
    """The regex a path parameter's value must match, or ``None`` when the schema says nothing useful.

    - ``pattern``: used as given, without its ``^``/``$`` anchors and without an empty ``^$|``
      alternative (a path segment is never empty); capturing groups become non-capturing;
    - ``type: integer``: ``\\d+`` when ``minimum >= 0``, else ``-?\\d+``;
    - ``format: uuid``: the 8-4-4-4-12 hex form;
    - anything else (plain strings, numbers, dates): no constraint.
    A regex that does not compile or could backtrack catastrophically is dropped.
    """
    if not isinstance(schema, dict):
        return None
    regex: str | None = None
    if isinstance(schema.get("pattern"), str):
        regex = _strip_anchors(schema["pattern"])
    elif schema.get("type") == "integer":
        minimum = schema.get("minimum")
        regex = r"\d+" if isinstance(minimum, (int, float)) and minimum >= 0 else r"-?\d+"
    elif schema.get("format") == "uuid":
        regex = _UUID
    if not regex:
        return None
    try:
        re.compile(regex)
    except re.error:
        return None
    return None if backtracking_risk(regex) else regex


def _strip_anchors(pattern: str) -> str:
    regex = pattern
    if regex.startswith("^$|"):
        regex = regex[3:]
    if regex.startswith("^"):
        regex = regex[1:]
    if regex.endswith("$") and not regex.endswith("\\$"):
        regex = regex[:-1]
    return re.sub(r"(?<!\\)\((?!\?)", "(?:", regex)


def _resolve(doc: dict[str, Any], node: Any) -> Any:
    """Follow a local ``$ref`` (``#/components/...``); other references stay unresolved."""
    for _ in range(20):
        if not (isinstance(node, dict) and isinstance(node.get("$ref"), str) and node["$ref"].startswith("#/")):
            return node
        target: Any = doc
        for part in node["$ref"][2:].split("/"):
            part = part.replace("~1", "/").replace("~0", "~")
            if not isinstance(target, dict) or part not in target:
                return {}
            target = target[part]
        node = target
    return node


def _escape(path: str) -> str:
    return path.replace("~", "~0").replace("/", "~1")


# -- importing into data/xentral -----------------------------------------------------------------
#: Fields the importer writes on every import; every other field of an endpoint is curated and kept.
IMPORTER_OWNED = ("method", "path", "version", "operation_id", "resource", "scopes", "params", "maturity",
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
                 progress: Progress | None = None) -> ImportResult:
    """Validate the specs and merge their operations into ``<data_dir>/xentral/<group>.yaml``.

    ``releases[i]`` is the Xentral release of ``spec_paths[i]`` (the files' ``info.version`` is not one,
    e.g. ``v0.1``); without it ``info.version`` is recorded. The importer rewrites only the fields in
    ``IMPORTER_OWNED``; an operation that a newer import of the same spec (same title) lacks is marked
    ``status: removed`` with ``removed_in: <release>``. The files and ``dataset.yaml``'s ``specs`` are
    replaced all together or not at all, and only files whose text changes are written.

    Raises ``SpecError`` (invalid spec, id collision) or ``DataError`` (unreadable dataset file); in
    both cases nothing was written.
    """
    from registry.loading.writing import replace_files

    root = Path(data_dir)
    if not (root / "dataset.yaml").is_file():
        raise SpecError(f"{display_path(root)}: not a dataset directory (no dataset.yaml). Pass --data DIR.")
    releases = list(releases or [None] * len(spec_paths))
    if len(releases) != len(spec_paths):
        raise SpecError(f"got {len(releases)} releases for {len(spec_paths)} specs (give one per spec, or none).")
    specs = [read_spec(p) for p in spec_paths]
    for spec in specs:
        validate_spec(spec, progress)

    folder = root / "xentral"
    files, endpoints = _read_endpoint_files(folder)
    dataset_text = (root / "dataset.yaml").read_text(encoding="utf-8")
    spec_entries = _read_spec_entries(dataset_text, display_path(root / "dataset.yaml"))
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


def _read_endpoint_files(folder: Path) -> tuple[dict[str, dict[str, Any]], dict[str, dict[str, Any]]]:
    """The existing files of ``data/xentral`` (by group) and their endpoints (by id), as plain dicts."""
    from registry.errors import DataError, Problem, SourceLocation
    from registry.loading.writing import plain
    from registry.loading.yaml_source import YamlSyntaxError, load_yaml

    files: dict[str, dict[str, Any]] = {}
    endpoints: dict[str, dict[str, Any]] = {}
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        shown = display_path(path)
        try:
            doc = load_yaml(path.read_text(encoding="utf-8"), shown)
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


def _ordered(record: dict[str, Any]) -> dict[str, Any]:
    """Keys in the model's field order (unknown keys last, sorted); scope lists in flow style."""
    from registry.loading.writing import Flow
    from registry.models import Endpoint

    order = [k for k in Endpoint.model_fields if k in record]
    order += sorted(k for k in record if k not in Endpoint.model_fields)
    out = {k: record[k] for k in order}
    if "scopes" in out and isinstance(out["scopes"], list):
        out["scopes"] = Flow(out["scopes"])
    return out


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
