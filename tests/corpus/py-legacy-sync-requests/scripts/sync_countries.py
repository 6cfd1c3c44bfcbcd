#!/usr/bin/env python3
"""Mirror the country list and the article categories of the ERP into the PIM.

Runs on the old jump host, which only has the standard library: urllib with a digest handler.
"""
import json
import sys
import urllib.request

sys.path.insert(0, __file__.rsplit("/scripts/", 1)[0])
from legacy_sync.settings import HOST, PASSWORD, USER  # noqa: E402

manager = urllib.request.HTTPPasswordMgrWithDefaultRealm()
manager.add_password(None, HOST, USER, PASSWORD)
opener = urllib.request.build_opener(urllib.request.HTTPDigestAuthHandler(manager))


def countries():
    with opener.open(HOST + "/api/v1/laender") as response:
        return json.load(response)["data"]


def add_category(name, parent_id=0):
    body = json.dumps({"bezeichnung": name, "parent": parent_id}).encode()
    req = urllib.request.Request(HOST + "/api/v1/artikelkategorien", data=body, method="POST")
    req.add_header("Content-Type", "application/json")
    with opener.open(req) as response:
        return json.load(response)["id"]


def rename_category(category_id, name):
    req = urllib.request.Request(
        f"{HOST}/api/v1/artikelkategorien/{category_id}",
        data=json.dumps({"bezeichnung": name}).encode(),
        method="PUT",
        headers={"Content-Type": "application/json"},
    )
    opener.open(req).close()


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] in ("-h", "--help"):
        print("sync_countries.py: copies /api/v1/laender and the article categories into the PIM")
        sys.exit(0)
    pim = json.load(open("pim_categories.json"))
    for country in countries():
        print(country["iso"], country["bezeichnung_de"])
    for cat in pim:
        if cat.get("xentral_id"):
            rename_category(cat["xentral_id"], cat["name"])
        else:
            cat["xentral_id"] = add_category(cat["name"])
