"""``xreg probe``: what a credential really reaches on one's own Xentral instance, observed read-only.

Without ``--yes`` it only prints the plan (what, how many, how fast) and sends nothing. Credentials
come from the environment (``--token-env``, ``--digest-user-env``, ``--digest-key-env``) or standard
input (``--stdin``), never from the command line, and are never printed or written. The result is an
observations file (YAML) on stdout or in ``-o FILE``; ``xreg check``, ``advise`` and ``site`` take it
with ``--observations``.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import sys
from pathlib import Path
from typing import Any

import click

from registry.cli.common import choose, choose_endpoint, complete_from_dataset, data_option, emit, load

_LABEL_PATTERN = r"^[a-z][a-z0-9-]*$"


@click.command()
@click.option("--base-url", required=True, metavar="URL", help="The instance, e.g. https://acme.xentral.biz (https only).")
@click.option("--auth", required=True, type=click.Choice(["pat", "pat-legacy", "digest"], case_sensitive=False),
              help="How to authenticate: a token of the new PAT module, a legacy token, or a Digest API account.")
@click.option("--token-env", default="XENTRAL_TOKEN", show_default=True, metavar="NAME",
              help="Environment variable holding the token (pat, pat-legacy).")
@click.option("--digest-user-env", default="XENTRAL_DIGEST_USER", show_default=True, metavar="NAME",
              help="Environment variable holding the API account's name (digest).")
@click.option("--digest-key-env", default="XENTRAL_DIGEST_KEY", show_default=True, metavar="NAME",
              help="Environment variable holding the API account's key (digest).")
@click.option("--stdin", "from_stdin", is_flag=True,
              help="Read the credentials from standard input instead: the token, or the account name and key on two lines.")
@click.option("--api", "apis", multiple=True, metavar="API", shell_complete=complete_from_dataset("api"), help="Probe the GET endpoints of this API (rest, standard, xentral); repeatable.")
@click.option("--endpoint", "endpoint_ids", multiple=True, metavar="ID", shell_complete=complete_from_dataset("endpoint"), help="Probe this endpoint; repeatable.")
@click.option("--from", "report", type=click.Path(dir_okay=False, path_type=Path), default=None, metavar="REPORT.json",
              help="Probe the endpoints of an 'xreg advise --format json' report: its calls and recommended targets.")
@click.option("--rate", type=click.FloatRange(min=0.01, max=10.0), default=2.0, show_default=True,
              help="At most this many requests per second.")
@click.option("--timeout", type=click.FloatRange(min=0.1, max=120.0), default=10.0, show_default=True,
              help="Seconds to wait for each answer.")
@click.option("--yes", "send", is_flag=True, help="Send the requests (without it: print the plan, send nothing).")
@click.option("--label", default=None, metavar="NAME", help="The instance as you call it (acme-prod); written instead of the host.")
@click.option("--keep-host", is_flag=True, help="Write the base URL's host into the file too.")
@click.option("--release", default=None, metavar="VERSION", help="The instance's Xentral release, when you know it (no probed API tells).")
@click.option("--date", "day", default=None, metavar="YYYY-MM-DD", help="The date to record (default: today, UTC).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the observations file to FILE (atomically) instead of stdout.")
@click.option("-v", "--verbose", is_flag=True, help="List every endpoint left out, and every answer as it comes.")
@click.option("-q", "--quiet", is_flag=True, help="Print errors only.")
@data_option
def probe(base_url: str, auth: str, token_env: str, digest_user_env: str, digest_key_env: str, from_stdin: bool,
          apis: tuple[str, ...], endpoint_ids: tuple[str, ...], report: Path | None, rate: float, timeout: float,
          send: bool, label: str | None, keep_host: bool, release: str | None, day: str | None, output: Path | None,
          verbose: bool, quiet: bool, data_dir: Path | None) -> None:
    """Observe, read-only, which endpoints a credential reaches on your own instance.

    Sends GET only: to GET endpoints (a list first, with the smallest page; a by-id endpoint only with
    an id from that list's answer) and to the Standard API read actions of data/probe.yaml. Without
    --yes it prints the plan and sends nothing. At most --rate requests per second, --timeout seconds
    each, no redirect followed, TLS always verified. Each answer is classified yes, no, route-missing or
    unknown with the marker that decided; response bodies are not kept.

    \b
    Example:
      export XENTRAL_TOKEN=…            # never on the command line
      xreg probe --base-url https://acme.xentral.biz --auth pat --api rest
      xreg probe --base-url https://acme.xentral.biz --auth pat --api rest --yes --label acme-prod -o acme.yaml
      xreg advise src/ --observations acme.yaml
    """
    from registry.probe.client import check_base_url
    from registry.probe.plan import plan_probe

    origin, _prefix = check_base_url(base_url)
    if not (apis or endpoint_ids or report):
        raise click.UsageError("choose what to probe: --api, --endpoint or --from")
    if day is not None:
        try:
            dt.date.fromisoformat(day)
        except ValueError:
            raise click.BadParameter(f"'{day}' is not a date (expected YYYY-MM-DD)", param_hint="'--date'") from None
    if label is not None and not _label_ok(label):
        raise click.BadParameter(f"'{label}' is not a label (expected lower-case letters, digits and '-', "
                                 "starting with a letter, e.g. acme-prod)", param_hint="'--label'")
    reg = load(data_dir)
    apis = tuple(choose(a, reg.apis, "--api", "API") for a in apis)
    endpoint_ids = tuple(choose_endpoint(reg, e, "--endpoint") for e in endpoint_ids)
    chosen = list(endpoint_ids) + (_report_endpoints(report, reg) if report is not None else [])
    plan = plan_probe(reg, auth, apis=apis, endpoint_ids=chosen)
    names = _credential_names(auth, token_env, digest_user_env, digest_key_env)
    if not send:
        text = plan.describe(origin, rate, timeout)
        if not verbose:
            text = _short(text, plan)
        where = "standard input" if from_stdin else ", ".join(f"${n} ({'set' if os.environ.get(n) else 'NOT SET'})" for n in names)
        emit(f"{text}\n\ncredentials: {where}\nnothing was sent (dry run); add --yes to send these requests.")
        return
    if label is None:
        raise click.UsageError("--yes needs --label NAME: the instance as you call it (e.g. acme-prod), "
                               "written instead of its host")
    if not plan.steps:
        raise click.UsageError("nothing to probe: every chosen endpoint was left out (run without --yes to see why)")
    secret = _read_secret(auth, names, from_stdin)
    _run(reg, plan, origin + _prefix, auth, secret, rate, timeout, label, keep_host, release, day, output, verbose, quiet)


def _run(reg: Any, plan: Any, base_url: str, auth: str, secret: tuple[str, ...], rate: float, timeout: float, label: str,
         keep_host: bool, release: str | None, day: str | None, output: Path | None, verbose: bool, quiet: bool) -> None:
    from urllib.parse import urlsplit

    from registry.probe.client import ProbeAborted, ProbeRefused, Sender
    from registry.probe.run import observations_yaml, run_plan

    if not quiet:
        n = len(plan.steps)
        click.echo(f"xreg: probing {n} endpoint{'s' if n != 1 else ''} of {base_url} as {auth}, at most {rate:g} requests/s", err=True)

    def progress(done: int, total: int, s: dict[str, Any]) -> None:
        if verbose:
            status = s["status"] if s["status"] is not None else "-"
            click.echo(f"  [{done}/{total}] {s['request']}  {status}  {s['result']} ({s['marker']})", err=True)

    try:
        with Sender(base_url, auth, secret, rate, timeout) as sender:
            outcome = run_plan(reg, plan, sender, progress)
    except (ProbeAborted, ProbeRefused) as exc:
        raise click.ClickException(f"{exc}. No observations file was written.") from None
    host = urlsplit(base_url).hostname if keep_host else None
    date = day or dt.datetime.now(dt.timezone.utc).date().isoformat()
    text = observations_yaml(outcome, label=label, date=date, dataset=f"{reg.info.name} {reg.info.version}",
                             host=host, release=release)
    emit(text, output)
    if not quiet:
        counts = outcome.counts()
        line = ", ".join(f"{n} {k}" for k, n in counts.items())
        click.echo(f"xreg: {len(outcome.sightings)} endpoints observed in {outcome.requests} requests: {line}", err=True)
        for ep, why in outcome.not_sent:
            click.echo(f"xreg: not sent: {ep}: {why}", err=True)
        refused = [s for s in outcome.sightings if s["result"] == "no"]
        if outcome.sightings and len(refused) == len(outcome.sightings):
            click.echo("xreg: WARNING: every request was refused; check the credential before reading these as "
                       "facts about the endpoints", err=True)
        if output is not None:
            click.echo(f"xreg: wrote {output}", err=True)


def _short(text: str, plan: Any) -> str:
    """The plan with the endpoints left out counted by reason instead of listed (``-v`` lists them)."""
    if not plan.skipped:
        return text
    head = text.split("\n\nleft out (")[0]
    reasons: dict[str, int] = {}
    for _ep, why in plan.skipped:
        key = why.split(":")[0] if why.startswith("a ") and " endpoint" in why else _reason_kind(why)
        reasons[key] = reasons.get(key, 0) + 1
    lines = [f"left out ({len(plan.skipped)}; -v lists them):"]
    lines += [f"      {n:>4}  {k}" for k, n in reasons.items()]
    return head + "\n\n" + "\n".join(lines)


def _reason_kind(why: str) -> str:
    if why.startswith("its parameter"):
        return "a parameter no GET list gives (ids are never made up)"
    if why.startswith("its list"):
        return "its list cannot be probed"
    return why


def _label_ok(label: str) -> bool:
    import re

    return re.fullmatch(_LABEL_PATTERN, label) is not None and len(label) <= 60


def _credential_names(auth: str, token_env: str, user_env: str, key_env: str) -> list[str]:
    return [user_env, key_env] if auth == "digest" else [token_env]


def _read_secret(auth: str, names: list[str], from_stdin: bool) -> tuple[str, ...]:
    """The credential, from standard input or the environment; never echoed, never part of a message."""
    if from_stdin:
        lines = [line.strip() for line in sys.stdin.read().splitlines() if line.strip()]
        needed = 2 if auth == "digest" else 1
        if len(lines) != needed:
            what = "the account name and key on two lines" if auth == "digest" else "the token on one line"
            raise click.UsageError(f"--stdin expects {what} (got {len(lines)} non-empty line{'s' if len(lines) != 1 else ''})")
        return tuple(lines)
    values = []
    for name in names:
        value = os.environ.get(name, "").strip()
        if not value:
            raise click.UsageError(f"the environment variable {name} is not set or empty: set it to the "
                                   f"{'token' if auth != 'digest' else 'API account ' + ('name' if name == names[0] else 'key')}"
                                   " (credentials are never taken from the command line), or use --stdin")
        values.append(value)
    return tuple(values)


def _report_endpoints(path: Path, reg: Any) -> list[str]:
    """The endpoint ids of an ``xreg advise --format json`` report: each call's endpoint and its recommended targets."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise click.ClickException(f"{path}: cannot read the report: {exc.strerror or exc}.") from None
    except ValueError as exc:
        raise click.ClickException(f"{path}: not JSON ({exc}); expected the output of 'xreg advise --format json'.") from None
    if not (isinstance(data, dict) and data.get("format_version") == 1 and isinstance(data.get("calls"), list)):
        raise click.ClickException(f"{path}: not an 'xreg advise --format json' report (expected format_version 1 and calls).")
    ids: list[str] = []
    for call in data["calls"]:
        if not isinstance(call, dict):
            continue
        ep = call.get("endpoint")
        if isinstance(ep, dict) and isinstance(ep.get("id"), str):
            ids.append(ep["id"])
        for rec in call.get("recommendations") or []:
            if isinstance(rec, dict) and isinstance(rec.get("endpoint_id"), str):
                ids.append(rec["endpoint_id"])
    unknown = [i for i in ids if i not in reg.endpoints]
    if unknown:
        raise click.ClickException(f"{path}: the report names endpoints this dataset does not have "
                                   f"({', '.join(sorted(set(unknown))[:3])}); was it made with another dataset?")
    return list(dict.fromkeys(ids))
