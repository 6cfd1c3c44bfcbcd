"""Sources as titled links (``registry.rendering.sources``), as the report and the site show them."""
from __future__ import annotations

import pytest

from registry.rendering.sources import SourceIndex, source_link


@pytest.mark.parametrize("source, href, title", [
    ("https://help.xentral.com/hc/de/articles/10178109235100-Legacy-API-Veraltete-API-Version",
     "https://help.xentral.com/hc/de/articles/10178109235100-Legacy-API-Veraltete-API-Version",
     "Help Center (de): Legacy API Veraltete API Version"),
    ("https://developer.xentral.com/v25.34/reference/versioning", "https://developer.xentral.com/v25.34/reference/versioning",
     "Developer docs v25.34: versioning"),
    ("https://developer.xentral.com/changelog/23016", "https://developer.xentral.com/changelog/23016",
     "Developer changelog: 23016"),
    ("https://github.com/xentral/api-spec-public/commit/1fa271a", "https://github.com/xentral/api-spec-public/commit/1fa271a",
     "xentral/api-spec-public: commit 1fa271a"),
    ("https://github.com/xentral/api-spec-public/commits/HEAD/openapi/xentral-api.openapi-3.0.0.json",
     "https://github.com/xentral/api-spec-public/commits/HEAD/openapi/xentral-api.openapi-3.0.0.json",
     "xentral/api-spec-public: history of xentral-api.openapi-3.0.0.json"),
    ("OpenXE-org/OpenXE:classes/Modules/Api/Engine/ApiApplication.php",
     "https://github.com/OpenXE-org/OpenXE/blob/HEAD/classes/Modules/Api/Engine/ApiApplication.php",
     "OpenXE-org/OpenXE: ApiApplication.php"),
    ("https://update.xentral.biz/apidoc/docs211.html", "https://update.xentral.biz/apidoc/docs211.html",
     "update.xentral.biz: apidoc/docs211.html"),
    ("javascript:alert(1)", "", "javascript:alert(1)"),
    ("release notes 22.1", "", "release notes 22.1"),
], ids=["help-center", "developer-docs", "changelog", "commit", "history", "repo-path", "other-host", "script-url",
        "free-text"])
def test_source_link_titles(source, href, title):
    assert source_link(source) == {"href": href, "title": title}


def test_source_index_numbers_by_first_reference():
    idx = SourceIndex()
    assert idx.refs(["https://b.example/1", "https://a.example/2"]) == [1, 2]
    assert idx.refs(["https://c.example/3", "https://a.example/2", "https://a.example/2"]) == [2, 3]
    assert [(e["n"], e["source"], e["title"]) for e in idx.entries()] == [
        (1, "https://b.example/1", "b.example: 1"), (2, "https://a.example/2", "a.example: 2"),
        (3, "https://c.example/3", "c.example: 3")]
