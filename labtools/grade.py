"""Batch grading: ``python -m labs grade LAB SUBMISSIONS_DIR --out grades.csv [--roster FILE]``.

``SUBMISSIONS_DIR`` holds the notebooks as they came back: in one folder per student, as one
file per student, or as Moodle or Canvas download them (submissions.py says how a notebook is
matched to its student). Each submission runs in its own kernel and working folder (see
grade_kernel.py for what is and is not trusted); the checks are computed by the grader from the
original lab, at the student's seed. The results:

- ``grades.csv``: one row per roster student (status ``missing`` if nothing came back), then one
  per notebook that names no roster student: the roster's own columns, status, points per
  exercise (``[exercises."name"] points`` in the lab's ``lab.toml``, 1 each by default), total,
  out of, seed, file, what went wrong, and the checks' messages;
- ``grades-feedback/FILE.txt``: each check's message for that student (a feedback file of an
  earlier run that this run did not write is removed);
- ``grades-work/FILE.json``: one record per graded submission, written as soon as it is graded.
  A re-run reuses every record whose submission, seed, lab, limits and grader are unchanged
  and whose outcome did not depend on the machine (a time-out, a dead kernel or tampering is
  run again), and says how many it reused;
- with ``--canvas-column``, ``grades-canvas.csv``: the same totals laid out for Canvas's
  gradebook import.

Tampering is detected by what a submission can touch, never by watching a folder you also write
to (a log next to ``grades.csv`` is fine). Before any submission runs, the grader copies the
code the kernels import (the lab, ``tiny_models``, ``labtools``) into a private temporary
folder, and every kernel, the trusted ones included, imports it from there; so editing the
project while grading changes nothing. After each submission's run the grader checks, by
content hash, its own records, every submitted notebook (and that no new one appeared) and that
private copy. A change is undone (records rewritten, notebooks restored, added notebooks moved
to ``grades-quarantine/``) and the submission that made it gets status ``tampered``, no points,
and its row. With ``--jobs N`` the runs overlap, so a change is first blamed on every run in
progress; each of those runs again alone afterwards, so the CSV does not depend on N. A change
to the private copy of the code cannot be trusted away: grading stops there and says which
submission did it.

Limits. Submissions are arbitrary code run as your user. The grader defends against a notebook
faking its own grade and detects one that writes where it is checked, but it is not an
operating-system sandbox: for an untrusted class, run it as a separate user or in a container.
"""

from __future__ import annotations

import ast
import json
import shutil
import threading
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from .grade_report import NO_RUN, build_rows, write_canvas, write_results
from .handout import CHECK, SEED_TAG, tags
from .registry import Lab, find_lab
from .roster import Roster, safe_name
from .submissions import Submission, find_submissions
from .tamper import Guard, atomic_write_bytes, copy_code, sha256

GRADER_VERSION = 2
RAN = {"ok", "error", "timeout", "output", "kernel died"}
# Outcomes that depend on the submission alone. A time-out, a dead kernel (often memory) and
# tampering depend on the machine or on other runs, so their records are never reused.
REUSABLE = {"ok", "error", "output", "invalid"}
MACHINE_ERRORS = ("MemoryError", "OSError", "TimeoutError")  # an "error" caused by the machine
GRADER_FILES = ("grade.py", "grade_kernel.py", "in_kernel.py", "submissions.py", "tamper.py")


class GradingStopped(RuntimeError):
    """A submission changed the project's code: no verdict after that can be trusted."""


# --- the lab's checks ------------------------------------------------------------------------


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
    checks are matched by identical source; a check not found is captured at the end. The
    submission's seed cell is dropped: the grader sets the seed from the roster.
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


@dataclass
class GradeResult:
    rows: list[dict]
    csv: Path
    feedback: Path
    reused: int  # records reused from an earlier run
    ran: int  # submissions run now
    notes: list[str] = field(default_factory=list)
    canvas: Path | None = None


@dataclass
class Options:
    roster: Roster | None = None
    timeout: float = 300
    fast: bool = False
    output_cap: int = 2_000_000
    jobs: int = 1
    keep: str = "newest"
    canvas_column: str | None = None

    @property
    def kernel_threads(self) -> int | None:
        """One PyTorch thread per kernel when kernels run side by side: on a 2-core machine two
        kernels on one thread each finish far sooner than two fighting over two threads each."""
        return 1 if self.jobs > 1 else None


def grader_digest() -> str:
    here = Path(__file__).resolve().parent
    return sha256(b"".join((here / name).read_bytes() for name in GRADER_FILES))[:16]


def grade(lab_name: str, submissions: Path, out: Path, *, log=print, **options) -> GradeResult:
    """Grade every notebook in ``submissions`` against lab ``lab_name``; see the module docstring.

    Options: ``roster``, ``timeout`` (seconds per submission), ``fast``, ``output_cap`` (bytes),
    ``jobs``, ``keep`` ("newest" or "oldest" of a student's notebooks), ``canvas_column``."""
    from .runner import ROOT

    run = ClassRun(find_lab(lab_name), Path(submissions), Path(out).resolve(), Options(**options), log)
    code = copy_code(run.lab, ROOT)
    try:
        return run.grade(code)
    finally:
        shutil.rmtree(code, ignore_errors=True)


