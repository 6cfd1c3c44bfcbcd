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
