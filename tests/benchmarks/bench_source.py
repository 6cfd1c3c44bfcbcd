"""Speed and memory of the source reader on a big generated code tree, beside ``grep -r`` over the same tree.

Writes a tree of ``--files`` source files (default 20,000, about 10 KB each: ~200 MB) in seven
languages (PHP, JavaScript, TypeScript, Python, Go, Java, C#) into a temp folder. ``--xentral`` of
them (default 2 %) are Xentral clients in the idioms the reader follows (base URL in a property,
helpers with a method parameter, curl, Guzzle, axios, requests, net/http, HttpClient …); another 3 %
call a web API of their own under ``/api/…`` (they pass the byte search and are parsed, as in a real
monorepo); the rest is ordinary code that mentions no marker. Then runs, as whole processes on the
same tree (page cache warm for both), taking turns ``--runs`` times (the fastest run of each counts):

    xreg advise TREE --format json --jobs J > /dev/null      (for each J of --jobs)
    grep -r -l -i xentral TREE > /dev/null                    (GNU grep: the byte search alone)

and prints files/s and MB/s of each, xreg's time as a multiple of grep's, xreg's peak RSS
(``/usr/bin/time -f %M``) and the calls found. Goals (issue 14): the tree in under 30 s on 2 cores,
peak RSS under 500 MB.

    python tests/benchmarks/bench_source.py [--files 20000] [--xentral 0.02] [--jobs 1 2] [--runs 2] [--keep DIR]
"""
from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BIN = Path(sys.executable).parent
TIME = "/usr/bin/time"
WORDS = ("order", "item", "stock", "price", "customer", "invoice", "cart", "total", "amount", "label", "page",
         "config", "value", "result", "count", "index", "name", "status", "cache", "event", "user", "record")

# -- ordinary code (no Xentral marker) ----------------------------------------------------------------
def _w(rng: random.Random) -> str:
    return rng.choice(WORDS)


def _ident(rng: random.Random) -> str:
    return _w(rng) + _w(rng).capitalize()


def plain_block(lang: str, rng: random.Random) -> str:
    a, b, c = _ident(rng), _ident(rng), _ident(rng)
    n = rng.randint(2, 99)
    if lang == "php":
        return (f"    public function {a}(array ${b}): int\n    {{\n        ${c} = 0;\n        foreach (${b} as $row) {{\n"
                f"            if (($row['{_w(rng)}'] ?? 0) > {n}) {{\n                ${c} += (int) $row['{_w(rng)}'];\n"
                f"            }}\n        }}\n        return ${c} * {n}; // {_w(rng)} {_w(rng)}\n    }}\n\n")
    if lang in ("js", "ts"):
        t = ": number[]" if lang == "ts" else ""
        return (f"export function {a}({b}{t}) {{\n  let {c} = 0;\n  for (const x of {b}) {{\n"
                f"    if (x > {n}) {{ {c} += x * {n}; }}\n  }}\n  return {c}; // {_w(rng)} {_w(rng)}\n}}\n\n")
    if lang == "py":
        return (f"def {a}({b}):\n    \"\"\"{_w(rng).capitalize()} the {_w(rng)} of each {_w(rng)}.\"\"\"\n    {c} = 0\n"
                f"    for x in {b}:\n        if x > {n}:\n            {c} += x * {n}\n    return {c}\n\n\n")
    if lang == "go":
        return (f"func {a}({b} []int) int {{\n\t{c} := 0\n\tfor _, x := range {b} {{\n\t\tif x > {n} {{\n"
                f"\t\t\t{c} += x * {n}\n\t\t}}\n\t}}\n\treturn {c}\n}}\n\n")
    if lang == "java":
        return (f"    public int {a}(java.util.List<Integer> {b}) {{\n        int {c} = 0;\n        for (int x : {b}) {{\n"
                f"            if (x > {n}) {{ {c} += x * {n}; }}\n        }}\n        return {c};\n    }}\n\n")
    return (f"    public int {a.capitalize()}(List<int> {b})\n    {{\n        var {c} = 0;\n        foreach (var x in {b})\n"
            f"        {{\n            if (x > {n}) {{ {c} += x * {n}; }}\n        }}\n        return {c};\n    }}\n\n")


