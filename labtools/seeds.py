"""``python -m labs seeds``: record each lab's runs on other seeds (see tiny_models/seed_runs.py).

Every lab is run in normal mode on each seed (``--jobs`` kernels at a time, longest lab first)
and its metrics and check verdicts are written into ``labs/NN_slug/seeds.json`` with the
fingerprint of the code that ran. ``--check`` only says which records are stale or missing.
"""

from __future__ import annotations

import json

from tiny_models.seed_runs import RECORD_NAME, fingerprint, is_fresh, read_record

from .batch import run_batch
from .registry import Lab
from .runner import run_lab

DEFAULT_SEEDS = (1, 2, 3)  # seed 0 is the run the site shows; these are the others


def stale(labs: list[Lab]) -> list[Lab]:
    """The labs whose record is missing or was made by other code than today's."""
    return [lab for lab in labs if not is_fresh(read_record(lab.folder), lab.folder)]


def record(labs: list[Lab], *, seeds=DEFAULT_SEEDS, jobs: int = 2, log=print) -> None:
    """Run every lab on every seed (scheduled by `labtools.batch.run_batch`: a large model alone
    on every thread, the small labs ``jobs`` at a time on one thread each) and write each lab's
    seeds.json. Each run's thread count is recorded with it: it can move the last digits."""
    before = {lab.name: fingerprint(lab.folder) for lab in labs}

    def execute(task, threads):
        lab, seed = task
        return run_lab(lab, seed=seed, fast=False, threads=threads), threads or "default"

    results = run_batch(
        [(lab, seed) for lab in labs for seed in seeds], execute, lab_of=lambda task: task[0], jobs=jobs
    )
    for lab in labs:
        runs = {}
        for seed in seeds:
            run, threads = results[(lab, seed)]
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
