"""The values of selected request parameters, read from bodies (``registry.inputs.params``)."""
from __future__ import annotations

import pytest

from registry.inputs.params import postman_body, select_params

NAMES = {"beleg", "typ"}


@pytest.mark.parametrize(("kw", "expected"), [
    ({"form": [("xml", "<xml><beleg>auftrag</beleg><limit>5</limit></xml>")]}, {"beleg": "auftrag"}),
    ({"form": [("typ", "bestellung"), ("limit", "50")]}, {"typ": "bestellung"}),
    ({"text": "xml=%3Cxml%3E%3Cbeleg%3Erechnung%3C%2Fbeleg%3E%3C%2Fxml%3E", "mime": "application/x-www-form-urlencoded"},
     {"beleg": "rechnung"}),
    ({"text": '{"beleg": "gutschrift", "hash": "s3cr3t"}', "mime": "application/json"}, {"beleg": "gutschrift"}),
    ({"text": "<request><beleg>retoure</beleg></request>", "mime": "text/xml"}, {"beleg": "retoure"}),
    # not kept: a DOCTYPE (entities), a value that is no plain word, broken XML, nested values
    ({"text": '<!DOCTYPE x [<!ENTITY e "auftrag">]><xml><beleg>&e;</beleg></xml>', "mime": "text/xml"}, {}),
    ({"form": [("beleg", "auftrag; DROP TABLE")]}, {}),
    ({"text": "<xml><beleg>auftrag</xml>", "mime": "text/xml"}, {}),
    ({"text": '{"filter": {"beleg": "auftrag"}}', "mime": "application/json"}, {}),
], ids=["xml-field", "form", "urlencoded-text", "json", "xml-body", "doctype", "not-a-word", "broken-xml", "nested"])
def test_select_params_keeps_only_named_plain_values(kw, expected):
    assert select_params(NAMES, **kw) == expected


def test_nothing_is_looked_for_without_names():
    assert select_params((), form=[("beleg", "auftrag")]) == {}


def test_postman_bodies():
    assert postman_body({"mode": "urlencoded", "urlencoded": [{"key": "xml", "value": "{{X}}"},
                                                              {"key": "beleg", "value": "a", "disabled": True}]},
                        lambda v: v.replace("{{X}}", "<xml/>")) == ([("xml", "<xml/>")], None, None)
    assert postman_body({"mode": "raw", "raw": "{}", "options": {"raw": {"language": "json"}}}, str) == ([], "{}", "json")
    assert postman_body(None, str) == ([], None, None)
