"""The matcher's shortcuts give the general walk's answers: first hits, answers by call shape, the memo.

``Matcher._explain`` is the general resolution (every walk, HEAD fallback, what explains a miss); every
shortcut in front of it must answer exactly as it does. The requests are built from every template of
the fixture and the shipped dataset, with digit ids (several per shape), other values, queries, HEAD,
other methods and requests that match nothing.
"""
from __future__ import annotations

import copy
import os
import pickle
import re
import uuid
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import registry
from registry import Match, MethodNotAllowed
from registry.matching.by_shape import digit_blind, digit_literals, digits_uniform, shape_of
from registry.matching.matcher import Matcher
from registry.matching.memo import MAX_URL_LENGTH
from registry.matching.results import SlicedMatch
from registry.matching.templates import can_span_segments, parse_fastroute, parse_openapi
from registry.matching.trie import ApiTrie
from registry.matching.urls import parse_url

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "matching"


def _summary(result: Any) -> tuple[Any, ...]:
    """Everything an answer says, comparable across two answers."""
    if isinstance(result, Match):
        return ("match", result.endpoint.id, result.api, result.params, result.form, result.notes, result.method,
                result.url, result.route, [_summary(a) for a in result.alternatives])
    return (type(result).__name__, result.method, result.url, result.reason, result.form, result.route,
            [str(n) for n in result.near_misses], result.url_notes, getattr(result, "allowed", ()),
            [_summary(c) for c in getattr(result, "candidates", ())])


def _values(regex: str) -> list[str]:
    spans = can_span_segments(regex)
    out = [v for v in ("5", "00042", "123456789012", "17", "98") if re.fullmatch(regex, v)]
    out += [v for v in (str(uuid.UUID(int=7919)), "ORD-7", "abc", "AB-12/3" if spans else "AB-12",
                        "AB-95/8" if spans else "AB-95") if re.fullmatch(regex, v)]
    return out[:7]


def _requests(reg: Any) -> list[tuple[str, str]]:
    out = []
    for ep in reg.endpoints.values():
        if ep.path is None or ep.path == "/{action}":
            continue
        variants = parse_fastroute(ep.path) if ep.api != "xentral" else [parse_openapi(ep.path)]
        for parts in variants:
            filled = [""]
            for p in parts:
                if isinstance(p, str):
                    filled = [f + p for f in filled]
                else:
                    vals = _values(ep.params.get(p.name, p.regex)) or ["x"]
                    filled = [f + v for f in filled for v in vals][:8]
            for route in filled:
                url = route if ep.api == "xentral" else "/api" + route
                for method in (ep.method, "HEAD", "PATCH"):
                    out += [(method, url), (method, url + "?page=3&items=20"), (method, url + "/")]
                out.append((ep.method, url.replace("/v1/", "/", 1)))  # the unversioned form
                out += [(ep.method, url.replace("/v1/", v, 1)) for v in ("/v2/", "/v3/", "/v7/")]  # one shape
    for ep in reg.endpoints.values():
        if ep.action is not None:
            out += [("POST", f"/api/{ep.action}"), ("GET", f"/api/{ep.action.lower()}?x=1"), ("PUT", f"/api/{ep.action}")]
    out += [("GET", u) for u in ("/api/.env", "/api/v1/products/details", "/api/v9/products", "/api/v1/Adressen",
                                 "/api/", "/api/v1//products/5", "/api/v1/salesOrders/abc", "/api/0042")]
    out += [(m, f"{u}/x{i}") for i in (12, 34, 5, 7) for m in ("GET", "POST") for u in (
        "/api/.env", "/api/v1/products/details", "/api/v1/adressen", "/api/v9/products", "/api/v1/Adressen",
        "/api/v1/salesOrders/abc", "/favicon.ico")]
    return out + _other_forms(out[::17])


