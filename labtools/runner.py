"""Execute a lab as a real notebook (jupytext -> nbformat -> nbclient) and read its results.

The same function serves ``python -m labs run``, the tests and the site build, so what the
site shows is exactly what the tests checked. A failing cell is reported by lab, cell number
and source.
"""

from __future__ import annotations

import hashlib
import os
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import nbformat
from jupyter_client.manager import KernelManager
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from tiny_models.determinism import THREADS_VAR, thread_count
from tiny_models.labkit import CHECK_MIME, FAST_VAR, FIGURE_KEY, METRICS_MIME, SEED_VAR

from .registry import Lab, read_notebook  # noqa: F401 - read_notebook is used from here too

ROOT = Path(__file__).resolve().parent.parent
CELL_TIMEOUT = 600  # seconds; a lab is meant to take well under one minute in total


class LabFailed(RuntimeError):
    pass


@dataclass
class LabRun:
    lab: Lab
    seed: int
    fast: bool
    seconds: float
    notebook: nbformat.NotebookNode
    reused: bool = False  # read from the runner's cache, not executed now

    @property
    def metrics(self) -> dict[str, float]:
        return collect(self.notebook, METRICS_MIME)

    @property
    def checks(self) -> dict[str, str]:
        verdicts = (out.get("data", {}).get(CHECK_MIME) for out in outputs(self.notebook))
        return {data["exercise"]: data["status"] for data in verdicts if data}

    def figures(self) -> dict[str, str]:
        """Named figures: name -> base64 PNG."""
        named = ((out.get("metadata", {}).get(FIGURE_KEY), out) for out in outputs(self.notebook))
        return {name: out["data"]["image/png"] for name, out in named if name}


def code_cells(nb):
    return [cell for cell in nb.cells if cell.cell_type == "code"]


def outputs(nb):
    """Every output of every code cell, in order."""
    return (out for cell in code_cells(nb) for out in cell.get("outputs", []))


def collect(nb, mime: str) -> dict[str, float]:
    merged: dict[str, float] = {}
    for out in outputs(nb):
        merged.update(out.get("data", {}).get(mime, {}))
    return merged


def kernel_env(seed: int, fast: bool, root: Path = ROOT, threads: int | None = None) -> dict[str, str]:
    """The environment every lab kernel runs in (the runner's, the site's and the grader's).

    ``root`` is where the kernel imports ``tiny_models`` from: the project, or the grader's
    private copy of it. ``threads`` caps PyTorch's threads: two kernels that share two cores run
    far faster with one thread each than with two each fighting for the cores."""
    capped = {"OMP_NUM_THREADS": str(threads), THREADS_VAR: str(threads)} if threads else {}
    return {
        **os.environ,
        SEED_VAR: str(seed),
        FAST_VAR: "1" if fast else "0",
        "PYTHONPATH": os.pathsep.join(filter(None, [str(root), os.environ.get("PYTHONPATH")])),
        "TQDM_DISABLE": "1",  # progress bars are for people at a live notebook, not saved pages
        "MPLBACKEND": "module://matplotlib_inline.backend_inline",
        **capped,
    }


def execute_notebook(
    nb,
    *,
    name: str,
    seed: int,
    fast: bool,
    timeout: int = CELL_TIMEOUT,
    workdir: Path | None = None,
    threads: int | None = None,
) -> float:
    """Run ``nb`` in place in a fresh kernel; return seconds. Raises LabFailed on a cell error."""
    env = kernel_env(seed, fast, threads=threads)
    with tempfile.TemporaryDirectory(prefix=f"lab-{name}-") as tmp:
        # Talk to the kernel over local sockets in our temporary folder rather than TCP ports.
        kernel = KernelManager(kernel_name="python3", transport="ipc", ip=os.path.join(tmp, "kernel"))
        client = NotebookClient(nb, km=kernel, timeout=timeout, resources={"metadata": {"path": str(workdir or tmp)}})
        start = time.perf_counter()
        try:
            client.execute(env=env)
        except CellExecutionError as error:
            raise LabFailed(describe_failure(nb, name, error)) from None
        finally:
            # nbclient only shuts down kernels it created itself; a kernel left running keeps
            # PyTorch and the lab's models in memory (~0.6 GB) until this process exits.
            if kernel.has_kernel:
                kernel.shutdown_kernel(now=True)
        return time.perf_counter() - start


def describe_failure(nb, name: str, error: Exception) -> str:
    for index, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                return (
                    f"lab {name!r} failed in cell {index} (0-based, counting markdown cells):\n"
                    f"--- source ---\n{cell.source}\n--- error ---\n{out['ename']}: {out['evalue']}"
                )
    return f"lab {name!r} failed: {error}"


def run_lab(lab: Lab, *, seed: int = 0, fast: bool = False, threads: int | None = None) -> LabRun:
    nb = read_notebook(lab)
    seconds = execute_notebook(nb, name=lab.name, seed=seed, fast=fast, threads=threads)
    nb.metadata["fine-tune-or-not"] = {"lab": lab.name, "seed": seed, "fast": fast, "seconds": round(seconds, 2)}
    return LabRun(lab=lab, seed=seed, fast=fast, seconds=seconds, notebook=nb)


# --- cache: the site reuses an executed notebook only if nothing it depends on changed -----


def dependency_hash(lab: Lab, seed: int, fast: bool, threads: int | None = None) -> str:
    """sha256 over the lab folder, tiny_models (code and checkpoints), the pins, seed, mode and
    PyTorch thread count (it can move the last digits)."""
    digest = hashlib.sha256(f"{seed}/{fast}/{threads or thread_count()}/{sys.version_info[:2]}".encode())
    groups = [
        (lab.folder, sorted(lab.folder.rglob("*"))),
        (
            ROOT,
            sorted((ROOT / "tiny_models").rglob("*"))
            + [ROOT / "requirements.txt", ROOT / "constraints.txt", Path(__file__)],
        ),
    ]
    for base, paths in groups:
        for path in paths:
            # Skip caches and notebooks a learner generated or saved from Jupyter.
            skip = {"__pycache__", ".ipynb_checkpoints"} & set(path.parts) or path.suffix == ".ipynb"
            if path.is_file() and not skip:
                digest.update(str(path.relative_to(base)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def cached_run(
    lab: Lab,
    *,
    seed: int = 0,
    fast: bool = False,
    threads: int | None = None,
    cache_dir: Path = ROOT / ".cache" / "labs",
) -> LabRun:
    """`run_lab`, or its saved result if nothing the run depends on changed since."""
    key = dependency_hash(lab, seed, fast, threads)
    # One file per seed, mode and thread count: a test run on one thread keeps the site's own.
    stem = f"{lab.slug}-seed{seed}-{'fast' if fast else 'normal'}-t{threads or thread_count()}"
    path = cache_dir / f"{stem}-{key}.ipynb"
    if path.exists():
        nb = nbformat.read(path, as_version=4)
        info = nb.metadata["fine-tune-or-not"]
        return LabRun(lab=lab, seed=seed, fast=fast, seconds=info["seconds"], notebook=nb, reused=True)
    run = run_lab(lab, seed=seed, fast=fast, threads=threads)
    cache_dir.mkdir(parents=True, exist_ok=True)
    for stale in cache_dir.glob(f"{stem}-*.ipynb"):
        stale.unlink()
    nbformat.write(run.notebook, path)
    return run
