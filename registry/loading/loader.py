"""Load ``data/`` into a ``Registry``: parse YAML with lines, validate, cross-check, resolve support.

Every problem is collected and reported as ``file:line: subject: problem (expected). hint``;
``load_registry`` raises one ``DataError`` holding all of them::

    data/rest/adressen.yaml:42: endpoint 'rest.adressen.get-v1': unknown method 'GTE' (expected one of: GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS). Did you mean 'GET'?
    2 errors in 1 file

Layout (see ``data/README.md``): ``dataset.yaml``, ``apis.yaml``, ``auth.yaml``, ``support.yaml``,
``migrations/*.yaml`` and one folder per API id with endpoint files; an endpoint's id starts with
its file's path (``data/rest/adressen.yaml`` holds ``rest.adressen.*``).
"""
from __future__ import annotations

import difflib
import re
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from registry.dataset import Registry, Resolved
from registry.errors import DataError, Problem, SourceLocation, display_path
from registry.escaping import quote
from registry.records import from_validated
from registry.loading import default_data_dir
from registry.loading.yaml_source import (
    LocDict,
    LocList,
    YamlSyntaxError,
    dataset_files,
    line_at,
    load_yaml,
    read_dataset_file,
)
from registry.matching.regex_safety import backtracking_risk
from registry.matching.shapes import digit_segments_uniform
from registry.matching.templates import Param, TemplateError, parse_fastroute, parse_openapi, shape
from registry.records import handler_of
from registry.models import (
    ApisFile,
    AuthFile,
    DatasetInfo,
    Dispatch,
    EndpointFile,
    MigrationFile,
    ObservationsFile,
    ProbeFile,
    Record,
    Statement,
    SupportFile,
)

_TOP_FILES: dict[str, type[Record]] = {
    "dataset.yaml": DatasetInfo,
    "apis.yaml": ApisFile,
    "auth.yaml": AuthFile,
    "support.yaml": SupportFile,
}
#: Files the dataset may have: ``probe.yaml`` (what ``xreg probe`` may send and how it reads answers).
_OPTIONAL_FILES: dict[str, type[Record]] = {"probe.yaml": ProbeFile}
_KIND = {
    "endpoints": "endpoint",
    "apis": "API",
    "auth": "auth method",
    "migrations": "migration",
    "lists": "list",
    "defaults": "default",
}


class _Collector:
    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, path: str, line: int | None, subject: str, message: str, hint: str = "", warning: bool = False) -> None:
        self.problems.append(Problem(SourceLocation(path, line), subject, message, hint, warning))


