"""Scan speed and memory of ``xreg advise`` on big access logs, side by side with awk.

Writes two realistic combined-format access logs (default 1,000,000 and 5,000,000 lines) into a temp
folder, then runs, as whole processes on the same file (page cache warm for both):

    xreg advise LOG --format json > /dev/null        (stdout redirected; never ``-o /dev/null``)
    awk '{c[$6" "$7]++}' LOG                          (the system awk; mawk on Debian)

taking turns ``--runs`` times (the fastest run of each counts, as a shared machine's other work only
slows a run down), and prints lines per second of each, xreg's speed as a fraction of awk's, xreg's peak RSS per log
(``/usr/bin/time -f %M`` around each run: one fresh process each) and whether the peak at the larger
log stays within 20 % of the smaller. Goals (issue 7): at least half of awk's speed; memory flat.

The log: Zipf-skewed calls over the three APIs: the current API (``/api/v1/products/{id}``, …), the
legacy REST API with numeric ids, shopimport with article numbers containing ``/`` and ``-``,
Standard API actions (``/api/AuftragCreate`` and the historic ``index.php?…&hash=`` form), ~10 %
requests that match nothing (scanners, static files, unknown routes); ids Zipf-distributed over
50,000 values, 2,000 client IPs, real-looking user agents, one second per ~40 lines.

The hostile log (issue 16, ``--log hostile``): 30 % scanner noise (``/wp-login.php?redirect_to=<hex>``,
``/.env``, random paths with random query values), 10 % near misses under ``/api/v1`` (hex where digits
belong, a typo, a trailing slash, wrong case), the rest real calls whose ids are UUIDs, hex, tokens,
article and order numbers (uniform over 200,000 values) with query strings. ``unmatched-hex`` and
``wp-login`` are the issue's two single-line logs. Each xreg run's memory is the peak of the summed PSS of
its whole process tree (``--jobs`` forks readers), sampled every 10 ms.

    python tests/benchmarks/bench_scan.py [--log clean hostile] [--lines 1000000 5000000] [--jobs 1 2]
                                          [--gzip] [--busy] [--runs 3] [--keep DIR]
"""
from __future__ import annotations

import argparse
import contextlib
import base64
import itertools
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Callable

BIN = Path(sys.executable).parent
PACKAGE = Path(__file__).resolve().parents[2] / "registry"
TIME = "/usr/bin/time"

# (weight rank order) method, path template; {id} numeric, {art} an article number, {hash} 40 hex
CALLS: list[tuple[str, str]] = [
    ("GET", "/api/v1/products/{id}"),
    ("GET", "/api/v1/adressen/{id}"),
    ("POST", "/api/shopimport/syncstorage/{art}"),
    ("GET", "/api/v1/salesOrders/{id}"),
    ("POST", "/api/AuftragCreate"),
    ("GET", "/api/v1/artikel/{id}"),
    ("GET", "/api/v1/products"),
    ("GET", "/api/v1/belege/auftraege/{id}"),
    ("PUT", "/api/v1/adressen/{id}"),
    ("POST", "/index.php?module=api&action=ArtikelGet&hash={hash}&api_id=3"),
    ("PATCH", "/api/v3/salesOrders/{id}/actions/release"),
    ("GET", "/api/v1/customers/{id}"),
    ("POST", "/api/shopimport/articletoxentral/{art}"),
    ("GET", "/api/v1/artikelkategorien"),
    ("POST", "/api/ArtikelGet"),
    ("GET", "/api/v1/invoices/{id}"),
    ("GET", "/api/v1/deliveryNotes/{id}"),
    ("POST", "/api/shopimport/auth"),
    ("GET", "/api/v1/lieferadressen/{id}"),
    ("GET", "/api/v1/trackingnummern"),
    ("GET", "/api/v1/versandarten"),
    ("GET", "/api/v1/gruppen"),
]
UNMATCHED: list[tuple[str, str]] = [
    ("GET", "/favicon.ico"),
    ("GET", "/wp-login.php"),
    ("GET", "/api/v1/doesnotexist/{id}"),
    ("GET", "/index.php?module=welcome&action=start"),
    ("POST", "/api/v2/salesOrders"),
    ("GET", "/.env"),
    ("GET", "/robots.txt"),
]
AGENTS = [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36",
    "GuzzleHttp/7",
    "curl/8.5.0",
    "python-requests/2.32.3",
    "Shopware/6.5 (+https://www.shopware.com)",
    "axios/1.7.2",
    "Java/17.0.11",
    "Go-http-client/1.1",
]
STATUSES = ["200"] * 40 + ["201"] * 5 + ["204", "304", "400", "401", "403", "404", "404", "500"]


