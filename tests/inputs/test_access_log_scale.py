"""Big access logs: blocks counted at C speed, grouping by call shape, several processes; same answers as line by line."""
from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from inputs_support import run

from registry.advising import advise
from registry.inputs.access_log import aggregate, read_access_log
from registry.inputs.base import Observation, ReadStats
from registry.inputs.log_counter import CallCounter, digit_shape
from registry.inputs.log_jobs import MIN_SIZE, ROOM, count_in_jobs
from registry.matching.shapes import digit_segments_uniform, endpoint_class


@pytest.mark.parametrize(
    ("url", "shape"),
    [
        ("/api/v1/products/17", "/api/v1/products/\n"),
        ("/api/v1/products/0042/options/3/", "/api/v1/products/\n/options/\n/"),
        ("/img/17.png", "/img/17.png"),
        ("/api/v1/b17/c", "/api/v1/b17/c"),
        ("/a/5?page=2&x=/3#/4", "/a/\n?page=2&x=/3#/4"),
        ("https://10.0.0.1:8443/a/2", "https://10.0.0.1:8443/a/\n"),
        ("/api/index.php?path=/v1/adressen/5&sort=1", "/api/index.php?path=/v1/adressen/\n&sort=1"),
        ("/api/index.php?path=%2Fv1%2Fadressen%2F5", "/api/index.php?path=%2Fv1%2Fadressen%2F\n"),
    ],
)
def test_digit_shape(url: str, shape: str) -> None:
    assert digit_shape(url) == shape


def _line(n: int, request: str, status: int = 200, second: int | None = None) -> str:
    s = n if second is None else second
    return f'192.0.2.{n % 250} - - [03/Nov/2025:22:{s // 60 % 60:02d}:{s % 60:02d} +0100] "{request}" {status} {n} "-" "t/1"\n'


def test_shapes_keep_the_first_50_calls_of_a_shape_and_count_the_later_ones_together(tmp_path: Path) -> None:
    lines = [_line(n, f"GET /api/v1/products/{n} HTTP/1.1") for n in range(1, 56)]  # lines 1-55: ids 1-55
    lines += [_line(56, "GET /api/v1/products/3 HTTP/1.1", 404), _line(57, "GET /api/v1/products/52 HTTP/1.1", 500),
              _line(58, "GET /api/v1/products/99 HTTP/1.1")]
    path = tmp_path / "access.log"
    path.write_text("".join(lines))
    apart, _ = run(read_access_log, str(path), shapes=False)
    shaped, stats = run(read_access_log, str(path), shapes=True)
    assert shaped[:50] == apart[:50]  # ids 1-50, each a call of its own (id 3 twice)
    assert shaped[2].count == 2 and shaped[2].statuses == {200: 1, 404: 1}
    assert shaped[50:] == [
        Observation("GET", "/api/v1/products/51", f"{path}:51", "access-log", count=7,
                    first_seen="2025-11-03T22:00:51+01:00", last_seen="2025-11-03T22:00:58+01:00",
                    statuses={200: 6, 500: 1}),
    ]
    assert len(apart) == 56 and sum(o.count for o in shaped) == sum(o.count for o in apart) == stats.read == 58


