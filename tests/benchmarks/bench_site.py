"""Benchmark: how long ``build_site`` takes on the shipped dataset (load excluded), and what it produces.

Run: ``.venv/bin/python tests/benchmarks/bench_site.py``. Not collected by pytest.
"""
from __future__ import annotations

import statistics
import time

import registry
from registry.rendering.site import build_site


def main(runs: int = 5) -> None:
    reg = registry.load()
    times, files = [], {}
    for _ in range(runs):
        started = time.perf_counter()
        files = build_site(reg)
        times.append(time.perf_counter() - started)
    pages = sum(1 for n in files if n.endswith(".html"))
    size = sum(len(d) for d in files.values())
    largest = max(files, key=lambda n: len(files[n]))
    print(f"build_site: median {statistics.median(times):.3f} s over {runs} runs; {len(reg.endpoints)} endpoints -> "
          f"{pages} pages, {len(files)} files, {size / 1024:.0f} KiB (largest {largest}, {len(files[largest]) / 1024:.0f} KiB)")


if __name__ == "__main__":
    main()
