"""The largest run: 100 M EAGLE-I rows (4 years, 4.8 GB of CSV), measured as a user meets them.

The per-size bench also runs the pandas baseline, which would hold about 15 GB at this size, so
this run measures only what scales: the file made a year at a time (``generate.parts``),
pyarrow's parse of it (the floor, in the same run, in its own process), ``python -m outages
ingest`` from outside (time and peak RSS, with ``OUTAGES_MAX_FILE_MB`` and ``OUTAGES_MAX_ROWS``
raised as an operator would: the defaults stop at 2 GB and 60 M rows), a cold ``summary
--json``, and the view changes on the stored dataset's pre-aggregates, so growth in time per
row, memory and view change can be read against 1 M, 10 M and 25 M.

    python -m bench.large [ROWS]   # prints the figures as JSON
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

from bench import generate, outside, paths

ROWS = 100_000_000
# what an operator sets to ingest a file this large (the defaults: 2,048 MB and 60 M rows)
LIMITS = {"OUTAGES_MAX_FILE_MB": "8192", "OUTAGES_MAX_ROWS": "200000000"}
VIEW_ROUNDS = 5


def measure(rows: int = ROWS, say=print, data: Path = generate.DATA) -> dict:
    """{"rows", "csv_mb", "made_s", "pyarrow_s", "cli": outside figures, "views_data",
    "views"}: ``made_s`` is 0 when the file was already there."""
    out: dict = {"rows": rows}
    began = time.perf_counter()
    existed = generate.path_for(rows, folder=data).exists()
    path = generate.ensure(rows, folder=data)
    out["made_s"] = 0.0 if existed else time.perf_counter() - began
    out["csv_mb"] = path.stat().st_size / 1e6
    say(f"{rows:,} rows: {path.name} ({out['csv_mb']:,.0f} MB"
        + (f", made a year at a time in {out['made_s']:.0f} s)" if out["made_s"] else ")"))

    out["pyarrow_s"] = paths.parse_seconds(path)
    say(f"  pyarrow parse {out['pyarrow_s']:.2f} s")

    folder = Path(tempfile.mkdtemp(prefix="outages-bench-large-"))
    try:
        cli = outside.measure(path, env=LIMITS, folder=folder)
        say(f"  from outside: python -m outages ingest {cli['ingest_s']:.2f} s, peak "
            f"{cli['ingest_mb']:,.0f} MB; cold summary --json {cli['summary_s']:.2f} s, peak "
            f"{cli['summary_mb']:,.0f} MB")
        ready, _ = paths.load(cli.pop("url"), cli.pop("dataset"))
        out["cli"] = cli
        times = ready.change_times(paths.SERVICE)
        views = paths.views(ready.region_ids(paths.SERVICE), times[0], times[-1])
        out["views_data"] = {}
        out["views"] = paths.time_views(lambda v: paths.project_view(ready, v), views,
                                        VIEW_ROUNDS, out["views_data"])
    finally:
        shutil.rmtree(folder)
    return out


if __name__ == "__main__":
    print(json.dumps(measure(int(sys.argv[1]) if len(sys.argv) > 1 else ROWS,
                             say=lambda text: print(text, file=sys.stderr, flush=True))))
