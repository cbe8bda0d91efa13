"""``python -m labs bench``: each lab's median run time and peak memory over several runs.

Every run is a separate ``python -m labs run NAME --json`` process, so nothing is warm from an
earlier run, and the labs are run in turn (00, 01, ..., 00, 01, ...) so a machine that slows down
for a while slows every lab alike. A run's time is the notebook's execution time, as the lab
pages show it (kernel start included, Python start-up and imports of the command excluded). Its
peak memory is the largest resident set of the process tree, the lab's kernel included (Linux
passes a reaped child's peak to its parent, and the runner reaps its kernel).

``--record`` writes each lab's median (normal mode) into its ``lab.toml`` as
``expected_seconds``: do that from a fresh clone on a quiet 2-core machine, with at least 3 runs.

``--against REV`` times the same labs in another commit of this repository as well (a temporary
git worktree of REV, run with this venv), alternating the two trees run by run and swapping which
goes first every round, so a slow spell of the machine hits both alike: the side-by-side
comparison "is the new lab slower than the old one?" asks for.

``--class N`` times something else: grading a made-up class of N solved notebooks of one lab
(``demo-class``, then ``grade --fast --jobs``), the figure the instructor guide quotes; with
``--record`` it goes into the lab's ``lab.toml`` as a ``[grading]`` table.
"""

from __future__ import annotations

import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from .registry import Lab
from .runner import ROOT


@dataclass
class Timing:
    lab: Lab
    seconds: list[float] = field(default_factory=list)
    peak_mb: list[float] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    def row(self) -> str:
        spread = f"{min(self.seconds):6.1f}-{max(self.seconds):6.1f}"
        return f"{self.lab.name:16s} {self.median:8.1f} s  {spread} s  {max(self.peak_mb):7.0f} MB  ({len(self.seconds)} runs)"


def run_once(lab: Lab, *, seed: int, fast: bool, tree: Path | None = None) -> tuple[float, float]:
    """(seconds, peak MB) of one run of ``lab`` in a fresh process, with the code of ``tree``
    (a checkout of this project; default: this one). ``python -m labs`` started in a folder
    imports that folder's ``labs``, ``labtools`` and ``tiny_models``, and its runner gives the
    kernel the same folder."""
    command = [sys.executable, "-m", "labs", "run", lab.name, "--json", "--seed", str(seed)]
    if fast:
        command.append("--fast")
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        process = subprocess.Popen(command, stdout=out, stderr=err, text=True, cwd=tree)
        # wait4, not Popen.wait: it also returns the process tree's peak memory.
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0), err.seek(0)
        if process.returncode:
            raise RuntimeError(f"{lab.name} failed (exit {process.returncode}):\n{err.read().strip()[-2000:]}")
        seconds = json.loads(out.read().strip().splitlines()[-1])["seconds"]
    return seconds, usage.ru_maxrss / 1024  # Linux reports kilobytes


def bench(labs: list[Lab], *, runs: int, fast: bool, seed: int = 0, log=print) -> list[Timing]:
    timings = [Timing(lab) for lab in labs]
    for round_number in range(1, runs + 1):
        for timing in timings:
            seconds, peak = run_once(timing.lab, seed=seed, fast=fast)
            timing.seconds.append(seconds)
            timing.peak_mb.append(peak)
            log(f"  run {round_number}/{runs}  {timing.lab.name:16s} {seconds:6.1f} s  {peak:6.0f} MB")
    return timings


@contextmanager
def checkout(revision: str) -> Iterator[Path]:
    """A temporary git worktree of ``revision``, removed afterwards. Lab 05's converted real
    model (``.cache/real-models``, not in git) is linked in, so the old tree can run it too."""
    found = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}"],
        capture_output=True,
        text=True,
    )
    if found.returncode:
        raise ValueError(f"--against {revision!r}: not a commit of this repository (see `git log --oneline`)")
    commit = found.stdout.strip()
    with tempfile.TemporaryDirectory(prefix="bench-against-") as tmp:
        tree = Path(tmp) / commit[:12]
        subprocess.run(
            ["git", "-C", str(ROOT), "worktree", "add", "--detach", str(tree), commit], check=True, capture_output=True
        )
        try:
            converted = ROOT / ".cache" / "real-models"
            if converted.is_dir():
                (tree / ".cache").mkdir(exist_ok=True)
                (tree / ".cache" / "real-models").symlink_to(converted)
            yield tree
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tree)], capture_output=True)


