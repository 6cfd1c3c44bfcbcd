"""A dataset is untrusted input: it can neither read files outside its folder nor blow up (issue 17).

Each test reproduces one finding of the attack on ``0aa4af4`` (the item number is in a comment) and
checks the whole message, the exit code, and that no byte of what lies outside the folder comes out.
"""
from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from registry.cli import main

ROOT = Path(__file__).resolve().parent.parent
MINI = Path(__file__).parent / "fixtures" / "data-mini"
XREG = Path(sys.executable).parent / "xreg"
TOKEN = "ghp_R3alL00kingT0ken4242"


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture
def dataset(tmp_path, monkeypatch):
    """A copy of the mini dataset in ``tmp_path/data``, with the working directory at ``tmp_path``."""
    shutil.copytree(MINI, tmp_path / "data")
    monkeypatch.chdir(tmp_path)
    return tmp_path / "data"


@pytest.fixture
def secret_file(tmp_path):
    """A file outside the dataset that looks like git credentials and, as YAML, a string or a mapping."""
    path = tmp_path / "git-credentials"
    path.write_text(f"https://ci-bot:{TOKEN}@github.com\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("command", [["validate"], ["site", "-o", "out"], ["endpoints"]])
def test_item1_symlinked_dataset_file_is_not_read(dataset, secret_file, command):
    # issue 17 item 1
    (dataset / "rest" / "creds.yaml").symlink_to(secret_file)
    result = run(*command, "--data", "data")
    assert (result.exit_code, result.stdout) == (1, "")
    message = ("data/rest/creds.yaml: not read: a symbolic link (dataset files must be regular files inside the "
               "dataset folder). Copy the file into the folder instead of linking it.")
    expected = f"{message}\nxreg: 1 error in 1 file\n" if command == ["validate"] else f"xreg: {message}\n1 error in 1 file\n"
    assert result.stderr == expected
    assert TOKEN not in result.stderr and "ci-bot" not in result.stderr
    assert not (dataset.parent / "out").exists()


def test_item1_symlinked_folder_and_fifo_are_problems_not_reads(dataset, tmp_path):
    # issue 17 item 1: a linked folder is not entered (its files would be outside), a FIFO never opened
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "x.yaml").write_text(f"token: {TOKEN}\n")
    (dataset / "linked").symlink_to(outside, target_is_directory=True)
    os.mkfifo(dataset / "rest" / "pipe.yaml")
    result = run("validate", "--data", "data")
    assert result.exit_code == 1
    assert result.stderr == (
        "data/linked: not read: a symbolic link (dataset files must be regular files inside the dataset folder). "
        "Copy the file into the folder instead of linking it.\n"
        "data/rest/pipe.yaml: not read: not a regular file (a FIFO, device or socket). Dataset files must be regular files.\n"
        "xreg: 2 errors in 2 files\n")


def test_item1_a_file_that_is_not_ours_is_never_quoted(dataset):
    # issue 17 item 1: a copied-in credentials file is not a mapping of ours: say what it is, quote none of it
    (dataset / "rest" / "creds.yaml").write_text(f"https://ci-bot:{TOKEN}@github.com\n")
    result = run("validate", "--data", "data")
    assert result.stderr == ("data/rest/creds.yaml:1: expected a mapping at the top of the file, found a string.\n"
                             "xreg: 1 error in 1 file\n")


def test_item1_the_cache_key_never_reads_a_linked_file(dataset, secret_file, monkeypatch, tmp_path):
    # issue 17 item 1: hashing the dataset for the cache must not open a linked file or a FIFO (it would hang)
    from registry.loading.cache import content_key

    os.mkfifo(dataset / "rest" / "pipe.yaml")
    (dataset / "rest" / "creds.yaml").symlink_to(secret_file)
    key = content_key(dataset, False)  # returns: the FIFO is not opened
    os.unlink(dataset / "rest" / "pipe.yaml")
    os.unlink(dataset / "rest" / "creds.yaml")
    assert content_key(dataset, False) != key  # (the refused files still count: removing them changes the key)


BILLION_LAUGHS = """\
a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]
i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h]
"""


def _limited(seconds: int, megabytes: int):
    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds))
        resource.setrlimit(resource.RLIMIT_AS, (megabytes << 20, megabytes << 20))
    return apply


