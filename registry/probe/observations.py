"""Observations files: reading and checking them, and setting them against the dataset's statements.

An observations file (written by ``xreg probe``, or kept in ``data/observations/``) says what one
instance answered, per endpoint and auth method::

    format_version: 1
    label: acme-prod
    date: "2026-12-05"
    ...
    observations:
      - {endpoint: rest.adressen.get-v1, auth: pat, result: "yes", status: 200, marker: rest-ok,
         request: "GET /api/v1/adressen?items=1&page=1"}

``apply_observations`` then gives each endpoint × auth method pair its observations: a decisive one
(``yes``, or a ``no`` whose marker refuses the auth method itself) replaces an ``inferred`` or
``unknown`` statement (origin ``observed:<label>``); one that contradicts a documented ``yes`` or
``no`` leaves it standing and marks the pair as a conflict, so both sides are shown.
"""
from __future__ import annotations

import difflib
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable

from registry.dataset import Resolved, Seen
from registry.errors import DataError, Problem, SourceLocation, display_path
from registry.probe import BUILTIN_MARKERS

if TYPE_CHECKING:
    from registry.dataset import Registry

FORMAT_VERSION = 1
RESULTS = ("yes", "no", "route-missing", "unknown")


def read_observations(paths: Iterable[str | Path], reg: Registry) -> list[Any]:
    """Read and check observations files against ``reg``; raises ``DataError`` with every problem (file:line)."""
    from registry.loading.loader import validate_document
    from registry.loading.yaml_source import YamlSyntaxError, load_yaml
    from registry.models import ObservationsFile

    files, problems = [], []
    for path in paths:
        shown = display_path(path)
        try:
            text = Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            problems.append(Problem(SourceLocation(shown), "", f"cannot read observations file: {reason}."))
            continue
        try:
            doc = load_yaml(text, shown)
        except YamlSyntaxError as exc:
            problems.append(exc.problem)
            continue
        model, found = validate_document(ObservationsFile, doc, shown)
        problems += found
        if model is not None:
            found = check_observations(model, shown, reg.endpoints, reg.auth, reg.probe)
            problems += found
            if not found:
                files.append(model)
    if problems:
        raise DataError(problems)
    return files


def check_observations(obs: Any, shown: str, endpoints: dict[str, Any], auth: dict[str, Any], probe: Any) -> list[Problem]:
    """Every observation names a known endpoint, auth method and marker, and its result is the marker's."""
    problems = []
    markers = markers_by_api(probe)
    for s in obs.observations:
        where = SourceLocation(shown, s._line)
        subject = f"observation of '{s.endpoint}' under '{s.auth}'"
        ep = endpoints.get(s.endpoint)
        if ep is None:
            close = difflib.get_close_matches(s.endpoint, endpoints, n=1, cutoff=0.8)
            problems.append(Problem(where, subject, f"unknown endpoint '{s.endpoint}'.",
                                    f"Did you mean '{close[0]}'?" if close else "Is the file from another dataset?"))
            continue
        if s.auth not in auth:
            problems.append(Problem(where, subject, f"unknown auth method '{s.auth}' (expected one of: {', '.join(auth)})."))
        if s.marker in BUILTIN_MARKERS:
            if s.result != "unknown":
                problems.append(Problem(where, subject, f"marker '{s.marker}' means 'unknown', not '{s.result}'."))
            continue
        if probe is None:
            continue
        known = markers.get(ep.api, {})
        marker = known.get(s.marker)
        if marker is None:
            names = [*known, *BUILTIN_MARKERS]
            problems.append(Problem(where, subject, f"unknown marker '{s.marker}' for API '{ep.api}' "
                                    f"(expected one of: {', '.join(names)})."))
        elif marker.result != s.result:
            problems.append(Problem(where, subject, f"marker '{s.marker}' means '{marker.result}', not '{s.result}'."))
    return problems


def markers_by_api(probe: Any) -> dict[str, dict[str, Any]]:
    """``{api id: {marker id: Marker}}`` of ``data/probe.yaml`` (empty without one)."""
    if probe is None:
        return {}
    return {p.api: {m.id: m for m in p.markers} for p in probe.apis}


