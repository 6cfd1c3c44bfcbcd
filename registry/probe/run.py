"""Sending a probe plan and writing what it saw as an observations file.

::

    with Sender(base_url, "pat", (token,), rate=2.0, timeout=10.0) as sender:
        result = run_plan(reg, plan, sender)
    text = observations_yaml(result, label="acme-prod", date="2026-12-05", ...)
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from registry.probe.classify import classify
from registry.probe.plan import Plan, id_fits, id_from

#: What the probe asks for, per API: JSON from the REST and current APIs; the Standard API's action answers
#: in XML unless the Accept header names JSON, and its authentication errors in JSON unless it names XML.
ACCEPT = {"rest": "application/json", "xentral": "application/json", "standard": "*/*"}


@dataclass
class Outcome:
    """The probe's result: one sighting per step that was sent, and the steps left out at run time."""

    auth: str
    sightings: list[dict[str, Any]] = field(default_factory=list)
    not_sent: list[tuple[str, str]] = field(default_factory=list)  # (endpoint id, why)
    requests: int = 0

    def counts(self) -> dict[str, int]:
        out = {"yes": 0, "no": 0, "route-missing": 0, "unknown": 0}
        for s in self.sightings:
            out[s["result"]] += 1
        return out


def run_plan(reg: Any, plan: Plan, sender: Any, progress: Callable[[int, int, dict[str, Any]], None] | None = None) -> Outcome:
    """Send every step of ``plan`` (lists before the items that need their ids) and classify each answer."""
    markers = {p.api: list(p.markers) for p in reg.probe.apis}
    outcome = Outcome(plan.auth)
    ids: dict[int, str | None] = {}
    results: dict[int, str] = {}
    for index, step in enumerate(plan.steps):
        value = None
        if step.parent is not None:
            if results.get(step.parent) != "yes":
                outcome.not_sent.append((step.endpoint, f"its list {plan.steps[step.parent].endpoint} did not answer with data"))
                continue
            value = ids.get(step.parent)
            if value is None:
                outcome.not_sent.append((step.endpoint, f"the answer of {plan.steps[step.parent].endpoint} held no record id"))
                continue
            if not id_fits(value, step.regex):
                outcome.not_sent.append((step.endpoint, f"the id from {plan.steps[step.parent].endpoint} does not fit "
                                                        f"'{{{step.param}}}'"))
                continue
        answer = sender.get(step.url_path(value), step.query, ACCEPT.get(step.api, "application/json"))
        if answer.status is None:
            result, marker = "unknown", "timeout"
        else:
            result, marker = classify(markers.get(step.api, []), answer.status, answer.body, step.kind)
        results[index] = result
        if step.kind == "list" and result == "yes":
            ids[index] = id_from(answer.body)
        sighting = {"endpoint": step.endpoint, "auth": plan.auth, "result": result, "status": answer.status,
                    "marker": marker, "request": step.request}
        outcome.sightings.append(sighting)
        if progress is not None:
            progress(index + 1, len(plan.steps), sighting)
    outcome.requests = sender.sent
    return outcome


def observations_yaml(outcome: Outcome, label: str, date: str, dataset: str, host: str | None = None,
                      release: str | None = None) -> str:
    """The observations file (YAML, ``format_version`` 1) of one probe; deterministic for the same answers."""
    import yaml

    from registry import __version__

    doc = {"format_version": 1, "label": label, "host": host, "date": date, "release": release, "xreg": __version__,
           "dataset": dataset, "observations": outcome.sightings}
    head = ("# Observations of `xreg probe`: what one credential reached on one Xentral instance.\n"
            "# Format: data/README.md, \"Observations\"; schema: `xreg schema --kind observations`.\n"
            "# Response bodies are not kept: only the status and the marker that decided.\n")
    return head + yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, default_flow_style=False, width=120)