def test_item2_alias_bomb_is_one_located_message_in_bounded_time_and_memory(dataset):
    # issue 17 item 2: ran past 60 s at 3.6 GB and wrote 624 MB to stderr
    (dataset / "rest" / "reports.yaml").write_text("api: rest\ngroup: reports\n" + BILLION_LAUGHS)
    done = subprocess.run([str(XREG), "validate", "--data", "data"], capture_output=True, text=True,
                          env={**os.environ, "XREG_NO_CACHE": "1"}, preexec_fn=_limited(20, 1024), timeout=120)
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr == ("data/rest/reports.yaml:7: alias '*d' takes the file's aliases past 10,000 nodes. "
                           "Write the values out; dataset files need few aliases, if any.\n"
                           "xreg: 1 error in 1 file\n")


def test_item2_alias_cycle_is_refused(dataset):
    # issue 17 item 2
    (dataset / "rest" / "reports.yaml").write_text("api: rest\ngroup: reports\nendpoints: &e [*e]\n")
    result = run("validate", "--data", "data")
    assert result.stderr == ("data/rest/reports.yaml:3: alias '*e' inside the node it names (a cycle). "
                             "Write the values out; dataset files need few aliases, if any.\n"
                             "xreg: 1 error in 1 file\n")


def test_item2_the_shipped_alias_still_loads(registry_data):
    # issue 17 item 2: data/support.yaml repeats one statement with an alias; that stays allowed
    assert registry_data.support("rest.adressen.get-v1", "pat").statement.notes


def test_item2_huge_values_are_quoted_short(dataset):
    # issue 17 item 2: "cap what any message quotes"
    path = dataset / "rest" / "reports.yaml"
    path.write_text(path.read_text().replace("method: GET", 'method: "' + "G" * 200_000 + '\\e[2J"'), encoding="utf-8")
    result = run("validate", "--data", "data")
    assert result.exit_code == 1
    assert result.stderr == (f"data/rest/reports.yaml:5: endpoint 'rest.reports.get-v1-id-download': unknown method "
                             f"'{'G' * 80}…' (expected one of: GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS).\n"
                             "xreg: 1 error in 1 file\n")


def test_item2_raw_control_character_is_one_located_line(dataset):
    # issue 17 item 2: PyYAML's own message for it spans two lines and names a byte position
    path = dataset / "rest" / "reports.yaml"
    path.write_text(path.read_text().replace("method: GET", "method: G\x1bET"), encoding="utf-8")
    result = run("validate", "--data", "data")
    assert result.stderr == ("data/rest/reports.yaml:5: invalid YAML: character U+001B is not allowed. Write it as an "
                             "escape in a double-quoted string, or remove it.\nxreg: 1 error in 1 file\n")


def test_item2_oversized_dataset_file_is_refused_unread(dataset):
    # issue 17 item 2: a file over MAX_FILE_BYTES is not read at all
    from registry.loading.yaml_source import MAX_FILE_BYTES

    with open(dataset / "rest" / "big.yaml", "wb") as fh:
        fh.truncate(MAX_FILE_BYTES + 1)
    result = run("validate", "--data", "data")
    assert result.stderr == ("data/rest/big.yaml: cannot read file: 8,388,609 bytes, more than the 8 MiB a dataset "
                             "file may hold.\nxreg: 1 error in 1 file\n")


# -- item 5: the dataset cache -------------------------------------------------------------------------
def _cache_env(tmp_path: Path) -> dict[str, str]:
    return {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache"), "XDG_STATE_HOME": str(tmp_path / "state")}


def _check_auth(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(XREG), "check", "POST", "/api/shopimport/auth", "--auth", "pat-legacy", "--format", "json"],
                          capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)


def _support(done: subprocess.CompletedProcess[str]) -> str:
    import json

    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)["support"]["pat-legacy"]["support"]


def test_item5_a_planted_pickle_runs_no_code(tmp_path, monkeypatch):
    # issue 17 item 5: a pickle under $XDG_CACHE_HOME/xreg/ with its computable name ran code on the next command
    import pickle

    from registry.loading import cache, default_data_dir

    env = _cache_env(tmp_path)
    monkeypatch.setenv("XDG_CACHE_HOME", env["XDG_CACHE_HOME"])
    monkeypatch.chdir(ROOT)
    marker = tmp_path / "ran"

    class Payload:
        def __reduce__(self):
            return (os.system, (f"touch {marker}",))

    folder = tmp_path / "cache" / "xreg"
    folder.mkdir(parents=True, mode=0o700)
    name = cache.content_key(default_data_dir(), False)
    for planted in (folder / f"{name}.pickle", folder / f"{name}.json"):
        planted.write_bytes(pickle.dumps(Payload()))
    assert _support(_check_auth(env)) == "no"
    assert not marker.exists()
    assert not (folder / f"{name}.pickle").exists()  # the old format's files are removed when the cache is written
    assert _support(_check_auth(env)) == "no"  # and the rewritten file is read back


