"""Path templates of the three APIs, parsed into one list of parts.

FastRoute (legacy REST API, as in ``ApiApplication.php``)::

    parse_fastroute("/v1/adressen/{id:\\d+}")
    -> [["/v1/adressen/", Param("id", "\\d+")]]
    parse_fastroute("/user[/{id:\\d+}[/{name}]]")         # optional tails, nested
    -> [["/user"], ["/user/", Param("id", "\\d+")], ["/user/", Param("id", "\\d+"), "/", Param("name", "[^/]+")]]

A placeholder without a regex matches ``[^/]+``; a regex may span slashes (``{articlenumber:.+}``).

OpenAPI (current API)::

    parse_openapi("/api/v1/products/{id}/options") -> ["/api/v1/products/", Param("id", "[^/]+"), "/options"]
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

DEFAULT_REGEX = "[^/]+"

# FastRoute's own placeholder grammar (Std parser), with nested {} allowed inside the regex.
_PLACEHOLDER = re.compile(
    r"\{\s*(?P<name>[a-zA-Z_][a-zA-Z0-9_-]*)\s*(?::\s*(?P<regex>[^{}]*(?:\{[^{}]*\}[^{}]*)*))?\}"
)
_OPENAPI_PARAM = re.compile(r"\{(?P<name>[^{}/]+)\}")


class TemplateError(ValueError):
    """A template does not follow its syntax; the message says what and where."""


@dataclass(frozen=True)
class Param:
    """A placeholder: its name and the regex a value must match."""

    name: str
    regex: str = DEFAULT_REGEX


Part = str | Param


def parse_fastroute(template: str) -> list[list[Part]]:
    """Parse a FastRoute template into its variants (one per optional tail), shortest first.

    Raises ``TemplateError`` for unbalanced brackets, optional parts not at the end, empty
    optional parts, or a regex that does not compile.
    """
    without_closing = template.rstrip("]")
    n_optional = len(template) - len(without_closing)
    segments = _split_optionals(without_closing, template)
    if len(segments) != n_optional + 1:
        raise TemplateError(f"number of opening '[' and closing ']' does not match in '{template}'")
    variants: list[list[Part]] = []
    current = ""
    for index, segment in enumerate(segments):
        if segment == "" and index != 0:
            raise TemplateError(f"empty optional part in '{template}'")
        current += segment
        variants.append(_placeholders(current, template))
    return variants


def _split_optionals(text: str, template: str) -> list[str]:
    """Split at '[' outside placeholders; ']' may appear only at the very end."""
    segments, buf, depth = [], "", 0
    for ch in text:
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
        if depth == 0 and ch == "[":
            segments.append(buf)
            buf = ""
            continue
        if depth == 0 and ch == "]":
            raise TemplateError(f"optional segments can only occur at the end of a route: '{template}'")
        buf += ch
    if depth != 0:
        raise TemplateError(f"unbalanced '{{' in '{template}'")
    segments.append(buf)
    return segments


def _placeholders(text: str, template: str) -> list[Part]:
    parts: list[Part] = []
    pos = 0
    for m in _PLACEHOLDER.finditer(text):
        if m.start() > pos:
            parts.append(text[pos : m.start()])
        regex = (m.group("regex") or DEFAULT_REGEX).strip()
        try:
            compiled = re.compile(regex)
        except (re.error, OverflowError, RecursionError) as exc:
            # OverflowError: a repeat count beyond re's limit; RecursionError: groups nested too deeply
            # (both found by tests/fuzz/test_templates_fuzz.py).
            reason = "nested too deeply" if isinstance(exc, RecursionError) else exc
            raise TemplateError(f"placeholder '{m.group('name')}' has an invalid regex '{regex}': {reason}") from None
        if compiled.groups:
            # FastRoute forbids capturing groups in placeholder regexes; so do we.
            raise TemplateError(
                f"placeholder '{m.group('name')}' regex '{regex}' contains a capturing group (use (?:...))"
            )
        parts.append(Param(m.group("name"), regex))
        pos = m.end()
    if pos < len(text):
        parts.append(text[pos:])
    _check_names(parts, template)
    for static in (p for p in parts if isinstance(p, str)):
        if "{" in static or "}" in static:
            raise TemplateError(f"malformed placeholder in '{template}'")
    return parts


def _check_names(parts: list[Part], template: str) -> None:
    # Compared as regex group names: '{a-b}' and '{a_b}' would be one group in to_regex (tests/fuzz).
    names = [_group(p.name) for p in parts if isinstance(p, Param)]
    if len(names) != len(set(names)):
        raise TemplateError(f"placeholder name used twice in '{template}'")


def parse_openapi(template: str) -> list[Part]:
    """Parse an OpenAPI path template; every ``{name}`` matches one non-empty segment."""
    parts: list[Part] = []
    pos = 0
    for m in _OPENAPI_PARAM.finditer(template):
        if m.start() > pos:
            parts.append(template[pos : m.start()])
        parts.append(Param(m.group("name")))
        pos = m.end()
    if pos < len(template):
        parts.append(template[pos:])
    for static in (p for p in parts if isinstance(p, str)):
        if "{" in static or "}" in static:
            raise TemplateError(f"malformed placeholder in '{template}'")
    _check_names(parts, template)
    return parts


def shape(parts: list[Part]) -> str:
    """A template's shape with names erased, to find templates that match the same requests."""
    return "".join(p if isinstance(p, str) else "{" + p.regex + "}" for p in parts)