def _other_forms(sample: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The same calls in the other forms a log or HAR file holds, each answered by shape where it may."""
    out = []
    for method, url in sample:
        if not url.startswith("/api/"):
            continue
        path, _q, query = url.partition("?")
        out += [(method, "https://acme.xentral.biz" + url), (method, "http://10.0.0.7:8080" + url),
                (method, "/www" + url), (method, "/20.3/www" + url), (method, "/21.4/www" + url),  # digits noted
                (method, " " + url), (method.lower(), url), (method, path + "?token=s3cret&page=2"),
                (method, path + "?page=12"), (method, path + "#top"), (method, path[4:]),  # no /api at all
                (method, "/api/index.php" + path[4:]), (method, "/api/index.php" + path[4:] + "?page=7"),
                (method, "/api/index.php?path=" + path[4:]), (method, path.replace("/", "/%2D", 1)),
                (method, "https://user:pw@acme.xentral.biz" + path)]
        if query:
            out.append((method, path))
    return out


@pytest.mark.parametrize("which", ["fixture", "shipped"])
def test_every_shortcut_answers_as_the_general_walk(which: str, registry_data: Any) -> None:
    reg = registry.load(FIXTURE) if which == "fixture" else registry_data
    matcher = Matcher(reg)
    requests = _requests(reg)
    assert len(requests) > (200 if which == "fixture" else 10000)
    for _round in range(2):  # the second round answers from the memo and by call shape
        for method, url in requests:
            expected = matcher._explain(method.upper(), parse_url(url))
            assert _summary(matcher.resolve(method, url)) == _summary(expected), (method, url)


@pytest.mark.parametrize(("url", "by_shape"), [
    ("/api/v1/adressen/5", True),
    ("https://acme.xentral.biz/api/v1/adressen/5?page=2", True),
    ("/www/api/v1/adressen/5", True),
    ("/v1/adressen/5", True),  # no /api: read as below it
    ("/api/index.php/v1/adressen/5", True),
    (" /api/v1/adressen/5", True),
    ("/api/v1/adressen/5#top", True),
    ("/20.3/www/api/v1/adressen/5", False),  # the note quotes the install folder's digits
    ("/api/index.php?path=/v1/adressen/5", False),  # the route is a query value
    ("/api/v1/adressen/%35", False),  # percent-encoded: the route is decoded
])
def test_forms_answered_by_call_shape(registry_data: Any, url: str, by_shape: bool) -> None:
    matcher = Matcher(registry_data, shape_sightings=1)
    first = matcher.resolve("GET", url)
    assert (first.endpoint.id, first.params) == ("rest.adressen.get-v1-id", {"id": "5"})
    assert (shape_of(url) in matcher._by_shape["GET"]) is by_shape
    other = matcher.resolve("GET", url.replace("5", "7"))
    assert (other.endpoint.id, other.params, other.url) == ("rest.adressen.get-v1-id", {"id": "7"},
                                                            url.replace("5", "7").strip())


def test_a_new_query_shape_is_answered_by_its_path_and_redacted(registry_data: Any) -> None:
    matcher = Matcher(registry_data, shape_sightings=1)
    matcher.resolve("GET", "/api/v1/adressen/5?page=2")
    secret = matcher.resolve("GET", "/api/v1/adressen/6?token=abc&page=3")
    plain = matcher.resolve("GET", "/api/v1/adressen/7")
    assert [(m.params, m.url, m.route) for m in (secret, plain)] == [
        ({"id": "6"}, "/api/v1/adressen/6?token=REDACTED&page=3", "/v1/adressen/6"),
        ({"id": "7"}, "/api/v1/adressen/7", "/v1/adressen/7")]
    assert {shape_of(u) for u in ("/api/v1/adressen/5?page=2", "/api/v1/adressen/5", "/api/v1/adressen/6?token=abc&page=3")} \
        == set(matcher._by_shape["GET"])


@pytest.mark.parametrize(("url", "route"), [
    ("/api/v1/adressen/5;hash=S3CR3TA", "/v1/adressen/5;hash=REDACTED"),  # the fast path's form
    ("/api/v1/adressen/5;hash=S3CR3TA?page=2", "/v1/adressen/5;hash=REDACTED"),
    ("/api/v1/artikel/4711|Yx9fKq2LmNS3CR3TA", "/v1/artikel/REDACTED"),
    ("/api/v1/adressen/5?q=4711|Yx9fKq2LmNS3CR3TA", "/v1/adressen/5"),
    ("/www;api_id=S3CR3TA/api/v1/adressen/5", "/v1/adressen/5"),
    ("//u:S3CR3TA@acme.xentral.biz/api/v1/adressen/5", "/v1/adressen/5"),
], ids=["path-parameter", "path-parameter-and-query", "token-in-path", "token-in-query", "in-the-prefix", "userinfo"])
def test_a_secret_in_a_url_reaches_no_field_of_its_answer(registry_data: Any, url: str, route: str) -> None:
    """Given the raw URL, the matcher's answers (first sight, by shape, kept) show no secret anywhere."""
    matcher = Matcher(registry_data, shape_sightings=1)
    for asked in (url, url, url.replace("5", "7"), url, "/api/v1/adressen/5;hash=S3CR3TA/x"):
        for method in ("GET", "DELETE"):
            result = matcher.resolve(method, asked)
            shown = repr(_summary(result)) + repr([(s.endpoint.id, s.reason) for s in getattr(result, "suggestions", ())])
            assert "S3CR3TA" not in shown and "Yx9f" not in shown, (method, asked, shown)
    assert matcher.resolve("GET", url).route == route
    assert _summary(matcher.resolve("GET", url)) == _summary(matcher._explain("GET", parse_url(url)))


@pytest.mark.parametrize("urls", [
    ("/api/v1/adressen/4", "/api/v1/adressen/5?api%3Fid=11", "/api/v1/adressen/6?api%5Fid=26"),  # '?' and '_'
    ("/api/v1/products/4", "/api/v1/products/5?%75oken=abc", "/api/v1/products/6?%74oken=abc"),  # 'u' and 't'
    ("/api/v1/adressen/5 ", "/api/v1/adressen/7 ?page=1"),  # the space before '?' stays in the route
    ("/api/v1/adressen/5 ?page=1", "/api/v1/adressen/7 "),  # … and the one at the end goes
    ("/api/v1/adressen/5\t?page=1", "/api/v1/adressen/7\t?page=2", "/api/v1/adressen/8\t"),
], ids=["escaped-api_id", "escaped-token", "space-then-query", "query-then-space", "tab"])
def test_a_path_answers_a_query_of_a_new_shape_only_where_it_reads_alike(registry_data: Any,
                                                                          urls: tuple[str, ...]) -> None:
    """Review finds: an escape's hex digits are digits of the shape, and white space before '?' is kept."""
    matcher = Matcher(registry_data, shape_sightings=1)
    for url in urls:
        assert _summary(matcher.resolve("GET", url)) == _summary(matcher._explain("GET", parse_url(url))), url


_PREFIXES = ["", "https://acme.xentral.biz", "http://10.0.0.7:8080", "https://u:p@w1@acme.xentral.biz", "/www",
             "/x1/www", "/shop-ä", " ", "\t", "acme.xentral.biz", "//u:p1@acme.xentral.biz", "/w;hash=1"]
_SUFFIXES = ["", "?page=2", "?token=s3c", "?hash=a1&api_id=2", "#top", "#x?token=1", "/", " ", "?a=1 ", "?%74oken=1",
             "?%75oken=1", " ?x=1", "?path=/v1/x", "?x=1&password=2", "ä", "?ä=1", "//", ";hash=7", ";x=1",
             "?q=4711|Yx9fKq2LmN", "|12345678", "?+hash=1&%20api_id=2"]


@settings(max_examples=int(os.environ.get("XREG_FUZZ_EXAMPLES", "60")), deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.data())
def test_the_memo_answers_any_mix_of_forms_as_the_general_walk(registry_data: Any, data: st.DataObject) -> None:
    """Requests of one shape in every form, in any order, on one matcher (as a review's fuzzing found bugs)."""
    bases = []  # a few calls (method, prefix, form of a path) met again with other suffixes and digits
    for path in data.draw(st.lists(st.sampled_from(_shipped_paths(registry_data)), min_size=1, max_size=3)):
        form = data.draw(st.sampled_from([path, "/api/index.php" + path[4:], path[4:], "/api/index.php?path=" + path[4:]]))
        method = data.draw(st.sampled_from(["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "get", "Post"]))
        bases.append((method, data.draw(st.sampled_from(_PREFIXES)) + form))
    matcher = Matcher(registry_data, shape_sightings=1)
    for _ in range(40):
        method, base = data.draw(st.sampled_from(bases))
        url = re.sub("[0-9]", lambda _m: data.draw(st.sampled_from("0123456789")),
                     base + data.draw(st.sampled_from(_SUFFIXES)))
        assert _summary(matcher.resolve(method, url)) == _summary(matcher._explain(method.upper(), parse_url(url))), (
            method, url)


_PATHS: list[str] = []


def _shipped_paths(reg: Any) -> list[str]:
    """One concrete /api/… path per template of the shipped dataset (the first of ``_requests``)."""
    if not _PATHS:
        _PATHS.extend(sorted({u.split("?")[0] for _m, u in _requests(reg) if u.startswith("/api/")}))
    return _PATHS


@pytest.mark.parametrize("url", ["/api/.env/x{}", "/api/v1/Adressen/{}", "/api/v1/adresse/{}", "/api/AuftragCreat{}",
                                 "/api/auftragcreate{}", "/v1/favicon.ico/x{}", "/api/v1/products/{}/", "/api/v9/products/{}"])
def test_a_miss_answered_by_shape_suggests_what_the_general_walk_suggests(registry_data: Any, url: str) -> None:
    matcher = Matcher(registry_data, shape_sightings=1)
    matcher.resolve("GET", url.format(1))
    assert shape_of(url.format(2)) in matcher._by_shape["GET"]
    miss = matcher.resolve("GET", url.format(2))  # by shape
    expected = matcher._explain("GET", parse_url(url.format(2)))
    assert (_summary(miss), [str(s) for s in miss.suggestions]) == (_summary(expected), [str(s) for s in expected.suggestions])
    assert miss.notes == expected.notes


def test_shipped_dataset_is_answered_by_call_shape(registry_data: Any) -> None:
    assert Matcher(registry_data, shape_sightings=1)._by_shape is not None
    assert Matcher(registry_data, shape_sightings=1, memo_size=0)._by_shape is None


def test_answers_by_shape_carry_their_own_values(registry_data: Any) -> None:
    matcher = Matcher(registry_data, shape_sightings=1)
    first = matcher.resolve("GET", "/api/v1/adressen/5")
    other = matcher.resolve("GET", "/api/v1/adressen/00042?page=2&hash=9f")
    assert (first.endpoint.id, first.params, first.route) == ("rest.adressen.get-v1-id", {"id": "5"}, "/v1/adressen/5")
    assert (other.endpoint.id, other.params, other.route, other.url) == (
        "rest.adressen.get-v1-id", {"id": "00042"}, "/v1/adressen/00042", "/api/v1/adressen/00042?page=2&hash=REDACTED")


@pytest.mark.parametrize(
    ("first", "then", "expected"),
    [
        ("/api/v1/adressen/31337?page=8&hash=1f", "/api/v1/adressen/00042?page=2&hash=9f",
         ("rest.adressen.get-v1-id", {"id": "00042"}, "/api/v1/adressen/00042?page=2&hash=REDACTED",
          "/v1/adressen/00042", "rest-path")),
        ("/api/products/5", "/api/products/7", ("xentral.products.get-v1-id", {"id": "7"}, "/api/products/7",
                                                "/v1/products/7", "current-unversioned")),
        ("/api/shopimport/articletoxentral/AB-12/3", "/api/shopimport/articletoxentral/AB-45/6",
         ("rest.shopimport.post-articletoxentral-articlenumber", {"articlenumber": "AB-45/6"},
          "/api/shopimport/articletoxentral/AB-45/6", "/shopimport/articletoxentral/AB-45/6", "rest-path")),
    ],
    ids=["redacted", "unversioned", "tail"],
)
def test_an_answer_by_shape_reads_as_a_match_and_copies_as_one(registry_data: Any, first: str, then: str,
                                                               expected: tuple[Any, ...]) -> None:
    matcher = Matcher(registry_data, shape_sightings=1)
    method = registry_data.endpoints[expected[0]].method
    matcher.resolve(method, first)
    answer = matcher.resolve(method, then)
    assert type(answer) is SlicedMatch  # answered by shape: its values are sliced from the URL when read
    assert (answer.endpoint.id, answer.params, answer.url, answer.route, answer.form) == expected
    assert answer.params is answer.params and answer.alternatives == ()
    assert _summary(answer) == _summary(matcher._explain(method, parse_url(then)))
    assert repr(answer) == repr(matcher._explain(method, parse_url(then)))
    for copied in (copy.copy(answer), pickle.loads(pickle.dumps(answer))):
        assert type(copied) is Match
        assert _summary(copied) == _summary(answer)


def _trie_with(reg: Any, ep_id: str, path: str, params: dict[str, str]) -> ApiTrie:
    ep = reg.endpoints[ep_id].model_copy(update={"path": path, "params": params})
    trie = ApiTrie("rest", "fastroute")
    for parts in parse_fastroute(path):
        trie.add(ep, parts, 0, "/api", params)
    return trie


@pytest.mark.parametrize(
    ("path", "params", "uniform"),
    [
        ("/v1/adressen/{id:\\d+}", {}, True),
        ("/v1/reports/2024", {}, True),  # a literal with digits: checked letter for letter (digit_literals)
        ("/v1/adressen/{id}", {"id": "\\d{1,3}"}, True),  # counts digits, and a shape keeps the count
        ("/v1/files/{name:.+}", {}, True),
        ("/v1/files/{name:.+/\\d{2}}", {}, True),
        ("/v1/adressen/{a:\\d}{b:\\d+}", {}, True),  # two placeholders share one segment, split alike
        ("/v1/adressen/{id:[1-5]\\d*}", {}, False),  # 42 and 72 answer differently
        ("/v1/orders/{id:ORD-1\\d+}", {}, False),  # a digit as a literal of the regex
        ("/v1/orders/{id:[^7]+}", {}, False),  # a class that holds some digits
        ("/v1/files/{name:.+/(?:a|9)}", {}, False),  # a branch with a digit
    ],
    ids=["digits", "digit-literal", "counting", "tail", "tail-counting", "shared-segment", "leading-digit",
         "literal-digit", "some-digits", "branch"],
)
def test_call_shapes_only_where_digits_cannot_decide(registry_data: Any, path: str, params: dict[str, str],
                                                      uniform: bool) -> None:
    assert digits_uniform([_trie_with(registry_data, "rest.adressen.get-v1-id", path, params)]) is uniform


@pytest.mark.parametrize(
    ("regex", "blind"),
    [("\\d+", True), ("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}", True), ("[^/]+", True), ("\\w+|\\S+", True), ("(?=\\d)\\D*", True),
     ("\\d{2,4}?", True), ("[\\d-]+", True), ("[^\\d]+", True), ("v1", False), ("[0-8]", False), ("\\D|5", False),
     ("(?P<a>\\d)(?P=a)", False), ("(a)?(?(1)\\d|x)", False), ("[", False)],
)
def test_digit_blind_regexes(regex: str, blind: bool) -> None:
    assert digit_blind(regex) is blind


def test_literals_with_digits_are_checked_by_their_shape(registry_data: Any) -> None:
    trie = _trie_with(registry_data, "rest.adressen.get-v1-id", "/v1/reports/2024/{id:\\d+}", {})
    assert shape_of("/api/v1/a-17?x=2") == b"/api/v0/a-00?x=0"
    assert digit_literals([trie], {"Export2Csv": object(), "AuftragCreate": object()}) == {"v0", "0000", "export0csv"}


@pytest.mark.parametrize(("first", "then", "expected"), [
    (("GET", "/api/v0/products/5"), ("GET", "/api/v1/products/5"), "xentral.products.get-v1-id"),
    (("GET", "/api/v1/dateien/5/base00"), ("GET", "/api/v1/dateien/5/base64"), "rest.dateien.get-v1-id-base64"),
    (("PUT", "/api/v0/adressen/5"), ("PUT", "/api/v1/adressen/5"), "rest.adressen.put-v1-id"),
    (("GET", "/shop-ä/api/v0/products/5"), ("GET", "/shop-ä/api/v1/products/5"), "xentral.products.get-v1-id"),
])
def test_a_remembered_miss_does_not_answer_a_literal_spelt_with_other_digits(
        registry_data: Any, first: tuple[str, str], then: tuple[str, str], expected: str) -> None:
    """'v0' has the shape of 'v1' and is its own shape: a miss on it must not answer 'v1' (a review find)."""
    matcher = Matcher(registry_data, shape_sightings=1)
    assert not matcher.resolve(*first)
    for _ in range(3):
        assert matcher.resolve(*then).endpoint.id == expected
    assert matcher._explain(then[0], parse_url(then[1])).endpoint.id == expected


@pytest.mark.parametrize("url", ["/api/v1/products/5 ", "/api/v1/products/5\t", "/api/v1/products/5?page=2 "])
def test_trailing_white_space_is_read_as_the_general_walk_reads_it(registry_data: Any, url: str) -> None:
    matcher = Matcher(registry_data, shape_sightings=1)
    for _ in range(3):
        match = matcher.resolve("GET", url)
        assert (match.endpoint.id, match.params) == ("xentral.products.get-v1-id", {"id": "5"})
    assert matcher._explain("GET", parse_url(url)).endpoint.id == "xentral.products.get-v1-id"


def test_memo_keeps_an_answer_when_its_request_comes_again(registry_data: Any) -> None:
    matcher = Matcher(registry_data, shape_sightings=1, memo_size=8)
    first = matcher.resolve("GET", "/api/v1/products/5")
    matcher.resolve("GET", "/api/v1/products/6")
    second = matcher.resolve("GET", "/api/v1/products/5")
    assert second is not first  # a repeat is answered again, then kept
    assert matcher._kept == {"GET": {"/api/v1/products/5": second}}
    assert matcher.resolve("GET", "/api/v1/products/6") is matcher.resolve("GET", "/api/v1/products/6")
    assert matcher.resolve("GET", "/api/v1/products/5") is second
    matcher.clear_memo()
    assert matcher.resolve("GET", "/api/v1/products/5") is not second


def test_first_sights_are_marked_as_often_as_requests_come_again(registry_data: Any) -> None:
    matcher = Matcher(registry_data, shape_sightings=1)
    for i in range(40_000):  # fresh ids only: every 2nd, 4th, 8th, then 16th first sight is marked
        matcher.resolve("GET", f"/api/v1/products/{i}")
    assert (matcher._stride, matcher._kept) == (16, {})
    for i in range(20_000):  # 700 requests again and again: every first sight is marked, all are kept
        matcher.resolve("GET", f"/api/v1/products/{i % 700}?r=1")
    assert matcher._stride == 1
    assert all(f"/api/v1/products/{i}?r=1" in matcher._kept["GET"] for i in range(700))


def test_memo_keeps_answers_in_two_halves(registry_data: Any) -> None:
    matcher = Matcher(registry_data, shape_sightings=1, memo_size=4)  # halves of two answers
    a, b, c, d = (f"/api/v1/products/{i}" for i in range(4))
    kept = {}
    for url in (a, b, c):  # c fills a fresh young half: a and b are the old half now
        matcher.resolve("GET", url)
        kept[url] = matcher.resolve("GET", url)
    assert matcher.resolve("GET", a) is kept[a]  # found in the old half: moves back to the young one
    matcher.resolve("GET", d)
    matcher.resolve("GET", d)  # d fills a fresh young half again: b is dropped with the old half
    assert matcher.resolve("GET", a) is kept[a] and matcher.resolve("GET", c) is kept[c]
    assert matcher.resolve("GET", b) is not kept[b]
    assert sum(len(urls) for half in (matcher._kept, matcher._old) for urls in half.values()) <= 4


def test_clearing_the_memo_may_keep_the_answers_by_shape(registry_data: Any) -> None:
    matcher = Matcher(registry_data, shape_sightings=1)
    for i in range(40_000):  # fresh ids: only every 16th first sight is marked
        matcher.resolve("GET", f"/api/v1/products/{i}")
    assert matcher._stride == 16
    matcher.clear_memo(shapes=False)
    assert (matcher._stride, matcher._countdown, matcher._samples, matcher._repeats) == (1, 1, 0, 0)
    kept = matcher.resolve("GET", "/api/v1/adressen/5")
    matcher.resolve("GET", "/api/v1/adressen/5")
    matcher.clear_memo(shapes=False)
    assert (matcher._kept, matcher._seen) == ({}, set())
    assert type(matcher.resolve("GET", "/api/v1/adressen/5")) is SlicedMatch  # by its shape, not the walk
    matcher.clear_memo()
    again = matcher.resolve("GET", "/api/v1/adressen/5")
    assert type(again) is Match and again is not kept and again.params == {"id": "5"}


def test_a_url_asked_with_two_methods_shares_its_mark(registry_data: Any) -> None:
    matcher = Matcher(registry_data, shape_sightings=1)
    matcher.resolve("GET", "/api/v1/adressen/5")
    put = matcher.resolve("PUT", "/api/v1/adressen/5")  # a first sight of PUT, a second of the URL: kept
    assert put.endpoint.id == "rest.adressen.put-v1-id" and matcher._kept == {"PUT": {"/api/v1/adressen/5": put}}
    assert matcher.resolve("PUT", "/api/v1/adressen/5") is put


@pytest.mark.parametrize("size", [1, 2, 3])
def test_a_small_memo_keeps_no_more_answers_than_its_size(registry_data: Any, size: int) -> None:
    matcher = Matcher(registry_data, shape_sightings=1, memo_size=size)
    for i in range(6):
        url = f"/api/v1/products/{i}"
        matcher.resolve("GET", url)
        matcher.resolve("GET", url)  # a second sight: kept
        held = sum(len(urls) for half in (matcher._kept, matcher._old) for urls in half.values())
        assert held <= size


def test_an_answer_changed_by_its_caller_does_not_change_later_answers_of_its_shape(registry_data: Any) -> None:
    matcher = Matcher(registry_data, shape_sightings=1)
    first = matcher.resolve("GET", "/api/v1/adressen/5")
    first.notes = ("changed",)  # answers are read-only, but a plain Match lets a caller do this
    later = matcher.resolve("GET", "/api/v1/adressen/6")
    assert type(later) is SlicedMatch and later.notes == () and later.params == {"id": "6"}


def test_memo_stays_bounded(registry_data: Any) -> None:
    matcher = Matcher(registry_data, shape_sightings=1, memo_size=8)
    for round_ in range(2):
        for i in range(50):
            matcher.resolve("GET", f"/api/v1/products/{i}?r={round_}")
            matcher.resolve("GET", f"/api/v1/products/{i}/x{i}")
    assert sum(len(urls) for urls in matcher._kept.values()) <= 8 and len(matcher._seen) <= 8
    assert matcher._by_shape is not None and [len(shapes) <= 8 for shapes in matcher._by_shape.values()] == [True]


def test_a_url_longer_than_a_server_accepts_is_not_matched(registry_data: Any) -> None:
    url = "/api/v1/products/5?hash=9f3a&q=" + "x" * 9000
    result = registry_data.resolve("GET", url)
    assert isinstance(result, registry.Unmatched) and not isinstance(result, MethodNotAllowed)
    assert result.reason == ("the URL is 9031 characters long, longer than the 8190 a server accepts "
                             "(Apache's LimitRequestLine default), so it was not matched")
    assert result.url == "/api/v1/products/5?hash=REDACTED&q=" + "x" * 45 + "…"
    assert result.notes == (result.reason,)
    assert result.suggestions == ()


def test_a_url_at_the_limit_is_matched(registry_data: Any) -> None:
    url = "/api/v1/products/5?q="
    url += "x" * (MAX_URL_LENGTH - len(url))
    assert len(url) == 8190
    assert registry_data.resolve("GET", url).endpoint.id == "xentral.products.get-v1-id"


def test_a_call_shape_is_remembered_at_its_second_sight(registry_data: Any) -> None:
    """A first sight only marks its shape: a log of fresh hex ids makes one per line, never to come again."""
    matcher = Matcher(registry_data)
    first = matcher.resolve("GET", "/api/v1/adressen/5")
    assert (first.endpoint.id, first.params) == ("rest.adressen.get-v1-id", {"id": "5"})
    assert shape_of("/api/v1/adressen/5") not in matcher._by_shape.get("GET", {})
    second = matcher.resolve("GET", "/api/v1/adressen/6")
    assert type(second) is Match and second.params == {"id": "6"}
    assert shape_of("/api/v1/adressen/5") in matcher._by_shape["GET"]
    third = matcher.resolve("GET", "/api/v1/adressen/7")
    assert type(third) is SlicedMatch and (third.endpoint.id, third.params) == ("rest.adressen.get-v1-id", {"id": "7"})


_HOSTILE_IDS = ("5f3a9c0e11", "0b7f3c1e-2a4d-4c8e-9f10-3d2e1a0b9c8d", "aGVsbG8td29ybGQ", "AU2025001234", "AB-12-BLK",
                "v1", "products", "", "%41", "x;hash=1")


def test_first_sights_answer_as_the_general_walk_on_every_template_with_realistic_and_hostile_ids(
        registry_data: Any) -> None:
    """Differential: a fresh matcher's first sight (route plans, shapes marked not yet remembered) against the
    general walk (``_explain``), for every route, action and operation with digit, realistic and hostile ids,
    every method the path is known for and two it is not, query strings, slashes and case."""
    requests = list(_requests(registry_data))
    for ep in registry_data.endpoints.values():
        if ep.path is None or ep.path == "/{action}":
            continue
        template = ep.path if ep.api == "xentral" else "/api" + re.sub(r"\[.*\]$", "", ep.path)
        for value in _HOSTILE_IDS:
            url = re.sub(r"\{[^}]*\}", value, template)
            for method in (ep.method, "GET", "DELETE"):
                requests += [(method, url), (method, url + f"?page=2&redirect_to={value}"), (method, url.upper())]
    requests += [("GET", "/wp-login.php?redirect_to=9f3a"), ("GET", "/api/.env"), ("POST", "/api/v1/prodcts/5"),
                 ("GET", "/api//v1/products/5"), ("GET", "/api/v1/products/5?path=/v1/adressen/3")]
    assert len(requests) > 20_000
    for sightings in (2, 1):
        fresh = Matcher(registry_data, shape_sightings=sightings)
        for method, url in requests:
            got = fresh.resolve(method, url)
            assert _summary(got) == _summary(fresh._explain(method.upper(), parse_url(url))), (method, url)
