"""Reading an upload in a worker process with a memory and a time cap, so that no file a
visitor sends can take the server's memory or cores from everybody else.

``run(job, *args, owner=...)`` calls ``job(*args)`` in a fresh process and returns its value:

- The worker is forked from a ``forkserver`` that has already imported the readers (so a worker
  starts in milliseconds, not seconds, and never inherits the server's threads or memory);
  ``warm()`` starts that fork server in the background ahead of the first job.
- Once the job has arrived, the worker limits its own address space to what it uses then plus
  ``memory_mb`` (``RLIMIT_AS``; Arrow is switched to the C library's allocator so that its
  buffers count; room the allocators already hold, some tens of MB, comes on top), and its
  CPU time (``RLIMIT_CPU``) to a backstop that ends it even if the server is gone. The server
  waits at most ``seconds`` of wall-clock time and kills the worker on overrun; meanwhile the
  server's thread only waits on a pipe, and the worker runs at a lower CPU priority.
- The value comes back pickled, at most ``result_mb`` of it. An :class:`InputError` raised by
  the job is raised again here with the same problems. Anything else (out of memory, out of
  time, a value too large, a worker that died) raises :class:`Refused` with the reason and the
  limit, for a message that says why.
- At most ``limits.PREVIEWS_AT_ONCE`` jobs run at once on the server and one per ``owner`` (the
  page passes its session): more raise :class:`Refused` ("busy" or "session") at once. The
  counters are plain module state, out of reach of Streamlit's cache-clearing messages.

The pickled answer is trusted: it comes from our own code in the worker. Unix only (resource).
"""

from __future__ import annotations

import logging
import math
import multiprocessing
import os
import pickle
import re
import resource
import signal
import tempfile
import threading
import time
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from multiprocessing import forkserver
from multiprocessing.connection import Connection

from . import config, limits
from .errors import InputError

log = logging.getLogger(__name__)

MB = 1024**2
PRELOAD = ["outages.publish"]  # imported once by the fork server: every reader and pandas
CPU_PER_SECOND = 2  # CPU seconds per wall-clock second before the backstop ends a worker
NICENESS = 10  # a worker's CPU priority below the server's
SLACK_BYTES = 64 * 1024  # the pickled envelope around a value at the size limit
ERRORS_BYTES = 1024**2  # what a worker may write to its standard error (a file, then deleted)
ERRORS_SHOWN = 4096  # the start of it, logged when a worker dies
# what native code writes when an allocation fails (Rust's handler, C++'s std::bad_alloc)
OUT_OF_MEMORY = re.compile(r"memory allocation of \d+ bytes failed|std::bad_alloc|MemoryError")
REASONS = ("memory", "time", "result", "crash", "busy", "session")


class Refused(Exception):
    """A job that was not run, or was stopped: ``reason`` is one of REASONS; ``limit`` is the
    cap that was reached (MB, seconds or jobs at once; 0 for "session")."""

    def __init__(self, reason: str, limit: float):
        super().__init__(reason, limit)
        self.reason = reason
        self.limit = limit

    def __str__(self) -> str:
        return f"preview refused ({self.reason}, limit {self.limit:g})"


_server = threading.BoundedSemaphore(limits.PREVIEWS_AT_ONCE)  # jobs running on this server
_owners: set[Hashable] = set()  # owners with a job running
_jobs: list[object] = []  # a token per job running
_lock = threading.Lock()
_context: multiprocessing.context.BaseContext | None = None
_warmed = False


def run(job: Callable, *args: object, owner: Hashable | None = None,
        memory_mb: float | None = None, seconds: float | None = None,
        result_mb: float | None = None) -> object:
    """``job(*args)`` in a capped worker; caps default to the settings (outages.config) and
    the PREVIEW_* figures of outages.limits, read at each call. ``job`` must be importable by
    name (a module-level function). Raises InputError (the job's own), or Refused."""
    memory_mb = config.preview_memory_mb() if memory_mb is None else memory_mb
    seconds = config.preview_seconds() if seconds is None else seconds
    result_mb = limits.PREVIEW_RESULT_MB if result_mb is None else result_mb
    with _slot(owner):
        answer = _in_worker((job, args), int(memory_mb * MB), seconds, int(result_mb * MB))
    kind = answer[0]
    if kind == "ok":
        return answer[1]
    if kind == "input":
        raise InputError(answer[1])
    if kind == "crash":
        log.error("a preview worker failed: %s", answer[1])
    limit = {"result": result_mb, "time": seconds}.get(kind, memory_mb)
    raise Refused(kind, limit)


def warm() -> None:
    """Start the fork server in the background, once, so that the first preview does not wait
    for it to import the readers (a few seconds on a busy machine)."""
    global _warmed
    with _lock:
        if _warmed:
            return
        _warmed = True
    _worker_context()
    threading.Thread(target=forkserver.ensure_running, name="outages-preview-warm",
                     daemon=True).start()


def running() -> int:
    """Jobs running now on this server."""
    with _lock:
        return len(_jobs)


