"""Template parsers take any string: they return parts or raise ``TemplateError``, nothing else."""
from __future__ import annotations

import re

import pytest
from fuzz_settings import FUZZ, hang_guard
from hypothesis import example, given
from hypothesis import strategies as st

from registry.matching.templates import Param, TemplateError, parse_fastroute, parse_openapi, to_regex

# Characters that mean something to FastRoute or to a regex, plus ordinary path text.
TEMPLATE_ALPHABET = "{}[]/:\\()?*+|^$.,-_ dapx0123456789"
template_text = st.text(alphabet=TEMPLATE_ALPHABET, max_size=60) | st.text(max_size=60)


@st.composite
def fastroute_like(draw: st.DrawFn) -> str:
    """A path made of static segments, placeholders with fuzzed regexes and optional tails."""
    pieces = []
    for _ in range(draw(st.integers(1, 4))):
        if draw(st.booleans()):
            pieces.append("/" + draw(st.text(alphabet="abcXYZ09-_.", max_size=8)))
        else:
            name = draw(st.from_regex(r"[a-zA-Z_][a-zA-Z0-9_]{0,5}", fullmatch=True))
            regex = draw(st.text(alphabet="\\d+*?()[]{}|^$.wsSa-z0-9:,", max_size=20))
            pieces.append("/{" + name + (":" + regex if draw(st.booleans()) else "") + "}")
    tails = draw(st.integers(0, 2))
    return "".join(pieces) + "".join("[/" + draw(st.text(alphabet="ab{}:\\d+", max_size=6)) for _ in range(tails)) + "]" * tails


def _check_variants(variants: list[list[object]]) -> None:
    for parts in variants:
        for part in parts:
            assert isinstance(part, (str, Param))
        re.compile(to_regex(parts))  # what parse accepted, the matcher can compile


@FUZZ
@given(template_text | fastroute_like())
@example("/{a:x{99999999999}}")  # found by this test: OverflowError from re.compile
@example("/{a:" + "(" * 1000 + ")" * 1000 + "}")  # found by this test: RecursionError from re.compile
@example("/{a:(?:" * 60 + "}")
def test_parse_fastroute_raises_only_template_error(template: str) -> None:
    with hang_guard("parse_fastroute"):
        try:
            variants = parse_fastroute(template)
        except TemplateError as exc:
            assert str(exc)
            return
    _check_variants(variants)


@FUZZ
@given(template_text)
def test_parse_openapi_raises_only_template_error(template: str) -> None:
    with hang_guard("parse_openapi"):
        try:
            parts = parse_openapi(template)
        except TemplateError as exc:
            assert str(exc)
            return
    _check_variants([parts])


@pytest.mark.parametrize(
    ("template", "message"),
    [
        ("/{a:x{99999999999}}", "placeholder 'a' has an invalid regex 'x{99999999999}': the repetition number is too large"),
        ("/{a:" + "(?:" * 1000 + ")" * 1000 + "}", "placeholder 'a' has an invalid regex '" + "(?:" * 1000 + ")" * 1000 + "': nested too deeply"),
    ],
    ids=["huge-repeat-count", "deep-nesting"],
)
def test_fastroute_regexes_found_by_fuzzing_raise_template_error(template: str, message: str) -> None:
    with pytest.raises(TemplateError) as info:
        parse_fastroute(template)
    assert str(info.value) == message


@pytest.mark.parametrize(
    ("template", "regex"),
    [
        ("/x/{0}", r"^/x/(?P<_0>[^/]+)$"),
        ("/{1st}/{a-b}", r"^/(?P<_1st>[^/]+)/(?P<a_b>[^/]+)$"),
    ],
    ids=["digit-name", "leading-digit-and-dash"],
)
def test_openapi_names_that_are_not_identifiers_still_compile(template: str, regex: str) -> None:
    """Found by fuzzing: '{0}' gave the group name '0' and re.compile raised."""
    assert to_regex(parse_openapi(template)) == regex
    assert re.match(regex, "/x/7" if template.startswith("/x") else "/7/8").groupdict()


@pytest.mark.parametrize("template", ["/x/{id}/{id}", "/x/{a-b}/{a_b}"], ids=["same-name", "same-group-name"])
def test_openapi_placeholder_used_twice_is_a_template_error(template: str) -> None:
    with pytest.raises(TemplateError) as info:
        parse_openapi(template)
    assert str(info.value) == f"placeholder name used twice in '{template}'"
