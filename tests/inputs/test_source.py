"""The source reader: calls found by following values to HTTP clients, per language and idiom (exact rows),
what is not a call, auth from the code, test code and --exclude, the byte search, jobs, credentials."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from inputs_support import INPUTS, VOCABULARY, assert_no_secret, run

from registry.inputs.base import Observation, ReadStats, SecretFinding
from registry.inputs.detect import read_inputs
from registry.inputs.source import Vocabulary, find_secrets, is_test_path, read_source, scan_text
from registry.inputs.source import reader as reader_module
from registry.inputs.source.files import import_specifiers, is_excluded, mentions_xentral


def rows(tmp_path: Path, files: dict[str, str], **kwargs: object) -> list[tuple[str, str, str, str | None]]:
    """Write ``files`` (dedented) under ``tmp_path`` and read the folder: (method, url, file:line, auth) per call."""
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"))
    stats = ReadStats(str(tmp_path))
    found = list(read_source(str(tmp_path), stats, vocabulary=VOCABULARY, **kwargs))  # type: ignore[arg-type]
    return [(o.method, o.url, o.location[len(str(tmp_path)) + 1:], o.auth) for o in found if isinstance(o, Observation)]


# -- the fixture tree (seven languages, vendored and ignored paths, a binary file) ----------------------
def src(method: str, url: str, where: str, auth: str | None, evidence: str | None) -> Observation:
    return Observation(method, url, f"source/{where}", "source", auth=auth,
                       auth_evidence=f"source/{evidence}" if evidence else None)


EXPECTED_CALLS = [
    src("GET", "/api/v1/warehouses/{warehouse}/storageLocations", "cmd/sync/main.go:11", "bearer", "cmd/sync/main.go:15"),
    src("GET", "/api/v1/system/health", "cmd/sync/main.go:20", "bearer", "cmd/sync/main.go:15"),  # (the file's one auth)
    src("GET", "/api/v1/deliveryNotes/{id}", "dotnet/XentralClient.cs:11", None, None),
    src("POST", "/api/AuftragCreate", "dotnet/XentralClient.cs:16", None, None),
    src("PUT", "/api/v1/adressen/{id}", "java/com/acme/XentralClient.java:11", None, None),  # a built request, returned
    src("GET", "/api/v1/adressen?page={page}&items=100", "src/Client.php:19", "digest", "src/Client.php:31"),
    src("GET", "/api/v1/belege/auftraege/{id}/positionen", "src/Client.php:24", "digest", "src/Client.php:31"),
    src("PUT", "/api/v1/adressen/{id}", "src/Client.php:29", "digest", "src/Client.php:31"),
    src("GET", "/index.php?module=api&action=ArtikelGet&hash=REDACTED&api_id=REDACTED", "src/Client.php:43", "hash",
        "src/Client.php:43"),
    src("POST", "/api/shopimport/ordertoxentral/{number}", "src/Client.php:48", "digest", "src/Client.php:31"),
    src("GET", "/v1/reports/{id}/download", "src/Client.php:53", "digest", "src/Client.php:31"),  # relative to base_uri
    src("GET", "/api/v1/products/{product_id}", "tools/sync.py:9", "bearer", "tools/sync.py:9"),
    src("POST", "/api/shopimport/syncstorage/{number}", "tools/sync.py:13", "bearer", "tools/sync.py:9"),
    src("PATCH", "/api/v3/salesOrders/{id}/actions/release", "web/api.ts:5", "bearer", "web/api.ts:5"),
    src("GET", "/api/v1/products/{id}", "web/api.ts:12", "bearer", "web/api.ts:7"),  # (the file's one auth)
    src("GET", "/api/v1/belege/auftraege", "web/orders.js:5", None, None),  # axios baseURL '/api/' + 'v1/…'
]
EXPECTED_SECRETS = [
    SecretFinding("source/java/com/acme/XentralClient.java:8", "api-token"),
    SecretFinding("source/src/Client.php:11", "xentral-pat"),
    SecretFinding("source/src/Client.php:32", "basic-credentials"),
    SecretFinding("source/tools/sync.py:5", "bearer-token"),
    SecretFinding("source/web/api.ts:2", "api-token"),
]
NOT_READ = [
    "source/node_modules/: not read (vendored or tool directory)",
    "source/vendor/: not read (vendored or tool directory)",
    "source/build/: not read (ignored by .gitignore)",
    "source/secrets.local.php: not read (ignored by .gitignore)",
]


def test_source_tree(in_inputs: Path) -> None:
    """Not calls there: a URL in a comment (Client.php:3), ['action' => …] handed to a method the project does
    not define (Client.php:38), a returned path (XentralClient.java:17), a constant no call uses (orders.js:8)."""
    items, stats = run(read_source, "source", vocabulary=VOCABULARY)
    assert [i for i in items if isinstance(i, Observation)] == EXPECTED_CALLS
    assert [i for i in items if isinstance(i, SecretFinding)] == EXPECTED_SECRETS
    assert stats.skipped_items == ["source/assets/logo.php: skipped file: binary content (expected text source code)."]
    assert stats.notes == NOT_READ
    assert (stats.read, stats.skipped, stats.unit, stats.remarks) == (7, 1, "files", [])
    assert_no_secret(items, stats)


# -- PHP ----------------------------------------------------------------------------------------------
def test_php_sdk_with_base_url_property_constants_sprintf_and_a_map(tmp_path: Path) -> None:
    got = rows(tmp_path, {
        "src/Routes.php": """
            <?php
            final class Routes
            {
                public const ORDERS = '/belege/auftraege';
            }
        """,
        "src/Client.php": """
            <?php
            final class Client
            {
                private const KINDS = ['offer' => 'angebote', 'invoice' => 'rechnungen'];
                private string $url;

                public function __construct(string $host, private \\GuzzleHttp\\ClientInterface $http)
                {
                    $this->url = rtrim($host, '/') . '/api/v1';
                }

                /** GET /api/v1/adressen lists addresses (a doc comment, not a call). */
                public function addresses(array $filter): array
                {
                    $this->logger->info('GET /api/v1/adressen');
                    return $this->http->get($this->url . '/adressen?' . http_build_query($filter))->toArray();
                }

                public function order(int $id): array
                {
                    return $this->http->get($this->url . Routes::ORDERS . '/' . $id . '?include=positionen')->toArray();
                }

                public function document(string $kind, int $id): array
                {
                    return $this->http->get(sprintf('%s/belege/%s/%d', $this->url, self::KINDS[$kind], $id))->toArray();
                }

                public function taxRate(int $id): array
                {
                    $uri = $this->url . '/steuersaetze';
                    $uri .= '/' . $id;
                    return $this->http->request('PUT', "{$uri}", ['json' => []])->toArray();
                }

                public function ping(): bool
                {
                    return $this->http->get($this->url . '//adressen/')->getStatusCode() === 200;
                }
            }
        """,
    })
    assert got == [
        ("GET", "/api/v1/adressen", "src/Client.php:16", None),  # the runtime query adds nothing
        ("GET", "/api/v1/belege/auftraege/{id}?include=positionen", "src/Client.php:21", None),
        ("GET", "/api/v1/belege/angebote/{id}", "src/Client.php:26", None),  # one call per value of the map
        ("GET", "/api/v1/belege/rechnungen/{id}", "src/Client.php:26", None),
        ("PUT", "/api/v1/steuersaetze/{id}", "src/Client.php:33", None),
        ("GET", "/api/v1//adressen/", "src/Client.php:38", None),  # malformed, as sent: the matcher says "did you mean"
    ]


def test_php_curl_helper_with_positional_method_and_the_standard_api_hash(tmp_path: Path) -> None:
    got = rows(tmp_path, {
        "config.php": """
            <?php
            define('XENTRAL_URL', getenv('XENTRAL_URL') ?: 'https://demo.xentral.biz');
        """,
        "lib/Api.php": """
            <?php
            final class Api
            {
                public function call(string $method, string $path): array
                {
                    $ch = curl_init(XENTRAL_URL . '/api' . $path);
                    curl_setopt($ch, CURLOPT_CUSTOMREQUEST, $method);
                    curl_setopt($ch, CURLOPT_HTTPAUTH, CURLAUTH_DIGEST);
                    return json_decode(curl_exec($ch), true);
                }

                public function action(string $action, string $hash): string
                {
                    $ch = curl_init();
                    curl_setopt_array($ch, [
                        CURLOPT_URL => XENTRAL_URL . '/index.php?module=api&action=' . $action . '&hash=' . $hash,
                        CURLOPT_POST => true,
                    ]);
                    return curl_exec($ch);
                }
            }
        """,
        "cron/sync.php": """
            <?php
            require __DIR__ . '/../lib/Api.php';
            $api = new Api();
            $api->call('GET', '/shopimport/status');
            foreach (['AuftragCreate', 'ArtikelGet'] as $action) {
                $api->action($action, sha1('key' . date('Ymd')));
            }
            $ch = curl_init(XENTRAL_URL . '/api/v1/artikel/' . (int) $argv[1]);
            curl_setopt($ch, CURLOPT_POSTFIELDS, '{}');
            curl_exec($ch);
        """,
    })
    assert got == [
        ("GET", "/api/shopimport/status", "cron/sync.php:4", "digest"),  # the helper's call, at the caller's line
        ("POST", "/index.php?module=api&action=ArtikelGet&hash=REDACTED", "cron/sync.php:6", "hash"),  # one per value
        ("POST", "/index.php?module=api&action=AuftragCreate&hash=REDACTED", "cron/sync.php:6", "hash"),
        ("POST", "/api/v1/artikel/{1}", "cron/sync.php:8", "digest"),  # a body makes curl POST; the project's one auth
    ]


def test_php_laravel_and_symfony_clients(tmp_path: Path) -> None:
    got = rows(tmp_path, {
        "app/Xentral.php": """
            <?php
            use Illuminate\\Support\\Facades\\Http;
            use Symfony\\Component\\HttpClient\\HttpClient;

            class Xentral
            {
                private function http()
                {
                    return Http::withToken($this->token)->baseUrl(config('services.xentral.url') . '/api');
                }

                public function warehouses(): array
                {
                    return $this->http()->get('/v1/warehouses')->json();
                }

                public function release(string $id): void
                {
                    $client = HttpClient::createForBaseUri($this->root . '/api/v3/', ['auth_bearer' => $this->token]);
                    $client->request('PATCH', "invoices/{$id}/actions/release");
                }
            }
        """,
    })
    assert got == [
        ("GET", "/api/v1/warehouses", "app/Xentral.php:14", "bearer"),
        ("PATCH", "/api/v3/invoices/{id}/actions/release", "app/Xentral.php:20", "bearer"),
    ]


# -- JavaScript / TypeScript ----------------------------------------------------------------------------
TS_PROJECT = {
    "src/config.ts": """
        export const API_BASE = `${process.env.XENTRAL_URL}/api/v1`;
        export const ORDERS = '/salesOrders';
        export type Kind = 'invoices' | 'creditNotes';
    """,
    "src/client.ts": """
        import axios from 'axios';
        import { API_BASE, ORDERS } from './config.js';
        import type { Kind } from './config';

        type Route = '/api/v1/salesOrders' | '/api/v1/products';

        export class Client {
          private http = axios.create({ baseURL: API_BASE, headers: { Authorization: `Bearer ${process.env.TOKEN}` } });

          list(qs: string) {
            return fetch(`${API_BASE}/customers${qs}`);
          }
          order(id: string) {
            return this.http.get(`${ORDERS}/${id}`);
          }
          private request(method: string, path: string, body?: unknown) {
            return this.http.request({ method, url: path, data: body });
          }
          release(id: string) {
            return this.request('PATCH', `/salesOrders/${id}/actions/release`);
          }
          balance(kind: Kind, id: string) {
            return this.http.get(`/${kind}/${id}/balance`);
          }
          describe() {
            return { description: 'Imports orders via POST /api/v1/salesOrders/actions/import.' };
          }
          purge() {
            ['products', 'warehouses'].forEach((r) => this.http.delete(`/${r}/1`));
          }
          passThrough(init: RequestInit) {
            return fetch(`${API_BASE}/products`, { ...init });
          }
        }
        export function paginatedApiFetch(signal: unknown, path: string, method: string) {
          return fetch(API_BASE.replace('/v1', '') + path, { method, signal });
        }
    """,
    "src/app.tsx": """
        import { paginatedApiFetch } from './client';
        export const Page = () => {
          paginatedApiFetch(null, "/v1/artikel", "GET");
          return <p>see /api/v1/artikel</p>;
        };
    """,
}


def test_typescript_sdk_with_imports_instances_helpers_and_known_sets(tmp_path: Path) -> None:
    """Not calls: the Route union type, the prose description, the text in JSX."""
    assert rows(tmp_path, TS_PROJECT) == [
        ("GET", "/api/v1/artikel", "src/app.tsx:3", "bearer"),  # through the helper imported from ./client
        ("GET", "/api/v1/customers", "src/client.ts:11", "bearer"),  # `${qs}` is a query built at runtime
        ("GET", "/api/v1/salesOrders/{id}", "src/client.ts:14", "bearer"),
        ("PATCH", "/api/v1/salesOrders/{id}/actions/release", "src/client.ts:20", "bearer"),
        ("GET", "/api/v1/creditNotes/{id}/balance", "src/client.ts:23", "bearer"),  # a union type from another file
        ("GET", "/api/v1/invoices/{id}/balance", "src/client.ts:23", "bearer"),
        ("DELETE", "/api/v1/products/1", "src/client.ts:29", "bearer"),  # forEach over a literal array
        ("DELETE", "/api/v1/warehouses/1", "src/client.ts:29", "bearer"),
        ("UNKNOWN", "/api/v1/products", "src/client.ts:32", "bearer"),  # options spread in: method not known
    ]


def test_javascript_commonjs_request_and_digest_fetch(tmp_path: Path) -> None:
    got = rows(tmp_path, {
        "lib/config.js": """
            const host = (process.env.XENTRAL_HOST || 'https://lager.xentral.biz').replace(/\\/+$/, '');
            module.exports = { BASE: host + '/api' };
        """,
        "lib/api.js": """
            const request = require('request');
            const DigestFetch = require('digest-fetch');
            const { BASE } = require('./config');
            const client = new DigestFetch(process.env.U, process.env.P);

            function address(id, cb) {
              request.get({ url: BASE + '/v1/adressen/' + id, auth: { user: 'u', pass: 'p', sendImmediately: false } }, cb);
            }
            async function article(nummer) {
              return client.fetch(`${BASE}/ArtikelGet`, { method: 'POST', body: nummer });
            }
            module.exports = { address, article };
        """,
        "bin/run.js": """
            const { address } = require('../lib/api');
            address(7, () => {});
        """,
    })
    assert got == [
        ("GET", "/api/v1/adressen/{id}", "lib/api.js:7", "digest"),  # request with sendImmediately: false
        ("POST", "/api/ArtikelGet", "lib/api.js:10", "digest"),  # digest-fetch; a Standard API action
    ]


def test_apps_script_files_share_their_globals(tmp_path: Path) -> None:
    got = rows(tmp_path, {
        "Api.gs": """
            var API_BASE = PropertiesService.getScriptProperties().getProperty('XENTRAL_URL') + '/api';
            function auth_() { return { Authorization: 'Basic ' + Utilities.base64Encode('u:p') }; }
        """,
        "Orders.gs": """
            function push(row) {
              return UrlFetchApp.fetch(API_BASE + '/shopimport/ordertoxentral/' + row[0], { method: 'post', headers: auth_() });
            }
        """,
    })
    assert got == [("POST", "/api/shopimport/ordertoxentral/{0}", "Orders.gs:2", "basic")]


# -- Python ---------------------------------------------------------------------------------------------
def test_python_session_with_digest_fstrings_format_and_a_helper(tmp_path: Path) -> None:
    got = rows(tmp_path, {
        "xentral/config.py": """
            import os
            BASE_URL = os.environ.get("XENTRAL_URL", "https://demo.xentral.biz").rstrip("/") + "/api/v1"
            KINDS = {"offer": "angebote", "order": "auftraege"}
        """,
        "xentral/client.py": """
            \"\"\"Client. Example: GET /api/v1/adressen lists addresses.\"\"\"
            import requests
            from requests.auth import HTTPDigestAuth
            from urllib.parse import urljoin
            from .config import BASE_URL, KINDS


            class Client:
                def __init__(self, user, password, base=BASE_URL):
                    self.base = base
                    self.session = requests.Session()
                    self.session.auth = HTTPDigestAuth(user, password)

                def address(self, address_id):
                    return self.session.get(f"{self.base}/adressen/{address_id}")

                def orders(self, page=1):
                    return self.session.get(
                        url=self.base + "/belege/auftraege?page=%d" % page,
                    )

                def document(self, kind, doc_id):
                    return self.session.get("{}/belege/{}/{}".format(self.base, KINDS[kind], doc_id))

                def _call(self, method, path, **kw):
                    return self.session.request(method, urljoin(self.base + "/", path.lstrip("/")), **kw)

                def create_address(self, data):
                    return self._call("POST", "/adressen", json=data)
        """,
    })
    assert got == [
        ("GET", "/api/v1/adressen/{address_id}", "xentral/client.py:15", "digest"),
        ("GET", "/api/v1/belege/auftraege?page={page}", "xentral/client.py:18", "digest"),
        ("GET", "/api/v1/belege/angebote/{doc_id}", "xentral/client.py:23", "digest"),
        ("GET", "/api/v1/belege/auftraege/{doc_id}", "xentral/client.py:23", "digest"),
        ("POST", "/api/v1/adressen", "xentral/client.py:29", "digest"),  # path.lstrip('/') applied once known
    ]


# -- Go, Java, C# ---------------------------------------------------------------------------------------
def test_go_net_http_resty_and_a_package_constant(tmp_path: Path) -> None:
    got = rows(tmp_path, {
        "xentral/config.go": 'package xentral\n\nconst apiRoot = "/api/v1"\n',
        "xentral/client.go": """
            package xentral

            import (
            	"fmt"
            	"net/http"

            	"github.com/go-resty/resty/v2"
            	"github.com/icholy/digest"
            )

            type Client struct {
            \tbaseURL string
            \thttp    *http.Client
            \trest    *resty.Client
            }

            func New(host, user, pass string) *Client {
            \treturn &Client{
            \t\tbaseURL: strings.TrimRight(host, "/") + apiRoot,
            \t\thttp:    &http.Client{Transport: &digest.Transport{Username: user, Password: pass}},
            \t\trest:    resty.New().SetBaseURL(host + apiRoot).SetAuthToken("t"),
            \t}
            }

            func (c *Client) Address(id int) (*http.Response, error) {
            \treq, err := http.NewRequest(http.MethodGet, fmt.Sprintf("%s/adressen/%d", c.baseURL, id), nil)
            \tif err != nil {
            \t\treturn nil, fmt.Errorf("GET /api/v1/adressen/%d: %w", id, err)
            \t}
            \treturn c.http.Do(req)
            }

            func (c *Client) do(method, path string) { req, _ := http.NewRequest(method, c.baseURL+path, nil); c.http.Do(req) }

            func (c *Client) DeleteArticle(id string) { c.do(http.MethodDelete, "/artikel/"+id) }

            func (c *Client) Groups() { c.rest.R().Get("/gruppen") }
        """,
    })
    assert got == [
        ("GET", "/api/v1/adressen/{id}", "xentral/client.go:26", "digest"),  # the Transport of c.http
        ("DELETE", "/api/v1/artikel/{id}", "xentral/client.go:35", "digest"),
        ("GET", "/api/v1/gruppen", "xentral/client.go:37", "bearer"),  # resty's SetAuthToken
    ]


def test_java_http_client_okhttp_and_rest_template(tmp_path: Path) -> None:
    got = rows(tmp_path, {
        "src/main/java/com/acme/Config.java": """
            package com.acme;
            public final class Config {
                public static final String API = "/api/v1";
            }
        """,
        "src/main/java/com/acme/XentralClient.java": """
            package com.acme;

            /** Calls POST /api/v1/adressen among others. */
            public class XentralClient {
                private final HttpClient http = HttpClient.newHttpClient();
                private final OkHttpClient ok = new OkHttpClient();
                private final RestTemplate rest = new RestTemplate();
                private final String base;

                public XentralClient(String host) {
                    this.base = host + Config.API;
                }

                public void createAddress(String json) throws Exception {
                    HttpRequest req = HttpRequest.newBuilder()
                        .uri(URI.create(base + "/adressen"))
                        .header("Authorization", "Bearer " + token)
                        .POST(HttpRequest.BodyPublishers.ofString(json))
                        .build();
                    http.send(req, HttpResponse.BodyHandlers.ofString());
                }

                public void article(long id) throws Exception {
                    Request r = new Request.Builder().url(String.format("%s/artikel/%d", base, id)).delete().build();
                    ok.newCall(r).execute();
                }

                public void update(long id) {
                    rest.exchange(base + "/adressen/{id}", HttpMethod.PUT, null, String.class, id);
                }
            }
        """,
    })
    assert got == [
        ("POST", "/api/v1/adressen", "src/main/java/com/acme/XentralClient.java:15", "bearer"),
        ("DELETE", "/api/v1/artikel/{id}", "src/main/java/com/acme/XentralClient.java:24", "bearer"),
        ("PUT", "/api/v1/adressen/{id}", "src/main/java/com/acme/XentralClient.java:29", "bearer"),
    ]


def test_csharp_http_client_with_digest_credentials_and_restsharp(tmp_path: Path) -> None:
    got = rows(tmp_path, {
        "Xentral/XentralClient.cs": """
            namespace Acme.Xentral
            {
                public class XentralClient
                {
                    private const string Api = "api/v1/";
                    private readonly HttpClient _http;
                    private readonly RestClient _rest;

                    public XentralClient(string host, string user, string pass)
                    {
                        var cache = new CredentialCache { { new Uri(host), "Digest", new NetworkCredential(user, pass) } };
                        _http = new HttpClient(new HttpClientHandler { Credentials = cache }) { BaseAddress = new Uri(host + "/") };
                        _rest = new RestClient(new RestClientOptions($"{host}/api/v3"));
                    }

                    public Task<HttpResponseMessage> Address(int id) => _http.GetAsync($"{Api}adressen/{id}");

                    public Task<HttpResponseMessage> Update(int id, HttpContent body)
                    {
                        var req = new HttpRequestMessage(HttpMethod.Put, Api + "adressen/" + id) { Content = body };
                        return _http.SendAsync(req);
                    }

                    public Task Offers() => _rest.ExecuteAsync(new RestRequest("offers", Method.Post));
                }
            }
        """,
    })
    assert got == [
        ("GET", "/api/v1/adressen/{id}", "Xentral/XentralClient.cs:16", "digest"),
        ("PUT", "/api/v1/adressen/{id}", "Xentral/XentralClient.cs:20", "digest"),
        ("POST", "/api/v3/offers", "Xentral/XentralClient.cs:24", "digest"),  # the class's one auth
    ]


# -- Markdown -------------------------------------------------------------------------------------------
def test_markdown_request_lines_curl_and_code_blocks(tmp_path: Path) -> None:
    got = rows(tmp_path, {
        "README.md": """
            # Lager-Sync

            The sync talks to `/api/v1` on your instance; see /api/v1/belege for the list.

            - GET /api/v1/artikel
            - `POST /api/ArtikelGet`

            ```http
            PUT /api/v1/adressen/7
            ```

            ```sh
            curl -X DELETE https://acme.xentral.biz/api/v1/lieferadressen/3 \\
              -H "Authorization: Bearer $TOKEN"
            curl --digest -u shop:secret https://acme.xentral.biz/api/v1/gruppen
            ```

            ```php
            $client->post('https://acme.xentral.biz/api/v1/dateien', ['auth' => [$u, $p, 'digest']]);
            ```
        """,
    })
    assert got == [
        ("GET", "/api/v1/artikel", "README.md:5", None),
        ("POST", "/api/ArtikelGet", "README.md:6", None),
        ("PUT", "/api/v1/adressen/7", "README.md:9", None),
        ("DELETE", "/api/v1/lieferadressen/3", "README.md:13", "bearer"),
        ("GET", "/api/v1/gruppen", "README.md:15", "digest"),
        ("POST", "/api/v1/dateien", "README.md:19", "digest"),
    ]


# -- not calls, method unknown --------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "code"),
    [
        pytest.param("a.ts", "export type R = '/api/v1/salesOrders' | '/api/v1/products';\n"
                             "interface X { path: '/api/v1/adressen' }\n", id="types"),
        pytest.param("a.py", '"""GET /api/v1/adressen"""\n# requests.get("/api/v1/adressen")\n'
                             'log.info("calling /api/v1/adressen")\n', id="docstring-comment-log"),
        pytest.param("a.js", "const BASE = 'https://acme.xentral.biz/api/v1';\nconsole.log(`${BASE}/adressen`);\n",
                     id="base-url-alone-and-a-log"),
        pytest.param("a.php", "<?php\nthrow new \\RuntimeException('POST /api/v1/adressen failed');\n", id="error-message"),
        pytest.param("a.js", "app.get('/api/v1/adressen', (req, res) => res.json([]));\n", id="a-route-handler"),
        pytest.param("a.js", "fetch('https://shop.example/admin/api/2024-01/orders.json');\n", id="another-api"),
    ],
)
def test_what_is_not_a_call(tmp_path: Path, name: str, code: str) -> None:
    assert rows(tmp_path, {name: code}) == []


def test_a_method_not_known_is_one_row_even_in_a_helper_nobody_calls(tmp_path: Path) -> None:
    got = rows(tmp_path, {
        "a.js": """
            export function send(method, id) {
              return fetch(`https://acme.xentral.biz/api/v1/artikel/${id}`, { method });
            }
            export function any(path) {
              return fetch(`https://acme.xentral.biz/api/v1${path}`);
            }
        """,
    })
    assert got == [("UNKNOWN", "/api/v1/artikel/{id}", "a.js:2", None)]  # (any() says nothing: its path is a parameter)


# -- files: tests, --exclude, the byte search, imports, jobs ----------------------------------------------
@pytest.mark.parametrize(
    ("path", "expected"),
    [("tests/ClientTest.php", True), ("src/__tests__/api.ts", True), ("src/api.test.ts", True),
     ("pkg/client_test.go", True), ("test_client.py", True), ("spec/fixtures/x.json", True),
     ("src/mocks/handlers.ts", True), ("ClientTests.cs", True), ("src/client.py", False), ("src/latest.ts", False),
     ("contest/app.js", False), ("src/Testing.php", False)],
)
def test_is_test_path(path: str, expected: bool) -> None:
    assert is_test_path(path) is expected


def test_test_code_is_left_out_and_counted_and_exclude_leaves_out_more(tmp_path: Path) -> None:
    (tmp_path / "src").mkdir()
    (tmp_path / "tests").mkdir()
    (tmp_path / "legacy").mkdir()
    (tmp_path / "src" / "a.js").write_text("fetch('https://acme.xentral.biz/api/v1/artikel');\n")
    (tmp_path / "src" / "a.test.js").write_text("fetch('https://acme.xentral.biz/api/v1/gruppen');\n")
    (tmp_path / "tests" / "mock.php").write_text("<?php file_get_contents('https://x.xentral.biz/api/v1/laender');\n")
    (tmp_path / "legacy" / "old.js").write_text("fetch('https://acme.xentral.biz/api/v1/adressen');\n")
    items, stats = read_inputs([str(tmp_path)], vocabulary=VOCABULARY, exclude=["legacy"])
    urls = [o.url for o in items if isinstance(o, Observation)]
    assert urls == ["/api/v1/artikel"]
    assert stats[0].remarks == ["left out 2 test files; --include-tests reads them", "left out 1 file matching --exclude"]
    assert stats[0].summary() == (f"{tmp_path}/: read 1 of 1 files, skipped 0; left out 2 test files; --include-tests "
                                  "reads them; left out 1 file matching --exclude")
    items, stats = read_inputs([str(tmp_path)], vocabulary=VOCABULARY, include_tests=True)
    assert sorted(o.url for o in items if isinstance(o, Observation)) == [
        "/api/v1/adressen", "/api/v1/artikel", "/api/v1/gruppen", "/api/v1/laender"]
    assert stats[0].remarks == []


@pytest.mark.parametrize(
    ("rel", "patterns", "expected"),
    [("legacy/old.js", ("legacy",), True), ("src/legacy/old.js", ("legacy",), True), ("a/b.min.js", ("*.min.js",), True),
     ("src/gen/x.ts", ("src/gen/*",), True), ("src/gen/x.ts", ("**/gen",), True), ("src/a.ts", ("gen",), False)],
)
def test_is_excluded(rel: str, patterns: tuple[str, ...], expected: bool) -> None:
    assert is_excluded(rel, patterns) is expected


def test_the_byte_search_and_import_lines() -> None:
    assert mentions_xentral(b"const u = 'https://acme.XENTRAL.biz';")
    assert mentions_xentral(b"get('/v1/artikel')")
    assert not mentions_xentral(b"function add(a, b) { return a + b; }")
    head = b"import { A } from './config.js';\nconst b = require('../lib/api');\nfrom .settings import HOST\nuse App\\Xentral\\Client;\n"
    assert import_specifiers(head) == ["./config.js", "../lib/api", ".settings", "HOST", "App\\Xentral\\Client"]


def test_a_file_without_a_marker_is_read_when_it_imports_one_that_has_it(tmp_path: Path) -> None:
    got = rows(tmp_path, {
        "src/config.ts": "export const BASE = 'https://acme.xentral.biz/api/v1';\n",
        "src/orders.ts": "import { BASE } from './config';\nexport const list = () => fetch(`${BASE}/salesOrders`);\n",
        "src/other.ts": "export const list = () => fetch(`${BASE}/salesOrders`);\n",  # (imports nothing: not parsed)
    })
    assert got == [("GET", "/api/v1/salesOrders", "src/orders.ts:2", None)]


def test_a_file_without_a_marker_is_read_when_a_xentral_file_imports_or_names_it(tmp_path: Path) -> None:
    got = rows(tmp_path, {
        "src/routes.ts": "export const ORDERS = '/salesOrders';\n",  # (no marker: read because client.ts imports it)
        "src/client.ts": "import { ORDERS } from './routes';\nfetch(`https://acme.xentral.biz/api/v1${ORDERS}`);\n",
        "lib/Routes.php": "<?php\nfinal class Routes { public const TAX = '/steuersaetze'; }\n",  # (named by Api.php)
        "lib/Api.php": "<?php\nfinal class Api {\n  function t() { return $this->c->get(XURL . '/api/v1' . Routes::TAX); }\n}\n",
    })
    assert got == [("GET", "/api/v1/steuersaetze", "lib/Api.php:3", None), ("GET", "/api/v1/salesOrders", "src/client.ts:2", None)]


def test_the_unversioned_form_counts_only_where_the_code_says_xentral(tmp_path: Path) -> None:
    got = rows(tmp_path, {
        "own.js": "fetch('/api/products');\n",  # the project's own backend (no Xentral in sight)
        "x.js": "fetch(`${process.env.XENTRAL_URL}/api/products`);\n",  # the historic unversioned current API
    })
    assert got == [("GET", "/api/products", "x.js:1", None)]


def test_jobs_give_the_same_calls(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    one = rows(tmp_path, TS_PROJECT)
    monkeypatch.setattr(reader_module, "_PARALLEL_FROM", 1)
    monkeypatch.setattr(reader_module, "_CHUNK", 1)
    stats = ReadStats(str(tmp_path))
    two = [(o.method, o.url, o.location[len(str(tmp_path)) + 1:], o.auth)
           for o in read_source(str(tmp_path), stats, vocabulary=VOCABULARY, jobs=2) if isinstance(o, Observation)]
    assert two == one and len(one) == 9


def test_a_file_with_syntax_errors_is_read_as_far_as_it_goes(tmp_path: Path) -> None:
    (tmp_path / "a.js").write_text("fetch('https://acme.xentral.biz/api/v1/artikel');\nfunction ( {{{\n")
    stats = ReadStats(str(tmp_path))
    got = [o.url for o in read_source(str(tmp_path), stats, vocabulary=VOCABULARY) if isinstance(o, Observation)]
    assert got == ["/api/v1/artikel"]
    assert stats.notes == [f"{tmp_path}/a.js: 1 syntax error (read as far as it goes)"]
    assert stats.remarks == ["1 file with syntax errors read as far as they go"]


def test_code_too_deep_or_odd_costs_itself_only(tmp_path: Path) -> None:
    """A concatenation of 3,000 parts is read (chains are walked without recursion); code nested 600 levels
    deep is named in the notes, not followed, and the scan goes on."""
    (tmp_path / "deep.js").write_text("const u = 'https://acme.xentral.biz' + " + " + ".join(["'/x'"] * 3000)
                                      + " + '/api/v1/artikel';\nfetch(u);\n")
    (tmp_path / "nest.py").write_text("x = " + "(" * 600 + "'/api/v1/a'" + ")" * 600 + "\nrequests.get(x)\n")
    (tmp_path / "ok.js").write_text("fetch('https://acme.xentral.biz/api/v1/gruppen');\n")
    stats = ReadStats(str(tmp_path))
    got = [o.url for o in read_source(str(tmp_path), stats, vocabulary=VOCABULARY) if isinstance(o, Observation)]
    assert got == ["/api/v1/gruppen"]  # (deep.js sends /x/x/…/api/v1/artikel: no Xentral call)
    assert stats.notes == [f"{tmp_path}/nest.py: not followed: its code nests too deeply to read (its credentials are "
                           "still checked)"]
    assert stats.read == 3


def test_symlink_loop_big_file_and_unreadable_links(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "loop").symlink_to(tmp_path)
    (tmp_path / "dangling.py").symlink_to(tmp_path / "missing.py")
    (tmp_path / "big.js").write_text("x" * (2 * 1024 * 1024 + 1))
    (tmp_path / "a" / "ok.go").write_text('package a\nfunc f() { http.Get("https://acme.xentral.biz/api/v1/products") }\n')
    items, stats = run(read_source, str(tmp_path), vocabulary=VOCABULARY)
    assert items == [Observation("GET", "/api/v1/products", f"{tmp_path}/a/ok.go:2", "source")]
    assert stats.skipped_items == [
        f"{tmp_path}/big.js: skipped file: 2,097,153 bytes (expected at most 2,097,152; generated or bundled code)."
    ]
    assert stats.notes == [
        f"{tmp_path}/dangling.py: not read (broken symbolic link)",
        f"{tmp_path}/a/loop/: not read (symbolic link to a directory; not followed)",
    ]
    assert (stats.read, stats.skipped) == (1, 1)


def test_gitignore_subset_outside_a_git_work_tree(tmp_path: Path) -> None:
    tree = tmp_path / "connector"
    shutil.copytree(INPUTS / "source", tree)
    (tree / "sub").mkdir()
    (tree / "sub" / ".gitignore").write_text("*.gen.php\n!keep.gen.php\n")
    (tree / "sub" / "a.gen.php").write_text("<?php $c->get('https://x.xentral.biz/api/v1/adressen/5');\n")
    (tree / "sub" / "keep.gen.php").write_text("<?php $c->delete('https://x.xentral.biz/api/v1/adressen/6');\n")
    items, stats = run(read_source, str(tree), vocabulary=VOCABULARY)
    calls = [(o.method, o.url, o.location[len(str(tmp_path)) + 1:]) for o in items if isinstance(o, Observation)]
    assert ("DELETE", "/api/v1/adressen/6", "connector/sub/keep.gen.php:1") in calls
    assert not any("a.gen.php" in c[2] for c in calls)
    assert len(calls) == len(EXPECTED_CALLS) + 1


# -- one file, credentials, the vocabulary, lazy parsers ------------------------------------------------
def test_scan_text_of_one_file() -> None:
    code = ("<?php\n$res = $http->post('https://x.xentral.biz/api/v1/belege/auftraege/' . $id . '/positionen');\n"
            '$tok = "Bearer 17|cUTh4kPqs9VbYm2xWf8r";\n')
    assert scan_text(code, "src/Client.php", "php", VOCABULARY) == [
        Observation("POST", "/api/v1/belege/auftraege/{id}/positionen", "src/Client.php:2", "source"),
        SecretFinding("src/Client.php:3", "xentral-pat"),
    ]


@pytest.mark.parametrize(
    ("line", "kinds"),
    [
        pytest.param("$h = ['Authorization' => 'Bearer 17|cUTh4kPqs9VbYm2xWf8r'];", ["xentral-pat"], id="pat-after-bearer"),
        pytest.param('headers = {"Authorization": "Bearer " + token}', [], id="concatenated-token"),
        pytest.param("const token = '<your token>';", [], id="placeholder"),
        pytest.param("$url = 'index.php?module=api&action=X&hash=0123456789abcdef0123456789abcdef';", ["standard-api-hash"], id="hash"),
        pytest.param("DB_PASSWORD = 'hunter2hunter2'", ["password"], id="password"),
        pytest.param("password = os.environ['XENTRAL_PASSWORD']", [], id="password-from-env"),
        pytest.param('var u = "https://shop:Zx81kq7pw@acme.xentral.biz/api/v1/x";', ["basic-credentials"], id="url-userinfo"),
        pytest.param("String apiKey = \"aaaaaaaaaaaaaaaa\";", [], id="not-token-like"),
    ],
)
def test_find_secrets(line: str, kinds: list[str]) -> None:
    assert find_secrets(line) == kinds


def test_vocabulary_from_the_dataset(registry_data: object) -> None:
    vocab = Vocabulary.from_registry(registry_data)
    actions = {ep.action for ep in registry_data.select(api=["standard"])}  # type: ignore[attr-defined]
    assert vocab.actions == actions and "AuftragCreate" in vocab.actions
    assert {"v1/adressen", "v2/adressen", "v1/belege", "shopimport", "opentrans"} <= vocab.roots
    assert all("{" not in root for root in vocab.roots)


def test_xreg_check_does_not_load_the_parsers() -> None:
    """The grammars are loaded on the first source file read, so `xreg check` does not pay for them."""
    code = ("import sys\nfrom click.testing import CliRunner\nfrom registry.cli import main\n"
            "r = CliRunner().invoke(main, ['check', 'GET', '/api/v1/products/1'])\n"
            "print(r.exit_code, sorted(m for m in sys.modules if m.startswith('tree_sitter')))\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                          env={**os.environ, "XREG_NO_CACHE": "1"})
    assert done.stdout.strip() == "0 []"
