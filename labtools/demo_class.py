"""A made-up class to try the grader on: ``python -m labs demo-class LAB --students N --out DIR``.

Writes ``DIR/roster.csv`` (ids ``student01`` ... with seeds derived from them) and
``DIR/submissions/FILE/NN_slug.ipynb``: each student's own copy (the one ``python -m labs
student`` makes, with their id and seed in its metadata) with every exercise cell replaced by
the lab's reference solution, as a student who solved everything would hand it in. Built from
the lab itself, so it follows the lab as it changes; the tests build their fixture class from
the same functions. Then time the grader on it, for example::

    python -m labs demo-class meet_the_model --students 40 --out /tmp/class
    time python -m labs grade meet_the_model /tmp/class/submissions \\
        --roster /tmp/class/roster.csv --out /tmp/class/grades.csv --fast --jobs 2
"""

from __future__ import annotations

from pathlib import Path

import nbformat

from .handout import EXERCISE, SOLUTION, tags
from .registry import Lab, find_lab, read_notebook
from .roster import Roster, Student, read_roster
from .student import student_notebook


def solutions_by_exercise(lab: Lab) -> list[str]:
    """The reference solution of each exercise cell, in order ("" where a lab gives none).

    A ``solution`` cell answers the last ``exercise`` cell before it."""
    answers: list[str] = []
    for cell in read_notebook(lab).cells:
        if EXERCISE in tags(cell):
            answers.append("")
        elif SOLUTION in tags(cell) and answers:
            answers[-1] = (answers[-1] + "\n\n" + cell.source).strip()
    return answers


def filled_copy(lab: Lab, answers: dict[int, str], student: Student | None = None) -> nbformat.NotebookNode:
    """The student copy (``student``'s own, if given) with exercise cell k replaced by answers[k]."""
    nb = student_notebook(lab, seed=student.seed if student else None, student=student.id if student else None)
    exercises = [c for c in nb.cells if EXERCISE in tags(c)]
    for k, source in answers.items():
        exercises[k].source = source
    return nb


def solved_copy(lab: Lab, student: Student | None = None) -> nbformat.NotebookNode:
    """The student copy with every exercise answered by the lab's reference solution."""
    return filled_copy(lab, dict(enumerate(solutions_by_exercise(lab))), student)


def write_demo_class(lab_name: str, out: Path, students: int) -> Roster:
    lab = find_lab(lab_name)
    out.mkdir(parents=True, exist_ok=True)
    width = max(2, len(str(students)))
    ids = [f"student{i:0{width}d}" for i in range(1, students + 1)]
    (out / "roster.csv").write_text("student\n" + "".join(f"{sid}\n" for sid in ids), encoding="utf-8")
    roster = read_roster(out / "roster.csv")
    for student in roster.values():
        path = out / "submissions" / student.file / f"{lab.slug}.ipynb"
        path.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(solved_copy(lab, student), path)
    return roster
