"""Student copies of the labs: ``python -m labs student [LAB ...] --out DIR [--roster FILE]``.

A lab follows the exercise convention: a cell tagged ``exercise`` (the learner's answer, left as
``None``), a cell tagged ``solution`` (the reference solution) and a cell tagged ``check`` (which
recomputes the truth and calls ``check_answer``). A student copy drops every ``solution`` cell,
clears every output and marks each ``exercise`` cell with a header comment. It runs top to bottom:
an exercise left as ``None`` is reported "not attempted" by its check.

With a roster (CSV with a ``student`` column and an optional ``seed`` column) every student gets
a copy whose first cell, tagged ``student-seed``, sets ``LAB_SEED`` before ``lab_settings()``
reads it, so each student's numbers, and answers, differ. A missing seed is derived from the
student id (`derived_seed`), the same for every lab.
"""

from __future__ import annotations

import csv
import hashlib
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

import nbformat

from .handout import handout_notebook
from .registry import Lab, all_labs, find_lab

ZIP_DATE = (2024, 1, 1, 0, 0, 0)  # fixed timestamps: the same labs give the same zip


# --- roster ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Student:
    id: str
    seed: int


STUDENT_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")


def derived_seed(student_id: str) -> int:
    """A seed in 1..9999 from the id alone (seed 0 is the published answer key's)."""
    return 1 + int(hashlib.sha256(student_id.encode()).hexdigest(), 16) % 9999


def read_roster(path: Path) -> dict[str, Student]:
    """``student[,seed]`` rows (header required; ``id`` is accepted for ``student``)."""
    with open(path, newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        fields = [f.strip().lower() for f in reader.fieldnames or []]
        key = "student" if "student" in fields else "id" if "id" in fields else None
        if key is None:
            raise ValueError(f"{path}: the roster needs a header with a 'student' column (and optionally 'seed')")
        roster: dict[str, Student] = {}
        for line, row in enumerate(reader, start=2):
            row = {k.strip().lower(): (v or "").strip() for k, v in row.items() if k}
            sid = row.get(key, "")
            if not sid:
                continue
            if not STUDENT_ID.match(sid):
                raise ValueError(f"{path}:{line}: student id {sid!r} must be letters, digits, '.', '_' or '-'")
            if sid in roster:
                raise ValueError(f"{path}:{line}: student {sid!r} appears twice")
            raw = row.get("seed", "")
            try:
                seed = int(raw) if raw else derived_seed(sid)
            except ValueError:
                raise ValueError(f"{path}:{line}: seed {raw!r} is not a whole number") from None
            roster[sid] = Student(sid, seed)
    if not roster:
        raise ValueError(f"{path}: the roster lists no students")
    return roster


# --- student copies --------------------------------------------------------------------------


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


def make_student_copies(lab_names: list[str], out: Path, roster: dict[str, Student] | None = None) -> list[Path]:
    """Write the copies and their zip(s) under ``out``; return the zips.

    Without a roster: ``out/NN_slug.ipynb`` for each lab and ``out/student-labs.zip``.
    With one: ``out/STUDENT/NN_slug.ipynb`` and ``out/STUDENT.zip`` per student.
    """
    labs = [find_lab(name) for name in lab_names] if lab_names else all_labs()
    out.mkdir(parents=True, exist_ok=True)
    zips = []
    groups = (
        [(None, out, out / "student-labs.zip")]
        if roster is None
        else [(s, out / s.id, out / f"{s.id}.zip") for s in roster.values()]
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