def _odd_log(rng: random.Random, n: int, odd_until: int) -> str:
    """A log whose first ``odd_until`` lines hold every kind of odd line, the rest plain combined lines."""
    calls = ["GET /api/v1/products/{i} HTTP/1.1", "get /api/v1/adressen/{i} HTTP/1.0", "POST /api/AuftragCreate HTTP/1.1",
             "POST /index.php?module=api&action=ArtikelGet&hash={h}&api_id=3 HTTP/1.1",
             "GET /api/index.php?path=/v1/artikel/{i}&sort=name HTTP/1.1", "GET http://u:pw{i}@x.example/api/v1/gruppen HTTP/1.1",
             "PUT /api/v1/adressen/{i}?access_token={h} HTTP/1.1", "GET /api/v1/artikel?page={i} HTTP/2.0"]
    odd = ['h - - [03/Nov/2025:22:00:00 +0100] "GET /a\\"b HTTP/1.1" 200 5 "-" "x"', "", "   ", "not a log line",
           'h - - [03/Nov/2025:22:00:00 +0100] "GET /a HTTP/1.1"  200 5', 'h - - [03/Nov/2025:22:00:00 +0100] "GET /a" 400 0',
           'h - - [bad time] "GET /api/v1/products/7 HTTP/1.1" 200 5', 'h - - [03/Nov/2025:23:59:59 +0200] "GET /x HTTP/1.1" 200 5',
           'h - - [03/Nov/2025:21:00:00 +0100] "GET /api/v1/products/1 HTTP/1.1" 304 0', 'h - - [t] "GET /b HTTP/1.1" 200 1']
    out = []
    for k in range(n):
        if k < odd_until and rng.random() < 0.02:
            out.append(rng.choice(odd) + "\n")
            continue
        call = rng.choice(calls).format(i=int(rng.paretovariate(1.0)) % 400, h=f"{rng.getrandbits(64):x}")
        second = 600 + k // 30
        stamp = f"03/Nov/2025:{second // 3600 % 24:02d}:{second // 60 % 60:02d}:{second % 60:02d} +0100"
        if k < 3000:
            out.append(f'192.0.2.1 - - [{stamp}] "{call}" {rng.choice((200, 201, 404))} 17\n')  # common format
        else:
            out.append(f'192.0.2.1 - - [{stamp}] "{call}" {rng.choice((200, 204, 500))} 17 "-" "agent/1"\n')
    return "".join(out)


@pytest.mark.parametrize("odd_until", [0, 20_000], ids=["plain", "odd-lines"])
def test_blocks_count_as_the_line_by_line_reader(tmp_path: Path, odd_until: int) -> None:
    path = tmp_path / "access.log"
    path.write_text(_odd_log(random.Random(7), 40_000, odd_until))
    items, stats = run(read_access_log, str(path), shapes=False)
    per_line, per_line_stats = run(read_access_log, str(path), aggregated=False)
    assert items == aggregate(per_line)
    assert (stats.read, stats.skipped, stats.skipped_items, stats.format) == (
        per_line_stats.read, per_line_stats.skipped, per_line_stats.skipped_items, per_line_stats.format)
    blank = sum(1 for line in path.read_text().split("\n")[:-1] if not line.strip())
    assert stats.read + stats.skipped + blank == 40_000
    assert (stats.skipped > 0) == (odd_until > 0)


@pytest.mark.parametrize("referer", [' "-" "agent/1"', ""], ids=["combined", "common"])
def test_a_log_of_one_format_is_read_as_that_format(tmp_path: Path, referer: str) -> None:
    path = tmp_path / "access.log"
    path.write_text("".join(_line(n, f"GET /api/v1/products/{n % 70} HTTP/1.1").replace(' "-" "t/1"', referer)
                            for n in range(20_000)))
    items, stats = run(read_access_log, str(path), shapes=False)
    per_line, _ = run(read_access_log, str(path), aggregated=False)
    assert items == aggregate(per_line) and len(items) == 70
    assert (stats.read, stats.format) == (20_000, "combined" if referer else "common")


def test_a_bad_request_met_again_in_a_later_block_is_skipped_again(tmp_path: Path) -> None:
    requests = [f"GET /api/v1/products/{n} HTTP/1.1" for n in range(9)] + ["GET /api/v1/products/9"]  # no protocol
    path = tmp_path / "access.log"
    path.write_text("".join(_line(n, requests[n % 10]) for n in range(1, 8001)))  # several blocks
    items, stats = run(read_access_log, str(path), shapes=False)
    per_line, _ = run(read_access_log, str(path), aggregated=False)
    assert items == aggregate(per_line) and len(items) == 9
    assert (stats.read, stats.skipped) == (7200, 800)
    assert stats.skipped_items[-1] == (f"{path}:7999: skipped line: cannot parse request '\"GET /api/v1/products/9\"' "
                                       "(expected METHOD PATH PROTOCOL).")