def _lying_copy(key: bytes) -> bytes:
    """A cache file of the shipped dataset that says a legacy PAT reaches /api/shopimport/auth, signed with ``key``."""
    import hashlib
    import hmac

    from registry.loading import cache
    from registry.loading.loader import load_registry

    reg = load_registry(ROOT / "data")
    res = reg.statements[("rest.shopimport.post-auth", "pat-legacy")]
    lie = res.statement.model_copy(update={"support": "yes", "notes": None})
    reg.statements[("rest.shopimport.post-auth", "pat-legacy")] = type(res)(lie, "endpoint")
    body = cache.encode(reg)
    return cache._MAGIC + hmac.new(key, body, hashlib.sha256).digest() + body


def test_item5_a_file_signed_with_another_key_is_ignored(tmp_path, monkeypatch):
    # issue 17 item 5: a restored or planted cache file, well-formed but not signed with this user's key
    from registry.loading import cache, default_data_dir

    env = _cache_env(tmp_path)
    monkeypatch.setenv("XDG_CACHE_HOME", env["XDG_CACHE_HOME"])
    monkeypatch.chdir(ROOT)
    assert _support(_check_auth(env)) == "no"  # writes the cache and the key
    path = cache.cache_path(default_data_dir())
    path.write_bytes(_lying_copy(os.urandom(32)))
    assert _support(_check_auth(env)) == "no"
    key = (tmp_path / "state" / "xreg" / "cache.key").read_bytes()
    path.write_bytes(_lying_copy(key))  # control: signed with the user's own key, the file is believed
    assert _support(_check_auth(env)) == "yes"


@pytest.mark.parametrize("how", ["writable-by-others", "owned-by-another-user", "symbolic-link"])
def test_item5_a_cache_folder_that_is_not_private_is_not_used(tmp_path, monkeypatch, how):
    # issue 17 item 5: a shared cache folder is refused, even holding a file signed with the user's own key
    from registry.loading import cache, default_data_dir

    env = _cache_env(tmp_path)
    monkeypatch.setenv("XDG_CACHE_HOME", env["XDG_CACHE_HOME"])
    monkeypatch.chdir(ROOT)
    assert _support(_check_auth(env)) == "no"
    key = (tmp_path / "state" / "xreg" / "cache.key").read_bytes()
    path = cache.cache_path(default_data_dir())
    path.write_bytes(_lying_copy(key))
    folder = path.parent
    if how == "writable-by-others":
        folder.chmod(0o777)
    elif how == "owned-by-another-user":
        if os.getuid() != 0:
            pytest.skip("changing a folder's owner needs root")
        os.chown(folder, 65534, 65534)
    else:
        folder.rename(tmp_path / "shared")
        folder.symlink_to(tmp_path / "shared", target_is_directory=True)
    assert _support(_check_auth(env)) == "no"


def test_item5_a_key_others_can_read_is_not_used(tmp_path, monkeypatch):
    # issue 17 item 5: the key never leaves the user's private folder; one others can read signs nothing
    from registry.loading import cache, default_data_dir

    env = _cache_env(tmp_path)
    monkeypatch.setenv("XDG_CACHE_HOME", env["XDG_CACHE_HOME"])
    monkeypatch.chdir(ROOT)
    assert _support(_check_auth(env)) == "no"
    key_file = tmp_path / "state" / "xreg" / "cache.key"
    cache.cache_path(default_data_dir()).write_bytes(_lying_copy(key_file.read_bytes()))
    key_file.chmod(0o644)
    assert _support(_check_auth(env)) == "no"


def test_item5_a_cache_file_builds_only_allowed_classes():
    # issue 17 item 5: even a signed file names classes only from the allow-list, and sets fields as data
    import json

    from registry.loading import cache

    body = json.dumps({"format": 2, "shapes": [["Popen", ["args"], []]], "objects": [[0, "touch /tmp/x"]],
                       "root": 0}).encode()
    with pytest.raises(KeyError):
        cache.decode(body)
    with pytest.raises(TypeError, match="cannot hold a subprocess.Popen"):
        cache.encode(subprocess.Popen.__new__(subprocess.Popen))


