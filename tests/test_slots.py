"""Draw slots (outages/ui/slots.py): at most SLOTS sessions draw at once, and a slot is freed
however a drawing ends."""

from __future__ import annotations

import threading
from contextlib import ExitStack

import pytest

from outages.ui import slots


def test_at_most_slots_sessions_draw_at_once():
    with ExitStack() as drawings:
        for _ in range(slots.SLOTS):
            drawings.enter_context(slots.drawing())
        assert not slots._slots.acquire(blocking=False), "one more session got a slot"
    assert slots._slots.acquire(blocking=False), "the slots were not given back"
    slots._slots.release()


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
