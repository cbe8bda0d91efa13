"""Prepare the site's generated pages: every lab executed (cached), its named figures extracted.

``python -m labs site`` writes ``docs/labs/<slug>.ipynb`` (the executed notebook that
mkdocs-jupyter renders with ``execute: false``), ``docs/figures/<slug>/<name>.png`` (the
figures chapter pages embed) and ``docs/labs/results.json`` (each run's seconds and recorded
metrics, which pages quote through ``site_hooks/lab_numbers.py``). All of it is generated and
ignored by git, so a page can only ever show outputs of the current code: the cache key covers
everything a run depends on.

The answers policy (docs/instructors/index.md): the site may show each exercise's reference
solution, but folded under "Show a solution", never in plain view. `site_notebook` turns each
``solution`` cell of the executed lab into a collapsed block with its code and what it printed,
in the place it ran, so the check below it still shows the verdict this run produced.
"""

from __future__ import annotations

import base64
import json
import shutil
import time
from pathlib import Path

import nbformat

from .batch import run_batch
from .handout import SOLUTION, fenced, tags
from .registry import all_labs
from .runner import ROOT, cached_run

DOCS = ROOT / "docs"


def prepare_site(*, seed: int = 0, jobs: int = 1, docs: Path = DOCS, log=print) -> dict[str, float]:
    """Execute (or reuse) every lab and write its page and figures; returns seconds per lab.

    With ``jobs`` > 1 the small labs run side by side on one thread each (`labtools.batch`);
    a run's thread count is part of its cache key, so the one-at-a-time site keeps its own."""
    pages, figures = docs / "labs", docs / "figures"
    for folder in (pages, figures):
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
    seconds, results = {}, {}
    labs = all_labs()
    start = time.perf_counter()
    runs = run_batch(
        labs,
        lambda lab, threads: cached_run(lab, seed=seed, fast=False, threads=threads),
        lab_of=lambda lab: lab,
        jobs=jobs,
    )
    log(f"every lab ready in {time.perf_counter() - start:.1f} s")
    for lab in labs:
        run = runs[lab]
        nbformat.write(site_notebook(run.notebook), pages / f"{lab.slug}.ipynb")
        for name, png in run.figures().items():
            target = figures / lab.slug / f"{name}.png"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(base64.b64decode(png))
        results[lab.slug] = {"title": lab.title, "seed": seed, "seconds": run.seconds, "metrics": run.metrics}
        seconds[lab.name] = run.seconds
        how = "reused from .cache/labs" if run.reused else "executed now"
        log(f"  {lab.slug}: {how} (the run took {run.seconds:.1f} s)")
    (pages / "results.json").write_text(json.dumps(results, indent=1) + "\n")
    return seconds


def printed_text(cell) -> str:
    """What a code cell printed or displayed as text (its streams and text/plain results)."""
    parts = []
    for out in cell.get("outputs", []):
        if out.get("output_type") == "stream":
            parts.append(out.get("text", ""))
        elif out.get("output_type") in {"execute_result", "display_data"} and "text/plain" in out.get("data", {}):
            parts.append(out["data"]["text/plain"] + "\n")
    return "".join(parts).rstrip()


def folded_solution(cell) -> nbformat.NotebookNode:
    """A ``solution`` cell as a collapsed "Show a solution" block: its code, then its output."""
    text = (
        "<details><summary>Show a solution</summary>\n\n"
        "The reference solution this page ran; yours may differ and still pass the check.\n\n"
        + fenced(cell.source.strip(), "python")
    )
    output = printed_text(cell)
    if output:
        text += "\n\nIt printed:\n\n" + fenced(output, "text")
    return nbformat.v4.new_markdown_cell(text + "\n\n</details>", metadata={"tags": ["folded-solution"]})


def site_notebook(nb) -> nbformat.NotebookNode:
    """The executed lab as the site shows it: every ``solution`` cell folded (`folded_solution`)."""
    page = nbformat.from_dict(nb)
    page.cells = [folded_solution(c) if c.cell_type == "code" and SOLUTION in tags(c) else c for c in page.cells]
    for index, cell in enumerate(page.cells):
        cell.setdefault("id", f"cell-{index:03d}")
    return page
