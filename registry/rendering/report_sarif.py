"""The migration report as SARIF 2.1.0, for code-scanning views of source-code evidence.

One rule per verdict (``xreg/blocked``, ``xreg/migrate``, ``xreg/unknown``, ``xreg/unmatched``,
``xreg/ready``) and one for hard-coded tokens (``xreg/hard-coded-token``). Each source location of a
call becomes a result; evidence from logs, HAR files or Postman collections has no place in a code
view and is left out::

    sarif = render_sarif(view)
    json.loads(sarif)["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    # {'artifactLocation': {'uri': 'src/Connector.php'}, 'region': {'startLine': 42}}
"""
from __future__ import annotations

import json
import re
from typing import Any, Mapping

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_RULES = {
    "blocked": ("error", "Call blocked under the current auth",
                "The call does not work under the integration's current auth method; the message names the source."),
    "migrate": ("warning", "Legacy call to migrate",
                "The call uses a deprecated legacy API; the message names the current-API endpoint(s) to use instead."),
    "unknown": ("warning", "Support unknown",
                "The dataset cannot say whether the call works under the target auth; test it before switching."),
    "unmatched": ("note", "Call matches no endpoint",
                  "No endpoint of the dataset matches the call: a typo, a custom module or a newer endpoint."),
    "ready": ("none", "Ready for the target", "The call works under the target auth method as it is."),
    "hard-coded-token": ("error", "Hard-coded API token",
                         "A credential is written into the source code; move it to configuration and revoke it."),
}
_LOCATION = re.compile(r"^(?P<path>.+):(?P<line>\d+)$")


def render_sarif(view: Mapping[str, Any], tool_version: str = "0.1.0") -> str:
    """A SARIF 2.1.0 log with one run of ``xreg advise``."""
    rule_ids = list(_RULES)
    rules = [
        {"id": f"xreg/{rid}", "name": _camel(rid), "shortDescription": {"text": short},
         "fullDescription": {"text": full}, "defaultConfiguration": {"level": level}}
        for rid, (level, short, full) in _RULES.items()
    ]
    results: list[dict[str, Any]] = []
    for call in view["calls"]:
        msg = _message(call)
        for loc in call["evidence"]["source_locations"]:
            physical = _physical(loc)
            if physical is None:
                continue
            results.append(_result(call["verdict"], rule_ids, msg, physical))
    for f in view["findings"]:
        physical = _physical(f["location"])
        if physical is not None:
            results.append(_result("hard-coded-token", rule_ids,
                                   f"Hard-coded credential ({f['kind']}); the value is not shown.", physical))
    results.sort(key=lambda r: (r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
                                r["locations"][0]["physicalLocation"]["region"]["startLine"], r["ruleId"]))
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "xreg", "version": tool_version,
                                "informationUri": "https://developer.xentral.com/reference/authentication",
                                "rules": rules}},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    }
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"


def _result(kind: str, rule_ids: list[str], message: str, physical: dict[str, Any]) -> dict[str, Any]:
    return {"ruleId": f"xreg/{kind}", "ruleIndex": rule_ids.index(kind), "level": _RULES[kind][0],
            "message": {"text": message}, "locations": [{"physicalLocation": physical}]}


def _physical(location: str) -> dict[str, Any] | None:
    m = _LOCATION.match(location)
    if m is None:
        return None
    return {"artifactLocation": {"uri": m["path"].replace("\\", "/")}, "region": {"startLine": int(m["line"])}}


def _message(call: dict[str, Any]) -> str:
    text = f"{call['verdict']}: {call['method']} {call['url']}"
    if call["endpoint"]:
        text += f" ({call['endpoint']['id']})"
    text += f". {call['reason']}"
    if call["recommendations"]:
        text += " Use " + ", ".join(f"{r['target']} [{', '.join(r['scopes']) or 'no scope'}]" for r in call["recommendations"]) + "."
    if call["sources"]:
        text += " Source: " + " ".join(call["sources"])
    return text


def _camel(rule_id: str) -> str:
    return "".join(p.capitalize() for p in rule_id.split("-"))
