"""Seeding, so that the same seed gives the same numbers on the CPU."""

from __future__ import annotations

import os
import random

import numpy as np
import torch

# The machines we target have 2 cores. A fixed thread count keeps float sums in one order, so a
# seed gives the same numbers run after run; another count can move the last digits.
THREADS = 2
# Set by the project's runner when several lab kernels share the cores (one thread each runs
# far faster than two each fighting for them); a lab run by hand uses THREADS.
THREADS_VAR = "TINY_MODELS_THREADS"


def thread_count() -> int:
    """``TINY_MODELS_THREADS`` if set, else ``THREADS``."""
    raw = os.environ.get(THREADS_VAR, "").strip()
    if not raw:
        return THREADS
    if not raw.isdigit() or int(raw) < 1:
        raise ValueError(
            f"{THREADS_VAR} must be a whole number of threads (1 or more), got {raw!r}; unset it to use {THREADS}"
        )
    return int(raw)


def seed_everything(seed: int, *, threads: int | None = None) -> None:
    """Seed Python, NumPy and PyTorch, and fix PyTorch's thread count (``threads``, else
    `thread_count()`)."""
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    torch.set_num_threads(threads or thread_count())