class ClassRun:
    """One ``python -m labs grade``: find, run, judge, write."""

    def __init__(self, lab: Lab, submissions: Path, out: Path, options: Options, log):
        from .registry import read_notebook

        self.lab, self.submissions, self.out, self.opt, self.log = lab, submissions, out, options, log
        self.lab_nb = read_notebook(lab)  # read once, before any submission runs
        self.checks = lab_checks(self.lab_nb)
        self.columns = [(f"{k}.{j}", n) for k, c in enumerate(self.checks) for j, n in enumerate(c.exercises)]
        self.points = {name: lab.exercise_points.get(name, 1.0) for _, name in self.columns}
        for name in sorted(set(lab.exercise_points) - set(self.points)):
            log(f"warning: {lab.folder.name}/lab.toml gives points to {name!r}, which no check of the lab names")
        self.work = out.with_name(out.stem + "-work")
        self.feedback = out.with_name(out.stem + "-feedback")
        self.canvas = out.with_name(out.stem + "-canvas.csv") if options.canvas_column else None
        quarantine = out.with_name(out.stem + "-quarantine")
        self.exclude = [out, self.work, self.feedback, quarantine] + ([self.canvas] if self.canvas else [])
        self.records: dict[str, dict] = {}
        self.lock = threading.Lock()

    def record_path(self, student: str) -> Path:
        roster = self.opt.roster
        return self.work / f"{roster[student].file if roster is not None else safe_name(student)}.json"

    def save(self, rec: dict) -> None:
        self.records[rec["student"]] = rec
        data = json.dumps(rec, indent=1, sort_keys=True, ensure_ascii=False).encode("utf-8")
        path = self.record_path(rec["student"])
        atomic_write_bytes(path, data)
        self.guard.wrote(path, data)

    def grade(self, code: Path) -> GradeResult:
        from .grade_kernel import run_trusted_checks
        from .runner import dependency_hash

        opt, log = self.opt, self.log
        self.code = code
        self.work.mkdir(parents=True, exist_ok=True)
        found = find_submissions(self.submissions, self.lab, opt.roster, exclude=self.exclude, keep=opt.keep)
        for note in found.notes:
            log(f"note: {note}")
        self.guard = Guard(
            work=self.work, folder=self.submissions.resolve(), exclude=self.exclude, notebooks=found.every, code=[code]
        )
        grader = grader_digest()
        to_run: list[tuple[Submission, dict, list]] = []
        reused = 0
        for sub in found.graded:
            seed = opt.roster[sub.student].seed if opt.roster is not None else 0
            key = "/".join(
                map(
                    str,
                    [f"v{GRADER_VERSION}", grader, sub.digest, seed, opt.fast, opt.timeout, opt.output_cap]
                    + [dependency_hash(self.lab, seed, opt.fast)],
                )
            )
            rec = {"student": sub.student, "file": sub.file, "seed": seed, "key": key, "answers": {}}
            kept = read_record(self.record_path(sub.student))
            if kept and kept.get("key") == key and reusable(kept):
                self.records[sub.student] = {**kept, "file": sub.file}  # the same notebook may have moved
                reused += 1
                continue
            try:
                if sub.data is None:
                    raise ValueError(sub.problem)
                if sub.meta_lab and sub.meta_lab != self.lab.name:
                    raise ValueError(f"this is the notebook of lab {sub.meta_lab!r}, not of {self.lab.name!r}")
                cells = load_cells(sub.data)
            except ValueError as error:
                self.save({**rec, "status": "invalid", "detail": str(error)})
                continue
            to_run.append((sub, rec, build_cells(cells, self.lab_nb, self.checks)))
        students = len(found.graded) if opt.roster is None else len(opt.roster)
        log(
            f"{len(found.graded)} submission(s) for {students} student(s): reused {reused} record(s) of earlier "
            f"runs (same notebook, seed, lab, limits and grader); {len(to_run)} to run"
            + (f", {opt.jobs} at a time" if opt.jobs > 1 and len(to_run) > 1 else "")
        )
        self.run_all(to_run)
        judge(self, run_trusted_checks)
        rows = build_rows(found, self.records, opt.roster, self.columns, self.points)
        write_results(self.out, self.feedback, self.lab, rows, self.records, self.columns, opt.roster)
        if self.canvas is not None:
            write_canvas(self.canvas, opt.canvas_column, rows, opt.roster)
        return GradeResult(rows, self.out, self.feedback, reused, len(to_run), found.notes, self.canvas)

    def run_all(self, to_run) -> None:
        """Run every submission (``jobs`` at a time), checking after each what it may have touched."""
        self.pending = {sub.student: (sub, rec, cells) for sub, rec, cells in to_run}
        self.since_clean: set[str] = set()  # runs in progress at some point since the last clean check
        self.running: set[str] = set()
        self.again: set[str] = set()  # runs to repeat alone: a change happened while they overlapped
        self.stopped: list[str] = []
        if self.opt.jobs > 1 and len(to_run) > 1:
            with ThreadPoolExecutor(max_workers=self.opt.jobs) as pool:
                for future in [pool.submit(self.run_one, sub.student, alone=False) for sub, _, _ in to_run]:
                    future.result()
        else:
            for sub, _, _ in to_run:
                self.run_one(sub.student, alone=True)
        for student in sorted(self.again):
            self.run_one(student, alone=True)
        if self.stopped:
            raise GradingStopped(
                f"the grader's private copy of the code changed while {', '.join(self.stopped)} ran (see their "
                f"records in {self.work}): nothing judged after that could be trusted, so grading stopped. Move "
                "that submission out of the folder, check that the project's code is as it should be "
                "(git status), and grade again."
            )

    def run_one(self, student: str, *, alone: bool) -> None:
        from .grade_kernel import run_submission

        sub, rec, cells = self.pending[student]
        with self.lock:
            if self.stopped:
                return
            self.running.add(student)
            self.since_clean.add(student)
        self.log(f"grading {sub.file} (student {student}, seed {rec['seed']}) ...")
        run = run_submission(
            cells,
            seed=rec["seed"],
            fast=self.opt.fast,
            timeout=self.opt.timeout,
            output_cap=self.opt.output_cap,
            expressions={k: c.expressions for k, c in enumerate(self.checks)},
            root=self.code,
            threads=self.opt.kernel_threads,
        )
        with self.lock:
            self.running.discard(student)
            changed, code_changed = self.guard.verify()
            suspects = sorted(self.since_clean | {student})
            self.since_clean = set(self.running)
            blamed = [student] if alone or len(suspects) == 1 else suspects
            if code_changed or (changed and len(blamed) == 1):
                detail = "changed files outside its working folder: " + "; ".join(changed[:4])
                for who in blamed:  # a change to the code cannot be undone: nobody runs again
                    self.save({**self.pending[who][1], "status": "tampered", "detail": detail})
                if code_changed:
                    self.stopped = blamed
                return
            if changed:  # several runs overlapped: each runs again alone, at the end
                self.again |= set(suspects)
                self.log(f"files changed while {', '.join(suspects)} ran: each will run again alone")
                return
            if student in self.again and not alone:
                return
            rec = {**rec, "status": run.status, "detail": run.detail, "answers": run.answers}
            if run.status == "error" and run.detail.startswith(MACHINE_ERRORS):
                rec["machine"] = True  # maybe the machine's fault: never reused
            self.save(rec)


