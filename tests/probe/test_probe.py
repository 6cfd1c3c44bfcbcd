"""``xreg probe`` against a real HTTP server on localhost (``standin.py``): what it sends, how it reads the
answers, and that it keeps every safety rule (GET only, GET endpoints and read actions only, the rate,
the timeout, no redirects, TLS verified, no secret anywhere)."""
from __future__ import annotations

import os
import shutil
import ssl
import subprocess
import sys
import threading
from http.server import HTTPServer
from pathlib import Path

import pytest

from standin import (DIGEST_KEY, DIGEST_USER, LEGACY_TOKEN, PAT_TOKEN, SECRETS, Handler, Server)

ROOT = Path(__file__).resolve().parents[2]
XREG = [str(Path(sys.executable).parent / "xreg")]
EXAMPLES = ROOT / "examples" / "observations"

#: The endpoints the example observations probe: each class of answer the stand-in gives.
EXAMPLE_ENDPOINTS = [
    "rest.adressen.get-v1-id", "rest.belege.get-v1-auftraege-id", "rest.artikel.get-v1-id", "rest.lagermhd.get-v1",
    "rest.laender.get-v1", "rest.versandarten.get-v1", "rest.zahlungsweisen.get-v1", "rest.shopimport.get-status",
    "xentral.customers.get-v1-id", "xentral.salesOrders.get-v3-id", "xentral.products.get-v1",
]
ENV = {"pat-legacy": {"XENTRAL_TOKEN": LEGACY_TOKEN}, "pat": {"XENTRAL_TOKEN": PAT_TOKEN},
       "digest": {"XENTRAL_DIGEST_USER": DIGEST_USER, "XENTRAL_DIGEST_KEY": DIGEST_KEY}}


def xreg(*args: str, env: dict[str, str] | None = None, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("XENTRAL_")}
    return subprocess.run([*XREG, *args], cwd=ROOT, env={**clean, **(env or {})}, capture_output=True, text=True,
                          input=stdin, timeout=120)


def probe_args(url: str, auth: str, *extra: str) -> list[str]:
    args = ["probe", "--base-url", url, "--auth", auth, "--label", "stand-in", "--date", "2026-12-05",
            "--rate", "10", "--timeout", "0.5"]
    for ep in EXAMPLE_ENDPOINTS:
        args += ["--endpoint", ep]
    return [*args, "--api", "standard", *extra]


def example_run(srv: Server, auth: str, tmp_path: Path) -> tuple[subprocess.CompletedProcess[str], str]:
    out = tmp_path / f"{auth}.yaml"
    done = xreg(*probe_args(srv.url, auth, "--yes", "-o", str(out)), env=ENV[auth])
    assert done.returncode == 0, done.stderr
    return done, out.read_text(encoding="utf-8")


@pytest.fixture()
def server():
    with Server() as srv:
        yield srv


# -- the example files, byte for byte ---------------------------------------------------------------------
@pytest.mark.parametrize("auth", ["pat-legacy", "pat"])
def test_probe_against_the_standin_writes_the_example_file_byte_for_byte(server, tmp_path, auth):
    done, text = example_run(server, auth, tmp_path)
    assert text == (EXAMPLES / f"stand-in-{auth}.yaml").read_text(encoding="utf-8")
    assert done.stdout == ""


