"""A plain progress bar on stderr for long work on the command line."""

from __future__ import annotations

import time


class Progress:
    def __init__(self, stream, enabled: bool = True, width: int = 30):
        self.stream, self.enabled, self.width = stream, enabled, width
        self.label, self.started, self._last = "", time.monotonic(), 0.0

    def phase(self, label: str) -> None:
        self.label = label
        if self.enabled:
            self.stream.write(f"{label}...\n")
            self.stream.flush()

    def update(self, done: int, total: int) -> None:
        now = time.monotonic()
        if not self.enabled or (now - self._last < 0.2 and done < total) or total <= 0:
            return
        self._last = now
        filled = int(self.width * done / total)
        bar = "#" * filled + "-" * (self.width - filled)
        self.stream.write(f"\r{self.label} [{bar}] {done:,}/{total:,} rows")
        if done >= total:
            self.stream.write("\n")
        self.stream.flush()

    def done(self) -> None:
        if self.enabled:
            self.stream.write(f"done in {time.monotonic() - self.started:.1f} s\n")
            self.stream.flush()
