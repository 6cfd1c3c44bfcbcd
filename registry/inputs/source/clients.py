"""The HTTP clients the reader knows, and how each says URL, method and auth.

One table for every language: a call reaches here when it is not a call of the project's own code.
Each handler gets the call site (``Site``: the evaluated receiver and arguments) and either sends a
request (``Analyzer.send``), returns a client or request value to follow (``ClientV``, ``ReqV``,
``AuthV``), or answers ``None`` (not an HTTP call: the tracker goes on as for any unknown call).

Known (the method from the call; the default where the client has one):

- PHP: curl (``curl_init``/``CURLOPT_URL``, ``CURLOPT_CUSTOMREQUEST``/``CURLOPT_POST``/``CURLOPT_HTTPGET``/
  ``CURLOPT_PUT``/``CURLOPT_POSTFIELDS``, ``CURLOPT_HTTPAUTH``, ``CURLOPT_USERPWD``, ``CURLOPT_HTTPHEADER``,
  sent by ``curl_exec``), Guzzle (``new Client([...])``, ``->get(``, ``->request('PUT', …)``, ``'auth'``,
  ``'base_uri'``), Laravel ``Http::`` (``withToken``, ``withBasicAuth``, ``withDigestAuth``, ``baseUrl``,
  ``send``), Symfony HttpClient (``HttpClient::create``, ``createForBaseUri``, ``auth_bearer``,
  ``auth_basic``, ``->request(…)``), ``file_get_contents`` with a stream context, WordPress ``wp_remote_*``.
- JavaScript/TypeScript/Apps Script: ``fetch(url, {method})``, axios (``axios.get``, ``axios({method, url})``,
  ``axios.create({baseURL, auth, headers})``), got (``prefixUrl``), ky, node ``request`` (``auth`` with
  ``sendImmediately: false`` is Digest), superagent (``.auth(u, p, {type: 'digest'})``), ``digest-fetch``,
  ``UrlFetchApp.fetch(url, {method})``, ``new URL(path, base)``.
- Python: requests (also ``Session``, ``auth=HTTPDigestAuth(…)``), httpx (``Client(base_url=…)``,
  ``DigestAuth``), aiohttp, ``urllib.request.Request``/``urlopen``, ``urljoin``.
- Go: ``http.NewRequest(…)``/``NewRequestWithContext``, ``http.Get``/``Post``, ``client.Do``, resty
  (``SetBaseURL``, ``SetAuthToken``, ``SetDigestAuth``, ``R().Get(…)``), digest transports, ``url.JoinPath``.
- Java: ``HttpRequest.newBuilder()…GET()/POST()``, OkHttp ``Request.Builder``, Spring ``RestTemplate``
  (``getForObject``, ``exchange(…, HttpMethod.PUT, …)``) and ``WebClient`` (``get().uri(…)``).
- C#: ``HttpClient`` (``BaseAddress``, ``GetAsync``/``PostAsync``/…, ``SendAsync(new HttpRequestMessage(
  HttpMethod.Put, …))``, ``AuthenticationHeaderValue``, ``CredentialCache`` with ``"Digest"``), RestSharp.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from registry.inputs.source.values import (
    Auth, AuthV, ClientV, Hole, LitV, MapV, ReqV, Str, Vals, cap, concat, hole, lit, literal, literals, map_str, norm,
    strings, strip_end, strip_start, union,
)

if TYPE_CHECKING:
    from registry.inputs.source.analyze import Analyzer, Frame

METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS")
_METHOD_SET = frozenset(METHODS)
# verb method names: get/post/…, GetAsync, getForObject, PostAsJsonAsync, GetStringAsync, get_json …
_VERB = re.compile(
    r"^(get|post|put|patch|delete|head|options)"
    r"(?:async|forobject|forentity|forlocation|asjson|asjsonasync|fromjson|fromjsonasync|stringasync|streamasync|"
    r"bytearrayasync|json|jsonasync|_json)?$",
    re.I,
)
# receivers whose .get/.post(…) define routes or mocks, not requests
_NOT_CLIENTS = frozenset({"app", "router", "server", "route", "routes", "express", "fastify", "koa", "nock", "mock",
                          "msw", "rest", "graphql", "map", "cache", "params", "searchparams", "headers", "env",
                          "config", "settings", "store", "storage", "localstorage", "sessionstorage", "dict",
                          "container", "registry", "request", "req", "res", "response", "ctx", "context", "form"})
_ENCODERS = frozenset({
    "urlencode", "rawurlencode", "intval", "strval", "floatval", "trim", "strtolower", "strtoupper", "ucfirst",
    "encodeuricomponent", "encodeuri", "escape", "string", "number", "parseint", "parsefloat", "str", "int",
    "quote", "quote_plus", "itoa", "formatint", "sprint", "pathescape", "queryescape", "escapedatastring",
    "escapeuristring", "urlencodeutf8", "tostring", "valueof", "encode", "(cast)", "abs", "round", "uuid",
})
_QUERY_BUILDERS = frozenset({"http_build_query", "urlencode_params", "urlsearchparams", "stringify", "encode",
                             "build_query", "urlencodedparams"})
_ENV = frozenset({"getenv", "env", "config", "get_option", "getproperty", "getscriptproperties"})


@dataclass
class Site:
    """A call as the table sees it."""

    frame: Frame
    line: int
    name: str  # the function or method name as written
    recv: Vals | None  # the evaluated receiver of a method call
    recv_name: str  # the receiver as dotted text ('axios', 'this.http', 'Http', 'http'); '' for a function call
    args: list[Vals]
    kwargs: dict[str, Vals]
    has_func_arg: bool = False
    lang: str = ""
    arg_names: list[str] = field(default_factory=list)  # each argument as written when it is a bare name

    @property
    def lname(self) -> str:
        return self.name.lower()

    def arg(self, i: int, *names: str) -> Vals | None:
        for n in names:
            if n in self.kwargs:
                return self.kwargs[n]
        return self.args[i] if i < len(self.args) else None


# -- small helpers ---------------------------------------------------------------------------------
def first_of(vals: Vals | None, kind: type) -> Any:
    for v in vals or ():
        if isinstance(v, kind):
            return v
    return None


def options_method(cfg: MapV | None) -> Vals | None:
    """The method an options object gives: its ``method`` (or jQuery's ``type``), unknown when options
    spread in from elsewhere (``{...init}``) could carry one, else None."""
    if cfg is None:
        return None
    m = method_vals(cfg.get_ci("method", "type"))
    if m:
        return m
    if cfg.get("...") is not None:
        return hole("method")
    return None


def method_vals(vals: Vals | None) -> Vals | None:
    """HTTP method alternatives of a value: literals upper-cased, ``HttpMethod.Put``-like names mapped,
    an unknown value kept (a parameter of a helper stays a hole); ``None`` when it names no method."""
    if not vals:
        return None
    out: list[Any] = []
    for v in vals:
        if isinstance(v, tuple):
            text = "".join(p for p in v if isinstance(p, str))
            if all(isinstance(p, str) for p in v):
                up = text.strip().upper()
                if up in _METHOD_SET:
                    out.append((up,))
                continue
            out.append(v)  # an unknown value: a parameter, or a runtime setting
        elif isinstance(v, LitV):
            m = enum_method(v.name)
            if m:
                out.append((m,))
            else:
                out.append((Hole(v.name.rsplit(".", 1)[-1]),))
        elif isinstance(v, MapV):
            inner = v.get_ci("method")
            if inner:
                out.extend(method_vals(inner) or ())
    return cap(out) or None


def enum_method(name: str) -> str | None:
    """``HttpMethod.Put``, ``HttpMethod.PUT``, ``Method.Post``, ``http.MethodPost``, ``RequestMethod.GET`` → the method."""
    last = name.rsplit(".", 1)[-1]
    if last.lower().startswith("method") and last[6:].upper() in _METHOD_SET:
        return last[6:].upper()
    if last.upper() in _METHOD_SET and ("method" in name.lower() or name.isupper() or "." in name):
        return last.upper()
    return None


def auth_of_header(an: Analyzer, site_frame: Frame, vals: Vals | None, line: int) -> Auth | None:
    """The auth an ``Authorization`` header value shows (``Bearer …``, ``Basic …``, ``Digest …``; an n8n
    expression ``=Bearer {{…}}`` too)."""
    for v in vals or ():
        if isinstance(v, AuthV):
            return v.auth
        if isinstance(v, tuple) and v and isinstance(v[0], str):
            head = v[0].lstrip(" =").lower()
            for word, kind in (("bearer", "bearer"), ("basic", "basic"), ("digest", "digest"), ("token ", "bearer")):
                if head.startswith(word):
                    return an.note(site_frame, kind, line)
    return None


def auth_in_headers(an: Analyzer, frame: Frame, vals: Vals | None, line: int) -> Auth | None:
    """The auth of a headers map (``{'Authorization': 'Bearer …'}``) or a list of ``'Authorization: …'`` lines."""
    for v in vals or ():
        if isinstance(v, MapV):
            a = auth_of_header(an, frame, v.get_ci("authorization", "Authorization"), line)
            if a:
                return a
            for _, item in v.items:  # ['Authorization: Bearer …', …] (curl) or [['Authorization', …]]
                for x in item:
                    if isinstance(x, tuple) and x and isinstance(x[0], str) and x[0].lower().startswith("authorization:"):
                        rest = norm((x[0].split(":", 1)[1].lstrip(),) + x[1:])
                        a = auth_of_header(an, frame, (rest,), line)
                        if a:
                            return a
    return None


def auth_in_options(an: Analyzer, frame: Frame, opts: Vals | None, line: int) -> Auth | None:
    """The auth of a client's or request's options (Guzzle, axios, got, request, Symfony, httpx kwargs)."""
    m = first_of(opts, MapV)
    if m is None:
        return None
    a = auth_in_headers(an, frame, m.get_ci("headers"), line)
    if a:
        return a
    auth = m.get_ci("auth")
    if auth:
        av = first_of(auth, AuthV)
        if av:
            return av.auth
        lst = first_of(auth, MapV)
        if lst is not None:
            kinds = [literal(v) for _, v in lst.items]
            if any(k and k.lower() == "digest" for k in kinds):  # Guzzle ['user', 'pass', 'digest']
                return an.note(frame, "digest", line)
            if lst.get_ci("sendimmediately") is not None and literal(lst.get_ci("sendimmediately") or ()) in ("false",):
                return an.note(frame, "digest", line)
            if lst.get_ci("sendimmediately") is not None:
                sv = lst.get_ci("sendimmediately")
                if any(isinstance(x, LitV) and x.name == "false" for x in sv or ()):
                    return an.note(frame, "digest", line)
            if lst.get_ci("bearer") is not None:
                return an.note(frame, "bearer", line)
            if any(k and k.lower() == "ntlm" for k in kinds):
                return None
            return an.note(frame, "basic", line)
        text = literal(auth)
        if text and text.lower() == "digest":
            return an.note(frame, "digest", line)
        if isinstance(auth[0], tuple) and auth[0] and isinstance(auth[0][0], str):
            return auth_of_header(an, frame, auth, line)
    for key, kind in (("auth_bearer", "bearer"), ("bearer", "bearer"), ("token", None), ("auth_basic", "basic"),
                      ("auth_digest", "digest"), ("digest", "digest"), ("username", "basic")):
        if m.get_ci(key) is not None and kind:
            if key == "username" and m.get_ci("password") is None:
                continue
            return an.note(frame, kind, line)
    return None


def base_in_options(opts: Vals | None) -> Vals | None:
    m = first_of(opts, MapV)
    if m is None:
        return None
    return m.get_ci("base_uri", "baseURL", "baseUrl", "base_url", "prefixUrl", "prefix_url", "baseAddress", "BaseAddress")


# -- the entry points the analyzer calls --------------------------------------------------------------
def function_call(an: Analyzer, s: Site) -> Vals | None:
    """A call of a plain function that is not the project's own."""
    n = s.lname
    f = s.frame
    if n == "curl_init":
        req = ReqV("curl", s.args[0] if s.args else None, s.line if s.args else 0, None)
        an.own(f, req)
        return (req,)
    if n in ("curl_setopt", "curl_setopt_array"):
        req = first_of(s.args[0] if s.args else None, ReqV)
        if req is None:
            return None
        if n == "curl_setopt" and len(s.args) >= 3:
            _curl_option(an, s, req, _opt_name(s.args[1], s.arg_names[1] if len(s.arg_names) > 1 else ""), s.args[2])
        elif n == "curl_setopt_array" and len(s.args) >= 2:
            for opts in s.args[1]:
                if isinstance(opts, MapV):
                    for k, v in opts.items:
                        _curl_option(an, s, req, str(k), v)
        return lit("true")
    if n in ("curl_exec", "curl_multi_add_handle"):
        req = first_of(s.args[0] if s.args else None, ReqV)
        if req is not None:
            an.send_req(f, req)
        return hole("response")
    if n in ("file_get_contents", "fopen") and s.args:
        ctx = first_of(s.arg(2), MapV)
        http = first_of(ctx.get_ci("http") if ctx else None, MapV)
        method = method_vals(http.get_ci("method")) if http else None
        auth = auth_in_headers(an, f, http.get_ci("header") if http else None, s.line) if http else None
        if http is not None and auth is None:
            auth = _auth_in_header_text(an, f, http.get_ci("header"), s.line)
        an.send(f, s.args[0], method or lit("GET"), auth, s.line, quiet=True)
        return hole("response")
    if n == "stream_context_create" and s.args:
        return s.args[0]
    if n.startswith("wp_remote_") or n == "wp_safe_remote_request":
        verb = n.rsplit("_", 1)[-1]
        opts = s.arg(1)
        m = method_vals(first_of(opts, MapV).get_ci("method") if first_of(opts, MapV) else None)
        method = m or (lit(verb.upper()) if verb.upper() in _METHOD_SET else lit("GET"))
        an.send(f, s.args[0] if s.args else None, method, auth_in_options(an, f, opts, s.line), s.line)
        return hole("response")
    if n == "fetch" and s.args:  # fetch(url, {method, headers}); Request objects too
        req = first_of(s.args[0], ReqV)
        if req is not None:
            an.send_req(f, req)
            return hole("response")
        opts = s.arg(1)
        method = options_method(first_of(opts, MapV))
        an.send(f, s.args[0], method or lit("GET"), auth_in_options(an, f, opts, s.line), s.line)
        return hole("response")
    if n in ("axios", "got", "ky", "request", "needle", "superagent", "ofetch", "$fetch", "httpclient") and s.args:
        return _config_call(an, s, ClientV(n))
    if n in ("urljoin", "resolve"):
        if len(s.args) >= 2:
            return _join_all(s.args[0], s.args[1], "rfc")
    if n == "require" or n == "import":
        return None
    if n in _QUERY_BUILDERS or n == "urlencode" and s.lang == "python":
        return hole("query", query=True)
    if n in ("implode", "join") and len(s.args) >= 2:
        sep, arr = s.args[0], s.args[1]
        if first_of(sep, MapV) is not None:  # implode($pieces, $glue): the old argument order
            sep, arr = arr, sep
        return _implode(sep, arr)
    if n in ("rtrim", "chop", "trim", "ltrim") and s.args:
        chars = literal(s.arg(1)) if len(s.args) > 1 else " \t\n\r\0\x0B"
        chars = chars if chars is not None else "/"
        fn = {"rtrim": strip_end, "chop": strip_end, "ltrim": strip_start}.get(n)
        if fn is None:
            return map_str(s.args[0], lambda v: strip_start(strip_end(v, chars), chars))
        return map_str(s.args[0], lambda v: fn(v, chars))
    if n in ("str_replace",) and len(s.args) >= 3:
        search, repl = literal(s.args[0]), literal(s.args[1])
        if search and repl is not None:
            return map_str(s.args[2], lambda v: tuple(p.replace(search, repl) if isinstance(p, str) else p for p in v))
        return s.args[2]
    if n in _ENCODERS and s.args:
        return _encoded(s.args[0], s.arg_names[0] if s.arg_names else "")
    if n in _ENV and s.args:
        name = literal(s.args[0]) or "setting"
        default = s.args[1] if len(s.args) > 1 else None
        return union(hole(name), default) if default else hole(name)
    if n in ("sha1", "md5", "hash", "hash_hmac", "base64_encode", "btoa", "date", "time", "uniqid", "json_encode"):
        return hole("hash" if n in ("sha1", "md5", "hash", "hash_hmac") else n)
    if n in ("httpdigestauth", "digestauth", "digestauthenticator", "digestfetch", "digestclient"):
        return (AuthV(an.note(f, "digest", s.line)),)
    if n in ("httpbasicauth", "basicauth", "httpbasicauthenticator"):
        return (AuthV(an.note(f, "basic", s.line)),)
    if n in ("session", "client", "asyncclient", "clientsession") and s.recv is None:
        return _python_client(an, s, n)
    if n == "request" and s.lang == "python":
        return None
    if n == "urlopen" and s.args:
        req = first_of(s.args[0], ReqV)
        if req is not None:
            an.send_req(f, req)
        else:
            data = s.arg(1, "data")
            an.send(f, s.args[0], lit("POST") if data else lit("GET"), None, s.line)
        return hole("response")
    return None


def method_call(an: Analyzer, s: Site) -> Vals | None:
    """A method call on a value that is not an instance of the project's own classes."""
    f = s.frame
    n = s.lname
    recv_client = first_of(s.recv, ClientV)
    recv_req = first_of(s.recv, ReqV)
    root = s.recv_name.split(".", 1)[0].lower()
    last = s.recv_name.rsplit(".", 1)[-1].lower()
    if recv_req is not None:
        return _builder(an, s, recv_req)
    if recv_client is not None:
        return _client_method(an, s, recv_client)
    # -- well-known module-level APIs ------------------------------------------------------------
    if s.recv_name == "Http" or s.recv_name.endswith("Facades.Http"):  # Laravel
        return _client_method(an, s, ClientV("laravel"))
    if last == "helpers" and n in ("httprequest", "httprequestwithauthentication", "requestwithauthentication",
                                   "requestoauth2", "request") and s.args:  # n8n: this.helpers.httpRequest(options)
        opts = next((a for a in reversed(s.args) if first_of(a, MapV) is not None), None)
        if opts is not None:
            return _config_call(an, Site(f, s.line, n, s.recv, s.recv_name, [opts], {}, False, s.lang), ClientV("n8n"))
    if root in ("axios", "got", "ky", "superagent", "needle", "request", "requests", "httpx", "urlfetchapp", "resty",
                "$", "jquery", "wretch", "ofetch", "unirest") and (root != "request" or s.lang != "python"):
        if root == "urlfetchapp" and n == "fetch":
            opts = s.arg(1)
            m = first_of(opts, MapV)
            method = method_vals(m.get_ci("method")) if m else None
            an.send(f, s.args[0] if s.args else None, method or lit("GET"), auth_in_options(an, f, opts, s.line), s.line)
            return hole("response")
        if root in ("$", "jquery") and n == "ajax":
            return _config_call(an, s, ClientV("jquery"))
        if n in ("create", "extend", "defaults", "session", "client", "asyncclient", "new") or (root == "resty" and n == "new"):
            return _make_client(an, s, ClientV(root), s.arg(0))
        if n in ("auth",) and root == "requests":
            return None
        return _client_method(an, s, ClientV(root))
    if n in ("httpdigestauth", "digestauth", "httpdigestauthhandler", "digestauthenticator", "httpbasicauth", "basicauth",
             "httpbasicauthhandler", "basicauthenticator"):  # requests.auth.HTTPDigestAuth, urllib's handlers, httpx …
        kind = "digest" if "digest" in n else "basic"
        return (AuthV(an.note(f, kind, s.line)),)
    if n == "build_opener":  # urllib.request.build_opener(HTTPDigestAuthHandler(…)): opener.open(url)
        av = next((first_of(a, AuthV) for a in s.args if first_of(a, AuthV) is not None), None)
        return (ClientV("urllib", auth=av.auth if av else None),)
    if s.recv_name in ("HttpClient",) and n in ("create", "createforbaseuri"):  # Symfony
        if n == "createforbaseuri":
            return _make_client(an, s, ClientV("symfony", base=s.args[0] if s.args else None, join="rfc"), s.arg(1))
        return _make_client(an, s, ClientV("symfony", join="rfc"), s.arg(0))
    if s.recv_name == "http" and s.lang == "go":
        if n in ("newrequest", "newrequestwithcontext"):
            args = s.args[1:] if n.endswith("context") else s.args
            req = ReqV("go", args[1] if len(args) > 1 else None, s.line, method_vals(args[0]) if args else None)
            an.own(f, req)
            return (req,)
        if n in ("get", "head", "post", "postform"):
            an.send(f, s.args[0] if s.args else None, lit("POST" if n.startswith("post") else n.upper()), None, s.line)
            return hole("response")
        return None
    if s.recv_name in ("HttpRequest",) and n == "newbuilder":  # java.net.http
        req = ReqV("java", s.args[0] if s.args else None, s.line, lit("GET"))
        an.own(f, req)
        return (req,)
    if s.recv_name in ("URI", "java.net.URI") and n == "create" and s.args:
        return s.args[0]
    if s.recv_name in ("url", "path", "posixpath", "os.path", "path.posix") and n in ("join", "joinpath", "resolve"):
        if n == "resolve" and len(s.args) >= 2:
            return _join_all(s.args[0], s.args[1], "rfc")
        return _path_join(s.args)
    if s.recv_name in ("urllib.parse", "parse", "urlparse") and n == "urljoin" and len(s.args) >= 2:
        return _join_all(s.args[0], s.args[1], "rfc")
    if s.recv_name in ("urllib.parse", "parse", "urllib") and n in ("urlencode",):
        return hole("query", query=True)
    if s.recv_name in ("urllib.request", "request") and n == "request" and s.lang == "python" and s.args:
        req = ReqV("urllib", s.args[0], s.line, method_vals(s.arg(3, "method")) or (lit("POST") if s.arg(1, "data") else lit("GET")))
        an.own(f, req)
        return (req,)
    if s.recv_name in ("urllib.request", "request") and n == "urlopen" and s.args:
        return function_call(an, s)
    if s.recv_name in ("os.environ", "environ", "process.env", "os", "System", "Environment", "ENV") and n in (
            "get", "getenv", "getproperty", "getenvironmentvariable", "fetch"):
        name = literal(s.args[0]) if s.args else None
        default = s.args[1] if len(s.args) > 1 else None
        return union(hole(name or "setting"), default) if default else hole(name or "setting")
    if s.recv_name in ("strings",) and s.lang == "go" and s.args:
        if n in ("trimright", "trimsuffix") and len(s.args) > 1:
            chars = literal(s.args[1]) or "/"
            return map_str(s.args[0], lambda v: strip_end(v, chars))
        if n in ("trimleft", "trimprefix") and len(s.args) > 1:
            chars = literal(s.args[1]) or "/"
            return map_str(s.args[0], lambda v: strip_start(v, chars))
        if n == "join" and len(s.args) > 1:
            return _implode(s.args[1], s.args[0])
        return s.args[0]
    if s.recv_name in ("strconv", "fmt", "url") and n in ("itoa", "formatint", "sprint", "pathescape", "queryescape"):
        return _encoded(s.args[0], s.arg_names[0] if s.arg_names else "") if s.args else None
    if n in ("newtransport",) and root in ("digest", "dac", "digestauth", "digest_auth_client"):
        return (AuthV(an.note(f, "digest", s.line)),)
    if s.recv_name in ("Credentials",) and n == "basic":
        an.note(f, "basic", s.line)
        return (("Basic ", Hole("credentials")),)
    if s.recv_name in ("Uri", "System.Uri", "WebUtility", "HttpUtility", "Uri.EscapeDataString") or n in (
            "escapedatastring", "urlencode", "encodeuricomponent", "tostring", "valueof", "quote", "quote_plus", "format"):
        if n in ("escapedatastring", "urlencode", "encodeuricomponent", "quote", "quote_plus", "escapeuristring") and s.args:
            return _encoded(s.args[0], s.arg_names[0] if s.arg_names else "")
        if n in ("tostring", "valueof") and s.recv is not None:
            return s.recv if not s.args else _encoded(s.args[0], s.arg_names[0] if s.arg_names else "")
    if s.recv_name in ("String", "string") and n in ("format", "join", "concat") and s.args:
        if n == "join" and len(s.args) > 1:
            return _implode(s.args[0], union(*s.args[1:]) if len(s.args) > 2 else s.args[1])
        if n == "concat":
            return concat(s.args)
        return None
    if s.recv_name in ("WebClient",) and n in ("create", "builder"):
        return (ClientV("webclient", base=s.args[0] if s.args else None, join="concat"),)
    if s.recv_name in ("RestTemplateBuilder", "restTemplateBuilder") or last == "resttemplatebuilder":
        return (ClientV("resttemplate", join="concat"),)
    if s.recv_name in ("HttpClient", "OkHttpClient") and n in ("newhttpclient", "newbuilder"):
        return (ClientV("java"),)
    if s.recv_name in ("Utilities",) and n.startswith("base64"):
        return hole("credentials")
    # -- string methods ---------------------------------------------------------------------------
    if s.recv is not None and any(isinstance(v, tuple) for v in s.recv):
        r = _string_method(s)
        if r is not None:
            return r
    # -- a verb on anything else: a client the tracker did not see being made (injected, a field) ---
    if _VERB.match(n) and not s.has_func_arg and root not in _NOT_CLIENTS and last not in _NOT_CLIENTS and s.args:
        return _verb(an, s, ClientV("unknown"))
    if n in ("request", "send", "sendrequest", "execute") and s.args and not s.has_func_arg and last not in _NOT_CLIENTS:
        m = method_vals(s.args[0]) if first_of(s.args[0], MapV) is None else None
        if m and len(s.args) > 1 and _is_literal_method(s.args[0]):
            return _send_with_method(an, s, ClientV("unknown"), s.args[0], s.args[1], s.arg(2))
        req = first_of(s.args[0], ReqV)
        if req is not None:
            an.send_req(f, req)
            return hole("response")
    if n in ("do", "send", "sendasync", "execute", "executeasync", "newcall", "enqueue") and s.args:
        req = first_of(s.args[0], ReqV)
        if req is not None:
            an.send_req(f, req)
            return hole("response")
    if n in ("add", "set", "setheader", "addheader", "header", "append", "put", "update", "add_header") and len(s.args) >= 2:
        key = literal(s.args[0])
        if key and key.lower() == "authorization":
            auth_of_header(an, f, s.args[1], s.line)
        for a in s.args[1:]:
            if any(isinstance(x, tuple) and x and isinstance(x[0], str) and x[0] in ("Digest", "digest") for x in a):
                an.note(f, "digest", s.line)
    if n in ("update",) and s.args:
        auth_in_headers(an, f, s.args[0], s.line)
    if n in ("setbearerauth", "withtoken", "setauthtoken", "bearer"):
        an.note(f, "bearer", s.line)
    elif n in ("setbasicauth", "withbasicauth", "basicauthentication", "setbasicauthentication"):
        an.note(f, "basic", s.line)
    elif n in ("setdigestauth", "withdigestauth"):
        an.note(f, "digest", s.line)
    return None


def construct(an: Analyzer, frame: Frame, cls: str, args: list[Vals], kwargs: dict[str, Vals], line: int,
              imported: str = "") -> Vals | None:
    """``new X(…)`` (or a Python/Go call of a class) for a class that is not the project's own."""
    short = cls.rsplit(".", 1)[-1].rsplit("\\", 1)[-1]
    low = short.lower()
    full = (imported or cls).replace("\\", ".").lower()
    s_args = args
    if low == "client" and not full.startswith("http.") and ("guzzle" in full or not imported) \
            and (not s_args or first_of(s_args[0], MapV) is not None):
        opts = s_args[0] if s_args else None
        return (ClientV("guzzle", base=base_in_options(opts), join="rfc", auth=auth_in_options(an, frame, opts, line)),)
    if low in ("url", "uri") and args:
        if len(args) >= 2:
            return _join_all(args[1], args[0], "rfc")
        return args[0]
    if low in ("urlsearchparams",):
        return hole("query", query=True)
    if low in ("digestfetch", "digestclient", "digestauth", "httpdigestauth", "digestauthenticator", "digesttransport",
               "digestauthinterceptor", "cachingauthenticatordecorator"):
        return (AuthV(an.note(frame, "digest", line)),) if low not in ("digestfetch", "digestclient") else (
            ClientV("digest-fetch", auth=an.note(frame, "digest", line)),)
    if "digest" in full and low in ("transport", "client", "authenticator", "auth"):  # Go digest.Transport{…}
        return (AuthV(an.note(frame, "digest", line)),)
    if low in ("httpbasicauth", "basicauth", "httpbasicauthenticator", "basicauthenticationinterceptor"):
        return (AuthV(an.note(frame, "basic", line)),)
    if low in ("jwtauthenticator", "oauth2authorizationrequestheaderauthenticator", "bearertokenauthenticator"):
        return (AuthV(an.note(frame, "bearer", line)),)
    if low == "authenticationheadervalue" and args:
        scheme = (literal(args[0]) or "").lower()
        kind = {"bearer": "bearer", "basic": "basic", "digest": "digest"}.get(scheme)
        return (AuthV(an.note(frame, kind, line)),) if kind else None
    if low == "credentialcache":
        for a in list(args) + list(kwargs.values()):
            if _mentions(a, "digest"):
                return (AuthV(an.note(frame, "digest", line)),)
        return None
    if low == "networkcredential":
        return (AuthV(an.note(frame, "digest", line, weak=True)),)
    if low in ("httpclienthandler", "socketshttphandler", "transport", "http.transport"):
        for a in list(args) + list(kwargs.values()):
            av = first_of(a, AuthV)
            if av:
                return (av,)
        return None
    if low in ("httpclient",) and ("symfony" not in full):
        auth = None
        for a in list(args) + list(kwargs.values()):
            av = first_of(a, AuthV)
            if av:
                auth = av.auth
        base = kwargs.get("BaseAddress")
        return (ClientV("dotnet", base=base, join="rfc", auth=auth),)
    if low == "client" and "http" in full and "guzzle" not in full:  # Go &http.Client{Transport: …}
        auth = None
        for a in list(args) + list(kwargs.values()):
            av = first_of(a, AuthV)
            if av:
                auth = av.auth
        return (ClientV("go", auth=auth),)
    if low in ("httprequestmessage",):
        method = method_vals(args[0]) if args else method_vals(kwargs.get("Method"))
        url = args[1] if len(args) > 1 else kwargs.get("RequestUri")
        req = ReqV("dotnet", url, line, method)
        an.own(frame, req)
        return (req,)
    if low in ("restclient",):
        opts = args[0] if args else None
        m = first_of(opts, MapV)
        base = m.get_ci("baseUrl", "BaseUrl") if m else opts
        auth = None
        for a in list(args) + list(kwargs.values()):
            for x in a:
                if isinstance(x, MapV):
                    au = first_of(x.get_ci("authenticator"), AuthV)
                    if au:
                        auth = au.auth
                if isinstance(x, AuthV):
                    auth = x.auth
        return (ClientV("restsharp", base=base, join="concat", auth=auth),)
    if low in ("restclientoptions",):
        items = [("baseUrl", args[0])] if args else []
        items += [(k, v) for k, v in kwargs.items()]
        return (MapV(items),)
    if low in ("restrequest",):
        method = method_vals(args[1]) if len(args) > 1 else None
        req = ReqV("restsharp", args[0] if args else None, line, method or lit("GET"))
        an.own(frame, req)
        return (req,)
    if low in ("builder",) and ("request" in full):  # OkHttp new Request.Builder()
        req = ReqV("okhttp", None, line, lit("GET"))
        an.own(frame, req)
        return (req,)
    if low in ("resttemplate",):
        return (ClientV("resttemplate", join="concat"),)
    if low in ("okhttpclient",):
        return (ClientV("okhttp"),)
    if low in ("request",) and args and s_args and any(isinstance(v, tuple) for v in args[0]):  # JS/Python Request(url, init)
        opts = args[1] if len(args) > 1 else kwargs.get("init")
        m = first_of(opts, MapV)
        method = method_vals(m.get_ci("method")) if m else method_vals(kwargs.get("method"))
        req = ReqV("request", args[0], line, method or lit("GET"), auth_in_options(an, frame, opts, line))
        an.own(frame, req)
        return (req,)
    if low in ("httpget", "httppost", "httpput", "httpdelete", "httppatch") and args:  # Apache HttpClient
        req = ReqV("apache", args[0], line, lit(low[4:].upper()))
        an.own(frame, req)
        return (req,)
    return None


# -- details --------------------------------------------------------------------------------------
def _mentions(vals: Vals, word: str) -> bool:
    for v in vals:
        if isinstance(v, tuple) and any(isinstance(p, str) and p.lower() == word for p in v):
            return True
        if isinstance(v, MapV) and any(_mentions(x, word) for _, x in v.items):
            return True
    return False


def _is_literal_method(vals: Vals) -> bool:
    lits = literals(vals)
    if lits:
        return all(x.upper() in _METHOD_SET for x in lits)
    return any(isinstance(v, LitV) and enum_method(v.name) for v in vals) or any(
        isinstance(v, tuple) and len(v) == 1 and isinstance(v[0], Hole) for v in vals)


def _opt_name(vals: Vals, written: str) -> str:
    for v in vals:
        if isinstance(v, LitV):
            return v.name
    return written


def _curl_option(an: Analyzer, s: Site, req: ReqV, opt: str, value: Vals) -> None:
    opt = opt.upper()
    f = s.frame
    if opt == "CURLOPT_URL":
        req.url = value
        req.line = s.line
    elif opt == "CURLOPT_CUSTOMREQUEST":
        req.method = method_vals(value) or hole("method")
        req.explicit_method = True
    elif opt == "CURLOPT_POST" and _truthy(value):
        if not req.explicit_method:
            req.method = lit("POST")
    elif opt == "CURLOPT_HTTPGET" and _truthy(value):
        if not req.explicit_method:
            req.method = lit("GET")
    elif opt == "CURLOPT_PUT" and _truthy(value):
        if not req.explicit_method:
            req.method = lit("PUT")
    elif opt == "CURLOPT_NOBODY" and _truthy(value):
        if not req.explicit_method:
            req.method = lit("HEAD")
    elif opt == "CURLOPT_POSTFIELDS":
        req.post_data = True
    elif opt == "CURLOPT_HTTPAUTH":
        names = " ".join(v.name if isinstance(v, LitV) else "" for v in value).upper()
        if "DIGEST" in names or "CURLAUTH_ANY" in names:
            req.auth = an.note(f, "digest", s.line)
        elif "BEARER" in names:
            req.auth = an.note(f, "bearer", s.line)
        elif "BASIC" in names:
            req.auth = an.note(f, "basic", s.line)
    elif opt == "CURLOPT_USERPWD":
        if req.auth is None:
            req.auth = an.note(f, "basic", s.line, weak=True)
    elif opt == "CURLOPT_XOAUTH2_BEARER":
        req.auth = an.note(f, "bearer", s.line)
    elif opt == "CURLOPT_HTTPHEADER":
        a = auth_in_headers(an, f, value, s.line)
        if a is not None and (req.auth is None or req.auth.weak):
            req.auth = a


def _truthy(vals: Vals) -> bool:
    for v in vals:
        if isinstance(v, LitV) and v.name.lower() in ("false", "null", "0"):
            return False
        if isinstance(v, tuple) and v in (("0",), ("",)):
            return False
    return True


def _auth_in_header_text(an: Analyzer, f: Frame, vals: Vals | None, line: int) -> Auth | None:
    for v in vals or ():
        if isinstance(v, tuple):
            text = "".join(p for p in v if isinstance(p, str)).lower()
            if "authorization: bearer" in text:
                return an.note(f, "bearer", line)
            if "authorization: basic" in text:
                return an.note(f, "basic", line)
    return None


def _encoded(vals: Vals, written: str) -> Vals:
    """``urlencode($x)``, ``(int) $id``, ``String(id)``: the value itself when known, else a stand-in named after it."""
    out = []
    for v in vals:
        if isinstance(v, tuple) and all(isinstance(p, str) for p in v):
            out.append(v)
        elif isinstance(v, tuple) and len(v) == 1 and isinstance(v[0], Hole):
            out.append(v)
        else:
            h = next((p for p in v if isinstance(p, Hole)), None) if isinstance(v, tuple) else None
            out.append((Hole(h.name if h else (written.lstrip("$") or "value"), h.param if h else None),))
    return cap(out)


def _implode(sep: Vals, arr: Vals) -> Vals:
    glue = literal(sep)
    m = first_of(arr, MapV)
    if glue is None or m is None:
        return hole("path")
    groups: list[Vals] = []
    for i, (_, v) in enumerate(m.items):
        if i:
            groups.append(lit(glue))
        groups.append(v)
    return concat(groups) if groups else lit("")


def _path_join(args: list[Vals]) -> Vals:
    groups: list[Vals] = []
    for i, a in enumerate(args):
        if i:
            groups.append(lit("/"))
        groups.append(map_str(a, lambda v: strip_end(strip_start(v, "/"), "/")) if i else map_str(a, lambda v: strip_end(v, "/")))
    return concat(groups)


def _join_all(base: Vals, path: Vals, how: str) -> Vals:
    from registry.inputs.source.urls import join

    out = []
    for b in strings(base):
        for p in strings(path):
            out.append(join(b, p, how))
    return cap(out)


def _string_method(s: Site) -> Vals | None:
    n = s.lname
    recv = s.recv or ()
    if n in ("rstrip", "trimend", "trimright") :
        chars = literal(s.args[0]) if s.args else None
        return map_str(recv, lambda v: strip_end(v, chars or "/ "))
    if n in ("lstrip", "trimstart", "trimleft"):
        chars = literal(s.args[0]) if s.args else None
        return map_str(recv, lambda v: strip_start(v, chars or "/ "))
    if n in ("strip", "trim"):
        chars = literal(s.args[0]) if s.args else None
        return map_str(recv, lambda v: strip_start(strip_end(v, chars or " \t\n"), chars or " \t\n"))
    if n in ("replace", "replaceall", "replacefirst") and len(s.args) >= 2:
        pattern = literal(s.args[0])
        repl = literal(s.args[1])
        if pattern is not None and repl == "" and (pattern.endswith("$") or pattern in ("/$", "/+$", "\\/$", "\\/+$")):
            return map_str(recv, lambda v: strip_end(v, "/"))
        if pattern is not None and repl is not None and "$" not in pattern and "^" not in pattern:
            return map_str(recv, lambda v: tuple(p.replace(pattern, repl) if isinstance(p, str) else p for p in v))
        return recv
    if n in ("tostring", "valueof", "tolowercase", "touppercase", "lower", "upper", "encode", "normalize", "tostr",
             "string", "build", "touri", "tourl", "geturi"):
        if n in ("lower", "tolowercase"):
            return map_str(recv, lambda v: tuple(p.lower() if isinstance(p, str) else p for p in v))
        return recv
    if n == "format" and s.lang == "python":
        return None  # (handled as Fmt by the language module)
    if n in ("concat",):
        return concat([recv] + list(s.args))
    if n in ("join",) and s.lang == "python" and s.args:
        return _implode(recv, s.args[0])
    if n in ("resolve",) and s.args:  # java URI.resolve
        return _join_all(recv, s.args[0], "rfc")
    if n in ("endswith", "startswith", "includes", "contains", "indexof", "length", "split", "match", "test"):
        return hole("value")
    return None


def _python_client(an: Analyzer, s: Site, n: str) -> Vals:
    kw = s.kwargs
    base = kw.get("base_url")
    auth = None
    av = first_of(kw.get("auth"), AuthV)
    if av:
        auth = av.auth
    elif kw.get("auth") and first_of(kw.get("auth"), MapV) is not None:
        auth = an.note(s.frame, "basic", s.line)
    hdr = auth_in_headers(an, s.frame, kw.get("headers"), s.line)
    return (ClientV("python", base=base, join="concat", auth=auth or hdr),)


def _make_client(an: Analyzer, s: Site, proto: ClientV, opts: Vals | None) -> Vals:
    base = base_in_options(opts)
    auth = auth_in_options(an, s.frame, opts, s.line)
    join = proto.join
    if proto.lib in ("python", "requests", "httpx") and s.kwargs:
        return _python_client(an, s, proto.lib)
    return (proto.but(base=base if base is not None else proto.base, join=join, auth=auth or proto.auth),)


def _config_call(an: Analyzer, s: Site, client: ClientV) -> Vals:
    """``axios(config)``, ``axios(url, config)``, ``got(url, options)``, ``request(options, cb)``, ``$.ajax(options)``."""
    f = s.frame
    first = s.args[0] if s.args else None
    cfg = first_of(first, MapV)
    if cfg is not None:
        url = cfg.get_ci("url", "uri", "path")
        opts = first
    else:
        url = first
        opts = s.arg(1)
        cfg = first_of(opts, MapV)
    method = options_method(cfg)
    if method is None and opts and cfg is None and not _is_callback(opts):
        method = hole("method")  # options from elsewhere (a job file, a caller): the method is not known here
    auth = auth_in_options(an, f, opts, s.line) or client.auth
    base = base_in_options(opts) or client.base
    if client.lib == "request" and cfg is not None and cfg.get_ci("auth") is not None:
        auth = auth_in_options(an, f, opts, s.line)
    if client.lib == "superagent" and len(s.args) >= 2 and _is_literal_method(s.args[0]):
        an.send(f, s.args[1], method_vals(s.args[0]), auth, s.line, base=base, join=client.join)
        return hole("response")
    if client.lib == "needle" and len(s.args) >= 2:
        an.send(f, s.args[1], method_vals(s.args[0]), auth_in_options(an, f, s.arg(3), s.line) or auth, s.line)
        return hole("response")
    an.send(f, url, method or lit("GET"), auth, s.line, base=base, join=client.join)
    return hole("response")


def _is_callback(vals: Vals) -> bool:
    return any(type(v).__name__ == "FuncV" for v in vals)


def _verb(an: Analyzer, s: Site, client: ClientV) -> Vals:
    n = s.lname
    verb = _VERB.match(n).group(1).upper()  # type: ignore[union-attr]
    url = s.arg(0, "url", "uri", "requestUri")
    cfg = first_of(url, MapV)
    if cfg is not None and cfg.get_ci("url", "uri") is not None:  # request.get({url, auth, …}, callback)
        auth = auth_in_options(an, s.frame, url, s.line) or client.auth
        an.send(s.frame, cfg.get_ci("url", "uri"), lit(verb), auth, s.line, base=base_in_options(url) or client.base,
                join=client.join)
        return hole("response")
    req = first_of(url, ReqV)
    if req is not None:  # RestSharp client.PostAsync(request)
        req.method = lit(verb)
        if req.auth is None:
            req.auth = client.auth
        if req.base is None and client.base is not None:
            req.base, req.join = client.base, client.join
        an.send_req(s.frame, req)
        return hole("response")
    opts_index = 1 if verb in ("GET", "DELETE", "HEAD", "OPTIONS") else 2
    opts = s.arg(opts_index)
    if client.lib in ("guzzle", "symfony", "laravel", "unknown"):
        opts = s.arg(1) if first_of(s.arg(1), MapV) is not None else opts
    auth = auth_in_options(an, s.frame, opts, s.line) or auth_in_options(an, s.frame, s.arg(1), s.line) or client.auth
    if s.kwargs:
        kw_auth = first_of(s.kwargs.get("auth"), AuthV)
        if kw_auth:
            auth = kw_auth.auth
        elif s.kwargs.get("auth"):
            auth = an.note(s.frame, "basic", s.line)
        auth = auth_in_headers(an, s.frame, s.kwargs.get("headers"), s.line) or auth
    an.send(s.frame, url, lit(verb), auth, s.line, base=client.base, join=client.join)
    return hole("response")


def _send_with_method(an: Analyzer, s: Site, client: ClientV, method: Vals, url: Vals, opts: Vals | None) -> Vals:
    auth = auth_in_options(an, s.frame, opts, s.line) or client.auth
    if s.kwargs:
        kw_auth = first_of(s.kwargs.get("auth"), AuthV)
        if kw_auth:
            auth = kw_auth.auth
        auth = auth_in_headers(an, s.frame, s.kwargs.get("headers"), s.line) or auth
    an.send(s.frame, url, method_vals(method), auth, s.line, base=client.base, join=client.join)
    return hole("response")


_BASE_SETTERS = frozenset({"baseurl", "setbaseurl", "sethosturl", "withbaseurl", "rooturi", "setbaseaddress", "base_url",
                           "prefixurl", "withurl", "withbaseuri", "baseaddress"})
_BEARER_SETTERS = frozenset({"withtoken", "setauthtoken", "setbearerauth", "bearer", "withbearer", "setbearer",
                             "bearerauth", "withbearertoken", "auth_bearer", "setauthscheme"})
_BASIC_SETTERS = frozenset({"withbasicauth", "setbasicauth", "basicauthentication", "basicauth", "auth_basic",
                            "setbasicauthentication"})
_DIGEST_SETTERS = frozenset({"withdigestauth", "setdigestauth", "digestauth", "digestauthentication"})


def _client_method(an: Analyzer, s: Site, client: ClientV) -> Vals | None:
    n = s.lname
    f = s.frame
    sent = first_of(s.args[0], ReqV) if s.args else None
    run = re.match(r"^execute(get|post|put|patch|delete)?(async)?$", n)
    if sent is not None and run and run.group(1):  # RestSharp ExecuteGetAsync(request)
        sent.method = lit(run.group(1).upper())
    if sent is not None and (run or n in ("do", "send", "sendasync", "newcall", "request",
                                          "requestasync", "fetch", "exchange", "retrieve", "call")):
        if sent.auth is None:
            sent.auth = client.auth
        if sent.base is None and client.base is not None:
            sent.base, sent.join = client.base, client.join
        if _VERB.match(n):
            sent.method = lit(_VERB.match(n).group(1).upper())  # type: ignore[union-attr]
        an.send_req(f, sent)
        return hole("response")
    if _VERB.match(n) and (not s.has_func_arg or client.lib != "unknown"):
        if client.lib == "webclient" and not s.args:  # WebClient.get().uri(…)
            req = ReqV("webclient", None, s.line, lit(_VERB.match(n).group(1).upper()), client.auth,  # type: ignore[union-attr]
                       client.base, client.join)
            an.own(f, req)
            return (req,)
        if not s.args and not s.kwargs:
            return None
        return _verb(an, s, client)
    if n == "method" and client.lib == "webclient" and s.args:
        req = ReqV("webclient", None, s.line, method_vals(s.args[0]), client.auth, client.base, client.join)
        an.own(f, req)
        return (req,)
    if n == "fetch" and s.args and first_of(s.args[0], ReqV) is None:  # digest-fetch: client.fetch(url, init)
        return _config_call(an, s, client)
    if n in ("request", "send", "execute", "fetch", "exchange", "call", "requestasync") and s.args and not s.has_func_arg:
        cfg = first_of(s.args[0], MapV)
        req = first_of(s.args[0], ReqV)
        if req is not None:
            if req.auth is None:
                req.auth = client.auth
            if req.base is None and client.base is not None:
                req.base, req.join = client.base, client.join
            an.send_req(f, req)
            return hole("response")
        if cfg is not None:
            return _config_call(an, s, client)
        if n == "exchange" and len(s.args) >= 2:  # Spring exchange(url, HttpMethod.X, entity, type)
            return _send_with_method(an, s, client, s.args[1], s.args[0], None)
        if len(s.args) >= 2 and _is_literal_method(s.args[0]):
            return _send_with_method(an, s, client, s.args[0], s.args[1], s.arg(2))
        if client.lib in ("got", "ky", "request", "ofetch"):
            return _config_call(an, s, client)
        return None
    if n in ("r", "newrequest", "request_factory", "with", "clone", "build", "create", "extend", "defaults",
             "createclient") and not s.args:
        return (client,)
    if n in _BASE_SETTERS and s.args:
        return (client.but(base=s.args[0], join="concat" if client.join != "rfc" or client.lib != "symfony" else "rfc"),)
    if n in _BEARER_SETTERS:
        return (client.but(auth=an.note(f, "bearer", s.line)),)
    if n in _BASIC_SETTERS:
        return (client.but(auth=an.note(f, "basic", s.line)),)
    if n in _DIGEST_SETTERS:
        return (client.but(auth=an.note(f, "digest", s.line)),)
    if n == "auth" and s.args:  # superagent .auth(user, pass, {type: 'digest'}) or .auth(token, {type: 'bearer'})
        opts = first_of(s.args[-1], MapV)
        t = literal(opts.get_ci("type") or ()) if opts else None
        kind = {"digest": "digest", "bearer": "bearer"}.get((t or "").lower(), "basic")
        return (client.but(auth=an.note(f, kind, s.line)),)
    if n in ("withheaders", "headers", "setheaders", "defaultheaders", "set", "header", "setheader", "defaultheader",
             "addheader", "withheader", "adddefaultheader", "add", "addorupdate", "tryaddwithoutvalidation"):
        a = None
        if len(s.args) >= 2 and (literal(s.args[0]) or "").lower() in ("authorization", "httpheaders.authorization"):
            a = auth_of_header(an, f, s.args[1], s.line)
        elif len(s.args) >= 2 and any(isinstance(v, LitV) and v.name.upper().endswith("AUTHORIZATION") for v in s.args[0]):
            a = auth_of_header(an, f, s.args[1], s.line)
        elif s.args:
            a = auth_in_headers(an, f, s.args[0], s.line)
        return (client.but(auth=a),) if a else (client,)
    if n in ("withoptions", "setoptions", "options", "configure"):
        opts = s.args[0] if s.args else None
        base = base_in_options(opts)
        a = auth_in_options(an, f, opts, s.line)
        return (client.but(base=base if base is not None else client.base, auth=a or client.auth),)
    if n in ("authenticator", "setauthenticator", "addinterceptor", "filter", "settransport", "transport",
             "credentials", "setcredentials"):
        av = first_of(s.args[0] if s.args else None, AuthV)
        return (client.but(auth=av.auth),) if av else (client,)
    if n in ("open",) and client.lib == "urllib" and s.args:
        req = first_of(s.args[0], ReqV)
        if req is not None:
            req.auth = req.auth or client.auth
            an.send_req(f, req)
        else:
            data = s.arg(1, "data")
            an.send(f, s.args[0], lit("POST") if data else lit("GET"), client.auth, s.line)
        return hole("response")
    if n in ("json", "body", "getbody", "tostring", "text", "then", "catch", "throw", "successful", "failed", "ok",
             "status", "getstatuscode", "toarray", "content", "collect", "object", "blob"):
        return hole("response")
    return (client,)  # configuration that does not change URL or auth (timeout, retry, acceptJson…)


def _builder(an: Analyzer, s: Site, req: ReqV) -> Vals | None:
    """Request builders: java.net.http, OkHttp, WebClient, RestSharp, Go ``*http.Request``."""
    n = s.lname
    f = s.frame
    if n in ("uri", "url", "seturl", "seturi", "setrequesturi", "requesturi", "resource", "path") and s.args:
        req.url = s.args[0]
        req.line = req.line or s.line
        return (req,)
    if n.upper() in _METHOD_SET and not s.has_func_arg:
        req.method = lit(n.upper())
        return (req,)
    if n in ("method", "setmethod") and s.args:
        req.method = method_vals(s.args[0]) or hole("method")
        return (req,)
    if n in ("header", "addheader", "setheader", "headers", "add", "set", "defaultheader") and len(s.args) >= 2:
        key = literal(s.args[0]) or next((v.name for v in s.args[0] if isinstance(v, LitV)), "")
        if key.lower().endswith("authorization"):
            req.auth = auth_of_header(an, f, s.args[1], s.line) or req.auth
        return (req,)
    if n in ("setbasicauth",):
        req.auth = an.note(f, "basic", s.line)
        return (req,)
    if n in ("setbearerauth", "withtoken"):
        req.auth = an.note(f, "bearer", s.line)
        return (req,)
    if n in ("retrieve", "exchange", "exchangetomono", "exchangetoflux", "execute", "send", "subscribe", "block",
             "enqueue"):
        an.send_req(f, req)
        return hole("response")
    return (req,)


def send_method_default(req: ReqV) -> Vals | None:
    """The method a request built without one is sent with (curl: POST when it has a body, else GET)."""
    if req.method:
        return req.method
    if req.lib == "curl":
        return lit("POST") if req.post_data else lit("GET")
    return None
