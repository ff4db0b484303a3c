"""Draw slots (outages/ui/slots.py): at most SLOTS sessions draw at once, and a slot is freed
however a drawing ends."""

from __future__ import annotations

import threading
import time

import pytest

from outages.ui import slots


def test_at_most_slots_sessions_draw_at_once():
    inside, most, lock = 0, 0, threading.Lock()

    def session():
        nonlocal inside, most
        with slots.drawing():
            with lock:
                inside += 1
                most = max(most, inside)
            time.sleep(0.01)
            with lock:
                inside -= 1

    threads = [threading.Thread(target=session) for _ in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert not any(thread.is_alive() for thread in threads)
    assert most == slots.SLOTS


class Stop(Exception):
    """Stands for Streamlit's stop and rerun exceptions, raised inside a script."""


def test_a_slot_is_freed_when_the_drawing_raises():
    for _ in range(slots.SLOTS + 1):
        with pytest.raises(Stop), slots.drawing():
            raise Stop
    done = threading.Event()

    def session():
        with slots.drawing():
            done.set()

    threading.Thread(target=session).start()
    assert done.wait(5), "a slot stayed taken after an exception"