HEAD = {"php": "<?php\n\nnamespace App\\{m};\n\nfinal class {c}\n{{\n", "js": "'use strict';\n\n", "ts": "",
        "py": "\"\"\"{m} helpers.\"\"\"\n\n", "go": "package {ml}\n\n", "java": "package com.acme.{ml};\n\npublic class {c} {{\n",
        "cs": "namespace Acme.{m};\n\npublic class {c}\n{{\n"}
TAIL = {"php": "}\n", "js": "", "ts": "", "py": "", "go": "", "java": "}\n", "cs": "}\n"}
EXT = {"php": ".php", "js": ".js", "ts": ".ts", "py": ".py", "go": ".go", "java": ".java", "cs": ".cs"}


def own_api_call(lang: str, rng: random.Random) -> str:
    """A call of the project's own web API (passes the byte search, is no Xentral call)."""
    r = _w(rng)
    return {"php": f"    public function load() {{ return $this->http->get('/api/{r}s'); }}\n\n",
            "js": f"export const load = () => fetch('/api/{r}s');\n\n", "ts": f"export const load = () => fetch('/api/{r}s');\n\n",
            "py": f"def load(session):\n    return session.get('/api/{r}s')\n\n\n",
            "go": f"func load() {{ http.Get(\"/api/{r}s\") }}\n\n",
            "java": f"    void load() {{ restTemplate.getForObject(\"/api/{r}s\", String.class); }}\n\n",
            "cs": f"    public Task Load() => _http.GetAsync(\"/api/{r}s\");\n\n"}[lang]


# -- Xentral clients ----------------------------------------------------------------------------------
XENTRAL = {
    "php": ("    private string $url;\n    public function __construct(string $host) {{ $this->url = $host . '/api/v1'; }}\n"
            "    public function a{i}(int $id) {{ return $this->client->get($this->url . '/adressen/' . $id); }}\n"
            "    public function b{i}() {{ $ch = curl_init($this->url . '/artikel?items=100');\n"
            "        curl_setopt($ch, CURLOPT_HTTPAUTH, CURLAUTH_DIGEST); return curl_exec($ch); }}\n\n"),
    "js": ("const BASE = `${{process.env.XENTRAL_URL}}/api/v1`;\n"
           "export const p{i} = (id) => fetch(`${{BASE}}/products/${{id}}`, {{ method: 'PATCH' }});\n\n"),
    "ts": ("const api = axios.create({{ baseURL: `${{process.env.XENTRAL_URL}}/api/v1`, headers: {{ Authorization: `Bearer ${{t}}` }} }});\n"
           "export function s{i}(id: string) {{ return api.post(`/salesOrders/${{id}}/actions/dispatch`); }}\n\n"),
    "py": ("BASE = os.environ['XENTRAL_URL'] + '/api/v1'\n\n\ndef o{i}(session, oid):\n"
           "    return session.get(f\"{{BASE}}/belege/auftraege/{{oid}}\")\n\n\n"),
    "go": ("func (c *Client) W{i}(ctx context.Context) error {{\n\treq, _ := http.NewRequestWithContext(ctx, http.MethodGet, "
           "c.baseURL+\"/api/v1/warehouses\", nil)\n\t_, err := c.http.Do(req)\n\treturn err\n}}\n\n"),
    "java": ("    String c{i}(String base) {{ return restTemplate.getForObject(base + \"/api/v3/customers\", String.class); }}\n\n"),
    "cs": ("    public Task I{i}(string id) => _http.GetAsync($\"api/v3/invoices/{{id}}\");\n\n"),
}


