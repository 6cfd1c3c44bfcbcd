"""Evidence: every documented statement carries the words or pointer it rests on, and the stored ones are found.

A quote, pointer or line that names a stored copy below ``../shared`` (the seed article, a reference spec or
table, the research notes XENTRAL-FACTS.md) must be found there; ``xreg validate --strict`` refuses a
documented statement without evidence for each of its sources.
"""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import registry
from registry.cli import main
from registry.errors import DataError

MINI = Path(__file__).resolve().parent / "fixtures" / "data-mini"


def _space(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _resolve_pointer(doc: Any, pointer: str) -> Any:
    """RFC 6901: ``/a/b~1c`` -> doc["a"]["b/c"] (``~1`` is ``/``, ``~0`` is ``~``; list indexes as numbers)."""
    for token in pointer.split("/")[1:]:
        token = token.replace("~1", "/").replace("~0", "~")
        doc = doc[int(token)] if isinstance(doc, list) else doc[token]
    return doc


def _unique_statements(reg: Any) -> list[tuple[str, Any]]:
    """Every statement of the dataset once (defaults, lists, endpoint exceptions and the route table's), by subject."""
    out, seen = [], set()
    for (ep_id, auth_id), res in reg.statements.items():
        if id(res.statement) not in seen:
            seen.add(id(res.statement))
            out.append((f"{ep_id} × {auth_id} ({res.origin})", res.statement))
    for dl in reg.lists:
        if id(dl.statement) not in seen:
            seen.add(id(dl.statement))
            out.append((f"list {dl.id}", dl.statement))
    return out


def _all_evidence(reg: Any) -> list[tuple[str, Any]]:
    out = [(subject, ev) for subject, st in _unique_statements(reg) for ev in st.evidence]
    out += [(f"migration {m.id}", ev) for m in reg.migrations for ev in m.evidence]
    for api in reg.apis.values():
        if api.dispatch is not None:
            out += [(f"dispatch {api.id} wrapper", ev) for ev in api.dispatch.wrapper.evidence]
            out += [(f"dispatch {api.id} registered", ev) for ev in api.dispatch.registered.evidence]
    return out


def _check(ev: Any, shared: Path) -> str | None:
    """Why this evidence is not found in its stored copy (None: found)."""
    path = shared / ev.stored
    if not path.is_file():
        return f"{ev.stored} does not exist"
    text = path.read_text(encoding="utf-8")
    if ev.pointer is not None:
        try:
            value = _resolve_pointer(json.loads(text), ev.pointer)
        except (KeyError, IndexError, ValueError, TypeError):
            return f"pointer {ev.pointer} not found in {ev.stored}"
        shown = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
        if ev.quote is not None and _space(ev.quote) not in _space(shown):
            return f"{ev.quote!r} is not in the value at {ev.pointer}"
        return None
    if ev.line is not None:
        lines = text.splitlines()
        if ev.line > len(lines):
            return f"{ev.stored} has {len(lines)} lines, not {ev.line}"
        if ev.quote is not None and _space(ev.quote) not in _space(lines[ev.line - 1]):
            return f"{ev.quote!r} is not on line {ev.line} of {ev.stored}"
        return None
    if _space(ev.quote) not in _space(text):
        return f"{ev.quote!r} is not in {ev.stored}"
    return None


def test_every_stored_quote_pointer_and_line_is_found(reference_dir: Path, registry_data: Any) -> None:
    shared = reference_dir.parent
    stored = [(subject, ev) for subject, ev in _all_evidence(registry_data) if ev.stored is not None]
    problems = [f"{subject}: {why}" for subject, ev in stored if (why := _check(ev, shared)) is not None]
    assert problems == []
    assert len(stored) == len({(s, e.source, e.quote, e.pointer, e.line) for s, e in stored}) > 20


def test_evidence_without_a_stored_copy_says_when_it_was_read(registry_data: Any) -> None:
    unstored = [ev for _subject, ev in _all_evidence(registry_data) if ev.stored is None]
    assert unstored and all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", ev.read) for ev in unstored)
    assert all(ev.quote for ev in unstored)  # a reader searches the source for the words


def test_every_documented_statement_has_evidence_for_each_source(registry_data: Any) -> None:
    documented = [(s, st) for s, st in _unique_statements(registry_data) if st.basis == "documented"]
    assert len(documented) == 9
    missing = [f"{subject}: {src}" for subject, st in documented for src in st.sources
               if src not in {ev.source for ev in st.evidence}]
    assert missing == []


def test_the_shipped_dataset_passes_validate_strict() -> None:
    result = CliRunner().invoke(main, ["validate", "--strict"])
    assert result.exit_code == 0, result.output
    assert result.stderr == ""


def _mini(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(MINI, tmp_path / "data")
    monkeypatch.chdir(tmp_path)
    return tmp_path / "data"


def test_validate_strict_refuses_a_documented_statement_without_evidence(tmp_path: Path, monkeypatch: Any) -> None:
    data = _mini(tmp_path, monkeypatch)
    assert CliRunner().invoke(main, ["validate", "--strict", "--data", str(data)]).exit_code == 0
    support = data / "support.yaml"
    text = support.read_text(encoding="utf-8")
    bare = re.sub(r", evidence: \[[^]]*\]\}", "}", text, count=1)  # the first default loses its evidence
    support.write_text(bare.replace("      evidence: [{source: https://example.org/pat, quote: not reachable, "
                                    'read: "2026-12-05"}]\n', ""), encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", "--strict", "--data", str(data)])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "warning: data/support.yaml:4: default rest × digest: documented statement without evidence (expected a quote, "
        "pointer or line for each source). Add evidence, or make the basis inferred and say why in the notes.",
        "warning: data/support.yaml:24: list 'unavailable': documented statement without evidence (expected a quote, "
        "pointer or line for each source). Add evidence, or make the basis inferred and say why in the notes.",
        "xreg: 2 warnings in 1 file",
    ]
    assert CliRunner().invoke(main, ["validate", "--data", str(data)]).exit_code == 0  # warnings only


def test_evidence_needs_words_and_where_to_check_them(tmp_path: Path, monkeypatch: Any) -> None:
    data = _mini(tmp_path, monkeypatch)
    support = data / "support.yaml"
    text = support.read_text(encoding="utf-8")
    old = ('evidence: [{source: https://example.org/legacy, quote: Digest only, read: "2026-12-05"}]}')
    new = ('evidence: [{source: https://example.org/legacy, quote: Digest only}, '
           '{source: https://example.org/other, quote: Digest, read: "2026-12-05"}]}')
    assert text.count(old) == 2
    text = text.replace(old, new, 1)
    support.write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as info:
        registry.load(data)
    assert str(info.value).splitlines() == [
        "data/support.yaml:4: default rest × digest: statement.evidence.0: evidence needs 'stored' (where under "
        "../shared the words are) or 'read' (the date they were read).",
        "1 error in 1 file",
    ]
    support.write_text(text.replace("quote: Digest only}", 'quote: Digest only, read: "2026-12-05"}', 1), encoding="utf-8")
    with pytest.raises(DataError) as info:
        registry.load(data)
    assert str(info.value).splitlines() == [
        "data/support.yaml:4: default rest × digest: evidence for 'https://example.org/other', which is not one of the "
        "sources. Add it to sources, or correct the evidence's source.",
        "1 error in 1 file",
    ]
