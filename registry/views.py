"""Plain-dict views of dataset records, shared by the JSON outputs, reports and the site.

The keys are part of the documented JSON format (``format_version`` 1): add keys, never rename.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from registry.dataset import Registry, Resolved

if TYPE_CHECKING:
    from registry.models import Endpoint


def statement_view(res: Resolved) -> dict[str, Any]:
    st = res.statement
    return {
        "support": st.support,
        "basis": st.basis,
        "notes": st.notes,
        "sources": list(st.sources),
        "since": st.since,
        "until": st.until,
        "origin": res.origin,
    }


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