def test_probe_reports_each_class_with_its_marker(server, tmp_path):
    """pat-legacy: yes (2xx, an XML messageCode), no (refused by the auth layer), route missing (7431 and a
    404 on a current-API list), unknown (a 500, a timeout, a redirect); ids only from a list's answer."""
    import yaml

    done, text = example_run(server, "pat-legacy", tmp_path)
    rows = [(o["endpoint"], o["result"], o["status"], o["marker"]) for o in yaml.safe_load(text)["observations"]]
    assert rows == [
        ("rest.adressen.get-v1", "yes", 200, "rest-ok"),
        ("rest.adressen.get-v1-id", "yes", 200, "rest-ok"),
        ("rest.artikel.get-v1", "yes", 200, "rest-ok"),
        ("rest.belege.get-v1-auftraege", "no", 401, "rest-auth-refused"),
        ("rest.laender.get-v1", "unknown", 500, "unclassified"),
        ("rest.lagermhd.get-v1", "route-missing", 404, "rest-route-not-found"),
        ("rest.shopimport.get-status", "no", 401, "rest-auth-refused"),
        ("rest.versandarten.get-v1", "unknown", None, "timeout"),
        ("rest.zahlungsweisen.get-v1", "unknown", 302, "redirect"),
        ("standard.actions.ServerTimeGet", "yes", 200, "standard-ok"),
        ("standard.actions.BenutzerList", "yes", 200, "standard-action-error"),
        ("standard.actions.StechuhrStatusGet", "yes", 200, "standard-action-error"),
        ("xentral.customers.get-v1", "yes", 200, "xentral-ok"),
        ("xentral.customers.get-v1-id", "yes", 200, "xentral-ok"),
        ("xentral.products.get-v1", "route-missing", 404, "xentral-list-not-found"),
        ("xentral.salesOrders.get-v3", "yes", 200, "xentral-ok"),
        ("xentral.salesOrders.get-v3-id", "yes", 200, "xentral-ok"),
    ]
    assert done.stderr.splitlines()[1:] == [
        "xreg: 17 endpoints observed in 17 requests: 10 yes, 2 no, 2 route-missing, 3 unknown",
        "xreg: not sent: rest.artikel.get-v1-id: the answer of rest.artikel.get-v1 held no record id",
        "xreg: not sent: rest.belege.get-v1-auftraege-id: its list rest.belege.get-v1-auftraege did not answer with data",
        f"xreg: wrote {tmp_path / 'pat-legacy.yaml'}",
    ]
    # the by-id requests carried the ids the lists answered with, nothing made up
    targets = [r.target for r in server.state.requests]
    assert "/api/v1/adressen/7" in targets and "/api/v1/customers/3" in targets and "/api/v3/salesOrders/41" in targets
    assert not any(t.startswith("/api/v1/artikel/") or t.startswith("/api/v1/belege/auftraege/") for t in targets)


def test_a_new_pat_is_refused_by_scope_and_on_shopimport(server, tmp_path):
    import yaml

    _done, text = example_run(server, "pat", tmp_path)
    rows = {o["endpoint"]: (o["result"], o["marker"]) for o in yaml.safe_load(text)["observations"]}
    assert rows["xentral.salesOrders.get-v3"] == ("no", "xentral-forbidden")
    assert "xentral.salesOrders.get-v3-id" not in rows  # no id from a refused list
    assert rows["rest.shopimport.get-status"] == ("no", "rest-auth-refused")
    assert rows["rest.belege.get-v1-auftraege-id"] == ("yes", "rest-ok")


# -- Digest --------------------------------------------------------------------------------------------------
def test_digest_challenge_and_response_pass_the_servers_real_check(server, tmp_path):
    import yaml

    _done, text = example_run(server, "digest", tmp_path)
    requests = server.state.requests
    assert "Authorization" not in requests[0].headers  # the challenge round trip starts without credentials
    assert requests[0].target == "/api/v1/adressen?items=1&page=1"
    assert requests[1].target == requests[0].target and requests[1].headers["Authorization"].startswith("Digest ")
    assert server.state.digest_failed == 0
    digest_requests = [r for r in requests if r.headers.get("Authorization", "").startswith("Digest ")]
    current_api = [r for r in digest_requests if r.target.startswith(("/api/v1/customers", "/api/v1/products", "/api/v3/"))]
    assert len(current_api) == 3  # the current API answers 401 without looking at Digest
    assert server.state.digest_passed == len(digest_requests) - len(current_api) == 15
    rows = {o["endpoint"]: (o["result"], o["marker"]) for o in yaml.safe_load(text)["observations"]}
    assert rows["rest.adressen.get-v1-id"] == ("yes", "rest-ok")
    assert rows["rest.artikel.get-v1"] == ("no", "rest-permission-missing")  # the account lacks list_articles
    assert rows["rest.shopimport.get-status"] == ("yes", "rest-ok")
    assert rows["standard.actions.StechuhrStatusGet"] == ("no", "standard-permission-missing")
    assert rows["xentral.customers.get-v1"] == ("no", "xentral-unauthenticated")


