"""Credentials written into source code: where and what kind, never the value.

    find_secrets("$h = ['Authorization' => 'Bearer 17|cUTh4kPqs9VbYm2xWf8r'];")   # ['xentral-pat']

Kinds, on any line including comments: ``bearer-token`` (``Bearer <value>`` with a token-like value),
``xentral-pat`` (a ``<digits>|<secret>`` literal, the PAT shape of DEV-CL2253), ``api-token`` (a
token-like literal of 12+ characters assigned to a name containing token, pat, apikey/api_key, secret,
bearer, initkey), ``password`` (a literal of 6+ characters assigned to a name containing
password/passwd/pwd), ``basic-credentials`` (``CURLOPT_USERPWD``/``user:password@`` with a literal
password), ``standard-api-hash`` (``hash=`` followed by 32–40 hex digits). Values that look like
placeholders (``{{…}}``, ``<…>``, ``${…}``, ``%s``, ``xxx``, ``your…``, ``changeme``) are not reported.
"""
from __future__ import annotations

import bisect
import re

from registry.inputs.base import SecretFinding

_PLACEHOLDER = re.compile(r"\{\{|\}\}|<[^>]*>|\$\{|\$[A-Za-z_]|%[sd]|xxx|\*\*\*|your|example|changeme|placeholder|dummy|redacted|\.\.\.", re.I)
_SECRETS = [
    ("xentral-pat", re.compile(r"""['"`](?:Bearer\s+)?(?P<v>\d{1,12}\|[A-Za-z0-9]{16,})['"`]""")),
    ("bearer-token", re.compile(r"""\bBearer\s+(?P<v>[A-Za-z0-9._~+/=|-]{12,})""")),
    ("standard-api-hash", re.compile(r"""[?&'"]hash=(?P<v>[0-9a-fA-F]{32,40})\b""")),
    ("basic-credentials", re.compile(r"""CURLOPT_USERPWD\s*(?:=>|,)\s*['"](?P<v>[^'"\s:]+:[^'"\s]+)['"]""")),
    ("basic-credentials", re.compile(r"""['"`]https?://[^\s/:@'"]+:(?P<v>[^\s/@'"{$]+)@""")),
    ("password", re.compile(
        r"""(?i)(?:pass(?:word|wd)?|pwd)\w*['"]?\s*(?:=>|:=|[:=])\s*['"](?P<v>[^'"\s]{6,})['"]""")),
    ("api-token", re.compile(
        r"""(?i)(?:token|\bpat\b|_pat\b|api_?key|apikey|secret|bearer|init_?key)\w*['"]?\s*(?:=>|:=|[:=])\s*"""
        r"""['"](?P<v>[A-Za-z0-9._~+/=|-]{12,})['"]""")),
]


def _looks_like_token(value: str) -> bool:
    if _PLACEHOLDER.search(value):
        return False
    if len(set(value)) < 5:
        return False
    classes = sum(bool(re.search(p, value)) for p in (r"[a-z]", r"[A-Z]", r"\d", r"[^A-Za-z0-9]"))
    return classes >= 2


def find_secrets(line: str) -> list[str]:
    """Kinds of hard-coded credentials on one line (each kind once; a PAT is not also a bearer token)."""
    kinds: list[str] = []
    for kind, pattern in _SECRETS:
        for m in pattern.finditer(line):
            value = m.group("v")
            if kind == "password":
                ok = not _PLACEHOLDER.search(value) and len(set(value)) >= 4
            elif kind == "standard-api-hash":
                ok = True
            else:
                ok = _looks_like_token(value.split(":", 1)[-1])
            if ok:
                if kind not in kinds and not (kind in ("bearer-token", "api-token") and "xentral-pat" in kinds):
                    kinds.append(kind)
                break
    if "bearer-token" in kinds and "api-token" in kinds:
        kinds.remove("api-token")
    return kinds


# A line can hold a credential only if it has one of these (lower case): the full patterns run on those lines alone.
_TRIGGER = re.compile(r"(?i)\d\|[a-z0-9]|bearer|hash=|userpwd|://[^\s/@'\"]+:[^\s/@'\"]+@|pass|pwd|token|\bpat\b|_pat\b|"
                      r"api_?key|secret|init_?key")


def secrets_in(text: str, shown: str) -> list[SecretFinding]:
    """Every credential of a file's text (``shown`` is the file as locations name it)."""
    out: list[SecretFinding] = []
    lines = text.split("\n")
    starts: list[int] = []
    pos = 0
    for line in lines:
        starts.append(pos)
        pos += len(line) + 1
    seen: set[int] = set()
    for m in _TRIGGER.finditer(text):
        n = bisect.bisect_right(starts, m.start()) - 1
        if n in seen:
            continue
        seen.add(n)
        line = lines[n][:4000]
        for kind in find_secrets(line):
            out.append(SecretFinding(location=f"{shown}:{n + 1}", kind=kind))
    return out