def write_tree(root: Path, files: int, share: float, seed: int = 7) -> tuple[int, int, int]:
    """Write the tree; the number of files, their bytes and the Xentral call sites they hold."""
    rng = random.Random(seed)
    langs = list(EXT)
    xentral = set(rng.sample(range(files), int(files * share)))
    own_api = set(rng.sample(sorted(set(range(files)) - xentral), int(files * 0.03)))
    total = 0
    calls = 0
    for i in range(files):
        lang = langs[i % len(langs)]
        module = f"{_w(rng)}{i // 200}"
        d = root / f"pkg{i // 400}" / module
        d.mkdir(parents=True, exist_ok=True)
        cls = f"{_w(rng).capitalize()}{i}"
        parts = [HEAD[lang].format(m=module.capitalize(), ml=module, c=cls)]
        if i in xentral:
            parts.append(XENTRAL[lang].format(i=i))
            calls += 2 if lang == "php" else 1
        if i in own_api:
            parts.append(own_api_call(lang, rng))
        size = sum(len(p) for p in parts)
        target = rng.randint(6000, 14000)
        while size < target:
            block = plain_block(lang, rng)
            parts.append(block)
            size += len(block)
        parts.append(TAIL[lang])
        text = "".join(parts)
        (d / f"{cls}{EXT[lang]}").write_text(text)
        total += len(text)
    return files, total, calls


def run_timed(cmd: list[str], stdout: int | None = subprocess.DEVNULL) -> tuple[float, int, str]:
    """Seconds, peak RSS in KB (0 without /usr/bin/time), stdout text (when captured)."""
    wrapped = [TIME, "-f", "%M", *cmd] if os.path.exists(TIME) else cmd
    start = time.perf_counter()
    done = subprocess.run(wrapped, stdout=subprocess.PIPE if stdout is None else stdout, stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - start
    rss = 0
    if os.path.exists(TIME):
        last = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "0"
        rss = int(last) if last.isdigit() else 0
    if done.returncode not in (0, 1, 3):
        raise SystemExit(f"{cmd[0]} failed ({done.returncode}): {done.stderr[-2000:]}")
    return elapsed, rss, done.stdout or ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", type=int, default=20000)
    parser.add_argument("--xentral", type=float, default=0.02)
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--keep", type=Path, default=None, help="write the tree here and keep it")
    args = parser.parse_args()
    base = args.keep or Path(tempfile.mkdtemp(prefix="xreg-bench-source-"))
    tree = base / "tree"
    try:
        if not tree.exists():
            started = time.perf_counter()
            n, size, calls = write_tree(tree, args.files, args.xentral)
            (base / "calls.txt").write_text(f"{calls}\n")  # (beside the tree, not in it)
            print(f"wrote {n:,} files, {size / 1e6:.0f} MB ({args.xentral:.0%} Xentral clients) in "
                  f"{time.perf_counter() - started:.1f} s to {tree}")
        size = sum(p.stat().st_size for p in tree.rglob("*") if p.is_file())
        n = sum(1 for p in tree.rglob("*") if p.is_file())
        xreg = str(BIN / "xreg")
        best: dict[str, tuple[float, int]] = {}
        found = 0
        for _ in range(args.runs):
            t, rss, _out = run_timed(["grep", "-r", "-l", "-i", "xentral", str(tree)])
            best["grep -r -l -i xentral"] = min(best.get("grep -r -l -i xentral", (t, rss)), (t, rss))
            for j in args.jobs:
                t, rss, out = run_timed([xreg, "advise", str(tree), "--format", "json", "--jobs", str(j)], stdout=None)
                name = f"xreg advise --jobs {j}"
                best[name] = min(best.get(name, (t, rss)), (t, rss))
                found = sum(c["evidence"]["location_count"] for c in json.loads(out)["calls"]
                            if "source" in c["evidence"]["kinds"])
        grep_t = best["grep -r -l -i xentral"][0]
        print(f"\n{'command':<26} {'seconds':>8} {'files/s':>10} {'MB/s':>8} {'x grep':>7} {'peak RSS MB':>12}"
              f"   ({n:,} files, {size / 1e6:.0f} MB, {os.cpu_count()} cores, best of {args.runs})")
        for name, (t, rss) in best.items():
            ratio = "" if name.startswith("grep") else f"{t / grep_t:.1f}"
            print(f"{name:<26} {t:>8.2f} {n / t:>10,.0f} {size / 1e6 / t:>8.1f} {ratio:>7} {rss / 1024:>12.0f}")
        expected = int((base / "calls.txt").read_text()) if (base / "calls.txt").exists() else 0
        print(f"\ncall sites found by xreg: {found:,} of the {expected:,} the Xentral clients hold; goals: under 30 s on "
              "2 cores, peak RSS under 500 MB")
    finally:
        if args.keep is None:
            shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    main()
