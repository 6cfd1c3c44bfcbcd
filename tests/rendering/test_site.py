"""The compatibility docs (``xreg site``): determinism, the committed ``site/``, key rows, links, size.

HTML is checked by its key rows (parsed with the standard library's ``html.parser``), never by
whole-page snapshots. Counts are derived here from the loaded registry's statements, not from the
site's own view models.
"""
from __future__ import annotations

import json
import shlex
import re
import shutil
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest
from click.testing import CliRunner

import registry
from registry.cli import main
from registry.rendering.site import COMMANDS, MARKER, build_site, write_site

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"

#: The budget: the largest page (the current API's endpoint table, ~1 KB per endpoint) and the whole site.
PAGE_BUDGET = 600_000
SITE_BUDGET = 2_000_000

HC_PAT_DE = "https://help.xentral.com/hc/de/articles/6575192352796-Personal-Access-Token-erstellen-Legacy"
HC_PAT_EN = "https://help.xentral.com/hc/en-us/articles/6575192352796-Creating-personal-access-tokens"


class Node:
    """An element of a parsed page: tag, attributes, children and text."""

    def __init__(self, tag: str, attrs: dict[str, str], parent: Node | None) -> None:
        self.tag, self.attrs, self.parent = tag, attrs, parent
        self.children: list[Node] = []
        self.parts_in_order: list[str] = []

    def iter(self, tag: str | None = None) -> list[Node]:
        out = []
        for c in self.children:
            if tag is None or c.tag == tag:
                out.append(c)
            out.extend(c.iter(tag))
        return out

    def find(self, tag: str, **attrs: str) -> list[Node]:
        return [n for n in self.iter(tag) if all(n.attrs.get(k.replace("_", "-")) == v for k, v in attrs.items())]


_VOID = {"meta", "link", "br", "input", "img", "hr", "col", "source", "wbr"}


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", {}, None)
        self.node = self.root

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs}, self.node)
        self.node.children.append(node)
        if tag not in _VOID:
            self.node = node

    def handle_endtag(self, tag: str) -> None:
        n = self.node
        while n is not self.root and n.tag != tag:
            n = n.parent  # type: ignore[assignment]
        if n is not self.root:
            self.node = n.parent  # type: ignore[assignment]

    def handle_data(self, data: str) -> None:
        n: Node | None = self.node
        while n is not None:
            n.parts_in_order.append(data)
            n = n.parent


def parse(html: bytes) -> Node:
    parser = _Parser()
    parser.feed(html.decode("utf-8"))
    return parser.root


def text_of(node: Node) -> str:
    return " ".join("".join(node.parts_in_order).split())


# -- fixtures ---------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def reg() -> registry.Registry:
    return registry.load()


@pytest.fixture(scope="module")
def files(reg: registry.Registry) -> dict[str, bytes]:
    return build_site(reg)


@pytest.fixture(scope="module")
def pages(files: dict[str, bytes]) -> dict[str, Node]:
    return {name: parse(data) for name, data in files.items() if name.endswith(".html")}


def differences(expected: dict[str, bytes], folder: Path) -> list[str]:
    """Files of a fresh build that ``folder`` lacks or holds with other bytes, and built files it has extra."""
    out = [name for name, data in expected.items()
           if not (folder / name).is_file() or (folder / name).read_bytes() != data]
    if folder.is_dir():
        out += [p.name for p in sorted(folder.iterdir())
                if p.name not in expected and p.suffix in (".html", ".css", ".js") and MARKER.encode() in p.read_bytes()[:600]]
    return sorted(out)


# -- determinism and the committed site/ ------------------------------------------------------------
def test_rebuild_is_byte_identical(reg: registry.Registry, files: dict[str, bytes], tmp_path: Path) -> None:
    again = build_site(registry.load())
    assert list(again) == list(files)
    assert again == files
    first = write_site(files, tmp_path)
    second = write_site(again, tmp_path)
    assert first.written == sorted(files) and first.removed == []
    assert second.written == [] and second.unchanged == sorted(files) and second.removed == []
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == files


def test_committed_site_equals_a_fresh_build(files: dict[str, bytes]) -> None:
    stale = differences(files, ROOT / "site")
    assert stale == [], f"site/ is stale in {', '.join(stale)}: run `xreg site` and commit site/"


