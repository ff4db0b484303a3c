"""Installs are reproducible and `pip install .` gives a working package.

The lock files pin every requirement at the version requirements.txt / requirements-dev.txt
name, with hashes; pyproject.toml lists every package under outages/ and ships data/ inside
the wheel, with the `outages` command.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PIN = re.compile(r"^([A-Za-z0-9_.\-\[\]]+)==([^\s;#\\]+)", re.MULTILINE)


def _pins(text: str) -> dict[str, str]:
    return {re.sub(r"\[.*\]", "", name).lower().replace("_", "-"): version
            for name, version in PIN.findall(text)}


@pytest.mark.parametrize(("source", "lock"), [("requirements.txt", "requirements.lock"),
                                              ("requirements-dev.txt", "requirements-dev.lock")])
def test_lock_pins_what_the_requirements_name(source, lock):
    wanted = _pins((ROOT / source).read_text())
    if source == "requirements-dev.txt":
        wanted |= _pins((ROOT / "requirements.txt").read_text())
    locked_text = (ROOT / lock).read_text()
    locked = _pins(locked_text)
    assert wanted, source
    for name, version in wanted.items():
        assert locked.get(name) == version, f"{lock}: {name} is not locked at {version}"
    entries = re.split(r"\n(?=[A-Za-z0-9])", locked_text.split("\n", 2)[2])
    assert all("--hash=sha256:" in entry for entry in entries if PIN.match(entry))


def test_every_package_is_declared():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    found = {".".join(p.parent.relative_to(ROOT).parts)
             for p in (ROOT / "outages").rglob("__init__.py")}
    assert found <= set(config["packages"])


@pytest.mark.slow
def test_wheel_carries_the_code_the_data_and_the_command(tmp_path):
    source = tmp_path / "source"  # a copy: building writes build/ and *.egg-info beside it
    ignore = shutil.ignore_patterns("__pycache__", "*.db", "*.db-*", "prepared")
    for name in ("outages", "data"):
        shutil.copytree(ROOT / name, source / name, ignore=ignore)
    for name in ("pyproject.toml", "requirements.txt", "README.md"):
        shutil.copy(ROOT / name, source / name)
    done = subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps",
                           "-w", str(tmp_path), str(source)], capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    (wheel,) = tmp_path.glob("outages-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        entry_points = next(archive.read(n).decode() for n in names
                            if n.endswith("entry_points.txt"))
    assert "outages = outages.cli:main" in entry_points
    shipped = {n.removeprefix("outages/_data/") for n in names if n.startswith("outages/_data/")}
    tracked = subprocess.run(["git", "ls-files", "data"], cwd=ROOT, capture_output=True,
                             text=True, check=True).stdout.split()
    expected = {Path(p).relative_to("data").as_posix() for p in tracked
                if not p.endswith(".py")}
    assert expected <= shipped
    assert "outages/ui/icon.png" in names
    assert not any(n.endswith(".db") for n in names)
