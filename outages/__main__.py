"""`python -m outages`: the command line."""

import contextlib
import ctypes
import io
import os
import sys

# numpy asks the kernel for huge pages for every large array; where the kernel then compacts
# memory on the spot (transparent huge pages in "madvise" mode, as on our 2-core machines),
# each fresh array of an ingest stalls in the kernel: 10 M EAGLE-I rows 3.6 s without, 4.0 s
# with (medians of 4 runs in turn). An operator's own setting is kept.
os.environ.setdefault("NUMPY_MADVISE_HUGEPAGE", "0")
# the same for pyarrow's allocator (mimalloc), read when pyarrow is first imported: its first
# sort of 10 M codes took 0.05 s or 0.23 s by how the kernel found huge pages, 0.07 s without
os.environ.setdefault("MIMALLOC_ALLOW_THP", "0")


def _keep_freed_memory() -> None:
    """glibc hands each freed block above its threshold (grown up to 32 MB) back to the kernel,
    and the next array of that size is faulted in again page by page: an ingest of 10 M rows
    touched 2.4 GB of fresh pages for a peak of 0.9 GB. Every block is taken from the heap
    instead (no block of its own mapped, M_MMAP_MAX 0), and freed memory up to 1 GB is kept
    there for the next array: 10 M rows 487 k -> 304 k page faults, about 0.3 s less, peak
    RSS about 40 MB more. (Kept up to 32 MB only: 612 k -> 487 k, 0.2 s less.) One heap for
    every thread."""
    if not sys.platform.startswith("linux"):
        return
    try:
        mallopt = ctypes.CDLL(None).mallopt  # the C library the interpreter runs on
    except (OSError, AttributeError):  # not glibc (musl has no mallopt): nothing to tune
        return
    mallopt(-4, 0)  # M_MMAP_MAX: no block mapped on its own
    mallopt(-1, 1 << 30)  # M_TRIM_THRESHOLD: freed heap memory kept, up to 1 GB
    # M_ARENA_MAX: the threads' arrays from that same heap too (a heap of their own per thread
    # is memory the main thread's next array cannot reuse): 10 M rows 283 k -> 223 k page
    # faults, peak RSS 0.94 -> 0.83 GB, about 0.1 s less
    mallopt(-8, 1)


def _start_reading(argv: list[str]) -> None:
    """For ``ingest``: an EAGLE-I file's first blocks read and parsed on one core (pyarrow's
    parse runs outside the interpreter's lock) while the rest of the program loads on the
    other: pandas, SQLAlchemy and the package take 0.3-0.9 s on one core before the reader
    asks for its first block (``readers.eaglei_blocks``). The arguments are read here as
    ``main`` reads them again, which reports any mistake in them."""
    if argv[:1] != ["ingest"]:
        return
    from .cli_args import parser

    try:
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            args = parser().parse_args(argv)
    except SystemExit:
        return
    if args.format in (None, "eaglei"):
        from .readers import eaglei_blocks

        eaglei_blocks.start(args.file, args.format)


_keep_freed_memory()
_start_reading(sys.argv[1:])

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
