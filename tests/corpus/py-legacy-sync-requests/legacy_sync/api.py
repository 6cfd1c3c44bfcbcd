"""The legacy Xentral REST API through a requests session with Digest authentication."""
from __future__ import annotations

import logging
from typing import Any, Iterator

import requests
from requests.auth import HTTPDigestAuth

from .settings import API_PATH, DOC_KINDS, TIMEOUT

log = logging.getLogger("legacy_sync")


class LegacyApi:
    def __init__(self, host: str, user: str, password: str) -> None:
        self.host = host.rstrip("/")
        self.url = self.host + API_PATH
        self.session = requests.Session()
        self.session.auth = HTTPDigestAuth(user, password)
        self.session.headers.update({"Accept": "application/json"})

    # addresses ------------------------------------------------------------------------------

    def addresses(self, **filters: Any) -> Iterator[dict]:
        page = 1
        while True:
            response = self.session.get(self.url + "/adressen", params={**filters, "page": page}, timeout=TIMEOUT)
            response.raise_for_status()
            body = response.json()
            yield from body["data"]
            if page >= body["pagination"]["page_last"]:
                return
            page += 1

    def address(self, address_id: int) -> dict:
        response = self.session.get("%s/adressen/%d" % (self.url, address_id), timeout=TIMEOUT)
        response.raise_for_status()
        return response.json()

    def create_address(self, data: dict) -> int:
        response = self.session.post(self.url + "/adressen", json=data, timeout=TIMEOUT)
        response.raise_for_status()
        return response.json()["id"]

    def update_address(self, address_id: int, changes: dict) -> None:
        self.session.put("{}/adressen/{}".format(self.url, address_id), json=changes, timeout=TIMEOUT).raise_for_status()

    def address_types(self) -> list[dict]:
        return self.session.get(f"{self.url}/adresstyp", timeout=TIMEOUT).json()["data"]

    # documents ------------------------------------------------------------------------------

    def recent_orders(self) -> list[dict]:
        response = self.session.get(f"{self.url}/belege/auftraege?sort=-datum&items=50", timeout=TIMEOUT)
        return response.json()["data"]

    def document(self, kind: str, document_id: int) -> dict:
        segment = DOC_KINDS[kind]
        response = self.session.get(f"{self.url}/belege/{segment}/{document_id}", timeout=TIMEOUT)
        response.raise_for_status()
        return response.json()

    def delete_invoice(self, invoice_id: int) -> None:
        log.info("deleting invoice %s (DELETE /api/v1/belege/rechnungen/%s)", invoice_id, invoice_id)
        requests.request(
            "DELETE",
            f"{self.url}/belege/rechnungen/{invoice_id}",
            auth=self.session.auth,
            timeout=TIMEOUT,
        ).raise_for_status()

    # files ----------------------------------------------------------------------------------

    def upload(self, path: str, title: str) -> int:
        with open(path, "rb") as fh:
            response = self.session.post(self.url + "/dateien", files={"file": fh}, data={"titel": title})
        response.raise_for_status()
        return response.json()["id"]

    def scanned_documents(self) -> list[dict]:
        return self.session.get(self.url + "/docscan").json()["data"]

    # subscriptions --------------------------------------------------------------------------

    def subscription_groups(self) -> list[dict]:
        return self.session.get(self.url + "/abogruppen").json()["data"]

    def update_subscription(self, subscription_id: int, changes: dict) -> None:
        self.session.put(self.url + f"/aboartikel/{subscription_id}", json=changes).raise_for_status()

    # Standard API over /api/{Action}, same API account ---------------------------------------

    def create_order_xml(self, xml: str) -> str:
        response = self.session.post(f"{self.host}/api/AuftragCreate", data={"xml": xml}, timeout=TIMEOUT)
        response.raise_for_status()
        return response.text

    def project_list(self) -> str:
        return self.session.post(self.host + "/api/ProjektListe", data={"xml": "<xml/>"}).text
