"""The matcher beside werkzeug's routing Map and falcon's CompiledRouter, on the same templates and requests.

Loads the shipped dataset, generates two deterministic workloads of access-log-like requests, and
resolves them with ``registry`` and, in the same process, with werkzeug and falcon loaded with the same
templates (FastRoute optional tails expanded, every placeholder constraint as a converter of its own):

- ``distinct``: every request different (uniform over endpoints, fresh IDs): the memo of exact requests
  cannot help (answers by call shape can: the requests of one endpoint differ in their digits);
- ``zipf``: skewed like an access log (endpoint popularity and IDs follow Zipf laws), so requests repeat;
- ``distinct, realistic`` and ``log-like, realistic``: the same with the ids integrations really send
  (UUIDs, hex, tokens, order and article numbers with ``/`` and ``-``; digits only where a placeholder
  takes nothing else) and a third of the requests with a query string of fresh values.

Each workload is timed *fresh* (a new matcher, its memo empty: every request a first sight unless it
repeats in the workload) and *warm* (the same matcher after two more passes: its memo has kept every
answer). Targets (issue 16): fresh >= falcon and warm >= 2x falcon on every workload, build < 100 ms.

Both hold about 10 % requests that match nothing (typos, ``/api/.env``, ``/api/v1/products/details``,
trailing slashes), IDs and article numbers with slashes and dashes, and query strings on some lines.
The peers get the path without the query (the split is timed with them); ``registry`` gets the URL.

It checks that all three agree on every request each peer can express (the peer has a rule for the
request's endpoint, or the request is one that matches nothing), and prints requests/second, ratios,
build time and memory of each. The routers take turns for ``--rounds`` rounds (a fresh ``registry``
matcher each round, so its memo starts empty) and each keeps its fastest round, as ``timeit`` does: a
shared machine's other work only ever slows a round down. Targets: registry >= falcon on ``distinct``, >= 3x falcon on ``zipf``,
registry build < 100 ms.

``--ceilings`` adds three rows for the zipf workload: registry with every call shape known before the
run (no walk for a new shape), with every answer kept by its memo (each request a hit: what ``resolve``
costs at the least), and with every answer known (a dictionary lookup per request: what any memo costs
at the least).

    python tests/benchmarks/bench_matcher.py [--distinct N] [--zipf N] [--seed S] [--rounds R] [--ceilings]
"""
from __future__ import annotations

import argparse
import base64
import gc
import os
import random
import re
import sys
import time
import tracemalloc
import uuid
from bisect import bisect
from itertools import accumulate
from typing import Any, Callable

import registry
from registry.matching.matcher import Matcher
from registry.matching.templates import can_span_segments, parse_fastroute, parse_openapi

NOTHING = "-"  # what a resolver answers for "no endpoint"
NOT_ALLOWED = "405"


# -- templates in each peer's syntax -----------------------------------------------------------------
class Route:
    """One template variant of one endpoint: segments below the host, each literal or (regex, spans)."""

    def __init__(self, ep: Any, parts: list[Any]) -> None:
        self.ep = ep
        text, self.params = "", []
        for p in parts:
            if isinstance(p, str):
                text += p
            else:
                regex = ep.params.get(p.name, p.regex)
                self.params.append((p.name, regex, can_span_segments(regex)))
                text += "\0"
        self.path = text if ep.api == "xentral" else "/api" + text
        self.segments = self.path[1:].split("/")

    def peer_template(self, style: str, converters: dict[str, str]) -> str | None:
        """``/api/v1/adressen/<rx0:p3>`` (werkzeug) or ``/api/v1/adressen/{p3:rx0}`` (falcon); None if not expressible."""
        out, k = [], 0
        for i, seg in enumerate(self.segments):
            if "\0" not in seg:
                out.append(seg)
                continue
            if seg != "\0":
                return None  # literal text beside a placeholder in one segment
            name, regex, spans = self.params[k]
            k += 1
            if spans and (style == "falcon" and i != len(self.segments) - 1):
                return None  # falcon consumes multiple segments only at the end
            conv = converters.setdefault(f"{regex}|{spans}", f"rx{len(converters)}")
            out.append(f"<{conv}:p{i}>" if style == "werkzeug" else f"{{p{i}:{conv}}}")
        return "/" + "/".join(out)


def routes_of(reg: Any) -> list[Route]:
    routes = []
    for ep in reg.endpoints.values():
        if ep.path is None or ep.path == "/{action}":
            continue
        variants = parse_fastroute(ep.path) if ep.api == "rest" else [parse_openapi(ep.path)]
        routes += [Route(ep, parts) for parts in variants]
    return routes


