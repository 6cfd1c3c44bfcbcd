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

``registry.loading.importer.import_specs`` merges these records into ``data/xentral/<group>.yaml``
(one file per first path segment after the version), keeping every curated field;
``registry.diffing`` compares the operations of two specs or datasets.
"""
from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from registry.errors import SpecError, display_path
from registry.escaping import quote
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
#: The largest spec accepted (bytes): four times Xentral's largest (xentral-api.openapi-3.0.0.json, 3.8 MB).
#: The validator's time grows faster than the spec, so a bigger file is refused before it is read.
MAX_SPEC_BYTES = 16 * 1024 * 1024
#: The most operations a spec may have: twenty times Xentral's largest (243).
MAX_OPERATIONS = 5_000

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
        with open(p, "rb") as fh:
            data = fh.read(MAX_SPEC_BYTES + 1)
        if len(data) > MAX_SPEC_BYTES:
            raise SpecError(f"{shown}: more than {MAX_SPEC_BYTES // (1024 * 1024)} MiB, the most a spec may have (Xentral's "
                            "largest is 3.8 MB). The dataset was not changed.")
        text = data.decode("utf-8")
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
    paths = doc.get("paths")
    count = sum(1 for item in paths.values() if isinstance(item, dict) for m in HTTP_METHODS if m in item) \
        if isinstance(paths, dict) else 0
    if count > MAX_OPERATIONS:
        raise SpecError(f"{shown}: {count:,} operations, more than the {MAX_OPERATIONS:,} a spec may have (Xentral's "
                        "largest has 243). The dataset was not changed.")
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
    check_refs(spec)
    started = time.monotonic()
    if progress:
        progress(f"validating {spec.path.name} …")
    validator_class = local_validator(spec.openapi)
    problems: list[str] = []
    count = 0
    stopped = False
    try:
        for error in validator_class(spec.doc).iter_errors():
            count += 1
            if len(problems) < MAX_LISTED:
                problems.append(f"  {spec.shown}#{_pointer(error)}: {_message(error)}")
    except Exception as exc:  # noqa: BLE001 - the validator's own checks crash on some wrong input, see below
        # openapi-spec-validator 0.9 first checks the spec against the OpenAPI JSON Schema and yields those
        # errors, then walks it with its own keyword checks, which raise (KeyError, TypeError, ...) on the
        # wrong types the first pass already reported; so the problems found so far name the cause.
        # A $ref to nothing raises before any problem: name the place of that $ref instead.
        stopped = True
        if not count:
            count = 1
            problems.append(f"  {spec.shown}#{_crash_message(spec.doc, exc)}")
    elapsed = time.monotonic() - started
    if count:
        if progress:
            progress(f"validating {spec.path.name} … failed in {elapsed:.1f} s")
        more = [f"  … and {count - len(problems)} more"] if count > len(problems) else []
        head = f"{spec.shown}: rejected by openapi-spec-validator (OpenAPI {spec.openapi}): " \
               f"{count} problem{'s' if count != 1 else ''}"
        if stopped:
            head += " (the validator could check no further; fixing these may reveal more)"
        raise SpecError("\n".join([head, *problems, *more, "The dataset was not changed. Fix the spec and import again."]))
    if progress:
        progress(f"validating {spec.path.name} … ok in {elapsed:.1f} s")


def check_refs(spec: Spec) -> None:
    """Refuse every ``$ref`` that is not local (``#/…``) and every chain of ``$ref`` that comes back to itself,
    each with its JSON pointer, before anything resolves one: a spec is one self-contained file, and the
    validator must never fetch a URL or open a file a spec names (``http://…``, ``file:///etc/passwd``)."""
    problems: list[str] = []
    count = 0
    memo: dict[str, bool] = {}
    for parts, node in _nodes(spec.doc, []):
        if not (isinstance(node, dict) and isinstance(node.get("$ref"), str)):
            continue
        ref = node["$ref"]
        where = "/" + "/".join(_escape(str(p)) for p in [*parts, "$ref"])
        if not ref.startswith("#"):
            problem = f"$ref '{quote(ref)}' is not local (expected '#/…': a spec is one self-contained file)"
        elif _ref_cycle(spec.doc, ref, memo):
            problem = f"$ref '{quote(ref)}' ends in a cycle of nodes that are only $ref"
        else:
            continue
        count += 1
        if len(problems) < MAX_LISTED:
            problems.append(f"  {spec.shown}#{quote(where, 200)}: {problem}")
    if count:
        more = [f"  … and {count - len(problems)} more"] if count > len(problems) else []
        raise SpecError("\n".join([f"{spec.shown}: refused before validation: {count} $ref{'s' if count != 1 else ''} "
                                   "the importer does not follow", *problems, *more,
                                   "The dataset was not changed. Inline the referenced parts and import again."]))


def _ref_cycle(doc: dict[str, Any], ref: str, memo: dict[str, bool]) -> bool:
    """Whether following ``ref`` from node to node, as long as each node is only a ``$ref`` to another, ends in a
    cycle; ``memo`` keeps every answer, so a spec's refs are checked in time proportional to their number."""
    path: list[str] = []
    on_path: set[str] = set()
    result = False
    while isinstance(ref, str) and ref.startswith("#"):
        if ref in memo:
            result = memo[ref]
            break
        if ref in on_path:
            result = True
            break
        path.append(ref)
        on_path.add(ref)
        node = _target(doc, ref)
        ref = node.get("$ref") if isinstance(node, dict) else None
    for seen in path:
        memo[seen] = result
    return result


def _target(doc: dict[str, Any], ref: str) -> Any:
    target: Any = doc
    for part in ref[2:].split("/") if ref.startswith("#/") else []:
        part = part.replace("~1", "/").replace("~0", "~")
        if isinstance(target, dict) and part in target:
            target = target[part]
        elif isinstance(target, list) and part.isdigit() and int(part) < len(target):
            target = target[int(part)]
        else:
            return None
    return target


class _NoRetrieval(dict):  # type: ignore[type-arg]
    """Resolver handlers for every URL scheme, each refusing: jsonschema-path falls back to ``urlopen`` for a
    scheme it has no handler for, so this mapping claims to have one for all."""

    def __contains__(self, scheme: object) -> bool:
        return True

    def __getitem__(self, scheme: Any) -> Any:
        return _refuse_retrieval


def _refuse_retrieval(uri: str) -> Any:
    raise SpecError(f"$ref '{quote(uri)}' names another document; the importer opens no URL and no file")


def local_validator(openapi: str) -> Any:
    """openapi-spec-validator's class for this OpenAPI version, with every retrieval refused: local ``$ref``
    only (``check_refs`` has refused the others already; this makes sure of it)."""
    from openapi_spec_validator import OpenAPIV30SpecValidator, OpenAPIV31SpecValidator

    base = OpenAPIV31SpecValidator if openapi.startswith("3.1") else OpenAPIV30SpecValidator
    return type(f"Local{base.__name__}", (base,), {"resolver_handlers": _NoRetrieval()})


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


_TYPE_NAMES = {"object": "an object", "array": "an array", "string": "a string", "integer": "an integer",
               "number": "a number", "boolean": "a boolean (true or false)", "null": "null"}


def _kind(value: Any) -> str:
    """What a JSON value is, in words: ``a number (5)``, ``a string ("x")``, ``an array``."""
    if isinstance(value, bool):
        return f"a boolean ({'true' if value else 'false'})"
    if value is None:
        return "null"
    if isinstance(value, (int, float)):
        return f"a number ({value})"
    if isinstance(value, str):
        return f"a string ({_short(json.dumps(value, ensure_ascii=False), 60)})"
    return "an array" if isinstance(value, list) else "an object"


def _message(error: Any) -> str:
    """The validator's message on one line; a wrong type as ``found a number (5), expected an object``."""
    expected = getattr(error, "validator_value", None) if getattr(error, "validator", None) == "type" else None
    if isinstance(expected, str):
        expected = [expected]
    if isinstance(expected, list) and expected and all(t in _TYPE_NAMES for t in expected):
        return f"found {_kind(error.instance)}, expected {' or '.join(_TYPE_NAMES[t] for t in expected)}"
    return _short(error.message)


def _crash_message(doc: dict[str, Any], exc: Exception) -> str:
    """Pointer and message for a validator that raised before it reported any problem.

    The one case known (openapi-spec-validator 0.9, found by fuzzing): a local ``$ref`` that points to
    nothing raises ``referencing``'s ``Unresolvable``; the message names the first node holding that $ref.
    Anything else is named by its exception, without a place.
    """
    ref = getattr(exc, "ref", None)
    if isinstance(ref, str):
        target = ref if ref.startswith("#") else "#" + ref
        for parts, node in _nodes(doc, []):
            if isinstance(node, dict) and node.get("$ref") in (ref, target):
                pointer = "/" + "/".join(_escape(str(p)) for p in parts) if parts else ""
                return f"{pointer}: $ref '{node['$ref']}' points to nothing in the spec"
        return f": $ref '{ref}' points to nothing in the spec"
    return f": openapi-spec-validator cannot check this spec ({type(exc).__name__}: {_short(str(exc), 120)})"


def _nodes(node: Any, parts: list[Any]) -> Any:
    """Every node of a JSON document with its path, depth first in document order (no recursion limit)."""
    stack = [(parts, node)]
    while stack:
        here, value = stack.pop()
        yield here, value
        if isinstance(value, dict):
            stack.extend(reversed([([*here, k], v) for k, v in value.items()]))
        elif isinstance(value, list):
            stack.extend(reversed([([*here, i], v) for i, v in enumerate(value)]))


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
    scopes = op.get("x-scopes")
    if scopes is not None and not (isinstance(scopes, list) and all(isinstance(s, str) and s for s in scopes)):
        found = (_kind(scopes) if not isinstance(scopes, list) else
                 f"an array holding {next(_kind(s) for s in scopes if not (isinstance(s, str) and s))}")
        raise SpecError(f"{spec.shown}#/paths/{_escape(path)}/{method}/x-scopes: found {found}, "
                        "expected an array of scope names (e.g. [\"salesOrder:read\"]). The dataset was not changed.")
    if scopes:
        record["scopes"] = list(scopes)
    params = path_params(spec.doc, path, [*shared, *(op.get("parameters") or [])])
    if params:
        record["params"] = params
    record["query"] = query_params(spec.doc, [*shared, *(op.get("parameters") or [])])
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


def query_params(doc: dict[str, Any], parameters: list[Any]) -> list[str]:
    """The names of the query parameters an operation declares (``in: query``), sorted; names only.

    ``page`` stands for ``page[number]`` and ``page[size]`` (style ``deepObject``), ``filter`` for
    ``filter[0][key]``…: a request's parameter is declared when its name up to the first ``[`` is.
    """
    names = set()
    for param in parameters:
        param = _resolve(doc, param)
        if isinstance(param, dict) and param.get("in") == "query" and isinstance(param.get("name"), str):
            names.add(param["name"])
    return sorted(names)


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
