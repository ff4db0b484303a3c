"""Commands run with a folder made read-only, for tests of a read-only store.

An ordinary user gets the folder's write permissions removed. Root ignores permissions, so for
root the command runs in a mount namespace of its own where the folder is a read-only bind
mount (``unshare``; the rest of the machine sees no change). Without either the test is skipped.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

_BIND = 'mount --bind -o ro "$0" "$0" && exec "$@"'


def _can_unshare() -> bool:
    if shutil.which("unshare") is None or shutil.which("mount") is None:
        return False
    probe = subprocess.run(["unshare", "-m", "sh", "-c", "mount --bind -o ro / / && true"],
                           capture_output=True, timeout=30)
    return probe.returncode == 0


@contextmanager
def read_only(folder: Path) -> Iterator[callable]:
    """Yields ``wrap(argv) -> argv``: the command that runs ``argv`` with ``folder`` read-only
    (permissions are put back on exit, so the folder can be cleaned up)."""
    if os.geteuid() != 0:
        modes = {p: p.stat().st_mode for p in [folder, *folder.rglob("*")]}
        for path, mode in modes.items():
            path.chmod(mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))
        try:
            yield lambda argv: list(argv)
        finally:
            for path, mode in modes.items():
                path.chmod(mode)
        return
    if not _can_unshare():
        pytest.skip("running as root without unshare/mount: no way to make a folder read-only")
    yield lambda argv: ["unshare", "-m", "sh", "-c", _BIND, str(folder), *argv]
