"""The ``## Load over the proxy`` section of bench/RESULTS.md: rendered from bench.load's
figures, and kept when ``python -m bench`` rewrites the rest of the file."""

from __future__ import annotations

import time

from bench import sections

HEADING = "## Load over the proxy"


def section_of(text: str, heading: str = HEADING) -> str:
    return sections.section_of(text, heading)


def replace_section(text: str, section: str, heading: str = HEADING) -> str:
    return sections.replace_section(text, section, heading)


def keep_section(old_text: str, new_text: str, heading: str = HEADING) -> str:
    return sections.keep_section(old_text, new_text, heading)


def _s(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f} s"


def _errors(kinds: dict[str, int]) -> str:
    return ", ".join(f"{n} {kind}" for kind, n in sorted(kinds.items())) or "0"


def acceptance(runs: list[dict]) -> str:
    """The issue's check: 100 viewers over two replicas with no error and a p95 first KPI no
    worse than one replica with 50."""
    two = next((r for r in runs if r["replicas"] == 2 and r["viewers"] == 100), None)
    one = next((r for r in runs if r["replicas"] == 1 and r["viewers"] == 50), None)
    if two is None or one is None:
        return "not measured in this run (needs 2 replicas × 100 and 1 replica × 50)"
    fine = not two["errors"] and two["ok"] == 100
    faster = (two["kpi_p95_s"] is not None and one["kpi_p95_s"] is not None
              and two["kpi_p95_s"] <= one["kpi_p95_s"])
    verdict = "**met**" if fine and faster else "**not met**"
    cores = ""
    if two.get("server_cpu_s") and one.get("server_cpu_s"):
        got_two = two["server_cpu_s"] / two["wall_s"]
        got_one = one["server_cpu_s"] / one["wall_s"]
        cores = (f" The two replicas got {got_two:.2f} cores between them during their run, "
                 f"the one replica {got_one:.2f} during its run (CPU seconds ÷ wall seconds).")
    return (f"100 viewers over 2 replicas: {two['ok']} of 100 done, errors "
            f"{_errors(two['errors'])}, p95 first KPI {_s(two['kpi_p95_s'])}; 1 replica with 50: "
            f"p95 {_s(one['kpi_p95_s'])} ({one['ok']} of 50 done, errors "
            f"{_errors(one['errors'])}). {verdict}.{cores}")


def _browser(check: dict) -> str:
    if "skipped" in check:
        return f"not made ({check['skipped']})"
    scripted, seen = " ".join(check["scripted"]), " ".join(check["browser"])
    if check["same"]:
        return f"the same first KPI as the scripted viewer (\"{seen}\")"
    return f"**differs**: browser \"{seen}\", scripted viewer \"{scripted}\""


def render(f: dict) -> str:
    """The section's Markdown from bench.load's figures."""
    rows = []
    for r in f["runs"]:
        rss = " / ".join(f"{b:,.0f} → {a:,.0f}"
                         for b, a in zip(r["rss_before_mb"], r["rss_after_mb"], strict=False))
        rows.append(
            f"| {r['replicas']} | {r['viewers']} | {r['ok']} | {_errors(r['errors'])} | "
            f"{_s(r['kpi_median_s'])} | {_s(r['kpi_p95_s'])} | {_s(r['kpi_max_s'])} | "
            f"{_s(r['done_median_s'])} / {_s(r['done_p95_s'])} | {rss} | "
            f"{r['mb_per_session']:.1f} | {' / '.join(map(str, r['split']))} | "
            f"{r['wall_s']:.1f} s | {r.get('server_cpu_s', 0):.1f} s "
            f"({r.get('server_cpu_per_page_s', 0):.2f} s) | {r.get('client_cpu_s', 0):.1f} s | "
            f"{r.get('machine_busy', 0):.0%} |")
    details = [f"- {r['replicas']} replica(s), {r['viewers']} viewers: {d}"
               for r in f["runs"] for d in r.get("error_details", [])]
    load = ", ".join(f"{x:.2f}" for x in f.get("load_average", ()))
    m = f.get("machine", {})
    page_kb = next((r["page_kb"] for r in f["runs"] if r.get("page_kb")), None)
    page = f" A page's WebSocket messages: {page_kb:,.0f} KB." if page_kb else ""
    return "\n".join([
        HEADING,
        "",
        f"Made by `make load` (`python -m bench.load`) on {time.strftime('%Y-%m-%d')}, in "
        f"{f['seconds'] / 60:.1f} minutes, on {m.get('cores', '?')} cores "
        f"({m.get('CPU', '?')}); load average at the end {load}. Dataset: the default view "
        f"of {f['rows']:,} generated EAGLE-I-shaped rows ({f['stored_rows']:,} stored; "
        f"`python -m outages ingest` into PostgreSQL took {f['ingest_s']:.1f} s). Each viewer "
        f"bounded by {f['timeout_s']:.0f} s.{page} Real browser check: {_browser(f['browser'])}.",
        "",
        f"Acceptance: {acceptance(f['runs'])}",
        "",
        "| replicas | viewers | done | errors | first KPI median | p95 | max | page finished "
        "median / p95 | RSS per replica before → after (MB) | MB a session | sessions per "
        "replica | wall | replicas' CPU (a page) | viewers' CPU | machine busy |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
        *rows,
        "",
        *(["Errors seen (first of each kind):", "", *details, ""] if details else []),
        "- Setup: nginx (Debian) with `deploy/nginx.conf` (affinity cookie, WebSocket upgrade, "
        "prefix `/outages`) in front of 1 or 2 `streamlit run app.py` processes on one "
        "PostgreSQL (127.0.0.1:5432, a new schema for the run), all on this machine; fresh "
        "processes for each row, each replica warmed by one visit sent to it directly.",
        "- A viewer (`bench/viewer.py`): GET the page through nginx (keeping its "
        "`outages_route` cookie and Streamlit's XSRF cookie), `_stcore/health`, "
        "`_stcore/host-config`, then the WebSocket `_stcore/stream` and the frontend's first "
        "`rerun_script` BackMsg; the clock runs from the page request to the first delta with "
        "an `st.metric` (the first KPI card), and on to `script_finished`. Static assets are "
        "not fetched (a returning visitor's cache). All viewers start together; every session "
        "stays open until the last one is done, when the replicas' RSS is read (\"after\"); "
        "MB a session = (after − before, summed over replicas) / viewers.",
        "- CPU during each run (/proc): the replicas' CPU seconds, summed, and per page "
        "(÷ viewers); the viewers' own process; the share of the whole machine (all cores) "
        "that was busy, whoever used it. Streamlit runs every session's script at once in its "
        "own thread; the cards come first (about 15 ms of a replica's CPU a session) and the "
        "chart and map wait their turn, one session at a time (outages/ui/slots.py), so a "
        "viewer's first KPI arrives about when the replica has made every waiting session's "
        "cards: viewers × that cost ÷ the CPU the replica gets.",
        "- The viewers run in one Python process on the same 2 cores as nginx, the replicas "
        "and PostgreSQL, so the figures include that contention; other work on the machine "
        "adds noise (see the load average).",
        "",
    ])
