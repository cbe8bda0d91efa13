"""Shared fixtures. Lab executions are memoised per session: a lab run once for a
(seed, mode) is reused by every test that asks for it."""

from __future__ import annotations

import pytest
from browser_support import browser, page, site_url  # noqa: F401 - shared fixtures, defined once

from labtools.registry import find_lab
from labtools.runner import LabRun, cached_run, run_lab

DEFAULT_SEED = 0
OTHER_SEED = 1  # lessons must hold on other seeds too, not only the default one


@pytest.fixture(scope="session")
def lab_run():
    """``lab_run(name, seed=0, fast=False) -> LabRun``.

    Normal mode goes through the site's dependency-hash cache, so the site build and every
    test share one execution of each lab on the default seed; fast mode executes afresh.
    """
    done: dict[tuple[str, int, bool], LabRun] = {}

    def get(name: str, seed: int = DEFAULT_SEED, fast: bool = False) -> LabRun:
        key = (name, seed, fast)
        if key not in done:
            lab = find_lab(name)
            done[key] = run_lab(lab, seed=seed, fast=True) if fast else cached_run(lab, seed=seed, fast=False)
        return done[key]

    return get


# The runs each lab's lesson is asserted on: normal mode on the default seed (what the site
# shows, executed once for the site and the tests) and fast mode (what CI could use alone) on
# another seed. So every lesson is checked in both modes and on two seeds.
LESSON_RUNS = [
    pytest.param(DEFAULT_SEED, False, id="normal-seed0"),
    pytest.param(OTHER_SEED, True, id="fast-seed1"),
]


@pytest.fixture(scope="session")
def built_site(tmp_path_factory):
    """The site as `make serve` shows it: every lab executed (normal mode, cached), then
    ``mkdocs build --strict``. Returns the folder of the built site."""
    import os
    import subprocess
    import sys

    from labtools.runner import ROOT
    from labtools.site import prepare_site

    prepare_site(log=lambda _line: None)
    out = tmp_path_factory.mktemp("site")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-d", str(out)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, f"mkdocs build --strict failed:\n{result.stdout}\n{result.stderr}"
    return out
