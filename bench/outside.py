"""The command line measured from outside, as a user runs it: ``python -m outages ingest FILE``
into a fresh SQLite store, then a cold ``python -m outages summary DATASET --json`` (a new
process; the pre-aggregates the ingest cached are read from disk). Wall time and peak RSS of
each process, from ``os.wait4``.

Each command is started by a small launcher process (this module run as a script): Linux
carries a process's peak RSS across ``exec``, so a command started straight from the bench
(which holds gigabytes of test data) would report the bench's peak instead of its own.

    python -m bench.outside ARGS...   # runs python -m outages ARGS, prints JSON
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _launch(args: list[str]) -> dict:
    """In the launcher: run ``python -m outages ARGS``; its seconds, peak RSS, exit code and
    output."""
    began = time.perf_counter()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        child = subprocess.Popen([sys.executable, "-m", "outages", *args], cwd=ROOT,
                                 stdout=out, stderr=err)
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - began
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return {"seconds": seconds, "peak_mb": usage.ru_maxrss / 1024,
                "returncode": child.returncode, "stdout": out.read().decode(),
                "stderr": err.read().decode(errors="replace")[-2000:]}


def run(args: list[str], env: dict[str, str] | None = None) -> tuple[float, float, str]:
    """(seconds, peak RSS in MB, stdout) of ``python -m outages ARGS`` in a new process, with
    ``env`` added to the environment."""
    done = subprocess.run([sys.executable, "-m", "bench.outside", *args], cwd=ROOT,
                          capture_output=True, text=True, check=True,
                          env={**os.environ, **(env or {})})
    figures = json.loads(done.stdout)
    if figures["returncode"] != 0:
        raise RuntimeError(f"python -m outages {' '.join(args)} exited "
                           f"{figures['returncode']}: {figures['stderr']}")
    return figures["seconds"], figures["peak_mb"], figures["stdout"]


def measure(path: Path, env: dict[str, str] | None = None, folder: Path | None = None) -> dict:
    """Ingest ``path`` into a new store and ask for its summary: {"ingest_s", "ingest_mb",
    "summary_s", "summary_mb"}; with ``folder`` the store is made there and kept ("url" and
    "dataset" say where), else in a temporary folder."""
    if folder is None:
        with tempfile.TemporaryDirectory(prefix="outages-bench-cli-") as temporary:
            figures = measure(path, env, Path(temporary))
        return {k: v for k, v in figures.items() if k not in ("url", "dataset")}
    url = f"sqlite:///{folder}/outages.db"
    ingest_s, ingest_mb, printed = run(["ingest", str(path), "--db", url], env)
    dataset = json.loads(printed)["dataset"]
    summary_s, summary_mb, _ = run(["summary", dataset, "--json", "--db", url], env)
    return {"ingest_s": ingest_s, "ingest_mb": ingest_mb, "summary_s": summary_s,
            "summary_mb": summary_mb, "url": url, "dataset": dataset}


if __name__ == "__main__":
    print(json.dumps(_launch(sys.argv[1:])))
