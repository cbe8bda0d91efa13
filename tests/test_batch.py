"""How many lab runs share two cores (labtools.batch) and how a kernel learns its thread count."""

import threading
import time

import pytest

from labtools.batch import HEAVY_SECONDS, run_batch, threads_for
from labtools.registry import Lab
from tiny_models.determinism import THREADS, THREADS_VAR, seed_everything, thread_count


def lab(name: str, seconds: float) -> Lab:
    return Lab(slug=f"00_{name}", name=name, title=name, purpose="", expected_seconds=seconds, folder=None)


HEAVY, SMALL, TINY = lab("heavy", HEAVY_SECONDS + 30), lab("small", 60), lab("tiny", 5)


def test_a_heavy_lab_runs_alone_on_every_thread_before_the_small_ones_run_side_by_side():
    events, running, lock = [], [], threading.Lock()

    def execute(task, threads):
        with lock:
            running.append(task.name)
            events.append((task.name, threads, sorted(running)))
        time.sleep(0.2)
        with lock:
            running.remove(task.name)
        return task.name.upper()

    results = run_batch([TINY, HEAVY, SMALL], execute, lab_of=lambda t: t, jobs=2)
    assert results == {TINY: "TINY", HEAVY: "HEAVY", SMALL: "SMALL"}
    assert events[0] == ("heavy", None, ["heavy"])  # first, alone, default threads
    assert {name: threads for name, threads, _ in events[1:]} == {"small": 1, "tiny": 1}
    assert events[1][0] == "small"  # longest first
    assert any(len(together) == 2 for _, _, together in events[1:])  # side by side


def test_one_job_runs_everything_in_turn_on_the_default_threads():
    seen = []
    run_batch([SMALL, TINY], lambda task, threads: seen.append((task.name, threads)), lab_of=lambda t: t, jobs=1)
    assert seen == [("small", None), ("tiny", None)]
    assert threads_for(SMALL, 1) is None and threads_for(SMALL, 2) == 1 and threads_for(HEAVY, 2) is None


def test_a_kernel_takes_its_thread_count_from_the_environment(monkeypatch):
    import torch

    monkeypatch.delenv(THREADS_VAR, raising=False)
    assert thread_count() == THREADS
    monkeypatch.setenv(THREADS_VAR, "1")
    seed_everything(0)
    assert torch.get_num_threads() == 1
    seed_everything(0, threads=THREADS)  # a checkpoint recipe's fixed count wins
    assert torch.get_num_threads() == THREADS
    monkeypatch.setenv(THREADS_VAR, "two")
    with pytest.raises(ValueError, match=f"{THREADS_VAR} must be a whole number"):
        thread_count()
