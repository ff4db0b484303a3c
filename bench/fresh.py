"""One ingest in a fresh process, as ``python -m outages ingest`` runs it (run as its own process).

    python -m bench.fresh CSV_PATH STORE_URL

Prints JSON: the seconds of each step (``bench.paths.ingest``) and of the whole process.

A fresh process pays for every page of memory it touches for the first time. On some virtual
machines that costs as much as the work itself, for numpy and pandas (glibc's malloc hands large
arrays back to the system when freed, so each new one is fresh memory), not for pyarrow (its
own allocator keeps what it took). The bench runs this with glibc's defaults and with
``TUNED`` (large arrays kept in the heap and reused) to show how much that is.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

STARTED = time.perf_counter()

# glibc malloc: blocks up to 32 MB (its largest setting) from the heap, not fresh mappings, and
# freed memory kept for reuse instead of handed back.
TUNED = "glibc.malloc.mmap_threshold=33554432:glibc.malloc.trim_threshold=17179869184"


def main(argv: list[str]) -> int:
    path, url = argv
    from bench import paths

    figures = paths.ingest(Path(path), url)
    figures["process_s"] = time.perf_counter() - STARTED
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
