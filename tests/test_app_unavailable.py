"""The dashboard when its store cannot be used: a readable page saying why, in the visitor's
language, instead of Streamlit's redacted exception (and never a traceback)."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from readonly import read_only
from streamlit.testing.v1 import AppTest

from outages.i18n import t

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "app.py")
PAGES = ("overview", "map", "regions", "data")  # the pages that read the store
UNREACHABLE = "postgresql://postgres@127.0.0.1:1/test"

# The app run by AppTest in a process of its own (one whose folder may be read-only): prints
# what the page shows as JSON.
DRIVER = """
import json, sys
from streamlit.testing.v1 import AppTest
at = AppTest.from_file(sys.argv[1], default_timeout=60)
at.query_params["lang"] = sys.argv[2]
at.run()
print(json.dumps({"exception": [e.value for e in at.exception],
                  "error": [e.value for e in at.error], "metrics": len(at.metric)}))
"""


def shown(lang: str, code: str) -> str:
    return t("store.unavailable", lang, reason=t(f"store.why.{code}", lang))


@pytest.mark.parametrize("lang", ["en", "uk"])
@pytest.mark.parametrize("page", PAGES)
def test_postgresql_not_answering(monkeypatch, page, lang):
    monkeypatch.setenv("OUTAGES_DB_URL", UNREACHABLE)
    at = AppTest.from_file(APP, default_timeout=30)
    if page != "overview":
        at.switch_page(f"pages/{page}.py")
    at.query_params["lang"] = lang
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert [e.value for e in at.error] == [shown(lang, "unreachable")]
    assert [i.value for i in at.info] == [t("store.unavailable_help", lang)]
    assert "127.0.0.1" not in at.error[0].value  # servers and paths stay in the server's log


def test_the_upload_preview_does_not_need_the_store(monkeypatch):
    monkeypatch.setenv("OUTAGES_DB_URL", UNREACHABLE)
    at = AppTest.from_file(APP, default_timeout=30)
    at.switch_page("pages/upload.py")
    at.run()
    assert not at.exception and not at.error


def test_the_messages_read_as_sentences():
    assert shown("en", "unreachable") == ("The store is unavailable: its PostgreSQL server does "
                                          "not answer")
    assert shown("uk", "read_only").startswith("Сховище даних недоступне: воно лише для читання")


@pytest.mark.parametrize("existing", [False, True], ids=["new-store", "existing-store"])
@pytest.mark.parametrize("lang", ["en", "uk"])
def test_a_read_only_store(tmp_path, existing, lang):
    folder = tmp_path / "store"
    folder.mkdir()
    url = f"sqlite:///{folder / 'outages.db'}"
    env = {"OUTAGES_DB_URL": url, "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    if existing:  # a store with the samples, written before the folder became read-only
        subprocess.run([sys.executable, "-m", "outages", "list"], cwd=ROOT, env=env,
                       check=True, capture_output=True, timeout=120)
    with read_only(folder) as wrap:
        proc = subprocess.run(wrap([sys.executable, "-c", DRIVER, APP, lang]), cwd=ROOT,
                              env=env, capture_output=True, text=True, timeout=180)
    assert proc.returncode == 0, proc.stderr
    page = json.loads(proc.stdout.splitlines()[-1])
    assert page == {"exception": [], "error": [shown(lang, "read_only")], "metrics": 0}
    assert "outages.db: unable to open database file" in proc.stderr  # the log says where
