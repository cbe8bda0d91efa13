"""``python -m labs seeds``: record each lab's runs on other seeds (see tiny_models/seed_runs.py).

Every lab is run in normal mode on each seed (``--jobs`` kernels at a time, longest lab first)
and its metrics and check verdicts are written into ``labs/NN_slug/seeds.json`` with the
fingerprint of the code that ran. ``--check`` only says which records are stale or missing.
"""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor

from tiny_models.seed_runs import RECORD_NAME, fingerprint, is_fresh, read_record

from .registry import Lab
from .runner import run_lab

DEFAULT_SEEDS = (1, 2, 3)  # seed 0 is the run the site shows; these are the others


def stale(labs: list[Lab]) -> list[Lab]:
    """The labs whose record is missing or was made by other code than today's."""
    return [lab for lab in labs if not is_fresh(read_record(lab.folder), lab.folder)]


HEAVY_SECONDS = 100  # a lab this long (its model is large) runs alone, on every thread


def record(labs: list[Lab], *, seeds=DEFAULT_SEEDS, jobs: int = 2, log=print) -> None:
    """Run every lab on every seed and write each lab's seeds.json.

    Small labs run ``jobs`` at a time on one thread each; a lab whose model is large
    (``expected_seconds >= HEAVY_SECONDS``) runs alone on every thread first, which is several
    times faster than on one thread beside another kernel. The thread count is recorded with
    each run: a sum over threads is ordered differently, so it can move the last digits."""
    before = {lab.name: fingerprint(lab.folder) for lab in labs}
    heavy = [(lab, seed) for lab in labs for seed in seeds if lab.expected_seconds >= HEAVY_SECONDS]
    light = sorted(
        ((lab, seed) for lab in labs for seed in seeds if lab.expected_seconds < HEAVY_SECONDS),
        key=lambda pair: -pair[0].expected_seconds,
    )
    results = {(lab.name, seed): (run_lab(lab, seed=seed, fast=False), "default") for lab, seed in heavy}
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        futures = {(lab.name, seed): pool.submit(run_lab, lab, seed=seed, fast=False, threads=1) for lab, seed in light}
        results |= {key: (future.result(), 1) for key, future in futures.items()}
    for lab in labs:
        runs = {}
        for seed in seeds:
            run, threads = results[(lab.name, seed)]
            runs[str(seed)] = {
                "metrics": run.metrics,
                "checks": run.checks,
                "seconds": round(run.seconds, 1),
                "threads": threads,
            }
            log(f"  {lab.name:16s} seed {seed}: {run.seconds:5.1f} s")
        if fingerprint(lab.folder) != before[lab.name]:
            raise RuntimeError(f"{lab.slug} or the code it imports changed while it ran: run the command again")
        payload = {"lab": lab.name, "mode": "normal", "fingerprint": before[lab.name], "runs": runs}
        (lab.folder / RECORD_NAME).write_text(json.dumps(payload, indent=1, sort_keys=True) + "\n")
        log(f"wrote {lab.folder / RECORD_NAME}")
