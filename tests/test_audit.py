"""The audit that runs by itself: what an independent audit of the dataset checked by hand, mechanically.

Every migration target is an operation of its spec with the method and path the dataset states; an
``exact`` target needs no path parameter the legacy call lacks; and the audit's corrections (issue 20)
stay in the data. (Every stored quote and pointer, and evidence on every documented statement:
``tests/test_evidence.py``.)
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from registry.matching.templates import Param, parse_fastroute, parse_openapi

DEV_CL23016 = "https://developer.xentral.com/changelog/23016"
HC_PAT_DE = "https://help.xentral.com/hc/de/articles/6575192352796-Personal-Access-Token-erstellen-Legacy"


@pytest.fixture(scope="module")
def specs(reference_dir: Path, registry_data: Any) -> dict[str, Any]:
    """Spec title -> the parsed stored spec it was imported from (``specs`` of dataset.yaml)."""
    return {s["title"]: json.loads((reference_dir / s["file"]).read_text(encoding="utf-8"))
            for s in registry_data.info.specs}


def path_params(ep: Any) -> int:
    """How many path parameters a call of this endpoint carries: its template's placeholders; a Standard API
    action carries one (the record's own id, in its body), never a parent's."""
    if ep.path is None:
        return 1
    parts = parse_fastroute(ep.path)[0] if ep.api == "rest" else parse_openapi(ep.path)
    return sum(isinstance(p, Param) for p in parts)


def test_every_migration_target_is_an_operation_of_its_spec_as_stated(specs: dict[str, Any], registry_data: Any) -> None:
    problems, checked = [], 0
    for m in registry_data.migrations:
        for t in m.targets:
            ep = registry_data.endpoints[t]
            operation = specs[ep.spec]["paths"].get(ep.path, {}).get(ep.method.lower())
            if operation is None:
                problems.append(f"{m.id}: {t} is not {ep.method} {ep.path} of {ep.spec}")
            elif operation.get("operationId") != ep.operation_id:
                problems.append(f"{m.id}: {t} operationId {ep.operation_id!r} != {operation.get('operationId')!r}")
            checked += 1
    assert problems == []
    assert checked == sum(len(m.targets) for m in registry_data.migrations) > 150


def test_exact_targets_need_no_path_parameter_the_legacy_call_lacks(registry_data: Any) -> None:
    """A target that needs another id (a customer's, above a delivery address) is at most ``partial``."""
    problems = [f"{m.id}: {t} needs {path_params(registry_data.endpoints[t])} path parameters, {ref} carries "
                f"{path_params(registry_data.endpoints[ref])}"
                for m in registry_data.migrations if m.fit == "exact"
                for ref in m.legacy for t in m.targets
                if path_params(registry_data.endpoints[t]) > path_params(registry_data.endpoints[ref])]
    assert problems == []


def test_the_delivery_address_migrations_are_partial_with_their_reason(registry_data: Any) -> None:
    by_id = {m.id: m for m in registry_data.migrations}
    for mid in ("rest.lieferadressen.view", "rest.lieferadressen.update", "rest.lieferadressen.delete",
                "standard.LieferadresseEdit"):
        assert by_id[mid].fit == "partial", mid
        assert "the customer's id" in by_id[mid].reason and "does not carry" in by_id[mid].reason, mid
    for mid in ("rest.lieferadressen.create", "standard.LieferadresseCreate"):
        assert by_id[mid].fit == "partial" and "/api/v3/suppliers/{supplierId}/deliveryAddresses" in by_id[mid].reason
    assert by_id["standard.AnsprechpartnerEdit"].fit == "partial"


def test_delivery_note_view_promises_no_tracking_include(registry_data: Any) -> None:
    m = next(m for m in registry_data.migrations if m.id == "rest.belege.lieferscheine-view")
    assert "include=tracking" not in m.reason
    assert m.reason.startswith("delivery note by id; the legacy includes positionen and protokoll become "
                               "include=lineItems and activity (the legacy resource has no tracking;")
    assert [e.quote for e in m.evidence][:2] == ["$this->registerIncludes([", "'protokoll'  => ["]


def test_projektget_says_the_work_packages_are_lost(registry_data: Any) -> None:
    m = next(m for m in registry_data.migrations if m.id == "standard.ProjektGet")
    assert m.reason.endswith("the legacy answer also carries the project's work packages (arbeitspakete), which "
                             "neither current spec has, so they are lost")
    assert "FROM arbeitspaket" in m.evidence[0].quote


def test_auth_methods_name_no_release_no_source_gives(registry_data: Any) -> None:
    """Legacy tokens existed before 23.0.16, which only made them usable on the older APIs; 25.23.5 is a page."""
    legacy, new = registry_data.auth["pat-legacy"], registry_data.auth["pat"]
    assert (legacy.since, new.since) == (None, None)
    assert [(e.version, e.date, e.source) for e in legacy.history[:3]] == [
        ("22.5.3", None, "https://developer.xentral.com/changelog/v-2253"),
        (None, "2022-11-10", HC_PAT_DE),
        ("23.0.16", "2023-02-14", DEV_CL23016)]
    assert registry_data.support("rest.adressen.get-v1", "pat-legacy").statement.since == "23.0.16"


def test_statements_that_rest_on_a_reading_say_so(registry_data: Any) -> None:
    for auth_id in ("digest", "hash"):
        st = registry_data.support("xentral.products.get-v1", auth_id).statement
        assert (st.support, st.basis) == ("no", "inferred")
        assert st.notes.startswith("Our reading, not a source's words: both specs declare")
    inactive = registry_data.support("rest.artikel.post-v1", "pat-legacy")
    assert (inactive.origin, inactive.statement.basis) == ("route-table", "inferred")
    listed = registry_data.support("rest.shopimport.post-auth", "pat-legacy").statement
    assert (listed.basis, listed.sources) == ("documented", [HC_PAT_DE])
