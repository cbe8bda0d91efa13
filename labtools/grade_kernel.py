"""The two kinds of kernel run behind ``python -m labs grade`` (host side; the code that runs
inside the kernels is in_kernel.py).

1. **The submission run** (`run_submission`). The submitted notebook's own code cells, minus its
   ``check`` cells, run in a fresh kernel in a working folder of its own (a new temporary
   folder, which is its current directory and nothing else's), with a time limit for the whole
   notebook and a cap on the output it may print. In place of each check cell the grader
   inserts a *capture* cell: it only reads the value of the answer expression of the lab's
   trusted check (``train_accuracy``, ``copied_ids``, ...) and displays it as plain JSON data
   tagged with a nonce drawn for this run. Nothing the notebook says about its own grade is
   read: not its printed "correct!", not its check outputs, not its recorded results.
2. **The trusted run** (`run_trusted_checks`). The *original* lab, with its reference solutions,
   runs in another fresh kernel for one seed, after every submission's kernel has ended. Before
   each of its check cells the grader replaces ``check_answer`` with a judge that applies the
   check's own ``is_correct`` to every captured answer (plain data, never code) and to the
   reference answer. So the truth is computed by the lab's code only, in a kernel no submission
   has touched.
"""

from __future__ import annotations

import asyncio
import json
import os
import secrets
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from jupyter_client.manager import AsyncKernelManager
from nbclient import NotebookClient
from nbclient.exceptions import CellTimeoutError, DeadKernelError
from nbclient.util import ensure_async

from tiny_models.labkit import ANSWER_MIME, VERDICT_MIME

from .runner import ROOT, LabFailed, describe_failure, kernel_env

OUTPUT_KINDS = {"stream", "display_data", "execute_result", "error", "update_display_data"}
KERNELSPEC = {"name": "python3", "display_name": "Python 3", "language": "python"}


class LocalClient(NotebookClient):
    """nbclient whose kernel talks over local sockets in a private folder, not TCP ports.

    Kernels started side by side (``--jobs``) then never race for a port. The client creates
    its own kernel manager, so nbclient shuts the kernel down after the run (a manager passed
    in with ``km=`` would be left running: a hanging submission would spin on)."""

    def __init__(self, nb, *, sockets: str, **kwargs):
        super().__init__(nb, kernel_name="python3", shutdown_kernel="immediate", **kwargs)
        self.sockets = sockets

    def create_kernel_manager(self):
        self.km = AsyncKernelManager(
            kernel_name="python3", config=self.config, transport="ipc", ip=os.path.join(self.sockets, "kernel")
        )
        return self.km


class GuardedClient(LocalClient):
    """A `LocalClient` with a whole-notebook deadline and a cap on the bytes of output kept."""

    def __init__(self, nb, *, total_timeout: float, output_cap: int, **kwargs):
        super().__init__(nb, timeout_func=self._remaining, interrupt_on_timeout=False, allow_errors=True, **kwargs)
        self.total_timeout, self.output_cap = total_timeout, output_cap
        self.deadline: float | None = None
        self.output_bytes, self.flooded, self.current = 0, False, None

    def _remaining(self, cell) -> int:
        if self.deadline is None:
            self.deadline = time.monotonic() + self.total_timeout
        self.current = cell
        return max(1, int(self.deadline - time.monotonic() + 0.999))

    async def async_execute_cell(self, cell, cell_index, execution_count=None, store_history=True):
        if self.flooded:
            return cell  # stopped: the rest of the notebook is not run
        return await super().async_execute_cell(cell, cell_index, execution_count, store_history)

    def process_message(self, msg, cell, cell_index):
        if msg["msg_type"] in OUTPUT_KINDS:
            self.output_bytes += len(json.dumps(msg["content"], default=str))
            if self.output_bytes > self.output_cap:
                if not self.flooded:
                    self.flooded = True
                    asyncio.ensure_future(ensure_async(self.km.interrupt_kernel()))
                return None
        return super().process_message(msg, cell, cell_index)


def answer_capture_cell(nonce: str, cell: int, expressions: list[str]) -> nbformat.NotebookNode:
    """The stand-in for check ``cell``: it records the value of each of its answer expressions."""
    getters = ", ".join(f"lambda: ({expr})" for expr in expressions)
    source = (
        "from labtools.in_kernel import capture as __grader_capture\n\n"
        f"__grader_capture({ANSWER_MIME!r}, {nonce!r}, {cell}, [{getters}])\n"
    )
    return nbformat.v4.new_code_cell(source, metadata={"grader": {"capture": cell}})


@dataclass
class SubmissionRun:
    status: str  # "ok", "error", "timeout", "output", "kernel died"
    detail: str
    answers: dict[str, dict] = field(default_factory=dict)  # "cell.call" -> {"value"} or {"error"}
    seconds: float = 0.0