def load_registry(data_dir: str | Path | None = None, strict: bool = False) -> Registry:
    """Load and validate a dataset directory (default: the shipped one).

    Raises ``DataError`` with every problem found; warnings count only with ``strict``.
    """
    root = Path(data_dir) if data_dir is not None else default_data_dir()
    out = _Collector()
    if not root.is_dir():
        out.add(display_path(root), None, "", "dataset directory not found.", "Pass --data DIR with the dataset's folder.")
        raise DataError(out.problems)
    records: dict[str, Any] = {}
    endpoint_files: list[tuple[str, EndpointFile, LocDict]] = []
    migration_files: list[tuple[str, MigrationFile, LocDict]] = []
    observation_files: list[tuple[str, Any]] = []
    files, refused = dataset_files(root)
    out.problems.extend(refused)
    for file in files:
        rel = file.relative_to(root).as_posix()
        shown = display_path(file)
        try:
            doc = load_yaml(read_dataset_file(file).decode("utf-8"), shown)
        except YamlSyntaxError as exc:
            out.problems.append(exc.problem)
            continue
        except OSError as exc:
            out.add(shown, None, "", f"cannot read file: {exc.strerror or exc}.")
            continue
        except UnicodeDecodeError as exc:
            out.add(shown, None, "", f"cannot read file: not UTF-8 text (byte {exc.start + 1}).")
            continue
        if rel in _TOP_FILES or rel in _OPTIONAL_FILES:
            model = _validate({**_TOP_FILES, **_OPTIONAL_FILES}[rel], doc, shown, out)
            if model is not None:
                records[rel] = (model, doc)
        elif rel.startswith("observations/"):
            model = _validate(ObservationsFile, doc, shown, out)
            if model is not None:
                observation_files.append((shown, model))
        elif rel.startswith("migrations/"):
            model = _validate(MigrationFile, doc, shown, out)
            if model is not None:
                migration_files.append((shown, model, doc))
        elif "/" in rel:
            model = _validate(EndpointFile, doc, shown, out)
            if model is not None:
                endpoint_files.append((shown, model, doc))
                model._file = rel
        else:
            out.add(shown, None, "", "unexpected file in the dataset root.",
                    f"Expected one of: {', '.join(_TOP_FILES)}, or a file under migrations/ or an API folder.")
    for name in _TOP_FILES:
        if name not in records and not any(p.location.path.endswith(name) for p in out.problems):
            out.add(display_path(root / name), None, "", "required file is missing.")
    if any(not p.warning for p in out.problems) and any(name not in records for name in _TOP_FILES):
        raise DataError(sorted(out.problems, key=_order))

    info: DatasetInfo = records["dataset.yaml"][0]
    apis_file: ApisFile = records["apis.yaml"][0]
    auth_file: AuthFile = records["auth.yaml"][0]
    support_file: SupportFile = records["support.yaml"][0]
    apis = _unique(apis_file.apis, records["apis.yaml"][1], "apis", "API", display_path(root / "apis.yaml"), out)
    auth = _unique(auth_file.auth, records["auth.yaml"][1], "auth", "auth method", display_path(root / "auth.yaml"), out)

    endpoints = _check_endpoints(root, endpoint_files, apis, auth, out)
    migrations = _check_migrations(migration_files, endpoints, out)
    statements = _resolve_support(support_file, records["support.yaml"][1], display_path(root / "support.yaml"), apis, auth, endpoints, out,
                                  info.sources.get("legacy-routes"))
    _check_evidence(support_file, display_path(root / "support.yaml"), endpoints, migration_files, out)
    probe, observations, base_statements = _probe_and_observations(root, records, observation_files, apis, auth, endpoints, out)
    if observations:
        base_statements = statements
        from registry.probe.observations import apply_observations

        statements = apply_observations(statements, observations, endpoints, probe)

    fatal = [p for p in out.problems if not p.warning or strict]
    if fatal:
        raise DataError(sorted(out.problems, key=_order))
    fields = dict(
        info=info,
        apis=apis,
        auth=auth,
        endpoints=endpoints,
        migrations=migrations,
        lists=support_file.lists,
        statements=statements,
        data_dir=str(root),
        probe=probe,
        observations=observations,
        base_statements=base_statements,
    )
    # one type whether validated now or read from the cache: each model becomes its record (registry.records)
    reg = Registry(**from_validated(fields), warnings=[p for p in out.problems if p.warning])
    digit_segments_uniform(reg)  # derived once here, so the cached copy carries it
    return reg


def validate_document(model: type[BaseModel], doc: Any, path: str) -> tuple[Any, list[Problem]]:
    """Validate one parsed YAML document (``load_yaml``) into ``model``: the model (None when invalid) and
    every problem as ``file:line: subject: problem``; for files read beside the dataset (observations)."""
    out = _Collector()
    return _validate(model, doc, path, out), out.problems


def _probe_and_observations(root: Path, records: dict[str, Any], files: list[tuple[str, Any]], apis: dict[str, Any],
                            auth: dict[str, Any], endpoints: dict[str, Any], out: _Collector) -> tuple[Any, list[Any], None]:
    """``probe.yaml`` (optional) and ``observations/*.yaml``, checked against the endpoints and auth methods."""
    from registry.probe.observations import check_observations, check_probe_file

    probe = records["probe.yaml"][0] if "probe.yaml" in records else None
    if probe is not None:
        out.problems += check_probe_file(probe, display_path(root / "probe.yaml"), apis, endpoints)
    observations = []
    for shown, obs in files:
        found = check_observations(obs, shown, endpoints, auth, probe)
        out.problems += found
        if not found:
            observations.append(obs)
    return probe, observations, None


def _order(p: Problem) -> tuple[str, int]:
    return (p.location.path, p.location.line or 0)