def action_routes(reg: Any) -> list[tuple[str, str, str]]:
    """The REST wrapper as static rules: ``(method, /api/Action, endpoint id)`` (exact case only)."""
    return [(m, f"/api/{ep.action}", ep.id) for ep in reg.endpoints.values() if ep.action is not None for m in ("GET", "POST")]


def build_werkzeug(routes: list[Route], actions: list[tuple[str, str, str]]) -> tuple[Callable[[str, str], str], set[str]]:
    from werkzeug.exceptions import MethodNotAllowed, NotFound
    from werkzeug.routing import BaseConverter, Map, RequestRedirect, Rule

    converters: dict[str, str] = {}
    rules, expressed = [], set()
    for r in routes:
        template = r.peer_template("werkzeug", converters)
        if template is None:
            continue
        rules.append(Rule(template, endpoint=r.ep.id, methods=[r.ep.method]))
        expressed.add(r.ep.id)
    for method, path, ep_id in actions:
        rules.append(Rule(path, endpoint=ep_id, methods=[method]))
        expressed.add(ep_id)
    classes = {}
    for key, name in converters.items():
        regex, spans = key.rsplit("|", 1)
        classes[name] = type(name, (BaseConverter,), {"regex": regex, "part_isolating": spans != "True"})
    url_map = Map(rules, converters=classes, strict_slashes=True, merge_slashes=False, redirect_defaults=False)
    adapter = url_map.bind("acme.xentral.biz")

    def resolve(method: str, url: str) -> str:
        path = url.split("?", 1)[0]
        try:
            return adapter.match(path, method)[0]
        except MethodNotAllowed:
            return NOT_ALLOWED
        except (NotFound, RequestRedirect):  # a redirect to the slash form is no match of this path
            return NOTHING

    resolve("GET", "/api/v1/products/1")  # werkzeug finalises its state machine on first use
    return resolve, expressed


def build_falcon(routes: list[Route], actions: list[tuple[str, str, str]]) -> tuple[Callable[[str, str], str], set[str]]:
    from falcon.routing import CompiledRouter
    from falcon.routing.converters import BaseConverter

    converters: dict[str, str] = {}
    by_template: dict[str, dict[str, str]] = {}
    expressed = set()
    for r in routes:
        template = r.peer_template("falcon", converters)
        if template is None:
            continue
        by_template.setdefault(template, {}).setdefault(r.ep.method, r.ep.id)
        expressed.add(r.ep.id)
    for method, path, ep_id in actions:
        by_template.setdefault(path, {})[method] = ep_id
        expressed.add(ep_id)
    router = CompiledRouter()
    for key, name in converters.items():
        regex, spans = key.rsplit("|", 1)
        fullmatch = re.compile(regex).fullmatch
        if spans == "True":
            def convert(self: Any, value: list[str], fm: Any = fullmatch) -> Any:
                text = "/".join(value)
                return text if fm(text) else None
        else:
            def convert(self: Any, value: str, fm: Any = fullmatch) -> Any:
                return value if fm(value) else None
        router.options.converters[name] = type(name, (BaseConverter,), {
            "convert": convert, "CONSUME_MULTIPLE_SEGMENTS": spans == "True"})
    skipped = 0
    for template, methods in by_template.items():
        resource = type("Resource", (), {f"on_{m.lower()}": (lambda *a: None) for m in methods})()
        resource.endpoints = methods  # type: ignore[attr-defined]
        try:
            router.add_route(template, resource)
        except ValueError:
            skipped += 1
            for ep_id in methods.values():
                expressed.discard(ep_id)
    router.find("/api/v1/products/1")  # compile now

    def resolve(method: str, url: str) -> str:
        found = router.find(url.split("?", 1)[0])
        if found is None:
            return NOTHING
        ep_id = found[0].endpoints.get(method)
        if ep_id is None and method == "HEAD":
            ep_id = found[0].endpoints.get("GET")
        return ep_id if ep_id is not None else NOT_ALLOWED

    return resolve, expressed


def build_registry(reg: Any) -> tuple[Callable[[str, str], str], Matcher]:
    matcher = Matcher(reg)
    res = matcher.resolve

    def resolve(method: str, url: str) -> str:
        m = res(method, url)
        if m:
            return m.endpoint.id
        return NOT_ALLOWED if getattr(m, "allowed", ()) else NOTHING

    return resolve, matcher


