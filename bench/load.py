"""Load over the proxy: concurrent scripted viewers through nginx to 1 and 2 replicas.

One and then two replicas of the dashboard on one PostgreSQL, behind nginx.

    python -m bench.load [--rows 5000000] [--viewers 10,50,100] [--replicas 1,2]
                         [--timeout 180] [--pg URL] [--no-browser] [--output PATH]

A fresh PostgreSQL schema for the run (``--pg``, default $OUTAGES_TEST_PG_URL, else
postgresql://postgres@127.0.0.1:5432/test) receives the seeded EAGLE-I-shaped dataset
(bench/generate.py, ingested by ``python -m outages ingest``); it is the dashboard's default
view (the newest dataset a person loaded). For each replica count and viewer count: fresh app
processes behind nginx (deploy/nginx.conf), each replica warmed by one viewer sent to it
directly (the dataset loaded, as on a server that has been up for a while), then that many
viewers (bench/viewer.py) start together through the proxy, each bounded by ``--timeout``
seconds. Figures: median and p95 seconds to the first KPI and to the finished page, errors by
kind, the replicas' RSS before and after (every session still open) and the growth per
session, and how nginx spread the sessions. Once per run, a real browser (Debian's chromium)
opens the same page through the proxy and must see the same first KPI as the scripted viewer.

Writes the table under ``## Load over the proxy`` in bench/RESULTS.md (the rest of the file
kept) and prints it.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench import generate, loadreport, machine, replicaset, viewer

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "RESULTS.md"
DEFAULT_PG = "postgresql://postgres@127.0.0.1:5432/test"
DEFAULT_ROWS = 5_000_000
DEFAULT_VIEWERS = (10, 50, 100)
DEFAULT_REPLICAS = (1, 2)
TIMEOUT_S = 180.0  # one viewer, page request to finished page
BROWSER_WAIT_MS = 120_000


@dataclass
class Run:
    replicas: int
    viewers: int
    visits: list[viewer.Visit] = field(default_factory=list)
    wall_s: float = 0.0
    rss_before_mb: list[float] = field(default_factory=list)
    rss_after_mb: list[float] = field(default_factory=list)
    split: list[int] = field(default_factory=list)  # sessions per replica, from nginx's log
    client_cpu_s: float = 0.0  # CPU seconds the viewers' own process used (it shares the cores)
    server_cpu_s: float = 0.0  # CPU seconds the replicas used during the run, summed
    machine_busy: float = 0.0  # share of the machine's CPU (all cores) busy during the run

    @property
    def errors(self) -> dict[str, int]:
        kinds: dict[str, int] = {}
        for v in self.visits:
            if v.error:
                kinds[v.error] = kinds.get(v.error, 0) + 1
        return kinds

    @property
    def kpi_s(self) -> list[float]:
        return sorted(v.kpi_s for v in self.visits if v.kpi_s is not None)

    @property
    def done_s(self) -> list[float]:
        return sorted(v.done_s for v in self.visits if v.done_s is not None)

    @property
    def mb_per_session(self) -> float:
        return (sum(self.rss_after_mb) - sum(self.rss_before_mb)) / max(self.viewers, 1)

    def figures(self) -> dict:
        return {"replicas": self.replicas, "viewers": self.viewers, "wall_s": self.wall_s,
                "ok": sum(1 for v in self.visits if not v.error), "errors": self.errors,
                "kpi_median_s": median(self.kpi_s), "kpi_p95_s": p95(self.kpi_s),
                "kpi_max_s": max(self.kpi_s, default=None),
                "done_median_s": median(self.done_s), "done_p95_s": p95(self.done_s),
                "rss_before_mb": self.rss_before_mb, "rss_after_mb": self.rss_after_mb,
                "mb_per_session": self.mb_per_session, "split": self.split,
                "client_cpu_s": self.client_cpu_s, "server_cpu_s": self.server_cpu_s,
                "server_cpu_per_page_s": self.server_cpu_s / max(self.viewers, 1),
                "machine_busy": self.machine_busy,
                "page_kb": median([v.received_bytes / 1024 for v in self.visits if v.done_s]),
                "error_details": sorted({f"{v.error}: {v.detail}" for v in self.visits
                                         if v.error})[:5]}


def median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def p95(values: list[float]) -> float | None:
    """The 95th percentile, linear between the closest ranks (numpy's default)."""
    if not values:
        return None
    ordered = sorted(values)
    rank = 0.95 * (len(ordered) - 1)
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def ingest(path: Path, store_url: str, env: dict[str, str]) -> dict:
    """``python -m outages ingest`` of ``path`` into the store, as a user runs it: its JSON
    answer, plus the seconds it took."""
    began = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "outages", "ingest", str(path), "--db",
                           store_url], capture_output=True, text=True, cwd=HERE.parent,
                          env={**os.environ, **env}, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"ingest failed ({done.returncode}): {done.stderr[-2000:]}")
    answer = json.loads(done.stdout.strip().splitlines()[-1])
    answer["seconds"] = time.perf_counter() - began
    return answer


