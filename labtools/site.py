"""Prepare the site's generated pages: every lab executed (cached), its named figures extracted.

``python -m labs site`` writes ``docs/labs/<slug>.ipynb`` (the executed notebook that
mkdocs-jupyter renders with ``execute: false``), ``docs/figures/<slug>/<name>.png`` (the
figures chapter pages embed) and ``docs/labs/results.json`` (each run's seconds and recorded
metrics, which pages quote through ``site_hooks/lab_numbers.py``). All of it is generated and
ignored by git, so a page can only ever show outputs of the current code: the cache key covers
everything a run depends on.
"""

from __future__ import annotations

import base64
import json
import shutil
import time
from pathlib import Path

import nbformat

from .registry import all_labs
from .runner import ROOT, cached_run

DOCS = ROOT / "docs"


def prepare_site(*, seed: int = 0, docs: Path = DOCS, log=print) -> dict[str, float]:
    """Execute (or reuse) every lab and write its page and figures; returns seconds per lab."""
    pages, figures = docs / "labs", docs / "figures"
    for folder in (pages, figures):
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
    seconds, results = {}, {}
    for lab in all_labs():
        start = time.perf_counter()
        run = cached_run(lab, seed=seed, fast=False)
        nbformat.write(run.notebook, pages / f"{lab.slug}.ipynb")
        for name, png in run.figures().items():
            target = figures / lab.slug / f"{name}.png"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(base64.b64decode(png))
        results[lab.slug] = {"title": lab.title, "seed": seed, "seconds": run.seconds, "metrics": run.metrics}
        seconds[lab.name] = time.perf_counter() - start
        log(
            f"  {lab.slug}: ran in {run.seconds:.1f} s "
            f"({'cached' if seconds[lab.name] < run.seconds / 2 else 'executed now'})"
        )
    (pages / "results.json").write_text(json.dumps(results, indent=1) + "\n")
    return seconds