def compare(
    labs: list[Lab], *, against: str, runs: int, fast: bool, seed: int = 0, log=print
) -> list[tuple[Timing, Timing]]:
    """(this tree's timing, ``against``'s timing) per lab: runs alternate between the trees,
    and which tree goes first swaps every round."""
    pairs = [(Timing(lab), Timing(lab)) for lab in labs]
    with checkout(against) as old_tree:
        for round_number in range(1, runs + 1):
            for new, old in pairs:
                turns = [(new, None, "this tree"), (old, old_tree, against)]
                for timing, tree, label in turns if round_number % 2 else reversed(turns):
                    seconds, peak = run_once(timing.lab, seed=seed, fast=fast, tree=tree)
                    timing.seconds.append(seconds)
                    timing.peak_mb.append(peak)
                    log(
                        f"  run {round_number}/{runs}  {timing.lab.name:16s} {label:12s} {seconds:6.1f} s  {peak:6.0f} MB"
                    )
    return pairs


def comparison_row(new: Timing, old: Timing, against: str) -> str:
    return (
        f"{new.lab.name:16s} this tree {new.median:6.1f} s, {against} {old.median:6.1f} s: "
        f"{new.median / old.median:.2f}x  (medians of {len(new.seconds)} pairs; peaks {max(new.peak_mb):.0f} "
        f"vs {max(old.peak_mb):.0f} MB)"
    )


def record(timing: Timing) -> None:
    """Write the median into the lab's lab.toml (``expected_seconds = N``, whole seconds)."""
    path = timing.lab.folder / "lab.toml"
    text = path.read_text()
    new, count = re.subn(r"(?m)^expected_seconds\s*=.*$", f"expected_seconds = {round(timing.median)}", text)
    if count != 1:
        raise ValueError(f"{path} has no single 'expected_seconds = N' line to update")
    path.write_text(new)


# --- grading a class ---------------------------------------------------------------------------


@dataclass
class ClassTiming:
    lab: Lab
    students: int
    jobs: int
    seconds: float

    def row(self) -> str:
        minutes, seconds = divmod(round(self.seconds), 60)
        return (
            f"{self.lab.name}: {self.students} fast-mode submissions graded in {minutes} min {seconds:02d} s "
            f"with --jobs {self.jobs} ({self.seconds / self.students:.1f} s per student)"
        )


def bench_class(lab: Lab, *, students: int, jobs: int, log=print) -> ClassTiming:
    """Time ``python -m labs grade`` on a made-up class of ``students`` solved notebooks, as an
    instructor would run it (fast mode, ``--jobs``), from a fresh process with nothing reused."""
    import time

    from .demo_class import write_demo_class

    with tempfile.TemporaryDirectory(prefix="bench-class-") as tmp:
        folder = os.path.join(tmp, "class")
        write_demo_class(lab.name, Path(folder), students)
        command = [
            *(sys.executable, "-m", "labs", "grade", lab.name, os.path.join(folder, "submissions")),
            *("--roster", os.path.join(folder, "roster.csv"), "--out", os.path.join(folder, "grades.csv")),
            *("--fast", "--jobs", str(jobs)),
        ]
        log(f"grading a made-up class of {students} in {folder} ...")
        began = time.perf_counter()
        result = subprocess.run(command, capture_output=True, text=True)
        seconds = time.perf_counter() - began
        if result.returncode:
            raise RuntimeError(f"grading the made-up class failed:\n{(result.stdout + result.stderr)[-2000:]}")
        graded = Path(folder, "grades.csv").read_text().count("\n") - 1
        if graded != students:
            raise RuntimeError(f"expected {students} rows in grades.csv, found {graded}")
    return ClassTiming(lab, students, jobs, seconds)


def record_class(timing: ClassTiming) -> None:
    """Write the timing into the lab's lab.toml as a ``[grading]`` table (whole seconds)."""
    path = timing.lab.folder / "lab.toml"
    text = re.sub(r"(?ms)^# Measured by `python -m labs bench --class.*?(?=^\[|\Z)", "", path.read_text())
    text = re.sub(r"(?ms)^\[grading\]\n(?:[^\[\n][^\n]*\n|\n)*", "", text).rstrip() + "\n"
    text += (
        f"\n# Measured by `python -m labs bench --class {timing.students} --jobs {timing.jobs} --record "
        f"{timing.lab.name}`: the\n# wall time of grading a made-up class (fast mode), quoted by the instructor guide.\n"
        f"[grading]\nstudents = {timing.students}\njobs = {timing.jobs}\nseconds = {round(timing.seconds)}\n"
    )
    path.write_text(text)
