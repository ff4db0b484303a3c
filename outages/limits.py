"""Size limits for input, shared by the command line, the upload page, publishing and the server
config: every reader takes its limits from here (``readers.bounds`` checks workbooks against
them before python-calamine is given a byte).

Reading is bounded before parsing: a file over MAX_FILE_BYTES is refused unread; a workbook is
refused from its container's own figures (entries, unpacked sizes, compression ratio, the sheet's
declared dimension) and again while its parts are unpacked, counting the bytes actually
inflated, the rows and the cells, so a zip bomb is refused without being unpacked.
"""

MAX_FILE_BYTES = 2 * 1024**3  # command line: a year of EAGLE-I county data is about 1.2 GB
MAX_ROWS = 60_000_000
GROUP_ROWS = 2_000_000  # command line: rows of a large EAGLE-I file held at a time (eaglei_spill)
MAX_UPLOAD_MB = 200  # browser uploads; matches server.maxUploadSize in .streamlit/config.toml
MAX_FIELD_CHARS = 10_000  # one cell
MAX_COLUMNS = 2_000  # a wide file: time plus one column a region
MAX_JSON_DEPTH = 20

# Workbooks (.xlsx, .ods: zip containers; .xls: OLE2). A real workbook of outage figures unpacks
# to a few MB (the Purdue workbook: 3.6 MB from 0.6 MB); a sheet has at most Excel's own grid.
MAX_ZIP_ENTRIES = 10_000  # parts in one workbook
MAX_UNPACKED_BYTES = 512 * 1024**2  # all parts together, unpacked
MAX_PART_BYTES = 256 * 1024**2  # one part (a sheet, the shared strings), unpacked
MAX_RATIO = 200  # unpacked / packed size of one part, checked for parts over RATIO_FROM_BYTES
RATIO_FROM_BYTES = 16 * 1024**2
MAX_SHEET_ROWS = 1_048_576  # Excel's limit
MAX_SHEET_COLUMNS = 16_384  # Excel's limit (column XFD)
MAX_SHEET_CELLS = 10_000_000  # rows x columns of a sheet's extent, and cells written in it
MAX_XLS_BYTES = 100 * 1024**2  # an .xls is not compressed; its sheets hold at most 65,536 x 256

# Catalog text of a dataset: outages.publish checks it before anything is written, for the
# command line and the upload page alike.
MAX_NAME_CHARS = 200  # a dataset's name: one line in lists, pickers and page headers
MAX_DESCRIPTION_CHARS = MAX_FIELD_CHARS  # its description, source and licence

# Previews: an upload is read in a worker process (outages.sandbox) within these caps. The first
# two are defaults: OUTAGES_PREVIEW_MEMORY_MB and OUTAGES_PREVIEW_SECONDS change them (config.py).
PREVIEW_MEMORY_MB = 1536  # memory the reading may take beyond the worker's start and the file
PREVIEW_SECONDS = 60  # wall-clock time of one reading, the worker's start included
PREVIEW_RESULT_MB = 512  # the reading handed back to the server (the canonical table, pickled)
PREVIEWS_AT_ONCE = 2  # readings running at once on one server; one at a time per session

# Outage-queue schedules (outages.schedules): a real DTEK file is about 15 KB (12 groups, 2 days);
# a weekly file with its template about 70 KB.
MAX_SCHEDULE_BYTES = 2 * 1024**2
MAX_SCHEDULE_DAYS = 400
MAX_SCHEDULE_GROUPS = 100

# The data API (outages.api): rows one request for observations may return, by default and at
# most (``limit``); a window holding more is refused, naming its size. A request body (a file to
# publish) is bounded by MAX_UPLOAD_MB, as a browser upload.
API_ROWS = 100_000
MAX_API_ROWS = 1_000_000
