"""The source reader: a file or a folder of code in, Xentral calls and hard-coded credentials out.

    stats = ReadStats("shop-connector/")
    for item in read_source("shop-connector", stats): ...
    # Observation('GET', '/api/v1/adressen/{id}', 'shop-connector/src/Client.php:58', 'source',
    #             auth='digest', auth_evidence='shop-connector/src/Client.php:31')
    # SecretFinding('shop-connector/src/Client.php:12', 'xentral-pat')

1. Files: by extension (``files.LANGUAGES``); in a folder, test code is left out unless
   ``include_tests`` and ``exclude`` patterns leave out more (both counted in ``stats.remarks``).
2. A byte search keeps the files that mention Xentral; the files importing one of them join them.
3. Those files are parsed (tree-sitter; in ``jobs`` processes when there are many) into ``ir.Module``s.
4. ``analyze.Analyzer`` follows the values of the whole set to the HTTP calls that send them.

The unit counted is files: every candidate file is read (searched) or skipped (binary, over 2 MB,
unreadable); files parsed with syntax errors are read as far as they go and named in ``stats.notes``.
"""
from __future__ import annotations

import os
import posixpath
from concurrent.futures import ProcessPoolExecutor
from typing import Any, Iterable, Iterator

from registry.inputs.base import Observation, ReadStats, SecretFinding
from registry.inputs.redact import redact_url
from registry.inputs.source.files import (
    import_specifiers, language_of, mentions_xentral, read_bytes, relative_candidates, select, specifier_stem,
)
from registry.inputs.source.ir import Module
from registry.inputs.source.vocabulary import Vocabulary, default_vocabulary

_CHUNK = 64
_PARALLEL_FROM = 256  # candidate files; fewer are read in this process (starting workers costs more)


def read_source(
    path: str,
    stats: ReadStats,
    *,
    vocabulary: Vocabulary | None = None,
    files: Iterable[str] | None = None,
    include_tests: bool = False,
    exclude: tuple[str, ...] = (),
    jobs: int = 1,
) -> Iterator[Observation | SecretFinding]:
    """Calls and credentials in a source file or every source file of a directory tree.

    ``files`` (paths below ``path``) skips the walk and the test/exclude selection, e.g. when
    ``detect`` already did both.
    """
    stats.unit = "files"
    stats.format = "source"
    vocab = vocabulary or default_vocabulary()
    if files is None:
        if os.path.isdir(path):
            from registry.inputs.walk import walk_tree

            found = [f for f in walk_tree(path, stats) if language_of(f)]
            files = select(path, found, include_tests, exclude, stats)
        else:
            files = [path]
    yield from scan_files(list(files), stats, vocab, jobs)


def scan_files(files: list[str], stats: ReadStats, vocab: Vocabulary, jobs: int = 1) -> Iterator[Observation | SecretFinding]:
    """Read ``files`` (all of one project) and yield their calls, then their credentials."""
    tasks = [(f, f.replace(os.sep, "/"), language_of(f) or "php") for f in files]
    first = _run(tasks, jobs, parse_all=len(tasks) == 1)
    modules: list[Module] = []
    secrets: list[SecretFinding] = []
    plain: dict[int, list[str]] = {}
    parsed_paths: dict[str, tuple[int, list[str]]] = {}  # shown path → (task index, its import specifiers)
    for i, (kind, payload) in enumerate(first):
        if kind == "skip":
            stats.skip(payload)
            continue
        stats.read += 1
        if kind == "plain":
            plain[i] = payload
        else:
            mods, found, note, specs = payload
            modules.extend(mods)
            secrets.extend(found)
            parsed_paths[tasks[i][1]] = (i, specs)
            if note:
                stats.notes.append(note)
    linked = _linked(tasks, plain, parsed_paths)
    if linked:
        second = _run([tasks[i] for i in linked], jobs, parse_all=True)
        for kind, payload in second:
            if kind == "parsed":
                mods, found, note, _specs = payload
                modules.extend(mods)
                secrets.extend(found)
                if note:
                    stats.notes.append(note)
    errors = sum(1 for n in stats.notes if n.endswith("(read as far as it goes)"))
    if errors:
        stats.remarks.append(f"{errors:,} file{'s' if errors != 1 else ''} with syntax errors read as far as they go")
    if not modules:
        yield from sorted(secrets, key=lambda s: _loc_key(s.location))
        return
    from registry.inputs.source.analyze import Analyzer

    analyzer = Analyzer(modules, vocab.actions, vocab.roots)
    rows = analyzer.run()
    stats.notes.extend(analyzer.problems)
    if analyzer.problems:
        n = len(analyzer.problems)
        stats.remarks.append(f"{n:,} piece{'s' if n != 1 else ''} of code not followed (-v lists them)")
    for r in rows:
        yield Observation(r.method, redact_url(r.url), f"{r.path}:{r.line}", "source",
                          auth=r.auth.kind if r.auth else None, auth_evidence=r.auth.where if r.auth else None)
    yield from sorted(secrets, key=lambda s: _loc_key(s.location))


def scan_text(text: str, location: str, lang: str, vocab: Vocabulary) -> list[Observation | SecretFinding]:
    """Calls and credentials of one file's text on its own (``location`` is the file as shown)."""
    from registry.inputs.source.analyze import Analyzer
    from registry.inputs.source.secrets import secrets_in

    mods, _, _ = _parse(text, location, lang)
    rows = Analyzer(mods, vocab.actions, vocab.roots).run()
    out: list[Observation | SecretFinding] = [
        Observation(r.method, redact_url(r.url), f"{r.path}:{r.line}", "source",
                    auth=r.auth.kind if r.auth else None, auth_evidence=r.auth.where if r.auth else None)
        for r in rows
    ]
    return out + secrets_in(text, location)