def test_stale_check_catches_a_data_change(files: dict[str, bytes], tmp_path: Path) -> None:
    """The check above must fail when data/ changes and site/ is not rebuilt."""
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    path = data / "rest" / "adressen.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("permission: list_addresses", "permission: list_adresses", 1),
                    encoding="utf-8")
    built = tmp_path / "site"
    write_site(files, built)
    changed = build_site(registry.load(data))
    assert differences(changed, built) == ["api-rest.html"]


def test_no_page_carries_a_timestamp_or_absolute_path(files: dict[str, bytes]) -> None:
    for name, data in files.items():
        text = data.decode("utf-8")
        assert str(ROOT) not in text, name
        assert not re.search(r"\b20\d\d-\d\d-\d\dT\d\d:\d\d", text), name


def test_write_site_removes_only_files_it_wrote(files: dict[str, bytes], tmp_path: Path) -> None:
    (tmp_path / "old-page.html").write_text(f"<!DOCTYPE html>\n<!-- {MARKER} from an older dataset -->\n", encoding="utf-8")
    (tmp_path / "notes.html").write_text("<p>written by hand</p>\n", encoding="utf-8")
    (tmp_path / "keep.txt").write_text(MARKER, encoding="utf-8")
    result = write_site(files, tmp_path)
    assert result.removed == ["old-page.html"]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([*files, "keep.txt", "notes.html"])


