"""Fixtures for the real-browser tests: serve a built site on 127.0.0.1, drive Debian chromium.

``conftest.py`` imports the fixtures once, so every test module shares one browser (a second
session-scoped copy, imported into another module, would start a second Playwright inside the
first one's event loop and fail). The site under
test is the session fixture ``built_site`` from ``tests/conftest.py`` (the Path of a site built
with ``mkdocs build --strict`` after ``python -m labs site``).

Every request a page makes is recorded (``page.requests``) so tests can assert that nothing
left 127.0.0.1: the site must work with no network.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

__all__ = ["site_url", "browser", "page", "is_local", "CHROMIUM"]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - signature of the base class
        pass


def is_local(url: str) -> bool:
    """True for URLs that never leave this machine (127.0.0.1, data: and blob: URLs)."""
    parts = urlsplit(url)
    return parts.scheme in ("data", "blob", "about") or parts.hostname == "127.0.0.1"


@pytest.fixture(scope="session")
def site_url(built_site):
    """Base URL (ending in '/') of ``built_site`` served by a thread on 127.0.0.1."""
    handler = functools.partial(_QuietHandler, directory=str(built_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def browser():
    """Debian's chromium driven by Playwright (no downloaded browser build)."""
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        pytest.fail(f"{CHROMIUM} not found: install Debian's chromium (make browser)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser):
    """A fresh page in its own context; ``page.requests`` lists every URL it requested."""
    context = browser.new_context()
    tab = context.new_page()
    tab.requests = []
    tab.on("request", lambda request: tab.requests.append(request.url))
    tab.set_default_timeout(10_000)
    try:
        yield tab
    finally:
        context.close()