def _count(path: Path, jobs: int, shapes: bool = True, classify: Any = None) -> tuple[list[Observation], ReadStats]:
    stats = ReadStats(str(path))
    counter = CallCounter(str(path), stats, shapes=shapes, classify=classify)
    if jobs == 1:
        items, stats = run(read_access_log, str(path), shapes=shapes, jobs=1, classify=classify)
        return items, stats
    count_in_jobs(str(path), counter, jobs, prefix=20_000)
    stats.read += counter.read
    return list(counter.observations()), stats


def _same(a: tuple[list[Observation], ReadStats], b: tuple[list[Observation], ReadStats]) -> None:
    assert a[0] == b[0]
    assert (a[1].read, a[1].skipped, a[1].skipped_items, a[1].format) == (b[1].read, b[1].skipped, b[1].skipped_items, b[1].format)


@pytest.mark.parametrize("shapes", ["shapes", "calls", "classes"])
@pytest.mark.parametrize("chunk", [4096, 7], ids=["chunks", "small-chunks"])
def test_several_processes_give_what_one_gives(tmp_path: Path, shapes: str, chunk: int,
                                               monkeypatch: pytest.MonkeyPatch, registry_data: Any) -> None:
    monkeypatch.setattr("registry.inputs.log_jobs.CHUNK", chunk)  # a range's counts and times arrive in pieces
    path = tmp_path / "access.log"
    path.write_text(_odd_log(random.Random(11), 60_000, 60_000))
    classify = endpoint_class(registry_data) if shapes == "classes" else None
    one = _count(path, 1, shapes != "calls", classify)
    assert one[1].skipped > 0 and len(one[0]) > (40 if classify else 100)
    _same(one, _count(path, 3, shapes != "calls", classify))


def test_classes_keep_the_first_50_calls_of_an_endpoint_and_count_the_later_ones_together(
        tmp_path: Path, registry_data: Any) -> None:
    arts = [f"AB-{n}" if n % 2 else f"SW-{n}/L/{n % 7}" for n in range(60)]  # 60 article numbers, digits or not
    lines = [_line(n, f"POST /api/shopimport/syncstorage/{art} HTTP/1.1") for n, art in enumerate(arts, start=1)]
    lines += [_line(61, "POST /api/shopimport/syncstorage/AB-3 HTTP/1.1", 500),  # a call of the first 50 again
              _line(62, "POST /api/shopimport/syncstorage/XY-1?hash=9f&api_id=2 HTTP/1.1"),  # hash auth: a class apart
              _line(63, "POST /api/shopimport/syncstorage/AB-99 HTTP/1.1", 404),
              _line(64, "GET /favicon.ico HTTP/1.1"), _line(65, "GET /favicon.ico HTTP/1.1")]  # no class: a call
    path = tmp_path / "access.log"
    path.write_text("".join(lines))
    classes, stats = run(read_access_log, str(path), shapes=True, classify=endpoint_class(registry_data))
    apart, _ = run(read_access_log, str(path), shapes=True)
    assert classes[:50] == apart[:50]  # the first 50 article numbers, each a call of its own
    assert classes[3].count == 2 and classes[3].statuses == {200: 1, 500: 1}
    assert [(o.url, o.location[len(str(path)):], o.count, o.statuses, o.auth) for o in classes[50:]] == [
        ("/api/shopimport/syncstorage/SW-50/L/1", ":51", 11, {200: 10, 404: 1}, None),
        ("/api/shopimport/syncstorage/XY-1?hash=REDACTED&api_id=REDACTED", ":62", 1, {200: 1}, "hash"),
        ("/favicon.ico", ":64", 2, {200: 2}, None)]
    assert sum(o.count for o in classes) == stats.read == 65 and len(apart) == 63


