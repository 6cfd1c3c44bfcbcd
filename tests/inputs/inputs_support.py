"""Helpers of the reader tests: the fixture folder, the planted fake secrets, running a reader."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

from registry.inputs.base import ReadStats
from registry.inputs.source.vocabulary import Vocabulary

INPUTS = Path(__file__).resolve().parent.parent / "fixtures" / "inputs"

# The distinctive fake credentials planted in the fixtures; none may appear in anything a reader gives.
SECRETS = (
    "FAKEpatSECRETxyzABCDEF0123456789",  # PAT (HAR, Postman environment, PHP source)
    "FAKEdigestRESPONSE5f2a9c",  # Digest response (HAR)
    "FAKEnonce7d1e",
    "FAKEcnonce0a9b",
    "FAKEopaque3c4d",
    "c0ffeec0ffee00000000000000000000cafe1234",  # Standard API hash (HAR, log, list, environment)
    "0badc0ffee0000000000000000000000beef5678",
    "FAKEdigestPASSWORD77",  # Postman digest auth, PHP CURLOPT_USERPWD
    "FAKEapiKEYvalue5566",  # Postman apikey auth, TypeScript
    "FAKEsessionCOOKIE9911",  # HAR cookie
    "RkFLRWJhc2ljOkZBS0VwYXNzd29yZA==",  # HAR Basic credentials
    "FAKEbearerTOKENabc123def456",  # access_token in a log URL
    "FAKErefererTOKEN4455",  # token in a referer
    "FAKEbearerTOKENpython7788",
    "FAKEjavaAPIkey00998877",
    "FAKEignoredFILEsecret0000000000",
)


def run(read: Callable[..., Any], path: str, **kwargs: Any) -> tuple[list[Any], ReadStats]:
    stats = ReadStats(path)
    items = list(read(path, stats, **kwargs))
    return items, stats


def assert_no_secret(items: list[Any], stats: ReadStats) -> None:
    text = repr(items) + repr(stats)
    leaked = [s for s in SECRETS if s in text]
    assert leaked == []


# A small, explicit vocabulary for the scanner tests (the dataset's own is checked in test_source).
VOCABULARY = Vocabulary(
    actions=frozenset({"AuftragCreate", "ArtikelGet", "BenutzerList", "Custom", "shopimages"}),
    roots=frozenset({"v1/adressen", "v1/belege", "v1/reports", "v1/artikel", "v1/products", "v3/salesOrders",
                     "shopimport", "opentrans"}),
)
