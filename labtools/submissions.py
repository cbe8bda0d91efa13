"""Find the submitted notebooks in a folder and tell whose each one is.

Every ``.ipynb`` file under the folder counts (hidden files and folders and Jupyter's
``.ipynb_checkpoints`` are skipped; so are the grader's own outputs if they are inside it). A
notebook names its student in up to two ways:

- **its metadata**: every student copy made with a roster carries its student's id (and seed)
  under the notebook metadata key ``fine-tune-or-not`` (see handout.py). It travels with the
  file whatever the file is called, which is why it is read first;
- **its place in the folder**, which says who handed it in:

  ============ ============================================================ ==================
  layout       example                                                      names
  ============ ============================================================ ==================
  Moodle       ``José Núñez_1234_assignsubmission_file_/00_meet….ipynb``    full name
               (one folder per student, Moodle 3.1 and later; with
               "download submissions in folders" off, the same prefix on
               the file name: ``José Núñez_1234_assignsubmission_file_00_…``)
  Canvas       ``nunezjose_12345_67890_00_meet_the_model.ipynb``            ``lastfirst``
               (``nunezjose_LATE_12345_…`` if late; ``…model-1.ipynb``
               for a resubmission)
  folder       ``ana/00_meet_the_model.ipynb``                              ``ana``
  file         ``ana.ipynb`` or ``00_meet_the_model-ana.ipynb``             ``ana``
  ============ ============================================================ ==================

  These are the download layouts as the LMS source code (Moodle's ``mod/assign``) and
  published tools that unpack Canvas downloads describe them; a name is matched to the roster
  ignoring letter case, accents, punctuation and word order (`roster.name_keys`).

With a roster, the place wins when it names a roster student (the LMS knows who uploaded the
file; a notebook's metadata comes along when a student hands in a classmate's copy), and the
disagreement is reported; otherwise the metadata decides. A notebook neither names is "not on
roster". When one student has several notebooks, the newest (by modification time) is graded
and the others are reported as duplicates.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from .handout import META_KEY
from .registry import Lab
from .roster import Roster, name_keys, words_key

MAX_SUBMISSION_BYTES = 20_000_000
MOODLE_FOLDER = re.compile(r"^(?P<name>.+?)_(?P<uid>\d+)_assignsubmission_[a-z]+_?$")
MOODLE_FILE = re.compile(r"^(?P<name>.+?)_(?P<uid>\d+)_assignsubmission_file_(?P<original>.+)$")
CANVAS_FILE = re.compile(r"^(?P<login>[^_/]+?)(?P<late>_LATE)?_(?P<uid>\d+)_(?P<sid>\d+)_(?P<original>.+)$", re.I)


@dataclass
class Submission:
    """One notebook file and whose it is."""

    path: Path
    file: str  # path relative to the submissions folder, with "/" separators
    data: bytes | None  # None when unreadable (see `problem`)
    digest: str  # sha256 of the bytes read
    mtime: float
    layout: str  # "moodle", "canvas", "folder", "file"
    place_name: str  # the name the place gives ("" if none)
    meta_student: str  # the id in the notebook's metadata ("" if none)
    meta_lab: str  # the lab in the notebook's metadata ("" if none)
    student: str = ""  # the roster id (or, without a roster, the name) it is graded as
    problem: str = ""  # why it cannot be read
    notes: list[str] = field(default_factory=list)  # what the grader wants the instructor to know
    duplicates: list[str] = field(default_factory=list)  # other files of the same student, not graded


def read_capped(path: Path) -> tuple[bytes | None, str]:
    try:
        if path.stat().st_size > MAX_SUBMISSION_BYTES:
            return None, f"file larger than {MAX_SUBMISSION_BYTES / 1e6:g} MB"
        return path.read_bytes(), ""
    except OSError as error:
        return None, f"cannot read the file: {error.strerror or error}"


def notebook_meta(data: bytes | None) -> dict:
    """The ``fine-tune-or-not`` metadata of a notebook, or {} if there is none or no notebook."""
    if not data:
        return {}
    try:
        meta = json.loads(data.decode("utf-8")).get("metadata", {}).get(META_KEY, {})
    except (UnicodeDecodeError, ValueError, AttributeError):
        return {}
    return meta if isinstance(meta, dict) else {}


def place_of(relative: Path, lab: Lab) -> tuple[str, str]:
    """(layout, name) that the notebook's place in the submissions folder gives."""
    parts = relative.parts
    if len(parts) > 1 and (moodle := MOODLE_FOLDER.match(parts[0])):
        return "moodle", moodle["name"].replace("_", " ")
    if moodle := MOODLE_FILE.match(relative.name):
        return "moodle", moodle["name"].replace("_", " ")
    if canvas := CANVAS_FILE.match(relative.name):
        return "canvas", canvas["login"]
    if len(parts) > 1:
        return "folder", parts[0]
    stem = relative.stem
    for prefix in (lab.slug, lab.name):
        for sep in ("-", "_", " "):
            if stem.startswith(prefix + sep) and len(stem) > len(prefix) + 1:
                return "file", stem[len(prefix) + 1 :]
    if words_key(stem) in {words_key(lab.slug), words_key(lab.name)} or words_key(stem).startswith(
        words_key(lab.slug) + " "
    ):
        return "file", ""  # "00_meet_the_model.ipynb", "00_meet_the_model (1).ipynb": names nobody
    return "file", stem


