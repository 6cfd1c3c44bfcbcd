"""The installed dataset is read-only: import-openapi refuses to write into a package, older releases and
renamed specs are refused, and every refusal exits 1 with every file byte-identical (issue 16 item 6)."""
from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT.parent / "shared" / "reference"
CURRENT = REFERENCE / "xentral-api.openapi-3.0.0.json"
OLDER = REFERENCE / "history" / "xentral-api-24.2.5.openapi-3.0.0.json"
needs_reference = pytest.mark.skipif(not OLDER.is_file(), reason="../shared/reference is missing")


def _tree(folder: Path) -> dict[str, str]:
    """Every file below ``folder`` with the sha256 of its bytes."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and "__pycache__" not in p.parts}


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """A real install of the package (a wheel in a fresh venv): its ``xreg`` and a clean environment."""
    tmp = tmp_path_factory.mktemp("installed")
    dist = tmp / "dist"
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--outdir", str(dist), str(ROOT)],
                   check=True, capture_output=True)
    (wheel,) = dist.glob("*.whl")
    venv = tmp / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "-q", "--disable-pip-version-check",
                    str(wheel)], check=True, capture_output=True)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    return venv, env


def _data_of(venv: Path, env: dict[str, str]) -> Path:
    out = subprocess.run([str(venv / "bin" / "python"), "-c",
                          "from registry.loading import default_data_dir; print(default_data_dir())"],
                         capture_output=True, text=True, env=env, check=True, cwd=venv)
    return Path(out.stdout.strip())


@needs_reference
def test_import_without_data_refuses_the_installed_package(installed: tuple[Path, dict[str, str]]) -> None:
    venv, env = installed
    data = _data_of(venv, env)
    assert data.name == "_data" and "site-packages" in data.parts
    before = _tree(data)
    result = subprocess.run([str(venv / "bin" / "xreg"), "import-openapi", str(OLDER), "--release", "24.2.5"],
                            capture_output=True, text=True, env=env, cwd=venv)
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == (
        f"Error: {data}: the dataset of the installed package is read-only (an import would change every later "
        "answer of this install). Pass --data DIR: a copy made with 'xreg data copy DIR', or a checkout's data/.\n")
    assert _tree(data) == before
    check = subprocess.run([str(venv / "bin" / "xreg"), "check", "GET", "/api/v1/products/1", "--format", "json"],
                           capture_output=True, text=True, env=env, cwd=venv, check=True)
    assert json.loads(check.stdout)["endpoint"]["status"] == "active"


@needs_reference
def test_data_copy_then_an_older_release_is_refused_unless_allowed(installed: tuple[Path, dict[str, str]],
                                                                   tmp_path: Path) -> None:
    venv, env = installed
    xreg = str(venv / "bin" / "xreg")
    copy = tmp_path / "my-data"
    made = subprocess.run([xreg, "data", "copy", str(copy)], capture_output=True, text=True, env=env, cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    installed_data = _data_of(venv, env)
    installed_before = _tree(installed_data)
    assert _tree(copy) == installed_before
    assert made.stderr == (f"xreg: copied {len(_tree(copy))} files of {installed_data} to {copy}; "
                           f"use it with --data {copy}\n")
    again = subprocess.run([xreg, "data", "copy", str(copy)], capture_output=True, text=True, env=env, cwd=tmp_path)
    assert (again.returncode, again.stderr) == (
        1, f"xreg: {copy}: already exists and is not an empty folder (expected a new folder). Pass another DIR.\n")

    before = _tree(copy)
    older = subprocess.run([xreg, "import-openapi", str(OLDER), "--release", "24.2.5", "--data", str(copy)],
                           capture_output=True, text=True, env=env, cwd=tmp_path)
    assert (older.returncode, older.stdout) == (1, "")
    assert older.stderr == (
        f"xreg: {OLDER}: spec 'Xentral API': release 24.2.5 is older than release 24.48.10 recorded in "
        "my-data/dataset.yaml (expected 24.48.10 or newer): importing it would mark every operation added since as "
        "removed. Pass --allow-older to import it all the same.\n")
    assert _tree(copy) == before
    unordered = subprocess.run([xreg, "import-openapi", str(OLDER), "--data", str(copy), "-q"],
                               capture_output=True, text=True, env=env, cwd=tmp_path)
    assert (unordered.returncode, unordered.stderr) == (
        1, f"xreg: {OLDER}: spec 'Xentral API': release 'v0.1' cannot be ordered against release '24.48.10' recorded "
           "in my-data/dataset.yaml (expected release numbers such as 24.48.10). Pass --release R, or --allow-older "
           "to import it all the same.\n")
    assert _tree(copy) == before

    allowed = subprocess.run([xreg, "import-openapi", str(OLDER), "--release", "24.2.5", "--data", str(copy),
                              "--allow-older", "-q"], capture_output=True, text=True, env=env, cwd=tmp_path)
    assert (allowed.returncode, allowed.stderr) == (0, "")
    assert 'release: "24.2.5"' in (copy / "dataset.yaml").read_text(encoding="utf-8")
    assert _tree(installed_data) == installed_before  # (the install itself was never the target)


def _copy(tmp_path: Path) -> Path:
    from registry.loading import copy_dataset

    target = tmp_path / "data"
    copy_dataset(target, ROOT / "data")
    return target


@needs_reference
def test_a_renamed_spec_is_refused_and_a_new_one_is_imported(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from registry.cli import main

    data = _copy(tmp_path)
    spec = json.loads(CURRENT.read_text(encoding="utf-8"))
    spec["info"]["title"] = "Xentral API (renamed)"
    renamed = tmp_path / "renamed.json"
    renamed.write_text(json.dumps(spec), encoding="utf-8")
    before = _tree(data)
    result = CliRunner().invoke(main, ["import-openapi", str(renamed), "--release", "26.40.1", "--data", str(data), "-q"])
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        f"xreg: {renamed}: spec title 'Xentral API (renamed)' matches no spec recorded in {data}/dataset.yaml "
        "(expected one of: 'Xentral API', 'Xentral Business Documents API v3', or a new spec), but 243 of its "
        "operations are endpoints of 'Xentral API' (e.g. GET /api/v1/analytics/report). If the spec was renamed, "
        f"change its title in {data}/dataset.yaml first.\n")
    assert _tree(data) == before

    new = tmp_path / "widgets.json"
    new.write_text(json.dumps({
        "openapi": "3.0.0", "info": {"title": "Xentral Widgets API", "version": "1.0"},
        "paths": {"/api/v1/widgets": {"get": {"operationId": "widgetList", "responses": {"200": {"description": "ok"}}}}},
    }), encoding="utf-8")
    result = CliRunner().invoke(main, ["import-openapi", str(new), "--release", "26.40.1", "--data", str(data), "-q"])
    assert (result.exit_code, result.stderr) == (0, "")
    changed = sorted(k for k, v in _tree(data).items() if before.get(k) != v)
    assert changed == ["dataset.yaml", "xentral/widgets.yaml"]
