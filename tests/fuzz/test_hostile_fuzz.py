"""Hostile datasets and hostile specs end in exit 1 with one message, in bounded time and memory (issue 17).

Each generated case runs the real ``xreg`` in a subprocess whose CPU time and address space are capped
with ``setrlimit`` (a runaway input is killed by the kernel, which the test sees as a failure); nothing
here measures wall-clock time. Datasets: a file linked from outside, an alias chain, a huge scalar, control
characters in a value. Specs: external ``$ref``s, ``$ref`` cycles, oversized files and operation counts.
Each case is one subprocess, so these tests run a tenth of ``XREG_FUZZ_EXAMPLES`` (at least 10).
"""
from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from fuzz_settings import FUZZ, FUZZ_EXAMPLES
from hypothesis import example, given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parent.parent.parent
MINI = ROOT / "tests" / "fixtures" / "data-mini"
SPECS = ROOT / "tests" / "fixtures" / "openapi"
XREG = Path(sys.executable).parent / "xreg"
CPU_SECONDS = 30
MEMORY = 1536 << 20
CASES = settings(FUZZ, max_examples=max(10, FUZZ_EXAMPLES // 10))
RAW_CONTROLS = [chr(c) for c in (*range(0, 9), *range(11, 32), 127, 0x9B, 0x202E, 0x2066)]


def _limits() -> None:
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_SECONDS, CPU_SECONDS))
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def xreg(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(XREG), *args], cwd=cwd, capture_output=True, text=True, preexec_fn=_limits,
                          env={**os.environ, "XREG_NO_CACHE": "1"}, timeout=300)


def assert_one_message(done: subprocess.CompletedProcess[str], lines: int | None = None) -> list[str]:
    """Exit 1, nothing on stdout, no traceback, no raw control character, a short stderr."""
    assert done.returncode == 1, (done.returncode, done.stderr[-2000:])
    assert done.stdout == ""
    assert "Traceback" not in done.stderr and len(done.stderr) < 4000, done.stderr[-2000:]
    assert not any(c in done.stderr for c in RAW_CONTROLS), done.stderr
    found = done.stderr.splitlines()
    if lines is not None:
        assert len(found) == lines, found
    return found


# -- datasets -----------------------------------------------------------------------------------------------
def alias_chain(depth: int, width: int) -> str:
    rows = ["x:", f"  l0: &l0 [{', '.join(['lol'] * width)}]"]
    rows += [f"  l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * width)}]" for i in range(1, depth)]
    return "\n".join(rows) + "\n"


hostile_dataset = st.one_of(
    st.tuples(st.just("symlink"), st.sampled_from(["rest/creds.yaml", "standard/x.yaml", "more/y.yaml"])),
    st.tuples(st.just("alias"), st.tuples(st.integers(2, 12), st.integers(2, 12))),
    st.tuples(st.just("huge"), st.integers(1, 10 * 1024 * 1024)),
    st.tuples(st.just("controls"), st.text(st.characters(blacklist_categories=("Cs",)) | st.sampled_from(RAW_CONTROLS),
                                           min_size=1, max_size=40)),
)


@CASES
@given(hostile_dataset)
@example(("alias", (9, 9)))  # the billion laughs of the attack
@example(("huge", 9 * 1024 * 1024))
@example(("controls", "\x1b[2J\x07\u202e"))
def test_hostile_dataset_is_one_message_in_bounded_time_and_memory(case: tuple[str, object]) -> None:
    kind, arg = case
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        data = work / "data"
        shutil.copytree(MINI, data)
        secret = work / "git-credentials"
        secret.write_text("https://ci-bot:ghp_S3cretT0ken4242@github.com\n")
        head = "api: rest\ngroup: hostile\nendpoints: []\n"
        target = data / "rest" / "hostile.yaml"
        if kind == "symlink":
            link = data / str(arg)
            link.parent.mkdir(exist_ok=True)
            link.symlink_to(secret)
        elif kind == "alias":
            depth, width = arg  # type: ignore[misc]
            target.write_text(head + alias_chain(depth, width))
        elif kind == "huge":
            with open(target, "w") as fh:
                fh.write(head + 'x: "')
                fh.write("a" * int(arg))  # type: ignore[call-overload]
                fh.write('"\n')
        else:
            target.write_text(head.replace("endpoints: []\n", "") + "endpoints:\n- id: rest.hostile.get\n"
                              f"  method: {json.dumps('X' + str(arg))}\n  path: /v1/hostile\n  resource: X\n")
        found = assert_one_message(xreg("validate", "--data", "data", cwd=work), lines=2)
        assert found[1] == "xreg: 1 error in 1 file"
        assert "ghp_" not in found[0] and len(found[0]) < 600
        assert found[0].startswith(("data/rest/hostile.yaml", f"data/{arg}"))


