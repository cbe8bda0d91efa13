"""Student copies of the labs: ``python -m labs student [LAB ...] --out DIR [--roster FILE]``.

A lab follows the exercise convention: a cell tagged ``exercise`` (the learner's answer, left as
``None``), a cell tagged ``solution`` (the reference solution) and a cell tagged ``check`` (which
calls ``check_answer``). A student copy drops every ``solution`` cell, clears every output and
marks each ``exercise`` cell with a header comment. It runs top to bottom: an exercise left as
``None`` is reported "not attempted" by its check.

With a roster (see roster.py for its format) every student gets a copy whose first cell, tagged
``student-seed``, sets ``LAB_SEED`` before ``lab_settings()`` reads it, so each student's
numbers, and answers, differ; the notebook's metadata carries the student's id and seed, which
is how the grader knows whose a returned notebook is, whatever the file is called. The copies
go to ``DIR/FILE/NN_slug.ipynb`` and ``DIR/FILE.zip``, where FILE is the student's safe file
name (the id itself, or an ASCII spelling of it: see `roster.safe_name`).
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import nbformat

from .handout import handout_notebook
from .registry import Lab, all_labs, find_lab
from .roster import Roster, Student, derived_seed, read_roster  # noqa: F401 - the roster API, from here too

ZIP_DATE = (2024, 1, 1, 0, 0, 0)  # fixed timestamps: the same labs give the same zip


def student_notebook(lab: Lab, seed: int | None = None, student: str | None = None) -> nbformat.NotebookNode:
    """The lab without solutions or outputs; with ``seed``, a first cell that fixes LAB_SEED.

    The same handout as the learner's own copy (see handout.py), minus the offered solutions.
    """
    return handout_notebook(lab, offer_solutions=False, seed=seed, student=student)


def write_zip(path: Path, files: dict[str, Path]) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, file in sorted(files.items()):
            info = zipfile.ZipInfo(name, ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, file.read_bytes())


def make_student_copies(lab_names: list[str], out: Path, roster: Roster | None = None) -> list[Path]:
    """Write the copies and their zip(s) under ``out``; return the zips.

    Without a roster: ``out/NN_slug.ipynb`` for each lab and ``out/student-labs.zip``.
    With one: ``out/FILE/NN_slug.ipynb`` and ``out/FILE.zip`` per student.
    """
    labs = [find_lab(name) for name in lab_names] if lab_names else all_labs()
    out.mkdir(parents=True, exist_ok=True)
    zips = []
    groups: list[tuple[Student | None, Path, Path]] = (
        [(None, out, out / "student-labs.zip")]
        if roster is None
        else [(s, out / s.file, out / f"{s.file}.zip") for s in roster.values()]
    )
    for student, folder, zip_path in groups:
        folder.mkdir(parents=True, exist_ok=True)
        files = {}
        for lab in labs:
            nb = student_notebook(lab, seed=student.seed if student else None, student=student.id if student else None)
            path = folder / f"{lab.slug}.ipynb"
            nbformat.write(nb, path)
            files[path.name] = path
        write_zip(zip_path, files)
        zips.append(zip_path)
    return zips
