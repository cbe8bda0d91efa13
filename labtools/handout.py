"""Turn a lab into a handout: a notebook to work in, in which no solution ever runs.

One function, `handout_notebook`, makes both kinds of copy:

- the learner's own copy (``python -m labs learner``, run by ``make jupyter``): each reference
  solution is offered after its check as a collapsed "Show a solution" block of Markdown, so a
  learner who asks can read it, and Run All never solves an exercise;
- the instructor's student copies (``python -m labs student``): solutions are left out.

In both, outputs are cleared, every ``exercise`` cell starts as the lab wrote it (answer
``None``, which its check reports as "not attempted") under a header comment, ``check`` cells
are kept, and the notebook metadata says which lab it is (and, for a student copy, whose).
The kernelspec and language_info match the kernel this project installs, so JupyterLab starts
it without a "Select Kernel" dialog and does not mark the notebook changed on opening.
"""

from __future__ import annotations

import hashlib
import json
import sys

import nbformat

from .registry import Lab, read_notebook

EXERCISE, SOLUTION, CHECK, SEED_TAG = "exercise", "solution", "check", "student-seed"
OFFERED_SOLUTION = "offered-solution"  # tag of the Markdown cell that shows a solution
EXERCISE_HEADER = (
    '# ✏️ EXERCISE: write your answer in this cell (replace None). Left as None, the check below says "not attempted".\n'
)
META_KEY = "fine-tune-or-not"


def tags(cell) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


def kernel_metadata() -> dict:
    """kernelspec and language_info as ipykernel in this environment reports them.

    JupyterLab copies the running kernel's language_info into the notebook; if ours differed,
    every notebook would be marked unsaved the moment it opens.
    """
    version = sys.version.split()[0]
    return {
        "kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
        "language_info": {
            "codemirror_mode": {"name": "ipython", "version": sys.version_info[0]},
            "file_extension": ".py",
            "mimetype": "text/x-python",
            "name": "python",
            "nbconvert_exporter": "python",
            "pygments_lexer": f"ipython{sys.version_info[0]}",
            "version": version,
        },
    }


def fenced(text: str, language: str) -> str:
    """``text`` in a Markdown code fence longer than any run of backticks inside it."""
    fence = "```"
    while fence in text:
        fence += "`"
    return f"{fence}{language}\n{text}\n{fence}"


def offered_solution(sources: list[str]) -> nbformat.NotebookNode:
    """A collapsed Markdown block with the solution code: readable on request, never run."""
    code = "\n\n".join(source.strip() for source in sources)
    text = (
        "<details><summary>Show a solution</summary>\n\n"
        "One way to do it (yours may differ and still pass the check). This block is text, "
        "not code: Run All never runs it; copy it into the exercise cell if you want to.\n\n"
        f"{fenced(code, 'python')}\n\n</details>"
    )
    return nbformat.v4.new_markdown_cell(text, metadata={"tags": [OFFERED_SOLUTION]})


def handout_notebook(
    lab: Lab, *, offer_solutions: bool, seed: int | None = None, student: str | None = None
) -> nbformat.NotebookNode:
    """The lab without executable solutions or outputs (see the module docstring).

    With ``seed``, a first cell (tagged ``student-seed``) fixes ``LAB_SEED`` for that student.
    """
    source = read_notebook(lab)
    nb = nbformat.v4.new_notebook()
    nb.metadata.update(kernel_metadata())
    nb.metadata[META_KEY] = {
        "lab": lab.name,
        "kind": "learner" if offer_solutions else "student",
        **({"student": student} if student else {}),
        **({"seed": seed} if seed is not None else {}),
    }
    if seed is not None:
        nb.cells.append(
            nbformat.v4.new_code_cell(
                f"# Your own variant of this lab{f' ({student})' if student else ''}: keep this cell first and unchanged.\n"
                f'import os\n\nos.environ["LAB_SEED"] = "{seed}"',
                metadata={"tags": [SEED_TAG]},
            )
        )
    pending: list[str] = []  # solutions waiting for the check that follows them
    for cell in source.cells:
        cell_tags = tags(cell)
        if SOLUTION in cell_tags:
            pending.append(cell.source)
            continue
        text = cell.source
        if cell.cell_type == "markdown":
            nb.cells.append(nbformat.v4.new_markdown_cell(text, metadata=dict(cell.metadata)))
            continue
        if EXERCISE in cell_tags and not text.startswith(EXERCISE_HEADER):
            text = EXERCISE_HEADER + text
        nb.cells.append(nbformat.v4.new_code_cell(text, metadata={"tags": cell_tags} if cell_tags else {}))
        if CHECK in cell_tags and pending:
            if offer_solutions:
                nb.cells.append(offered_solution(pending))
            pending = []
    if pending and offer_solutions:  # a solution with no check after it: offer it at the end
        nb.cells.append(offered_solution(pending))
    for index, cell in enumerate(nb.cells):  # stable ids: the same lab gives the same file
        cell["id"] = f"cell-{index:03d}"
    nb.metadata[META_KEY]["version"] = fingerprint(nb)
    return nb


def fingerprint(nb) -> str:
    """A short hash of the cells as handed out: it changes when the lab's text or code does."""
    cells = [[c.cell_type, c.source, tags(c)] for c in nb.cells]
    return hashlib.sha256(json.dumps(cells, ensure_ascii=False).encode()).hexdigest()[:16]
