"""Which API a request belongs to by the shape of its URL alone: the class of a call that matches no endpoint.

A call the matcher cannot resolve still says something by its form (XENTRAL-FACTS §3): the current API
names English camelCase resources below ``/api/v1``, ``/api/v2`` and ``/api/v3``; the legacy REST API
German ones below ``/api/v1`` and ``/api/v2`` (and ``/shopimport/…``, ``/opentrans/…``); the Standard API
is ``/api/<Action>`` or ``index.php?module=api&action=…``::

    vocab = Vocabulary.from_registry(reg)
    classify_url(vocab, "https://acme.xentral.biz/api/v1/printJobs")
    -> UrlClass(kind="current", api="xentral", form="current", version="v1")
    classify_url(vocab, "/api/v1/artikel/17/bilder")  -> UrlClass(kind="legacy", api="rest", form="rest-path")
    classify_url(vocab, "/api/ArtikelStatistik")     -> UrlClass(kind="legacy", api="standard", form="standard-wrapper")
    classify_url(vocab, "/favicon.ico")              -> UrlClass(kind="not-api", api=None, form=None)
    classify_url(vocab, "/api/v1/warenkorb/17")      -> UrlClass(kind="undecided", api=None, form=None)

Kinds:

- ``current``: shaped like a current-API endpoint; as it matches none, it may be newer than the dataset's
  current-API data (``Vocabulary.releases`` names the spec release of each version);
- ``legacy``: shaped like a legacy REST route or a Standard API action the dataset does not have;
- ``not-api``: not an API call at all: a path without ``/api`` that no route form writes (the site root,
  ``/favicon.ico``; see ``registry.matching.urls``) or ``index.php`` of the web interface;
- ``undecided``: the shape does not tell (a lower-case resource that is neither a known legacy nor a known
  current one, ``/api/.env``).

The vocabulary comes from the dataset: the legacy REST resource names (first segment after the version of
its routes), the current API's groups, and the spec releases per version. No I/O.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from registry.matching.results import LEGACY_ENTRY_FORMS
from registry.matching.urls import BARE_ROOTS, parse_url

_VERSION = re.compile(r"^v(\d+)$")
_ACTION = re.compile(r"^[A-Z][A-Za-z0-9]*$")
_CAMEL = re.compile(r"[a-z][A-Z]")
#: Top-level groups of the legacy REST route table besides the versioned ones (OpenXE ApiApplication.php).
LEGACY_ROOTS = BARE_ROOTS


@dataclass(frozen=True)
class UrlClass:
    """What the shape of a URL says: ``kind`` (see the module doc), the API and URL form it suggests."""

    kind: str
    api: str | None
    form: str | None
    version: str | None = None
    why: str = ""


@dataclass
class Vocabulary:
    """The names the shapes are compared with, taken from a dataset once."""

    legacy_resources: frozenset[str] = frozenset()
    current_groups: frozenset[str] = frozenset()
    releases: dict[str, list[str]] = field(default_factory=dict)  # "v1" -> ["24.48.10"]: spec releases per version

    @classmethod
    def from_registry(cls, reg: Any) -> Vocabulary:
        legacy: set[str] = set()
        groups: set[str] = set()
        by_title = {str(s.get("title")): str(s.get("release") or s.get("version") or "") for s in reg.info.specs}
        releases: dict[str, set[str]] = {}
        for ep in reg.endpoints.values():
            if ep.path is None:
                continue
            segs = [s for s in ep.path.split("/") if s]
            if ep.api == "rest" and len(segs) >= 2 and _VERSION.match(segs[0]) and not segs[1].startswith("{"):
                legacy.add(segs[1].lower())
            elif ep.api == "xentral":
                rest = segs[1:] if segs[:1] == ["api"] else segs
                if rest and _VERSION.match(rest[0]):
                    if len(rest) > 1:
                        groups.add(rest[1].lower())
                    if ep.spec in by_title and ep.status != "removed":
                        releases.setdefault(rest[0], set()).add(by_title[ep.spec])
                elif rest:
                    groups.add(rest[0].lower())
        return cls(frozenset(legacy), frozenset(groups), {v: sorted(r) for v, r in sorted(releases.items())})

    def release_of(self, version: str | None) -> list[str]:
        """The spec releases the dataset's current-API data of ``version`` (default ``v1``) comes from."""
        return self.releases.get(version or "v1", [])


def classify_url(vocab: Vocabulary, url: str) -> UrlClass:
    """The class of a request URL by its shape (see the module doc); never raises."""
    parsed = parse_url(url)
    if parsed.entry == "hash":
        if parsed.problem is not None and "web interface" in parsed.problem:
            return UrlClass("not-api", None, None, why=parsed.problem)
        return UrlClass("legacy", "standard", "standard-hash", why="index.php?module=api&action=… is the Standard API")
    if parsed.problem is not None:
        return UrlClass("not-api", None, None, why=parsed.problem)
    route = parsed.route or "/"
    segs = [s for s in route.split("/")[1:]]
    legacy_form = LEGACY_ENTRY_FORMS.get(parsed.entry)
    if len(segs) == 1 and _ACTION.match(segs[0]):
        return UrlClass("legacy", "standard", legacy_form or "standard-wrapper",
                        why=f"/api/{segs[0]} is shaped like a Standard API action (not on the dataset's list)")
    first = segs[0] if segs else ""
    if first.lower() in LEGACY_ROOTS:
        return UrlClass("legacy", "rest", legacy_form or "rest-path", why=f"/{first}/… is a legacy REST route group")
    version = _VERSION.match(first)
    if version is None:
        if first.lower() in vocab.current_groups and legacy_form is None:
            return UrlClass("current", "xentral", "current-unversioned", "v1",
                            why=f"'{first}' is a current-API resource written without a version")
        return UrlClass("undecided", None, legacy_form, why="the shape does not tell which API it belongs to")
    number = int(version.group(1))
    resource = segs[1] if len(segs) > 1 else ""
    if resource.lower() in vocab.legacy_resources and number in (1, 2):
        return UrlClass("legacy", "rest", legacy_form or "rest-path",
                        why=f"'{resource}' is a legacy REST resource (German name below /api/{first})")
    if legacy_form is not None:  # (only the legacy APIs are served through index.php)
        return UrlClass("legacy", "rest", legacy_form, why="index.php/… is served by the legacy APIs only")
    if resource.lower() in vocab.current_groups:
        why = f"'{resource}' is a resource of the current API"
    elif number == 3:
        why = "/api/v3/… belongs to the current API alone"
    elif number == 2:
        why = "below /api/v2 the legacy REST API has adressen alone"
    elif _CAMEL.search(resource):
        why = f"'{resource}' is an English camelCase resource, as the current API names them"
    else:
        return UrlClass("undecided", None, None, first, why="the shape does not tell which API it belongs to")
    return UrlClass("current", "xentral", "current", first, why=why)
