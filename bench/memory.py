"""Memory of a process that holds one dataset ready to view (run as its own process).

    python -m bench.memory STORE_URL DATASET_ID cached|table

``cached``: the pre-aggregates read back from their cache (``outages.prepared.load``), what a
dashboard needs to show the dataset. ``table``: the whole table (``Store.load``) and its
pre-aggregates built from it, then the table dropped. Prints JSON: resident memory (RSS, MB)
after the imports and after each step, and the peak over the run (VmHWM).
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
    url, dataset_id, mode = argv
    import pandas  # noqa: F401  (the imports the dashboard has, before the first figure)
    import plotly  # noqa: F401

    from outages import prepared
    from outages.store import open_store

    figures = {"after_imports_mb": rss_mb()}
    store = open_store(url)
    if mode == "cached":
        ready = prepared.load(store, dataset_id)
        ready.summary()  # touch what a first view reads
        figures["prepared_mb"] = rss_mb()
    else:
        table = store.load(dataset_id)
        figures["table_mb"] = rss_mb()
        ready = prepared.prepare(table)
        gc.collect()
        figures["table_and_prepared_mb"] = rss_mb()
        del table
        gc.collect()
        figures["prepared_only_mb"] = rss_mb()
    figures["peak_mb"] = rss_mb("VmHWM")
    figures["prepared_arrays_mb"] = ready.nbytes / 1024**2
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
