"""Run a lab's independent fine-tunes side by side, one core each, with the same results.

A fine-tune of our small models is mostly Python and many tiny tensor operations, so a second
core speeds one run up little: four 400-step fine-tunes of support-base (batch 8) took 14.5 s
one after the other on two threads, and 10.9 s two at a time on one thread each. Sweeps (of
learning rates, replay shares, data sizes) are independent runs, so a lab runs them with
:func:`side_by_side`.

The results are the same bits whichever way the runs are scheduled: each run computes on its
own thread only (PyTorch's operator threads are set to one while the runs share the cores), and
draws its batches from its own seeded generator. A run that draws from PyTorch's *global* random
generator instead (building a LoRA adapter does) would get numbers that depend on which run got
there first, so that is refused, whatever the thread count: build such parts before, not inside.

Pass ``progress=False`` to each ``fine_tune``: bars from two threads overwrite each other. The one
bar shown here counts finished runs.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

import torch
from tqdm import tqdm

Item = TypeVar("Item")
Result = TypeVar("Result")


def side_by_side(run: Callable[[Item], Result], items: Sequence[Item], *, desc: str = "runs") -> list[Result]:
    """``[run(item) for item in items]``, as many at a time as PyTorch has threads.

    With one thread (the project's runner gives each kernel one when several share the cores)
    the runs go one after the other; with two, two at a time on one thread each. The thread
    count is restored afterwards, also when a run fails; the first failure is raised.
    """
    items = list(items)
    workers = min(torch.get_num_threads(), len(items))
    rng_before = torch.random.get_rng_state()
    bar = tqdm(total=len(items), desc=desc, unit="run", file=sys.stdout, mininterval=0.5)
    if workers <= 1:
        results = [_counted(run, item, bar) for item in items]
    else:
        threads = torch.get_num_threads()
        torch.set_num_threads(1)
        try:
            with ThreadPoolExecutor(max_workers=workers) as pool:
                results = list(pool.map(lambda item: _counted(run, item, bar), items))
        finally:
            torch.set_num_threads(threads)
    bar.close()
    if not torch.equal(rng_before, torch.random.get_rng_state()):
        raise RuntimeError(
            "a run given to side_by_side drew from PyTorch's global random generator, so its result would "
            "depend on the order the runs happened to take; create random parts (such as a LoRA adapter "
            "with get_peft_model) before side_by_side, and pass each run a seed instead"
        )
    return results


def _counted(run: Callable[[Item], Result], item: Item, bar: tqdm) -> Result:
    result = run(item)
    bar.update(1)
    return result
