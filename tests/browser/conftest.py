"""Fixtures for the browser tests; the machinery is in tests/browser/__init__.py.

- ``app`` (module): the dashboard server on a fresh temporary store (see ``start_app``). A test
  that needs other settings starts its own: ``with start_app({"OUTAGES_EDITOR_PASSWORD": pw}) as
  app:`` (a value of None removes a variable from the server's environment).
- ``browser`` (module): Debian's chromium through Playwright; every test here is skipped, with
  the reason, when /usr/bin/chromium or Playwright is missing.
- ``context``: a new browser context (no cookies, no session): 1280 x 900, light colour scheme.

Every test in this folder is marked ``browser`` (``make test-fast`` leaves them out). When one
fails, the last lines of the server's output are added to its report.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from . import VIEWPORT, chromium_missing, launch, start_app

HERE = Path(__file__).resolve().parent
SERVER_KEY = pytest.StashKey[object]()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if item.path.is_relative_to(HERE):
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    report = yield
    app = item.stash.get(SERVER_KEY, None)
    if report.failed and app is not None:
        report.sections.append(("dashboard server output", app.log()))
    return report


def _skip_without_chromium() -> None:
    reason = chromium_missing()
    if reason:
        pytest.skip(reason)


@pytest.fixture(scope="module")
def browser():
    _skip_without_chromium()
    with launch() as chromium:
        yield chromium


@pytest.fixture(scope="module")
def app_server():
    _skip_without_chromium()
    with start_app() as server:
        yield server


@pytest.fixture
def app(app_server, request):
    """The module's dashboard server; its output goes into the report of a failing test."""
    request.node.stash[SERVER_KEY] = app_server
    return app_server


@pytest.fixture
def context(browser):
    ctx = browser.new_context(viewport=VIEWPORT, color_scheme="light")
    yield ctx
    ctx.close()
