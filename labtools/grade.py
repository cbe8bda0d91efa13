"""Batch grading: ``python -m labs grade LAB SUBMISSIONS_DIR --out grades.csv [--roster FILE]``.

``SUBMISSIONS_DIR`` holds one notebook per student, ``STUDENT.ipynb`` (a ``NN_slug-`` prefix is
ignored), or one folder per student, ``STUDENT/NN_slug.ipynb``. Each submission runs in its own
kernel (see grade_kernel.py for what is and is not trusted); the checks are computed by the
grader from the original lab. The results:

- ``grades.csv``: one row per submission: student, file, seed, status, 1/0 per exercise, total,
  out of, and what went wrong, if anything;
- ``grades-feedback/STUDENT.txt``: each check's message for that student;
- ``grades-work/STUDENT.json``: one record per graded submission, written as soon as it is
  graded. A re-run reuses every record whose submission, seed, lab and limits are unchanged, so
  an interrupted run loses nothing and a finished one gives the same CSV again.

Limits. Submissions are arbitrary code run as your user. The grader defends against a notebook
faking its own grade and detects one that writes into the grading or submission folders (its
row gets status "tampered" and no points), but it is not an operating-system sandbox: for an
untrusted class, run it as a separate user or in a container.
"""

from __future__ import annotations

import ast
import csv
import hashlib
import io
import json
import os
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import nbformat

from .grade_kernel import run_submission, run_trusted_checks
from .handout import CHECK, SEED_TAG, tags
from .registry import Lab, find_lab
from .runner import dependency_hash, read_notebook
from .student import Student

GRADER_VERSION = 1
MAX_SUBMISSION_BYTES = 20_000_000
NO_RUN = {"invalid", "not on roster", "tampered"}  # statuses that earn no points
RAN = {"ok", "error", "timeout", "output", "kernel died"}


@dataclass(frozen=True)
class Check:
    cell: int  # index of the check cell in the lab notebook
    expressions: list[str]  # the answer argument of each check_answer call
    exercises: list[str]  # the exercise name of each call


def lab_checks(lab_nb) -> list[Check]:
    """The lab's check cells and, in each, the ``check_answer(exercise, answer, ...)`` calls."""
    checks = []
    for index, cell in enumerate(lab_nb.cells):
        if cell.cell_type != "code" or CHECK not in tags(cell):
            continue
        calls = [
            node
            for node in ast.walk(ast.parse(cell.source))
            if isinstance(node, ast.Call)
            and getattr(node.func, "id", getattr(node.func, "attr", None)) == "check_answer"
        ]
        calls.sort(key=lambda node: (node.lineno, node.col_offset))
        expressions, exercises = [], []
        for node in calls:
            answer = (
                node.args[1]
                if len(node.args) > 1
                else next((k.value for k in node.keywords if k.arg == "answer"), None)
            )
            if answer is None:
                raise ValueError(f"check cell {index} calls check_answer without an answer argument")
            name = node.args[0] if node.args else next((k.value for k in node.keywords if k.arg == "exercise"), None)
            expressions.append(ast.unparse(answer))
            exercises.append(name.value if isinstance(name, ast.Constant) else f"check {len(checks) + 1}")
        if not calls:
            raise ValueError(f"check cell {index} of the lab does not call check_answer(...)")
        checks.append(Check(index, expressions, exercises))
    return checks


# --- submissions -----------------------------------------------------------------------------


@dataclass
class Submission:
    student: str
    file: str  # relative to the submissions folder
    data: bytes | None  # None: nothing readable (the problem is in `problem`)
    problem: str = ""


def student_id(name: str, lab: Lab) -> str:
    for prefix in (lab.slug + "-", lab.slug + "_", lab.name + "-"):
        if name.startswith(prefix) and len(name) > len(prefix):
            name = name[len(prefix) :]
    return "".join(c if c.isalnum() or c in "._-" else "_" for c in name)[:64] or "unnamed"


def find_submissions(folder: Path, lab: Lab) -> list[Submission]:
    """Every non-hidden file (one student each) and folder (one student each) in ``folder``."""
    found: dict[str, Submission] = {}
    for entry in sorted(folder.iterdir()):
        if entry.name.startswith("."):
            continue
        if entry.is_dir():
            sid = student_id(entry.name, lab)
            notebooks = sorted(p for p in entry.iterdir() if p.suffix == ".ipynb" and not p.name.startswith("."))
            named = [p for p in notebooks if p.stem in (lab.slug, lab.name)]
            chosen = named[:1] or notebooks
            sub = Submission(sid, f"{entry.name}/", None)
            if len(chosen) == 1:
                sub = Submission(sid, f"{entry.name}/{chosen[0].name}", None)
                sub.data, sub.problem = read_capped(chosen[0])
            else:
                sub.problem = "no notebook in the folder" if not chosen else "several notebooks in the folder"
        else:
            sid = student_id(entry.stem, lab)
            sub = Submission(sid, entry.name, None)
            sub.data, sub.problem = read_capped(entry)
        while sub.student in found:  # two files for one student: both graded, told apart
            sub.student += "+"
        found[sub.student] = sub
    return list(found.values())


