"""CLI conventions: a typo names the nearest command, a bad value of any option exits 2 with the valid
values, values are read in any letter case where unambiguous, and shell completion offers the dataset's ids."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from registry.cli import COMMANDS, main

XREG = Path(sys.executable).with_name("xreg")


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def last_line(result) -> str:
    return result.stderr.splitlines()[-1]


@pytest.mark.parametrize("typed, hint", [
    ("chekc", " Did you mean 'check'?"),
    ("endpoint", " Did you mean 'endpoints'?"),
    ("scope-indx", " Did you mean 'scope-index'?"),
    ("frobnicate", f" Commands: {', '.join(sorted(COMMANDS))}."),
])
def test_unknown_command_names_the_nearest(typed, hint):
    assert {"check", "completion", "endpoints", "scope-index"} <= set(COMMANDS)
    result = run(typed)
    assert (result.exit_code, result.stdout) == (2, "")
    assert last_line(result) == f"Error: No such command '{typed}'.{hint}"


@pytest.mark.parametrize("args, message", [
    (["endpoints", "--api", "rst"],
     "Error: Invalid value for '--api': unknown API 'rst' (expected one of: xentral, rest, standard). Did you mean 'rest'?"),
    (["endpoints", "--auth", "bearer"],
     "Error: Invalid value for '--auth': unknown auth method 'bearer' (expected one of: pat, pat-legacy, digest, hash)."),
    (["endpoints", "--auth", "pat", "--support", "maybe"],
     "Error: Invalid value for '--support': 'maybe' is not one of 'yes', 'no', 'partial', 'unknown'."),
    (["check", "GETT", "/api/v1/adressen"],
     "Error: Invalid value for 'METHOD': 'GETT' is not an HTTP method (expected one of: GET, POST, PUT, PATCH, "
     "DELETE, HEAD, OPTIONS). Did you mean 'GET'?"),
    (["check", "GET", "/api/v1/adressen", "--auth", "pat_legacy"],
     "Error: Invalid value for '--auth': unknown auth method 'pat_legacy' (expected one of: pat, pat-legacy, digest, "
     "hash). Did you mean 'pat-legacy'?"),
    (["check", "GET", "/api/v1/adressen", "--target", "digest"],
     "Error: Invalid value for '--target': target 'digest' does not work on the Xentral API: no endpoint of it "
     "supports digest (expected one of: pat, pat-legacy)"),
    (["scope-index", "--endpoint", "xentral.salesOrders.get-v33"],
     "Error: Invalid value for '--endpoint': unknown endpoint 'xentral.salesOrders.get-v33'. Did you mean "
     "'xentral.salesOrders.get-v3', 'xentral.salesOrders.get-v1', 'xentral.salesOrders.get-v3-id'?"),
    (["schema", "--kind", "endpoint"],
     "Error: Invalid value for '--kind': 'endpoint' is not one of 'all', 'dataset', 'apis', 'auth', 'support', "
     "'endpoints', 'migrations', 'probe', 'observations'."),
    (["completion", "powershell"],
     "Error: Invalid value for '{bash|zsh|fish}': 'powershell' is not one of 'bash', 'zsh', 'fish'."),
], ids=["api", "auth", "support", "method", "check-auth", "target", "endpoint", "schema-kind", "shell"])
def test_a_bad_option_value_exits_2_with_the_valid_values(args, message):
    result = run(*args)
    assert (result.exit_code, result.stdout) == (2, "")
    assert last_line(result) == message


def test_values_are_read_in_any_letter_case():
    lower = run("endpoints", "--api", "rest", "--auth", "pat-legacy", "--support", "no", "--format", "json")
    upper = run("endpoints", "--api", "REST", "--auth", "PAT-Legacy", "--support", "NO", "--format", "JSON")
    assert (lower.exit_code, upper.exit_code) == (0, 0)
    assert upper.stdout == lower.stdout and json.loads(lower.stdout)["count"] == 23
    checked = run("check", "get", "/api/v1/adressen/5", "--auth", "PAT-LEGACY", "--format", "json")
    doc = json.loads(checked.stdout)
    assert (checked.exit_code, doc["request"]["method"], doc["auth"], doc["endpoint"]["id"]) == (
        0, "GET", "pat-legacy", "rest.adressen.get-v1-id")
    shown = run("show", "STANDARD.ACTIONS.AUFTRAGCREATE", "--format", "json")
    assert json.loads(shown.stdout)["endpoint"]["id"] == "standard.actions.AuftragCreate"


# -- shell completion ---------------------------------------------------------------------------------
def complete(words: str, shell: str = "bash") -> list[str]:
    """What ``xreg`` answers the completion script for the last word of ``words`` (click's protocol)."""
    parts = words.split(" ")
    env = {**os.environ, "COMP_WORDS": words, "COMP_CWORD": str(len(parts) - 1), "_XREG_COMPLETE": f"{shell}_complete"}
    done = subprocess.run([str(XREG)], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return [line.split(",", 1)[1] for line in done.stdout.splitlines()]


def test_completion_offers_the_dataset_ids(registry_data):
    assert complete("xreg che") == ["check"]
    assert complete("xreg check GET /api/v1/adressen --auth pat") == ["pat", "pat-legacy"]
    assert complete("xreg advise src --target ") == list(registry_data.auth)
    assert complete("xreg endpoints --api ") == list(registry_data.apis)
    assert complete("xreg show rest.adressen.get-v1") == [
        e for e in registry_data.endpoints if e.startswith("rest.adressen.get-v1")]
    assert complete("xreg scope-index --endpoint xentral.salesOrders.get-v3") == [
        e for e in registry_data.endpoints if e.startswith("xentral.salesOrders.get-v3")]
    assert complete("xreg endpoints --format ") == ["table", "json", "md"]


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_completion_prints_the_script_for_each_shell(shell):
    result = run("completion", shell)
    assert result.exit_code == 0 and "_XREG_COMPLETE" in result.stdout and f"{shell}_complete" in result.stdout


def test_the_bash_script_completes_in_bash(tmp_path, registry_data):
    """The printed script, sourced into a real bash, fills COMPREPLY with endpoint ids."""
    bash = shutil.which("bash")
    if bash is None:
        pytest.skip("bash is not installed")
    script = tmp_path / "xreg.bash"
    script.write_text(run("completion", "bash").stdout)
    probe = (f"source {script}; COMP_WORDS=(xreg show rest.shopimport.post-a); COMP_CWORD=2; "
             f"_xreg_completion {XREG}; printf '%s\\n' \"${{COMPREPLY[@]}}\"")
    done = subprocess.run([bash, "-c", probe], capture_output=True, text=True, timeout=60,
                          env={**os.environ, "PATH": f"{XREG.parent}:{os.environ.get('PATH', '')}"})
    assert done.returncode == 0, done.stderr
    expected = [e for e in registry_data.endpoints if e.startswith("rest.shopimport.post-a")]
    assert done.stdout.split() == expected and len(expected) == 3
