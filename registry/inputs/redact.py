"""Remove secrets from URLs, headers and free text before anything leaves a reader.

Every reader passes what it yields through these functions, so a bearer token, a Digest response,
a Standard API ``hash=`` or ``api_id=`` value never reaches the advisor, a report or a message::

    redact_url("/index.php?module=api&action=ArtikelGet&hash=9f3a1c&api_id=26")
    # '/index.php?module=api&action=ArtikelGet&hash=REDACTED&api_id=REDACTED'
    redact_header("Authorization", 'Digest username="shop", response="6629fae4"')
    # 'Digest REDACTED'
    redact_text('curl -H "Authorization: Bearer 42|s3cr3t" https://x/api/v1/products?token=abc')
    # 'curl -H "Authorization: Bearer REDACTED" https://x/api/v1/products?token=REDACTED'

What counts as secret:

- query and fragment parameters whose name (case-insensitive, ``[]`` suffixes ignored) is one of
  ``SECRET_PARAMS`` or contains ``token``, ``secret``, ``passw``, ``apikey``/``api_key``/``api-key``;
- the password of ``user:password@host`` in a URL;
- the whole value of ``Authorization`` and ``Proxy-Authorization`` after the scheme word (for Digest
  that includes the username, nonce and response), and the whole value of ``Cookie``, ``Set-Cookie``
  and of headers whose name contains ``token``, ``secret``, ``key`` or ``auth``;
- in text: ``Bearer``/``Basic``/``Digest`` credentials, ``name=value`` pairs with a secret name, and the
  ``<digits>|<secret>`` shape of a Xentral personal access token (XENTRAL-FACTS §1, DEV-CL2253 example).

The value is replaced by ``REDACTED``; names, paths and non-secret parameters stay as they were.
"""
from __future__ import annotations

import re
from urllib.parse import unquote

REDACTED = "REDACTED"

# Parameter names whose value is a credential (exact, lower-case, after unquoting and dropping "[]").
SECRET_PARAMS = frozenset(
    {
        "hash",  # Standard API: daily sha1 hash (HC-LEGACY)
        "api_id",  # Standard API account id, sent with the hash (HC-LEGACY)
        "apiid",
        "key",
        "pat",
        "password",
        "passwd",
        "pwd",
        "pass",
        "secret",
        "signature",
        "sig",
        "auth",
        "authorization",
        "bearer",
        "initkey",
        "code",  # OAuth authorization code
        "session",
        "sessionid",
        "sid",
        "phpsessid",
    }
)
_SECRET_PARTS = ("token", "secret", "passw", "apikey", "api_key", "api-key", "credential")

_SECRET_HEADERS = frozenset({"authorization", "proxy-authorization", "cookie", "set-cookie"})
_SECRET_HEADER_PARTS = ("token", "secret", "key", "auth", "password", "session")

_PARAM = re.compile(r"([^&;=#?]*)=([^&;#?]*)")  # a second "?" starts a parameter too: "?a=b?token=…"
# the password runs to the last '@' before the host ('u:p@ss@host': clients read it so)
_USERINFO = re.compile(r"(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*://)(?P<user>[^/?#@\s:]*):(?P<pw>[^/?#\s]*)@")
_TEXT_AUTH = re.compile(
    r"(?i)\b(?P<scheme>bearer|basic|token)(?P<sep>\s+)(?P<value>[^\s\"'<>,;]+)"
)
# A Digest credential is a list of name=value pairs with quotes inside; everything to the end of the
# line goes, because a partial cut could leave the response or nonce behind.
_TEXT_DIGEST = re.compile(r"(?i)\b(?P<scheme>digest)(?P<sep>\s+)(?P<value>\w+\s*=[^\r\n]*)")
_TEXT_PARAM = re.compile(r"(?P<name>[A-Za-z0-9_\-\[\]%]+)(?P<eq>=)(?P<value>[^&;#\s\"'<>]*)")
_TEXT_JSON_PARAM = re.compile(
    r"(?P<name>[\"']?[A-Za-z0-9_\-]+[\"']?\s*:\s*)(?P<q>[\"'])(?P<value>[^\"']*)(?P=q)"
)
_PAT_SHAPE = re.compile(r"(?<![\w|])\d{1,12}\|[A-Za-z0-9]{8,}(?![\w|])")


def is_secret_param(name: str) -> bool:
    """True when a query/form parameter of this name carries a credential (``hash``, ``api_id``, ``token``…)."""
    key = name.strip().lower()
    if "%" in key:
        key = unquote(key)
    if key.endswith("[]"):
        key = key[:-2]
    if key in SECRET_PARAMS:
        return True
    return any(part in key for part in _SECRET_PARTS)


