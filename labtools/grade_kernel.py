"""The two kinds of kernel run behind ``python -m labs grade``.

1. **The submission run** (`run_submission`). The submitted notebook's own code cells, minus its
   ``check`` cells, run in a fresh kernel with its own temporary working directory, a time limit
   for the whole notebook and a cap on the output it may print. In place of each check cell the
   grader inserts a *capture* cell: it only reads the value of the answer expression of the
   lab's trusted check (``train_accuracy``, ``copied_ids``, ...) and displays it as plain JSON
   data tagged with a nonce drawn for this run. Nothing the notebook says about its own grade is
   read: not its printed "correct!", not its check outputs, not its recorded results.
2. **The trusted run** (`run_trusted_checks`). The *original* lab, with its reference solutions,
   runs in another fresh kernel for one seed. Before each of its check cells the grader replaces
   ``check_answer`` with a judge that applies the check's own ``is_correct`` to every captured
   answer (plain data, never code) and to the reference answer. So the truth is computed by the
   lab's code only, in a kernel no submission has touched.
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
from nbclient import NotebookClient
from nbclient.exceptions import CellTimeoutError, DeadKernelError
from nbclient.util import ensure_async

from .runner import ROOT, LabFailed, describe_failure

ANSWER_MIME = "application/vnd.fine-tune-or-not.answer+json"
VERDICT_MIME = "application/vnd.fine-tune-or-not.verdict+json"
OUTPUT_KINDS = {"stream", "display_data", "execute_result", "error", "update_display_data"}

CAPTURE_CODE = (
    """\
def __grader_capture(nonce, cell, expressions):
    import json, math
    from IPython.display import display

    def enc(v, depth=0):
        if depth > 30:
            raise ValueError("nested too deeply")
        if v is None:
            return None
        if v is Ellipsis:
            return {"__ellipsis__": True}
        if isinstance(v, bool):
            return bool(v)
        if isinstance(v, int):
            return int(v)
        if isinstance(v, float):
            f = float(v)
            return f if math.isfinite(f) else {"__float__": repr(f)}
        if isinstance(v, str):
            return str(v)
        if isinstance(v, list):
            return [enc(x, depth + 1) for x in v]
        if isinstance(v, tuple):
            return {"__tuple__": [enc(x, depth + 1) for x in v]}
        if isinstance(v, (set, frozenset)):
            return {"__set__": [enc(x, depth + 1) for x in v]}
        if isinstance(v, dict):
            return {"__dict__": [[enc(k, depth + 1), enc(x, depth + 1)] for k, x in v.items()]}
        if hasattr(v, "tolist"):  # numpy arrays and scalars, torch tensors
            return enc(v.tolist(), depth + 1)
        raise TypeError(f"an answer of type {type(v).__name__} cannot be graded")

    answers = []
    for get in expressions:
        try:
            text = json.dumps(enc(get()))
            answers.append({"error": "the answer is too large"} if len(text) > 200_000 else {"value": json.loads(text)})
        except Exception as error:
            answers.append({"error": f"{type(error).__name__}: {error}"})
    display({"text/plain": "(answer recorded for grading)",
             "%s": {"nonce": nonce, "cell": cell, "answers": answers}}, raw=True)
"""
    % ANSWER_MIME
)

JUDGE_SETUP = (
    """\
def __grader_setup(path):
    import json
    from IPython.display import display

    with open(path) as handle:
        captured = json.load(handle)

    def dec(v):
        if isinstance(v, list):
            return [dec(x) for x in v]
        if isinstance(v, dict):
            if "__ellipsis__" in v:
                return Ellipsis
            if "__float__" in v:
                return float(v["__float__"])
            if "__tuple__" in v:
                return tuple(dec(x) for x in v["__tuple__"])
            if "__set__" in v:
                return {dec(x) for x in v["__set__"]}
            if "__dict__" in v:
                return {dec(k): dec(x) for k, x in v["__dict__"]}
        return v

    def check_for(cell):
        calls = [0]

        def check_answer(exercise, answer, is_correct, hint):
            call = calls[0]
            calls[0] += 1

            def judge(value, hint=hint):  # the same verdicts as tiny_models.labkit.check_answer
                if value is None or value is Ellipsis:
                    return ["not attempted", f"{exercise}: not attempted."]
                try:
                    passed = bool(is_correct(value))
                except Exception as error:
                    passed, hint = False, f"checking your answer raised {type(error).__name__}: {error}. {hint}"
                return ["pass", f"{exercise}: correct!"] if passed else ["not yet", f"{exercise}: not yet. Hint: {hint}"]

            results = {"__reference__": judge(answer)}
            for key, answers in captured.items():
                got = answers.get(f"{cell}.{call}")
                if got is None:
                    results[key] = ["missing", f"{exercise}: not graded: the notebook stopped before this check."]
                elif "error" in got:
                    results[key] = ["not yet", f"{exercise}: not yet: your answer could not be read ({got['error']})."]
                else:
                    results[key] = judge(dec(got["value"]))
            display({"text/plain": f"(graded {exercise})",
                     "%s": {"cell": cell, "call": call, "exercise": exercise, "results": results}}, raw=True)

        return check_answer

    return check_for
