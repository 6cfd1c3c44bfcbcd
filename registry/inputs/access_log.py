"""Read Apache/nginx access logs (combined or common format, plain or gzip, ``-`` for stdin).

Input → output::

    203.0.113.9 - - [10/Oct/2025:13:55:36 +0200] "GET /api/v1/adressen?hash=9f3a HTTP/1.1" 200 512 "-" "curl/8.5"
    →  Observation(method='GET', url='/api/v1/adressen?hash=REDACTED', location='access.log:1',
                   kind='access-log', count=1, first_seen='2025-10-10T13:55:36+02:00',
                   last_seen='2025-10-10T13:55:36+02:00', statuses={200: 1}, auth='hash')

Formats (``LogFormat`` names of Apache; nginx's default ``combined`` is the same)::

    common    %h %l %u %t "%r" %>s %b
    combined  %h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-agent}i"

The format is detected per file from its first parsed line and recorded in ``ReadStats.format``;
lines of the other format in the same file are read too (the fields used are common to both).
Extra leading fields (Apache ``vhost_combined``) are tolerated: the request is the first quoted
field and the time the ``[…]`` right before it; a line whose time has another shape is still read,
without a time.

Parsing splits on the first two ``"`` and on spaces (no regular expression per line); a regular
expression is used only for a request with an escaped quote inside. The request must be
``METHOD PATH PROTOCOL``; anything else is skipped and counted, with a message such as
``logs/access.log:1187: skipped line: cannot parse request '"GET /api/v1/products/12' (expected METHOD PATH PROTOCOL).``
Blank lines are not items and are not counted.

Auth: an access log does not record the ``Authorization`` header. The reader sets ``auth="hash"``
when the URL carries the Standard API ``hash=`` parameter (HC-LEGACY) and leaves ``auth=None``
(not known) otherwise. The user field (``%u``) is *not* used: Apache fills it only when one of its
own auth modules authenticated the request and nginx's ``$remote_user`` only from Basic
credentials, while Xentral checks Digest in PHP (OpenXE ``DigestAuth.php``), so a Digest call logs
``-`` there. The user name itself never leaves the reader.

``read_access_log(path, stats)`` aggregates the lines of one call (same method, path and query
parameter names: query values never choose an endpoint and are set aside, see
``registry.inputs.call_shape.call_key``) into one observation, with the redacted URL of its first line, the count, first/last time seen (ISO 8601, the log's own UTC offset) and the status
codes seen; the location is the first line. ``aggregated=False`` yields one observation per line, and
``aggregate()`` merges any observations the same way. Aggregation runs a block of lines at a time
(``log_counter``), can count the calls of a shape beyond its first 50 together (``shapes``) and can
split a big plain file over processes (``jobs``, ``log_jobs``); ``log_grouping`` sets both for
callers that reach the reader through ``detect.read_inputs``.
"""
from __future__ import annotations

import re
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date, datetime, timezone
from typing import Callable, Hashable, Iterable, Iterator

from registry.inputs.base import Observation, ReadStats
from registry.inputs.call_shape import call_key
from registry.inputs.redact import clean_text, has_hash_auth, redact_url
from registry.inputs.stream import (DamagedMember, can_read_again, damage_of, flag_suspect, gzip_damage, iter_line_batches,
                                   iter_text_blocks, open_input)

EXPECTED_REQUEST = "(expected METHOD PATH PROTOCOL)"
EXPECTED_LINE = '(expected a combined or common log line: HOST IDENT USER [TIME] "METHOD PATH PROTOCOL" STATUS BYTES)'

_MONTHS = {m: i for i, m in enumerate(("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"), 1)}
_ESCAPED_REQUEST = re.compile(r'"((?:[^"\\]|\\.)*)"\s+(\d{3}|-)')
_STATUS = {str(code): code for code in range(100, 600)}




@dataclass(frozen=True)
class LogGrouping:
    """How ``read_access_log`` groups calls when its caller does not say: see ``log_grouping``."""

    shapes: bool = False
    jobs: int = 1
    classify: Callable[[str, str], Hashable | None] | None = None


_GROUPING: ContextVar[LogGrouping] = ContextVar("access_log_grouping", default=LogGrouping())


def current_grouping() -> LogGrouping:
    """The grouping ``log_grouping`` set for this block (the default outside one)."""
    return _GROUPING.get()


@contextmanager
def log_grouping(*, shapes: bool, jobs: int = 1,
                 classify: Callable[[str, str], Hashable | None] | None = None) -> Iterator[None]:
    """Within the block, access logs read without an explicit ``shapes``/``jobs`` use these.

    The reader is usually reached through ``detect.read_inputs``; whoever knows the dataset decides::

        with log_grouping(shapes=digit_segments_uniform(reg), classify=endpoint_class(reg)):
            plan = advise(reg, items, ...)

    ``classify`` groups the calls of one class (the endpoint) beyond their first 50 (``log_counter``).
    """
    token = _GROUPING.set(LogGrouping(shapes, jobs, classify))
    try:
        yield
    finally:
        _GROUPING.reset(token)


