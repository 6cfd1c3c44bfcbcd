"""What every reader yields: observed calls, secret findings, and counts of what was skipped.

A reader has the form ``read_<source>(path, stats) -> Iterator[Observation | SecretFinding]``;
it redacts secrets before yielding and counts every item it reads or skips in ``stats``::

    stats = ReadStats("logs/access.log")
    for obs in read_access_log("logs/access.log", stats): ...
    stats.summary()   # 'logs/access.log: read 12405 of 12408 lines, skipped 3'
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Observation:
    """One call seen in the evidence (or several identical ones, aggregated)."""

    method: str  # upper-case HTTP method; "UNKNOWN" when the code does not say (a plain list may write "ANY")
    url: str  # as seen, secrets redacted (e.g. "index.php?module=api&action=X&hash=REDACTED")
    location: str  # "logs/access.log:1187", "session.har#entry 3", "shop.postman.json > Orders > Create", "src/api.php:42"
    kind: str  # "list" | "access-log" | "har" | "postman" | "source"
    count: int = 1
    first_seen: str | None = None  # ISO 8601 where the input has times
    last_seen: str | None = None
    statuses: dict[int, int] = field(default_factory=dict)
    auth: str | None = None  # "bearer" | "digest" | "basic" | "hash" | "apikey" | "other" | "none" | None (not known)
    #: Values of the few parameters the dataset's parameter-aware migrations name, found in the request body
    #: (``{"beleg": "auftrag"}``; registry.inputs.params); the query string stays in ``url``. Never a body or a secret.
    params: dict[str, str] = field(default_factory=dict)
    auth_evidence: str | None = None  # where a source scan saw that auth set up ("src/Client.php:31")


@dataclass
class SecretFinding:
    """A credential written into source code: where and what kind, never the value."""

    location: str
    kind: str  # "bearer-token" | "digest-password" | "standard-api-hash" | "api-key" | ...


@dataclass
class ReadStats:
    """How much one input gave: items read, items skipped, and why each was skipped."""

    source: str
    unit: str = "lines"
    read: int = 0
    skipped: int = 0
    skipped_items: list[str] = field(default_factory=list)
    format: str | None = None  # what the input was read as: "combined", "common", "har", "postman", "list", "source"
    notes: list[str] = field(default_factory=list)  # worth saying, not a skip: unresolved variables, excluded folders
    damaged: int = 0  # of the skipped lines, those of damaged gzip members (left out: they cannot be trusted)
    suspect: int = 0  # lines read from damaged gzip members that could not be left out (standard input, a pipe)
    given: str | None = None  # the input as the user gave it (a folder for the files found in it), set by read_inputs
    warnings: list[str] = field(default_factory=list)  # worth one stderr line even without -v (also in ``notes``)
    remarks: list[str] = field(default_factory=list)  # always said with the summary: "left out 14 test files; …"

    def skip(self, message: str, count: int = 1) -> None:
        """Count ``count`` items skipped for the one reason ``message``."""
        self.skipped += count
        if len(self.skipped_items) < 10_000:
            self.skipped_items.append(message)

    def summary(self) -> str:
        """``access.log: read 12,405 of 12,408 lines, skipped 3``, and what came of damaged gzip data, if any."""
        total = self.read + self.skipped
        text = f"{self.source}: read {self.read:,} of {total:,} {self.unit}, skipped {self.skipped:,}"
        if self.damaged:
            text += f" ({self.damaged:,} of them from damaged gzip data, left out)"
        if self.suspect:
            text += f"; WARNING: {self.suspect:,} lines read may be corrupt (damaged gzip data that cannot be read again)"
        for remark in self.remarks:
            text += f"; {remark}"
        return text
