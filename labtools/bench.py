"""``python -m labs bench``: each lab's median run time and peak memory over several runs.

Every run is a separate ``python -m labs run NAME --json`` process, so nothing is warm from an
earlier run, and the labs are run in turn (00, 01, ..., 00, 01, ...) so a machine that slows down
for a while slows every lab alike. A run's time is the notebook's execution time, as the lab
pages show it (kernel start included, Python start-up and imports of the command excluded). Its
peak memory is the largest resident set of the process tree, the lab's kernel included (Linux
passes a reaped child's peak to its parent, and the runner reaps its kernel).

``--record`` writes each lab's median (normal mode) into its ``lab.toml`` as
``expected_seconds``: do that from a fresh clone on a quiet 2-core machine, with at least 3 runs.
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