def to_regex(parts: list[Part]) -> str:
    """The anchored regex of one variant, with a named group per placeholder."""
    out = []
    for p in parts:
        out.append(re.escape(p) if isinstance(p, str) else f"(?P<{_group(p.name)}>{p.regex})")
    return "^" + "".join(out) + "$"


def _group(name: str) -> str:
    group = re.sub(r"\W", "_", name)
    # A group name must be an identifier: '{0}' or '{1st}' would make re.compile fail (found by tests/fuzz).
    return group if group.isidentifier() else "_" + re.sub(r"[^A-Za-z0-9_]", "_", group)



def can_span_segments(regex: str) -> bool:
    """Whether a placeholder regex can match text containing ``/`` (and so span path segments).

    Reads the regex's parse tree; anything it does not understand counts as spanning, which is
    always safe for the matcher (a spanning placeholder is matched against the rest of the path)::

        can_span_segments(r"\\d+")   -> False
        can_span_segments("[^/]+")   -> False
        can_span_segments(".+")      -> True
    """
    try:
        tree = _sre_parser.parse(regex)
    except Exception:  # noqa: BLE001 - an invalid regex is reported by the loader
        return True
    return _spans(list(tree))


try:  # Python 3.11+
    import re._constants as _sre  # type: ignore[import-not-found]
    import re._parser as _sre_parser  # type: ignore[import-not-found]
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants as _sre  # type: ignore[no-redef]
    import sre_parse as _sre_parser  # type: ignore[no-redef]

_SLASH = ord("/")
_SLASH_CATEGORIES = {_sre.CATEGORY_NOT_DIGIT, _sre.CATEGORY_NOT_SPACE, _sre.CATEGORY_NOT_WORD}
_REPEATS = {_sre.MAX_REPEAT, _sre.MIN_REPEAT} | ({_sre.POSSESSIVE_REPEAT} if hasattr(_sre, "POSSESSIVE_REPEAT") else set())
_ZERO_WIDTH = {_sre.AT, _sre.ASSERT, _sre.ASSERT_NOT}


def _spans(items: list[Any]) -> bool:
    for op, arg in items:
        if op == _sre.LITERAL:
            found = arg == _SLASH
        elif op == _sre.NOT_LITERAL:
            found = arg != _SLASH
        elif op == _sre.IN:
            found = _class_has_slash(arg)
        elif op == _sre.CATEGORY:
            found = arg in _SLASH_CATEGORIES
        elif op in _REPEATS:
            found = _spans(list(arg[2]))
        elif op == _sre.SUBPATTERN:
            found = _spans(list(arg[-1]))
        elif op == _sre.BRANCH:
            found = any(_spans(list(b)) for b in arg[1])
        elif hasattr(_sre, "ATOMIC_GROUP") and op == _sre.ATOMIC_GROUP:
            found = _spans(list(arg))
        elif op in _ZERO_WIDTH:
            found = False  # anchors and lookarounds consume nothing
        else:
            found = True  # ANY, back-references, anything unknown: assume it can
        if found:
            return True
    return False


def _class_has_slash(items: list[Any]) -> bool:
    negate, hit = False, False
    for op, arg in items:
        if op == _sre.NEGATE:
            negate = True
        elif op == _sre.LITERAL and arg == _SLASH:
            hit = True
        elif op == _sre.RANGE and arg[0] <= _SLASH <= arg[1]:
            hit = True
        elif op == _sre.CATEGORY and arg in _SLASH_CATEGORIES:
            hit = True
    return hit != negate
