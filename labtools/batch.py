"""Many lab runs on two cores, as fast as they go: the policy the tests, the site and the
seeds command share.

A kernel on two PyTorch threads slows several-fold whenever anything else on the machine is
busy (its threads wait for each other at every operation: lab 03 took 472 s in fast mode beside
another kernel, 57 s alone). Kernels on one thread each share the cores well: a 150-step
fine-tune of support-base took 2.7-3.1 s alone on two threads, 3.9-4.0 s alone on one, and
3.8-3.9 s each with two running side by side. So a batch runs its heavy labs (a large model,
``expected_seconds >= HEAVY_SECONDS``) one at a time on the default thread count, then the
others ``jobs`` at a time on one thread each, longest first.

The thread count is part of a run: sums over threads are ordered differently, so it can move
the last digits of a result (the lab prints it, and the runner's cache key includes it).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from .registry import Lab

HEAVY_SECONDS = 100  # a lab this long (its model is large) runs alone, on every thread

Task = TypeVar("Task", bound=Hashable)
Result = TypeVar("Result")


def is_heavy(lab: Lab) -> bool:
    return lab.expected_seconds >= HEAVY_SECONDS


def threads_for(lab: Lab, jobs: int) -> int | None:
    """The PyTorch threads a run of ``lab`` gets in a batch of ``jobs`` (None: the default)."""
    return None if jobs <= 1 or is_heavy(lab) else 1


def run_batch(
    tasks: Sequence[Task],
    execute: Callable[[Task, int | None], Result],
    *,
    lab_of: Callable[[Task], Lab],
    jobs: int = 2,
) -> dict[Task, Result]:
    """``execute(task, threads)`` for every task, scheduled as the module docstring says;
    returns each task's result. A task's exception propagates (wrap ``execute`` to keep it)."""
    heavy = [task for task in tasks if is_heavy(lab_of(task))]
    light = sorted((task for task in tasks if not is_heavy(lab_of(task))), key=lambda t: -lab_of(t).expected_seconds)
    results = {task: execute(task, threads_for(lab_of(task), jobs)) for task in heavy}
    with ThreadPoolExecutor(max_workers=max(jobs, 1), thread_name_prefix="lab-run") as pool:
        futures = {task: pool.submit(execute, task, threads_for(lab_of(task), jobs)) for task in light}
    return results | {task: future.result() for task, future in futures.items()}
