"""Whole-process time and peak memory of ``xreg advise`` on the example and on a generated access log.

Not collected by pytest. Generates a combined-format log of ``--lines`` lines (default 1,000,000) into
a temporary folder (never into the repository), then runs ``xreg advise`` as a user would, under
``/usr/bin/time -v`` when it exists, and prints wall time and maximum resident set size::

    .venv/bin/python tests/benchmarks/bench_advise.py --lines 1000000
"""
from __future__ import annotations

import argparse
import gzip
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
XREG = Path(sys.executable).with_name("xreg")
# A connector's mix: legacy REST, shop import, reports, Standard API, current API, and noise.
PATHS = [
    ("GET", "/api/v1/adressen?page={n}&items=100", 12),
    ("GET", "/api/v1/adressen/{n}", 10),
    ("POST", "/api/v1/adressen", 2),
    ("GET", "/api/v1/artikel/{n}", 14),
    ("GET", "/api/v1/belege/auftraege/{n}", 9),
    ("POST", "/api/shopimport/syncstorage/SKU-{n}", 20),
    ("POST", "/api/shopimport/ordertoxentral/{n}", 6),
    ("GET", "/api/v1/reports/{n}/download", 1),
    ("POST", "/api/AuftragCreate", 4),
    ("GET", "/api/v1/products/{n}", 12),
    ("GET", "/api/v3/salesOrders/{n}", 6),
    ("GET", "/static/img/{n}.png", 3),
    ("GET", "/api/v1/warenkorb/{n}", 1),
]


def generate(path: Path, lines: int, seed: int = 47) -> None:
    """Write ``lines`` lines of a combined-format access log (gzip when the name ends in .gz)."""
    rnd = random.Random(seed)
    weights = [w for _, _, w in PATHS]
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "wt", encoding="utf-8") as fh:  # type: ignore[operator]
        batch = []
        for i in range(lines):
            method, template, _ = rnd.choices(PATHS, weights)[0]
            url = template.format(n=rnd.randint(1, 50_000))
            sec = i * 86_400 // lines
            status = 200 if rnd.random() > 0.03 else 404
            batch.append(f'203.0.113.{i % 250} - - [14/Nov/2026:{sec // 3600:02d}:{sec % 3600 // 60:02d}:{sec % 60:02d} +0100] '
                         f'"{method} {url} HTTP/1.1" {status} {rnd.randint(100, 9000)} "-" "ShopBridge/2.3"\n')
            if len(batch) == 10_000:
                fh.write("".join(batch))
                batch.clear()
        fh.write("".join(batch))


def measure(args: list[str]) -> tuple[float, int | None, str]:
    """Run ``xreg`` with ``args``; return wall seconds, peak RSS in KiB (None without /usr/bin/time) and stderr."""
    cmd = [str(XREG), *args]
    timer = shutil.which("time") or ("/usr/bin/time" if os.path.exists("/usr/bin/time") else None)
    if timer:
        cmd = [timer, "-v", *cmd]
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    wall = time.perf_counter() - start
    if proc.returncode not in (0, 3):
        raise SystemExit(f"xreg failed ({proc.returncode}):\n{proc.stderr}")
    peak = re.search(r"Maximum resident set size \(kbytes\): (\d+)", proc.stderr)
    return wall, int(peak.group(1)) if peak else None, proc.stderr


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--keep", type=Path, default=None, help="Write the generated log here instead of a temp folder.")
    opts = parser.parse_args()
    env_args = ["--postman-env", "examples/shop-connector/postman/shopbridge.postman_environment.json"]
    wall, peak, _ = measure(["advise", "examples/shop-connector", "--auth", "pat-legacy", *env_args,
                             "--format", "json", "-o", os.devnull, "-q"])
    print(f"example           : {wall:6.2f} s wall, peak RSS {peak or 0:,} KiB")
    with tempfile.TemporaryDirectory() as tmp:
        log = opts.keep or Path(tmp) / "access.log"
        t0 = time.perf_counter()
        generate(log, opts.lines)
        print(f"generated {opts.lines:,} lines in {time.perf_counter() - t0:.1f} s ({log.stat().st_size / 1e6:.0f} MB)")
        wall, peak, err = measure(["advise", str(log), "--auth", "pat-legacy", "--format", "json", "-o", os.devnull])
        summary = next((line for line in err.splitlines() if line.startswith("xreg: read ")), "")
        print(f"{opts.lines:,}-line log: {wall:6.2f} s wall, peak RSS {peak or 0:,} KiB")
        print(f"  {summary}")


if __name__ == "__main__":
    main()