async def crowd(base: str, count: int, timeout_s: float, expect: tuple[str, str] | None
                ) -> tuple[list[asyncio.Future], asyncio.Event, float]:
    """``count`` viewers started together. Returns once every one is done (its page finished
    or failed) or the run's bound passed: their tasks, the event that releases their sessions
    (kept open meanwhile, so the caller can read memory with them all alive) and the wall
    seconds."""
    hold, all_done = asyncio.Event(), asyncio.Event()
    finished = 0

    def report(_: viewer.Visit) -> None:
        nonlocal finished
        finished += 1
        if finished == count:
            all_done.set()

    began = time.perf_counter()
    tasks = [asyncio.ensure_future(viewer.visit(base, timeout_s=timeout_s, expect=expect,
                                                hold=hold, on_done=report))
             for _ in range(count)]
    try:
        await asyncio.wait_for(all_done.wait(), timeout_s + 30)
    except TimeoutError:
        pass
    return tasks, hold, time.perf_counter() - began


def run_one(store_url: str, env: dict[str, str], replicas: int, viewers: int,
            timeout_s: float, say) -> tuple[Run, tuple[str, str] | None]:
    """One configuration on fresh processes. Returns the run and the first KPI (label, value)
    the warm-up viewer saw."""
    run = Run(replicas, viewers)
    with replicaset.replica_set(store_url, replicas, env) as rs:
        expect = None
        for app in rs.apps:  # warm each replica directly: the dataset loaded and prepared
            warm = asyncio.run(viewer.visit(app.url, timeout_s=timeout_s))
            if warm.error:
                raise RuntimeError(f"warm-up visit to {app.url} failed: {warm.error} "
                                   f"{warm.detail}\n{app.log(40)}")
            expect = expect or warm.kpi
        run.rss_before_mb = rs.rss_mb()

        async def go() -> None:
            cpu, server, (busy, total) = time.process_time(), rs.cpu_s(), replicaset.machine_cpu_s()
            tasks, hold, run.wall_s = await crowd(rs.proxy, viewers, timeout_s, expect)
            run.client_cpu_s = time.process_time() - cpu
            run.server_cpu_s = rs.cpu_s() - server
            busy_after, total_after = replicaset.machine_cpu_s()
            run.machine_busy = (busy_after - busy) / max(total_after - total, 1e-9)
            run.rss_after_mb = rs.rss_mb()  # every session still open
            hold.set()
            run.visits = list(await asyncio.gather(*tasks))

        asyncio.run(go())
        deadline = time.monotonic() + 10  # nginx logs a WebSocket when it has closed
        counts = rs.upstream_counts()
        while sum(counts.values()) < viewers and time.monotonic() < deadline:
            time.sleep(0.2)
            counts = rs.upstream_counts()
        run.split = [counts.get(app.url.split("/")[2], 0) for app in rs.apps]
    f = run.figures()
    say(f"  {replicas} replica(s), {viewers} viewers: KPI median {fmt_s(f['kpi_median_s'])}, "
        f"p95 {fmt_s(f['kpi_p95_s'])}; page done p95 {fmt_s(f['done_p95_s'])}; "
        f"errors {f['errors'] or 0}; {f['mb_per_session']:.1f} MB a session; "
        f"split {run.split}; wall {run.wall_s:.1f} s; replicas' CPU {run.server_cpu_s:.1f} s "
        f"({f['server_cpu_per_page_s']:.2f} s a page); viewers' CPU {run.client_cpu_s:.1f} s; "
        f"machine {run.machine_busy:.0%} busy")
    return run, expect