def zipf_weights(n: int, s: float = 1.1) -> list[float]:
    return list(itertools.accumulate(1.0 / (k**s) for k in range(1, n + 1)))


def write_log(path: Path, lines: int, seed: int = 7) -> None:
    """A combined-format log of ``lines`` lines; the same seed gives the same file."""
    rng = random.Random(seed)
    call_w = zipf_weights(len(CALLS), 1.0)
    id_pool = list(range(1, 50_001))
    id_w = zipf_weights(len(id_pool))
    arts = [f"{rng.choice(['AB', 'SW', 'X'])}-{rng.randint(1, 9999)}{rng.choice(['', '/' + str(rng.randint(1, 99)), '-BLK', '/L/XL'])}"
            for _ in range(5000)]
    art_w = zipf_weights(len(arts))
    ips = [f"{rng.choice([203, 198, 185, 91, 2])}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
           for _ in range(2000)]
    start = datetime(2025, 10, 6, 0, 0, 0, tzinfo=timezone(timedelta(hours=2)))
    batch = 100_000
    with open(path, "w", encoding="ascii", newline="\n") as out:
        done = 0
        while done < lines:
            k = min(batch, lines - done)
            calls = rng.choices(CALLS, cum_weights=call_w, k=k)
            ids = rng.choices(id_pool, cum_weights=id_w, k=k)
            art = rng.choices(arts, cum_weights=art_w, k=k)
            buf = []
            for i in range(k):
                n = done + i
                if n % 10 == 9:  # ~10 % that match nothing
                    method, template = UNMATCHED[n % len(UNMATCHED)]
                else:
                    method, template = calls[i]
                url = template
                if "{" in url:
                    url = url.replace("{id}", str(ids[i])).replace("{art}", art[i]).replace("{hash}", f"{n * 2654435761 % (1 << 160):040x}")
                stamp = (start + timedelta(seconds=n // 40)).strftime("%d/%b/%Y:%H:%M:%S %z")
                buf.append(f'{ips[(n * 7919) % len(ips)]} - - [{stamp}] "{method} {url} HTTP/1.1" '
                           f'{STATUSES[n % len(STATUSES)]} {200 + n % 5000} "-" "{AGENTS[n % len(AGENTS)]}"\n')
            out.write("".join(buf))
            done += k


# -- the hostile logs (issue 16): what a public server logs, not what our own generator writes --------
HOSTILE_CALLS: list[tuple[str, str]] = [
    ("GET", "/api/v3/salesOrders/{uuid}"),
    ("GET", "/api/v1/products/{id}?fields={word}&page[number]={n}"),
    ("POST", "/api/shopimport/syncstorage/{art}"),
    ("GET", "/api/v3/customers/{hex}/contactPersons"),
    ("GET", "/api/opentrans/order/ordernumber/{order}"),
    ("GET", "/api/v1/adressen/{id}"),
    ("GET", "/api/v3/invoices/{uuid}"),
    ("POST", "/api/AuftragCreate"),
    ("GET", "/api/v1/customers/{id}?filter[0][key]=email&filter[0][value]={hex}"),
    ("GET", "/api/v1/analytics/report/{id}/permalink/{token}"),
    ("GET", "/api/v1/accounting/downloads/{hex}"),
    ("PATCH", "/api/v3/deliveryNotes/{hex}"),
]
NEAR_MISSES: list[tuple[str, str]] = [
    ("GET", "/api/v1/products/{hex}"),
    ("GET", "/api/v1/salesOrders/{uuid}"),
    ("GET", "/api/v1/prodcts/{id}"),
    ("GET", "/api/v1/products/{id}/"),
    ("GET", "/api/v1/Products/{id}"),
    ("DELETE", "/api/v1/trackingnummern/{hex}"),
]
SCANNER: list[tuple[str, str]] = [
    ("GET", "/wp-login.php?redirect_to={hex}"),
    ("POST", "/wp-login.php?redirect_to={hex}&reauth=1"),
    ("GET", "/.env"),
    ("GET", "/.git/config"),
    ("GET", "/{word}/{hex}.php?{word}={token}"),
    ("GET", "/{word}?{word}={hex}&{word}={n}"),
    ("GET", "/cgi-bin/{hex}"),
    ("POST", "/vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php"),
]
WORDS = ["admin", "shell", "wp", "config", "backup", "xmlrpc", "login", "upload", "test", "old", "cms", "api2",
         "phpmyadmin", "data", "tmp", "id", "q", "s", "page", "cmd", "file", "redirect", "ref", "utm_source"]


def _fill(template: str, rng: random.Random, ident: int) -> str:
    """A template of the hostile log with realistic ids: UUIDs, hex, tokens, article and order numbers."""
    out = template
    while "{" in out:
        head, _, rest = out.partition("{")
        name, _, tail = rest.partition("}")
        if name == "id":
            value = str(ident)
        elif name == "n":
            value = str(rng.randint(1, 500))
        elif name == "uuid":
            value = str(uuid.UUID(int=rng.getrandbits(128), version=4))
        elif name == "hex":
            value = f"{rng.getrandbits(rng.choice((32, 48, 64, 128))):x}"
        elif name == "token":
            value = base64.urlsafe_b64encode(rng.getrandbits(192).to_bytes(24, "big")).decode().rstrip("=")
        elif name == "art":
            value = f"{rng.choice(['AB', 'SW', 'X', 'KD'])}-{ident % 99_991}{rng.choice(['', '/' + str(ident % 97), '-BLK', '/L/XL'])}"
        elif name == "order":
            value = f"AU{2025_000_000 + ident}"
        else:  # word
            value = rng.choice(WORDS)
        out = head + value + tail
    return out


def write_hostile_log(path: Path, lines: int, seed: int = 16) -> None:
    """The hostile log: 30 % scanner noise, 10 % near misses under /api/v1, the rest real calls with
    UUID, hex, token, article- and order-number ids (uniform over 200,000) and query strings."""
    rng = random.Random(seed)

    def request(n: int) -> tuple[str, str]:
        roll = n % 10
        pool = SCANNER if roll < 3 else NEAR_MISSES if roll == 3 else HOSTILE_CALLS
        method, template = rng.choice(pool)
        return method, _fill(template, rng, rng.randint(1, 200_000))

    _write_lines(path, lines, request, seed)


def write_unmatched_hex_log(path: Path, lines: int, seed: int = 16) -> None:
    """``GET /api/v1/products/<hex>``: the spec's ``{id}`` is digits, so every line is a near miss."""
    rng = random.Random(seed)
    _write_lines(path, lines, lambda n: ("GET", f"/api/v1/products/{rng.getrandbits(64):x}"), seed)


def write_wp_login_log(path: Path, lines: int, seed: int = 16) -> None:
    """``GET /wp-login.php?redirect_to=<hex>``: the noise every public server logs."""
    rng = random.Random(seed)
    _write_lines(path, lines, lambda n: ("GET", f"/wp-login.php?redirect_to={rng.getrandbits(64):x}"), seed)


def _write_lines(path: Path, lines: int, request: Callable[[int], tuple[str, str]], seed: int) -> None:
    rng = random.Random(seed + 1)
    ips = [f"{rng.choice([203, 198, 185, 91, 45])}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
           for _ in range(5000)]
    start = datetime(2025, 10, 6, 0, 0, 0, tzinfo=timezone(timedelta(hours=2)))
    with open(path, "w", encoding="ascii", newline="\n") as out:
        buf = []
        for n in range(lines):
            method, url = request(n)
            stamp = (start + timedelta(seconds=n // 40)).strftime("%d/%b/%Y:%H:%M:%S %z")
            buf.append(f'{ips[(n * 7919) % len(ips)]} - - [{stamp}] "{method} {url} HTTP/1.1" '
                       f'{STATUSES[n % len(STATUSES)]} {200 + n % 5000} "-" "{AGENTS[n % len(AGENTS)]}"\n')
            if len(buf) >= 100_000:
                out.write("".join(buf))
                buf.clear()
        out.write("".join(buf))


#: The logs ``--log`` can name: writer of each.
LOGS: dict[str, Callable[[Path, int], None]] = {
    "clean": write_log, "hostile": write_hostile_log, "unmatched-hex": write_unmatched_hex_log,
    "wp-login": write_wp_login_log,
}


def _tree_pss(root: int) -> int:
    """Proportional set size (KiB) of ``root`` and every process below it: forked readers share pages with
    their parent, and PSS splits each shared page among its sharers, so the sum is the tree's memory."""
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        try:
            with open(f"/proc/{pid}/smaps_rollup") as f:
                for line in f:
                    if line.startswith("Pss:"):
                        total += int(line.split()[1])
                        break
            for task in os.listdir(f"/proc/{pid}/task"):
                with open(f"/proc/{pid}/task/{task}/children") as f:
                    todo += [int(c) for c in f.read().split()]
        except (OSError, ValueError):
            continue
    return total


def run(cmd: list[str]) -> tuple[float, int]:
    """Whole-process wall time (s) and peak memory (KiB) of ``cmd`` with every process it forks (summed PSS,
    sampled every 10 ms), stdout discarded."""
    peak = 0
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_pss(proc.pid))
            done.wait(0.01)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _out, err = proc.communicate()
    wall = time.perf_counter() - start
    done.set()
    sampler.join()
    if proc.returncode not in (0, 3):
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{err[-2000:]}")
    return wall, peak


class Busy:
    """A CPU hog on one core for the length of a ``with`` block (``--busy``): a machine with one core taken."""

    def __enter__(self) -> "Busy":
        self.proc = subprocess.Popen([sys.executable, "-c", "while True: pass"])
        return self

    def __exit__(self, *exc: object) -> None:
        self.proc.kill()
        self.proc.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lines", type=int, nargs="+", default=[1_000_000, 5_000_000])
    parser.add_argument("--log", nargs="+", choices=sorted(LOGS), default=["clean", "hostile"],
                        help="which logs (default: clean and hostile)")
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2], help="xreg --jobs values to run (default: 1 2)")
    parser.add_argument("--gzip", action="store_true", help="read the logs gzipped (a single .gz file each)")
    parser.add_argument("--busy", action="store_true", help="keep one core busy with a CPU hog during the runs")
    parser.add_argument("--runs", type=int, default=3, help="runs per command, taking turns; the fastest counts")
    parser.add_argument("--keep", type=Path, help="write the logs here and keep them (reused when present)")
    args = parser.parse_args()
    awk = shutil.which("awk") or "awk"
    folder = args.keep or Path(tempfile.mkdtemp(prefix="xreg-bench-scan-"))
    folder.mkdir(parents=True, exist_ok=True)
    # Bytecode written as an install writes it (an editable install under PYTHONDONTWRITEBYTECODE would
    # compile changed modules in every run), and the dataset cache filled.
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(PACKAGE)], check=True)
    subprocess.run([str(BIN / "xreg"), "validate"], check=True, capture_output=True)
    rows = []
    busy = Busy() if args.busy else contextlib.nullcontext()
    try:
        for kind in args.log:
            for lines in args.lines:
                log = folder / f"{kind}-{lines}.log"
                if not log.exists():
                    t = time.perf_counter()
                    LOGS[kind](log, lines)
                    print(f"wrote {log} ({log.stat().st_size / 1e6:,.0f} MB) in {time.perf_counter() - t:.1f} s",
                          file=sys.stderr)
                if args.gzip:
                    packed = log.with_suffix(".log.gz")
                    if not packed.exists():
                        subprocess.run(["gzip", "-k", "-1", str(log)], check=True)
                    log = packed
                log.read_bytes() if log.stat().st_size < 4e9 else None  # page cache warm for both
                awk_cmd = ([awk, '{c[$6" "$7]++}', str(log)] if not args.gzip
                           else ["sh", "-c", f"gzip -dc '{log}' | {awk} '{{c[$6\" \"$7]++}}'"])
                with busy:
                    best: dict[str, tuple[float, int]] = {}
                    every: dict[str, list[float]] = {}
                    for _ in range(args.runs):  # taking turns, so a slow spell of the machine hits all
                        for jobs in args.jobs:
                            got = run([str(BIN / "xreg"), "advise", "-q", str(log), "--format", "json",
                                       "--jobs", str(jobs)])
                            best[f"xreg -j{jobs}"] = min(best.get(f"xreg -j{jobs}", got), got)
                            every.setdefault(f"xreg -j{jobs}", []).append(got[0])
                        got = run(awk_cmd)
                        best["awk"] = min(best.get("awk", got), got)
                        every.setdefault("awk", []).append(got[0])
                rows.append((kind, lines, best))
                print(f"{kind} {lines:,}: every run (s): " + "; ".join(f"{k} {', '.join(f'{t:.2f}' for t in v)}"
                                                                  for k, v in every.items()), file=sys.stderr)
    finally:
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)
    load = os.getloadavg()
    print(f"awk: {awk} ({os.path.realpath(awk)}); cores: {os.cpu_count()}; Python {sys.version.split()[0]}; "
          f"load average at the end {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}"
          f"{'; one core kept busy' if args.busy else ''}{'; gzip logs' if args.gzip else ''}")
    print(f"{'log':<13} {'lines':>10} {'command':<9} {'s':>7} {'lines/s':>11} {'/ awk':>6} {'peak memory':>12}")
    for kind, lines, best in rows:
        awk_s = best["awk"][0]
        for name, (secs, peak) in best.items():
            ratio = f"{awk_s / secs:.2f}" if name != "awk" else ""
            print(f"{kind:<13} {lines:>10,} {name:<9} {secs:>7.2f} {lines / secs:>11,.0f} {ratio:>6} {peak / 1024:>9,.0f} MB")
    for kind in args.log:
        mine = [(lines, best) for k, lines, best in rows if k == kind]
        for jobs in args.jobs:
            name = f"xreg -j{jobs}"
            if len(mine) >= 2:
                small, large = mine[0][1][name][1], mine[-1][1][name][1]
                print(f"{kind}, {name}: peak memory at {mine[-1][0]:,} lines vs {mine[0][0]:,}: "
                      f"{(large - small) / small:+.0%}")
            print(f"{kind}, {name}: slowest ratio to awk {min(b['awk'][0] / b[name][0] for _l, b in mine):.2f}")
        if len(args.jobs) > 1:
            j1, jn = f"xreg -j{args.jobs[0]}", f"xreg -j{args.jobs[-1]}"
            worst = max(b[jn][0] / b[j1][0] for _l, b in mine)
            print(f"{kind}: {jn} takes at most {worst:.2f}x the time of {j1}")


if __name__ == "__main__":
    main()
