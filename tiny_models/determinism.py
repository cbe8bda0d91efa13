"""Seeding, so that the same seed gives the same numbers on the CPU."""

from __future__ import annotations

import random

import numpy as np
import torch

THREADS = 2  # the machines we target have 2 cores; a fixed count keeps float sums in one order


def seed_everything(seed: int) -> None:
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    torch.set_num_threads(THREADS)
