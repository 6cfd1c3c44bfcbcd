"""HAR 1.2: one observation per entry, auth scheme from the Authorization header."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from inputs_support import assert_no_secret, run

from registry.errors import InputError
from registry.inputs.base import Observation
from registry.inputs.har import read_har

BASE = "https://acme.xentral.biz"


def har(url: str, method: str, n: int, started: str, status: dict[int, int], auth: str) -> Observation:
    return Observation(method, BASE + url, f"session.har#entry {n}", "har", first_seen=started, last_seen=started,
                       statuses=status, auth=auth)


def test_ten_entry_har(in_inputs: Path) -> None:
    items, stats = run(read_har, "session.har")
    assert items == [
        har("/api/v1/products?page[number]=1&page[size]=50", "GET", 1, "2025-10-14T09:12:01.482Z", {200: 1}, "bearer"),
        har("/api/v1/products/812", "GET", 2, "2025-10-14T09:12:02.010Z", {200: 1}, "bearer"),
        har("/api/v3/salesOrders/4711/actions/release", "PATCH", 3, "2025-10-14T09:12:05.377Z", {204: 1}, "bearer"),
        har("/api/v1/adressen?items=100", "GET", 4, "2025-10-14T09:13:40.001Z", {401: 1}, "none"),
        har("/api/v1/adressen?items=100", "GET", 5, "2025-10-14T09:13:40.215Z", {200: 1}, "digest"),
        har("/api/shopimport/ordertoxentral/SO-1001", "POST", 6, "2025-10-14T09:14:11.900Z", {403: 1}, "bearer"),
        har("/index.php?module=api&action=ArtikelGet&hash=REDACTED&api_id=REDACTED", "GET", 7, "2025-10-14T09:15:00.000Z",
            {200: 1}, "hash"),
        har("/api/v1/reports/3/download", "GET", 8, "2025-10-14T09:16:30.250Z", {}, "basic"),  # aborted: status 0
        har("/api/AuftragCreate", "POST", 10, "2025-10-14T09:18:45.660Z", {200: 1}, "digest"),
    ]
    assert stats.skipped_items == [
        "session.har#entry 9: skipped entry: request.url is missing (expected a HAR 1.2 request with method and url)."
    ]
    assert (stats.read, stats.skipped, stats.unit, stats.format) == (9, 1, "entries", "har")
    assert stats.read + stats.skipped == len(json.loads(Path("session.har").read_text())["log"]["entries"])
    assert_no_secret(items, stats)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        pytest.param('{"log": {"entries": [}', "{path}:1: invalid JSON: Expecting value at column 22 (expected a HAR 1.2 file).",
                     id="broken-json"),
        pytest.param('{"info": {"name": "x"}}',
                     '{path}: not a HAR file: no "log" object at the top (expected HAR 1.2: {{"log": {{"entries": [...]}}}}). '
                     "Export the requests from the browser's network panel with \"Save all as HAR\".", id="other-json"),
        pytest.param('{"log": {"version": "1.2"}}',
                     '{path}: not a HAR file: "log.entries" is missing or not a list (expected HAR 1.2).', id="no-entries"),
    ],
)
def test_json_that_is_not_a_har_is_refused_with_its_location(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "capture.har"
    path.write_text(content)
    with pytest.raises(InputError) as err:
        run(read_har, str(path))
    assert str(err.value) == message.format(path=path)


def test_entries_of_the_wrong_shape_are_skipped_with_reasons(tmp_path: Path) -> None:
    path = tmp_path / "odd.har"
    path.write_text(json.dumps({"log": {"entries": [
        "x",
        {"response": {"status": 200}},
        {"request": {"url": "/api/v1/x"}},
        {"request": {"method": "G E T", "url": "/api/v1/x"}},
        {"request": {"method": "get", "url": "/api/v1/x", "headers": "none"}, "response": {"status": True}},
    ]}}))
    items, stats = run(read_har, str(path))
    assert items == [Observation("GET", "/api/v1/x", f"{path}#entry 5", "har", auth="none")]
    expected = "(expected a HAR 1.2 request with method and url)."
    assert stats.skipped_items == [
        f"{path}#entry 1: skipped entry: not an object {expected}",
        f"{path}#entry 2: skipped entry: request is missing {expected}",
        f"{path}#entry 3: skipped entry: request.method is missing {expected}",
        f"{path}#entry 4: skipped entry: request.method 'G E T' is not a word {expected}",
    ]
