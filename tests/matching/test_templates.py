"""The template grammar shared by loader and matcher: FastRoute variants, OpenAPI parts, spanning placeholders."""
from __future__ import annotations

import re

import pytest

from registry.matching.templates import Param, TemplateError, can_span_segments, parse_fastroute, parse_openapi, shape, to_regex


@pytest.mark.parametrize(
    ("template", "variants"),
    [
        ("/v1/adressen", [["/v1/adressen"]]),
        ("/v1/adressen/{id:\\d+}", [["/v1/adressen/", Param("id", "\\d+")]]),
        ("/assets/{assetfile}", [["/assets/", Param("assetfile", "[^/]+")]]),
        ("/shopimport/syncstorage/{articlenumber:.+}", [["/shopimport/syncstorage/", Param("articlenumber", ".+")]]),
        (
            "/user[/{id:\\d+}[/{name}]]",
            [["/user"], ["/user/", Param("id", "\\d+")], ["/user/", Param("id", "\\d+"), "/", Param("name", "[^/]+")]],
        ),
        ("/x/{n:\\d{2,4}}", [["/x/", Param("n", "\\d{2,4}")]]),
    ],
    ids=["static", "regex", "default", "spanning", "nested-optional", "regex-with-braces"],
)
def test_parse_fastroute_variants(template: str, variants: list[list[object]]) -> None:
    assert parse_fastroute(template) == variants


@pytest.mark.parametrize(
    ("template", "message"),
    [
        ("/user[/{id}", "number of opening '[' and closing ']' does not match in '/user[/{id}'"),
        ("/user[/x]/y", "optional segments can only occur at the end of a route: '/user[/x]/y'"),
        ("/user[]", "empty optional part in '/user[]'"),
        ("/a/{id}/{id}", "placeholder name used twice in '/a/{id}/{id}'"),
        ("/a/{id:(\\d+)}", "placeholder 'id' regex '(\\d+)' contains a capturing group (use (?:...))"),
    ],
    ids=["unbalanced", "optional-in-middle", "empty-optional", "duplicate-name", "capturing-group"],
)
def test_parse_fastroute_rejects_bad_templates(template: str, message: str) -> None:
    with pytest.raises(TemplateError) as err:
        parse_fastroute(template)
    assert str(err.value) == message


def test_parse_openapi_names_each_position() -> None:
    assert parse_openapi("/api/v1/products/{productId}/options/{id}") == [
        "/api/v1/products/", Param("productId"), "/options/", Param("id"),
    ]


def test_shape_erases_names_so_renamed_templates_collide() -> None:
    assert shape(parse_openapi("/api/v1/products/{id}/options")) == shape(parse_openapi("/api/v1/products/{productId}/options"))


def test_to_regex_anchors_and_names_groups() -> None:
    rx = re.compile(to_regex(parse_fastroute("/v1/adressen/{id:\\d+}")[0]))
    assert rx.match("/v1/adressen/17").groupdict() == {"id": "17"}
    assert rx.match("/v1/adressen/17/x") is None


@pytest.mark.parametrize(
    ("regex", "spans"),
    [
        ("[^/]+", False), ("\\d+", False), ("-?\\d+", False), ("\\w+", False),
        ("[0-9a-fA-F]{8}\\b-[0-9a-fA-F]{4}", False), ("\\d+(?=x)", False),
        (".+", True), ("\\D+", True), ("\\S+", True), ("[^a]+", True), ("[a-z/]+", True),
        ("[!-~]+", True), ("(?:a|/b)", True), ("a\\/b", True),
    ],
)
def test_can_span_segments(regex: str, spans: bool) -> None:
    assert can_span_segments(regex) is spans
