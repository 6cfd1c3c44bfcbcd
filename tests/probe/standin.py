"""A small stand-in for a Xentral instance, served on localhost by the probe tests.

It answers as the sources describe the APIs (``data/probe.yaml``): the legacy REST API behind Digest
(a real RFC 7616 check of each response against the account's key, with nonces it issued) and behind
tokens, with OpenXE's JSON errors and codes; a shopimport route that refuses tokens; Standard API
actions through ``/api/{Action}`` answering XML ``messageCode``s; current-API routes that check a
token's scopes. Some routes misbehave on purpose: one is missing, one fails with a 500, one answers
too late, one redirects to another host. Every request is recorded with its arrival time
(``time.monotonic``), method, target and headers, so tests assert on what the server saw.
"""
from __future__ import annotations

import hashlib
import json
import re
import secrets
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

REALM = "Xentral-API"
DIGEST_USER = "shopbridge-test"
DIGEST_KEY = "dk-5f1e9a77c0b24d3a"
LEGACY_TOKEN = "17|lt-9c3f0a5d2e7b4816"
PAT_TOKEN = "pat-3b8e1d6c9f2a4705"
PAT_SCOPES = {"customer:read"}
DIGEST_PERMISSIONS = {"list_addresses", "view_address", "communicate_with_shop", "standard_servertimeget",
                      "standard_benutzerlist", "list_orders", "view_order"}
SECRETS = (DIGEST_KEY, LEGACY_TOKEN, PAT_TOKEN, "lt-9c3f0a5d2e7b4816")


@dataclass
class Seen:
    """One request as the server saw it."""

    at: float
    method: str
    target: str  # path and query, as sent
    headers: dict[str, str]


@dataclass
class Instance:
    """The server's state: requests seen, nonces issued, Digest checks passed."""

    requests: list[Seen] = field(default_factory=list)
    nonces: dict[str, str] = field(default_factory=dict)  # nonce -> opaque
    digest_passed: int = 0
    digest_failed: int = 0
    challenges: int = 0
    redirect_to: str = "http://127.0.0.2:9/elsewhere"
    release_slow: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)


# -- routes: path -> (API, permission, handler name) ---------------------------------------------------
LEGACY = {
    "/api/v1/adressen": ("list_addresses", {"data": [{"id": 7, "name": "Beispiel GmbH"}], "pagination": {"items_per_page": 1}}),
    "/api/v1/adressen/7": ("view_address", {"data": {"id": 7, "name": "Beispiel GmbH"}}),
    "/api/v1/belege/auftraege": ("list_orders", {"data": [{"id": 12}], "pagination": {"items_per_page": 1}}),
    "/api/v1/belege/auftraege/12": ("view_order", {"data": {"id": 12}}),
    "/api/v1/artikel": ("list_articles", {"data": [], "pagination": {"items_per_page": 1}}),
    "/api/shopimport/status": ("communicate_with_shop", {"status": "connected"}),
}
#: Legacy routes a legacy token is refused on although no list names them (the list "is not complete").
REFUSES_LEGACY_TOKEN = {"/api/v1/belege/auftraege", "/api/v1/belege/auftraege/12"}
ACTIONS = {"ServerTimeGet": 1, "BenutzerList": 8, "StechuhrStatusGet": 5}
CURRENT = {
    "/api/v1/customers": ("customer:read", {"data": [{"id": "3"}], "extra": {"totalCount": 1}}),
    "/api/v1/customers/3": ("customer:read", {"data": {"id": "3"}}),
    "/api/v3/salesOrders": ("salesOrder:read", {"data": [{"id": "41"}]}),
    "/api/v3/salesOrders/41": ("salesOrder:read", {"data": {"id": "41"}}),
}


