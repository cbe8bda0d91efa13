"""Shared fixtures. Lab executions are memoised per session: a lab run once for a
(seed, mode) is reused by every test that asks for it.

The lesson runs of every lab the selected tests need start at the beginning of the session,
two at a time in the background, longest first, each kernel on one thread (two kernels on two
cores finish sooner that way than one after the other on two threads); a test that needs a
run waits for it while the other tests go on."""

from __future__ import annotations

import re
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import pytest
from browser_support import browser, page, site_url  # noqa: F401 - shared fixtures, defined once
from exercise_variants import with_variants

from labtools.registry import all_labs, find_lab, read_notebook
from labtools.runner import LabRun, cached_run, execute_notebook

DEFAULT_SEED = 0
OTHER_SEED = 1  # lessons must hold on other seeds too, not only the default one
BACKGROUND_RUNS = 2  # lab kernels at a time: one per core
LAB_FIXTURES = {"lab_run", "built_site", "site_url", "page"}

_runs: dict[tuple[str, int, bool], Future] = {}
_pool: ThreadPoolExecutor | None = None


def _execute(name: str, seed: int, fast: bool, threads: int | None) -> LabRun:
    lab = find_lab(name)
    if not fast:
        return cached_run(lab, seed=seed, fast=False, threads=threads)
    # Fast runs get the test-only cells of exercise_variants (see lab_run).
    nb = with_variants(read_notebook(lab), lab.slug)
    seconds = execute_notebook(nb, name=lab.name, seed=seed, fast=True, threads=threads)
    return LabRun(lab=lab, seed=seed, fast=True, seconds=seconds, notebook=nb)


def _labs_needed(items) -> set[str]:
    """The labs whose lesson runs the selected tests use: a test parametrized by lab ``name``
    uses that lab, a ``test_lab_<name>.py`` its own; any other test that asks for a lab run or
    the built site may use every lab."""
    names = {lab.name for lab in all_labs()}
    needed: set[str] = set()
    for item in items:
        if not LAB_FIXTURES & set(getattr(item, "fixturenames", ())):
            continue
        param = getattr(getattr(item, "callspec", None), "params", {}).get("name")
        match = re.fullmatch(r"test_lab_(\w+)\.py", Path(str(item.fspath)).name)
        if param is not None:
            needed.add(find_lab(param).name)
        elif match and match.group(1) in names and "built_site" not in item.fixturenames:
            needed.add(match.group(1))
        else:
            return names
    return needed


def pytest_collection_finish(session):
    """Start the lesson runs the selected tests need (after ``-k``/``-m`` deselection)."""
    global _pool
    needed = _labs_needed(session.items)
    if not needed or session.config.getoption("collectonly"):
        return
    _pool = ThreadPoolExecutor(max_workers=BACKGROUND_RUNS, thread_name_prefix="lab-run")
    labs = sorted((find_lab(name) for name in needed), key=lambda lab: -lab.expected_seconds)
    for lab in labs:  # longest first, so that the last runs to finish are short ones
        for seed, fast in ((DEFAULT_SEED, False), (OTHER_SEED, True)):
            _runs[(lab.name, seed, fast)] = _pool.submit(_execute, lab.name, seed, fast, 1)


def pytest_sessionfinish(session, exitstatus):
    if _pool is not None:
        _pool.shutdown(wait=True, cancel_futures=True)


@pytest.fixture(scope="session")
def lab_run():
    """``lab_run(name, seed=0, fast=False) -> LabRun``.

    Normal mode goes through the site's dependency-hash cache, so the site build and every
    test share one execution of each lab on the default seed; fast mode executes afresh, with
    the test-only cells of ``exercise_variants`` added: after each check, the check is applied
    to near-miss and alternative answers (``tests/test_exercises.py`` reads the verdicts), at
    no extra lab run. Those cells restore every random state they touch, so the lab's own
    outputs are those of a plain run. A run started in the background is waited for; any other
    runs here and now.
    """

    def get(name: str, seed: int = DEFAULT_SEED, fast: bool = False) -> LabRun:
        key = (find_lab(name).name, seed, fast)
        if key not in _runs:
            done: Future = Future()
            done.set_result(_execute(*key, threads=None))
            _runs[key] = done
        return _runs[key].result()

    return get


def wait_for_normal_runs() -> None:
    """Block until every background run in normal mode is done (the site build reuses them)."""
    for (_, _, fast), future in list(_runs.items()):
        if not fast:
            future.result()


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

    wait_for_normal_runs()  # then prepare_site finds every lab in the cache
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
