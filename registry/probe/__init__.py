"""``xreg probe``: observe, read-only, what a credential really reaches on one's own Xentral instance.

The package has four rooms, and only ``client`` imports httpx (lazily, when a probe is sent):

- ``plan``: which requests to send for a choice of endpoints (pure: no I/O);
- ``classify``: what one answer means, by its status and the markers of ``data/probe.yaml`` (pure);
- ``client``: the GET-only sender (rate limit, timeout, no redirects, TLS verified, a User-Agent);
- ``observations``: the observations file (YAML), its checks, and how observations change the
  dataset's statements (override ``inferred``/``unknown``, show a conflict with a documented one).

::

    plan = plan_probe(reg, auth="pat", apis=["rest"])          # Plan: steps, each a GET with its endpoint
    print(plan.describe(rate=2.0))                              # the dry run's text
"""
from __future__ import annotations

__all__ = ["BUILTIN_MARKERS"]

#: Markers the probe sets itself (not from ``data/probe.yaml``); each makes the answer ``unknown``.
BUILTIN_MARKERS = {
    "timeout": "no answer within the timeout",
    "redirect": "a redirect, which the probe never follows",
    "unclassified": "an answer no marker of data/probe.yaml fits (a 5xx, or an unknown body)",
}