class Handler(BaseHTTPRequestHandler):
    server_version = "standin/1"
    protocol_version = "HTTP/1.1"

    def log_message(self, *args: Any) -> None:  # quiet
        pass

    @property
    def state(self) -> Instance:
        return self.server.state  # type: ignore[attr-defined]

    def _record(self) -> str:
        seen = Seen(time.monotonic(), self.command, self.path, {k: v for k, v in self.headers.items()})
        with self.state.lock:
            self.state.requests.append(seen)
        return urlsplit(self.path).path

    def do_GET(self) -> None:  # noqa: N802
        path = self._record()
        self.route(path)

    def _refuse_method(self) -> None:
        self._record()
        self.send_json(405, {"error": {"code": 7432, "http_code": 405, "message": "Method not allowed"}})

    do_POST = do_PUT = do_DELETE = do_PATCH = _refuse_method  # noqa: N815

    # -- answers -----------------------------------------------------------------------------------
    def send_body(self, status: int, body: bytes, ctype: str, extra: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def send_json(self, status: int, data: Any, extra: dict[str, str] | None = None) -> None:
        self.send_body(status, json.dumps(data).encode(), "application/json; charset=UTF-8", extra)

    def legacy_error(self, status: int, code: int, message: str) -> None:
        nonce, opaque = secrets.token_hex(16), secrets.token_hex(16)
        with self.state.lock:
            self.state.nonces[nonce] = opaque
            self.state.challenges += 1
        challenge = f'Digest realm="{REALM}",qop="auth",nonce="{nonce}",opaque="{opaque}"'
        self.send_json(status, {"error": {"code": code, "http_code": status, "message": message}},
                       {"WWW-Authenticate": challenge})

    # -- authentication ------------------------------------------------------------------------------
    def legacy_auth(self) -> tuple[str, str | None] | None:
        """('digest'|'pat-legacy'|'pat', None) when accepted, else None after answering 401."""
        header = self.headers.get("Authorization", "")
        if not header:
            self.legacy_error(401, 7411, "Unauthorized. You need to login.")
            return None
        if header.lower().startswith("bearer "):
            token = header[7:].strip()
            if token == LEGACY_TOKEN:
                return "pat-legacy", None
            if token == PAT_TOKEN:
                return "pat", None
            self.legacy_error(401, 7419, "Authorization type not allowed.")
            return None
        if not header.lower().startswith("digest "):
            self.legacy_error(401, 7419, "Authorization type not allowed.")
            return None
        if self.digest_ok(header[7:]):
            return "digest", None
        self.legacy_error(401, 7414, "Authorization failure. API Account invalid.")
        return None

    def digest_ok(self, value: str) -> bool:
        parts = dict((k.strip(), v.strip().strip('"')) for k, v in
                     (p.split("=", 1) for p in re.split(r",\s*(?=[a-z]+=)", value) if "=" in p))
        nonce, opaque = parts.get("nonce", ""), parts.get("opaque", "")
        with self.state.lock:
            known = self.state.nonces.get(nonce)
        if known is None or known != opaque or parts.get("username") != DIGEST_USER or parts.get("uri") != self.path:
            with self.state.lock:
                self.state.digest_failed += 1
            return False
        ha1 = hashlib.md5(f"{DIGEST_USER}:{REALM}:{DIGEST_KEY}".encode()).hexdigest()
        ha2 = hashlib.md5(f"{self.command}:{self.path}".encode()).hexdigest()
        expected = hashlib.md5(":".join([ha1, nonce, parts.get("nc", ""), parts.get("cnonce", ""), parts.get("qop", ""),
                                         ha2]).encode()).hexdigest()
        ok = parts.get("qop") == "auth" and secrets.compare_digest(expected, parts.get("response", ""))
        with self.state.lock:
            if ok:
                self.state.digest_passed += 1
            else:
                self.state.digest_failed += 1
        return ok

    # -- routing ---------------------------------------------------------------------------------------
    def route(self, path: str) -> None:
        if path in CURRENT:
            return self.current(path)
        if path == "/api/v1/products":
            return self.send_body(404, b"", "text/html")
        who = self.legacy_auth()
        if who is None:
            return None
        auth = who[0]
        if path == "/api/v1/lagermhd":
            return self.legacy_error(404, 7431, "Route not found")
        if path == "/api/v1/laender":
            return self.legacy_error(500, 7499, "Unexpected error")
        if path == "/api/v1/versandarten":
            self.state.release_slow.wait(5.0)
            return self.send_json(200, {"data": []})
        if path == "/api/v1/zahlungsweisen":
            return self.send_body(302, b"", "text/html", {"Location": self.state.redirect_to})
        action = path[len("/api/"):] if path.count("/") == 2 else ""
        if action in ACTIONS:
            if auth == "digest" and f"standard_{action.lower()}" not in DIGEST_PERMISSIONS:
                return self.legacy_error(401, 7421, "Api account has not needed permissions")
            code = ACTIONS[action]
            xml = (f"<response><status><action>{action}</action><message>-</message>"
                   f"<messageCode>{code}</messageCode></status></response>")
            return self.send_body(200, xml.encode(), "application/xml; charset=UTF-8")
        if action and action[:1].isupper():
            return self.legacy_error(400, 7451, "Bad request")
        entry = LEGACY.get(path)
        if entry is None:
            if re.fullmatch(r"/api/v1/(adressen|belege/auftraege)/\d+", path):
                return self.legacy_error(404, 7452, "Resource not found")
            return self.legacy_error(404, 7431, "Route not found")
        permission, data = entry
        if auth in ("pat", "pat-legacy") and permission == "communicate_with_shop":
            return self.legacy_error(401, 7419, "Authorization type not allowed.")
        if auth == "pat-legacy" and path in REFUSES_LEGACY_TOKEN:
            return self.legacy_error(401, 7419, "Authorization type not allowed.")
        if auth == "digest" and permission not in DIGEST_PERMISSIONS:
            return self.legacy_error(401, 7421, "Api account has not needed permissions")
        return self.send_json(200, data)

    def current(self, path: str) -> None:
        header = self.headers.get("Authorization", "")
        token = header[7:].strip() if header.lower().startswith("bearer ") else None
        if token not in (LEGACY_TOKEN, PAT_TOKEN):
            return self.send_body(401, b"<html>Unable to authenticate the client</html>", "text/html")
        scope, data = CURRENT[path]
        if token == PAT_TOKEN and scope not in PAT_SCOPES:
            return self.send_body(403, b"", "application/json")
        return self.send_json(200, data)


class _Quiet(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a client that gave up (a probe's timeout) closed the connection: nothing to report


class Server:
    """The stand-in on a free port of ``host``, served from a thread; a context manager."""

    def __init__(self, host: str = "127.0.0.1") -> None:
        self.state = Instance()
        self.httpd = _Quiet((host, 0), Handler)
        self.httpd.daemon_threads = True
        self.httpd.state = self.state  # type: ignore[attr-defined]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    def __enter__(self) -> Server:
        self.thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.state.release_slow.set()
        self.httpd.shutdown()
        self.httpd.server_close()