"""
    % VERDICT_MIME
)


def kernel_env(seed: int, fast: bool, home: str | None = None) -> dict[str, str]:
    env = {
        **os.environ,
        "LAB_SEED": str(seed),
        "LAB_FAST": "1" if fast else "0",
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
        "TQDM_DISABLE": "1",
        "MPLBACKEND": "module://matplotlib_inline.backend_inline",
    }
    if home:
        env["PWD"] = home
    return env


class GuardedClient(NotebookClient):
    """nbclient with a whole-notebook deadline and a cap on the bytes of output kept.

    The client creates its own kernel manager, so nbclient shuts the kernel down after the run
    (a kernel manager passed in with ``km=`` is left running: a hanging submission would spin on)."""

    def __init__(self, nb, *, total_timeout: float, output_cap: int, **kwargs):
        super().__init__(
            nb,
            timeout_func=self._remaining,
            interrupt_on_timeout=False,
            allow_errors=True,
            shutdown_kernel="immediate",
            **kwargs,
        )
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
    getters = ", ".join(f"lambda: ({expr})" for expr in expressions)
    source = f"{CAPTURE_CODE}\n__grader_capture({nonce!r}, {cell}, [{getters}])\n"
    return nbformat.v4.new_code_cell(source, metadata={"grader": {"capture": cell}})


@dataclass
class SubmissionRun:
    status: str  # "ok", "error", "timeout", "output", "kernel died"
    detail: str
    answers: dict[str, dict] = field(default_factory=dict)  # "cell.call" -> {"value"} or {"error"}


def run_submission(
    cells: list[nbformat.NotebookNode],
    *,
    seed: int,
    fast: bool,
    timeout: float,
    output_cap: int,
    expressions: dict[int, list[str]],
) -> SubmissionRun:
    """Run ``cells`` (the submission's code cells, with a stand-in cell whose metadata
    ``grader.capture`` is ``k`` where check ``k`` belongs) and read the captured answers.
    ``expressions[k]`` are the answer expressions of check ``k``'s ``check_answer`` calls."""
    nonce = secrets.token_hex(16)
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    for cell in cells:
        if cell.metadata.get("grader", {}).get("capture") is not None:
            k = cell.metadata["grader"]["capture"]
            cell = answer_capture_cell(nonce, k, expressions[k])
        nb.cells.append(cell)
    with tempfile.TemporaryDirectory(prefix="grade-") as tmp:
        client = GuardedClient(
            nb,
            total_timeout=timeout,
            output_cap=output_cap,
            kernel_name="python3",
            resources={"metadata": {"path": tmp}},
        )
        status, detail = "ok", ""
        try:
            client.execute(env=kernel_env(seed, fast, home=tmp))
        except CellTimeoutError:
            status, detail = "timeout", f"stopped after the time limit of {timeout:g} s{where(client.current)}"
        except DeadKernelError:
            status, detail = "kernel died", f"the kernel died{where(client.current)}"
        except Exception as error:  # noqa: BLE001 - a broken submission must not stop the grading
            status, detail = "error", f"could not run: {type(error).__name__}: {error}"[:300]
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
    return SubmissionRun(status, detail, answers)


def where(cell) -> str:
    index = (cell or {}).get("metadata", {}).get("grader", {}).get("source_cell")
    return f" (in cell {index})" if index is not None else ""


def run_trusted_checks(
    lab_nb, check_cells: list[int], answers: dict[str, dict], *, seed: int, fast: bool
) -> dict[tuple[int, int], dict]:
    """Run the original lab for ``seed`` and judge ``answers`` (key -> captured answers).

    ``check_cells`` are the indices of the lab's check cells. Returns (check, call) ->
    {"exercise", "results": {key: [status, message]}}, with key "__reference__" the reference.
    """
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    with tempfile.TemporaryDirectory(prefix="grade-trusted-") as tmp:
        (Path(tmp) / "answers.json").write_text(json.dumps(answers))
        nb.cells.append(
            nbformat.v4.new_code_cell(
                JUDGE_SETUP + f"\n__grader_check_for = __grader_setup({str(Path(tmp) / 'answers.json')!r})\n"
            )
        )
        for index, cell in enumerate(lab_nb.cells):
            if cell.cell_type != "code":
                continue
            if index in check_cells:
                k = check_cells.index(index)
                nb.cells.append(
                    nbformat.v4.new_code_cell(
                        f"check_answer = __grader_check_for({k})\n"
                        "import tiny_models.labkit as __grader_labkit\n__grader_labkit.check_answer = check_answer\n"
                    )
                )
            nb.cells.append(nbformat.v4.new_code_cell(cell.source))
        client = NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": tmp}})
        try:
            client.execute(env=kernel_env(seed, fast))
        except Exception as error:
            raise LabFailed("the trusted run of the lab failed: " + describe_failure(nb, "trusted", error)) from None
    verdicts = {}
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            data = out.get("data", {}).get(VERDICT_MIME)
            if data:
                verdicts[(data["cell"], data["call"])] = data
    return verdicts