# -- workloads -------------------------------------------------------------------------------------
class Values:
    """Concrete values for placeholders: IDs, article numbers with dashes and slashes, UUIDs."""

    def __init__(self, rng: random.Random, zipf: bool, realistic: bool = False) -> None:
        self.rng, self.zipf, self.counter, self.realistic = rng, zipf, 0, realistic
        self.cum = list(accumulate(1 / k ** 1.2 for k in range(1, 5001)))

    def ident(self) -> int:
        if self.zipf:
            return bisect(self.cum, self.rng.random() * self.cum[-1]) + 1
        self.counter += 1
        return 100000 + self.counter

    def value(self, regex: str, spans: bool) -> str:
        n = self.ident()
        if self.realistic:
            return self.realistic_value(regex, spans, n)
        candidates = [str(n)]
        if spans:
            candidates.insert(0, f"AB-{n % 97}/{n}" if n % 3 else f"SKU-{n}-X/{n % 7}/B")
        if "0-9a-fA-F" in regex:
            candidates.insert(0, str(uuid.UUID(int=n * 7919 + 1)))
        candidates += [f"ORD{n}", f"art-{n}", "a" * 8]
        for c in candidates:
            if re.fullmatch(regex, c):
                return c
        raise ValueError(f"no value for {regex}")


def make_workload(reg: Any, routes: list[Route], n: int, zipf: bool, seed: int,
                  realistic: bool = False) -> list[tuple[str, str, str | None]]:
    """``(method, url, endpoint id the request was built from or None)``.

    ``realistic``: ids are UUIDs, hex, tokens, order and article numbers wherever the placeholder takes
    them (digits only where it takes nothing else), and a third of the requests carry a query string with
    a fresh value (``?page=3&filter[0][value]=<hex>``).
    """
    rng = random.Random(seed)
    values = Values(rng, zipf, realistic)
    pool: list[tuple[str, Any]] = [("route", r) for r in routes]
    pool += [("action", ep) for ep in reg.endpoints.values() if ep.action is not None]
    rng.shuffle(pool)
    weights = list(accumulate(1 / k ** 1.1 for k in range(1, len(pool) + 1)))
    junk = ["/api/.env", "/api/swagger.json", "/api/v1/products/details", "/favicon.ico", "/api/v1/adressen/",
            "/api/v9/products", "/api/v1/Adressen", "/api/wp-login.php", "/api/v1/salesOrders/abc", "/robots.txt"]
    out = []
    for i in range(n):
        if rng.random() < 0.10:
            base = rng.choice(junk)
            url = base if zipf else f"{base}{'' if base.endswith('/') else '/'}x{i}"
            out.append((rng.choice(["GET", "POST"]), url, None))
            continue
        kind, item = pool[bisect(weights, rng.random() * weights[-1])] if zipf else rng.choice(pool)
        if kind == "action":
            out.append(("POST", f"/api/{item.action}" + ("" if zipf else f"?page={values.ident()}"), item.id))
            continue
        segs, k = [], 0
        for seg in item.segments:
            if "\0" in seg:
                name, regex, spans = item.params[k]
                k += 1
                seg = seg.replace("\0", values.value(regex, spans))
            segs.append(seg)
        url = "/" + "/".join(segs)
        if realistic and rng.random() < 0.33:
            url += f"?page={values.ident() % 50}&filter[0][value]={rng.getrandbits(48):x}"
        elif not zipf and not item.params:
            url += f"?page={values.ident()}"  # a literal route repeats; its query string makes the line distinct
        elif rng.random() < 0.1:
            url += f"?page={values.ident() % 50}&items=20"
        out.append((item.ep.method, url, item.ep.id))
    return out


REALISTIC_KINDS = ("uuid", "hex", "token", "order", "article")


def realistic_id(kind: str, n: int) -> str:
    """An id as shops and ERPs write them, the same for the same ``n``: UUID, hex, token, order or article number."""
    h = (n * 0x9E3779B97F4A7C15 + 0x632BE59BD9B4E019) % (1 << 128)
    if kind == "uuid":
        return str(uuid.UUID(int=h, version=4))
    if kind == "hex":
        return f"{h >> 64:x}"
    if kind == "token":
        return base64.urlsafe_b64encode(h.to_bytes(16, "big")).decode().rstrip("=")
    if kind == "order":
        return f"AU{2025_000_000 + n}"
    return f"{('AB', 'SW', 'KD')[n % 3]}-{n % 99_991}-{('BLK', 'XL', 'R')[n % 3]}"