def _redact_params(part: str) -> str:
    def repl(m: re.Match[str]) -> str:
        name, value = m.group(1), m.group(2)
        if value and is_secret_param(name):
            return f"{name}={REDACTED}"
        return m.group(0)

    return _PARAM.sub(repl, part)


def redact_url(url: str) -> str:
    """``url`` with the values of secret query/fragment parameters and userinfo passwords replaced.

    Fast path: a URL without ``?``, ``#``, ``@`` or ``;`` is returned unchanged.
    """
    if "?" not in url and "#" not in url and "@" not in url and ";" not in url:
        return url
    if "@" in url:
        url = _USERINFO.sub(lambda m: f"{m.group('scheme')}{m.group('user')}:{REDACTED}@", url)
    q = url.find("?")
    h = url.find("#")
    if q == -1 and h == -1:
        return url
    cut = q if q != -1 and (h == -1 or q < h) else h
    return url[: cut + 1] + _redact_params(url[cut + 1 :])


def redact_header(name: str, value: str) -> str:
    """The header value safe to show: the auth scheme stays (``Bearer REDACTED``), credentials go."""
    lower = name.strip().lower()
    if lower in ("authorization", "proxy-authorization"):
        scheme, _, rest = value.strip().partition(" ")
        return f"{scheme} {REDACTED}" if rest.strip() else REDACTED
    if lower in _SECRET_HEADERS or any(part in lower for part in _SECRET_HEADER_PARTS):
        return REDACTED
    return redact_text(value)


def redact_text(text: str) -> str:
    """Free text (a skipped line, a message) with every credential pattern replaced by ``REDACTED``."""
    if not text:
        return text
    text = _TEXT_DIGEST.sub(lambda m: f"{m.group('scheme')}{m.group('sep')}{REDACTED}", text)
    text = _TEXT_AUTH.sub(
        lambda m: m.group(0) if m.group("value") == REDACTED else f"{m.group('scheme')}{m.group('sep')}{REDACTED}", text
    )
    if "@" in text:
        text = _USERINFO.sub(lambda m: f"{m.group('scheme')}{m.group('user')}:{REDACTED}@", text)
    if "=" in text:
        text = _TEXT_PARAM.sub(
            lambda m: f"{m.group('name')}={REDACTED}"
            if m.group("value") and m.group("value") != REDACTED and is_secret_param(m.group("name"))
            else m.group(0),
            text,
        )
    if ":" in text:
        text = _TEXT_JSON_PARAM.sub(
            lambda m: f"{m.group('name')}{m.group('q')}{REDACTED}{m.group('q')}"
            if m.group("value") and is_secret_param(m.group("name").split(":")[0].strip().strip("\"'"))
            else m.group(0),
            text,
        )
    if "|" in text:
        text = _PAT_SHAPE.sub(REDACTED, text)
    return text


def auth_from_header(value: str | None) -> str:
    """The auth scheme named by an ``Authorization`` value: ``bearer``, ``digest``, ``basic``, else ``other``.

    ``None`` or an empty value gives ``none``.
    """
    if value is None or not value.strip():
        return "none"
    scheme = value.strip().split(None, 1)[0].lower()
    return scheme if scheme in ("bearer", "digest", "basic") else "other"


def names_hash_auth(url: str) -> bool:
    """True when a ``hash=`` or ``api_id=`` parameter follows a ``?`` or ``&`` anywhere in the URL.

    The advisor's evidence of hash authentication (looser than ``has_hash_auth``: ``api_id`` alone
    counts too, and after a ``#``).
    """
    return _HASH_NAMES.search(url) is not None


_HASH_NAMES = re.compile(r"[?&](hash|api_id)=")


def has_hash_auth(url: str) -> bool:
    """True when the URL carries the Standard API ``hash=`` parameter (hash authentication, HC-LEGACY)."""
    if "hash=" not in url.lower():
        return False
    q = url.find("?")
    if q == -1:
        return False
    return any(m.group(1).strip().lower() == "hash" for m in _PARAM.finditer(url[q + 1 :]))


def clean_text(text: str, limit: int = 200) -> str:
    """Text safe to put in a one-line message: redacted, control characters escaped, at most ``limit`` chars."""
    if len(text) > limit * 4:
        text = text[: limit * 4]
    text = redact_text(text)
    text = "".join(ch if ch.isprintable() else f"\\x{ord(ch):02x}" if ord(ch) < 256 else "\ufffd" for ch in text)
    if len(text) > limit:
        text = text[:limit] + "…"
    return text