# -- the passes ---------------------------------------------------------------------------------------
def _run(tasks: list[tuple[str, str, str]], jobs: int, parse_all: bool) -> list[tuple[str, Any]]:
    if jobs <= 1 or len(tasks) < _PARALLEL_FROM:
        return _work(tasks, parse_all)
    chunks = [tasks[i:i + _CHUNK] for i in range(0, len(tasks), _CHUNK)]
    out: list[tuple[str, Any]] = []
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        for part in pool.map(_work, chunks, [parse_all] * len(chunks)):
            out.extend(part)
    return out


def _work(tasks: list[tuple[str, str, str]], parse_all: bool) -> list[tuple[str, Any]]:
    """Per file: ``('skip', message)``, ``('plain', import specifiers)`` or ``('parsed', (modules, secrets, note))``."""
    from registry.inputs.source.secrets import secrets_in

    out: list[tuple[str, Any]] = []
    for path, shown, lang in tasks:
        stats = ReadStats(shown)
        data = read_bytes(path, shown, stats)
        if data is None:
            out.append(("skip", stats.skipped_items[0]))
            continue
        if not parse_all and not mentions_xentral(data):
            out.append(("plain", import_specifiers(data) if lang != "markdown" else []))
            continue
        text = data.decode("utf-8", errors="replace")
        mods, errors, note = _parse(text, shown, lang)
        specs = import_specifiers(data) if lang != "markdown" else []
        out.append(("parsed", (mods, secrets_in(text, shown), note, specs)))
    return out


def _parse(text: str, shown: str, lang: str) -> tuple[list[Module], int, str | None]:
    try:
        return _parse_file(text, shown, lang)
    except RecursionError:
        return [], 0, f"{shown}: not followed: its code nests too deeply to read (its credentials are still checked)"


def _parse_file(text: str, shown: str, lang: str) -> tuple[list[Module], int, str | None]:
    if lang == "markdown":
        from registry.inputs.source.markdown import read_markdown

        mods, errors = read_markdown(text, shown)
    else:
        from registry.inputs.source.languages import read_module

        mod = read_module(text, shown, lang)
        mods = [mod] if mod is not None else []
        errors = sum(m.errors for m in mods)
    note = None
    if errors:
        note = f"{shown}: {errors:,} syntax error{'s' if errors != 1 else ''} (read as far as it goes)"
    return mods, errors, note


def _linked(tasks: list[tuple[str, str, str]], plain: dict[int, list[str]],
            parsed: dict[str, tuple[int, list[str]]]) -> list[int]:
    """The files not mentioning Xentral that are linked to one that does: they import it, it imports them
    (a module of route constants), or they share a Java/C#/PHP folder (package, namespace) and one names
    the other's class; Go files share their package folder."""
    if not parsed or not plain:
        return []
    stems = {os.path.splitext(posixpath.basename(p))[0] for p in parsed}
    dirs: dict[tuple[str, str | None], list[str]] = {}  # (folder, language) → its Xentral files
    wanted: set[str] = set()  # paths and module names the Xentral files import
    wanted_stems: set[str] = set()
    for p, (_, specs) in parsed.items():
        dirs.setdefault((posixpath.dirname(p), language_of(p)), []).append(p)
        for spec in specs:
            if spec.startswith(".") and language_of(p) != "python":
                wanted.update(relative_candidates(p, spec))
            else:
                wanted_stems.add(specifier_stem(spec).lstrip(".").rsplit(".", 1)[-1] if language_of(p) == "python"
                                 else specifier_stem(spec))
    texts: dict[str, bytes] = {}

    def text_of(path: str) -> bytes:
        if path not in texts:
            texts[path] = read_bytes(tasks[parsed[path][0]][0], path, None) or b""
        return texts[path]

    out = []
    for i, specs in plain.items():
        shown, lang = tasks[i][1], tasks[i][2]
        stem = os.path.splitext(posixpath.basename(shown))[0]
        if shown in wanted or stem in wanted_stems:
            out.append(i)
            continue
        neighbours = dirs.get((posixpath.dirname(shown), lang))
        if neighbours is not None and lang == "go":
            out.append(i)  # (a Go package is its folder: its files share every name)
            continue
        if neighbours is not None and lang in ("java", "csharp", "php"):  # one package/namespace: no import needed
            data = read_bytes(tasks[i][0], shown, None) or b""
            if any(os.path.splitext(posixpath.basename(n))[0].encode() in data for n in neighbours) \
                    or any(stem.encode() in text_of(n) for n in neighbours):
                out.append(i)
                continue
        for spec in specs:
            if lang == "python":
                if spec.lstrip(".").rsplit(".", 1)[-1] in stems:
                    out.append(i)
                    break
                continue
            if spec.startswith("."):
                if any(c in parsed for c in relative_candidates(shown, spec)):
                    out.append(i)
                    break
            elif specifier_stem(spec) in stems:
                out.append(i)
                break
    return out


def _loc_key(location: str) -> tuple[str, int]:
    path, _, line = location.rpartition(":")
    return (path, int(line)) if line.isdigit() else (location, 0)
