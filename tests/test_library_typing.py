"""The typed library: ``mypy --strict`` passes on the README's Python examples (the wheel's ``py.typed`` is
checked in ``tests/test_cli.py``, where the wheel is built)."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def readme_examples() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"^```python\n(.*?)^```", text, re.S | re.M)


def test_readme_python_examples_pass_mypy_strict(tmp_path):
    pytest.importorskip("mypy")
    examples = readme_examples()
    assert len(examples) >= 4
    files = []
    for i, code in enumerate(examples, start=1):
        path = tmp_path / f"readme_example_{i}.py"
        path.write_text(code, encoding="utf-8")
        files.append(str(path))
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--follow-imports=silent", "--no-incremental",
         "--cache-dir", str(tmp_path / ".mypy_cache"), "--python-version", f"{sys.version_info[0]}.{sys.version_info[1]}",
         *files],
        capture_output=True, text=True, cwd=ROOT, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.startswith(f"Success: no issues found in {len(files)} source files")


def test_a_typo_in_an_example_is_caught(tmp_path):
    """The check can fail: a README-style example reading a field a Match does not have."""
    pytest.importorskip("mypy")
    path = tmp_path / "wrong.py"
    path.write_text('import registry\nreg = registry.load()\nm = reg.resolve("GET", "/api/v1/adressen/5")\n'
                    'if m:\n    m.endpoint.idd\n', encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "mypy", "--strict", "--follow-imports=silent", "--no-incremental",
                           "--cache-dir", str(tmp_path / ".mypy_cache"), str(path)],
                          capture_output=True, text=True, cwd=ROOT, timeout=600)
    assert done.returncode == 1
    assert f'{path}:5: error: "Endpoint" has no attribute "idd"; maybe "id"?  [attr-defined]' in done.stdout


# -- one call to JSON ----------------------------------------------------------------------------------
def test_resolved_match_and_misses_turn_into_json_with_one_call(registry_data):
    import json

    res = registry_data.support("rest.shopimport.post-auth", "pat-legacy")
    doc = json.loads(json.dumps(res.to_dict()))
    assert (doc["support"], doc["basis"], doc["origin"], doc["conflict"], doc["replaced"]) == (
        "no", "documented", "list:pat-legacy-unavailable", False, None)
    assert doc["sources"] == list(res.statement.sources)
    match = registry_data.resolve("GET", "https://acme.xentral.biz/api/index.php/v1/adressen/5?hash=s3cret")
    assert json.loads(json.dumps(match.to_dict())) == {
        "result": "match", "endpoint": "rest.adressen.get-v1-id", "api": "rest", "method": "GET",
        "template": "/api/v1/adressen/{id:\\d+}", "form": "index-php-path", "params": {"id": "5"},
        "url": "https://acme.xentral.biz/api/index.php/v1/adressen/5?hash=REDACTED", "route": "/v1/adressen/5",
        "notes": [], "alternatives": []}
    miss = registry_data.resolve("GET", "/api/v1/products/details").to_dict()
    assert (miss["result"], miss["near_misses"], miss["allowed"]) == (
        "unmatched", [{"endpoint": "xentral.products.get-v1-id", "param": "id", "value": "details", "regex": "\\d+"}], [])
    wrong_method = registry_data.resolve("PATCH", "/api/v1/adressen/5").to_dict()
    assert (wrong_method["result"], wrong_method["allowed"]) == ("method-not-allowed", ["GET", "PUT"])


def test_the_plan_to_dict_is_the_json_report_and_the_library_exports_advise(registry_data):
    import json

    import jsonschema

    import registry
    from registry.rendering.report import SCHEMA_PATH, report_view

    assert {"advise", "read_inputs", "Plan"} <= set(registry.__all__)
    items, stats = registry.read_inputs([str(ROOT / "examples" / "shop-connector")])
    plan = registry.advise(registry_data, items, auth="pat-legacy", inputs=stats)
    assert isinstance(plan, registry.Plan)
    doc = json.loads(json.dumps(plan.to_dict()))
    assert doc == json.loads(json.dumps(report_view(plan)))
    jsonschema.Draft202012Validator(json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))).validate(doc)
    assert doc["blockers"][:2] == ["call-1", "call-2"]