_DAYS: dict[str, int | None] = {}  # "10/Oct/2000" → days since 0001-01-01 (None: not a date)
_OFFSETS: dict[str, int | None] = {}  # "-0700" → seconds east of UTC


def _day(text: str) -> int | None:
    if text not in _DAYS:
        month = _MONTHS.get(text[3:6])
        try:
            _DAYS[text] = None if month is None or text[2] != "/" or text[6] != "/" else date(int(text[7:11]), month, int(text[0:2])).toordinal()
        except ValueError:
            _DAYS[text] = None
        if len(_DAYS) > 100_000:
            _DAYS.clear()
    return _DAYS[text]


def _offset(text: str) -> int | None:
    if text not in _OFFSETS:
        ok = len(text) == 5 and text[0] in "+-" and text[1:].isdigit() and text[1:].isascii()
        _OFFSETS[text] = (1 if text[0] == "+" else -1) * (int(text[1:3]) * 3600 + int(text[3:5]) * 60) if ok else None
        if len(_OFFSETS) > 10_000:
            _OFFSETS.clear()
    return _OFFSETS[text]


def time_key(raw: str) -> tuple[int, str] | None:
    """``10/Oct/2000:13:55:36 -0700`` → ``(seconds since 0001-01-01 UTC, the raw text)``, sortable; ``None`` if malformed."""
    if len(raw) != 26 or raw[11] != ":" or raw[14] != ":" or raw[17] != ":" or raw[20] != " ":
        return None
    day = _day(raw[:11])
    offset = _offset(raw[21:])
    if day is None or offset is None:
        return None
    try:
        return day * 86400 + int(raw[12:14]) * 3600 + int(raw[15:17]) * 60 + int(raw[18:20]) - offset, raw
    except ValueError:
        return None


def iso_time(key: tuple[int, str] | None) -> str | None:
    """The ISO 8601 form of a time key, in the log's own offset: ``2000-10-10T13:55:36-07:00``."""
    if key is None:
        return None
    raw = key[1]
    return f"{raw[7:11]}-{_MONTHS[raw[3:6]]:02d}-{raw[0:2]}T{raw[12:20]}{raw[21:24]}:{raw[24:26]}"


def _bad_request(line: str, q1: int, q2: int) -> str:
    shown = line[q1:] if q2 < 0 else line[q1 : q2 + 1]
    return f"cannot parse request '{clean_text(shown)}' {EXPECTED_REQUEST}."


def parse_log_line(line: str) -> tuple[str, str, int | None, str | None] | str:
    """``(method, raw url, status or None, raw time or None)`` of one log line, or why it cannot be read.

    The URL is returned as logged (not redacted); callers redact it.
    """
    q1 = line.find('"')
    if q1 < 0:
        return f"no quoted request in '{clean_text(line)}' {EXPECTED_LINE}."
    q2 = line.find('"', q1 + 1)
    if q2 > 0 and line[q2 - 1] == "\\":
        m = _ESCAPED_REQUEST.search(line, q1)
        if m is None:
            return _bad_request(line, q1, -1)
        request, status_text, after = m.group(1).replace('\\"', '"'), m.group(2), -1
    elif q2 < 0:
        return _bad_request(line, q1, q2)
    else:
        request, status_text, after = line[q1 + 1 : q2], "", q2
    parts = request.split(" ")
    if len(parts) != 3 or not parts[2].startswith("HTTP/") or not parts[0].isalpha() or not parts[1]:
        return _bad_request(line, q1, q2)
    if after >= 0:
        status_text = line[after + 2 : after + 5]
    status = _STATUS.get(status_text)
    lb = line.find("[", 0, q1)
    rb = line.find("]", lb + 1, q1) if lb >= 0 else -1
    ts = line[lb + 1 : rb] if rb > lb >= 0 else None
    return parts[0].upper(), parts[1], status, ts


