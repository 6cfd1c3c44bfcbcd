"""Cold start of ``xreg check`` as a whole process, beside Python's own start and the bare imports.

Runs each command N times (default 21) after one warm-up run (which fills the dataset cache) and
prints the median and the spread, plus the gap between ``xreg check`` and the import-only line; the
goal is a gap within 100 ms. The package's bytecode is written first, as an install does.

    python tests/benchmarks/bench_startup.py [--runs N]
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

BIN = Path(sys.executable).parent
PACKAGE = Path(__file__).resolve().parents[2] / "registry"


def measure(cmd: list[str], runs: int) -> list[float]:
    subprocess.run(cmd, check=True, capture_output=True)  # warm-up: OS cache, dataset cache
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return times


def compile_package() -> None:
    """Write the package's bytecode first, as installing a package does (pip compiles at install).

    An editable install run with ``PYTHONDONTWRITEBYTECODE`` set (as on some CI machines) otherwise
    compiles every changed module in every process it starts, which is not what a user's install does.
    """
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(PACKAGE)], check=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=21)
    args = parser.parse_args()
    compile_package()
    xreg = str(BIN / "xreg")
    cases = [
        ("python -c pass", [sys.executable, "-c", "pass"]),
        ("import pydantic, yaml, jinja2, click", [sys.executable, "-c", "import pydantic, yaml, jinja2, click"]),
        # what xreg check would pay if it imported httpx (only `xreg probe` does, and only when it sends)
        ("import httpx", [sys.executable, "-c", "import httpx"]),
        ("xreg --help", [xreg, "--help"]),
        ("xreg check GET /api/v1/products/1", [xreg, "check", "GET", "/api/v1/products/1"]),
        ("xreg check (XREG_NO_CACHE=1)", ["env", "XREG_NO_CACHE=1", xreg, "check", "GET", "/api/v1/products/1"]),
    ]
    results = {}
    print(f"{'command':<40} {'median ms':>10} {'min ms':>8} {'max ms':>8}   (runs: {args.runs}, cores: {os.cpu_count()})")
    for name, cmd in cases:
        t = measure(cmd, args.runs)
        results[name] = statistics.median(t)
        print(f"{name:<40} {statistics.median(t) * 1000:>10.1f} {min(t) * 1000:>8.1f} {max(t) * 1000:>8.1f}")
    gap = (results["xreg check GET /api/v1/products/1"] - results["import pydantic, yaml, jinja2, click"]) * 1000
    print(f"\nxreg check minus import-only line: {gap:+.1f} ms (goal: within +100 ms)")
    print(f"import httpx alone: {results['import httpx'] * 1000 - results['python -c pass'] * 1000:+.1f} ms over python -c pass")


if __name__ == "__main__":
    main()
