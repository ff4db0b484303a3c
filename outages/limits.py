"""Size limits for input, shared by the command line, the upload page and the server config."""

MAX_FILE_BYTES = 2 * 1024**3  # command line: a year of EAGLE-I county data is about 1.2 GB
MAX_ROWS = 60_000_000
MAX_UPLOAD_MB = 200  # browser uploads; matches server.maxUploadSize in .streamlit/config.toml
MAX_FIELD_CHARS = 10_000  # one cell
MAX_COLUMNS = 2_000  # a wide file: time plus one column a region
MAX_JSON_DEPTH = 20

# --- Previews: an upload is read in a worker process (outages.sandbox) within these caps ---
# OUTAGES_PREVIEW_MEMORY_MB and OUTAGES_PREVIEW_SECONDS change the first two (a positive number;
# anything else keeps the default), for a smaller server or a test.


def _setting(name: str, default: float) -> float:
    import math
    import os

    try:
        value = float(os.environ.get(name) or default)
    except ValueError:
        return float(default)
    return value if math.isfinite(value) and value > 0 else float(default)


PREVIEW_MEMORY_MB = _setting("OUTAGES_PREVIEW_MEMORY_MB", 1536)  # beyond the worker and file
PREVIEW_SECONDS = _setting("OUTAGES_PREVIEW_SECONDS", 60)  # wall-clock, the worker's start included
PREVIEW_RESULT_MB = 512  # the reading handed back to the server (the canonical table, pickled)
PREVIEWS_AT_ONCE = 2  # readings running at once on one server; one at a time per session