def _realistic_value(self: Values, regex: str, spans: bool, n: int) -> str:
    """A realistic id the placeholder's regex takes (digits where only digits fit)."""
    if spans:
        candidates = [f"AB-{n % 97}/{n}-BLK", f"SKU-{n}/L/XL"]
    else:
        first = REALISTIC_KINDS[(n * 7 + len(regex)) % len(REALISTIC_KINDS)]
        candidates = [realistic_id(first, n), *(realistic_id(k, n) for k in REALISTIC_KINDS)]
    candidates += [str(4_700_000 + n), f"ORD{n}"]
    for c in candidates:
        if re.fullmatch(regex, c):
            return c
    raise ValueError(f"no value for {regex}")


Values.realistic_value = _realistic_value  # type: ignore[attr-defined]


# -- measurement -----------------------------------------------------------------------------------
CLOCK = time.perf_counter  # --cpu-time: time.process_time (this process's CPU time, for a busy shared machine)


def timed(resolve: Callable[[str, str], str], workload: list[tuple[str, str, str | None]]) -> tuple[float, list[str]]:
    gc.collect()
    answers = []
    append = answers.append
    clock = CLOCK
    start = clock()
    for method, url, _ in workload:
        append(resolve(method, url))
    return clock() - start, answers


def build_stats(build: Callable[[], Any], repeat: int = 5) -> tuple[float, float, Any]:
    times = []
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        built = build()
        times.append(time.perf_counter() - start)
        del built
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    built = build()
    after = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    return min(times), (after - before) / 1024 / 1024, built


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--distinct", type=int, default=60000)
    parser.add_argument("--zipf", type=int, default=200000)
    parser.add_argument("--seed", type=int, default=20261127)
    parser.add_argument("--rounds", type=int, default=5, help="rounds per workload; each router's fastest counts")
    parser.add_argument("--only", nargs="+", help="only the workloads whose label holds one of these words "
                        "(distinct, zipf, log-like, digits, realistic)")
    parser.add_argument("--ceilings", action="store_true",
                        help="also time registry on the zipf workload with every call shape known, every answer kept, "
                             "or every answer known in advance")
    parser.add_argument("--cpu-time", action="store_true",
                        help="time each pass by this process's CPU time instead of the wall clock (a loaded machine)")
    args = parser.parse_args()
    if args.cpu_time:
        global CLOCK
        CLOCK = time.process_time

    reg = registry.load()
    routes = routes_of(reg)
    actions = action_routes(reg)
    b_reg = build_stats(lambda: Matcher(reg))
    b_wz = build_stats(lambda: build_werkzeug(routes, actions), repeat=3)
    b_fa = build_stats(lambda: build_falcon(routes, actions), repeat=3)
    peers_built = {"registry": (b_reg, None), "werkzeug": (b_wz, b_wz[2][1]), "falcon": (b_fa, b_fa[2][1])}

    n_eps = len({r.ep.id for r in routes}) + len({a[2] for a in actions})
    print(f"dataset: {len(reg.endpoints)} endpoints; {len(routes)} template variants, {len(actions) // 2} Standard API actions")
    for name in ("werkzeug", "falcon"):
        expressed = peers_built[name][1]
        print(f"{name}: expresses {len(expressed)} of {n_eps} endpoints (templates it cannot express are left out)")
    print()

    results: dict[str, dict[str, float]] = {}
    workloads = [("distinct, digits", args.distinct, False, False), ("zipf, digits", args.zipf, True, False),
                 ("distinct, realistic", args.distinct, False, True), ("log-like, realistic", args.zipf, True, True)]
    if args.only:
        workloads = [w for w in workloads if any(o in w[0] for o in args.only)]
    for label, n, zipf, realistic in workloads:
        workload = make_workload(reg, routes, n, zipf, args.seed, realistic)
        distinct = len({(m, u) for m, u, _ in workload})
        answers: dict[str, list[str]] = {}
        best: dict[str, float] = {}
        for _round in range(args.rounds):  # the routers take turns; each keeps its fastest round
            for name in ("registry", "registry warm", "werkzeug", "falcon"):
                if name == "registry":
                    resolve, _matcher = build_registry(reg)  # a fresh matcher: the memo starts empty
                elif name == "registry warm":  # the fresh round's matcher after a second pass: every answer kept
                    timed(resolve, workload)
                else:
                    resolve = peers_built[name][0][2][0]
                seconds, answers[name] = timed(resolve, workload)
                best[name] = min(best.get(name, seconds), seconds)
        results[label] = {name: n / seconds for name, seconds in best.items()}
        print(f"workload {label}: {n} requests, {distinct} distinct, "
              f"{sum(1 for *_x, e in workload if e is None)} built to match nothing")
        reg_answers = answers["registry"]
        assert reg_answers == answers["registry warm"], "a warm matcher answered otherwise"
        wrong = sum(1 for (m, u, e), got in zip(workload, reg_answers) if e is not None and got != e)
        print(f"  registry resolves {len(workload) - wrong} of {len(workload)} back to the endpoint they were built from "
              f"(the rest go to an endpoint that precedes by the written rule)")
        for name in ("werkzeug", "falcon"):
            expressed = peers_built[name][1]
            agree = disagree = skipped = 0
            examples = []
            for (m, u, e), mine, theirs in zip(workload, reg_answers, answers[name]):
                if (e is not None and e not in expressed) or (e is None and mine not in (NOTHING, NOT_ALLOWED)):
                    skipped += 1
                    continue
                if mine == theirs or (mine in (NOTHING, NOT_ALLOWED) and theirs in (NOTHING, NOT_ALLOWED)):
                    agree += 1
                else:
                    disagree += 1
                    if len(examples) < 3:
                        examples.append(f"{m} {u}: registry {mine}, {name} {theirs}")
            print(f"  {name}: agrees on {agree}, disagrees on {disagree}, cannot express {skipped}")
            for ex in examples:
                print(f"    e.g. {ex}")
        print()

    print(f"{'workload':<21} {'fresh req/s':>12} {'warm req/s':>11} {'falcon req/s':>13} {'werkzeug req/s':>15} "
          f"{'fresh/falcon':>13} {'warm/falcon':>12}")
    ok = True
    for label, r in results.items():
        fresh, warm = r["registry"] / r["falcon"], r["registry warm"] / r["falcon"]
        ok = ok and fresh >= 1.0 and warm >= 2.0
        print(f"{label:<21} {r['registry']:>12,.0f} {r['registry warm']:>11,.0f} {r['falcon']:>13,.0f} "
              f"{r['werkzeug']:>15,.0f} {fresh:>12.2f}x {warm:>11.2f}x")
    print(f"\n{'router':<10} {'build ms':>9} {'memory MiB':>11}")
    for name in ("registry", "werkzeug", "falcon"):
        build_s, mem, _ = peers_built[name][0]
        print(f"{name:<10} {build_s * 1000:>9.1f} {mem:>11.2f}")
    ok = ok and b_reg[0] < 0.1
    print(f"\ntargets (every workload: fresh >= 1x falcon, warm >= 2x falcon; build < 100 ms): {'met' if ok else 'NOT met'}")
    print(f"python {sys.version.split()[0]}, one process, fastest of {args.rounds} rounds per router"
          f"{', CPU time' if args.cpu_time else ''}; load average {os.getloadavg()[0]:.2f}")
    if args.ceilings:
        ceilings(reg, make_workload(reg, routes, args.zipf, True, args.seed), peers_built["falcon"][0][2][0], args.rounds)


