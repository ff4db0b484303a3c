"""What the bench ran on: CPU, cores, memory, Python and library versions."""

from __future__ import annotations

import os
import platform
from importlib import metadata
from pathlib import Path

LIBRARIES = ("numpy", "pandas", "pyarrow", "plotly", "streamlit", "sqlalchemy", "playwright")


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _memory_gb() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) / 1024**2
    except OSError:
        pass
    return None


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"


def describe() -> dict[str, str]:
    """Plain-text facts about this machine and the software measured."""
    memory = _memory_gb()
    facts = {
        "CPU": _cpu_model(),
        "cores": str(os.cpu_count()),
        "memory": f"{memory:.1f} GB" if memory else "unknown",
        "system": f"{platform.system()} {platform.release()}",
        "Python": platform.python_version(),
    }
    facts.update({name: _version(name) for name in LIBRARIES})
    chromium = Path("/usr/bin/chromium")
    facts["chromium"] = "/usr/bin/chromium" if chromium.exists() else "missing"
    return facts
