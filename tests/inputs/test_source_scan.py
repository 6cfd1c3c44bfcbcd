"""Source scan: API paths and Standard API actions in six languages, methods from nearby code, credentials."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from inputs_support import INPUTS, VOCABULARY, assert_no_secret, run

from registry.inputs.base import Observation, SecretFinding
from registry.inputs.source_scan import Vocabulary, find_secrets, read_source, scan_text


def src(method: str, url: str, where: str) -> Observation:
    return Observation(method, url, f"source/{where}", "source")


EXPECTED_CALLS = [
    src("GET", "/api/v1/warehouses/1/storageLocations", "cmd/sync/main.go:10"),  # Sprintf %s/%d, http.MethodGet below
    src("GET", "/api/v1/system/health", "cmd/sync/main.go:20"),  # http.Get(base + "...")
    src("GET", "/api/v1/deliveryNotes/1", "dotnet/XentralClient.cs:11"),  # $"{baseUrl}/…/{id}", GetAsync
    src("POST", "/api/AuftragCreate", "dotnet/XentralClient.cs:16"),  # "api/AuftragCreate", PostAsync
    src("PUT", "/api/v1/adressen/1", "java/com/acme/XentralClient.java:11"),  # base + "…/" + id, .PUT( on the next line
    src("ANY", "/api/v1/artikel/1", "java/com/acme/XentralClient.java:17"),  # String.format, no call nearby
    src("GET", "/api/v1/adressen?page=1&items=100", "src/Client.php:19"),  # '…page=' . $page . '&items=100'
    src("GET", "/api/v1/belege/auftraege/1/positionen", "src/Client.php:24"),  # "{$id}" interpolation
    src("PUT", "/api/v1/adressen/1", "src/Client.php:29"),  # CURLOPT_CUSTOMREQUEST 'PUT' on the next line
    src("ANY", "/api/AuftragCreate", "src/Client.php:38"),  # ['action' => 'AuftragCreate']
    src("ANY", "/index.php?module=api&action=ArtikelGet&hash=REDACTED&api_id=REDACTED", "src/Client.php:43"),
    src("POST", "/api/shopimport/ordertoxentral/1", "src/Client.php:48"),
    src("GET", "/api/v1/reports/1/download", "src/Client.php:53"),  # relative 'v1/reports/' . $id . '/download'
    src("GET", "/api/v1/products/1", "tools/sync.py:9"),  # f-string
    src("POST", "/api/shopimport/syncstorage/1", "tools/sync.py:13"),  # BASE + "…/" + number
    src("PATCH", "/api/v3/salesOrders/1/actions/release", "web/api.ts:5"),  # template literal, method: 'PATCH' below
    src("GET", "/api/v1/products/1", "web/api.ts:12"),  # axios.get
    src("GET", "/api/v1/belege/auftraege", "web/orders.js:5"),  # relative to a baseURL of /api/
    src("ANY", "index.php?module=api&action=ArtikelGet", "web/orders.js:8"),
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
    items, stats = run(read_source, "source", vocabulary=VOCABULARY)
    assert [i for i in items if isinstance(i, Observation)] == EXPECTED_CALLS
    assert [i for i in items if isinstance(i, SecretFinding)] == EXPECTED_SECRETS
    assert stats.skipped_items == ["source/assets/logo.php: skipped file: binary content (expected text source code)."]
    assert stats.notes == NOT_READ
    # 8 files with a source extension outside vendor/, node_modules/ and ignored paths: 7 read, 1 binary
    assert (stats.read, stats.skipped, stats.unit) == (7, 1, "files")
    assert_no_secret(items, stats)


def test_gitignore_subset_outside_a_git_work_tree(tmp_path: Path) -> None:
    tree = tmp_path / "connector"
    shutil.copytree(INPUTS / "source", tree)
    (tree / "sub").mkdir()
    (tree / "sub" / ".gitignore").write_text("*.gen.php\n!keep.gen.php\n")
    (tree / "sub" / "a.gen.php").write_text("<?php $c->get('/api/v1/adressen/5');\n")
    (tree / "sub" / "keep.gen.php").write_text("<?php $c->delete('/api/v1/adressen/6');\n")
    stats_items, stats = run(read_source, str(tree), vocabulary=VOCABULARY)
    calls = [(o.method, o.url, o.location[len(str(tmp_path)) + 1 :]) for o in stats_items if isinstance(o, Observation)]
    assert ("DELETE", "/api/v1/adressen/6", "connector/sub/keep.gen.php:1") in calls
    assert not any("a.gen.php" in c[2] or "secrets.local" in c[2] or "bundle" in c[2] for c in calls)
    assert len(calls) == len(EXPECTED_CALLS) + 1
    assert [n[len(str(tmp_path)) + 1 :] for n in stats.notes] == [
        "connector/node_modules/: not read (vendored or tool directory)",
        "connector/vendor/: not read (vendored or tool directory)",
        "connector/build/: not read (ignored by .gitignore)",
        "connector/secrets.local.php: not read (ignored by .gitignore)",
        "connector/sub/a.gen.php: not read (ignored by .gitignore)",
    ]


def test_symlink_loop_big_file_and_unreadable_links(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "loop").symlink_to(tmp_path)
    (tmp_path / "dangling.py").symlink_to(tmp_path / "missing.py")
    (tmp_path / "big.js").write_text("x" * (2 * 1024 * 1024 + 1))
    (tmp_path / "a" / "ok.go").write_text('package a\nvar u = "/api/v1/products"\n')
    items, stats = run(read_source, str(tmp_path), vocabulary=VOCABULARY)
    assert items == [Observation("ANY", "/api/v1/products", f"{tmp_path}/a/ok.go:2", "source")]
    assert stats.skipped_items == [
        f"{tmp_path}/big.js: skipped file: 2,097,153 bytes (expected at most 2,097,152; generated or bundled code)."
    ]
    assert stats.notes == [  # in walk order: a folder's own entries before those of its subfolders
        f"{tmp_path}/dangling.py: not read (broken symbolic link)",
        f"{tmp_path}/a/loop/: not read (symbolic link to a directory; not followed)",
    ]
    assert (stats.read, stats.skipped) == (1, 1)


@pytest.mark.parametrize(
    ("lang", "code", "expected"),
    [
        pytest.param("php", "<?php\n$x = 'Custom';\n$y = 'shopimages';\n$z = 'AuftragCreate';", [("ANY", "/api/AuftragCreate", 4)],
                     id="one-word-actions-need-a-url"),
        pytest.param("php", "<?php\n$u = '/api/Custom';\n$q = 'index.php?module=api&action=shopimages';",
                     [("ANY", "/api/Custom", 2), ("ANY", "index.php?module=api&action=shopimages", 3)], id="one-word-actions-in-urls"),
        pytest.param("js", "fetch('https://shop.example/admin/api/2024-01/orders.json')", [], id="other-apis-ignored"),
        pytest.param("js", "const a = 'v1/users'; const b = 'products/1';", [], id="unknown-relative-roots-ignored"),
        pytest.param("python", "url = '/api/v1/adressen'  # requests.get(...)\nrequests.post(url)", [("ANY", "/api/v1/adressen", 1)],
                     id="method-in-a-comment-does-not-count"),
        pytest.param("js", "client.get('/api/v1/adressen').then(() => client.post('/api/v1/adressen'))",
                     [("ANY", "/api/v1/adressen", 1), ("ANY", "/api/v1/adressen", 1)], id="two-methods-on-a-line-is-any"),
        pytest.param("csharp", 'var u = $@"{b}/api/v1/artikel/{id}";\nvar r = new HttpRequestMessage(HttpMethod.Delete, u);',
                     [("DELETE", "/api/v1/artikel/1", 1)], id="csharp-verbatim-interpolated"),
        pytest.param("go", "u := `/api/v1/adressen?x=1`\nreq, _ := http.NewRequest(\"POST\", u, nil)", [("POST", "/api/v1/adressen?x=1", 1)],
                     id="go-raw-string"),
        pytest.param("java", 'String t = """\n  /api/v1/belege/auftraege\n""";', [("ANY", "/api/v1/belege/auftraege", 1)], id="java-text-block"),
        pytest.param("python", 'u = (f"{BASE}/api/v3/salesOrders/"\n     f"{oid}/actions/release")',
                     [("ANY", "/api/v3/salesOrders/1/actions/release", 1)], id="python-implicit-join"),
        pytest.param("php", "<?php\n$this->http->put(\"/api/v1/adressen/$id\");", [("PUT", "/api/v1/adressen/1", 2)],
                     id="php-simple-interpolation"),
    ],
)
def test_scan_text(lang: str, code: str, expected: list[tuple[str, str, int]]) -> None:
    found = [o for o in scan_text(code, "f", lang, VOCABULARY) if isinstance(o, Observation)]
    assert [(o.method, o.url, int(o.location.split(":")[1])) for o in found] == expected


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


def test_no_source_file_found_is_an_empty_read(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("GET /api/v1/adressen\n")
    items, stats = run(read_source, str(tmp_path), vocabulary=VOCABULARY)
    assert (items, stats.read, stats.skipped) == ([], 0, 0)
    assert os.listdir(tmp_path) == ["README.md"]


def test_module_docstring_example() -> None:
    code = ("\n" * 11
            + "    $res = $http->post('/api/v1/belege/auftraege/' . $id . '/positionen');\n"
            + "    $r = $client->request('POST', 'index.php?module=api&action=AuftragCreate&hash=' . $hash);\n"
            + '    const TOKEN = "Bearer 17|cUTh4kPqs9VbYm2xWf8r";\n')
    assert list(scan_text(code, "src/Client.php", "php", VOCABULARY)) == [
        Observation("POST", "/api/v1/belege/auftraege/1/positionen", "src/Client.php:12", "source"),
        Observation("POST", "index.php?module=api&action=AuftragCreate&hash=REDACTED", "src/Client.php:13", "source"),
        SecretFinding("src/Client.php:14", "xentral-pat"),
    ]
