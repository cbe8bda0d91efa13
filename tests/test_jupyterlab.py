"""The learner's notebook in the real JupyterLab, as `make jupyter` opens it.

JupyterLab serves a temporary learner folder on 127.0.0.1 with the command `make jupyter` uses
(`labtools.learner.jupyterlab_command`); Debian's chromium, driven by Playwright, opens lab 00's
learner notebook and runs all cells (fast mode). It must open with no "Select Kernel" dialog
and not be marked changed, show no error and nothing on stderr (red boxes), leave every
exercise to the learner ("not attempted"), link to the next lab, and send no request beyond
127.0.0.1.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
import urllib.request

import pytest
from browser_support import is_local  # the browser fixture comes from conftest.py

from labtools.learner import jupyterlab_command, make_learner_copies

pytestmark = [pytest.mark.browser, pytest.mark.lab]

TOKEN = "learner-notebook-test"
STDERR = '[data-mime-type="application/vnd.jupyter.stderr"]'  # stderr and error outputs alike


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def jupyterlab(tmp_path_factory):
    """(base URL, learner folder) of a JupyterLab serving fresh copies of labs 00 and 01."""
    home = tmp_path_factory.mktemp("jupyterlab")
    folder = home / "my-labs"
    make_learner_copies(folder, ["meet_the_model", "forgetting"])
    port = free_port()
    # Jupyter's own settings, workspaces and runtime files go to the temporary folder, so the
    # test neither reads nor changes the user's; LAB_FAST makes Run All take seconds.
    env = {
        **os.environ,
        "LAB_FAST": "1",
        "JUPYTER_CONFIG_DIR": str(home / "config"),
        "JUPYTERLAB_SETTINGS_DIR": str(home / "settings"),
        "JUPYTERLAB_WORKSPACES_DIR": str(home / "workspaces"),
        "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
    }
    env.pop("TQDM_DISABLE", None)
    log = open(home / "server.log", "w")
    server = subprocess.Popen(
        jupyterlab_command(folder, port=port, open_browser=False, token=TOKEN),
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                urllib.request.urlopen(f"{base}/api/status?token={TOKEN}", timeout=2)
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"JupyterLab did not start:\n{(home / 'server.log').read_text()}")
                time.sleep(0.5)
        yield base, folder
    finally:
        server.send_signal(signal.SIGINT)  # twice: JupyterLab asks for confirmation after the first
        time.sleep(0.5)
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
        log.close()


def kernel_status(page) -> str:
    return page.locator(".jp-Notebook-ExecutionIndicator").first.get_attribute("data-status") or ""


def wait_for(condition, timeout: float, what: str, poll: float = 0.5):
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(poll)


def test_learner_notebook_runs_cleanly_in_jupyterlab(browser, jupyterlab):
    base, folder = jupyterlab
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    page = context.new_page()
    page.set_default_timeout(60_000)
    try:
        page.goto(f"{base}/lab/tree/00_meet_the_model.ipynb?token={TOKEN}")
        page.wait_for_selector(".jp-NotebookPanel .jp-Cell")
        # The kernel starts by itself: the notebook names one that exists.
        wait_for(lambda: kernel_status(page) == "idle", 90, "the kernel to start")
        page.wait_for_timeout(1500)  # metadata updates after the kernel starts would happen now
        assert page.locator(".jp-Dialog").count() == 0, page.locator(".jp-Dialog").first.inner_text()
        tab = page.locator(".lm-TabBar-tab.jp-mod-current")
        assert "00_meet_the_model.ipynb" in tab.inner_text()
        assert "jp-mod-dirty" not in (tab.get_attribute("class") or ""), "the notebook is marked changed on opening"

        # Run All, from the menu as a learner would.
        page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
        page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click()
        wait_for(lambda: kernel_status(page) == "busy", 30, "Run All to start", poll=0.2)
        wait_for(
            lambda: kernel_status(page) == "idle" and page.locator(".jp-InputPrompt", has_text="[*]").count() == 0,
            600,
            "Run All to finish",
            poll=1,
        )
        checks = page.locator(".jp-OutputArea-output", has_text="exercise ").all_inner_texts()
        checks = [text.strip() for text in checks if text.strip().startswith("[")]
        assert checks == [
            "[NOT ATTEMPTED] exercise 1: not attempted yet. Fill in the cell above and run it.",
            "[NOT ATTEMPTED] exercise 2: not attempted yet. Fill in the cell above and run it.",
        ], checks
        stderr = page.locator(STDERR).all_inner_texts()
        assert not stderr, f"red output boxes (stderr or errors): {stderr}"
        assert page.locator(".jp-Dialog").count() == 0

        # The solution is offered, folded, as text.
        summaries = page.locator(".jp-RenderedMarkdown summary", has_text="Show a solution")
        assert summaries.count() == 2

        # The link to the next lab opens the learner's copy of lab 01.
        # JupyterLab resolves the sibling link to /files/01_forgetting.ipynb and opens it itself.
        link = page.locator('.jp-RenderedMarkdown a[href*="/files/01_forgetting.ipynb"]', has_text="Lab 01")
        assert link.count() == 1
        link.scroll_into_view_if_needed()
        link.click()
        wait_for(
            lambda: page.locator(".lm-TabBar-tab", has_text="01_forgetting.ipynb").count() == 1,
            60,
            "lab 01 to open from the link",
        )
        page.locator(".jp-NotebookPanel:visible .jp-RenderedMarkdown h1", has_text="Lab 01").first.wait_for()
    finally:
        context.close()
    outside = [url for url in requests if not is_local(url)]
    assert not outside, f"requests that left 127.0.0.1: {outside[:5]}"
    assert (folder / "00_meet_the_model.ipynb").exists()
