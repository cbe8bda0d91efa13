"""The site builds strictly from the executed labs and shows their real outputs."""

import os
import re
import socket
import subprocess
import sys
import time
from urllib.error import URLError
from urllib.request import urlopen

import pytest

from labtools.registry import all_labs
from labtools.runner import ROOT


@pytest.mark.site
def test_every_lab_page_shows_its_executed_outputs(built_site):
    for lab in all_labs():
        page = built_site / "labs" / lab.slug / "index.html"
        assert page.exists(), f"no page for {lab.slug}"
        html = page.read_text()
        assert 'src="data:image/png;base64,' in html, f"{lab.slug} shows no plot"
        assert "recorded metric" in html, f"{lab.slug} shows no recorded metrics"
        assert "Traceback" not in html
        assert (built_site / "labs" / lab.slug / f"{lab.slug}.ipynb").exists(), "no notebook download"


@pytest.mark.site
def test_the_instructor_guide_states_the_measured_time_of_grading_a_class(built_site):
    from site_hooks.lab_numbers import format_grading_time

    html = (built_site / "instructors" / "index.html").read_text()
    stated = format_grading_time("meet_the_model")  # from lab.toml's [grading], as measured
    assert re.search(r"\d+ min \d\d s for 40 students", stated), stated
    assert stated.split(" (")[0] in html


@pytest.mark.site
def test_no_page_loads_anything_from_another_host(built_site):
    external = re.compile(r'<(script|link|img|iframe)\b[^>]*\b(src|href)="(https?:)?//', re.I)
    for page in built_site.rglob("*.html"):
        assert not external.search(page.read_text()), page


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.site
def test_mkdocs_serve_serves_the_site(built_site):
    """README's first command ends in `mkdocs serve --strict` (see the Makefile): it must start
    and serve every lab page with its outputs, not only `mkdocs build`."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--strict", "-a", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 180
        while True:
            try:
                with urlopen(f"http://127.0.0.1:{port}/", timeout=5) as response:
                    assert response.status == 200
                break
            except (URLError, ConnectionError):
                if server.poll() is not None:
                    pytest.fail(f"mkdocs serve exited:\n{server.stdout.read()[-3000:]}")
                assert time.monotonic() < deadline, "mkdocs serve did not answer within 180 s"
                time.sleep(1)
        for lab in all_labs():
            with urlopen(f"http://127.0.0.1:{port}/labs/{lab.slug}/", timeout=30) as response:
                assert 'src="data:image/png;base64,' in response.read().decode(), lab.slug
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_search_dialog_gets_a_name_and_a_changed_theme_fails_the_build():
    """site_hooks/accessibility.py names Material's search dialog (axe: aria-dialog-name); if the
    theme's markup changes, the build stops and says which file to update."""
    from types import SimpleNamespace

    from site_hooks.accessibility import on_post_page

    page = SimpleNamespace(file=SimpleNamespace(src_path="index.md"))
    html = '<body><div class="md-search" data-md-component="search" role="dialog"><form></form></div></body>'
    assert 'role="dialog" aria-label="Search">' in on_post_page(html, page, {})
    with pytest.raises(
        ValueError, match=r"index\.md: the search dialog's markup changed.*site_hooks/accessibility\.py"
    ):
        on_post_page(html.replace(' role="dialog"', ""), page, {})
