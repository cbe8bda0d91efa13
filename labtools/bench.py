"""``python -m labs bench``: each lab's median run time and peak memory over several runs.

Every run is a separate ``python -m labs run NAME --json`` process, so nothing is warm from an
earlier run, and the labs are run in turn (00, 01, ..., 00, 01, ...) so a machine that slows down
for a while slows every lab alike. A run's time is the notebook's execution time, as the lab
pages show it (kernel start included, Python start-up and imports of the command excluded). Its
peak memory is the largest resident set of the process tree, the lab's kernel included (Linux
passes a reaped child's peak to its parent, and the runner reaps its kernel).

``--record`` writes each lab's median (normal mode) into its ``lab.toml`` as
``expected_seconds``: do that from a fresh clone on a quiet 2-core machine, with at least 3 runs.

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
from dataclasses import dataclass, field
from pathlib import Path

from .registry import Lab


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


def run_once(lab: Lab, *, seed: int, fast: bool) -> tuple[float, float]:
    """(seconds, peak MB) of one run of ``lab`` in a fresh process."""
    command = [sys.executable, "-m", "labs", "run", lab.name, "--json", "--seed", str(seed)]
    if fast:
        command.append("--fast")
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        process = subprocess.Popen(command, stdout=out, stderr=err, text=True)
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
