"""Shared fixtures. Lab executions are memoised per session: a lab run once for a
(seed, mode) is reused by every test that asks for it.

The first test that needs a lesson run starts, and waits for, every lesson run the selected
tests need, scheduled by `labtools.batch` (the large-model lab alone on every thread, the small
labs two at a time on one thread each): on two cores that finishes far sooner than one run
after the other, and nothing else of the test session runs meanwhile to slow the kernels down.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from browser_support import browser, page, site_url  # noqa: F401 - shared fixtures, defined once
from exercise_variants import with_variants

from labtools.batch import run_batch
from labtools.registry import all_labs, find_lab, read_notebook
from labtools.runner import LabRun, cached_run, execute_notebook
from labtools.seeds import DEFAULT_SEEDS as RECORDED_SEEDS
from tiny_models.seed_runs import is_fresh, read_record

DEFAULT_SEED = 0
OTHER_SEED = 1  # lessons must hold on other seeds too, not only the default one
JOBS = 2  # lab kernels at a time: one per core
LAB_FIXTURES = {"lab_run", "built_site", "site_url", "page"}

RECORDED = "recorded"  # the "mode" of a run read from labs/NN_slug/seeds.json

# The runs each lab's lesson is asserted on: normal mode on the default seed (what the site
# shows, executed once for the site and the tests), fast mode (what CI could use alone) on
# another seed, and the normal-mode runs on seeds 1-3 that `python -m labs seeds` recorded with
# a fingerprint of the code they ran (read, not re-run; a stale record fails the test). So
# every lesson is checked in both modes and on four seeds.
LESSON_RUNS = [
    pytest.param(DEFAULT_SEED, False, id="normal-seed0"),
    pytest.param(OTHER_SEED, True, id="fast-seed1"),
    *(pytest.param(seed, RECORDED, id=f"recorded-seed{seed}") for seed in RECORDED_SEEDS),
]

_planned: set[tuple[str, int, bool]] = set()  # (lab name, seed, fast) the selected tests use
_done: dict[tuple[str, int, bool], LabRun | Exception] = {}


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
    """Plan the lesson runs the selected tests need (after ``-k``/``-m`` deselection)."""
    if not session.config.getoption("collectonly"):
        _planned.update((name, seed, fast) for name in _labs_needed(session.items) for seed, fast in _lesson_keys())


def _lesson_keys():
    """The (seed, fast) of every lesson run that is executed, not read from a record."""
    return [tuple(param.values) for param in LESSON_RUNS if param.values[1] != RECORDED]


@dataclass(frozen=True)
class RecordedRun:
    """A run read from ``seeds.json``: what the lesson tests read of a run, and nothing more."""

    metrics: dict[str, float]
    checks: dict[str, str]


def recorded_run(name: str, seed: int) -> RecordedRun:
    lab = find_lab(name)
    record = read_record(lab.folder)
    if not is_fresh(record, lab.folder):
        state = "has no seeds.json" if record is None else "has a seeds.json made by other code than today's"
        pytest.fail(f"labs/{lab.slug} {state}: run `python -m labs seeds {lab.name}` and commit the record")
    run = record["runs"].get(str(seed))
    if run is None:
        pytest.fail(f"labs/{lab.slug}/seeds.json has no run on seed {seed}: run `python -m labs seeds {lab.name}`")
    return RecordedRun(metrics=run["metrics"], checks=run["checks"])


def _execute(key: tuple[str, int, bool], threads: int | None) -> LabRun | Exception:
    """One lab run; normal mode through the site's cache, fast mode with the exercise variants."""
    name, seed, fast = key
    lab = find_lab(name)
    try:
        if not fast:
            return cached_run(lab, seed=seed, fast=False, threads=threads)
        nb = with_variants(read_notebook(lab), lab.slug)
        seconds = execute_notebook(nb, name=lab.name, seed=seed, fast=True, threads=threads)
        return LabRun(lab=lab, seed=seed, fast=True, seconds=seconds, notebook=nb)
    except Exception as error:  # kept for the tests that use this run; the others go on
        return error


@pytest.fixture(scope="session")
def lab_run():
    """``lab_run(name, seed=0, fast=False) -> LabRun``.

    Normal mode goes through the site's dependency-hash cache, so the site build and every
    test share one execution of each lab on the default seed; fast mode executes afresh, with
    the test-only cells of ``exercise_variants`` added: after each check, the check is applied
    to near-miss and alternative answers (``tests/test_exercises.py`` reads the verdicts), at
    no extra lab run. Those cells restore every random state they touch, so the lab's own
    outputs are those of a plain run. ``fast="recorded"`` reads the run from the lab's seeds.json
    (`recorded_run`) instead. A planned run is made with all the others (see the module
    docstring); any other run is made alone, with the same thread count.
    """

    def get(name: str, seed: int = DEFAULT_SEED, fast: bool | str = False) -> LabRun | RecordedRun:
        if fast == RECORDED:
            return recorded_run(name, seed)
        key = (find_lab(name).name, seed, fast)
        if key not in _done:
            batch = sorted(_planned - _done.keys()) if key in _planned else [key]
            _done.update(run_batch(batch, _execute, lab_of=lambda k: find_lab(k[0]), jobs=JOBS))
        result = _done[key]
        if isinstance(result, Exception):
            raise result
        return result

    return get


@pytest.fixture(scope="session")
def built_site(tmp_path_factory, lab_run):
    """The site as `make serve` shows it: every lab executed (normal mode, cached), then
    ``mkdocs build --strict``. Returns the folder of the built site."""
    import os
    import subprocess
    import sys

    from labtools.runner import ROOT
    from labtools.site import prepare_site

    for lab in all_labs():  # the tests' own runs, which prepare_site then finds in the cache
        lab_run(lab.name)
    prepare_site(jobs=JOBS, log=lambda _line: None)
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
