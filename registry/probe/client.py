"""The probe's sender: GET only, one host, a rate limit, a timeout, no redirects, TLS verified (httpx).

Safety is built into the transport every request passes through (``_GuardedTransport``), not left to
the caller: a request that is not a GET, or that goes to another host or port than the base URL, is
refused before it is sent (``ProbeRefused``); between the end of one answer and the start of the next
request it waits ``1 / rate`` seconds, so the server never sees two requests closer than that, Digest's
challenge round trip included; an answer's body is read up to 1 MiB within the timeout and then closed.
Redirects are never followed. Certificates are always verified (there is no option to turn it off), and
a plain ``http://`` base URL is refused unless its host is this machine (the loopback address).

httpx is imported only here, and only when a probe is sent: ``xreg check`` never pays for it.
"""
from __future__ import annotations

import ipaddress
import time
from dataclasses import dataclass
from typing import Any, Callable
from urllib.parse import urlsplit

from registry.errors import UsageError

MAX_BODY = 1 << 20


class ProbeRefused(Exception):
    """A request the probe must never send (not GET, or not to the base URL's host)."""


class ProbeAborted(Exception):
    """The probe cannot go on (the host is unreachable, or its certificate does not verify)."""


@dataclass(frozen=True)
class Answer:
    """What the probe keeps of an answer: the status and at most 1 MiB of the body (None on a timeout)."""

    status: int | None
    body: bytes = b""


def user_agent() -> str:
    from registry import __version__

    return f"xreg-probe/{__version__} (xentral-api-registry; read-only GET probe)"


def check_base_url(url: str) -> tuple[str, str]:
    """``(origin, path prefix)`` of a base URL; raises ``UsageError`` for anything but https (or http to loopback)."""
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise UsageError(f"--base-url '{url}' is not an http(s) URL with a host (expected e.g. https://acme.xentral.biz)")
    if parts.username or parts.password:
        raise UsageError("--base-url must not carry credentials (give them through the environment or standard input)")
    if parts.query or parts.fragment:
        raise UsageError(f"--base-url '{url}' must not have a query or fragment")
    if parts.scheme == "http" and not _is_loopback(parts.hostname):
        raise UsageError(f"--base-url '{url}' is plain http: the credentials would cross the network unencrypted "
                         "(use https; http is allowed only for this machine's loopback address)")
    try:
        port = parts.port
    except ValueError:
        raise UsageError(f"--base-url '{url}' has an invalid port") from None
    origin = f"{parts.scheme}://{parts.hostname if ':' not in parts.hostname else '[' + parts.hostname + ']'}"
    if port is not None:
        origin += f":{port}"
    return origin, parts.path.rstrip("/")


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class Sender:
    """Sends the probe's GETs through one httpx client; use as a context manager."""

    def __init__(self, base_url: str, auth: str, secret: tuple[str, ...], rate: float, timeout: float,
                 on_request: Callable[[], None] | None = None) -> None:
        import httpx

        self.origin, self.prefix = check_base_url(base_url)
        self.timeout = timeout
        self.sent = 0
        headers = {"User-Agent": user_agent(), "Accept-Encoding": "identity"}
        client_auth: Any = None
        if auth == "digest":
            client_auth = httpx.DigestAuth(secret[0], secret[1])
        else:
            headers["Authorization"] = f"Bearer {secret[0]}"
        transport = _GuardedTransport(self.origin, 1.0 / rate, timeout, self._count)
        self._on_request = on_request
        self.client = httpx.Client(transport=transport, headers=headers, auth=client_auth,
                                   follow_redirects=False, timeout=httpx.Timeout(timeout), trust_env=False)

    def _count(self) -> None:
        self.sent += 1
        if self._on_request is not None:
            self._on_request()

    def __enter__(self) -> Sender:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.client.close()

    def get(self, path: str, query: dict[str, str], accept: str) -> Answer:
        """GET ``path`` (below the base URL) with ``query``; an ``Answer`` (status None on a timeout)."""
        import httpx

        url = self.origin + self.prefix + path
        try:
            response = self.client.get(url, params=query or None, headers={"Accept": accept})
        except httpx.TimeoutException:
            return Answer(None)
        except ProbeRefused:
            raise
        except httpx.ConnectError as exc:
            raise ProbeAborted(_connect_reason(exc, self.origin)) from None
        except httpx.HTTPError as exc:
            raise ProbeAborted(f"{self.origin}: {type(exc).__name__}: {_plain(exc)}") from None
        return Answer(response.status_code, response.content)


def _plain(exc: BaseException) -> str:
    text = str(exc) or type(exc).__name__
    return text.splitlines()[0][:300]


def _connect_reason(exc: BaseException, origin: str) -> str:
    text = _plain(exc)
    if "CERTIFICATE_VERIFY_FAILED" in text or "certificate verify failed" in text.lower():
        return (f"{origin}: the TLS certificate does not verify ({text}). xreg probe always verifies "
                "certificates; nothing was sent")
    return f"{origin}: cannot connect ({text})"


def _guarded_transport_class() -> Any:
    import httpx

    class GuardedTransport(httpx.HTTPTransport):
        def __init__(self, origin: str, interval: float, timeout: float, counted: Callable[[], None]) -> None:
            super().__init__(verify=True, trust_env=False, retries=0)
            self.origin = origin
            self.interval = interval
            self.timeout = timeout
            self.counted = counted
            self.ready_at = 0.0  # monotonic time before which no request may start

        def handle_request(self, request: httpx.Request) -> httpx.Response:
            if request.method != "GET":
                raise ProbeRefused(f"refused to send {request.method}: xreg probe sends GET only")
            origin = f"{request.url.scheme}://{request.url.netloc.decode('ascii')}"
            if origin != self.origin:
                raise ProbeRefused(f"refused to send a request to {origin}: xreg probe talks to {self.origin} only")
            wait_until(self.ready_at)
            self.counted()
            started = time.monotonic()
            try:
                response = super().handle_request(request)
                body = bytearray()
                try:
                    for chunk in response.stream:
                        body += chunk
                        if len(body) >= MAX_BODY:
                            break
                        if time.monotonic() - started > self.timeout:
                            raise httpx.ReadTimeout("the answer took longer than the timeout", request=request)
                finally:
                    response.close()
            finally:
                self.ready_at = time.monotonic() + self.interval
            headers = [(k, v) for k, v in response.headers.items() if k.lower() not in ("content-length", "transfer-encoding", "content-encoding")]
            return httpx.Response(response.status_code, headers=headers, content=bytes(body[:MAX_BODY]), request=request,
                                  extensions={"http_version": response.extensions.get("http_version", b"HTTP/1.1")})

    return GuardedTransport


def _GuardedTransport(origin: str, interval: float, timeout: float, counted: Callable[[], None]) -> Any:  # noqa: N802
    return _guarded_transport_class()(origin, interval, timeout, counted)


def wait_until(deadline: float) -> None:
    """Sleep until ``time.monotonic()`` has reached ``deadline`` (never returns early)."""
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            return
        time.sleep(left)