def read_capped(path: Path) -> tuple[bytes | None, str]:
    if path.stat().st_size > MAX_SUBMISSION_BYTES:
        return None, f"file larger than {MAX_SUBMISSION_BYTES / 1e6:g} MB"
    return path.read_bytes(), ""


def load_cells(data: bytes) -> list:
    """The submission's code cells, or ValueError saying why it is not a gradable notebook."""
    if not data.strip():
        raise ValueError("empty file")
    try:
        raw = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as error:
        raise ValueError(f"not a notebook: not valid JSON ({str(error)[:80]})") from None
    try:
        nb = nbformat.reads(json.dumps(raw), as_version=4)
        cells = [c for c in nb.cells if c.get("cell_type") == "code" and isinstance(c.get("source"), str)]
    except Exception as error:  # noqa: BLE001 - any malformed structure
        raise ValueError(f"not a notebook: {type(error).__name__}: {str(error)[:80]}") from None
    if not any(c.source.strip() for c in cells):
        raise ValueError("empty notebook: no code")
    return cells


def build_cells(cells: list, lab_nb, checks: list[Check]) -> list:
    """The submission's code, its check cells replaced by answer-capture stand-ins.

    The k-th check cell of the submission stands for the lab's k-th check; if the counts differ,
    checks are matched by identical source; a check not found is captured at the end.
    """
    subs = [i for i, c in enumerate(cells) if CHECK in tags(c)]
    if len(subs) == len(checks):
        place = dict(zip(subs, range(len(checks))))
    else:
        place, free = {}, list(subs)
        for k, check in enumerate(checks):
            wanted = lab_nb.cells[check.cell].source.strip()
            match = next((i for i in free if cells[i].source.strip() == wanted), None)
            if match is not None:
                place[match] = k
                free.remove(match)
    out = []
    for i, cell in enumerate(cells):
        if i in place:
            out.append(nbformat.v4.new_code_cell("", metadata={"grader": {"capture": place[i]}}))
        elif CHECK not in tags(cell) and SEED_TAG not in tags(cell):
            out.append(nbformat.v4.new_code_cell(cell.source, metadata={"grader": {"source_cell": i}}))
    for k in sorted(set(range(len(checks))) - set(place.values())):
        out.append(nbformat.v4.new_code_cell("", metadata={"grader": {"capture": k}}))
    return out


# --- the grading run -------------------------------------------------------------------------


def snapshot(roots: list[tuple[Path, bool]]) -> dict[str, tuple]:
    state = {}
    for root, recursive in roots:
        if not root.exists():
            continue
        for path in root.rglob("*") if recursive else root.iterdir():
            try:
                st = path.stat()
            except OSError:
                continue
            state[str(path)] = ("dir",) if path.is_dir() else (st.st_size, st.st_mtime_ns)
    return state


