"""Which requests ``xreg probe`` sends for a choice of endpoints: GET only, lists first, read actions only.

Rules (each endpoint that breaks one is left out, with the reason, never sent):

- only endpoints whose method is GET, and Standard API actions on the allowed list of ``data/probe.yaml``
  (sent as ``GET /api/<Action>``, which the route table routes to the same wrapper as POST);
- a template without placeholders is sent as it is; a list (a GET template that a GET by-id template
  extends) with the smallest page of its API (``pages`` in ``data/probe.yaml``);
- a template with exactly one placeholder is sent only with an id taken from the answer of its list
  (the GET template up to that placeholder), which is then probed first; its answer decides the id
  (``data[0].id``, or the first item's ``id`` of a bare list), checked against the placeholder's regex;
- inactive and removed endpoints, the ``/{action}`` catch-all and templates with optional parts or
  several placeholders are left out.

::

    plan = plan_probe(reg, "pat", endpoint_ids=["rest.adressen.get-v1-id"])
    [s.request for s in plan.steps]    # ['GET /api/v1/adressen?items=1&page=1', 'GET /api/v1/adressen/{id}']
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Iterable
from urllib.parse import quote, urlencode

from registry.errors import UsageError

_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)(?::((?:[^{}]|\{[^{}]*\})*))?\}")
AUTHS = ("pat", "pat-legacy", "digest")


@dataclass
class Step:
    """One GET the probe sends (``parent`` is the list step whose answer gives the id)."""

    endpoint: str
    api: str
    kind: str  # list | item | action | other
    path: str  # the URL path below the base URL, with ``{name}`` where the id goes
    query: dict[str, str] = field(default_factory=dict)
    param: str | None = None  # the placeholder the id fills
    regex: str | None = None  # the regex the id must match
    parent: int | None = None  # index of the list step that gives the id
    wanted: bool = True  # chosen by the user (False: probed only to get an id)

    @property
    def request(self) -> str:
        """``GET /api/v1/adressen?items=1&page=1``: what is sent, with the id's placeholder kept."""
        return "GET " + self.path + (("?" + urlencode(self.query, safe="[]")) if self.query else "")

    def url_path(self, value: str | None = None) -> str:
        if self.param is None:
            return self.path
        return self.path.replace("{" + self.param + "}", quote(value or "", safe=""))


@dataclass
class Plan:
    """The steps of a probe, and the endpoints left out with the reason."""

    auth: str
    steps: list[Step]
    skipped: list[tuple[str, str]]  # (endpoint id, reason)

    def describe(self, base_url: str, rate: float, timeout: float) -> str:
        """The dry run's text: what, how many, how fast."""
        n = len(self.steps)
        extra = 1 if self.auth == "digest" and n else 0
        seconds = (n + extra - 1) / rate if n else 0.0
        lines = [f"probe plan: {n} GET request{'s' if n != 1 else ''} to {base_url} as {self.auth}"
                 + (" (+1 for the Digest challenge)" if extra else "")
                 + f", at most {rate:g} per second (about {seconds:.0f} s), {timeout:g} s timeout each", ""]
        for i, s in enumerate(self.steps, start=1):
            note = f"  (id from step {s.parent + 1})" if s.parent is not None else ""
            note += "" if s.wanted else "  (for the id)"
            lines.append(f"{i:>4}  {s.request}  {s.endpoint}{note}")
        if self.skipped:
            lines += ["", f"left out ({len(self.skipped)}):"]
            lines += [f"      {ep}: {reason}" for ep, reason in self.skipped]
        return "\n".join(lines)


def plan_probe(reg: Any, auth: str, apis: Iterable[str] = (), endpoint_ids: Iterable[str] = ()) -> Plan:
    """The steps for every endpoint of ``apis`` and every id in ``endpoint_ids`` (dataset order).

    Raises ``UsageError`` for an unknown API, endpoint or auth method, or a dataset without ``probe.yaml``.
    """
    if auth not in AUTHS:
        raise UsageError(f"cannot probe with auth '{auth}' (expected one of: {', '.join(AUTHS)}); "
                         "the hash form is unsupported since 22.1 and sends its secret in the URL")
    if reg.probe is None:
        raise UsageError(f"the dataset {reg.data_dir} has no probe.yaml: it does not say how to read answers")
    apis = list(apis)
    for a in apis:
        if a not in reg.apis:
            raise UsageError(f"unknown API '{a}' (expected one of: {', '.join(reg.apis)})")
    chosen = [reg.endpoint(e).id for e in endpoint_ids]
    chosen += [ep.id for ep in reg.endpoints.values() if ep.api in apis and ep.id not in chosen]
    order = {eid: i for i, eid in enumerate(reg.endpoints)}
    chosen = sorted(dict.fromkeys(chosen), key=order.__getitem__)
    planner = _Planner(reg)
    for eid in chosen:
        planner.add(reg.endpoints[eid])
    return Plan(auth, planner.steps, planner.skipped)