def check_probe_file(probe: Any, shown: str, apis: dict[str, Any], endpoints: dict[str, Any]) -> list[Problem]:
    """``data/probe.yaml``: known APIs, unique marker ids, and read actions that are Standard API actions named …Get/…List."""
    problems = []
    actions = {ep.action.lower(): ep for ep in endpoints.values() if ep.action is not None}
    for p in probe.apis:
        if p.api not in apis:
            problems.append(Problem(SourceLocation(shown, p._line), f"probe API '{p.api}'",
                                    f"unknown API (expected one of: {', '.join(apis)})."))
        seen: dict[str, Any] = {}
        for m in p.markers:
            if m.id in seen:
                problems.append(Problem(SourceLocation(shown, m._line), f"marker '{m.id}'",
                                        f"duplicate id in API '{p.api}' (first at line {seen[m.id]._line})."))
            if m.id in BUILTIN_MARKERS:
                problems.append(Problem(SourceLocation(shown, m._line), f"marker '{m.id}'",
                                        "the name belongs to a marker the probe sets itself (timeout, redirect, unclassified)."))
            seen[m.id] = m
    ra = probe.read_actions
    for name in ra.actions:
        where = SourceLocation(shown, ra._line)
        if name.lower() not in actions:
            problems.append(Problem(where, f"read action '{name}'", "not a Standard API action of the dataset."))
        elif not (name.endswith("Get") or name.endswith("List") or name.endswith("Liste")):
            problems.append(Problem(where, f"read action '{name}'", "only actions named …Get or …List may be probed."))
    return problems


def apply_observations(statements: dict[tuple[str, str], Resolved], files: list[Any], endpoints: dict[str, Any],
                       probe: Any) -> dict[tuple[str, str], Resolved]:
    """The statements with the observations of ``files`` set against them (a new dict; the input is unchanged).

    Per pair: no decisive observation → the statement stands, the observations are attached; decisive ones
    that disagree among themselves → a conflict; one value over an ``inferred`` or ``unknown`` statement →
    an ``observed`` statement replaces it; the same value as a documented ``yes``/``no`` → it stands,
    confirmed; the other value → it stands, and the pair is a conflict.
    """
    markers = markers_by_api(probe)
    seen: dict[tuple[str, str], list[Seen]] = {}
    for obs in files:
        for s in obs.observations:
            ep = endpoints.get(s.endpoint)
            marker = markers.get(ep.api, {}).get(s.marker) if ep is not None else None
            decisive = s.result == "yes" or (s.result == "no" and marker is not None and marker.refuses == "auth")
            seen.setdefault((s.endpoint, s.auth), []).append(
                Seen(obs.label, obs.date, s.result, s.status, s.marker, s.request, location_of(s), decisive))
    out = dict(statements)
    for key, sightings in seen.items():
        base = statements.get(key)
        if base is None:
            continue
        out[key] = judge(base, tuple(sightings))
    return out


def location_of(record: Any) -> str:
    return getattr(record, "location", "") or ""


def judge(base: Resolved, sightings: tuple[Seen, ...]) -> Resolved:
    """One pair's statement once its observations are set against it (see ``apply_observations``)."""
    st = base.statement
    values = {s.result for s in sightings if s.decisive}
    if len(values) != 1:
        return replace(base, observed=sightings, conflict=len(values) > 1)
    value = values.pop()
    if st.basis == "inferred" or st.support == "unknown":
        decisive = [s for s in sightings if s.decisive]
        labels = sorted({s.label for s in decisive})
        seen_text = "; ".join(s.text() for s in decisive)
        notes = f"Observed by xreg probe: {seen_text}. It replaces the dataset's {st.support} ({st.basis})."
        observed = st.model_copy(update={"support": value, "basis": "observed", "notes": notes, "sources": [],
                                         "since": None, "until": None})
        return Resolved(observed, "observed:" + ",".join(labels), sightings, False, st)
    conflict = st.support in ("yes", "no") and value != st.support
    return replace(base, observed=sightings, conflict=conflict)


def observation_rows(reg: Registry, endpoint_ids: Iterable[str]) -> list[dict[str, Any]]:
    """Every endpoint × auth method of ``endpoint_ids`` that has observations: what holds, and what was seen
    (the report's "Observations" section); sorted by endpoint id, then auth method as the dataset lists them."""
    rows = []
    for eid in sorted(set(endpoint_ids)):
        for auth_id in reg.auth:
            res = reg.statements.get((eid, auth_id))
            if res is None or not res.observed:
                continue
            st = res.statement
            rows.append({"endpoint": eid, "auth": auth_id, "support": st.support, "basis": st.basis, "origin": res.origin,
                         "conflict": res.conflict,
                         "replaced": None if res.replaced is None else f"{res.replaced.support} ({res.replaced.basis})",
                         "observed": [s.text() for s in res.observed]})
    return rows


def observed_registry(reg: Registry, files: list[Any]) -> Registry:
    """A copy of ``reg`` whose statements carry ``files``' observations, on top of those it already has
    (``data/observations/``); each is applied once, to the dataset's own statements."""
    import copy

    if not files:
        return reg
    out = copy.copy(reg)
    base = reg.base_statements if reg.base_statements is not None else reg.statements
    everything = list(reg.observations) + list(files)
    out.statements = apply_observations(base, everything, reg.endpoints, reg.probe)
    out.observations = everything
    out.base_statements = base
    return out
