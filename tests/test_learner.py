"""The learner's own notebooks (`make jupyter`, `python -m labs learner`).

Work is never lost: a second run keeps a saved answer, and a changed lab goes beside the copy.
Exercises are the learner's to solve: no solution runs, each is offered as text after its check,
and Run All with a wrong answer says "not yet", never PASS.
"""

from __future__ import annotations

import json

import nbformat
import pytest
from jupyter_client.manager import KernelManager

from labtools import learner
from labtools.handout import CHECK, EXERCISE, OFFERED_SOLUTION, SOLUTION, kernel_metadata, tags
from labtools.learner import make_learner_copies
from labtools.registry import all_labs, find_lab
from labtools.runner import execute_notebook, read_notebook
from tiny_models.labkit import CHECK_MIME


def exercise_cells(nb):
    return [c for c in nb.cells if EXERCISE in tags(c)]


def test_copies_are_named_by_lab_and_carry_their_metadata(tmp_path):
    report = make_learner_copies(tmp_path)
    assert sorted(p.name for p in report.created) == [f"{lab.slug}.ipynb" for lab in all_labs()]
    assert (tmp_path / "README.md").exists()
    nb = nbformat.read(tmp_path / "00_meet_the_model.ipynb", as_version=4)
    nbformat.validate(nb)
    assert nb.metadata["fine-tune-or-not"]["lab"] == "meet_the_model"
    assert nb.metadata["kernelspec"]["name"] == "python3"


@pytest.mark.parametrize("name", [lab.name for lab in all_labs()])
def test_no_solution_runs_and_each_is_offered_after_its_check(tmp_path, name):
    lab = find_lab(name)
    make_learner_copies(tmp_path, [name])
    nb = nbformat.read(tmp_path / f"{lab.slug}.ipynb", as_version=4)
    solutions = [c.source.strip() for c in read_notebook(lab).cells if SOLUTION in tags(c)]
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    assert solutions and not any(s in code for s in solutions)
    offered = [i for i, c in enumerate(nb.cells) if OFFERED_SOLUTION in tags(c)]
    assert all(
        nb.cells[i].cell_type == "markdown" and "<details><summary>Show a solution" in nb.cells[i].source
        for i in offered
    )
    assert all(CHECK in tags(nb.cells[i - 1]) for i in offered), "a solution is offered right after its check"
    shown = "\n".join(nb.cells[i].source for i in offered)
    assert all(s in shown for s in solutions)
    assert sum(CHECK in tags(c) for c in nb.cells) == sum(CHECK in tags(c) for c in read_notebook(lab).cells)
    for cell in exercise_cells(nb):
        assert "= None" in cell.source and not cell.get("outputs")


def test_answers_survive_a_second_run_and_a_changed_lab_goes_beside(tmp_path, monkeypatch):
    make_learner_copies(tmp_path, ["meet_the_model"])
    mine = tmp_path / "00_meet_the_model.ipynb"
    nb = nbformat.read(mine, as_version=4)
    exercise_cells(nb)[1].source = "copied_ids = 12  # my answer"
    nbformat.write(nb, mine)
    saved = mine.read_bytes()

    again = make_learner_copies(tmp_path, ["meet_the_model"])
    assert again.kept == [mine] and not again.created and not again.updates
    assert mine.read_bytes() == saved

    # The lab changes: the new version is written beside the learner's copy, once.
    original = learner.handout_notebook

    def changed(lab, **kwargs):
        nb = original(lab, **kwargs)
        nb.cells[0].source += "\n\nA new paragraph."
        nb.metadata["fine-tune-or-not"]["version"] = "changed"
        return nb

    monkeypatch.setattr(learner, "handout_notebook", changed)
    update = make_learner_copies(tmp_path, ["meet_the_model"])
    assert [p.name for p in update.updates] == ["00_meet_the_model.update-1.ipynb"]
    assert "A new paragraph." in (tmp_path / "00_meet_the_model.update-1.ipynb").read_text()
    assert make_learner_copies(tmp_path, ["meet_the_model"]).updates == []
    assert mine.read_bytes() == saved
    assert "my answer" in mine.read_text()


def test_an_unreadable_copy_is_left_alone(tmp_path):
    mine = tmp_path / "00_meet_the_model.ipynb"
    mine.write_text("half-written {")
    report = make_learner_copies(tmp_path, ["meet_the_model"])
    assert mine.read_text() == "half-written {"
    assert [p.name for p in report.updates] == ["00_meet_the_model.update-1.ipynb"]


def test_notebook_metadata_matches_the_kernel_jupyterlab_starts():
    """JupyterLab copies the kernel's language_info into the notebook: equal means not dirty."""
    kernel = KernelManager(kernel_name="python3")
    kernel.start_kernel()
    try:
        client = kernel.client()
        client.start_channels()
        client.wait_for_ready(timeout=60)
        reply = client.kernel_info(reply=True, timeout=60)
        client.stop_channels()
    finally:
        kernel.shutdown_kernel(now=True)
    ours = kernel_metadata()
    assert reply["content"]["language_info"] == ours["language_info"]
    assert kernel.kernel_spec.display_name == ours["kernelspec"]["display_name"]
    assert kernel.kernel_spec.language == ours["kernelspec"]["language"]


