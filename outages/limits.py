"""Size limits for input, shared by the command line, the upload page and the server config."""

MAX_FILE_BYTES = 2 * 1024**3  # command line: a year of EAGLE-I county data is about 1.2 GB
MAX_ROWS = 60_000_000
MAX_UPLOAD_MB = 200  # browser uploads; matches server.maxUploadSize in .streamlit/config.toml
MAX_FIELD_CHARS = 10_000  # one cell
MAX_COLUMNS = 2_000  # a wide file: time plus one column a region
MAX_JSON_DEPTH = 20

# Catalog text of a dataset: outages.publish checks it before anything is written, for the
# command line and the upload page alike.
MAX_NAME_CHARS = 200  # a dataset's name: one line in lists, pickers and page headers
MAX_DESCRIPTION_CHARS = MAX_FIELD_CHARS  # its description, source and licence