def read_access_log(path: str, stats: ReadStats, *, aggregated: bool = True, shapes: bool | None = None,
                    jobs: int | None = None,
                    classify: Callable[[str, str], Hashable | None] | None = None) -> Iterator[Observation]:
    """Observations from an access log; aggregated by (method, URL) unless ``aggregated=False``.

    Aggregated observations come in the order of their first line. ``shapes=True`` groups the calls
    of one call shape beyond the first 50, ``classify`` those of one class, such as the endpoint (see
    ``registry.inputs.log_counter``); ``jobs`` > 1 counts
    a big plain file in that many processes, with the same result (``registry.inputs.log_jobs``);
    ``None`` takes the setting of ``log_grouping``. Raises ``InputError`` when the file cannot be
    opened at all; unreadable lines are skipped and counted in ``stats``. A gzip file with a damaged
    member (``registry.inputs.stream``) is counted again without that member's lines, which count as
    skipped (on standard input or a pipe they stay, flagged in ``stats.suspect``); per line, the damage is
    looked for before reading.
    """
    from registry.inputs.log_counter import CallCounter
    from registry.inputs.log_jobs import can_split, count_in_jobs

    stats.unit = "lines"
    if not aggregated:
        yield from _read_lines(path, stats)
        return
    grouping = _GROUPING.get()
    shapes = grouping.shapes if shapes is None else shapes
    jobs = grouping.jobs if jobs is None else jobs
    skipped, skipped_items, fmt, notes = stats.skipped, list(stats.skipped_items), stats.format, list(stats.notes)
    leave_out: list[DamagedMember] = []
    while True:
        with open_input(path, leave_out) as (stream, name):
            counter = CallCounter(name, stats, shapes=shapes, classify=classify or grouping.classify)
            if can_split(path, jobs):
                count_in_jobs(path, counter, jobs)
            else:
                for first, block, n in iter_text_blocks(stream, name, stats):
                    counter.add_block(first, block, n)
            damaged = damage_of(stream)
        if damaged and not leave_out and can_read_again(path):  # read it again without the damaged members' lines
            stats.skipped, stats.skipped_items[:], stats.format, stats.notes[:] = skipped, skipped_items, fmt, notes
            leave_out = damaged
            continue
        flag_suspect(stats, stream, name)  # (standard input, a pipe: read once, so their damaged lines stay in)
        stats.read += counter.read
        break
    yield from counter.observations()


def check_request(request: str) -> str:
    """Why a request field cannot be read, or ``""`` when it is ``METHOD PATH PROTOCOL``."""
    parts = request.split(" ")
    if len(parts) != 3 or parts[2][:5] != "HTTP/" or not parts[0].isalpha() or not parts[1]:
        return f"cannot parse request '{clean_text(chr(34) + request + chr(34))}' {EXPECTED_REQUEST}."
    return ""


def _read_lines(path: str, stats: ReadStats) -> Iterator[Observation]:
    redacted: dict[str, str] = {}
    leave_out = gzip_damage(path)  # (lines are handed on as read: find the damage first)
    with open_input(path, leave_out) as (stream, name):
        prev_raw: str | None = None
        prev_iso: str | None = None
        for first, lines in iter_line_batches(stream, name, stats):
            for lineno, line in enumerate(lines, first):
                if not line or line.isspace():
                    continue
                parsed = parse_log_line(line)
                if isinstance(parsed, str):
                    stats.skip(f"{name}:{lineno}: skipped line: {parsed}")
                    continue
                method, url, status, ts = parsed
                if stats.format is None:
                    stats.format = "combined" if line.count('"') >= 6 else "common"
                stats.read += 1
                if ts != prev_raw:
                    prev_raw, prev_iso = ts, iso_time(time_key(ts)) if ts is not None else None
                safe = redacted.get(url)
                if safe is None:
                    safe = redact_url(url)
                    if len(redacted) < 100_000:
                        redacted[url] = safe
                yield Observation(
                    method=method,
                    url=safe,
                    location=f"{name}:{lineno}",
                    kind="access-log",
                    first_seen=prev_iso,
                    last_seen=prev_iso,
                    statuses={} if status is None else {status: 1},
                    auth="hash" if has_hash_auth(url) else None,
                )
        flag_suspect(stats, stream, name)


def _sort_key(iso: str | None) -> str | None:
    """An ISO 8601 time as a UTC string that sorts correctly across offsets (the text itself if unparsable)."""
    if iso is None:
        return None
    try:
        stamp = datetime.fromisoformat(iso)
    except ValueError:
        return iso
    if stamp.tzinfo is None:
        return stamp.strftime("%Y-%m-%dT%H:%M:%S.%f")
    return stamp.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")


def aggregate(observations: Iterable[Observation]) -> list[Observation]:
    """Merge observations of the same call (method and ``call_key`` of the URL: query values aside): counts
    and statuses add up, times widen.

    The merged observation keeps the first one's URL, location, kind and auth (``None`` when the auth
    differs between them); order is that of first appearance.
    """
    out: dict[tuple[str, str], Observation] = {}
    for obs in observations:
        key = (obs.method, call_key(obs.url))
        have = out.get(key)
        if have is None:
            out[key] = Observation(
                method=obs.method,
                url=obs.url,
                location=obs.location,
                kind=obs.kind,
                count=obs.count,
                first_seen=obs.first_seen,
                last_seen=obs.last_seen,
                statuses=dict(obs.statuses),
                auth=obs.auth,
            )
            continue
        have.count += obs.count
        if obs.first_seen is not None and (
            have.first_seen is None or (_sort_key(obs.first_seen) or "") < (_sort_key(have.first_seen) or "")
        ):
            have.first_seen = obs.first_seen
        if obs.last_seen is not None and (
            have.last_seen is None or (_sort_key(obs.last_seen) or "") > (_sort_key(have.last_seen) or "")
        ):
            have.last_seen = obs.last_seen
        for status, n in obs.statuses.items():
            have.statuses[status] = have.statuses.get(status, 0) + n
        if have.auth != obs.auth:
            have.auth = None
    for obs in out.values():
        obs.statuses = dict(sorted(obs.statuses.items()))
    return list(out.values())