class _Planner:
    def __init__(self, reg: Any) -> None:
        self.reg = reg
        self.steps: list[Step] = []
        self.skipped: list[tuple[str, str]] = []
        self._index: dict[str, int] = {}
        self.read_actions = {a.lower() for a in reg.probe.read_actions.actions}
        self.pages = {p.api: list(p.pages) for p in reg.probe.apis}
        self.by_template = {(ep.api, ep.path): ep for ep in reg.endpoints.values()
                            if ep.path is not None and ep.method == "GET" and ep.status == "active"}

    def add(self, ep: Any, wanted: bool = True) -> int | None:
        if ep.id in self._index:
            step = self.steps[self._index[ep.id]]
            step.wanted = step.wanted or wanted
            return self._index[ep.id]
        reason = self.refusal(ep)
        if reason is not None:
            if wanted:
                self.skipped.append((ep.id, reason))
            return None
        base = self.reg.apis[ep.api].base_path.rstrip("/")
        if ep.action is not None:
            return self._push(Step(ep.id, ep.api, "action", f"{base}/{ep.action}", wanted=wanted))
        path = ep.path if ep.api == "xentral" else base + ep.path
        holes = list(_PLACEHOLDER.finditer(ep.path))
        if not holes:
            kind = "list" if self._is_list(ep) else "other"
            query = self._page(ep) if kind == "list" else {}
            return self._push(Step(ep.id, ep.api, kind, path, query, wanted=wanted))
        hole = holes[0]
        parent_template = ep.path[:hole.start()].rstrip("/")
        parent = self.by_template.get((ep.api, parent_template))
        if parent is None:
            if wanted:
                self.skipped.append((ep.id, f"its parameter '{hole.group(1)}' comes from no GET list "
                                            f"('{parent_template}' is not one): the probe never makes ids up"))
            return None
        parent_index = self.add(parent, wanted=False)
        if parent_index is None:
            if wanted:
                self.skipped.append((ep.id, f"its list {parent.id} cannot be probed"))
            return None
        name = hole.group(1)
        regex = hole.group(2) or ep.params.get(name)
        shown = ep.path[:hole.start()] + "{" + name + "}" + ep.path[hole.end():]
        shown = shown if ep.api == "xentral" else base + shown
        return self._push(Step(ep.id, ep.api, "item", shown, param=name, regex=regex, parent=parent_index, wanted=wanted))

    def _push(self, step: Step) -> int:
        self.steps.append(step)
        self._index[step.endpoint] = len(self.steps) - 1
        return len(self.steps) - 1

    def refusal(self, ep: Any) -> str | None:
        """Why ``ep`` is not probed, or None."""
        if ep.status != "active":
            return f"{ep.status} endpoint"
        if ep.action is not None:
            if ep.action.lower() in self.read_actions:
                return None
            return "not on the list of Standard API read actions (data/probe.yaml, read_actions)"
        if ep.method != "GET":
            return f"a {ep.method} endpoint: the probe sends GET only, to GET endpoints"
        if ep.path is None or "[" in ep.path:
            return "a template with optional parts"
        holes = _PLACEHOLDER.findall(ep.path)
        if ep.api == "rest" and ep.path == "/{action}":
            return "the route that dispatches Standard API actions: probe an action instead"
        if len(holes) > 1:
            return "more than one parameter: the probe takes one id from one list only"
        return None

    def _is_list(self, ep: Any) -> bool:
        if ep.path.rstrip("/") == "":
            return False  # the API's root: '/{action}' dispatches actions, it lists nothing
        prefix = ep.path.rstrip("/") + "/{"
        return any(api == ep.api and template.startswith(prefix) for api, template in self.by_template)

    def _page(self, ep: Any) -> dict[str, str]:
        for page in self.pages.get(ep.api, []):
            if ep.path.startswith(page.prefix):
                return dict(page.query)
        return {}


def id_from(body: bytes) -> str | None:
    """The first record's id in a list's answer: ``data[0].id`` or ``[0].id`` (JSON), else None."""
    import json

    try:
        data = json.loads(body.decode("utf-8", "replace"))
    except ValueError:
        return None
    items = data.get("data") if isinstance(data, dict) else data
    if not isinstance(items, list) or not items or not isinstance(items[0], dict):
        return None
    value = items[0].get("id")
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        return None
    text = str(value)
    return text if text and len(text) <= 64 else None


def id_fits(value: str, regex: str | None) -> bool:
    """Whether an id from a list may fill a placeholder: its regex (default: no slash), and no '/', '?', '#'."""
    if any(c in value for c in "/?#%") or not value.isprintable():
        return False
    if regex is None:
        return True
    try:
        return re.fullmatch(regex, value) is not None
    except re.error:
        return False
