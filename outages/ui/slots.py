"""Draw slots: how many sessions of one server process make their charts and maps at once.

Streamlit runs each session's script in its own thread, and the server's event loop, which
sends every session's messages, shares one interpreter lock with them. When a shared link
brings fifty visitors at once, fifty scripts making charts and maps starve the loop: the key
figure cards, made in each script's first ~15 ms, waited in the queue until nearly every chart
was made (bench/load.py, one replica, 50 viewers: every script had made its cards within 1.3 s;
the viewers received them at 6-8 s, and in some runs at 0.7 s: it flipped from run to run).

A page makes its chart and map inside ``drawing()``: at most ``SLOTS`` sessions of this process
at a time. The others wait on a lock, which does not hold the interpreter, so the loop sends
everyone's cards while the charts are made one by one (same bench: first KPI at 0.6-1.1 s in
every run). A lone visitor never waits.

Per server process (a replica), in memory: nothing here is shared across replicas, nor needs
to be. Plain threading: no Streamlit, testable on its own.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

SLOTS = 1  # sessions of one process making charts and maps at once (measured: 1 and 2 alike)

_slots = threading.BoundedSemaphore(SLOTS)


@contextmanager
def drawing() -> Iterator[None]:
    """Make a chart or map once a slot is free; the slot is freed however the block ends (a
    stop, a rerun or an error included)."""
    with _slots:
        yield
