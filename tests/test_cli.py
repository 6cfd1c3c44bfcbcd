"""The ``xreg`` commands of the dataset: exit codes, stdout and stderr kept apart, JSON parsed."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from registry.cli import COMMANDS, main

ROOT = Path(__file__).resolve().parent.parent
MINI = Path(__file__).parent / "fixtures" / "data-mini"


@pytest.fixture
def run():
    def invoke(*args: str):
        return CliRunner().invoke(main, list(args), catch_exceptions=False)

    return invoke


def test_validate_ok_on_the_shipped_dataset(run, registry_data):
    result = run("validate")
    assert result.exit_code == 0, result.stderr
    n = len(registry_data.endpoints)
    assert result.stdout.startswith(f"ok: {n} endpoints (")
    assert result.stderr == ""


def test_validate_reports_every_problem_and_exits_1(run, tmp_path, monkeypatch):
    shutil.copytree(MINI, tmp_path / "data")
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "data" / "rest" / "reports.yaml"
    path.write_text(path.read_text().replace("method: GET", "method: FETCH"))
    result = run("validate", "--data", "data")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "data/rest/reports.yaml:5: endpoint 'rest.reports.get-v1-id-download': unknown method 'FETCH' "
        "(expected one of: GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS).",
        "xreg: 1 error in 1 file",
    ]


def test_missing_data_dir_is_one_message(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("endpoints", "--data", "nowhere")
    assert result.exit_code == 1
    assert result.stderr == (
        "xreg: nowhere: dataset directory not found. Pass --data DIR with the dataset's folder.\n"
        "1 error in 1 file\n"
    )


def test_endpoints_json_standard_lists_every_action(run, registry_data):
    result = run("endpoints", "--api", "standard", "--format", "json")
    assert result.exit_code == 0
    doc = json.loads(result.stdout)
    assert doc["format_version"] == 1
    expected = [ep.action for ep in registry_data.endpoints.values() if ep.api == "standard"]
    assert [e["action"] for e in doc["endpoints"]] == expected
    assert doc["count"] == len(expected) == 120 + 8  # the registered actions and the wrapper-only methods
    first = doc["endpoints"][0]
    assert set(first["support"]) == {"pat", "pat-legacy", "digest", "hash"}


def test_endpoints_table_of_pat_legacy_blockers(run, registry_data):
    everything = run("endpoints", "--api", "rest", "--auth", "pat-legacy", "--support", "no")
    assert everything.stdout.splitlines()[-1] == "23 endpoints"  # with the 10 routes no server routes
    inactive = sorted(ep.id for ep in registry_data.endpoints.values() if ep.status == "inactive")
    assert len(inactive) == 10
    result = run("endpoints", "--api", "rest", "--auth", "pat-legacy", "--support", "no", "--active-only")
    assert sorted(line.split()[0] for line in everything.stdout.splitlines()[2:-1]) == sorted(
        inactive + [line.split()[0] for line in result.stdout.splitlines()[2:-1]])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[-1] == "13 endpoints"
    ids = sorted(line.split()[0] for line in lines[2:-1])
    assert ids == sorted([
        "rest.reports.get-v1-id-download", "rest.shopimport.post-auth",
        "rest.shopimport.post-syncstorage-articlenumber", "rest.shopimport.post-articletoxentral-articlenumber",
        "rest.shopimport.post-articletoshop-articlenumber", "rest.shopimport.post-ordertoxentral-ordernumber",
        "rest.shopimport.get-articlesyncstate", "rest.shopimport.get-statistics", "rest.shopimport.get-modulelinks",
        "rest.shopimport.post-disconnect", "rest.shopimport.post-reconnect", "rest.shopimport.get-status",
        "rest.shopimport.post-refund",
    ])


def test_support_filter_needs_auth(run):
    result = run("endpoints", "--support", "no")
    assert result.exit_code == 1
    assert result.stderr == "xreg: filtering by support needs an auth method (--auth)\n"


def test_show_unknown_endpoint_suggests(run):
    result = run("show", "rest.shopimport.post-auht")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.splitlines()[-1] == (
        "Error: Invalid value for 'ENDPOINT_ID': unknown endpoint 'rest.shopimport.post-auht'. Did you mean "
        "'rest.shopimport.post-auth', 'rest.shopimport.post-refund', 'rest.shopimport.post-reconnect'?"
    )


def test_show_json(run):
    result = run("show", "rest.shopimport.post-auth", "--format", "json")
    doc = json.loads(result.stdout)["endpoint"]
    assert (doc["method"], doc["path"], doc["permission"]) == ("POST", "/shopimport/auth", "communicate_with_shop")
    assert doc["support"]["pat-legacy"]["support"] == "no"
    assert doc["support"]["pat-legacy"]["origin"] == "list:pat-legacy-unavailable"
    assert doc["support"]["digest"]["support"] == "yes"


def test_schema_is_generated_from_the_models(run):
    result = run("schema", "--kind", "endpoints")
    schema = json.loads(result.stdout)
    assert schema["title"] == "EndpointFile"
    endpoint = schema["$defs"]["Endpoint"]
    assert endpoint["additionalProperties"] is False
    assert endpoint["properties"]["method"]["enum"] == ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_has_help_with_an_example_and_is_in_the_readme(run, name):
    result = run(name, "-h")
    assert result.exit_code == 0
    assert "Example:" in result.stdout
    assert f"xreg {name}" in (ROOT / "README.md").read_text(encoding="utf-8")


#: The commands the README names as the ones without --data (they read no dataset).
WITHOUT_DATA = {"diff", "schema", "completion"}


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_that_reads_the_dataset_takes_data(name):
    """The README says which commands take --data DIR; keep it true."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "all but `xreg diff` (its OLD and NEW" in readme and "and `xreg schema` (generated" in readme
    command = main.get_command(None, name)  # type: ignore[arg-type]
    commands = list(command.commands.values()) if isinstance(command, click.Group) else [command]  # (xreg data copy)
    options = {opt for each in commands for param in each.params for opt in getattr(param, "opts", [])}
    assert ("--data" in options) == (name not in WITHOUT_DATA)


def test_empty_or_listed_top_of_a_file_is_named_in_words(run, tmp_path, monkeypatch):
    """Was 'found NoneType' / 'found LocList' (the YAML reader's internal types)."""
    shutil.copytree(MINI, tmp_path / "data")
    monkeypatch.chdir(tmp_path)
    apis = tmp_path / "data" / "apis.yaml"
    for text, found in [("", "an empty file"), ("# only a comment\n", "an empty file"), ("- rest\n- standard\n", "a list"),
                        ("rest\n", "a string")]:
        apis.write_text(text, encoding="utf-8")
        result = run("validate", "--data", "data")
        assert (result.exit_code, result.stdout) == (1, "")
        assert result.stderr == (f"data/apis.yaml:1: expected a mapping at the top of the file, found {found}.\n"
                                 "xreg: 1 error in 1 file\n")


def test_wheel_installs_and_answers_in_a_clean_venv(tmp_path):
    """A plain (not editable) install carries data/ and templates/."""
    dist = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--outdir", str(dist), str(ROOT)],
                   check=True, capture_output=True)
    (wheel,) = dist.glob("*.whl")
    import zipfile

    names = zipfile.ZipFile(wheel).namelist()
    assert "registry/py.typed" in names  # a typed package (PEP 561): type checkers read its annotations
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "-q", "--disable-pip-version-check"]
    subprocess.run([*pip, str(wheel)], check=True, capture_output=True)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    result = subprocess.run([str(venv / "bin" / "xreg"), "endpoints", "--api", "standard", "--format", "json"],
                            cwd=tmp_path, capture_output=True, text=True, env=env, check=True)
    doc = json.loads(result.stdout)
    assert doc["count"] == 128
    assert "/_data" in subprocess.run(
        [str(venv / "bin" / "python"), "-c", "from registry.loading.loader import default_data_dir; print(default_data_dir())"],
        cwd=tmp_path, capture_output=True, text=True, env=env, check=True).stdout