# -- item 3: external $ref in a spec -----------------------------------------------------------------------
SPECS = Path(__file__).parent / "fixtures" / "openapi"


@pytest.fixture
def listener():
    """A local HTTP server that records every request it gets (the test asserts it got none)."""
    import http.server
    import threading

    seen: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            seen.append(self.path)
            body = b'{"type": "object"}'
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", seen
    finally:
        server.shutdown()
        server.server_close()


def _spec_with_ref(tmp_path: Path, ref: str) -> Path:
    import json

    doc = json.loads((SPECS / "fixture-1.0.openapi.json").read_text())
    doc["paths"]["/api/v1/things"]["get"]["responses"]["200"]["content"] = {"application/json": {"schema": {"$ref": ref}}}
    path = tmp_path / "spec.json"
    path.write_text(json.dumps(doc))
    return path


def test_item3_external_refs_are_refused_before_validation(tmp_path, monkeypatch, listener):
    # issue 17 item 3: import-openapi fetched an http:// $ref, opened file:///etc/passwd, and imported with exit 0
    url, seen = listener
    data = tmp_path / "data"
    shutil.copytree(SPECS / "data", data)
    monkeypatch.chdir(tmp_path)
    before = {p.name: p.read_bytes() for p in data.rglob("*")}
    pointer = "spec.json#/paths/~1api~1v1~1things/get/responses/200/content/application~1json/schema/$ref"
    for ref in (f"{url}/schema.json", "file:///etc/passwd", "other.json#/components/schemas/Thing"):
        spec = _spec_with_ref(tmp_path, ref)
        result = run("import-openapi", str(spec.name), "--data", "data", "-q")
        assert (result.exit_code, result.stdout) == (1, "")
        assert result.stderr == (
            "xreg: spec.json: refused before validation: 1 $ref the importer does not follow\n"
            f"  {pointer}: $ref '{ref}' is not local (expected '#/…': a spec is one self-contained file)\n"
            "The dataset was not changed. Inline the referenced parts and import again.\n")
    assert seen == []
    assert {p.name: p.read_bytes() for p in data.rglob("*")} == before


def test_item3_ref_cycle_is_refused_with_its_pointer(tmp_path, monkeypatch):
    # issue 17 item 3 (and the hostile-spec cycles of "Done when"): a $ref chain that comes back crashed the validator
    import json

    monkeypatch.chdir(tmp_path)
    spec = _spec_with_ref(tmp_path, "#/components/schemas/A")
    doc = json.loads(spec.read_text())
    doc["components"]["schemas"] = {"A": {"$ref": "#/components/schemas/B"}, "B": {"$ref": "#/components/schemas/A"}}
    spec.write_text(json.dumps(doc))
    shutil.copytree(SPECS / "data", tmp_path / "data")
    result = run("import-openapi", "spec.json", "--data", "data", "-q")
    assert result.stderr.splitlines()[:2] == [
        "xreg: spec.json: refused before validation: 3 $refs the importer does not follow",
        "  spec.json#/components/schemas/A/$ref: $ref '#/components/schemas/B' ends in a cycle of nodes that are only $ref"]


def test_item3_the_validator_itself_follows_no_remote_or_file_ref(tmp_path, listener):
    # issue 17 item 3: even past check_refs, the validator class the importer uses retrieves nothing
    import json

    from openapi_spec_validator import OpenAPIV30SpecValidator

    from registry.errors import SpecError
    from registry.loading.openapi import local_validator

    url, seen = listener
    secret = tmp_path / "schema.json"
    secret.write_text('{"type": "object"}')

    def errors(cls: type, ref: str) -> list[object]:
        doc = json.loads(_spec_with_ref(tmp_path, ref).read_text())
        try:
            return [e.message for e in cls(doc).iter_errors()]
        except Exception as exc:  # noqa: BLE001 - the validator raises what the resolver raised
            return [exc]

    def causes(exc: BaseException | None) -> list[type]:
        found = []
        while exc is not None:
            found.append(type(exc))
            exc = exc.__cause__ or exc.__context__
        return found

    assert errors(OpenAPIV30SpecValidator, f"{url}/plain.json") == [] and seen == ["/plain.json"]  # control: it fetches
    seen.clear()
    for ref in (f"{url}/schema.json", secret.as_uri()):
        [found] = errors(local_validator("3.0.3"), ref)
        assert isinstance(found, Exception) and SpecError in causes(found), found  # refused by our handler, unread
    assert seen == []