@contextmanager
def _slot(owner: Hashable | None) -> Iterator[None]:
    """One of the server's slots and the owner's only one, or Refused at once."""
    with _lock:
        if owner is not None and owner in _owners:
            raise Refused("session", 0)
        if not _server.acquire(blocking=False):
            raise Refused("busy", limits.PREVIEWS_AT_ONCE)
        if owner is not None:
            _owners.add(owner)
        token = object()
        _jobs.append(token)
    try:
        yield
    finally:
        with _lock:
            _server.release()
            _owners.discard(owner)
            _jobs.remove(token)


def _worker_context() -> multiprocessing.context.BaseContext:
    global _context
    with _lock:
        if _context is None:
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload(PRELOAD)
            _context = context
        return _context


def _in_worker(task: tuple, memory: int, seconds: float, result: int) -> tuple:
    """The worker's answer: ("ok", value), ("input", problems), ("crash", text), or (reason,)
    for memory, time and result overruns."""
    context = _worker_context()
    deadline = time.monotonic() + seconds
    here, there = context.Pipe()
    cpu = max(1, math.ceil(seconds * CPU_PER_SECOND))
    handle, errors = tempfile.mkstemp(prefix="outages-preview-", suffix=".log")
    os.close(handle)
    worker = context.Process(target=_work, args=(there, memory, cpu, result, errors),
                             daemon=True, name="outages-preview")
    try:
        worker.start()
        there.close()
        here.send_bytes(pickle.dumps(task, protocol=pickle.HIGHEST_PROTOCOL))
        if not here.poll(max(0.0, deadline - time.monotonic())):
            return ("time",)
        try:
            payload = here.recv_bytes(maxlength=result + SLACK_BYTES)
        except EOFError:
            return _ended(worker, errors)
        except OSError:  # longer than maxlength: the worker checks first, so this is a guard
            return ("result",)
        return pickle.loads(payload)  # noqa: S301 (our own worker's answer)
    except (BrokenPipeError, ConnectionResetError):  # it died before taking the job
        return _ended(worker, errors)
    finally:
        if worker.is_alive():
            worker.kill()
        worker.join(timeout=10)
        here.close()
        if worker.exitcode is not None:
            worker.close()
        os.unlink(errors)


def _ended(worker: multiprocessing.process.BaseProcess, errors: str) -> tuple:
    """Why a worker closed its pipe without answering: its exit and what it wrote last."""
    worker.join(timeout=10)
    code = worker.exitcode
    with open(errors, "rb") as written:
        text = written.read(ERRORS_BYTES).decode("utf-8", "replace")
    if code == -signal.SIGXCPU:
        return ("time",)
    if code == -signal.SIGKILL or (code == -signal.SIGABRT and OUT_OF_MEMORY.search(text)):
        return ("memory",)  # the kernel's out-of-memory killer, or a native allocation failed
    return ("crash", f"the worker ended with exit code {code}; it wrote: {text[:ERRORS_SHOWN]}")


# --- in the worker ----------------------------------------------------------------------------


def _work(conn: Connection, memory: int, cpu: int, result: int, errors: str) -> None:
    """Take the job, cap memory and CPU, run it, answer once. What native code writes to the
    standard error (a Rust panic, a C++ abort) goes to ``errors``, at most ERRORS_BYTES."""
    resource.setrlimit(resource.RLIMIT_FSIZE, (ERRORS_BYTES, ERRORS_BYTES))
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # writes past the limit fail instead
    handle = os.open(errors, os.O_WRONLY | os.O_APPEND)
    os.dup2(handle, 2)
    os.close(handle)
    os.environ["RUST_BACKTRACE"] = "0"  # a panic's message, not pages of frames
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # a worker ended by a signal leaves no core
    os.nice(NICENESS)  # the server's own requests go first on a busy machine
    job, args = pickle.loads(conn.recv_bytes())  # noqa: S301 (sent by the server)
    _system_allocator()
    cap = _address_space() + memory
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    try:
        answer: tuple = ("ok", job(*args))
    except InputError as exc:
        answer = ("memory",) if _out_of_memory(exc) else ("input", exc.problems)
    except MemoryError:
        answer = ("memory",)
    except Exception as exc:  # a bug: the server logs it and the visitor is told
        answer = ("crash", f"{type(exc).__name__}: {exc}"[:2000])
    del args
    try:
        payload = pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL)
    except MemoryError:
        payload = pickle.dumps(("memory",))
    if len(payload) > result:
        payload = pickle.dumps(("result",))
    conn.send_bytes(payload)
    conn.close()


def _system_allocator() -> None:
    """Arrow's buffers from the C library's allocator: its default pool works inside a 1 GiB
    region reserved when pyarrow is imported, which the address-space cap would not see."""
    try:
        import pyarrow
    except ImportError:
        return
    pyarrow.set_memory_pool(pyarrow.system_memory_pool())


def _address_space() -> int:
    """The worker's virtual memory size now, in bytes."""
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[0])
    return pages * os.sysconf("SC_PAGE_SIZE")


def _out_of_memory(exc: BaseException) -> bool:
    """True when an error was raised because memory ran out (the readers turn MemoryError into
    an InputError; here the cap, not the file's content, is the reason)."""
    seen = 0
    cause: BaseException | None = exc
    while cause is not None and seen < 20:
        if isinstance(cause, MemoryError):
            return True
        cause = cause.__cause__ or cause.__context__
        seen += 1
    return False