def test_a_wrong_digest_key_is_refused_by_the_check_and_warned_about(server, tmp_path):
    env = {"XENTRAL_DIGEST_USER": DIGEST_USER, "XENTRAL_DIGEST_KEY": "not-the-key"}
    done = xreg("probe", "--base-url", server.url, "--auth", "digest", "--endpoint", "rest.adressen.get-v1",
                "--yes", "--label", "stand-in", "--rate", "10", env=env)
    assert done.returncode == 0, done.stderr
    assert "marker: rest-auth-refused" in done.stdout
    assert server.state.digest_passed == 0 and server.state.digest_failed >= 1
    assert ("xreg: WARNING: every request was refused; check the credential before reading these as facts about "
            "the endpoints") in done.stderr


# -- the recording server: what reached it ---------------------------------------------------------------
def test_only_gets_to_get_endpoints_and_read_actions_within_the_default_rate(server, tmp_path):
    """The whole command at its default rate (2/s): every request the server saw was a GET, to a GET
    endpoint of the dataset or an allowed Standard API read action, at least 0.5 s after the one before."""
    import registry

    reg = registry.load()
    done = xreg("probe", "--base-url", server.url, "--auth", "pat-legacy", "--api", "standard",
                "--endpoint", "rest.adressen.get-v1-id", "--endpoint", "rest.shopimport.get-status",
                "--endpoint", "xentral.customers.get-v1-id", "--yes", "--label", "stand-in", env=ENV["pat-legacy"])
    assert done.returncode == 0, done.stderr
    seen = server.state.requests
    assert len(seen) == 8  # adressen list and item, shopimport, three actions, customers list and item
    allowed = {a.lower() for a in reg.probe.read_actions.actions}
    for r in seen:
        assert r.method == "GET"
        match = reg.resolve("GET", r.target)
        assert match, r.target
        ep = match.endpoint
        assert ep.method == "GET" or (ep.action is not None and ep.action.lower() in allowed), (r.target, ep.id)
        assert r.headers["User-Agent"].startswith("xreg-probe/")
    gaps = [b.at - a.at for a, b in zip(seen, seen[1:])]
    assert min(gaps) >= 0.5, gaps


def test_the_rate_holds_through_digest_challenges(server):
    done = xreg("probe", "--base-url", server.url, "--auth", "digest", "--endpoint", "rest.adressen.get-v1-id",
                "--endpoint", "rest.shopimport.get-status", "--rate", "4", "--yes", "--label", "stand-in",
                env=ENV["digest"])
    assert done.returncode == 0, done.stderr
    seen = server.state.requests
    assert [r.method for r in seen] == ["GET"] * 4  # challenge, list, item, shopimport
    assert min(b.at - a.at for a, b in zip(seen, seen[1:])) >= 0.25


def test_the_transport_refuses_anything_but_get_to_the_base_host(server):
    from registry.probe.client import ProbeRefused, Sender

    with Sender(server.url, "pat", (PAT_TOKEN,), rate=10, timeout=1) as sender:
        for method in ("POST", "PUT", "PATCH", "DELETE", "HEAD"):
            with pytest.raises(ProbeRefused, match=f"refused to send {method}: xreg probe sends GET only"):
                sender.client.request(method, server.url + "/api/v1/adressen")
        with pytest.raises(ProbeRefused, match="refused to send a request to http://127.0.0.2:1: xreg probe talks to"):
            sender.client.get("http://127.0.0.2:1/api/v1/adressen")
    assert server.state.requests == []


