import responses

from legacy_sync.api import LegacyApi


@responses.activate
def test_address_uses_the_id():
    responses.get("https://erp.test/api/v1/adressen/5", json={"id": 5})

    assert LegacyApi("https://erp.test", "u", "p").address(5) == {"id": 5}


@responses.activate
def test_create_order_xml():
    responses.post("https://erp.test/api/AuftragCreate", body="<response/>")

    import requests

    assert requests.post("https://erp.test/api/AuftragCreate", data={"xml": "<x/>"}).text == "<response/>"
