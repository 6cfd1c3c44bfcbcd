"""The YAML reader and the dataset loader take any text or bytes: a value or a located error, never a crash.

``load_yaml`` returns or raises ``YamlSyntaxError``; ``registry.load`` on a dataset whose one endpoint
file is fuzzed returns a ``Registry`` or raises ``DataError`` whose every problem names that file.
"""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import Iterator

import pytest
import yaml
from fuzz_settings import FUZZ, hang_guard
from hypothesis import example, given
from hypothesis import strategies as st

import registry
from registry.errors import DataError
from registry.loading.yaml_source import YamlSyntaxError, load_yaml

MINI = Path(__file__).resolve().parent.parent / "fixtures" / "data-mini"

YAML_ALPHABET = "-:?[]{}!&*|>'\"#%@`,\n\t abc01"
yaml_text = st.text(alphabet=YAML_ALPHABET, max_size=80) | st.text(max_size=80)


@FUZZ
@given(yaml_text)
@example("{[a]: b}")  # found by this test: TypeError unhashable type 'LocList'
@example("? [a]\n: b")
@example("{{a: 1}: 2}")  # found by this test: TypeError unhashable type 'LocDict'
@example("&a [*a]")
@example("[" * 5000)
def test_load_yaml_raises_only_yaml_syntax_error(text: str) -> None:
    with hang_guard("load_yaml"):
        try:
            load_yaml(text, "fuzz.yaml")
        except YamlSyntaxError as exc:
            assert str(exc).startswith("fuzz.yaml")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{[a]: b}", "x.yaml:1: invalid YAML: found unhashable key (a list or mapping used as a key). "
                     "Fix the syntax and run 'xreg validate' again."),
        ("a: 1\n? {b: 1}\n: 2\n", "x.yaml:2: invalid YAML: found unhashable key (a list or mapping used as a key). "
                                  "Fix the syntax and run 'xreg validate' again."),
    ],
    ids=["flow-list-key", "block-mapping-key"],
)
def test_unhashable_key_found_by_fuzzing_is_a_located_yaml_error(text: str, message: str) -> None:
    with pytest.raises(YamlSyntaxError) as info:
        load_yaml(text, "x.yaml")
    assert str(info.value) == message


# -- the whole loader on a dataset with one fuzzed endpoint file ------------------------------------
@pytest.fixture(scope="module")
def mini_copy() -> Iterator[Path]:
    """A private copy of the mini dataset; the test rewrites rest/fuzz.yaml in it for every example."""
    root = Path(tempfile.mkdtemp(prefix="xreg-fuzz-data-"))
    shutil.copytree(MINI, root / "data")
    previous = os.environ.get("XREG_NO_CACHE")
    os.environ["XREG_NO_CACHE"] = "1"  # thousands of throwaway datasets: do not fill the cache
    try:
        yield root / "data"
    finally:
        if previous is None:
            os.environ.pop("XREG_NO_CACHE", None)
        else:
            os.environ["XREG_NO_CACHE"] = previous
        shutil.rmtree(root)


scalar = st.one_of(
    st.text(max_size=30),
    st.text(alphabet="{}[]/:\\d+*()?|.-_av0123", max_size=30),
    st.integers(),
    st.booleans(),
    st.none(),
    st.lists(st.text(max_size=5), max_size=2),
)


@st.composite
def endpoint_documents(draw: st.DrawFn) -> str:
    """A plausible endpoint file whose values (and sometimes keys) are fuzzed."""
    endpoints = []
    for i in range(draw(st.integers(0, 3))):
        ep: dict[str, object] = {
            "id": draw(st.sampled_from([f"rest.fuzz.get-{i}", "rest.fuzz.get-0", "rest.other.x"]) | st.text(max_size=12)),
            "method": draw(st.sampled_from(["GET", "POST", "gte"]) | scalar),
            "path": draw(st.sampled_from(["/v1/fuzz", "/v1/fuzz/{id:\\d+}", "/v1/adressen/{x:\\d+}"]) | scalar),
            "resource": draw(st.just("Fuzz") | scalar),
        }
        if draw(st.booleans()):
            ep[draw(st.sampled_from(["params", "support", "status", "action", "scopes", "bogus"]))] = draw(
                scalar | st.dictionaries(st.text(max_size=6), scalar, max_size=2)
            )
        endpoints.append(ep)
    doc: dict[str, object] = {"api": draw(st.sampled_from(["rest", "standard", "nope"]) | scalar),
                              "group": draw(st.just("fuzz") | scalar), "endpoints": endpoints}
    return yaml.safe_dump(doc, allow_unicode=True)


def _load_with(data: Path, content: bytes) -> None:
    (data / "rest" / "fuzz.yaml").write_bytes(content)
    with hang_guard("registry.load"):
        try:
            reg = registry.load(data)
        except DataError as exc:
            assert exc.problems, "a DataError must carry at least one problem"
            for problem in exc.problems:
                assert problem.location.path.endswith(("fuzz.yaml", "support.yaml")), str(problem)
            return
    assert all(ep_id.startswith(("rest.adressen.", "rest.reports.", "rest.fuzz.", "standard.actions."))
               for ep_id in reg.endpoints)


@FUZZ
@given(yaml_text.map(lambda t: t.encode("utf-8", "surrogatepass")) | st.binary(max_size=200))
@example(b"\xff\xfe\x00garbage")
@example(b"api: rest\ngroup: fuzz\nendpoints: {[a]: b}\n")
def test_load_with_fuzzed_endpoint_bytes_raises_only_data_error(mini_copy: Path, content: bytes) -> None:
    _load_with(mini_copy, content)


@FUZZ
@given(endpoint_documents())
@example("api: rest\ngroup: fuzz\nendpoints:\n- {id: rest.fuzz.get, method: GET, path: '/v1/{a:x{99999999999}}', resource: R}\n")
@example("api: rest\ngroup: fuzz\nendpoints:\n- {id: rest.fuzz.get, method: GET, path: /v1/f, resource: R, params: {a: '(((('}}\n")
def test_load_with_fuzzed_endpoint_records_raises_only_data_error(mini_copy: Path, text: str) -> None:
    _load_with(mini_copy, text.encode("utf-8", "surrogatepass"))