def test_a_redirect_to_another_host_is_never_followed(tmp_path):
    with Server() as srv, Server("127.0.0.2") as other:
        srv.state.redirect_to = other.url + "/api/v1/zahlungsweisen"
        done = xreg("probe", "--base-url", srv.url, "--auth", "pat", "--endpoint", "rest.zahlungsweisen.get-v1",
                    "--yes", "--label", "stand-in", "--rate", "10", env=ENV["pat"])
        assert done.returncode == 0, done.stderr
        assert other.state.requests == []
        assert [r.target for r in srv.state.requests] == ["/api/v1/zahlungsweisen?items=1&page=1"]
    assert "  status: 302\n  marker: redirect\n" in done.stdout


def test_a_slow_answer_is_a_timeout_not_a_hang(server):
    done = xreg("probe", "--base-url", server.url, "--auth", "pat", "--endpoint", "rest.versandarten.get-v1",
                "--timeout", "0.3", "--yes", "--label", "stand-in", env=ENV["pat"])
    assert done.returncode == 0, done.stderr
    assert "  result: unknown\n  status: null\n  marker: timeout\n" in done.stdout


# -- the dry run ---------------------------------------------------------------------------------------------
def test_the_dry_run_prints_the_plan_and_sends_nothing(server):
    done = xreg("probe", "--base-url", server.url, "--auth", "pat", "--endpoint", "rest.adressen.get-v1-id",
                "--endpoint", "rest.adressen.post-v1", "--endpoint", "standard.actions.AuftragCreate",
                "--endpoint", "standard.actions.ServerTimeGet", env=ENV["pat"])
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == (
        f"probe plan: 3 GET requests to {server.url} as pat, at most 2 per second (about 1 s), 10 s timeout each\n"
        "\n"
        "   1  GET /api/v1/adressen?items=1&page=1  rest.adressen.get-v1  (for the id)\n"
        "   2  GET /api/v1/adressen/{id}  rest.adressen.get-v1-id  (id from step 1)\n"
        "   3  GET /api/ServerTimeGet  standard.actions.ServerTimeGet\n"
        "\n"
        "left out (2; -v lists them):\n"
        "         1  a POST endpoint\n"
        "         1  not on the list of Standard API read actions (data/probe.yaml, read_actions)\n"
        "\n"
        "credentials: $XENTRAL_TOKEN (set)\n"
        "nothing was sent (dry run); add --yes to send these requests.\n"
    )
    assert server.state.requests == []
    assert PAT_TOKEN not in done.stdout


def test_the_plan_for_digest_and_from_a_report(tmp_path):
    report = tmp_path / "report.json"
    done = xreg("advise", "examples/shop-connector", "--auth", "pat-legacy", "--format", "json", "-o", str(report), "-q")
    assert done.returncode == 0, done.stderr
    done = xreg("probe", "--base-url", "https://acme.xentral.biz", "--auth", "digest", "--from", str(report))
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("probe plan: ") and " as digest (+1 for the Digest challenge)" in lines[0]
    assert "GET /api/v1/adressen?items=1&page=1  rest.adressen.get-v1" in done.stdout
    assert "GET /api/v3/salesOrders/{id}  xentral.salesOrders.get-v3-id  (id from step" in done.stdout
    assert "credentials: $XENTRAL_DIGEST_USER (NOT SET), $XENTRAL_DIGEST_KEY (NOT SET)" in done.stdout


# -- credentials and their secrecy --------------------------------------------------------------------------
@pytest.mark.parametrize("auth", ["pat-legacy", "pat", "digest"])
def test_no_secret_reaches_any_output_or_file(server, tmp_path, auth):
    done, text = example_run(server, auth, tmp_path)
    sent = [r.headers.get("Authorization", "") for r in server.state.requests]
    digest_values = [v.split('response="')[1].split('"')[0] for v in sent if 'response="' in v]
    forbidden = [*SECRETS, *digest_values, DIGEST_USER]
    for where, content in (("stdout", done.stdout), ("stderr", done.stderr), ("file", text)):
        for secret in forbidden:
            assert secret not in content, (where, secret)
    assert len(digest_values) == (len(sent) - 1 if auth == "digest" else 0)


