"""Shared fixtures. Lab executions are memoised per session: a lab run once for a
(seed, mode) is reused by every test that asks for it."""

from __future__ import annotations

import pytest
from browser_support import browser, page, site_url  # noqa: F401 - shared fixtures, defined once
from exercise_variants import with_variants

from labtools.registry import find_lab, read_notebook
from labtools.runner import LabRun, cached_run, execute_notebook

DEFAULT_SEED = 0
OTHER_SEED = 1  # lessons must hold on other seeds too, not only the default one


@pytest.fixture(scope="session")
def lab_run():
    """``lab_run(name, seed=0, fast=False) -> LabRun``.

    Normal mode goes through the site's dependency-hash cache, so the site build and every
    test share one execution of each lab on the default seed; fast mode executes afresh, with
    the test-only cells of ``exercise_variants`` added: after each check, the check is applied
    to near-miss and alternative answers (``tests/test_exercises.py`` reads the verdicts), at
    no extra lab run. Those cells restore every random state they touch, so the lab's own
    outputs are those of a plain run.
    """
    done: dict[tuple[str, int, bool], LabRun] = {}

    def get(name: str, seed: int = DEFAULT_SEED, fast: bool = False) -> LabRun:
        key = (name, seed, fast)
        if key not in done:
            lab = find_lab(name)
            if fast:
                nb = with_variants(read_notebook(lab), lab.slug)
                seconds = execute_notebook(nb, name=lab.name, seed=seed, fast=True)
                done[key] = LabRun(lab=lab, seed=seed, fast=True, seconds=seconds, notebook=nb)
            else:
                done[key] = cached_run(lab, seed=seed, fast=False)
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
