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

from .registry import Lab, find_lab, all_labs
from .runner import read_notebook

EXERCISE, SOLUTION, CHECK, SEED_TAG = "exercise", "solution", "check", "student-seed"
EXERCISE_HEADER = ("# ✏️ EXERCISE: write your answer in this cell (replace None). "
                   "Left as None, the check below says \"not attempted\".\n")
META_KEY = "fine-tune-or-not"
ZIP_DATE = (2024, 1, 1, 0, 0, 0)  # fixed timestamps: the same labs give the same zip


def tags(cell) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


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
    """The lab without solutions or outputs; with ``seed``, a first cell that fixes LAB_SEED."""
    source = read_notebook(lab)
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = source.metadata["kernelspec"]
    nb.metadata["language_info"] = {"name": "python"}
    nb.metadata[META_KEY] = {"lab": lab.name, **({"student": student} if student else {}),
                             **({"seed": seed} if seed is not None else {})}
    if seed is not None:
        nb.cells.append(nbformat.v4.new_code_cell(
            f"# Your own variant of this lab{f' ({student})' if student else ''}: keep this cell first and unchanged.\n"
            f"import os\n\nos.environ[\"LAB_SEED\"] = \"{seed}\"", metadata={"tags": [SEED_TAG]}))
    for cell in source.cells:
        cell_tags = tags(cell)
        if SOLUTION in cell_tags:
            continue
        text = cell.source
        if cell.cell_type == "markdown":
            nb.cells.append(nbformat.v4.new_markdown_cell(text, metadata=dict(cell.metadata)))
            continue
        if EXERCISE in cell_tags and not text.startswith(EXERCISE_HEADER):
            text = EXERCISE_HEADER + text
        nb.cells.append(nbformat.v4.new_code_cell(text, metadata={"tags": cell_tags} if cell_tags else {}))
    for index, cell in enumerate(nb.cells):  # stable ids: the same lab gives the same file
        cell["id"] = f"cell-{index:03d}"
    return nb


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
    groups = ([(None, out, out / "student-labs.zip")] if roster is None else
              [(s, out / s.id, out / f"{s.id}.zip") for s in roster.values()])
    for student, folder, zip_path in groups:
        folder.mkdir(parents=True, exist_ok=True)
        files = {}
        for lab in labs:
            nb = student_notebook(lab, seed=student.seed if student else None,
                                  student=student.id if student else None)
            path = folder / f"{lab.slug}.ipynb"
            nbformat.write(nb, path)
            files[path.name] = path
        write_zip(zip_path, files)
        zips.append(zip_path)
    return zips
