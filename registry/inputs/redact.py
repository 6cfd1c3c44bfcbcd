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

- in a URL, the values of parameters whose name is one of ``SECRET_PARAMS`` or contains ``token``,
  ``secret``, ``passw``, ``apikey``/``api_key``/``api-key`` or ``credential``. A parameter is a
  ``name=value`` after ``?``, ``&``, ``;`` or ``#``, in the query, the fragment or the path
  (``/x;hash=…``, where the value stops at ``/``). The name is read the way PHP reads it, and more
  loosely: percent-decoded (three times at most, so ``%2568ash`` counts), ``+`` as a space, surrounding
  white space dropped, case ignored, ``.`` and spaces as ``_`` (``api.id`` is ``api_id``) and
  anything from a ``[`` on ignored (``hash[x]`` is ``hash``; ``api[id`` counts as ``api_id`` too);
- the password of ``user:password@host`` in a URL, with or without a scheme (``//u:pw@host``);
- anywhere in a URL, the ``<digits>|<secret>`` shape of a Xentral personal access token, also with
  the ``|`` written ``%7C``;
- the whole value of ``Authorization`` and ``Proxy-Authorization`` after the scheme word (for Digest
  that includes the username, nonce and response), and the whole value of ``Cookie``, ``Set-Cookie``
  and of headers whose name contains ``token``, ``secret``, ``key`` or ``auth``;
- in text: ``Bearer``/``Basic``/``Digest`` credentials, ``name=value`` pairs with a secret name, and the
  ``<digits>|<secret>`` shape of a Xentral personal access token, also with ``%7C`` (XENTRAL-FACTS §1,
  DEV-CL2253 example).

The value is replaced by ``REDACTED``; names, paths and non-secret parameters stay as they were.
"""
from __future__ import annotations

import functools
import re
from urllib.parse import unquote

from registry.escaping import escape_controls  # (re-exported: readers and older callers import it from here)

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
        "jwt",
    }
)
_SECRET_PARTS = ("token", "secret", "passw", "apikey", "api_key", "api-key", "credential")

_SECRET_HEADERS = frozenset({"authorization", "proxy-authorization", "cookie", "set-cookie"})
_SECRET_HEADER_PARTS = ("token", "secret", "key", "auth", "password", "session")

_PARAM = re.compile(r"([^&;=#?]*)=([^&;#?]*)")  # a second "?" starts a parameter too: "?a=b?token=…"
# In a URL: a parameter of the query or fragment (after the first "?" or "#"), and one in the path,
# whose value stops at the next "/".
_URL_PARAM = re.compile(r"(?<=[?&;#])([^&;=#?]*)=([^&;#?]*)")
_URL_NAME = re.compile(r"(?<=[?&;#])([^&;=#?]*)=")
_PATH_PARAM = re.compile(r"(?<=[&;])([^/&;=?#]*)=([^/&;?#]*)")
_PATH_NAME = re.compile(r"(?<=[&;])([^/&;=?#]*)=")
# the password runs to the last '@' before the host ('u:p@ss@host': clients read it so); the scheme
# may be missing ('//u:pw@host', a scheme-relative URL)
# (the scheme starts where a run of scheme characters starts: trying every letter of a long run was quadratic)
_USERINFO = re.compile(r"(?P<scheme>(?:(?<![A-Za-z0-9+.-])[A-Za-z][A-Za-z0-9+.-]*:)?//)(?P<user>[^/?#@\s:]*):(?P<pw>[^/?#\s]*)@")
# a user name alone before the host is as often a token (https://ghp_…@github.com) as a name: it goes too
_USERNAME = re.compile(r"(?P<scheme>(?:(?<![A-Za-z0-9+.-])[A-Za-z][A-Za-z0-9+.-]*:)?//)(?P<user>[^/?#@\s:]+)@")
# a JSON Web Token (header.payload.signature, base64url, the header starting '{"' = eyJ) wherever it stands
_JWT = re.compile(r"(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*")
# a parameter whose '=' is percent-encoded (once or more: %3D, %253D): 'hash%3D9f3a' shows its value all the same
_ENCODED_EQ = re.compile(r"(?<=[?&;#])(?P<name>[^&;=#?]*?)(?P<eq>%(?:25)*3[Dd])(?P<value>[^&;#?\s\"'<>]*)")
# A personal access token in a URL: digits, "|" (or its escape %7C), 8 or more letters and digits. The
# digits start the value or follow a character that is not a letter, digit or "|" (an escape such as
# "%20" counts as one character).
_URL_PAT = re.compile(r"(?:(?<=%[0-9A-Fa-f]{2})|(?<![A-Za-z0-9_|%]))[0-9]{1,12}(?:\||%(?:25)*7[Cc])[A-Za-z0-9]{8,}")
_TEXT_AUTH = re.compile(
    r"(?i)\b(?P<scheme>bearer|basic|token)(?P<sep>\s+)(?P<value>[^\s\"'<>,;]+)"
)
# A Digest credential is a list of name=value pairs with quotes inside; everything to the end of the
# line goes, because a partial cut could leave the response or nonce behind.
_TEXT_DIGEST = re.compile(r"(?i)\b(?P<scheme>digest)(?P<sep>\s+)(?P<value>\w+\s*=[^\r\n]*)")
# (a space before "=" belongs to the name as PHP reads it: 'hash =x' sets hash_, redacted like hash)
# (each name starts where a run of name characters starts: trying every start of a long run was quadratic)
_TEXT_PARAM = re.compile(r"(?<![A-Za-z0-9_\-\[\]%.])(?P<name>[A-Za-z0-9_\-\[\]%.]+)(?P<eq>[ \t]*=)(?P<value>[^&;#\s\"'<>]*)")
_TEXT_JSON_PARAM = re.compile(
    r"(?P<name>[\"']?(?<![A-Za-z0-9_\-])[A-Za-z0-9_\-]+[\"']?\s*:\s*)(?P<q>[\"'])(?P<value>[^\"']*)(?P=q)"
)
_PAT_SHAPE = re.compile(r"(?<![\w|])\d{1,12}(?:\||%(?:25)*7[Cc])[A-Za-z0-9]{8,}(?![\w|])")


def is_secret_param(name: str) -> bool:
    """True when a query/form parameter of this name carries a credential (``hash``, ``api_id``, ``token``…).

    The name is read as a server may read it (see the module doc): ``%20hash``, ``+hash``, ``HASH``,
    ``%68ash``, ``hash[x]`` and ``api.id`` all count.
    """
    key = php_name(name)
    if "[" in key:
        if _is_secret_key(key.replace("[", "_").replace("]", "")):  # PHP reads an unclosed 'api[id' as 'api_id'
            return True
        key = key[: key.index("[")]
    return _is_secret_key(key)


def php_name(name: str) -> str:
    """A parameter name as PHP reads it, lower-cased: percent-escapes decoded (also twice escaped), cut at a
    NUL, ``+`` a space, outer spaces dropped, inner spaces and dots ``_`` (``%20HASH`` -> ``hash``,
    ``api.id`` -> ``api_id``); a ``[`` and what follows stay (``hash[x]``: an array named ``hash``)."""
    key = name
    for _ in range(3):
        if "%" not in key:
            break
        key = unquote(key)
    if "\x00" in key:
        key = key[: key.index("\x00")]  # PHP reads a name up to its first NUL
    return key.replace("+", " ").strip().lower().replace(" ", "_").replace(".", "_")


def _php_base(name: str) -> str:
    key = php_name(name)
    return key[: key.index("[")] if "[" in key else key


def _is_secret_key(key: str) -> bool:
    return key in SECRET_PARAMS or any(part in key for part in _SECRET_PARTS)


#: ``is_secret_param`` remembered for the names a URL's parameters have (a log holds few).
_is_secret_name = functools.lru_cache(maxsize=4096)(is_secret_param)


def redact_url(url: str) -> str:
    """``url`` with its secrets replaced by ``REDACTED``: secret parameters' values, userinfo passwords
    and personal access tokens (see the module doc); everything else stays as written.

    ``redact_url("//u:pw@x/api;hash=9f?a=1&api_id=2&q=4711|Yx9fKq2LmN")`` ->
    ``'//u:REDACTED@x/api;hash=REDACTED?a=1&api_id=REDACTED&q=REDACTED'``

    A parameter with an empty value stays as it is (``hash=``). Fast path: a URL without ``=``, ``@``,
    ``|`` or ``%`` holds nothing of these and is returned as it is, and so is any URL with nothing to
    replace.
    """
    if "=" not in url and "@" not in url and "|" not in url and "%" not in url:
        return url
    shown = _USERNAME.sub(_hide_user, _USERINFO.sub(_hide_password, url)) if "@" in url else url
    eq = shown.find("=")
    if eq >= 0:
        cut = _query_start(shown)
        end = len(shown) if cut < 0 else cut
        if eq < end and any(map(_is_secret_name, _PATH_NAME.findall(shown, 0, end))):
            shown = _PATH_PARAM.sub(_scrub, shown[:end]) + shown[end:]
            cut = _query_start(shown)
        if cut >= 0:
            for name in _URL_NAME.findall(shown, cut):
                if _is_secret_name(name):
                    shown = shown[:cut] + _URL_PARAM.sub(_scrub, shown[cut:])
                    break
    if "%" in shown:
        cut = _query_start(shown)
        if cut >= 0:
            shown = shown[:cut] + _ENCODED_EQ.sub(_scrub_encoded, shown[cut:])
    if "|" in shown or "%" in shown:
        shown = _URL_PAT.sub(REDACTED, shown)
    if "eyJ" in shown:
        shown = _JWT.sub(REDACTED, shown)
    return shown


def _query_start(url: str) -> int:
    """Where the query or fragment starts (its "?" or "#"), or -1."""
    q = url.find("?")
    if "#" in url:
        h = url.find("#")
        if q < 0 or h < q:
            return h
    return q


def _hide_password(m: re.Match[str]) -> str:
    return f"{m.group('scheme')}{m.group('user')}:{REDACTED}@"


def _hide_user(m: re.Match[str]) -> str:
    return f"{m.group('scheme')}{REDACTED}@"


def _scrub_encoded(m: re.Match[str]) -> str:
    name, value = m.group("name"), m.group("value")
    return f"{name}{m.group('eq')}{REDACTED}" if value and _is_secret_name(name) else m.group(0)


def _scrub(m: re.Match[str]) -> str:
    name, value = m.group(1), m.group(2)
    return f"{name}={REDACTED}" if value and _is_secret_name(name) else m.group(0)


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
        text = _USERNAME.sub(_hide_user, _USERINFO.sub(_hide_password, text))
    if "%" in text:
        text = _ENCODED_EQ.sub(_scrub_encoded, text)
    if "=" in text:
        text = _TEXT_PARAM.sub(
            lambda m: f"{m.group('name')}{m.group('eq')}{REDACTED}"
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
    if "|" in text or "%" in text:
        text = _PAT_SHAPE.sub(REDACTED, text)
    if "eyJ" in text:
        text = _JWT.sub(REDACTED, text)
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
    """True when a parameter PHP reads as ``hash`` or ``api_id`` follows a ``?`` or ``&`` anywhere in the URL.

    The advisor's evidence of hash authentication (looser than ``has_hash_auth``: ``api_id`` alone
    counts too, and after a ``#``). Names are read as PHP reads them (``php_name``: ``%20hash``, ``HASH``).
    """
    if _HASH_NAMES.search(url) is not None:
        return True
    if _MAYBE_HASH_NAME.search(url) is None:  # (the common URL: no name PHP could read as either)
        return False
    return any(_php_base(m.group(1)) in ("hash", "api_id") for m in _ANY_NAME.finditer(url))


_HASH_NAMES = re.compile(r"[?&](hash|api_id)=")
_MAYBE_HASH_NAME = re.compile(r"(?i)[?&][^&=#?]*(?:[%+\[.\s]|hash|api_id)[^&=#?]*=")
_ANY_NAME = re.compile(r"(?<=[?&])([^&=#?]*)=")


def has_hash_auth(url: str) -> bool:
    """True when the URL's query carries a parameter PHP reads as ``hash`` (hash authentication, HC-LEGACY):
    ``hash=``, and also ``HASH=``, ``%20hash=``, ``+hash=``, ``%68ash=`` or ``hash[x]=``."""
    q = url.find("?")
    if q == -1:
        return False
    lowered = url.lower()
    if "hash" not in lowered and "%" not in url:
        return False
    return any(_php_base(m.group(1)) == "hash" for m in _PARAM.finditer(url[q + 1 :]))


def clean_text(text: str, limit: int = 200) -> str:
    """Text safe to put in a one-line message: redacted, control characters escaped, at most ``limit`` chars.

    The whole text is redacted before it is cut (a cut first could leave a secret's start without what
    marks it as one, e.g. the '@' after a password); every pattern of ``redact_text`` runs in linear time."""
    text = redact_text(text)
    text = escape_controls(text)  # the one rule of registry.escaping
    if len(text) > limit:
        text = text[:limit] + "…"
    return text