def atomic_write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def grade(
    lab_name: str,
    submissions: Path,
    out: Path,
    *,
    roster: dict[str, Student] | None = None,
    timeout: float = 300,
    fast: bool = False,
    output_cap: int = 2_000_000,
    log=print,
) -> list[dict]:
    lab = find_lab(lab_name)
    lab_nb = read_notebook(lab)  # read once, before any submission runs
    checks = lab_checks(lab_nb)
    columns = [(f"{k}.{j}", name) for k, check in enumerate(checks) for j, name in enumerate(check.exercises)]
    out = out.resolve()
    work, feedback = out.with_name(out.stem + "-work"), out.with_name(out.stem + "-feedback")
    work.mkdir(parents=True, exist_ok=True)
    subs = find_submissions(submissions, lab)
    watched = [(out.parent, False), (work, True), (feedback, True), (submissions.resolve(), True)]
    records: dict[str, dict] = {}

    def save(rec):
        records[rec["student"]] = rec
        atomic_write(work / f"{rec['student']}.json", json.dumps(rec, indent=1, sort_keys=True))

    for sub in subs:
        seed = 0
        if roster is not None:
            seed = roster[sub.student].seed if sub.student in roster else -1
        digest = hashlib.sha256(sub.data or sub.problem.encode()).hexdigest()
        key = f"v{GRADER_VERSION}/{digest}/{seed}/{fast}/{timeout}/{output_cap}/" + (
            dependency_hash(lab, seed, fast) if seed >= 0 else ""
        )
        rec = {"student": sub.student, "file": sub.file, "seed": seed, "key": key, "answers": {}}
        old = work / f"{sub.student}.json"
        if old.exists():
            try:
                kept = json.loads(old.read_text())
                if kept.get("key") == key and kept.get("status") in NO_RUN | RAN:
                    records[sub.student] = kept  # graded, or run and not yet judged
                    continue
            except ValueError:
                pass
        if seed < 0:
            save({**rec, "status": "not on roster", "detail": f"{sub.student!r} is not in the roster"})
            continue
        try:
            cells = load_cells(sub.data) if sub.data is not None else None
            if cells is None:
                raise ValueError(sub.problem)
        except ValueError as error:
            save({**rec, "status": "invalid", "detail": str(error)})
            continue
        log(f"grading {sub.file} (student {sub.student}, seed {seed}) ...")
        before = snapshot(watched)
        run = run_submission(
            build_cells(cells, lab_nb, checks),
            seed=seed,
            fast=fast,
            timeout=timeout,
            output_cap=output_cap,
            expressions={k: c.expressions for k, c in enumerate(checks)},
        )
        after = snapshot(watched)
        changed = sorted(p for p in set(before) | set(after) if before.get(p) != after.get(p))
        if changed:
            for path in changed:  # undo what it added to the grading folders; drop records it touched
                if Path(path).is_file() and (path not in before or Path(path).is_relative_to(work)):
                    Path(path).unlink()
            for kept in records.values():
                atomic_write(work / f"{kept['student']}.json", json.dumps(kept, indent=1, sort_keys=True))
            names = ", ".join(os.path.relpath(p, out.parent) for p in changed[:3])
            save({**rec, "status": "tampered", "detail": f"wrote files outside its working folder: {names}"})
            continue
        save({**rec, "status": run.status, "detail": run.detail, "answers": run.answers})

    by_seed = defaultdict(list)
    for rec in records.values():
        if "verdicts" not in rec and rec["status"] not in NO_RUN:
            local = obvious_verdicts(rec["answers"], columns)
            if local is not None:
                rec["verdicts"] = local
                save(rec)
            else:
                by_seed[rec["seed"]].append(rec)
    for seed, group in sorted(by_seed.items()):
        log(f"checking {len(group)} submission(s) against the lab's own checks, seed {seed} ...")
        verdicts = run_trusted_checks(
            lab_nb, [c.cell for c in checks], {r["student"]: r["answers"] for r in group}, seed=seed, fast=fast
        )
        for data in verdicts.values():
            ref = data["results"]["__reference__"]
            if ref[0] != "pass":
                log(f"warning: the reference solution of {data['exercise']} does not pass at seed {seed}: {ref[1]}")
        for rec in group:
            rec["verdicts"] = {f"{k}.{j}": data["results"][rec["student"]] for (k, j), data in verdicts.items()}
            save(rec)

    rows = [row_of(records[s.student], columns) for s in subs]
    write_results(out, feedback, lab, rows, records, columns)
    return rows


def obvious_verdicts(answers: dict, columns) -> dict | None:
    """Verdicts needing no trusted run (every answer missing, None or unreadable), else None."""
    verdicts = {}
    for key, name in columns:
        got = answers.get(key)
        if got is None:
            verdicts[key] = ["missing", f"{name}: not graded: the notebook stopped before this check."]
        elif "error" in got:
            verdicts[key] = ["not yet", f"{name}: not yet: your answer could not be read ({got['error']})."]
        elif got.get("value", 0) is None:
            verdicts[key] = ["not attempted", f"{name}: not attempted."]
        else:
            return None
    return verdicts


def row_of(rec: dict, columns) -> dict:
    verdicts = {} if rec["status"] in NO_RUN else rec.get("verdicts", {})
    row = {
        "student": rec["student"],
        "file": rec["file"],
        "seed": rec["seed"] if rec["seed"] >= 0 else "",
        "status": rec["status"],
    }
    for key, name in columns:
        row[name] = int(verdicts.get(key, ["missing"])[0] == "pass")
    row["total"] = sum(row[name] for _, name in columns)
    row["out_of"] = len(columns)
    row["detail"] = rec.get("detail", "")
    return row


def write_results(out: Path, feedback: Path, lab: Lab, rows, records, columns) -> None:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]) if rows else ["student"], lineterminator="\n")
    writer.writeheader()
    writer.writerows(sorted(rows, key=lambda r: r["student"]))
    atomic_write(out, buffer.getvalue())
    for row in rows:
        rec = records[row["student"]]
        verdicts = rec.get("verdicts", {})
        lines = [
            f"{lab.title} (lab {lab.name}): feedback for {row['student']}",
            f"file: {row['file']}   seed: {row['seed']}",
            f"score: {row['total']} / {row['out_of']}",
            f"run: {row['status']}" + (f": {row['detail']}" if row["detail"] else ""),
            "",
        ]
        for key, name in columns:
            if rec["status"] in NO_RUN:
                lines.append(f"{name}: not graded ({rec['status']}).")
            else:
                lines.append(verdicts.get(key, ["missing", f"{name}: not graded."])[1])
        atomic_write(feedback / f"{row['student']}.txt", "\n".join(lines) + "\n")