def read_record(path: Path) -> dict | None:
    try:
        rec = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return rec if isinstance(rec, dict) else None


def reusable(rec: dict) -> bool:
    """Whether an earlier record's outcome depends on the submission alone (see REUSABLE)."""
    return rec.get("status") in REUSABLE and not rec.get("machine")


def judge(run: ClassRun, run_trusted_checks) -> None:
    """Verdicts for every record that has answers and none yet: one trusted run per seed."""
    by_seed = defaultdict(list)
    for rec in run.records.values():
        if "verdicts" in rec or rec["status"] in NO_RUN:
            continue
        local = obvious_verdicts(rec["answers"], run.columns)
        if local is not None:
            rec["verdicts"] = local
            run.save(rec)
        else:
            by_seed[rec["seed"]].append(rec)
    if not by_seed:
        return
    run.log(f"checking the answers with the lab's own checks: {len(by_seed)} trusted run(s), one per seed ...")

    def one(seed: int):
        answers = {r["student"]: r["answers"] for r in by_seed[seed]}
        cells = [c.cell for c in run.checks]
        return seed, run_trusted_checks(
            run.lab_nb, cells, answers, seed=seed, fast=run.opt.fast, root=run.code, threads=run.opt.kernel_threads
        )

    seeds = sorted(by_seed)
    if run.opt.jobs > 1 and len(seeds) > 1:
        with ThreadPoolExecutor(max_workers=run.opt.jobs) as pool:
            results = list(pool.map(one, seeds))
    else:
        results = [one(seed) for seed in seeds]
    for seed, verdicts in results:
        for data in verdicts.values():
            ref = data["results"]["__reference__"]
            if ref[0] != "pass":
                run.log(f"warning: the reference solution of {data['exercise']} does not pass at seed {seed}: {ref[1]}")
        for rec in by_seed[seed]:
            rec["verdicts"] = {f"{k}.{j}": data["results"][rec["student"]] for (k, j), data in verdicts.items()}
            run.save(rec)


def obvious_verdicts(answers: dict, columns) -> dict | None:
    """Verdicts needing no trusted run (every answer missing, None or unreadable), else None."""
    from tiny_models.labkit import verdict

    verdicts = {}
    for key, name in columns:
        got = answers.get(key)
        if got is None:
            verdicts[key] = ["missing", f"{name}: not graded: the notebook stopped before this check."]
        elif "error" in got:
            verdicts[key] = ["not yet", f"{name}: not yet: your answer could not be read ({got['error']})."]
        elif got.get("value", 0) is None:
            verdicts[key] = list(verdict(name, None, None, ""))
        else:
            return None
    return verdicts