def test_site_refuses_to_overwrite_a_file_it_did_not_write(files: dict[str, bytes], tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """A user's own index.html (no marker) was replaced silently; now nothing is written and both are named."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.html").write_bytes(b"<p>my own page</p>\n")
    (docs / "scopes.html").mkdir()
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["site", "-o", "docs"])
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        "xreg: docs: not overwriting index.html, scopes.html: not written by xreg site "
        f"(no '{MARKER}' marker). Move them away or pass another folder with -o DIR.\n")
    assert sorted(p.name for p in docs.iterdir()) == ["index.html", "scopes.html"]
    assert (docs / "index.html").read_bytes() == b"<p>my own page</p>\n"

    (docs / "scopes.html").rmdir()
    (docs / "index.html").write_bytes(f"<!DOCTYPE html>\n<!-- {MARKER} from an older dataset -->\n".encode())
    result = CliRunner().invoke(main, ["site", "-o", "docs", "-q"])
    assert (result.exit_code, result.stderr) == (0, "")
    assert {p.name: p.read_bytes() for p in docs.iterdir()} == files


# -- key rows ---------------------------------------------------------------------------------------
def test_every_endpoint_appears_once_with_a_badge_per_auth_method(reg: registry.Registry, pages: dict[str, Node]) -> None:
    seen: Counter[str] = Counter()
    for api_id in reg.apis:
        page = pages[f"api-{api_id}.html"]
        table = page.find("table", id="endpoints")[0]
        for row in table.iter("tr"):
            if "id" not in row.attrs:
                continue
            eid = row.attrs["id"]
            seen[eid] += 1
            ep = reg.endpoints[eid]
            assert ep.api == api_id
            labels = [b.attrs["aria-label"] for b in row.iter("span") if b.attrs.get("role") == "img"]
            expected = [reg.statements[(eid, a)].statement.support for a in reg.auth]
            assert [lab.split(": ")[0] for lab in labels] == list(reg.auth), eid
            assert [lab.split(": ")[1].split(" ")[0] for lab in labels] == expected, eid
            symbols = [text_of(b).split(" ")[1] for b in row.iter("span") if b.attrs.get("role") == "img"]
            assert symbols == expected, eid  # the value is written out, not only coloured
            assert text_of(row).count(eid) >= 1
    assert set(seen) == set(reg.endpoints)
    assert [e for e, n in seen.items() if n != 1] == []


def test_matrix_counts_equal_the_dataset(reg: registry.Registry, pages: dict[str, Node]) -> None:
    expected: Counter[tuple[str, str, str]] = Counter()
    for (eid, auth), res in reg.statements.items():
        expected[(reg.endpoints[eid].api, auth, res.statement.support)] += 1
    shown: Counter[tuple[str, str, str]] = Counter()
    for row in pages["index.html"].find("table", **{"class": "matrix cards"})[0].iter("tr"):
        if not row.attrs.get("id", "").startswith("matrix-"):
            continue
        api_id = row.attrs["id"].removeprefix("matrix-")
        for cell in row.iter("td"):
            for link in cell.iter("a"):
                value = link.attrs["data-support"]
                count = int(text_of(link.find("span", **{"class": "n"})[0]))
                shown[(api_id, cell.attrs["data-auth"], value)] += count
                assert link.attrs["href"] == f"api-{api_id}.html?auth={cell.attrs['data-auth']}&support={value}"
    assert shown == expected
    assert len(expected) >= 6


def test_pat_unavailable_list_has_13_entries_with_both_sources(reg: registry.Registry, pages: dict[str, Node]) -> None:
    page = pages["list-pat-legacy-unavailable.html"]
    rows = [r for r in page.find("table", id="entries")[0].iter("tr") if r.attrs.get("id", "").startswith("entry-")]
    listed = [text_of(r.iter("td")[1].iter("code")[0]) for r in rows]
    assert listed == [
        "/shopimport/auth", "/shopimport/syncstorage/{articlenumber:.+}", "/shopimport/articletoxentral/{articlenumber:.+}",
        "/shopimport/articletoshop/{articlenumber:.+}", "/shopimport/ordertoxentral/{ordernumber:.+}",
        "/shopimport/articlesyncstate", "/shopimport/statistics", "/shopimport/modulelinks", "/shopimport/disconnect",
        "/shopimport/reconnect", "/shopimport/status", "/shopimport/refund", "/v1/reports",
    ]
    for row in rows:
        sources = [a.attrs["href"] for a in row.iter("td")[3].iter("a")]
        assert sources == [HC_PAT_DE], row.attrs["id"]
        routes = [a.attrs["href"] for a in row.iter("td")[2].iter("a")]
        assert len(routes) == 1, row.attrs["id"]
    covered = [a.attrs["href"] for r in rows for a in r.iter("td")[2].iter("a")]
    assert covered[0] == "api-rest.html#rest.shopimport.post-auth"
    assert covered[-1] == "api-rest.html#rest.reports.get-v1-id-download"
    blocked = {ep.id for ep in reg.endpoints.values() if reg.statements[(ep.id, "pat-legacy")].origin == "list:pat-legacy-unavailable"}
    assert {h.split("#")[1] for h in covered} == blocked
    caveat = text_of(page.find("aside", **{"class": "caveat"})[0])
    assert "Diese Liste erhebt keinen Anspruch auf Vollständigkeit" in caveat


def test_pat_unavailable_paths_match_the_reference(reference_dir: Path, pages: dict[str, Node]) -> None:
    facts = (reference_dir / "XENTRAL-FACTS.md").read_text(encoding="utf-8")
    section = facts.split("## 2.", 1)[1].split("**Other documented PAT limitations**", 1)[0]
    from_reference = re.findall(r"^\| \d+ \| `([^`]+)` \|", section, flags=re.M)
    page = pages["list-pat-legacy-unavailable.html"]
    rows = [r for r in page.find("table", id="entries")[0].iter("tr") if r.attrs.get("id", "").startswith("entry-")]
    assert [text_of(r.iter("td")[1].iter("code")[0]) for r in rows] == from_reference


def test_api_page_rows_carry_scopes_permission_and_docs(reg: registry.Registry, pages: dict[str, Node]) -> None:
    row = next(r for r in pages["api-rest.html"].iter("tr") if r.attrs.get("id") == "rest.shopimport.post-auth")
    assert "communicate_with_shop" in text_of(row)
    for ep in reg.endpoints.values():
        if not (ep.scopes or ep.docs or ep.maturity != "stable"):
            continue
        row = next(r for r in pages[f"api-{ep.api}.html"].iter("tr") if r.attrs.get("id") == ep.id)
        hrefs = [a.attrs.get("href") for a in row.iter("a")]
        assert [h for h in hrefs if h and h.startswith("scopes.html#")] == [f"scopes.html#scope-{s}" for s in ep.scopes]
        if ep.docs:
            assert ep.docs in hrefs
        if ep.maturity != "stable":
            assert ep.maturity.replace("-", " ") in text_of(row)


def test_scope_index_lists_every_endpoint_under_each_of_its_scopes(reg: registry.Registry, pages: dict[str, Node]) -> None:
    expected = {(s, ep.id) for ep in reg.endpoints.values() for s in ep.scopes}
    shown = set()
    for row in pages["scopes.html"].iter("tr"):
        if row.attrs.get("id", "").startswith("scope-"):
            scope = row.attrs["id"].removeprefix("scope-")
            shown |= {(scope, a.attrs["href"].split("#")[1]) for a in row.iter("a")}
    assert shown == expected


def test_migration_map_lists_every_migration(reg: registry.Registry, pages: dict[str, Node]) -> None:
    rows = {r.attrs["id"]: r for r in pages["migrations.html"].iter("tr") if r.attrs.get("data-fit")}
    assert sorted(rows) == sorted(m.id for m in reg.migrations)
    for m in reg.migrations:
        hrefs = [a.attrs["href"].split("#")[1] for a in rows[m.id].iter("a") if "#" in a.attrs["href"]
                 and a.attrs["href"].startswith("api-")]
        assert hrefs == [*m.legacy, *m.targets]
        assert rows[m.id].attrs["data-fit"] == m.fit


def test_auth_pages_show_history_with_versions_and_dates(reg: registry.Registry, pages: dict[str, Node]) -> None:
    for auth_id, method in reg.auth.items():
        table = pages[f"auth-{auth_id}.html"].find("table", **{"class": "history cards"})
        rows = [[text_of(td) for td in r.iter("td")] for r in table[0].iter("tr")][1:] if table else []
        assert [(r[0], r[1]) for r in rows] == [(e.version or "—", e.date or "—") for e in method.history]


def test_text_from_the_data_is_escaped(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(FIXTURES / "data-mini", data)
    path = next((data / "rest").glob("*.yaml"))
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"(\n +resource: )\S+", r'\1"<script>alert(1)</script>"', text, count=1), encoding="utf-8")
    files = build_site(registry.load(data))
    page = files["api-rest.html"].decode("utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert" not in page


# -- use --------------------------------------------------------------------------------------------
def broken_links(files: dict[str, bytes]) -> tuple[list[str], int]:
    """Every internal href/src of the built pages whose file, #anchor or filter setting does not exist."""
    pages = {name: parse(data) for name, data in files.items() if name.endswith(".html")}
    ids = {name: {n.attrs["id"] for n in page.iter() if "id" in n.attrs} for name, page in pages.items()}
    controls = {name: {s.attrs["name"]: {o.attrs["value"] for o in s.iter("option")} for s in page.iter("select")}
                for name, page in pages.items()}
    inputs = {name: {i.attrs["name"] for i in page.iter("input") if "name" in i.attrs} for name, page in pages.items()}
    broken, checked = [], 0
    for name, page in pages.items():
        for node in page.iter():
            ref = node.attrs.get("href") if node.tag in ("a", "link") else node.attrs.get("src") if node.tag in ("script", "img") else None
            if ref is None:
                continue
            parts = urlsplit(ref)
            if parts.scheme in ("http", "https"):
                assert parts.netloc, ref
                continue
            assert parts.scheme == "" and not parts.netloc, f"{name}: unexpected link {ref}"
            checked += 1
            target = parts.path or name
            if target not in files:
                broken.append(f"{name}: {ref} (no file {target})")
                continue
            if parts.fragment and parts.fragment not in ids.get(target, set()):
                broken.append(f"{name}: {ref} (no id {parts.fragment!r} in {target})")
            for key, value in parse_qsl(parts.query, keep_blank_values=True):
                if key in controls.get(target, {}):
                    if value not in controls[target][key]:
                        broken.append(f"{name}: {ref} ({key}={value} is not an option of the filter)")
                elif key not in inputs.get(target, set()):
                    broken.append(f"{name}: {ref} (the filter of {target} has no control {key!r})")
    return broken, checked


def test_every_internal_link_resolves(files: dict[str, bytes]) -> None:
    broken, checked = broken_links(files)
    assert broken == []
    assert checked > 1000


def test_link_checker_finds_a_broken_anchor(files: dict[str, bytes]) -> None:
    damaged = dict(files)
    damaged["index.html"] = files["index.html"].replace(b'href="about.html"', b'href="about.html#nowhere"', 1)
    damaged["scopes.html"] = files["scopes.html"].replace(b'href="about.html"', b'href="gone.html"', 1)
    broken, _ = broken_links(damaged)
    assert broken == ["index.html: about.html#nowhere (no id 'nowhere' in about.html)", "scopes.html: gone.html (no file gone.html)"]


def test_a_small_dataset_builds_with_every_link_resolving(tmp_path: Path) -> None:
    """The mini fixture has no current-API endpoints, no scopes and no migrations; every page still builds."""
    mini = registry.load(FIXTURES / "data-mini")
    files = build_site(mini)
    assert sorted(files) == sorted(["index.html", "about.html", "migrations.html", "scopes.html", "site.css", "filter.js",
                                    *(f"api-{a}.html" for a in mini.apis), *(f"auth-{a}.html" for a in mini.auth),
                                    *(f"list-{dl.id}.html" for dl in mini.lists)])
    assert broken_links(files)[0] == []
    assert b"The dataset has no migration entries yet." in files["migrations.html"]


def test_no_external_assets(pages: dict[str, Node], files: dict[str, bytes]) -> None:
    for name, page in pages.items():
        for node in page.iter():
            if node.tag in ("script", "img", "link", "iframe"):
                ref = node.attrs.get("src") or node.attrs.get("href") or ""
                assert "://" not in ref and not ref.startswith("//"), f"{name}: {node.tag} {ref}"
    css = files["site.css"].decode("utf-8")
    assert "@import" not in css and "url(" not in css and "@font-face" not in css


def test_every_filter_control_has_a_label(pages: dict[str, Node]) -> None:
    for name, page in pages.items():
        labels = {n.attrs.get("for") for n in page.iter("label")}
        for node in page.iter():
            if node.tag in ("input", "select"):
                assert node.attrs.get("id") in labels, f"{name}: {node.tag} {node.attrs}"


def test_page_size_budget(files: dict[str, bytes]) -> None:
    sizes = {name: len(data) for name, data in files.items()}
    assert {n: s for n, s in sizes.items() if s > PAGE_BUDGET} == {}
    assert sum(sizes.values()) <= SITE_BUDGET


# -- CLI --------------------------------------------------------------------------------------------
def test_cli_builds_into_a_folder_and_reports_in_json(files: dict[str, bytes], tmp_path: Path) -> None:
    out = tmp_path / "docs"
    result = CliRunner().invoke(main, ["site", "-o", str(out), "--format", "json"])
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["format_version"] == 1
    assert [f["name"] for f in report["files"]] == sorted(files)
    assert report["pages"] == sum(1 for n in files if n.endswith(".html"))
    assert report["bytes"] == sum(len(d) for d in files.values())
    assert all(f["written"] for f in report["files"]) and report["removed"] == []
    assert re.fullmatch(rf"built {report['pages']} pages \(\d+ KiB\) into {re.escape(str(out))} in \d+\.\d s: "
                        rf"{len(files)} written, 0 unchanged, 0 removed\n", result.stderr)
    again = CliRunner().invoke(main, ["site", "-o", str(out)])
    assert again.exit_code == 0 and again.stdout == ""
    assert again.stderr.endswith(f"0 written, {len(files)} unchanged, 0 removed\n")


def test_default_output_is_site_of_the_checkout() -> None:
    from registry.rendering.site import default_site_dir, templates_dir

    assert default_site_dir() == ROOT / "site"
    assert templates_dir() == ROOT / "templates" / "site"


def test_cli_reports_bad_data_without_traceback(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["site", "-o", str(tmp_path / "out"), "--data", str(tmp_path / "nope")])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "dataset directory not found" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("command", [c for _, c in COMMANDS if c != "xreg site"], ids=lambda c: c.split()[1])
def test_about_page_commands_run(command: str, pages: dict[str, Node], monkeypatch: pytest.MonkeyPatch) -> None:
    """The commands the about page offers exist and answer (run from the repository root, like its examples)."""
    assert command in text_of(pages["about.html"])
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(main, shlex.split(command)[1:])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip()


def test_sources_are_titled_links(pages: dict[str, Node]) -> None:
    """Every source link on every page shows a short title (the address is its hover text), never a raw URL."""
    links = [(name, a) for name, page in pages.items() for a in page.iter("a") if a.attrs.get("class") == "src"]
    assert len(links) > 100
    raw = [(name, text_of(a)) for name, a in links if "://" in text_of(a) or text_of(a) == a.attrs["href"]]
    assert raw == []
    route_table = [a for name, a in links if a.attrs["href"].endswith("/Modules/Api/Engine/ApiApplication.php")]
    assert {(text_of(a), a.attrs["title"]) for a in route_table} == {
        ("OpenXE-org/OpenXE: ApiApplication.php", "OpenXE-org/OpenXE:classes/Modules/Api/Engine/ApiApplication.php")}