# -- item 11: big specs --------------------------------------------------------------------------------------
def test_item11_a_spec_over_the_size_limit_is_refused_unread(tmp_path):
    # issue 17 item 11: a 50 MB spec (110k operations) was still validating after 727 s
    from registry.loading.openapi import MAX_SPEC_BYTES

    spec = tmp_path / "big.json"
    with open(spec, "w") as fh:
        fh.write('{"openapi": "3.0.3", "paths": {')
        fh.write(" " * (MAX_SPEC_BYTES + 10))
        fh.write("}}")
    data = tmp_path / "data"
    shutil.copytree(SPECS / "data", data)
    done = subprocess.run([str(XREG), "import-openapi", str(spec), "--data", str(data), "-q"], capture_output=True,
                          text=True, preexec_fn=_limited(30, 400), timeout=120)
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr == (f"xreg: {spec}: more than 16 MiB, the most a spec may have (Xentral's largest is 3.8 MB). "
                           "The dataset was not changed.\n")


def test_item11_a_spec_with_too_many_operations_is_refused_before_validation(tmp_path):
    # issue 17 item 11
    import json

    paths = {f"/api/v1/things/op{i}": {"get": {"responses": {}}} for i in range(5_001)}
    spec = tmp_path / "many.json"
    spec.write_text(json.dumps({"openapi": "3.0.3", "info": {"title": "Many", "version": "1"}, "paths": paths}))
    data = tmp_path / "data"
    shutil.copytree(SPECS / "data", data)
    done = subprocess.run([str(XREG), "import-openapi", str(spec), "--data", str(data), "-q"], capture_output=True,
                          text=True, preexec_fn=_limited(30, 1024), timeout=120)
    assert (done.returncode, done.stderr) == (1, f"xreg: {spec}: 5,001 operations, more than the 5,000 a spec may have "
                                                 "(Xentral's largest has 243). The dataset was not changed.\n")


def test_item11_one_sync_per_import_not_one_per_file(tmp_path, monkeypatch):
    # issue 17 item 11: a 5 MB spec of 11k groups took over 60 s to import (an fsync per file)
    import json

    from registry.loading.importer import import_specs

    paths = {f"/api/v1/group{i}/items": {"get": {"operationId": f"g{i}.list", "responses": {"200": {"description": "ok"}}}}
             for i in range(40)}
    spec = tmp_path / "groups.json"
    spec.write_text(json.dumps({"openapi": "3.0.3", "info": {"title": "Groups", "version": "1"}, "paths": paths}))
    data = tmp_path / "data"
    shutil.copytree(SPECS / "data", data)
    calls: list[str] = []
    fsync, sync = os.fsync, os.sync
    monkeypatch.setattr(os, "fsync", lambda fd: (calls.append("fsync " + ("dir" if os.path.isdir(f"/proc/self/fd/{fd}")
                                                                            else "file")), fsync(fd))[1])
    monkeypatch.setattr(os, "sync", lambda: (calls.append("sync"), sync())[1])
    result = import_specs([spec], data, ["1"])
    assert len(result.written) == 41  # 40 group files and dataset.yaml
    assert calls == ["sync", "fsync dir", "fsync dir"]  # one sync for the files; each of the 2 folders once