# -- specs --------------------------------------------------------------------------------------------------
EXTERNAL = st.sampled_from(["http://127.0.0.1:9/x.json", "https://example.invalid/s.json#/a", "file:///etc/passwd",
                            "other.json#/components/schemas/T", "//host/x.json", "ftp://h/x"])

hostile_spec = st.one_of(
    st.tuples(st.just("external"), st.lists(EXTERNAL, min_size=1, max_size=8)),
    st.tuples(st.just("cycle"), st.integers(1, 6)),
    st.tuples(st.just("huge"), st.integers(16 * 1024 * 1024 + 1, 24 * 1024 * 1024)),
    st.tuples(st.just("operations"), st.integers(5_001, 9_000)),
)


def _spec(kind: str, arg: object, path: Path) -> None:
    doc = json.loads((SPECS / "fixture-1.0.openapi.json").read_text())
    responses = doc["paths"]["/api/v1/things"]["get"]["responses"]
    if kind == "external":
        for i, ref in enumerate(arg):  # type: ignore[arg-type]
            responses[str(200 + i)] = {"description": "x", "content": {"application/json": {"schema": {"$ref": ref}}}}
    elif kind == "cycle":
        n = int(arg)  # type: ignore[call-overload]
        doc.setdefault("components", {})["schemas"] = {f"S{i}": {"$ref": f"#/components/schemas/S{(i + 1) % n}"}
                                                        for i in range(n)}
        responses["200"]["content"] = {"application/json": {"schema": {"$ref": "#/components/schemas/S0"}}}
    elif kind == "operations":
        doc["paths"] = {f"/api/v1/things/op{i}": {"get": {"responses": {}}} for i in range(int(arg))}  # type: ignore[call-overload]
    if kind == "huge":
        with open(path, "w") as fh:
            fh.write('{"openapi": "3.0.3", "x": "')
            fh.write("a" * int(arg))  # type: ignore[call-overload]
            fh.write('"}')
    else:
        path.write_text(json.dumps(doc))


@CASES
@given(hostile_spec)
@example(("external", ["http://127.0.0.1:9/x.json", "file:///etc/passwd"]))
@example(("cycle", 1))
def test_hostile_spec_is_one_message_in_bounded_time_and_memory(case: tuple[str, object]) -> None:
    kind, arg = case
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        shutil.copytree(SPECS / "data", work / "data")
        before = {p.name: p.read_bytes() for p in (work / "data").rglob("*")}
        _spec(kind, arg, work / "spec.json")
        found = assert_one_message(xreg("import-openapi", "spec.json", "--data", "data", "-q", cwd=work))
        assert found[0].startswith("xreg: spec.json: ")
        if kind in ("external", "cycle"):
            n = len(arg) if kind == "external" else int(arg) + 1  # type: ignore[arg-type, call-overload]
            assert found[0] == f"xreg: spec.json: refused before validation: {n} $ref{'s' if n != 1 else ''} the importer does not follow"
            assert len(found) == 2 + min(n, 5) + (n > 5)
        else:
            assert len(found) == 1
        assert {p.name: p.read_bytes() for p in (work / "data").rglob("*")} == before
