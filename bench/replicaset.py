"""Replicas of the dashboard behind Debian's nginx on one PostgreSQL, on loopback, as
deploy/nginx.conf sets them up: shared by the replica test (tests/test_replicas.py) and the load
bench (bench/load.py).

- ``nginx_conf(folder, port, replicas)``: deploy/nginx.conf with the replicas on loopback ports
  and nginx's files in ``folder``;
- ``start_nginx(conf, folder, url)``: nginx in the foreground until exit, once ``url`` answers;
- ``fresh_schema(base_url)``: a store URL in a new PostgreSQL schema, dropped on exit;
- ``replica_set(store_url, count)``: ``count`` app processes (``streamlit run app.py``, the
  tests' ``start_app``) under the path prefix, nginx in front; yields a :class:`ReplicaSet`.
"""

from __future__ import annotations

import os
import re
import subprocess
import tempfile
import time
import urllib.request
import uuid
from collections.abc import Iterator, Mapping
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]
NGINX = Path(os.environ.get("NGINX", "/usr/sbin/nginx"))
PREFIX = "outages"
WAIT_S = 30
# one access-log line a request: which replica answered it, and what was asked
UPSTREAM_LOG = "log_format upstream '$upstream_addr $status $request_uri';"


def nginx_missing() -> str | None:
    """Why nginx cannot be run here, or None."""
    if not NGINX.exists():
        return f"{NGINX} is missing: install Debian's nginx (`make nginx`, as root)"
    return None


def nginx_conf(folder: Path, port: int, replicas: list[int], *,
               log_upstream: bool = False) -> Path:
    """deploy/nginx.conf with the replicas on loopback ports, nginx's files in ``folder``.
    ``log_upstream``: the access log names the replica that answered each request."""
    text = (ROOT / "deploy" / "nginx.conf").read_text()
    servers = re.compile(r"^( *)server app\d+:8501( [^;]*)?;\n", re.MULTILINE)
    found = servers.search(text)
    assert found, "deploy/nginx.conf names no app servers"
    indent, options = found.group(1), found.group(2) or ""
    lines = "".join(f"{indent}server 127.0.0.1:{p}{options};\n" for p in replicas)
    text = servers.sub("", text)
    text = text[:found.start()] + lines + text[found.start():]
    text = text.replace("listen 8080;", f"listen 127.0.0.1:{port};")
    text = text.replace("pid /tmp/nginx.pid;", f"pid {folder}/nginx.pid;\n"
                        f"error_log {folder}/error.log;")
    temp = "".join(f"    {kind}_temp_path {folder}/{kind};\n"
                   for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    log = (f"    {UPSTREAM_LOG}\n    access_log {folder}/access.log upstream;\n" if log_upstream
           else f"    access_log {folder}/access.log;\n")
    text = text.replace("http {\n", f"http {{\n{log}{temp}", 1)
    assert "app1" not in text and "8080" not in text
    path = folder / "nginx.conf"
    path.write_text(text)
    return path


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as answer:  # noqa: S310 (http, loopback)
            return answer.status
    except OSError:
        return 0


@contextmanager
def start_nginx(conf: Path, folder: Path, health_url: str,
                wait_s: float = WAIT_S) -> Iterator[subprocess.Popen]:
    """nginx with ``conf`` in the foreground; yields once ``health_url`` answers 200 through it;
    raises RuntimeError with nginx's error log when it does not within ``wait_s``."""
    proc = subprocess.Popen([str(NGINX), "-c", str(conf), "-e", str(folder / "error.log"),
                             "-g", "daemon off;"], stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + wait_s
        status = 0
        while time.monotonic() < deadline and proc.poll() is None:
            status = _status(health_url)
            if status == 200:
                break
            try:
                proc.wait(timeout=0.1)
            except subprocess.TimeoutExpired:
                pass
        if status != 200:
            log = folder / "error.log"
            raise RuntimeError("nginx did not answer: " + (
                log.read_text() if log.exists() else proc.stdout.read()))
        yield proc
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def with_search_path(base_url: str, schema: str) -> str:
    """``base_url`` with its connections working in ``schema``."""
    sep = "&" if "?" in base_url else "?"
    return f"{base_url}{sep}options={quote(f'-csearch_path={schema}')}"


@contextmanager
def fresh_schema(base_url: str, prefix: str = "load") -> Iterator[str]:
    """A store URL for a new, empty PostgreSQL schema; the schema is dropped on exit."""
    import psycopg

    schema = f"{prefix}_{uuid.uuid4().hex[:16]}"
    with psycopg.connect(base_url, autocommit=True, connect_timeout=10) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    try:
        yield with_search_path(base_url, schema)
    finally:
        with psycopg.connect(base_url, autocommit=True, connect_timeout=10) as conn:
            conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


def rss_mb(pid: int) -> float:
    """Resident memory of process ``pid`` in MB (/proc)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def cpu_s(pid: int) -> float:
    """CPU seconds (user + system) process ``pid`` has used (/proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def machine_cpu_s() -> tuple[float, float]:
    """(busy, total) CPU seconds of the whole machine since boot, all cores (/proc/stat)."""
    values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = values[3] + (values[4] if len(values) > 4 else 0)  # idle + iowait
    tick = os.sysconf("SC_CLK_TCK")
    return (sum(values[:8]) - idle) / tick, sum(values[:8]) / tick


@dataclass
class ReplicaSet:
    proxy: str  # http://127.0.0.1:PORT/outages, no trailing slash
    apps: list  # tests.browser.App, one a replica (.url reaches it directly)
    folder: Path  # nginx's files: access.log, error.log

    def rss_mb(self) -> list[float]:
        return [rss_mb(app.proc.pid) for app in self.apps]

    def cpu_s(self) -> float:
        """CPU seconds the replicas have used, summed."""
        return sum(cpu_s(app.proc.pid) for app in self.apps)

    def upstream_counts(self, path_end: str = "/_stcore/stream") -> dict[str, int]:
        """Requests for ``path_end`` per replica address, from nginx's access log (needs
        ``log_upstream``)."""
        counts: dict[str, int] = {}
        log = self.folder / "access.log"
        for line in (log.read_text().splitlines() if log.exists() else []):
            parts = line.split()
            if len(parts) >= 3 and parts[2].split("?")[0].endswith(path_end):
                counts[parts[0]] = counts.get(parts[0], 0) + 1
        return counts


@contextmanager
def replica_set(store_url: str, count: int, env: Mapping[str, str] | None = None, *,
                prefix: str = PREFIX) -> Iterator[ReplicaSet]:
    """``count`` replicas of the dashboard on ``store_url`` under ``/prefix``, nginx in front
    (deploy/nginx.conf). The first replica seeds the store before the others start."""
    from tests.browser import free_port, start_app

    with ExitStack() as stack:
        settings = {"OUTAGES_DB_URL": store_url, **(env or {})}
        apps = []
        for k in range(count):
            apps.append(stack.enter_context(start_app(settings, base_path=prefix)))
            if k == 0:  # seeds the bundled samples, once
                _status(f"{apps[0].url}/api/datasets")
        folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="outages-nginx-")))
        port = free_port()
        ports = [int(re.search(r":(\d+)/", a.url + "/").group(1)) for a in apps]
        conf = nginx_conf(folder, port, ports, log_upstream=True)
        proxy = f"http://127.0.0.1:{port}/{prefix}"
        stack.enter_context(start_nginx(conf, folder, f"{proxy}/_stcore/health"))
        yield ReplicaSet(proxy, apps, folder)