def match_name(name: str, roster: Roster) -> list[str]:
    """Roster ids that ``name`` (from a place in the folder) can stand for."""
    if not name:
        return []
    exact = roster.find(name)
    if exact is not None:
        return [exact.id]
    words = words_key(name)
    squashed = words.replace(" ", "")
    return [s.id for s in roster.values() if words in name_keys(s) or squashed in name_keys(s)]


@dataclass
class Found:
    graded: list[Submission]  # one per student: the one graded
    unmatched: list[Submission]  # notebooks that name no roster student
    every: list[Submission]  # every notebook found, duplicates included
    notes: list[str]  # what the instructor should know: duplicates, conflicts, ignored files


def notebook_paths(folder: Path, exclude: list[Path] = ()) -> list[Path]:
    """Every notebook under ``folder`` that `find_submissions` considers (see the docstring)."""
    return [p for p in candidate_paths(folder, exclude) if p.suffix.lower() == ".ipynb"]


def candidate_paths(folder: Path, exclude: list[Path] = ()) -> list[Path]:
    folder = folder.resolve()
    exclude = [p.resolve() for p in exclude]
    paths = []
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if any(part.startswith(".") for part in relative.parts) or "__MACOSX" in relative.parts:
            continue
        if any(path == ex or path.is_relative_to(ex) for ex in exclude) or path.is_dir():
            continue
        paths.append(path)
    return paths


def find_submissions(
    folder: Path, lab: Lab, roster: Roster | None, *, exclude: list[Path] = (), keep: str = "newest"
) -> Found:
    """One graded submission per student, the notebooks that name no roster student, and what
    the instructor should know (duplicates, conflicts, ignored files)."""
    folder = folder.resolve()
    found: list[Submission] = []
    notes: list[str] = []
    ignored: list[str] = []
    for path in candidate_paths(folder, exclude):
        relative = path.relative_to(folder)
        if path.suffix.lower() != ".ipynb":
            if path.suffix.lower() == ".zip":
                notes.append(f"{relative.as_posix()}: a zip file is not opened; unzip it into the folder first")
            else:
                ignored.append(relative.as_posix())
            continue
        data, problem = read_capped(path)
        meta = notebook_meta(data)
        layout, place_name = place_of(relative, lab)
        found.append(
            Submission(
                path=path,
                file=relative.as_posix(),
                data=data,
                digest=hashlib.sha256(data or b"").hexdigest(),
                mtime=path.stat().st_mtime,
                layout=layout,
                place_name=place_name,
                meta_student=str(meta.get("student", "")).strip(),
                meta_lab=str(meta.get("lab", "")).strip(),
                problem=problem,
            )
        )
    if ignored:
        notes.append(f"ignored {len(ignored)} file(s) that are not notebooks: {', '.join(ignored[:5])}")
    unmatched: list[Submission] = []
    for sub in found:
        if roster is None:
            sub.student = sub.place_name or sub.meta_student or Path(sub.file).stem
            continue
        by_place = match_name(sub.place_name, roster)
        by_meta = [roster[sub.meta_student].id] if sub.meta_student and sub.meta_student in roster else []
        if len(by_place) > 1:
            sub.notes.append(f"the name {sub.place_name!r} fits several students ({', '.join(by_place)})")
            by_place = []
        if by_place:
            sub.student = by_place[0]
            if by_meta and by_meta[0] != sub.student:
                sub.notes.append(f"this notebook was handed out to {by_meta[0]!r}")
        elif by_meta:
            sub.student = by_meta[0]
        else:
            unmatched.append(sub)
            if sub.meta_student:
                sub.notes.append(f"its metadata names {sub.meta_student!r}, who is not on the roster")
    matched = [s for s in found if s.student and s not in unmatched]
    chosen: dict[str, Submission] = {}
    by_student: dict[str, list[Submission]] = {}
    for sub in matched:
        by_student.setdefault(sub.student, []).append(sub)
    for student, subs in by_student.items():
        subs.sort(key=lambda s: (s.mtime, s.file), reverse=keep == "newest")
        best = subs[0]
        best.duplicates = [s.file for s in subs[1:]]
        chosen[student] = best
        if best.duplicates:
            notes.append(
                f"{student}: {len(subs)} notebooks; grading the {keep} by modification time, {best.file}; "
                f"not graded: {', '.join(best.duplicates)}"
            )
    for sub in found:
        for note in sub.notes:
            notes.append(f"{sub.file}: {note}")
    graded = sorted(chosen.values(), key=lambda s: s.student)
    return Found(graded, sorted(unmatched, key=lambda s: s.file), found, notes)