def run_submission(
    cells: list[nbformat.NotebookNode],
    *,
    seed: int,
    fast: bool,
    timeout: float,
    output_cap: int,
    expressions: dict[int, list[str]],
    root: Path = ROOT,
    threads: int | None = None,
) -> SubmissionRun:
    """Run ``cells`` (the submission's code cells, with a stand-in cell whose metadata
    ``grader.capture`` is ``k`` where check ``k`` belongs) and read the captured answers.
    ``expressions[k]`` are the answer expressions of check ``k``'s ``check_answer`` calls.
    The kernel imports the project's code from ``root`` (the grader passes its private copy)."""
    nonce = secrets.token_hex(16)
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    for cell in cells:
        if cell.metadata.get("grader", {}).get("capture") is not None:
            k = cell.metadata["grader"]["capture"]
            cell = answer_capture_cell(nonce, k, expressions[k])
        nb.cells.append(cell)
    start = time.perf_counter()
    with (
        tempfile.TemporaryDirectory(prefix="grade-submission-") as workdir,
        tempfile.TemporaryDirectory(prefix="grade-kernel-") as sockets,
    ):
        client = GuardedClient(
            nb, total_timeout=timeout, output_cap=output_cap, sockets=sockets, resources={"metadata": {"path": workdir}}
        )
        status, detail = "ok", ""
        try:
            client.execute(env={**kernel_env(seed, fast, root, threads), "PWD": workdir})
        except CellTimeoutError:
            status, detail = "timeout", f"stopped after the time limit of {timeout:g} s{where(client.current)}"
        except DeadKernelError:
            status, detail = "kernel died", f"the kernel died{where(client.current)}"
        except Exception as error:  # noqa: BLE001 - a broken submission must not stop the grading
            status, detail = "error", f"could not run: {type(error).__name__}: {error}"[:300]
    seconds = time.perf_counter() - start
    if client.flooded:
        status, detail = (
            "output",
            f"printed more than {output_cap / 1e6:g} MB of output{where(client.current)}; stopped there",
        )
    answers: dict[str, dict] = {}
    for cell in nb.cells:
        k = cell.metadata.get("grader", {}).get("capture")
        if k is None:
            continue
        for out in cell.get("outputs", []):
            data = out.get("data", {}).get(ANSWER_MIME)
            if isinstance(data, dict) and data.get("nonce") == nonce and data.get("cell") == k:
                for call, got in enumerate(data.get("answers", [])[: len(expressions[k])]):
                    answers[f"{k}.{call}"] = got if isinstance(got, dict) else {"error": "unreadable"}
                break
    if status == "ok":
        for cell in nb.cells:
            if cell.metadata.get("grader", {}).get("capture") is not None:
                continue
            errors = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
            if errors:
                status = "error"
                detail = f"{errors[0].get('ename')}: {errors[0].get('evalue')}"[:200] + where(cell)
                break
    return SubmissionRun(status, detail, answers, seconds)


def where(cell) -> str:
    index = (cell or {}).get("metadata", {}).get("grader", {}).get("source_cell")
    return f" (in cell {index})" if index is not None else ""


def run_trusted_checks(
    lab_nb,
    check_cells: list[int],
    answers: dict[str, dict],
    *,
    seed: int,
    fast: bool,
    root: Path = ROOT,
    threads: int | None = None,
) -> dict[tuple[int, int], dict]:
    """Run the original lab for ``seed`` and judge ``answers`` (key -> captured answers).

    ``check_cells`` are the indices of the lab's check cells. Returns (check, call) ->
    {"exercise", "results": {key: [status, message]}}, with key "__reference__" the reference.
    Cells after the last check cell are not run: nothing there can change a verdict.
    """
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    with (
        tempfile.TemporaryDirectory(prefix="grade-trusted-") as workdir,
        tempfile.TemporaryDirectory(prefix="grade-kernel-") as sockets,
    ):
        path = Path(workdir) / "answers.json"
        path.write_text(json.dumps(answers), encoding="utf-8")
        nb.cells.append(
            nbformat.v4.new_code_cell(
                "from labtools.in_kernel import judge_factory as __grader_judge_factory\n\n"
                f"__grader_check_for = __grader_judge_factory({VERDICT_MIME!r}, {str(path)!r})\n"
            )
        )
        for index, cell in enumerate(lab_nb.cells[: max(check_cells) + 1]):
            if cell.cell_type != "code":
                continue
            if index in check_cells:
                k = check_cells.index(index)
                nb.cells.append(
                    nbformat.v4.new_code_cell(
                        f"check_answer = __grader_check_for({k})\n"
                        "import tiny_models.labkit as __grader_labkit\n\n"
                        "__grader_labkit.check_answer = check_answer\n"
                    )
                )
            nb.cells.append(nbformat.v4.new_code_cell(cell.source))
        client = LocalClient(nb, timeout=600, sockets=sockets, resources={"metadata": {"path": workdir}})
        try:
            client.execute(env=kernel_env(seed, fast, root, threads))
        except Exception as error:
            raise LabFailed("the trusted run of the lab failed: " + describe_failure(nb, "trusted", error)) from None
    verdicts = {}
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            data = out.get("data", {}).get(VERDICT_MIME)
            if data:
                verdicts[(data["cell"], data["call"])] = data
    return verdicts