def test_a_class_keeps_calls_naming_api_id_apart(tmp_path: Path, registry_data: Any) -> None:
    """The advisor counts ``api_id=`` alone as hash evidence, so its calls are a class apart (a review find)."""
    lines = [_line(n, f"POST /api/shopimport/syncstorage/AB-{n} HTTP/1.1") for n in range(1, 52)]
    lines += [_line(52, "POST /api/shopimport/syncstorage/AB-77?api_id=3 HTTP/1.1"),
              _line(53, "POST /api/shopimport/syncstorage/AB-78#x&api_id=4 HTTP/1.1")]
    path = tmp_path / "access.log"
    path.write_text("".join(lines))
    classes, _ = run(read_access_log, str(path), shapes=True, classify=endpoint_class(registry_data))
    assert [(o.url, o.location[len(str(path)):], o.count) for o in classes[50:]] == [
        ("/api/shopimport/syncstorage/AB-51", ":51", 1),  # the plain class's later calls
        ("/api/shopimport/syncstorage/AB-77?api_id=REDACTED", ":52", 1),  # the first of the class naming api_id
        ("/api/shopimport/syncstorage/AB-78#x&api_id=REDACTED", ":53", 1)]
    plan = advise(registry_data, classes, auth=None)
    # (both blocked: the hash class by the hash statement, the rest for the pat target by the token list)
    assert sorted(((a.verdict, a.call.auth, a.call.count) for a in plan.advice), key=lambda v: (v[0], v[1] or "")) == [
        ("blocked", None, 51), ("blocked", "hash", 2)]


