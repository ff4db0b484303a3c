"""Size limits for input, shared by the command line, the upload page and the server config."""

MAX_FILE_BYTES = 2 * 1024**3  # command line: a year of EAGLE-I county data is about 1.2 GB
MAX_ROWS = 60_000_000
MAX_UPLOAD_MB = 200  # browser uploads; matches server.maxUploadSize in .streamlit/config.toml
MAX_FIELD_CHARS = 10_000  # one cell
MAX_COLUMNS = 2_000  # a wide file: time plus one column a region
MAX_JSON_DEPTH = 20

# --- Previews: an upload is read in a worker process (outages.sandbox) within these caps ---
PREVIEW_MEMORY_MB = 1024  # memory the reading may take beyond the worker's start and the file
PREVIEW_SECONDS = 60  # wall-clock time of one reading, the worker's start included
PREVIEW_RESULT_MB = 512  # the reading handed back to the server (the canonical table, pickled)
PREVIEWS_AT_ONCE = 2  # readings running at once on one server; one at a time per session
