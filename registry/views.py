"""Plain-dict views of dataset records, shared by the JSON outputs, reports and the site.

The keys are part of the documented JSON format (``format_version`` 1): add keys, never rename.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from registry.dataset import Registry, Resolved

if TYPE_CHECKING:
    from registry.models import Endpoint


def evidence_view(ev: Any) -> dict[str, Any]:
    """One piece of evidence: the source, the words or place in it, and where they can be checked."""
    return {"source": ev.source, "quote": ev.quote, "pointer": ev.pointer, "line": ev.line, "stored": ev.stored,
            "read": ev.read}


def evidence_text(ev: Any) -> str:
    """Evidence in one line: ``"the words" (line 3; pointer /a/b) — source [stored copy seed/x.md]``."""
    what = [f'"{ev.quote}"'] if ev.quote else []
    where = ([f"pointer {ev.pointer}"] if ev.pointer else []) + ([f"line {ev.line}"] if ev.line else [])
    if where:
        what.append(f"({'; '.join(where)})")
    check = f"found in ../shared/{ev.stored}" if ev.stored else f"read {ev.read}"
    return f"{' '.join(what)} in {ev.source} [{check}]"


def statement_view(res: Resolved) -> dict[str, Any]:
    st = res.statement
    return {
        "support": st.support,
        "basis": st.basis,
        "notes": st.notes,
        "sources": list(st.sources),
        "evidence": [evidence_view(ev) for ev in st.evidence],
        "since": st.since,
        "until": st.until,
        "origin": res.origin,
        "observed": [seen_view(s) for s in res.observed],
        "conflict": res.conflict,
        "replaced": None if res.replaced is None else {"support": res.replaced.support, "basis": res.replaced.basis},
    }


def seen_view(s: Any) -> dict[str, Any]:
    """One observation as plain data (``registry.dataset.Seen``)."""
    return {"label": s.label, "date": s.date, "result": s.result, "status": s.status, "marker": s.marker,
            "request": s.request, "location": s.location, "decisive": s.decisive, "text": s.text()}


def observation_note(st: dict[str, Any]) -> str:
    """What the observations add to a statement (a ``statement_view``), in one sentence; empty without any.

    ``CONFLICT: documented yes, observed no on acme-prod, 2026-12-05 (HTTP 401, rest-auth-refused).``
    """
    seen = [o["text"] for o in st["observed"]]
    if not seen:
        return ""
    if st["conflict"]:
        return f"CONFLICT: {st['basis']} {st['support']} ({st['origin']}), observed {'; '.join(seen)}."
    if st["replaced"] is not None:
        return ""  # the observed statement's own notes say it
    return f"Observed: {'; '.join(seen)}."


def endpoint_view(reg: Registry, ep: Endpoint, auths: list[str]) -> dict[str, Any]:
    """One endpoint with its resolved support under ``auths`` and its migrations."""
    return {
        "id": ep.id,
        "api": ep.api,
        "method": ep.method,
        "path": ep.path,
        "action": ep.action,
        "wrapper": ep.wrapper,
        "registered": ep.registered if ep.action is not None else None,
        "resource": ep.resource,
        "version": ep.version,
        "operation_id": ep.operation_id,
        "permission": ep.permission,
        "scopes": list(ep.scopes),
        "maturity": ep.maturity,
        "status": ep.status,
        "docs": ep.docs,
        "support": {a: statement_view(reg.support(ep.id, a)) for a in auths},
        "migrations": [
            {"id": m.id, "fit": m.fit, "targets": list(m.targets), "reason": m.reason}
            for m in reg.migrations_for(ep.id)
        ],
    }