# -- validation of one file ---------------------------------------------------------------------
def _validate(model: type[BaseModel], doc: Any, path: str, out: _Collector) -> Any:
    if not isinstance(doc, LocDict):
        out.add(path, getattr(doc, "line", 1), "", f"expected a mapping at the top of the file, found {_what(doc)}.")
        return None
    try:
        result = model.model_validate(doc)
    except ValidationError as exc:
        for err in exc.errors(include_url=False):
            _report(err, model, doc, path, out)
        return None
    _attach_lines(result, doc, path)
    return result


def _what(doc: Any) -> str:
    """A YAML document's top in words, for a message: ``an empty file``, ``a list``, ``a string ('x')``."""
    if doc is None:
        return "an empty file"
    if isinstance(doc, list):
        return "a list"
    if isinstance(doc, bool):
        return f"a boolean ({str(doc).lower()})"
    if isinstance(doc, (int, float)):
        return "a number"
    # no quote of the value: a file that is not one of ours may be anything (a linked credentials file)
    return "a string" if isinstance(doc, str) else f"a {type(doc).__name__} value"  # dates, other scalars


def _attach_lines(model: Any, doc: Any, path: str) -> None:
    """Give every record its file and line, walking the model beside its YAML."""
    if isinstance(model, Record) and isinstance(doc, LocDict):
        model._file, model._line = path, doc.line
        for name in type(model).model_fields:
            if name in doc:
                _attach_lines(getattr(model, name), doc[name], path)
    elif isinstance(model, list) and isinstance(doc, LocList):
        for m, d in zip(model, doc):
            _attach_lines(m, d, path)
    elif isinstance(model, dict) and isinstance(doc, LocDict):
        for key, m in model.items():
            if key in doc:
                _attach_lines(m, doc[key], path)
                if isinstance(m, Record):
                    m._line = doc.line_of(key)  # a keyed record is where its key is written


def _report(err: dict[str, Any], model: type[BaseModel], doc: LocDict, path: str, out: _Collector) -> None:
    loc = tuple(err["loc"])
    kind = err["type"]
    line = line_at(doc, loc)
    subject, field_loc = _subject(doc, loc)
    name = quote(".".join(str(x) for x in field_loc) or "record")
    last = str(field_loc[-1]) if field_loc else "value"
    value = quote(err.get("input"))  # data quoted back: control characters escaped, cut short
    if kind == "extra_forbidden":
        allowed = _allowed_fields(model, loc)
        close = difflib.get_close_matches(last, allowed, n=1)
        hint = f"Did you mean '{close[0]}'?" if close else ""
        out.add(path, line, subject, f"unknown field '{name}' (expected one of: {', '.join(allowed)}).", hint)
    elif kind == "literal_error":
        expected = [a or b for a, b in re.findall(r"'([^']*)'|\b(\d+)\b", err.get("ctx", {}).get("expected", ""))]
        close = difflib.get_close_matches(str(value), expected, n=1, cutoff=0.65)
        hint = f"Did you mean '{close[0]}'?" if close else ""
        out.add(path, line, subject, f"unknown {name} '{value}' (expected one of: {', '.join(expected)}).", hint)
    elif kind == "missing":
        out.add(path, line, subject, f"missing field '{name}'.")
    elif kind == "string_pattern_mismatch":
        pattern = err.get("ctx", {}).get("pattern", "")
        out.add(path, line, subject, f"{name} '{value}' is malformed (expected to match {pattern}).")
    elif kind == "value_error":
        message = str(err["msg"]).removeprefix("Value error, ")
        out.add(path, line, subject, f"{message}." if field_loc == () else f"{name}: {message}.")
    else:
        shown = quote(repr(err.get("input")))
        out.add(path, line, subject, f"{name}: {err['msg']} (got {shown}).")


def _subject(doc: Any, loc: tuple[Any, ...]) -> tuple[str, tuple[Any, ...]]:
    """The innermost record with an id along ``loc``, and the rest of the path below it."""
    subject, rest = "", loc
    node, parent_key = doc, None
    for i, key in enumerate(loc):
        if isinstance(node, LocDict) and parent_key in _KIND and "id" in node:
            subject, rest = f"{_KIND[parent_key]} '{quote(node['id'])}'", loc[i:]
        elif isinstance(node, LocDict) and parent_key == "defaults" and "api" in node:
            subject, rest = f"default {quote(node.get('api'))} × {quote(node.get('auth'))}", loc[i:]
        if isinstance(node, (LocDict, LocList)):
            try:
                node = node[key]
            except (KeyError, IndexError, TypeError):
                break
        else:
            break
        if not isinstance(key, int):
            parent_key = key
    if isinstance(node, LocDict) and parent_key in _KIND and "id" in node and len(rest) > 0 and rest == loc[-1:]:
        pass
    return subject, rest