@pytest.mark.parametrize("ids", [120, ROOM + 200], ids=["kept-apart", "read-here"])
def test_a_shape_that_fills_up_after_the_prefix(tmp_path: Path, ids: int) -> None:
    # /api/v1/salesOrders/<n> first appears in both ranges: each keeps its calls apart and the merge
    # picks the first 50 of the file; past ROOM of them a range gives up and the rest is read here
    head = _odd_log(random.Random(5), 30_000, 30_000)
    orders = [_line(n, f"GET /api/v1/salesOrders/{n % ids} HTTP/1.1", second=3599) for n in range(2 * ids)]
    path = tmp_path / "access.log"
    path.write_text(head[: len(head) // 2] + "".join(orders[:ids]) + head[len(head) // 2 :] + "".join(orders[ids:]))
    one = _count(path, 1)
    _same(one, _count(path, 2))
    found = [o for o in one[0] if o.url.startswith("/api/v1/salesOrders/")]
    assert [(o.url, o.count) for o in found[49:]] == [("/api/v1/salesOrders/49", 2), ("/api/v1/salesOrders/50", 2 * ids - 100)]


def _registry_with(reg: Any, ep_id: str, **changes: Any) -> Any:
    endpoints = dict(reg.endpoints)
    endpoints[ep_id] = endpoints[ep_id].model_copy(update=changes)
    return SimpleNamespace(apis=reg.apis, endpoints=endpoints)


@pytest.mark.parametrize(
    ("ep_id", "changes", "uniform"),
    [
        ("rest.adressen.get-v1-id", {}, True),
        ("rest.adressen.get-v1-id", {"path": "/v1/reports/2024"}, False),  # an all-digit literal segment
        ("rest.adressen.get-v1-id", {"path": "/v1/adressen/{id}", "params": {"id": "\\d{1,3}"}}, False),  # counts digits
        ("rest.adressen.get-v1-id", {"path": "/v1/adressen/{id:[1-5]\\d*}"}, False),  # 42 and 72 answer differently
        ("rest.adressen.get-v1-id", {"path": "/v1/adressen/{a:\\d}{b:\\d+}"}, False),  # two placeholders split the digits
        ("rest.adressen.get-v1-id", {"path": "/v1/files/{name:.+}"}, True),
        ("rest.adressen.get-v1-id", {"path": "/v1/files/{name:.+/\\d{2}}"}, False),
        ("rest.adressen.get-v1-id", {"path": "/v{n:\\d+}/adressen"}, True),  # 'v' can never be an all-digit segment
    ],
    ids=["shipped", "digit-literal", "counting", "leading-digit", "shared-segment", "tail", "tail-counting", "prefixed"],
)
def test_digit_segments_uniform(registry_data: Any, ep_id: str, changes: dict[str, Any], uniform: bool) -> None:
    assert digit_segments_uniform(_registry_with(registry_data, ep_id, **changes)) is uniform


def test_an_all_digit_action_name_is_not_uniform(registry_data: Any) -> None:
    action = next(ep.id for ep in registry_data.endpoints.values() if ep.action)
    assert digit_segments_uniform(_registry_with(registry_data, action, action="2024")) is False


def test_xreg_advise_reports_the_same_bytes_with_any_number_of_processes(tmp_path: Path) -> None:
    path = tmp_path / "access.log"
    part = _odd_log(random.Random(3), 40_000, 40_000)
    path.write_text(part * (MIN_SIZE // len(part) + 1))  # big enough to be split
    xreg = str(Path(sys.executable).parent / "xreg")
    reports = [subprocess.run([xreg, "advise", "-q", "-j", str(jobs), str(path), "--format", "json"], capture_output=True,
                              check=False) for jobs in (1, 2)]
    assert [r.returncode for r in reports] == [0, 0]
    assert reports[0].stdout == reports[1].stdout and b'"location_count"' in reports[0].stdout


@pytest.mark.parametrize("protocols", [("HTTP/1.0", "HTTP/1.1"), ("HTTP/1.1", "HTTP/2.0", "HTTP/1.0")])
def test_a_call_with_its_own_group_keeps_it_under_another_protocol(protocols: tuple[str, ...]) -> None:
    """Blocks count as lines do when a call comes back with another protocol after its shape is full (a review find)."""
    def block(requests: list[str], start: int) -> list[str]:
        return [_line(start + k, r) for k, r in enumerate(requests)]

    first = block([f"GET /api/v1/products/5 {protocols[0]}"] + [f"GET /api/v1/products/{i} HTTP/1.1" for i in range(100, 151)], 1)
    again = block([f"GET /api/v1/products/5 {p}" for p in protocols[1:]] + ["GET /api/v1/products/151 HTTP/1.1"], 53)

    by_blocks = _count_both_ways(first, again)
    assert ("/api/v1/products/5", len(protocols), "x.log:1") in by_blocks
    assert by_blocks[-1] == ("/api/v1/products/149", 3, "x.log:51")  # the later calls of the shape: 149, 150, 151


@pytest.mark.parametrize(("secret", "shown"), [
    (";hash={}", "/api/v1/products/5/x;hash=REDACTED"),
    ("/4711|Yx9fKq2LmN{}", "/api/v1/products/5/x/REDACTED"),
    ("/4711%7CYx9fKq2LmN{}", "/api/v1/products/5/x/REDACTED"),
], ids=["path-parameter", "token", "escaped-token"])
def test_a_call_whose_path_is_redacted_keeps_its_group_after_its_shape_is_full(secret: str, shown: str) -> None:
    """A later call of a shape is found by its raw shape only when redaction leaves its URL as it is: else
    another spelling of a call with a group of its own ('…/5/x;hash=B' after '…/5/x;hash=A') joined the later calls."""
    def block(requests: list[str], start: int) -> list[str]:
        return [_line(start + k, r) for k, r in enumerate(requests)]

    first = block([f"GET /api/v1/products/5/x{secret.format('A')} HTTP/1.1"]
                  + [f"GET /api/v1/products/{i}/x{secret.format('B')} HTTP/1.1" for i in range(100, 151)], 1)
    again = block([f"GET /api/v1/products/5/x{secret.format('B')} HTTP/1.1"], 53)

    by_blocks = _count_both_ways(first, again)
    assert (shown, 2, "x.log:1") in by_blocks


def _count_both_ways(*blocks: list[str]) -> list[tuple[str, int, str]]:
    """The observations of ``blocks`` of log lines read as blocks (the fast path), asserted equal to those
    read line by line."""
    def count(fast: bool) -> list[tuple[str, int, str]]:
        counter = CallCounter("x.log", ReadStats("x.log"), shapes=True)
        at = 1
        for lines in blocks:
            if fast:
                counter.add_block(at, "".join(lines), len(lines))
            else:
                counter._add_lines(at, [line[:-1] for line in lines])
            at += len(lines)
        return [(o.url, o.count, o.location) for o in counter.observations()]

    by_blocks = count(True)
    assert by_blocks == count(False)
    return by_blocks
