"""Every command of the README's "Data API" section, run as written against a real server
(``streamlit run app.py`` on a fresh store seeded with the bundled samples): the curl examples
with the server's address for ``http://localhost:8501``, the token commands with this Python
and the server's store. Revoking runs last, after the publish example has used the token."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.browser import start_app

ROOT = Path(__file__).resolve().parents[1]
MAKE_RUN = "http://localhost:8501"


def commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("\n## Data API\n", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```sh\n(.*?)```", section, re.S)
    lines = [line.split("  #")[0].strip() for block in blocks for line in block.splitlines()]
    return [line for line in lines if line.startswith(("curl ", ".venv/bin/python"))]


def test_the_readme_has_read_publish_and_token_examples():
    found = commands()
    assert sum(c.startswith("curl ") for c in found) >= 11
    assert any("DELETE" in c and "$ALERT_SECRET" in c for c in found)
    assert any("--data-binary" in c for c in found)
    assert [c.split()[4] for c in found if "token" in c] == ["create", "list", "revoke"]


@pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")
def test_every_readme_example_works_against_a_real_server(tmp_path):
    (tmp_path / "docs").mkdir()
    shutil.copytree(ROOT / "docs" / "examples", tmp_path / "docs" / "examples")
    found = commands()
    ordered = [c for c in found if "token revoke" not in c] + [
        c for c in found if "token revoke" in c]
    with start_app() as app:
        env = {**os.environ, "OUTAGES_DB_URL": app.store_url, "PYTHONPATH": str(ROOT)}
        for command in ordered:
            if command.startswith("curl "):
                run = "curl --fail-with-body -sS " + command[5:].replace(MAKE_RUN, app.url)
            else:
                run = command.replace(".venv/bin/python", sys.executable, 1)
            done = subprocess.run(["bash", "-c", run], cwd=tmp_path, env=env, timeout=120,
                                  capture_output=True, text=True)
            assert done.returncode == 0, (command, done.stdout[-2000:], done.stderr[-2000:],
                                          app.log())
            if "token create" in command:
                env["OUTAGES_TOKEN"] = json.loads(done.stdout)["token"]
            if "/api/subscriptions -d" in command or command.endswith("/api/subscriptions"):
                made = json.loads(done.stdout)
                env["ALERT_ID"], env["ALERT_SECRET"] = made["subscription"]["id"], made["secret"]
            if "--data-binary" in command:
                answer = json.loads(done.stdout)
                assert answer["rows_added"] == 2 and answer["by"] == "token:kyiv-feed"
            if command.startswith("curl http") or command.startswith('curl "http'):
                assert done.stdout.strip()
        assert (tmp_path / "kyiv.parquet").stat().st_size > 0
