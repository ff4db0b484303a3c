"""`python -m outages`: the command line."""

import os
import sys

# numpy asks the kernel for huge pages for every large array; where the kernel then compacts
# memory on the spot (transparent huge pages in "madvise" mode, as on our 2-core machines),
# each fresh array of an ingest stalls in the kernel: 10 M EAGLE-I rows 3.6 s without, 4.0 s
# with (medians of 4 runs in turn). An operator's own setting is kept.
os.environ.setdefault("NUMPY_MADVISE_HUGEPAGE", "0")

from .cli import main  # noqa: E402  (numpy reads the setting when first imported)

code = main()
# main has closed each store it opened (checkpoints done, connections closed) and its thread
# pools are joined; what is left is the interpreter freeing every module and array one by
# one, 0.1-0.2 s after a 10 M-row ingest, which the process's exit does at once
for stream in (sys.stdout, sys.stderr):
    try:
        stream.flush()
    except OSError:  # as the interpreter does when it cannot write what is left at exit
        code = code or 120
os._exit(code)
