"""Memory of a process that holds one dataset ready to view (run as its own process).

    python -m bench.memory STORE_URL DATASET_ID

Loads the dataset as the dashboard does (``Store.load``, then ``prepare``) and prints JSON:
the resident memory (RSS) after the imports, with the table and its pre-aggregates held, with
only the pre-aggregates held (the table dropped), and the peak over the whole run (VmHWM).
"""

from __future__ import annotations

import gc
import json
import sys
from pathlib import Path


def rss_mb(field: str = "VmRSS") -> float:
    """This process's resident memory in MB (VmRSS now, VmHWM peak), from /proc."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"{field} not in /proc/self/status")


def main(argv: list[str]) -> int:
    url, dataset_id = argv
    import pandas  # noqa: F401  (the imports the dashboard has, before the first figure)
    import plotly  # noqa: F401

    from outages.prepared import prepare
    from outages.store import open_store

    figures = {"after_imports_mb": rss_mb()}
    store = open_store(url)
    table = store.load(dataset_id)
    figures["table_mb"] = rss_mb()
    prepared = prepare(table)
    gc.collect()
    figures["table_and_prepared_mb"] = rss_mb()
    del table
    gc.collect()
    figures["prepared_only_mb"] = rss_mb()
    figures["peak_mb"] = rss_mb("VmHWM")
    figures["prepared_arrays_mb"] = prepared.nbytes / 1024**2
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
