"""Find the labs: every folder ``labs/NN_slug/`` with a ``lab.toml`` and a ``lab.py``.

``lab.toml`` holds what the listing shows::

    title = "Meet your tiny model"
    purpose = "Load support-base, watch it answer, measure it per task."
    expected_seconds = 15     # normal mode, 2 CPU cores

``lab.py`` is the lab itself, a jupytext percent-format notebook.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

import jupytext

LABS_DIR = Path(__file__).resolve().parent.parent / "labs"


@dataclass(frozen=True)
class Lab:
    slug: str  # "00_meet_the_model"
    name: str  # "meet_the_model", what a user types
    title: str
    purpose: str
    expected_seconds: float
    folder: Path

    @property
    def source(self) -> Path:
        return self.folder / "lab.py"


def all_labs() -> list[Lab]:
    labs = []
    for folder in sorted(LABS_DIR.iterdir()):
        meta_file = folder / "lab.toml"
        if not meta_file.exists():
            continue
        meta = tomllib.loads(meta_file.read_text())
        slug = folder.name
        labs.append(
            Lab(
                slug=slug,
                name=slug.split("_", 1)[1],
                title=meta["title"],
                purpose=meta["purpose"],
                expected_seconds=float(meta["expected_seconds"]),
                folder=folder,
            )
        )
    return labs


def find_lab(name: str) -> Lab:
    """A lab by name ("forgetting"), slug ("01_forgetting") or number ("01")."""
    labs = all_labs()
    for lab in labs:
        if name in (lab.name, lab.slug, lab.slug.split("_", 1)[0]):
            return lab
    valid = ", ".join(lab.name for lab in labs)
    raise LookupError(f"unknown lab {name!r}; valid labs: {valid}")


def read_notebook(lab: Lab):
    """The lab's source as a notebook (nbformat), with the kernel every lab runs in."""
    nb = jupytext.read(lab.source)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    return nb