# -- item 10: scanned trees stay inside ---------------------------------------------------------------------
def test_item10_a_scanned_tree_follows_no_link_out_and_reads_no_fifo(tmp_path):
    # issue 17 item 10: symlinked files inside a scanned folder were followed outside it, their calls shown
    # under the in-folder name
    import json

    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "Secret.php").write_text("<?php\n$c->get('/api/v1/adressen/4242');\n")
    (outside / "access.log").write_text(
        '203.0.113.9 - - [10/Oct/2025:13:55:36 +0200] "GET /api/v1/artikel/777 HTTP/1.1" 200 5 "-" "x"\n')
    tree = tmp_path / "tree"
    (tree / "src").mkdir(parents=True)
    (tree / "logs").mkdir()
    (tree / "src" / "Client.php").write_text("<?php\n$c->get('/api/v1/adressen/1');\n")
    (tree / "src" / "Linked.php").symlink_to(outside / "Secret.php")
    (tree / "src" / "Alias.php").symlink_to(tree / "src" / "Client.php")  # inside the folder: read
    (tree / "logs" / "access.log").symlink_to(outside / "access.log")
    os.mkfifo(tree / "logs" / "pipe.log")
    os.mkfifo(tree / "src" / "Pipe.php")
    done = subprocess.run([str(XREG), "advise", "tree", "--format", "json", "-v"], capture_output=True, text=True,
                          timeout=120, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert sorted(c["url"] for c in report["calls"]) == ["/api/v1/adressen/1"]
    assert "4242" not in done.stdout + done.stderr and "777" not in done.stdout + done.stderr
    skipped = [line.strip() for line in done.stderr.splitlines() if line.strip().startswith("skipped ")]
    assert "skipped tree/logs/access.log: skipped file: a symbolic link to a file outside tree/; not followed." in skipped
    assert "skipped tree/src/Linked.php: skipped file: a symbolic link to a file outside tree/; not followed." in skipped
    assert any(line.startswith("skipped tree/logs/pipe.log: skipped file: not a regular file") for line in skipped)
    assert any(line.startswith("skipped tree/src/Pipe.php: skipped file: not a regular file") for line in skipped)


def test_item1_data_copy_keeps_a_link_a_link(dataset, secret_file):
    # issue 17 item 1: `xreg data copy` of a fork copied what a linked file points to into a regular file
    (dataset / "rest" / "creds.yaml").symlink_to(secret_file)
    result = run("data", "copy", "copy", "--data", "data")
    assert result.exit_code == 0, result.stderr
    copied = dataset.parent / "copy" / "rest" / "creds.yaml"
    assert copied.is_symlink() and TOKEN not in "".join(p.read_text() for p in (dataset.parent / "copy").rglob("*.yaml")
                                                         if not p.is_symlink())
    assert run("validate", "--data", "copy").stderr.startswith("copy/rest/creds.yaml: not read: a symbolic link")


# -- item 12: small ones -----------------------------------------------------------------------------------
CLOSED_STDOUT_COMMANDS = {
    "validate": ["validate"],
    "check": ["check", "GET", "/api/v1/products/1"],
    "endpoints": ["endpoints", "--api", "standard"],
    "show": ["show", "rest.shopimport.post-auth"],
    "schema": ["schema"],
    "scope-index": ["scope-index"],
    "diff": ["diff", str(SPECS / "fixture-1.0.openapi.json"), str(SPECS / "fixture-1.1.openapi.json")],
    "help": ["--help"],
    "version": ["--version"],
}


def _close_stdout() -> None:
    os.close(1)


@pytest.mark.parametrize("name", sorted(CLOSED_STDOUT_COMMANDS))
def test_item12_a_closed_stdout_is_one_message(name):
    # issue 17 item 12: a closed stdout (xreg … >&-) gave a traceback in every command
    done = subprocess.run([str(XREG), *CLOSED_STDOUT_COMMANDS[name]], cwd=ROOT, stderr=subprocess.PIPE, text=True,
                          preexec_fn=_close_stdout, timeout=120)
    assert (done.returncode, done.stderr) == (1, "Error: stdout: cannot write: Bad file descriptor.\n")


def test_item12_a_closed_stdout_does_not_stop_a_command_that_writes_a_file(tmp_path):
    # issue 17 item 12: with -o FILE nothing goes to stdout, so its being closed does not matter
    calls = tmp_path / "calls.txt"
    calls.write_text("GET /api/v1/adressen/5\n")
    done = subprocess.run([str(XREG), "advise", str(calls), "-q", "-o", str(tmp_path / "report.md")], cwd=ROOT,
                          stderr=subprocess.PIPE, text=True, preexec_fn=_close_stdout, timeout=120)
    assert (done.returncode, done.stderr) == (0, "")
    assert (tmp_path / "report.md").read_text().startswith("# ")


def test_item12_site_into_a_file_says_it_is_not_a_folder(tmp_path):
    # issue 17 item 12: `xreg site -o /dev/full` said "File exists"
    done = subprocess.run([str(XREG), "site", "-o", "/dev/full"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert (done.returncode, done.stdout, done.stderr) == (
        1, "", "xreg: /dev/full: not a folder (the site is a folder of pages). Pass a folder with -o DIR.\n")