def fmt_s(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f} s"


def browser_kpi(url: str) -> tuple[str, str] | str:
    """The first KPI card (label, value) a real browser shows at ``url`` once the page's
    script has finished and every card is drawn, or why it could not be read. (While the cards
    are being drawn, the first card in the page can briefly be another one.)"""
    from tests.browser import Visit, chromium_missing, launch

    why = chromium_missing()
    if why:
        return why
    with launch() as browser:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        try:
            cards = Visit(context).open(url).metrics()
        finally:
            context.close()
    label, value = next(iter(cards.items()))
    return viewer.plain(label), viewer.plain(value)


def validate(store_url: str, env: dict[str, str], timeout_s: float) -> dict:
    """One scripted viewer and one real browser visit through the proxy (one replica): the
    same first KPI?"""
    with replicaset.replica_set(store_url, 1, env) as rs:
        scripted = asyncio.run(viewer.visit(rs.proxy, timeout_s=timeout_s))
        seen = browser_kpi(rs.proxy + "/")
    if isinstance(seen, str):
        return {"skipped": seen, "scripted": scripted.kpi}
    return {"scripted": list(scripted.kpi or ()), "browser": list(seen),
            "same": scripted.kpi is not None and tuple(map(viewer.plain, scripted.kpi)) == seen}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.load",
                                     description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=DEFAULT_ROWS, help="dataset rows")
    parser.add_argument("--viewers", default=",".join(map(str, DEFAULT_VIEWERS)),
                        help="concurrent viewers of each run, comma separated (10,50,100)")
    parser.add_argument("--replicas", default=",".join(map(str, DEFAULT_REPLICAS)),
                        help="replica counts, comma separated (1,2)")
    parser.add_argument("--timeout", type=float, default=TIMEOUT_S,
                        help="seconds one viewer may take (page request to finished page)")
    parser.add_argument("--pg", default=os.environ.get("OUTAGES_TEST_PG_URL", DEFAULT_PG),
                        help="PostgreSQL server URL; the run works in a new schema")
    parser.add_argument("--no-browser", action="store_true",
                        help="skip the check against a real browser visit")
    parser.add_argument("--output", type=Path, default=RESULTS,
                        help="Markdown file whose 'Load over the proxy' section is written")
    args = parser.parse_args(argv)
    viewer_counts = [int(v) for v in args.viewers.split(",")]
    replica_counts = [int(r) for r in args.replicas.split(",")]
    missing = replicaset.nginx_missing()
    if missing:
        print(missing, file=sys.stderr)
        return 2

    def say(text: str) -> None:
        print(text, flush=True)

    began = time.perf_counter()
    facts = machine.describe()
    say("machine: " + ", ".join(f"{k} {v}" for k, v in facts.items()))
    path = generate.ensure(args.rows)
    with tempfile.TemporaryDirectory(prefix="outages-load-") as cache, \
            replicaset.fresh_schema(args.pg) as store_url:
        env = {"OUTAGES_CACHE_DIR": cache}
        stored = ingest(path, store_url, env)
        say(f"{args.rows:,} rows ({path.name}) ingested into PostgreSQL in "
            f"{stored['seconds']:.1f} s: {stored['dataset']}, {stored['rows']:,} rows")
        check = ({"skipped": "--no-browser"} if args.no_browser
                 else validate(store_url, env, args.timeout))
        say(f"browser check: {json.dumps(check)}")
        runs = []
        for replicas in replica_counts:
            for count in viewer_counts:
                run, _ = run_one(store_url, env, replicas, count, args.timeout, say)
                runs.append(run.figures())
    figures = {"rows": args.rows, "stored_rows": stored["rows"], "dataset": stored["dataset"],
               "ingest_s": stored["seconds"], "timeout_s": args.timeout, "browser": check,
               "runs": runs, "seconds": time.perf_counter() - began, "machine": facts,
               "load_average": os.getloadavg()}
    section = loadreport.render(figures)
    text = args.output.read_text() if args.output.exists() else "# Speed bench results\n"
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(loadreport.replace_section(text, section))
    say(json.dumps(figures, default=str))
    say(section)
    say(f"written to {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
