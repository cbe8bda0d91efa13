"""The learner's own notebooks, and the JupyterLab that opens them (``make jupyter``).

``python -m labs learner`` writes one notebook per lab into ``my-labs/`` (git-ignored, outside
the tracked sources, never touched by ``make clean``): ``my-labs/00_meet_the_model.ipynb``, ...
Each is the lab's handout (see handout.py): no solution runs, each is offered collapsed after
its check. The file names say which lab a tab is, and the labs' links to each other
(``01_forgetting.ipynb``) are sibling files there, as they are written.

A learner's work is never overwritten. A copy is created once; later runs only add the copies
that are missing. If a lab has changed since a copy was made, the new version is written
beside it (``00_meet_the_model.update-1.ipynb``) and the learner's copy is left as it is.

``python -m labs jupyter`` does the above, then starts JupyterLab in that folder, on
127.0.0.1 only, with its news feed, update check and extension-manager look-ups turned off:
the course works with no network.
"""

from __future__ import annotations

import json
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from .handout import META_KEY, handout_notebook
from .registry import LABS_DIR, Lab, all_labs, find_lab

LEARNER_DIR = LABS_DIR.parent / "my-labs"
# Default settings for the learner's JupyterLab (overrides.json); a learner can still change them.
JUPYTERLAB_SETTINGS = Path(__file__).parent / "jupyterlab_settings"
FOLDER_README = """\
# Your labs

These notebooks are yours: write your answers here and save. `make jupyter` created them
from the labs in `labs/` and will never overwrite them; if a lab changes later, its new
version appears beside your copy as `NN_name.update-1.ipynb`.

Each exercise cell starts as `None` ("not attempted"); the check below it tells you whether
your answer is right, and a collapsed "Show a solution" block follows if you want to compare.
Run All never solves an exercise for you.
"""


@dataclass
class LearnerCopies:
    folder: Path
    created: list[Path] = field(default_factory=list)
    kept: list[Path] = field(default_factory=list)  # the learner's copies, untouched
    updates: list[Path] = field(default_factory=list)  # newer versions written beside a copy

    def summary(self) -> str:
        lines = [f"your notebooks are in {self.folder}"]
        if self.created:
            lines.append("created: " + ", ".join(p.name for p in self.created))
        if self.kept:
            lines.append("kept as they are (your work): " + ", ".join(p.name for p in self.kept))
        for path in self.updates:
            lines.append(f"a newer version of a lab you have: {path.name} (your copy is unchanged)")
        return "\n".join(lines)


def version_of(path: Path) -> str | None:
    """The handout version a notebook was made from, or None if it cannot be read."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))["metadata"][META_KEY]["version"]
    except (OSError, ValueError, KeyError, TypeError):
        return None


def write_new(path: Path, nb) -> None:
    """Write ``nb`` to ``path`` only if no file is there (exclusive create: never overwrites)."""
    with open(path, "x", encoding="utf-8") as handle:
        nbformat.write(nb, handle)


def make_learner_copies(folder: Path = LEARNER_DIR, lab_names: list[str] | None = None) -> LearnerCopies:
    labs: list[Lab] = [find_lab(name) for name in lab_names] if lab_names else all_labs()
    folder.mkdir(parents=True, exist_ok=True)
    report = LearnerCopies(folder)
    if not (folder / "README.md").exists():
        write_readme(folder / "README.md")
    for lab in labs:
        nb = handout_notebook(lab, offer_solutions=True)
        version = nb.metadata[META_KEY]["version"]
        path = folder / f"{lab.slug}.ipynb"
        if not path.exists():
            write_new(path, nb)
            report.created.append(path)
            continue
        report.kept.append(path)
        updates = sorted(folder.glob(f"{lab.slug}.update-*.ipynb"), key=update_number)
        if version in {version_of(p) for p in [path, *updates]}:
            continue  # the learner has this version already
        number = max((update_number(p) for p in updates), default=0) + 1
        update = folder / f"{lab.slug}.update-{number}.ipynb"
        write_new(update, nb)
        report.updates.append(update)
    return report


def update_number(path: Path) -> int:
    match = re.search(r"\.update-(\d+)$", path.stem)
    return int(match.group(1)) if match else 0


def write_readme(path: Path) -> None:
    try:
        with open(path, "x", encoding="utf-8") as handle:
            handle.write(FOLDER_README)
    except FileExistsError:
        pass


# --- JupyterLab --------------------------------------------------------------------------------


def jupyterlab_command(
    folder: Path, *, port: int | None = None, open_browser: bool = True, token: str | None = None
) -> list[str]:
    """The command that serves ``folder`` in JupyterLab on 127.0.0.1, with nothing fetched."""
    command = [
        sys.executable,
        "-m",
        "jupyterlab",
        f"--ServerApp.root_dir={folder}",
        "--ServerApp.ip=127.0.0.1",
        # JupyterLab asks the web for news and new versions, and its extension manager
        # searches PyPI; the course needs none of it and must work offline.
        "--LabApp.news_url=None",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        "--LabApp.extension_manager=readonly",
        # ... and its default settings would still ask "get notified about Jupyter news?"
        f"--LabApp.app_settings_dir={JUPYTERLAB_SETTINGS}",
    ]
    if port is not None:
        command.append(f"--ServerApp.port={port}")
    if not open_browser:
        command.append("--ServerApp.open_browser=False")
    if token is not None:
        command.append(f"--IdentityProvider.token={token}")
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        # Jupyter refuses to run as root unless told to (containers and CI machines often are).
        command.append("--allow-root")
    return command