def _allowed_fields(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    current: Any = model
    for key in loc[:-1]:
        if isinstance(key, int) or current is None:
            continue
        info = current.model_fields.get(key) if isinstance(current, type) and issubclass(current, BaseModel) else None
        if info is None:
            # inside a dict of records (support: {auth: Statement})
            continue
        current = _inner_model(info.annotation)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return []


def _inner_model(annotation: Any) -> Any:
    from typing import get_args

    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


# -- cross-record checks ------------------------------------------------------------------------
def _unique(items: list[Any], doc: LocDict, key: str, kind: str, path: str, out: _Collector) -> dict[str, Any]:
    seen: dict[str, Any] = {}
    for item in items:
        if item.id in seen:
            out.add(path, item._line, f"{kind} '{item.id}'", f"duplicate id (first defined at line {seen[item.id]._line}).")
        else:
            seen[item.id] = item
    return seen


def _check_endpoints(root: Path, files: list[tuple[str, EndpointFile, LocDict]], apis: dict[str, Any],
                     auth: dict[str, Any], out: _Collector) -> dict[str, Any]:
    endpoints: dict[str, Any] = {}
    by_shape: dict[tuple[str, str, str], Any] = {}
    actions: dict[tuple[str, str], Any] = {}
    for shown, ef, doc in files:
        rel = ef._file or ""
        folder = rel.split("/", 1)[0]
        prefix = rel.removesuffix(".yaml").replace("/", ".") + "."
        if ef.api not in apis:
            out.add(shown, doc.line_of("api"), "", f"unknown API '{ef.api}' (expected one of: {', '.join(apis)}).")
            continue
        if folder != ef.api:
            out.add(shown, doc.line_of("api"), "", f"file declares api '{ef.api}' but lies in folder '{folder}/'.",
                    f"Move it to data/{ef.api}/.")
        syntax = apis[ef.api].template_syntax
        for ep in ef.endpoints:
            ep.api = ef.api
            ep._file = shown
            subject = f"endpoint '{ep.id}'"
            if not ep.id.startswith(prefix):
                out.add(shown, ep._line, subject, f"id does not match its file (expected an id starting with '{prefix}').")
            if ep.id in endpoints:
                first = endpoints[ep.id]
                out.add(shown, ep._line, subject, f"duplicate id (first defined at {first.location}).")
                continue
            endpoints[ep.id] = ep
            for auth_id in ep.support:
                if auth_id not in auth:
                    close = difflib.get_close_matches(auth_id, auth, n=1)
                    out.add(shown, ep.support[auth_id]._line or ep._line, subject,
                            f"unknown auth method '{auth_id}' in support (expected one of: {', '.join(auth)}).",
                            f"Did you mean '{close[0]}'?" if close else "")
            if syntax == "action":
                if ep.action is None:
                    out.add(shown, ep._line, subject, "a Standard API endpoint needs 'action', not 'path'.")
                    continue
                key = (ep.api, ep.action.lower())
                if key in actions:
                    out.add(shown, ep._line, subject,
                            f"action '{ep.action}' is already defined by '{actions[key].id}' (action names are case-insensitive).")
                actions[key] = ep
                if ep.wrapper is not None:
                    out.add(shown, ep._line, subject, "'wrapper' is derived from 'handler' and the API's dispatch rules "
                            "(expected no 'wrapper' in the YAML).", "Remove it.")
                if ep.handler is None and not ep.registered:
                    out.add(shown, ep._line, subject, "an action that is not registered needs 'handler' (the public "
                            "method the REST wrapper calls).")
                elif ep.handler is not None:
                    hkey = (ep.api, "handler", ep.handler.lower())
                    if hkey in actions:
                        out.add(shown, ep._line, subject, f"handler '{ep.handler}' is already the handler of "
                                f"'{actions[hkey].id}' (PHP method names are case-insensitive).")
                    actions[hkey] = ep
                continue
            if not ep.registered:
                out.add(shown, ep._line, subject, "'registered' applies to Standard API actions only.")
            if ep.path is None:
                out.add(shown, ep._line, subject, f"an endpoint of API '{ep.api}' needs 'path', not 'action'.")
                continue
            try:
                variants = parse_fastroute(ep.path) if syntax == "fastroute" else [parse_openapi(ep.path)]
            except TemplateError as exc:
                out.add(shown, ep._line, subject, f"invalid template: {exc}.", "Fix the template (see data/README.md, Templates).")
                continue
            regexes = {p.name: p.regex for parts in variants for p in parts if isinstance(p, Param)}
            regexes.update(ep.params)
            for name, regex in sorted(regexes.items()):
                risk = backtracking_risk(regex)
                if risk:
                    out.add(shown, ep._line, subject,
                            f"parameter '{name}' regex '{regex}' can backtrack catastrophically ({risk}).",
                            "Rewrite it without nested repeats, or make the repeat possessive (*+, ++) or atomic (?>…).")
            if ep.status == "removed":
                continue
            for parts in variants:
                key3 = (ep.api, ep.method, shape(parts))
                other = by_shape.get(key3)
                if other is not None and other.id != ep.id:
                    out.add(shown, ep._line, subject,
                            f"templates '{other.path}' ({other.location}) and '{ep.path}' match the same {ep.method} requests.",
                            "Keep one, or split them by method.")
                else:
                    by_shape[key3] = ep
    for ep in endpoints.values():
        if ep.alias_of is not None and ep.alias_of not in endpoints:
            out.add(ep._file, ep._line, f"endpoint '{ep.id}'", f"alias_of '{ep.alias_of}' is not an endpoint id.")
    _derive_wrapper_names(root, apis, endpoints, out)
    return endpoints


def _derive_wrapper_names(root: Path, apis: dict[str, Any], endpoints: dict[str, Any], out: _Collector) -> None:
    """Check each API's dispatch rules and give every action endpoint the name the REST wrapper calls it by.

    The name is the action's own where the wrapper turns it into the handler (``auftragcreate`` does too, but
    the action is written ``AuftragCreate``), else the mapping's key that names the handler (``AccountCreate``
    for ``ApiAdresseAccountCreate``), else the handler without the method prefix (``XMLTest`` for
    ``ApiXMLTest``); an endpoint whose handler gives none of them has none (the wrapper cannot reach it).
    """
    path = display_path(root / "apis.yaml")
    for api in apis.values():
        if api.dispatch is not None and api.template_syntax != "action":
            out.add(path, api.dispatch._line or api._line, f"API '{api.id}'",
                    f"'dispatch' applies to APIs of action names only (template_syntax is '{api.template_syntax}').")
    for api in apis.values():
        if api.template_syntax != "action":
            continue
        rules = (api.dispatch or Dispatch()).wrapper
        prefix = rules.method_prefix
        handlers = {handler_of(ep, prefix).lower(): ep for ep in endpoints.values() if ep.api == api.id and ep.action}
        by_method: dict[str, str] = {}
        for name, method in rules.mapping.items():
            if method.lower() not in handlers:
                out.add(path, rules._line or api._line, f"API '{api.id}'",
                        f"dispatch mapping '{name}' names method '{method}', the handler of no endpoint.")
            by_method.setdefault(method.lower(), name)
        fold = not rules.method_names_case_sensitive
        for low, ep in handlers.items():
            called = rules.mapping.get(ep.action, prefix + ep.action)
            if called == handler_of(ep, prefix) or (fold and called.lower() == low):
                ep.wrapper = ep.action  # the action's own name reaches its handler
            elif low in by_method:
                ep.wrapper = by_method[low]
            elif low.startswith(prefix.lower()) and len(low) > len(prefix):
                ep.wrapper = handler_of(ep, prefix)[len(prefix):]


def _check_migrations(files: list[tuple[str, MigrationFile, LocDict]], endpoints: dict[str, Any], out: _Collector) -> list[Any]:
    result, seen = [], {}
    for shown, mf, _doc in files:
        for m in mf.migrations:
            subject = f"migration '{m.id}'"
            if m.id in seen:
                out.add(shown, m._line, subject, f"duplicate id (first defined at {seen[m.id].location}).")
                continue
            seen[m.id] = m
            for ref in m.legacy:
                if ref not in endpoints:
                    out.add(shown, m._line, subject, f"legacy endpoint '{ref}' does not exist.", _did_you_mean(ref, endpoints))
                elif endpoints[ref].api == "xentral":
                    out.add(shown, m._line, subject, f"legacy endpoint '{ref}' belongs to the current API.")
            for ref in m.targets:
                if ref not in endpoints:
                    out.add(shown, m._line, subject, f"target '{ref}' does not exist.", _did_you_mean(ref, endpoints))
                elif endpoints[ref].api != "xentral":
                    out.add(shown, m._line, subject, f"target '{ref}' is not a current-API endpoint.")
                elif endpoints[ref].status == "removed":
                    gone = endpoints[ref].removed_in
                    out.add(shown, m._line, subject, f"target '{ref}' was removed{f' in {gone}' if gone else ''}; the advice "
                            "leaves it out (name another target, or drop it).", warning=True)
            if m.by_param is not None:
                _check_param_targets(shown, m, endpoints, out)
            result.append(m)
    return result


def _check_param_targets(shown: str, m: Any, endpoints: dict[str, Any], out: _Collector) -> None:
    """Targets per parameter value: accepted values name targets of the migration itself; others any current endpoint."""
    subject = f"migration '{m.id}'"
    bp = m.by_param
    for kind, table in (("value", bp.values), ("other value", bp.other_values)):
        for value, refs in table.items():
            for ref in refs:
                if ref not in endpoints:
                    out.add(shown, m._line, subject, f"{bp.name}={value}: target '{ref}' does not exist.",
                            _did_you_mean(ref, endpoints))
                elif endpoints[ref].api != "xentral":
                    out.add(shown, m._line, subject, f"{bp.name}={value}: target '{ref}' is not a current-API endpoint.")
                elif kind == "value" and ref not in m.targets:
                    out.add(shown, m._line, subject, f"{bp.name}={value}: target '{ref}' is not one of the migration's "
                            "targets (expected a subset of 'targets', so that a call without the parameter lists every choice).")
    for value in set(bp.values) & set(bp.other_values):
        out.add(shown, m._line, subject, f"{bp.name}={value} is both an accepted and another value.")


def _did_you_mean(ref: str, known: dict[str, Any]) -> str:
    close = difflib.get_close_matches(ref, known, n=1, cutoff=0.8)
    return f"Did you mean '{close[0]}'?" if close else ""


#: The notes of the statement every route commented out in the route table gets (``status: inactive``).
NOT_ROUTED_NOTES = ("Commented out in OpenXE's route table: the self-hosted fork does not route it, whatever the "
                    "credentials. OpenXE says nothing about Xentral Cloud and no Xentral source names these routes, "
                    "so this is our reading: an old integration's call most likely fails there too.")


def _resolve_support(sf: SupportFile, doc: LocDict, path: str, apis: dict[str, Any], auth: dict[str, Any],
                     endpoints: dict[str, Any], out: _Collector, route_table: str | None = None) -> dict[tuple[str, str], Resolved]:
    """Every endpoint × auth method's one statement: the endpoint's own, else ``no`` for a route commented out in
    the route table (``route_table``, the source of ``status: inactive``: the server does not route it, whatever
    the credentials), else a documented list's, else the API × auth default."""
    defaults: dict[tuple[str, str], Any] = {}
    for d in sf.defaults:
        subject = f"default {d.api} × {d.auth}"
        if d.api not in apis:
            out.add(path, d._line, subject, f"unknown API '{d.api}' (expected one of: {', '.join(apis)}).")
        if d.auth not in auth:
            out.add(path, d._line, subject, f"unknown auth method '{d.auth}' (expected one of: {', '.join(auth)}).",
                    _did_you_mean(d.auth, auth))
        if (d.api, d.auth) in defaults:
            out.add(path, d._line, subject, f"duplicate default (first at line {defaults[(d.api, d.auth)]._line}).")
        defaults[(d.api, d.auth)] = d
    for api_id in apis:
        for auth_id in auth:
            if (api_id, auth_id) not in defaults:
                out.add(path, None, f"default {api_id} × {auth_id}", "missing (every API × auth method needs a default statement).")
    list_hits: dict[tuple[str, str], Any] = {}
    for dl in sf.lists:
        subject = f"list '{dl.id}'"
        for a in (dl.auth, *dl.applies_to):
            if a not in auth:
                out.add(path, dl._line, subject, f"unknown auth method '{a}' (expected one of: {', '.join(auth)}).")
        for a in dl.apis:
            if a not in apis:
                out.add(path, dl._line, subject, f"unknown API '{a}' (expected one of: {', '.join(apis)}).")
        for pattern in dl.paths:
            hits = [ep for ep in endpoints.values() if ep.api in dl.apis and ep.path is not None and pattern.covers(ep.path)]
            if not hits and not any(not p.warning for p in out.problems):  # else a broken file may hide the hit
                out.add(path, pattern._line, subject, f"path '{pattern.path}' covers no endpoint.", warning=True)
            for ep in hits:
                list_hits.setdefault((ep.id, dl.auth), dl)
    # Inferred, not documented: the route table is OpenXE's (the self-hosted fork), which says nothing about
    # Xentral Cloud, and no Xentral source names these routes.
    not_routed = Statement(support="no", basis="inferred", sources=[route_table] if route_table else [],
                           notes=NOT_ROUTED_NOTES)
    statements: dict[tuple[str, str], Resolved] = {}
    for ep in endpoints.values():
        for auth_id in auth:
            if auth_id in ep.support:
                statements[(ep.id, auth_id)] = Resolved(ep.support[auth_id], "endpoint")
            elif ep.status == "inactive":
                statements[(ep.id, auth_id)] = Resolved(not_routed, "route-table")
            elif (ep.id, auth_id) in list_hits:
                dl = list_hits[(ep.id, auth_id)]
                statements[(ep.id, auth_id)] = Resolved(dl.statement, f"list:{dl.id}")
            elif (ep.api, auth_id) in defaults:
                statements[(ep.id, auth_id)] = Resolved(defaults[(ep.api, auth_id)].statement, "default")
    return statements


def _check_evidence(sf: SupportFile, path: str, endpoints: dict[str, Any],
                    migration_files: list[tuple[str, MigrationFile, LocDict]], out: _Collector) -> None:
    """Every piece of evidence backs one of its record's sources; a documented statement has evidence for
    each of its sources (a warning, so ``--strict`` refuses a documented statement that does not)."""
    statements: list[tuple[str, str, Statement]] = [(f"default {d.api} × {d.auth}", path, d.statement) for d in sf.defaults]
    statements += [(f"list '{dl.id}'", path, dl.statement) for dl in sf.lists]
    for ep in endpoints.values():
        statements += [(f"endpoint '{ep.id}' support {auth_id}", ep._file, st) for auth_id, st in ep.support.items()]
    seen: set[int] = set()
    for subject, file, st in statements:
        if id(st) in seen:  # (a YAML anchor makes one statement serve several defaults)
            continue
        seen.add(id(st))
        _check_evidence_sources(st.evidence, st.sources, file, st._line, subject, out)
        if st.basis != "documented":
            continue
        if not st.evidence:
            out.add(file, st._line, subject, "documented statement without evidence (expected a quote, pointer or "
                    "line for each source).", "Add evidence, or make the basis inferred and say why in the notes.",
                    warning=True)
            continue
        backed = {ev.source for ev in st.evidence}
        for src in st.sources:
            if src not in backed:
                out.add(file, st._line, subject, f"source '{src}' has no evidence (expected a quote, pointer or line "
                        "for each source of a documented statement).", warning=True)
    for shown, mf, _doc in migration_files:
        for m in mf.migrations:
            _check_evidence_sources(m.evidence, m.sources, shown, m._line, f"migration '{m.id}'", out)


def _check_evidence_sources(evidence: list[Any], sources: list[str], file: str, line: int | None, subject: str,
                            out: _Collector) -> None:
    for ev in evidence:
        if ev.source not in sources:
            out.add(file, ev._line or line, subject, f"evidence for '{ev.source}', which is not one of the sources.",
                    "Add it to sources, or correct the evidence's source.")