def ceilings(reg: Any, workload: list[tuple[str, str, str | None]], falcon: Callable[[str, str], str],
             rounds: int) -> None:
    """What the zipf workload would take if the matcher knew every call shape, or every answer, before it starts.

    ``every shape known``: a matcher that has resolved the workload once forgets the requests but keeps
    its answers by call shape (no new shape is met). ``every answer kept``: a matcher that has resolved the
    workload twice (its memo has kept every answer). ``every answer known``: the matcher's answers in a
    dictionary per method (what any memo costs at the least, first sights free).
    """
    best: dict[str, float] = {}
    for _round in range(rounds):
        resolve, matcher = build_registry(reg)
        timed(resolve, workload)
        answers: dict[str, dict[str, Any]] = {}
        for method, url, _e in workload:
            answers.setdefault(method, {})[url] = matcher.resolve(method, url)
        matcher.clear_memo(shapes=False)

        def known(method: str, url: str) -> str:
            m = answers[method][url]
            if m:
                return m.endpoint.id
            return NOT_ALLOWED if getattr(m, "allowed", ()) else NOTHING

        kept, _matcher = build_registry(reg)
        for _pass in range(2):  # a request's second sight keeps its answer: after two passes every one is kept
            timed(kept, workload)
        for name, run in (("every shape known", resolve), ("every answer kept", kept), ("every answer known", known),
                          ("falcon", falcon)):
            seconds, _answers = timed(run, workload)
            best[name] = min(best.get(name, seconds), seconds)
    print(f"\nceilings on the zipf workload ({len(workload)} requests), fastest of {rounds} rounds:")
    for name, seconds in best.items():
        print(f"  registry, {name:<20} {seconds * 1000:8.1f} ms  {best['falcon'] / seconds:5.2f}x falcon"
              if name != "falcon" else f"  {name:<30} {seconds * 1000:8.1f} ms")


if __name__ == "__main__":
    main()