def test_credentials_come_from_stdin(server):
    done = xreg("probe", "--base-url", server.url, "--auth", "digest", "--endpoint", "rest.adressen.get-v1",
                "--stdin", "--yes", "--label", "stand-in", "--rate", "10", stdin=f"{DIGEST_USER}\n{DIGEST_KEY}\n")
    assert done.returncode == 0, done.stderr
    assert "  result: 'yes'\n  status: 200\n  marker: rest-ok\n" in done.stdout
    assert server.state.digest_passed == 1


def test_a_missing_credential_is_named_never_asked_for_on_the_command_line(server):
    done = xreg("probe", "--base-url", server.url, "--auth", "pat", "--endpoint", "rest.adressen.get-v1",
                "--yes", "--label", "stand-in")
    assert done.returncode == 2
    assert done.stderr.endswith("Error: the environment variable XENTRAL_TOKEN is not set or empty: set it to the "
                                "token (credentials are never taken from the command line), or use --stdin\n")
    done = xreg("probe", "--base-url", server.url, "--auth", "digest", "--endpoint", "rest.adressen.get-v1",
                "--yes", "--label", "stand-in", "--stdin", stdin="only-one-line\n")
    assert done.stderr.endswith("Error: --stdin expects the account name and key on two lines (got 1 non-empty line)\n")
    assert server.state.requests == []
    help_text = xreg("probe", "--help").stdout
    assert "--token " not in help_text and "--password" not in help_text and "--key " not in help_text


@pytest.mark.parametrize(("url", "message"), [
    ("http://acme.xentral.biz", "xreg: --base-url 'http://acme.xentral.biz' is plain http: the credentials would cross "
                                "the network unencrypted (use https; http is allowed only for this machine's loopback address)\n"),
    ("https://user:pw@acme.xentral.biz", "xreg: --base-url must not carry credentials (give them through the "
                                         "environment or standard input)\n"),
    ("acme.xentral.biz", "xreg: --base-url 'acme.xentral.biz' is not an http(s) URL with a host (expected e.g. "
                         "https://acme.xentral.biz)\n"),
])
def test_base_urls_that_would_leak_or_mislead_are_refused(url, message):
    done = xreg("probe", "--base-url", url, "--auth", "pat", "--api", "rest")
    assert (done.returncode, done.stdout, done.stderr) == (1, "", message)


def test_a_certificate_that_does_not_verify_stops_the_probe(tmp_path):
    """TLS is always verified: a self-signed certificate on localhost ends the probe, nothing is written."""
    if shutil.which("openssl") is None:
        pytest.skip("openssl is not installed (needed to make a self-signed certificate)")
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out", str(cert),
                    "-days", "1", "-subj", "/CN=localhost"], check=True, capture_output=True)
    httpd = HTTPServer(("127.0.0.1", 0), Handler)
    from standin import Instance

    httpd.state = Instance()  # type: ignore[attr-defined]
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(str(cert), str(key))
    httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        out = tmp_path / "obs.yaml"
        url = f"https://localhost:{httpd.server_address[1]}"
        done = xreg("probe", "--base-url", url, "--auth", "pat", "--endpoint", "rest.adressen.get-v1", "--yes",
                    "--label", "stand-in", "-o", str(out), env=ENV["pat"])
    finally:
        httpd.shutdown()
        httpd.server_close()
    assert done.returncode == 1
    assert done.stderr.splitlines()[1].startswith(f"Error: {url}: the TLS certificate does not verify (")
    assert done.stderr.endswith("xreg probe always verifies certificates; nothing was sent. No observations file was written.\n")
    assert not out.exists() and httpd.state.requests == []


# -- cold start -------------------------------------------------------------------------------------------
def test_xreg_check_does_not_import_httpx():
    code = ("import sys; from registry.cli import main\n"
            "try:\n    main(['check', 'GET', '/api/v1/products/1'])\nexcept SystemExit:\n    pass\n"
            "print('httpx' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert done.stdout.splitlines()[-1] == "False"