def verdicts(nb) -> list[tuple[str, str]]:
    return [
        (data["exercise"], data["status"])
        for c in nb.cells
        if c.cell_type == "code"
        for out in c.get("outputs", [])
        if (data := out.get("data", {}).get(CHECK_MIME))
    ]


@pytest.mark.lab
def test_run_all_with_wrong_answers_says_not_yet(tmp_path):
    """The learner's copy of lab 00, run top to bottom with near-miss answers, then re-checked
    with other correct methods than the reference solution's, in the same kernel."""
    make_learner_copies(tmp_path, ["meet_the_model"])
    nb = nbformat.read(tmp_path / "00_meet_the_model.ipynb", as_version=4)
    first, second = exercise_cells(nb)
    first.source = (  # the budgets whose first three digits the reply wrote: the 3-digit copies too
        "replies = generate_replies(model, tokenizer, [ex.query for ex in long_budget])\n"
        "copied_budgets = {budget_of(ex) for ex, r in zip(long_budget, replies) if budget_of(ex)[:5] in r}\n"
    )
    second.source = (
        "words = lambda q: q.split()[q.split().index('order') + 1:][:4]  # always four words\n"
        "replies = generate_replies(model, tokenizer, [ex.query for ex in heldout['order']])\n"
        "copied_ids = {' '.join(words(ex.query)) for ex, r in zip(heldout['order'], replies) if ' '.join(words(ex.query)) in r}"
    )
    checks = [c.source for c in nb.cells if CHECK in tags(c)]
    nb.cells.append(
        nbformat.v4.new_code_cell(  # other correct methods: a list, "under ... dollars", whole numbers as ints
            "budgets = [re.search(r'((?:\\d )*\\d) dollars', ex.query).group(1) for ex in long_budget]\n"
            "replies = generate_replies(model, tokenizer, [ex.query for ex in long_budget])\n"
            "copied_budgets = [b for b, r in zip(budgets, replies) if f'under {b} dollars' in r]\n"
            "ids = [re.search(r'order ((?:\\d )*\\d)', ex.query).group(1) for ex in heldout['order']]\n"
            "replies = generate_replies(model, tokenizer, [ex.query for ex in heldout['order']])\n"
            "copied_ids = {int(i.replace(' ', '')) for i, r in zip(ids, replies)\n"
            "              if re.search(r'(^|[^\\d ]) ?' + i + r'( [^\\d]|$)', r)}\n" + "\n".join(checks)
        )
    )
    nb.cells.append(
        nbformat.v4.new_code_cell(  # the numbers of a reply found by grouping its digit words
            "from itertools import groupby\n"
            "copied_ids = {i for i, r in zip(ids, replies)\n"
            "              if i in [' '.join(g) for digit, g in groupby(r.split(), str.isdigit) if digit]}\n"
            + checks[1]
        )
    )
    execute_notebook(nb, name="learner-00", seed=0, fast=True, workdir=tmp_path)
    assert verdicts(nb) == [
        ("exercise 1", "not yet"),
        ("exercise 2", "not yet"),
        ("exercise 1", "pass"),
        ("exercise 2", "pass"),
        ("exercise 2", "pass"),
    ]
    assert not any(out.get("name") == "stderr" for c in nb.cells for out in c.get("outputs", []))
    json.dumps(nb)  # plain data: the learner's saved file stays a notebook


def test_learner_command_is_quick_and_says_where_to_work(tmp_path):
    """`make jupyter` starts with this command: it must not wait for PyTorch to import."""
    import subprocess
    import sys

    from labtools.runner import ROOT

    probe = subprocess.run(
        [sys.executable, "-c", "import sys, labtools.cli, labtools.learner; print('torch' in sys.modules)"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert probe.stdout.strip() == "False", probe.stderr
    result = subprocess.run(
        [sys.executable, "-m", "labs", "learner", "--out", str(tmp_path / "mine")],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert f"your notebooks are in {tmp_path / 'mine'}" in result.stdout and "00_meet_the_model.ipynb" in result.stdout


@pytest.mark.lab
@pytest.mark.parametrize("name", [lab.name for lab in all_labs()])
def test_a_lab_writes_nothing_to_stderr(lab_run, name):
    """Jupyter shows stderr in red, like an error (a library warning, a progress bar on stderr):
    a lab's run prints none. The run is the session's normal-mode run on the default seed, shared with the site."""
    nb = lab_run(name).notebook
    stderr = [
        (index, out.get("text", "")[:200])
        for index, cell in enumerate(nb.cells)
        if cell.cell_type == "code"
        for out in cell.get("outputs", [])
        if out.get("name") == "stderr"
    ]
    assert not stderr, f"{name}: stderr output in cells {stderr}"
